/**
 * The shareable view state: everything a link reproduces. The page's view store (src/ui/stores/view.ts)
 * holds exactly this shape; the codec (codec.ts) turns it into URL parameters and back.
 */
import {
  FIELDS, METRIC_FIELDS, PLATFORMS, PRECISIONS, SOURCES,
  type Platform, type Precision, type Source,
} from '../schema/record.ts';

/** Bumped whenever the URL format changes; older versions are migrated in codec.ts. */
export const SHARE_VERSION = 1;

export interface Filters {
  model: string[];
  hardware: string[];
  precision: Precision[];
  source: Source[];
  platform: Platform[];
  batch: number[];
}

export type FilterKey = keyof Filters;
export const FILTER_KEYS: readonly FilterKey[] = ['model', 'hardware', 'precision', 'source', 'platform', 'batch'];

/** Options the views read; each view uses the ones it needs, and they carry over between views. */
export interface ViewOptions {
  /** Metric column shown (a METRIC_FIELDS name). */
  metric: string;
  /** Hardware every other hardware is compared against, or null for none. */
  baseline: string | null;
  /** The model a view focuses on (e.g. batch scaling of one model), or null. */
  model: string | null;
  /** The batch size a view focuses on, or null. */
  batch: number | null;
  /** Column names for the x, y and colour axes of scatter-like views. */
  x: string;
  y: string;
  /** Depth axis of the 3-D view. */
  z: string;
  color: string;
  /** Sequence lengths a view asks about (the Predict view's query grid); empty for the view's default. */
  seqs: number[];
}

export interface Camera {
  /** Azimuth, radians in [-pi, pi]. */
  theta: number;
  /** Polar angle, radians in [0, pi]. */
  phi: number;
  /** Distance from the target, > 0. */
  r: number;
  target: [number, number, number];
}

export interface ShareState {
  /** View id, as in src/ui/views/registry.ts. */
  v: string;
  f: Filters;
  o: ViewOptions;
  /** Selected items (configuration keys, point ids); what each id means is up to the view. */
  sel: string[];
  /** 3-D view camera, or null for the view's own default. */
  cam: Camera | null;
  /** Short content hash of the data set the link was made on (see hash.ts), or null. */
  ds: string | null;
}

export const DEFAULT_VIEW = 'data';

export function emptyFilters(): Filters {
  return { model: [], hardware: [], precision: [], source: [], platform: [], batch: [] };
}

export function defaultOptions(): ViewOptions {
  return { metric: 'latency_ms', baseline: null, model: null, batch: null, x: 'batch_size', y: 'latency_ms', z: 'seq_len', color: 'hardware', seqs: [] };
}

export function defaultState(): ShareState {
  return { v: DEFAULT_VIEW, f: emptyFilters(), o: defaultOptions(), sel: [], cam: null, ds: null };
}

export const LIMITS = {
  /** Longest free-text value (model, hardware, selection id) kept from a link. */
  stringLength: 200,
  /** Most values kept per list. */
  listLength: 200,
  batchMin: 1,
  batchMax: 1_048_576,
  cameraRadiusMin: 1e-3,
  cameraRadiusMax: 1e6,
  cameraTargetAbs: 1e6,
  /** Longest view id. */
  viewIdLength: 32,
  /** Longest compressed part read back, in characters (caps inflation work on hostile links). */
  compressedLength: 16_384,
  /** Largest inflated payload, in bytes. */
  inflatedBytes: 262_144,
} as const;

export const ENUMS = {
  precision: PRECISIONS,
  source: SOURCES,
  platform: PLATFORMS,
  metric: METRIC_FIELDS,
  /** Axis columns: any record field; extra user columns must look like identifiers (see isAxisColumn). */
  axis: FIELDS.map((f) => f.name),
} as const;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Known record fields, or an extra column named like an SQL identifier. */
export function isAxisColumn(name: string): boolean {
  return ENUMS.axis.includes(name) || IDENTIFIER.test(name);
}

export function isMetric(name: string): boolean {
  return ENUMS.metric.includes(name);
}

const VIEW_ID = /^[a-z][a-z0-9-]{0,31}$/;

export function isViewIdShape(id: string): boolean {
  return VIEW_ID.test(id);
}
