import type { DecoderArch } from '../../../core/catalog/models/types.ts';
import type { GraphBuilder } from '../graph.ts';

export function buildDecoderStep(_g: GraphBuilder, _a: DecoderArch): void {
  throw new Error('decoder builder not written yet');
}
