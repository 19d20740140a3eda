/**
 * Versioned codec between ShareState and URL parameters. Short keys, defaults omitted, long lists
 * deflated into one `z` parameter. decodeState never throws: anything it cannot use falls back to
 * the default and leaves a plain-text warning (warnings are never markup; the UI renders them as text).
 */
import { deflateSync, inflateSync } from 'fflate';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { findJsonDepthExcess } from '../json-depth.ts';
import {
  DEFAULT_VIEW, ENUMS, LIMITS, SHARE_VERSION, defaultOptions, defaultState, emptyFilters,
  isAxisColumn, isMetric, isViewIdShape,
  type Camera, type Filters, type ShareState, type ViewOptions,
} from './state.ts';

/** URL keys, kept short; changing one means a new SHARE_VERSION and a migration. */
export const KEYS = {
  version: 's',
  view: 'v',
  dataset: 'ds',
  model: 'fm',
  hardware: 'fh',
  precision: 'fp',
  source: 'fs',
  platform: 'fl',
  batch: 'fb',
  metric: 'm',
  baseline: 'bh',
  selectedModel: 'sm',
  selectedBatch: 'b',
  x: 'x',
  y: 'y',
  zAxis: 'zx',
  color: 'c',
  sequenceLengths: 'sq',
  selection: 'sel',
  camera: 'cam',
  compressed: 'z',
} as const;

const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.values(KEYS));
/**
 * One-shot parameters another part of the app reads from the address it was opened with (the Run
 * view's `plan` and `autostart`); they are not view state, so they are skipped without a warning.
 */
const LAUNCH_KEYS: ReadonlySet<string> = new Set(['plan', 'autostart']);
/** Lists that can be long and free-text; they move into `z` when the link would get long. */
const COMPRESSIBLE = [KEYS.model, KEYS.hardware, KEYS.selection] as const;

export interface EncodeOptions {
  /** Above this many characters of free-text lists, those lists are deflated into `z`. */
  compressOver?: number;
}

export interface DecodeOptions {
  /** View ids that exist; an unknown one falls back to defaultView with a warning. */
  viewIds?: readonly string[];
  defaultView?: string;
}

export interface DecodeResult {
  state: ShareState;
  warnings: string[];
}

const MAX_PARAMS = 64;
const MAX_RAW_LENGTH = 65_536;

/** Commas separate list items; an item's own commas and percent signs are escaped first. */
function escapeItem(item: string): string {
  return item.replace(/%/g, '%25').replace(/,/g, '%2C');
}

function unescapeItem(item: string): string {
  return item.replace(/%2C/gi, ',').replace(/%25/g, '%');
}

/** encodeURIComponent throws on lone surrogates; replace them so encoding never fails. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function encodeComponent(text: string): string {
  return encodeURIComponent(wellFormed(text)).replace(/%2C/g, ',');
}

function formatNumber(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function encodeState(state: ShareState, options: EncodeOptions = {}): string {
  const compressOver = options.compressOver ?? 512;
  const defaults = defaultState();
  const plain: [string, string][] = [[KEYS.version, String(SHARE_VERSION)]];
  const put = (key: string, value: string) => plain.push([key, value]);
  const list = (items: readonly (string | number)[]) => items.map((i) => escapeItem(String(i))).join(',');

  if (state.v !== defaults.v) put(KEYS.view, state.v);
  if (state.ds) put(KEYS.dataset, state.ds);

  const freeText: Record<string, string[]> = {
    [KEYS.model]: state.f.model,
    [KEYS.hardware]: state.f.hardware,
    [KEYS.selection]: state.sel,
  };
  const freeTextLength = COMPRESSIBLE.reduce((n, k) => n + list(freeText[k]).length, 0);
  const compress = freeTextLength > compressOver;
  if (!compress) {
    if (state.f.model.length) put(KEYS.model, list(state.f.model));
    if (state.f.hardware.length) put(KEYS.hardware, list(state.f.hardware));
  }
  if (state.f.precision.length) put(KEYS.precision, list(state.f.precision));
  if (state.f.source.length) put(KEYS.source, list(state.f.source));
  if (state.f.platform.length) put(KEYS.platform, list(state.f.platform));
  if (state.f.batch.length) put(KEYS.batch, list(state.f.batch));

  const o = state.o;
  const d = defaults.o;
  if (o.metric !== d.metric) put(KEYS.metric, o.metric);
  if (o.baseline !== null) put(KEYS.baseline, escapeItem(o.baseline));
  if (o.model !== null) put(KEYS.selectedModel, escapeItem(o.model));
  if (o.batch !== null) put(KEYS.selectedBatch, String(o.batch));
  if (o.x !== d.x) put(KEYS.x, o.x);
  if (o.y !== d.y) put(KEYS.y, o.y);
  if (o.z !== d.z) put(KEYS.zAxis, o.z);
  if (o.color !== d.color) put(KEYS.color, o.color);
  if (o.seqs.length) put(KEYS.sequenceLengths, list(o.seqs));
  if (!compress && state.sel.length) put(KEYS.selection, list(state.sel));
  if (state.cam) {
    const c = state.cam;
    put(KEYS.camera, [Math.atan2(Math.sin(c.theta), Math.cos(c.theta)), c.phi, c.r, ...c.target].map(formatNumber).join(','));
  }
  if (compress) {
    const payload: Record<string, string[]> = {};
    for (const k of COMPRESSIBLE) if (freeText[k].length) payload[k] = freeText[k].map(wellFormed);
    const bytes = new TextEncoder().encode(JSON.stringify(payload));
    put(KEYS.compressed, toBase64Url(deflateSync(bytes, { level: 9 })));
  }
  return plain.map(([k, v]) => `${k}=${k === KEYS.compressed ? v : encodeComponent(v)}`).join('&');
}

/** True when the state differs from the defaults anywhere a link would record. */
export function isDefaultState(state: ShareState): boolean {
  return encodeState({ ...state, ds: null }) === encodeState(defaultState());
}

