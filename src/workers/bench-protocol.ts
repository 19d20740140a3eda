/**
 * The bench worker's typed protocol (after duckdb-wasm's worker_request.ts): string-enum request
 * types, a message id on every request, responses that name the request they answer, and errors
 * sent as plain objects because Error instances do not survive structured cloning intact.
 */
import type { RunConfig } from '../core/measure/plan.ts';
import type { Progress, ProtocolSettings } from '../core/measure/protocol.ts';
import type { Precision } from '../core/schema/record.ts';
import type { Capabilities } from '../runtime/web/capabilities.ts';
import type { WebBenchOutcome } from '../runtime/web/web-runner.ts';

export enum BenchRequestType {
  DETECT = 'DETECT',
  MEASURE = 'MEASURE',
}

export enum BenchResponseType {
  CAPABILITIES = 'CAPABILITIES',
  PROGRESS = 'PROGRESS',
  OUTCOME = 'OUTCOME',
  ERROR = 'ERROR',
}

export type ModelSource =
  | { readonly kind: 'zoo'; readonly id: string }
  | { readonly kind: 'file'; readonly name: string; readonly bytes: ArrayBuffer };

export interface MeasureRequestBody {
  readonly config: RunConfig;
  readonly model: ModelSource;
  readonly precision: Precision;
  readonly protocol: ProtocolSettings;
  readonly onUnavailable: 'fallback' | 'skip';
  readonly runId: string;
  readonly hardware?: string;
}

export type BenchRequest =
  | { readonly messageId: number; readonly type: BenchRequestType.DETECT; readonly threads: number }
  | { readonly messageId: number; readonly type: BenchRequestType.MEASURE; readonly threads: number; readonly body: MeasureRequestBody };

export interface PlainError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type BenchProgress = Progress & { readonly ep: string; readonly stage?: 'build' | 'reference' };

export type BenchResponse =
  | { readonly requestId: number; readonly type: BenchResponseType.CAPABILITIES; readonly capabilities: Capabilities }
  | { readonly requestId: number; readonly type: BenchResponseType.PROGRESS; readonly progress: BenchProgress }
  | { readonly requestId: number; readonly type: BenchResponseType.OUTCOME; readonly outcome: WebBenchOutcome }
  | { readonly requestId: number; readonly type: BenchResponseType.ERROR; readonly error: PlainError };

export function toPlainError(error: unknown): PlainError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
