/**
 * Plausibility bounds per numeric field: the largest value a real benchmark row can hold. A
 * value beyond them (a training latency of 1e308 ms, a unit slip of 10^9) is refused at import
 * with its row and column, so it never reaches a fit, a prediction or a MAPE. The bounds are
 * generous on purpose (orders of magnitude beyond any hardware or model today): they catch
 * overflow and unit errors, not unusual results. Listed in docs/reliability.md.
 */
export const PLAUSIBLE_MAX: Readonly<Record<string, number>> = {
  // model
  params_m: 1e8, // 100 trillion parameters
  gflops_per_item: 1e12,
  weights_mb: 1e9, // 1 PB
  // hardware and workload
  num_devices: 1e6,
  threads: 1e5,
  batch_size: 1e8,
  seq_len: 1e9,
  input_len: 1e9,
  output_len: 1e9,
  // metrics
  latency_ms: 1e9, // 11.6 days per batch
  latency_p90_ms: 1e9,
  latency_p99_ms: 1e9,
  latency_mean_ms: 1e9,
  latency_std_ms: 1e9,
  latency_ci_lo_ms: 1e9,
  latency_ci_hi_ms: 1e9,
  load_ms: 1e9,
  first_run_ms: 1e9,
  runs: 1e10,
  throughput_items_s: 1e12,
  memory_mb: 1e10, // 10 PB
  power_w: 1e8, // 100 MW
  energy_j: 1e12,
  // hardware specs
  hw_peak_tflops_fp32: 1e7,
  hw_peak_tflops_fp16: 1e7,
  hw_peak_tops_int8: 1e7,
  hw_mem_bw_gbs: 1e8,
  hw_mem_gb: 1e8,
  hw_tdp_w: 1e7,
  hw_price_usd: 1e10,
};

