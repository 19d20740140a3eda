/** What the bench worker answers, over the typed RPC layer in rpc.ts. */
import type { RunConfig } from '../core/measure/plan.ts';
import type { Progress, ProtocolSettings } from '../core/measure/protocol.ts';
import type { Precision } from '../core/schema/record.ts';
import type { Capabilities } from '../runtime/web/capabilities.ts';
import type { WebBenchOutcome } from '../runtime/web/web-runner.ts';
import type { Method } from './rpc.ts';

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

export type BenchProgress = Progress & { readonly ep: string; readonly stage?: 'build' | 'reference' };

export type BenchMethods = {
  /** What this browser offers (execution providers, WebGPU adapter, threads). */
  readonly detect: Method<{ readonly threads: number }, Capabilities>;
  /** One measured configuration; progress while it loads, warms up and runs. */
  readonly measure: Method<{ readonly threads: number; readonly body: MeasureRequestBody }, WebBenchOutcome, BenchProgress>;
};
