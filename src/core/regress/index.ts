export * from './detect.ts';
export * from './series.ts';
export { pelt, robustSigma, CHANGEPOINT_DEFAULTS, type ChangePointOptions } from './changepoint.ts';
export { mannWhitney, welchTTest, newValueTTest } from './stats.ts';
export { studentTTwoSided } from '../math/special.ts';
