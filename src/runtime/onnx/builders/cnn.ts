/** ResNet and MobileNetV2 graphs, walked from the same layer plans the catalog counts. */
import type { MobileNetV2Arch, ResNetArch } from '../../../core/catalog/models/types.ts';
import { mobilenetV2Plan, resnetPlan, type CnnPlan, type ConvLayer } from '../../../core/catalog/models/counting.ts';
import type { GraphBuilder } from '../graph.ts';
import { FLOAT } from './transformer.ts';

/**
 * He-style init keeps activations near unit scale through ReLU stacks; the last conv of each
 * residual branch starts small (like zero-init BatchNorm gamma) so 16 residual adds do not blow
 * activations up, which would overflow fp16 or push values into slow denormals when shrinking.
 */
function convLayer(g: GraphBuilder, x: string, c: ConvLayer, branchEnd: boolean): string {
  const fanIn = (c.cin / c.group) * c.kernel * c.kernel;
  const std = Math.sqrt(2 / fanIn) * (branchEnd ? 0.2 : 1);
  const y = g.conv(x, c.name, c.cin, c.cout, [c.kernel, c.kernel], { stride: c.stride, pad: Math.floor(c.kernel / 2), group: c.group, std });
  if (c.act === 'relu') return g.op('Relu', [y]);
  if (c.act === 'relu6') return g.op('Clip', [y, g.scalar(0), g.scalar(6)]);
  return y;
}

function buildCnn(g: GraphBuilder, plan: CnnPlan): void {
  const pixels = g.input('pixel_values', FLOAT, ['batch', 3, plan.imageSize, plan.imageSize]);
  let x = g.fromFloatInput(pixels);
  for (const c of plan.stem) x = convLayer(g, x, c, false);
  if (plan.stemPool) x = g.op('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
  for (const b of plan.blocks) {
    let y = x;
    b.convs.forEach((c, i) => {
      y = convLayer(g, y, c, i === b.convs.length - 1 && b.shortcut !== undefined);
    });
    if (b.shortcut !== undefined) {
      const skip = b.shortcut === null ? x : convLayer(g, x, b.shortcut, false);
      y = g.op('Add', [y, skip]);
      if (b.actAfterAdd) y = g.op('Relu', [y]);
    }
    x = y;
  }
  for (const c of plan.head) x = convLayer(g, x, c, false);
  const pooled = g.op('Flatten', [g.op('GlobalAveragePool', [x])], { axis: 1 });
  g.output(g.linear(pooled, 'classifier', plan.features, plan.classes, { std: 0.02 }), 'logits', ['batch', plan.classes]);
}

export function buildResNet(g: GraphBuilder, a: ResNetArch): void {
  buildCnn(g, resnetPlan(a));
}

export function buildMobileNetV2(g: GraphBuilder, a: MobileNetV2Arch): void {
  buildCnn(g, mobilenetV2Plan(a));
}
