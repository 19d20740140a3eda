export { parseStepJsonl, StepDataError, type StepRow, type StepDataProblem } from './parse.ts';
export {
  fitStepTime, predictWithBand, predictMs, bandCoverage, fitMetrics, rSquared, seededPermutation, designRow,
  StepFitError,
  type Coefficients, type FitMethod, type FitMetrics, type MethodFit, type OlsDetails, type Influence, type InfluencePoint,
  type StepFitReport, type StepFitOptions, type PredictionWithBand,
} from './fit.ts';
export { stepFitJson } from './summary.ts';
export { leastSquares, RankDeficientError } from './linalg.ts';
export { fUpperTail, tQuantile, tCdf, incompleteBeta } from '../math/special.ts';
export { median } from '../math/stats.ts';
