import { bandCoverage, type FitMetrics, type MethodFit, type StepFitReport } from './fit.ts';

const round = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? v : Number(v.toPrecision(12)));

function metricsJson(m: FitMetrics) {
  return {
    r2: m.r2, adj_r2: m.adj_r2, cv_r2_mean: m.cv_r2_mean, cv_r2_std: m.cv_r2_std,
    mse: m.mse, rmse: m.rmse, mae: m.mae, mape: m.mape, max_abs_error: m.max_abs_error, median_abs_error: m.median_abs_error,
  };
}

function robustJson(fit: MethodFit) {
  return {
    coefficients: fit.coefficients,
    ...metricsJson(fit.metrics),
    ...(fit.inlier ? { inliers: fit.inlier.filter(Boolean).length, inlier_threshold_ms: fit.inlierThresholdMs } : {}),
    ...(fit.iterations !== undefined ? { iterations: fit.iterations } : {}),
  };
}

/**
 * The `perfcast stepfit --json` object. The first keys are a contract (scripts read them):
 * n, coefficients {a,b,c,d}, r2, adj_r2, cv_r2_mean, cv_r2_std, mse, rmse, mae, mape,
 * max_abs_error, median_abs_error, f_statistic. Errors are in ms, MAPE in percent. Further keys
 * may be added, never renamed.
 */
export function stepFitJson(report: StepFitReport) {
  const { ols } = report;
  const d = ols.details;
  return {
    n: report.n,
    coefficients: ols.coefficients,
    ...metricsJson(ols.metrics),
    f_statistic: d.f_statistic,
    f_p_value: d.f_p_value,
    df_model: d.df_model,
    df_residual: d.df_residual,
    residual_std_error: d.residual_std_error,
    coefficient_std_errors: d.coefficient_std_errors,
    t_values: d.t_values,
    prediction_band_95_in_sample_coverage: round(bandCoverage(report)),
    cv_r2_folds: ols.metrics.cv_r2_folds,
    robust: { huber: robustJson(report.huber), ransac: robustJson(report.ransac) },
    influence: {
      cooks_threshold: report.influence.cooks_threshold,
      dominated: report.influence.dominated,
      r2_without_top: report.influence.r2_without_top,
      flagged: report.influence.flagged,
    },
    warnings: report.warnings,
    model: 'step_time_ms = a*batch_size*seq_len + b*batch_size + c*seq_len + d',
    units: { coefficients: 'ms per unit of each term', errors: 'ms', mape: 'percent', step_time_input: 's' },
    provenance: 'fitted: an OLS model of the supplied step log, not a measurement',
  };
}
