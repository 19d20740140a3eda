/**
 * Normalizers for the record's categorical fields: the spellings other tools use for a
 * precision, a platform, a mode or a source, mapped onto the record's canonical values.
 * A spelling is only mapped where it means one thing; 'gpu' is not a platform (CUDA? ROCm?
 * Metal?), so it is reported rather than guessed.
 */
import { MODES, PLATFORMS, PRECISIONS, SOURCES, type Mode, type Platform, type Precision, type Source } from './record.ts';

/** Lower case, every run of characters other than letters and digits removed. */
function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const PRECISION_ALIASES: Record<string, Precision> = {
  fp32: 'fp32', float32: 'fp32', f32: 'fp32', '32': 'fp32', float: 'fp32', single: 'fp32',
  fp16: 'fp16', float16: 'fp16', f16: 'fp16', '16': 'fp16', half: 'fp16',
  bf16: 'bf16', bfloat16: 'bf16', bfloat: 'bf16',
  fp8: 'fp8', float8: 'fp8', f8: 'fp8', fp8e4m3: 'fp8', fp8e5m2: 'fp8', e4m3: 'fp8', e5m2: 'fp8',
  float8e4m3: 'fp8', float8e4m3fn: 'fp8', float8e5m2: 'fp8', fp8e4m3fn: 'fp8',
  int8: 'int8', i8: 'int8', qint8: 'int8', '8': 'int8', uint8: 'int8', quint8: 'int8', q8: 'int8',
  int4: 'int4', i4: 'int4', qint4: 'int4', '4': 'int4', uint4: 'int4', q4: 'int4',
};

const PLATFORM_ALIASES: Record<string, Platform> = {
  cpu: 'cpu', x86: 'cpu', x8664: 'cpu', amd64: 'cpu', arm64: 'cpu', aarch64: 'cpu',
  cuda: 'cuda', tensorrt: 'cuda', trt: 'cuda',
  rocm: 'rocm', hip: 'rocm', migraphx: 'rocm',
  mps: 'mps', metal: 'mps',
  openvino: 'openvino',
  qnn: 'qnn',
  wasm: 'wasm', webassembly: 'wasm',
  webgpu: 'webgpu',
  webnn: 'webnn',
  tpu: 'tpu', npu: 'npu', mcu: 'mcu', microcontroller: 'mcu', fpga: 'fpga', asic: 'asic',
};

const MODE_ALIASES: Record<string, Mode> = {
  inference: 'inference', infer: 'inference', eval: 'inference', predict: 'inference', serving: 'inference',
  training: 'training', train: 'training',
};

const SOURCE_ALIASES: Record<string, Source> = Object.fromEntries(SOURCES.map((s) => [s, s]));

/** A Map lookup with the value squashed first, so 'FP-16', 'Float16' and 'float_16' all match. */
function lookup<T>(aliases: Record<string, T>, text: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(aliases, text) ? aliases[text] : aliasOrUndefined(aliases, squash(text));
}

function aliasOrUndefined<T>(aliases: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(aliases, key) ? aliases[key] : undefined;
}

export function normalizePrecision(text: string): Precision | undefined {
  return lookup(PRECISION_ALIASES, text);
}

/** ONNX Runtime execution provider names ('CUDAExecutionProvider') map to their platform too. */
export function normalizePlatform(text: string): Platform | undefined {
  const direct = lookup(PLATFORM_ALIASES, text);
  if (direct) return direct;
  const key = squash(text).replace(/executionprovider$|ep$/, '');
  return aliasOrUndefined(PLATFORM_ALIASES, key);
}

export function normalizeMode(text: string): Mode | undefined {
  return lookup(MODE_ALIASES, text);
}

export function normalizeSource(text: string): Source | undefined {
  return lookup(SOURCE_ALIASES, text);
}

/** Canonical values per categorical field, for error messages. */
export const ALLOWED_VALUES: Readonly<Record<string, readonly string[]>> = {
  precision: PRECISIONS,
  platform: PLATFORMS,
  mode: MODES,
  source: SOURCES,
};

export const CATEGORY_NORMALIZERS: Readonly<Record<string, (text: string) => string | undefined>> = {
  precision: normalizePrecision,
  platform: normalizePlatform,
  mode: normalizeMode,
  source: normalizeSource,
};

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO 8601 date or date-time to the canonical `YYYY-MM-DDTHH:MM:SS.sssZ`. A value without
 * an offset is read as UTC (never as the local time of whoever imports it). Precision beyond
 * milliseconds is dropped. Returns undefined for anything else.
 */
export function normalizeTimestamp(text: string): string | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const ms = frac ? frac.slice(1, 4).padEnd(3, '0') : '000';
  let offset = 'Z';
  if (zone && zone.toUpperCase() !== 'Z') offset = zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const time = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  if (Number.isNaN(time)) return undefined;
  const iso = new Date(time).toISOString();
  // Date.parse rolls 2024-02-30 over to March; a date that does not exist is an error, not a guess.
  if (offset === 'Z' && iso.slice(0, 10) !== `${y}-${mo}-${d}`) return undefined;
  return iso;
}
