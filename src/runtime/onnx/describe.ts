/**
 * Reads what a runner needs to know from a user's .onnx file (inputs and outputs with dims, opsets,
 * node and weight counts) without a protobuf library: the few ModelProto fields involved are
 * walked with the same wire reader the writer is tested against.
 */
import { DATA_TYPE_NAMES } from './proto/onnx.ts';
import type { InputFill, InputSpec } from './feeds.ts';
import { decodeString, ProtoDecodeError, readFields, readPackedVarints, toSigned, WIRE_LEN, WIRE_VARINT, type ProtoField } from './proto/wire.ts';

export class OnnxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxFormatError';
  }
}

export interface OnnxValueDescription {
  name: string;
  /** 'float32', 'int64', ... or 'unknown(N)' */
  dtype: string;
  /** numbers are fixed sizes, strings symbolic axes, null an axis with neither */
  dims: (number | string | null)[];
}

export interface OnnxDescription {
  irVersion: number;
  producer: string;
  opsets: { domain: string; version: number }[];
  /** the default-domain opset, 0 if the file names none */
  opset: number;
  graphName: string;
  inputs: OnnxValueDescription[];
  outputs: OnnxValueDescription[];
  nodeCount: number;
  opTypes: Record<string, number>;
  initializerCount: number;
  /** elements in initializers (an upper bound on parameters: includes constant tables) */
  initializerElements: number;
  /** bytes held inline in the file; tensors stored as external data are counted in externalTensors */
  initializerBytes: number;
  externalTensors: number;
  metadata: Record<string, string>;
}

const ELEMENT_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2, 17: 1, 18: 1, 19: 1, 20: 1, 21: 0.5, 22: 0.5 };

function fields(buf: Uint8Array, what: string): ProtoField[] {
  try {
    return [...readFields(buf)];
  } catch (e) {
    if (e instanceof ProtoDecodeError) throw new OnnxFormatError(`not a valid ONNX file: ${what} is malformed (${e.message})`);
    throw e;
  }
}

function packed(buf: Uint8Array, what: string): bigint[] {
  try {
    return readPackedVarints(buf);
  } catch {
    throw new OnnxFormatError(`not a valid ONNX file: dims of initializer '${what}' are malformed`);
  }
}

function expectWire(f: ProtoField, wire: number, what: string): void {
  if (f.wire !== wire) throw new OnnxFormatError(`not a valid ONNX file: ${what} (field ${f.field}) has wire type ${f.wire}, expected ${wire}`);
}

function valueInfo(buf: Uint8Array, what: string): OnnxValueDescription {
  const out: OnnxValueDescription = { name: '', dtype: 'unknown', dims: [] };
  for (const f of fields(buf, what)) {
    if (f.field === 1 && f.wire === WIRE_LEN) out.name = decodeString(f.bytes);
    if (f.field !== 2 || f.wire !== WIRE_LEN) continue;
    for (const t of fields(f.bytes, `${what} type`)) {
      if (t.field !== 1 || t.wire !== WIRE_LEN) {
        if (t.wire === WIRE_LEN) out.dtype = 'non-tensor';
        continue;
      }
      for (const tt of fields(t.bytes, `${what} tensor type`)) {
        if (tt.field === 1 && tt.wire === WIRE_VARINT) out.dtype = DATA_TYPE_NAMES[Number(tt.value)] ?? `unknown(${tt.value})`;
        if (tt.field === 2 && tt.wire === WIRE_LEN) {
          for (const d of fields(tt.bytes, `${what} shape`)) {
            if (d.field !== 1 || d.wire !== WIRE_LEN) continue;
            let dim: number | string | null = null;
            for (const v of fields(d.bytes, `${what} dim`)) {
              if (v.field === 1 && v.wire === WIRE_VARINT) dim = toSigned(v.value);
              if (v.field === 2 && v.wire === WIRE_LEN) dim = decodeString(v.bytes);
            }
            out.dims.push(dim);
          }
        }
      }
    }
  }
  return out;
}

