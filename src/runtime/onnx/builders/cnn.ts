import type { MobileNetV2Arch, ResNetArch } from '../../../core/catalog/models/types.ts';
import type { GraphBuilder } from '../graph.ts';

export function buildResNet(_g: GraphBuilder, _a: ResNetArch): void {
  throw new Error('ResNet builder not written yet');
}
export function buildMobileNetV2(_g: GraphBuilder, _a: MobileNetV2Arch): void {
  throw new Error('MobileNetV2 builder not written yet');
}