type Warn = (message: string) => void;

/** Quotes untrusted text for a warning: shortened, control characters shown as escapes. */
export function describeValue(raw: string): string {
  const short = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return JSON.stringify(short);
}

function splitList(raw: string): string[] {
  return raw === '' ? [] : raw.split(',').map(unescapeItem);
}

function textList(items: readonly unknown[], label: string, warn: Warn): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (typeof item !== 'string') { warn(`Ignored a non-text ${label} value in the link.`); continue; }
    if (item === '') continue;
    if (item.length > LIMITS.stringLength) {
      warn(`Ignored a ${label} value longer than ${LIMITS.stringLength} characters.`);
      continue;
    }
    if (seen.has(item)) continue;
    if (out.length >= LIMITS.listLength) {
      warn(`Kept the first ${LIMITS.listLength} ${label} values of the link; dropped the rest.`);
      break;
    }
    seen.add(item);
    out.push(item);
  }
  return out;
}

function enumList<T extends string>(items: readonly string[], allowed: readonly T[], label: string, warn: Warn): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (item === '') continue;
    if (!(allowed as readonly string[]).includes(item)) {
      warn(`Ignored unknown ${label} ${describeValue(item)} (allowed: ${allowed.join(', ')}).`);
      continue;
    }
    if (!out.includes(item as T)) out.push(item as T);
  }
  return out;
}

function parseBatch(raw: string, label: string, warn: Warn): number | null {
  if (!/^\d{1,16}$/.test(raw)) {
    warn(`Ignored ${label} ${describeValue(raw)}: not a whole number.`);
    return null;
  }
  const n = Number(raw);
  const clamped = Math.min(LIMITS.batchMax, Math.max(LIMITS.batchMin, n));
  if (clamped !== n) warn(`${label} ${n} is out of range; used ${clamped}.`);
  return clamped;
}