export function describeOnnx(bytes: Uint8Array | ArrayBuffer, fileName = 'the file'): OnnxDescription {
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (buf.length === 0) throw new OnnxFormatError(`${fileName} is empty`);
  const where = (msg: string) => new OnnxFormatError(`${fileName}: ${msg}`);
  let top: ProtoField[];
  try {
    top = fields(buf, 'ModelProto');
  } catch (e) {
    throw where((e as Error).message);
  }
  const d: OnnxDescription = {
    irVersion: 0, producer: '', opsets: [], opset: 0, graphName: '', inputs: [], outputs: [], nodeCount: 0, opTypes: {},
    initializerCount: 0, initializerElements: 0, initializerBytes: 0, externalTensors: 0, metadata: {},
  };
  let graph: Uint8Array | undefined;
  try {
    for (const f of top) {
      if (f.field === 1) {
        expectWire(f, WIRE_VARINT, 'ir_version');
        d.irVersion = Number(f.value);
      } else if (f.field === 2 && f.wire === WIRE_LEN) d.producer = decodeString(f.bytes);
      else if (f.field === 7) {
        expectWire(f, WIRE_LEN, 'graph');
        graph = f.bytes;
      } else if (f.field === 8) {
        expectWire(f, WIRE_LEN, 'opset_import');
        const o = { domain: '', version: 0 };
        for (const g of fields(f.bytes, 'opset_import')) {
          if (g.field === 1 && g.wire === WIRE_LEN) o.domain = decodeString(g.bytes);
          if (g.field === 2 && g.wire === WIRE_VARINT) o.version = Number(g.value);
        }
        d.opsets.push(o);
      } else if (f.field === 14 && f.wire === WIRE_LEN) {
        let key = '';
        let value = '';
        for (const g of fields(f.bytes, 'metadata_props')) {
          if (g.field === 1 && g.wire === WIRE_LEN) key = decodeString(g.bytes);
          if (g.field === 2 && g.wire === WIRE_LEN) value = decodeString(g.bytes);
        }
        d.metadata[key] = value;
      }
    }
    if (d.irVersion <= 0 || d.irVersion > 100) throw new OnnxFormatError(`not a valid ONNX file: ir_version ${d.irVersion} is missing or implausible`);
    if (!graph) throw new OnnxFormatError('not a valid ONNX file: ModelProto has no graph');
    d.opset = d.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? 0;

    const initializerNames = new Set<string>();
    const declaredInputs: OnnxValueDescription[] = [];
    for (const f of fields(graph, 'graph')) {
      if (f.wire !== WIRE_LEN) continue;
      if (f.field === 1) {
        d.nodeCount++;
        let opType = '';
        let domain = '';
        for (const n of fields(f.bytes, `node ${d.nodeCount}`)) {
          if (n.field === 4 && n.wire === WIRE_LEN) opType = decodeString(n.bytes);
          if (n.field === 7 && n.wire === WIRE_LEN) domain = decodeString(n.bytes);
        }
        const key = domain && domain !== 'ai.onnx' ? `${domain}.${opType}` : opType;
        d.opTypes[key] = (d.opTypes[key] ?? 0) + 1;
      } else if (f.field === 2) d.graphName = decodeString(f.bytes);
      else if (f.field === 5) {
        d.initializerCount++;
        let name = '';
        let elements = 1;
        let dataType = 0;
        let raw = 0;
        let external = false;
        for (const t of fields(f.bytes, `initializer ${d.initializerCount}`)) {
          if (t.field === 1) {
            if (t.wire === WIRE_VARINT) elements *= toSigned(t.value);
            else for (const v of packed(t.bytes, name)) elements *= toSigned(v);
          }
          if (t.field === 2 && t.wire === WIRE_VARINT) dataType = Number(t.value);
          if (t.field === 8 && t.wire === WIRE_LEN) name = decodeString(t.bytes);
          if (t.field === 9 && t.wire === WIRE_LEN) raw = t.bytes.length;
          if (t.field === 14 && t.wire === WIRE_VARINT && t.value === 1n) external = true;
        }
        initializerNames.add(name);
        d.initializerElements += elements;
        if (external) d.externalTensors++;
        else d.initializerBytes += raw || elements * (ELEMENT_BYTES[dataType] ?? 0);
      } else if (f.field === 11) declaredInputs.push(valueInfo(f.bytes, 'graph input'));
      else if (f.field === 12) d.outputs.push(valueInfo(f.bytes, 'graph output'));
    }
    // Before IR 4 initializers were also listed as graph inputs; they are not feeds.
    d.inputs = declaredInputs.filter((i) => !initializerNames.has(i.name));
  } catch (e) {
    if (e instanceof OnnxFormatError) throw where(e.message);
    throw e;
  }
  return d;
}

/**
 * Feed specs for a user's model, so makeFeeds can drive it: dynamic axes already named like
 * makeFeeds' axes (batch, seq, past_seq, new_tokens) keep their names; otherwise the first dynamic
 * axis is read as 'batch' and any other as 'seq'; int64 inputs named like masks are all ones, other int64 inputs
 * are token ids below `vocab`, float32 inputs are N(0, 1). Other input types are refused by name.
 */
const FEED_AXES = ['batch', 'seq', 'past_seq', 'new_tokens'];

export function inputSpecsFromOnnx(d: OnnxDescription, options: { vocab?: number } = {}): InputSpec[] {
  return d.inputs.map((input) => {
    const shape = input.dims.map((dim, axis) => {
      if (typeof dim === 'number' && dim > 0) return dim;
      if (typeof dim === 'string' && FEED_AXES.includes(dim)) return dim;
      return axis === 0 ? 'batch' : 'seq';
    });
    if (input.dtype === 'float32') return { name: input.name, dtype: 'float32', shape, fill: { kind: 'normal', std: 1 } };
    if (input.dtype === 'int64') {
      const fill: InputFill = /mask/i.test(input.name) ? { kind: 'ones' } : /type|position|segment/i.test(input.name) ? { kind: 'zeros' } : { kind: 'token_ids', vocab: options.vocab ?? 1000 };
      return { name: input.name, dtype: 'int64', shape, fill };
    }
    throw new OnnxFormatError(`input '${input.name}' has type ${input.dtype}; feeds can be made for float32 and int64 inputs only`);
  });
}
