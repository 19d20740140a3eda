/**
 * The words a prediction is shown with. One sentence that agrees with the number (a low score is
 * never explained by what is good about the prediction alone), no internal names (novelty
 * classes, residual bases, feature ids), and "we do not know" where the interval is too wide to
 * be a useful range.
 */
import type { Prediction } from './predictor.ts';
import { UNKNOWN_RATIO } from './predictor.ts';

export function confidenceLevel(confidence: number): 'high' | 'medium' | 'low' {
  return confidence >= 0.6 ? 'high' : confidence >= 0.3 ? 'medium' : 'low';
}

function whatWasMeasured(p: Prediction): string {
  const hw = p.hardware === 'measured' ? 'the hardware was measured'
    : p.hardware === 'few-shot' ? 'the hardware was measured only a few times'
    : p.hardware === 'unseen' ? 'the hardware was never measured (predicted from its specifications)'
    : '';
  const model = p.modelSeen === true ? 'the model was measured' : p.modelSeen === false ? 'the model was never measured' : '';
  return [model, hw].filter(Boolean).join(' and ');
}

/** One sentence: how much to trust the value, and the main reasons. */
export function confidenceSentence(p: Prediction): string {
  const level = confidenceLevel(p.confidence);
  const ratio = p.hi / p.lo;
  const reasons: string[] = [];
  const measured = whatWasMeasured(p);
  if (measured) reasons.push(measured);
  const weak = p.parts.filter((q) => q.value < 0.5).map((q) => q.name);
  if (weak.includes('distance') || weak.includes('density')) reasons.push('no measured configuration is close to this one');
  if (weak.includes('interval')) reasons.push(`the likely range spans a factor of ${Number.isFinite(ratio) ? ratio.toFixed(ratio < 10 ? 1 : 0) : 'more than 1000'}`);
  const joined = reasons.length > 1 ? `${reasons.slice(0, -1).join(', ')}${level === 'low' || level === 'medium' ? ', but' : ', and'} ${reasons[reasons.length - 1]}` : reasons[0] ?? '';
  return `Confidence ${p.confidence.toFixed(2)} (${level})${joined ? `: ${joined}` : ''}.`;
}

/** Where the interval comes from, in words. */
export function intervalSource(p: Prediction): string {
  const m = /^(.*) residuals \((\d+)\)$/.exec(p.intervalBasis.replace(/^derived from [^:]+: /, ''));
  if (!m) return 'too few measurements to calibrate the range: it is a factor-2 band either side';
  const [, basis, count] = m;
  const like = basis === 'seen' ? 'configurations like this one'
    : basis === 'few-shot' ? 'hardware measured only a few times'
    : basis === 'unseen-hardware' ? 'hardware the model had not seen'
    : basis === 'unseen-model' ? 'models the model had not seen'
    : basis === 'unseen-both' ? 'models and hardware the model had not seen'
    : 'all kinds of held-out rows, doubled because there were too few of this kind';
  return `the errors on ${count} held-out measurements of ${like}`;
}

/** The range as text, or that we do not know when it spans more than UNKNOWN_RATIO. */
export function rangeText(p: Prediction, format: (v: number) => string, unit: string): string {
  if (p.unknown) return `we do not know: the data put it anywhere from ${format(p.lo)} to ${format(p.hi)} ${unit} (more than ${UNKNOWN_RATIO}x apart)`;
  return `80% interval ${format(p.lo)}–${format(p.hi)} ${unit}`;
}
