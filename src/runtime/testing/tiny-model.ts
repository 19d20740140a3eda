/**
 * A tiny real ONNX model, y = Relu(x @ W + b) with x: [batch, 4], written straight in the protobuf
 * wire format. Tests of the runners use it so they need neither the model zoo nor big weights.
 */

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return bytes;
}

const textEncoder = new TextEncoder();

function field(number: number, wireType: 0 | 2, payload: number | Uint8Array | string | number[]): number[] {
  const key = varint((number << 3) | wireType);
  if (wireType === 0) return [...key, ...varint(payload as number)];
  const bytes = typeof payload === 'string' ? textEncoder.encode(payload) : payload instanceof Uint8Array ? payload : Uint8Array.from(payload as number[]);
  return [...key, ...varint(bytes.length), ...bytes];
}

const message = (...parts: number[][]): number[] => parts.flat();

function tensorValueInfo(name: string, dims: Array<number | string>): number[] {
  const shape = message(...dims.map((d) => field(1, 2, typeof d === 'number' ? field(1, 0, d) : field(2, 2, d))));
  const tensorType = message(field(1, 0, 1), field(2, 2, shape));
  return message(field(1, 2, name), field(2, 2, field(1, 2, tensorType)));
}

function floatInitializer(name: string, dims: number[], values: number[]): number[] {
  const raw = new Uint8Array(new Float32Array(values).buffer);
  return message(...dims.map((d) => field(1, 0, d)), field(2, 0, 1), field(8, 2, name), field(9, 2, raw));
}

function node(op: string, inputs: string[], outputs: string[], name: string): number[] {
  return message(...inputs.map((i) => field(1, 2, i)), ...outputs.map((o) => field(2, 2, o)), field(3, 2, name), field(4, 2, op));
}

export const TINY_WEIGHTS = [0.5, -1, 0.25, 1, 0, 2, -0.5, 0.75, 1, 1, -1, 0.5] as const; // 4 x 3, row major
export const TINY_BIAS = [0.1, -0.2, 0.3] as const;

export function buildTinyModel(): Uint8Array {
  const graph = message(
    field(1, 2, node('MatMul', ['x', 'W'], ['xw'], 'matmul')),
    field(1, 2, node('Add', ['xw', 'b'], ['pre'], 'add')),
    field(1, 2, node('Relu', ['pre'], ['y'], 'relu')),
    field(2, 2, 'tiny'),
    field(5, 2, floatInitializer('W', [4, 3], [...TINY_WEIGHTS])),
    field(5, 2, floatInitializer('b', [3], [...TINY_BIAS])),
    field(11, 2, tensorValueInfo('x', ['batch', 4])),
    field(12, 2, tensorValueInfo('y', ['batch', 3])),
  );
  const model = message(field(1, 0, 8), field(2, 2, 'perfcast-test'), field(7, 2, graph), field(8, 2, message(field(1, 2, ''), field(2, 0, 17))));
  return Uint8Array.from(model);
}

/** The model's answer computed in plain JS, to check a runtime against. */
export function tinyModelReference(x: Float32Array, batch: number): Float32Array {
  const y = new Float32Array(batch * 3);
  for (let r = 0; r < batch; r++) {
    for (let c = 0; c < 3; c++) {
      let sum = TINY_BIAS[c];
      for (let k = 0; k < 4; k++) sum += x[r * 4 + k] * TINY_WEIGHTS[k * 3 + c];
      y[r * 3 + c] = Math.max(0, sum);
    }
  }
  return y;
}