function batchList(items: readonly string[], warn: Warn, label = 'batch size'): number[] {
  const out: number[] = [];
  for (const item of items) {
    if (item === '') continue;
    const n = parseBatch(item, label, warn);
    if (n !== null && !out.includes(n) && out.length < LIMITS.listLength) out.push(n);
  }
  return out;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function parseCamera(raw: string, warn: Warn): Camera | null {
  const parts = raw.split(',');
  const nums = parts.map((p) => (/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(p) ? Number(p) : Number.NaN));
  if (nums.length !== 6 || nums.some((n) => !Number.isFinite(n))) {
    warn(`Ignored camera ${describeValue(raw)}: expected six numbers (theta, phi, r, x, y, z).`);
    return null;
  }
  const [theta, phi, r, tx, ty, tz] = nums;
  const t = LIMITS.cameraTargetAbs;
  const cam: Camera = {
    theta: Math.atan2(Math.sin(theta), Math.cos(theta)),
    phi: clamp(phi, 0, Math.PI),
    r: clamp(r, LIMITS.cameraRadiusMin, LIMITS.cameraRadiusMax),
    target: [clamp(tx, -t, t), clamp(ty, -t, t), clamp(tz, -t, t)],
  };
  // A wrapped azimuth is the same view (orbit controls let it run past ±pi), so only clamps warn.
  if (cam.phi !== phi || cam.r !== r || cam.target.some((v, i) => v !== nums[3 + i])) {
    warn('Camera values were out of range and have been brought into range.');
  }
  cam.theta = Number(formatNumber(cam.theta));
  return cam;
}

function inflateCompressed(raw: string, warn: Warn): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  if (raw.length > LIMITS.compressedLength) {
    warn(`Ignored the compressed part of the link: longer than ${LIMITS.compressedLength} characters.`);
    return out;
  }
  const bytes = fromBase64Url(raw);
  if (!bytes) {
    warn('Ignored the compressed part of the link: it is not valid base64url.');
    return out;
  }
  let json: unknown;
  try {
    const buffer = new Uint8Array(LIMITS.inflatedBytes);
    const inflated = inflateSync(bytes, { out: buffer });
    if (inflated.length >= LIMITS.inflatedBytes) throw new Error('too large');
    const text = new TextDecoder('utf-8', { fatal: false }).decode(inflated);
    if (findJsonDepthExcess(text, 16)) throw new Error('nested too deeply');
    json = JSON.parse(text);
  } catch {
    warn('Ignored the compressed part of the link: it could not be decompressed or read.');
    return out;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    warn('Ignored the compressed part of the link: unexpected content.');
    return out;
  }
  for (const key of Object.keys(json)) {
    const value: unknown = Object.getOwnPropertyDescriptor(json, key)?.value;
    if (!(COMPRESSIBLE as readonly string[]).includes(key) || !Array.isArray(value)) {
      warn(`Ignored unknown entry ${describeValue(key)} in the compressed part of the link.`);
      continue;
    }
    out.set(key, value);
  }
  return out;
}

