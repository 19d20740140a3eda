export class OnnxFormatError extends Error {}
export interface OnnxValueDescription { name: string }
export interface OnnxDescription { inputs: OnnxValueDescription[] }
export function describeOnnx(_bytes: Uint8Array): OnnxDescription {
  throw new OnnxFormatError('not written yet');
}
