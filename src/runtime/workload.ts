/** A model ready to run: ONNX bytes, the facts recorded with it, and input feeds for a shape. */
import type { ModelFacts } from '../core/measure/record.ts';
import type { Precision } from '../core/schema/record.ts';
import type { HostFeeds } from './tensors.ts';

export interface Workload {
  readonly name: string;
  readonly precision: Precision;
  readonly bytes: Uint8Array;
  /** Model facts for one workload shape (FLOPs depend on the sequence length). */
  facts(batch: number, seq: number): ModelFacts;
  feeds(batch: number, seq: number): HostFeeds;
  /** Whether `seq` changes the inputs (false for fixed-size image models). */
  readonly seqVaries: boolean;
}