/** Reads raw parameters into an ordered list of [key, value]; never throws. */
function readParams(params: string | URLSearchParams, warn: Warn): [string, string][] {
  let text = typeof params === 'string' ? params : params.toString();
  if (text.length > MAX_RAW_LENGTH) {
    warn(`The link is longer than ${MAX_RAW_LENGTH} characters; only its beginning was read.`);
    text = text.slice(0, MAX_RAW_LENGTH);
  }
  text = text.replace(/^[?#]/, '');
  const entries: [string, string][] = [];
  for (const [k, v] of new URLSearchParams(text)) {
    if (entries.length >= MAX_PARAMS) {
      warn(`The link has more than ${MAX_PARAMS} parameters; the rest were ignored.`);
      break;
    }
    entries.push([k, v]);
  }
  return entries;
}

/**
 * Version 0 links are the first app shell's `#/<view>` routes: they carry only the view. Each
 * migration turns version n parameters into version n + 1 parameters.
 */
const MIGRATIONS: Record<number, (entries: [string, string][], warn: Warn) => [string, string][]> = {
  0: (entries, warn) => entries.filter(([k]) => {
    if (k === KEYS.view) return true;
    warn(`Ignored ${describeValue(k)}: version 0 links carry only the view.`);
    return false;
  }),
};

function readVersion(entries: [string, string][], warn: Warn): number {
  const raw = entries.find(([k]) => k === KEYS.version)?.[1];
  if (raw === undefined) return SHARE_VERSION;
  if (!/^\d{1,6}$/.test(raw)) {
    warn(`Unreadable link version ${describeValue(raw)}; read as version ${SHARE_VERSION}.`);
    return SHARE_VERSION;
  }
  const n = Number(raw);
  if (n > SHARE_VERSION) {
    warn(`This link was made by a newer Perfcast (format version ${n}); read as version ${SHARE_VERSION}, some settings may be lost.`);
    return SHARE_VERSION;
  }
  if (n < SHARE_VERSION && !(n in MIGRATIONS)) {
    warn(`Link format version ${n} is no longer supported; showing defaults.`);
    return -1;
  }
  return n;
}

export function decodeState(params: string | URLSearchParams, options: DecodeOptions = {}): DecodeResult {
  const warnings: string[] = [];
  const warn: Warn = (m) => { if (warnings.length < 50 && !warnings.includes(m)) warnings.push(m); };
  const fallbackView = options.defaultView ?? DEFAULT_VIEW;
  try {
    return { state: decodeInto(params, options, fallbackView, warn), warnings };
  } catch {
    warn('The link could not be read; showing defaults.');
    return { state: { ...defaultState(), v: fallbackView }, warnings };
  }
}

function decodeInto(params: string | URLSearchParams, options: DecodeOptions, fallbackView: string, warn: Warn): ShareState {
  const state = defaultState();
  state.v = fallbackView;
  let entries = readParams(params, warn);
  const version = readVersion(entries, warn);
  if (version < 0) return state;
  entries = entries.filter(([k]) => k !== KEYS.version);
  for (let v = version; v < SHARE_VERSION; v++) entries = MIGRATIONS[v](entries, warn);

  const seen = new Set<string>();
  const values = new Map<string, string>();
  for (const [k, v] of entries) {
    if (LAUNCH_KEYS.has(k)) continue;
    if (!KNOWN_KEYS.has(k)) {
      warn(`Ignored unknown link parameter ${describeValue(k)}.`);
      continue;
    }
    if (seen.has(k)) {
      warn(`Link parameter ${describeValue(k)} appears more than once; used the first.`);
      continue;
    }
    seen.add(k);
    values.set(k, v);
  }

  const compressed = values.has(KEYS.compressed) ? inflateCompressed(values.get(KEYS.compressed)!, warn) : new Map<string, unknown[]>();
  const freeText = (key: string): unknown[] => {
    const fromZ = compressed.get(key);
    const plain = values.has(key) ? splitList(values.get(key)!) : [];
    return fromZ ? [...plain, ...fromZ] : plain;
  };

  const view = values.get(KEYS.view);
  if (view !== undefined) {
    const known = options.viewIds ? options.viewIds.includes(view) : isViewIdShape(view);
    if (known) state.v = view;
    else warn(`The link names a view that does not exist (${describeValue(view)}); showing ${describeValue(fallbackView)}.`);
  }

  const ds = values.get(KEYS.dataset);
  if (ds !== undefined) {
    if (/^[0-9a-f]{4,32}$/.test(ds)) state.ds = ds;
    else warn(`Ignored data set hash ${describeValue(ds)}: not a hexadecimal hash.`);
  }

  const f: Filters = emptyFilters();
  f.model = textList(freeText(KEYS.model), 'model', warn);
  f.hardware = textList(freeText(KEYS.hardware), 'hardware', warn);
  f.precision = enumList(splitList(values.get(KEYS.precision) ?? ''), ENUMS.precision, 'precision', warn);
  f.source = enumList(splitList(values.get(KEYS.source) ?? ''), ENUMS.source, 'source', warn);
  f.platform = enumList(splitList(values.get(KEYS.platform) ?? ''), ENUMS.platform, 'platform', warn);
  f.batch = batchList(splitList(values.get(KEYS.batch) ?? ''), warn);
  state.f = f;
  state.sel = textList(freeText(KEYS.selection), 'selection', warn);

  const o: ViewOptions = defaultOptions();
  const metric = values.get(KEYS.metric);
  if (metric !== undefined) {
    if (isMetric(metric)) o.metric = metric;
    else warn(`Unknown metric ${describeValue(metric)}; showing ${o.metric}.`);
  }
  const single = (key: string, label: string): string | null => {
    const raw = values.get(key);
    if (raw === undefined) return null;
    const [item] = textList([unescapeItem(raw)], label, warn);
    return item ?? null;
  };
  o.baseline = single(KEYS.baseline, 'baseline hardware');
  o.model = single(KEYS.selectedModel, 'selected model');
  const b = values.get(KEYS.selectedBatch);
  if (b !== undefined) o.batch = parseBatch(b, 'selected batch size', warn);
  o.seqs = batchList(splitList(values.get(KEYS.sequenceLengths) ?? ''), warn, 'sequence length');
  for (const [key, axis] of [[KEYS.x, 'x'], [KEYS.y, 'y'], [KEYS.zAxis, 'z'], [KEYS.color, 'color']] as const) {
    const raw = values.get(key);
    if (raw === undefined) continue;
    if (isAxisColumn(raw)) o[axis] = raw;
    else warn(`Ignored ${axis === 'color' ? 'colour' : axis} axis ${describeValue(raw)}: not a column name.`);
  }
  state.o = o;

  const cam = values.get(KEYS.camera);
  if (cam !== undefined) state.cam = parseCamera(cam, warn);
  return state;
}
