/**
 * Protocol Buffers wire format, just the parts ONNX needs: varints, fixed32, length-delimited fields.
 * Written by hand because a ModelProto writer is ~150 lines, while a protobuf library plus the ONNX
 * schema would add a code generator or ~100 KB to the page for the same result.
 *
 * The writer keeps large byte arrays (tensor raw_data) as references and concatenates exactly once
 * at the end, so a 435 MB BERT-base model is copied a single time.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const SMALL_LIMIT = 256;

export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private scratch: number[] = [];
  private flushedLength = 0;

  get length(): number {
    return this.flushedLength + this.scratch.length;
  }

  private flush(): void {
    if (this.scratch.length === 0) return;
    const chunk = Uint8Array.from(this.scratch);
    this.parts.push(chunk);
    this.flushedLength += chunk.length;
    this.scratch = [];
  }

  private pushBytes(bytes: Uint8Array): void {
    if (bytes.length <= SMALL_LIMIT) {
      for (let i = 0; i < bytes.length; i++) this.scratch.push(bytes[i]);
      return;
    }
    this.flush();
    this.parts.push(bytes);
    this.flushedLength += bytes.length;
  }

  private varint(value: number | bigint): void {
    if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) {
      let v = value;
      while (v >= 0x80) {
        this.scratch.push((v % 0x80) | 0x80);
        v = Math.floor(v / 0x80);
      }
      this.scratch.push(v);
      return;
    }
    // Negative int64 values are sent as 10-byte two's complement.
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.scratch.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.scratch.push(Number(v));
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.pushBytes(b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LEN);
    this.varint(value.length);
    this.pushBytes(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, inner: ProtoWriter): this {
    this.tag(field, WIRE_LEN);
    this.varint(inner.length);
    inner.flush();
    if (inner.flushedLength <= SMALL_LIMIT) {
      for (const p of inner.parts) for (let i = 0; i < p.length; i++) this.scratch.push(p[i]);
      return this;
    }
    this.flush();
    for (const p of inner.parts) this.parts.push(p);
    this.flushedLength += inner.flushedLength;
    return this;
  }

  /** Packed repeated varints (proto3 default for repeated scalars). */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    this.tag(field, WIRE_LEN);
    this.varint(inner.length);
    for (const b of inner.scratch) this.scratch.push(b);
    return this;
  }

  finish(): Uint8Array {
    this.flush();
    if (this.parts.length === 1) return this.parts[0];
    const out = new Uint8Array(this.flushedLength);
    let offset = 0;
    for (const p of this.parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }
}

export interface ProtoField {
  field: number;
  wire: number;
  /** varint / fixed value (for VARINT, FIXED32, FIXED64) */
  value: bigint;
  /** payload for LEN fields (a view, not a copy) */
  bytes: Uint8Array;
}

export class ProtoDecodeError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'ProtoDecodeError';
  }
}

/** Iterates the top-level fields of one message. Throws ProtoDecodeError on malformed input. */
export function* readFields(buf: Uint8Array, base = 0): Generator<ProtoField> {
  let pos = 0;
  const end = buf.length;
  const readVarint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) throw new ProtoDecodeError('truncated varint', base + pos);
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
    throw new ProtoDecodeError('varint longer than 10 bytes', base + pos);
  };
  while (pos < end) {
    const start = pos;
    const key = readVarint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new ProtoDecodeError('field number 0', base + start);
    const empty = buf.subarray(0, 0);
    switch (wire) {
      case WIRE_VARINT:
        yield { field, wire, value: readVarint(), bytes: empty };
        break;
      case WIRE_FIXED64: {
        if (pos + 8 > end) throw new ProtoDecodeError('truncated fixed64', base + pos);
        const v = new DataView(buf.buffer, buf.byteOffset + pos, 8).getBigUint64(0, true);
        pos += 8;
        yield { field, wire, value: v, bytes: empty };
        break;
      }
      case WIRE_FIXED32: {
        if (pos + 4 > end) throw new ProtoDecodeError('truncated fixed32', base + pos);
        const v = new DataView(buf.buffer, buf.byteOffset + pos, 4).getUint32(0, true);
        pos += 4;
        yield { field, wire, value: BigInt(v), bytes: empty };
        break;
      }
      case WIRE_LEN: {
        const len = Number(readVarint());
        if (pos + len > end) {
          throw new ProtoDecodeError(`length-delimited field ${field} of ${len} bytes runs past the end`, base + pos);
        }
        yield { field, wire, value: BigInt(len), bytes: buf.subarray(pos, pos + len) };
        pos += len;
        break;
      }
      default:
        throw new ProtoDecodeError(`unsupported wire type ${wire} (field ${field})`, base + start);
    }
  }
}

export function decodeString(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Signed int64 from a varint field value. */
export function toSigned(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}

/** Decodes a packed repeated varint payload. */
export function readPackedVarints(buf: Uint8Array): bigint[] {
  const out: bigint[] = [];
  let pos = 0;
  while (pos < buf.length) {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; ; i++) {
      if (i === 10 || pos >= buf.length) throw new ProtoDecodeError('bad packed varint', pos);
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
    }
    out.push(result);
  }
  return out;
}
