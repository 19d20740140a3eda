/**
 * Hardware catalog: hand-entered public specifications, each citing the vendor document it came from.
 *
 * Conventions (the same for every entry, so ratios between devices mean something):
 * - `peak` is in TFLOP/s (TOP/s for int8/int4), DENSE (no 2:4 structured sparsity).
 * - `fp32` is the non-tensor (CUDA core / vector unit) FP32 rate. TF32 tensor rate is separate.
 * - `fp16`/`bf16`/`fp8`/`int8`/`int4` are tensor-core (matrix unit) rates where the device has
 *   them. For GeForce cards, whose FP16 tensor rate halves with FP32 accumulation, the FP32-
 *   accumulate figure is given, because that is what cuBLAS uses for PyTorch/ONNX fp16 GEMMs
 *   (vendor headline numbers with FP16 accumulate are twice that).
 * - A precision is absent when the vendor publishes no figure or the device has no fast path
 *   for it (e.g. fp16 on Pascal GeForce runs at 1/64 rate: left out rather than misleading).
 * - CPU peaks are derived, not published: cores x base clock x FLOP/cycle (stated per entry).
 * - `memoryGB` is device memory; for CPUs it is undefined (a property of the system, not the chip).
 * - `priceUsd` is the launch list price (MSRP) where the vendor announced one.
 */

export const HARDWARE_KINDS = [
  'gpu', 'cpu', 'phone', 'sbc', 'mcu', 'soc', 'accelerator', 'fpga', 'browser-wasm',
] as const;
export type HardwareKind = (typeof HARDWARE_KINDS)[number];

export interface PeakRates {
  readonly fp32?: number;
  readonly tf32?: number;
  readonly fp16?: number;
  readonly bf16?: number;
  readonly fp8?: number;
  readonly int8?: number;
  readonly int4?: number;
  readonly fp4?: number;
}

export interface HardwareSpec {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  readonly kind: HardwareKind;
  /** Other names the device goes by in data sets and driver strings (matched by findHardware). */
  readonly aliases: readonly string[];
  /** Dense peak rates, TFLOP/s or TOP/s (see conventions above). */
  readonly peak: PeakRates;
  readonly tensorCores?: boolean;
  readonly memBandwidthGBs?: number;
  readonly memoryGB?: number;
  readonly tdpW?: number;
  readonly releaseYear?: number;
  readonly priceUsd?: number;
  readonly cores?: number;
  readonly clockGHz?: number;
  /** Neural engine / NPU int8 TOP/s on SoCs, kept apart from the CPU/GPU peaks. */
  readonly npuTops?: number;
  /** True for devices whose data come from a simulator or analytic model, not silicon. */
  readonly simulated?: boolean;
  /** Where the numbers come from; derived values say how they were derived. */
  readonly sources: string;
}

const NV_TURING = 'NVIDIA Turing GPU Architecture whitepaper (WP-09183-001), Appendix A tables';
const NV_AMPERE_GA102 = 'NVIDIA Ampere GA102 GPU Architecture whitepaper (v2.1), Appendix A tables';
const NV_ADA = 'NVIDIA Ada GPU Architecture whitepaper (v2.1), Appendix A tables';
const NV_A100 = 'NVIDIA A100 Tensor Core GPU datasheet (2021), sparsity figures halved to dense';
const NV_H100 = 'NVIDIA H100 Tensor Core GPU datasheet (2023), sparsity figures halved to dense';

export const HARDWARE: readonly HardwareSpec[] = [
  // ---------------- NVIDIA datacenter GPUs ----------------
  {
    id: 'v100-sxm2-16gb', name: 'NVIDIA Tesla V100 SXM2 16GB', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['V100', 'Tesla V100', 'V100 16GB', 'Tesla V100-SXM2-16GB', 'V100 SXM2'],
    peak: { fp32: 15.7, fp16: 125 }, tensorCores: true,
    memBandwidthGBs: 900, memoryGB: 16, tdpW: 300, releaseYear: 2017,
    sources: 'NVIDIA Tesla V100 datasheet (2018): SXM2 15.7 TFLOPS FP32, 125 TFLOPS tensor, 900 GB/s, 300 W',
  },
  {
    id: 'v100-pcie-32gb', name: 'NVIDIA Tesla V100 PCIe 32GB', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['Tesla V100-PCIE-32GB', 'V100 PCIe', 'V100 32GB'],
    peak: { fp32: 14, fp16: 112 }, tensorCores: true,
    memBandwidthGBs: 900, memoryGB: 32, tdpW: 250, releaseYear: 2018,
    sources: 'NVIDIA Tesla V100 datasheet (2018): PCIe 14 TFLOPS FP32, 112 TFLOPS tensor, 900 GB/s, 250 W',
  },
  {
    id: 't4', name: 'NVIDIA T4', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['Tesla T4', 'NVIDIA Tesla T4'],
    peak: { fp32: 8.1, fp16: 65, int8: 130, int4: 260 }, tensorCores: true,
    memBandwidthGBs: 320, memoryGB: 16, tdpW: 70, releaseYear: 2018,
    sources: 'NVIDIA T4 Tensor Core GPU datasheet: 8.1 TFLOPS FP32, 65 FP16 mixed, 130 INT8, 260 INT4, 320 GB/s, 70 W',
  },
  {
    id: 'a100-pcie-40gb', name: 'NVIDIA A100 PCIe 40GB', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['A100 40GB PCIe', 'A100-PCIE-40GB', 'NVIDIA A100-PCIE-40GB', 'A100 PCIe 40GB'],
    peak: { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312, int8: 624, int4: 1248 }, tensorCores: true,
    memBandwidthGBs: 1555, memoryGB: 40, tdpW: 250, releaseYear: 2020,
    sources: `${NV_A100}; PCIe 40GB: 1,555 GB/s, 250 W`,
  },
  {
    id: 'a100-sxm4-40gb', name: 'NVIDIA A100 SXM4 40GB', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['A100-SXM4-40GB', 'NVIDIA A100-SXM4-40GB', 'A100 40GB SXM4', 'A100 40GB', 'A100 SXM4 40GB'],
    peak: { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312, int8: 624, int4: 1248 }, tensorCores: true,
    memBandwidthGBs: 1555, memoryGB: 40, tdpW: 400, releaseYear: 2020,
    sources: `${NV_A100}; SXM4 40GB: 1,555 GB/s, 400 W`,
  },
  {
    id: 'a100-pcie-80gb', name: 'NVIDIA A100 PCIe 80GB', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['A100 80GB PCIe', 'NVIDIA A100 80GB PCIe', 'A100-PCIE-80GB', 'A100 PCIe 80GB'],
    peak: { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312, int8: 624, int4: 1248 }, tensorCores: true,
    memBandwidthGBs: 1935, memoryGB: 80, tdpW: 300, releaseYear: 2021,
    sources: `${NV_A100}; PCIe 80GB: 1,935 GB/s, 300 W`,
  },
  {
    id: 'a100-sxm4-80gb', name: 'NVIDIA A100 SXM4 80GB', vendor: 'NVIDIA', kind: 'gpu',
    // Bare "A100" resolves here: Vidur's and LLMCompass's A100 profiles are DGX (SXM4) machines.
    aliases: ['A100', 'A100 80GB SXM4', 'A100-SXM4-80GB', 'NVIDIA A100-SXM4-80GB', 'A100 SXM4 80GB', 'A100 80GB', 'A100 SXM4', 'a100 sxm'],
    peak: { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312, int8: 624, int4: 1248 }, tensorCores: true,
    memBandwidthGBs: 2039, memoryGB: 80, tdpW: 400, releaseYear: 2020,
    sources: `${NV_A100}; SXM4 80GB: 2,039 GB/s, 400 W`,
  },
  {
    id: 'a10', name: 'NVIDIA A10', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['A10', 'NVIDIA A10', 'A10 PCIe'],
    peak: { fp32: 31.2, tf32: 62.5, fp16: 125, bf16: 125, int8: 250, int4: 500 }, tensorCores: true,
    memBandwidthGBs: 600, memoryGB: 24, tdpW: 150, releaseYear: 2021,
    sources: 'NVIDIA A10 Tensor Core GPU datasheet: 31.2 TFLOPS FP32, 125 BF16/FP16 tensor dense (250 sparse), 250 INT8 dense, 600 GB/s, 150 W',
  },
  {
    id: 'a10g', name: 'NVIDIA A10G', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['A10G', 'NVIDIA A10G'],
    peak: { fp32: 31.2 }, tensorCores: true,
    memBandwidthGBs: 600, memoryGB: 24, tdpW: 150, releaseYear: 2021,
    sources: 'AWS EC2 G5 instance page (24 GB per GPU). NVIDIA publishes no A10G datasheet; FP32, bandwidth and power follow the GA102-based A10 and agree with the Epoch AI hardware database; tensor rates left out as unpublished',
  },
  {
    id: 'a40', name: 'NVIDIA A40', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['A40', 'NVIDIA A40'],
    peak: { fp32: 37.4, tf32: 74.8, fp16: 149.7, bf16: 149.7, int8: 299.3, int4: 598.7 }, tensorCores: true,
    memBandwidthGBs: 696, memoryGB: 48, tdpW: 300, releaseYear: 2020,
    sources: 'NVIDIA A40 datasheet: 37.4 TFLOPS FP32, 149.7 FP16/BF16 tensor dense (299.4 sparse), 299.3 INT8 dense, 696 GB/s, 300 W',
  },
  {
    id: 'l4', name: 'NVIDIA L4', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['L4', 'NVIDIA L4'],
    peak: { fp32: 30.3, tf32: 60, fp16: 121, bf16: 121, fp8: 242.5, int8: 242.5 }, tensorCores: true,
    memBandwidthGBs: 300, memoryGB: 24, tdpW: 72, releaseYear: 2023,
    sources: 'NVIDIA L4 Tensor Core GPU datasheet: 30.3 TFLOPS FP32, 242 FP16/BF16 and 485 FP8/INT8 with sparsity (halved), 300 GB/s, 72 W',
  },
  {
    id: 'l40s', name: 'NVIDIA L40S', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['L40S', 'NVIDIA L40S'],
    peak: { fp32: 91.6, tf32: 183, fp16: 362.05, bf16: 362.05, fp8: 733, int8: 733 }, tensorCores: true,
    memBandwidthGBs: 864, memoryGB: 48, tdpW: 350, releaseYear: 2023,
    sources: 'NVIDIA L40S datasheet: 91.6 TFLOPS FP32, 733 FP16/BF16 and 1,466 FP8/INT8 with sparsity (halved), 864 GB/s, 350 W',
  },
  {
    id: 'h100-pcie-80gb', name: 'NVIDIA H100 PCIe 80GB', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['H100 PCIe', 'H100 80GB PCIe', 'H100 80GB PCIe Gen5', 'NVIDIA H100 PCIe', 'H100-PCIE-80GB'],
    peak: { fp32: 51.2, tf32: 378, fp16: 756, bf16: 756, fp8: 1513, int8: 1513 }, tensorCores: true,
    memBandwidthGBs: 2000, memoryGB: 80, tdpW: 350, releaseYear: 2022,
    sources: `${NV_H100}; H100 PCIe: 51 TFLOPS FP32, 2 TB/s, 300-350 W`,
  },
  {
    id: 'h100-sxm5-80gb', name: 'NVIDIA H100 SXM5 80GB', vendor: 'NVIDIA', kind: 'gpu',
    // Bare "H100" resolves here: Vidur's and ML.ENERGY's H100s are SXM (DGX/HGX) parts.
    aliases: ['H100', 'H100 SXM', 'H100 SXM5', 'H100 80GB SXM5', 'NVIDIA H100 80GB HBM3', 'H100-SXM5-80GB', 'NVIDIA H100 SXM5 80GB', 'h100 80gb'],
    peak: { fp32: 67, tf32: 494.5, fp16: 989.4, bf16: 989.4, fp8: 1978.9, int8: 1978.9 }, tensorCores: true,
    memBandwidthGBs: 3350, memoryGB: 80, tdpW: 700, releaseYear: 2022,
    sources: `${NV_H100}; H100 SXM: 67 TFLOPS FP32, 3.35 TB/s, up to 700 W`,
  },
  {
    id: 'h200-sxm-141gb', name: 'NVIDIA H200 SXM 141GB', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['H200', 'H200 SXM', 'H200 141GB', 'H200 140GB', 'H200 140GB SXM'],
    peak: { fp32: 67, tf32: 494.5, fp16: 989.4, bf16: 989.4, fp8: 1978.9, int8: 1978.9 }, tensorCores: true,
    memBandwidthGBs: 4800, memoryGB: 141, tdpW: 700, releaseYear: 2024,
    sources: 'NVIDIA H200 Tensor Core GPU datasheet: same compute as H100 SXM (sparsity figures halved), 141 GB HBM3e, 4.8 TB/s, up to 700 W',
  },
  {
    id: 'gh200-96gb', name: 'NVIDIA GH200 Grace Hopper 96GB', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['GH200', 'GH200 96GB', 'GH200 80GB'],
    peak: { fp32: 67, tf32: 494.5, fp16: 989.4, bf16: 989.4, fp8: 1978.9, int8: 1978.9 }, tensorCores: true,
    memBandwidthGBs: 4000, memoryGB: 96, tdpW: 1000, releaseYear: 2023,
    sources: 'NVIDIA GH200 Grace Hopper Superchip datasheet: H100-class GPU (sparsity figures halved), 96 GB HBM3 at 4 TB/s; module power 450-1000 W (CPU+GPU+memory) given as the upper end',
  },
  {
    id: 'b200', name: 'NVIDIA B200', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['B200', 'NVIDIA B200', 'B200 192GB', 'B200 180GB', 'HGX B200'],
    peak: { fp32: 75, tf32: 1125, fp16: 2250, bf16: 2250, fp8: 4500, int8: 4500, fp4: 9000 }, tensorCores: true,
    memBandwidthGBs: 8000, memoryGB: 180, tdpW: 1000, releaseYear: 2024,
    sources: 'NVIDIA HGX B200 datasheet (8-GPU totals divided by 8, sparsity halved): 2.25 PF BF16, 4.5 PF FP8, 9 PF FP4 dense, 75 TF FP32, 180 GB HBM3e (192 GB physical), 8 TB/s, 1,000 W',
  },
  {
    id: 'h100-nvl-94gb', name: 'NVIDIA H100 NVL 94GB', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['H100 NVL', 'NVIDIA H100 NVL', 'H100 NVL 94GB'],
    peak: { fp32: 60, tf32: 417.5, fp16: 835.5, bf16: 835.5, fp8: 1670.5, int8: 1670.5 }, tensorCores: true,
    memBandwidthGBs: 3900, memoryGB: 94, tdpW: 400, releaseYear: 2023,
    sources: 'NVIDIA H100 NVL datasheet (per GPU): 60 TFLOPS FP32, 1,671 BF16 and 3,341 FP8 with sparsity (halved), 94 GB HBM3 at 3.9 TB/s, 350-400 W',
  },
  {
    id: 'l40', name: 'NVIDIA L40', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['L40', 'NVIDIA L40'],
    peak: { fp32: 90.5, tf32: 90.5, fp16: 181, bf16: 181, fp8: 362, int8: 362 }, tensorCores: true,
    memBandwidthGBs: 864, memoryGB: 48, tdpW: 300, releaseYear: 2022,
    sources: 'NVIDIA L40 datasheet: 90.5 TFLOPS FP32, 181 TF32, 362 FP16/BF16 and 724 FP8/INT8 with sparsity (halved), 48 GB at 864 GB/s, 300 W',
  },
  // ---------------- NVIDIA workstation / consumer GPUs ----------------
  {
    id: 'gtx-1080ti', name: 'NVIDIA GeForce GTX 1080 Ti', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['1080ti', 'GTX 1080 Ti', 'GeForce GTX 1080 Ti', '1080 Ti'],
    peak: { fp32: 11.34 }, tensorCores: false,
    memBandwidthGBs: 484, memoryGB: 11, tdpW: 250, releaseYear: 2017, priceUsd: 699,
    sources: 'NVIDIA GeForce GTX 1080 Ti product specifications (3,584 CUDA cores at 1,582 MHz boost = 11.34 TFLOPS FP32, 11 GB GDDR5X at 484 GB/s, 250 W, $699 launch MSRP); fp16 runs at 1/64 rate on GP102, left out',
  },
  {
    id: 'titan-x-pascal', name: 'NVIDIA TITAN X (Pascal)', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['titanx', 'Titan X', 'TITAN X (Pascal)', 'Titan X Pascal', 'titan x'],
    peak: { fp32: 10.97 }, tensorCores: false,
    memBandwidthGBs: 480, memoryGB: 12, tdpW: 250, releaseYear: 2016, priceUsd: 1200,
    sources: 'NVIDIA TITAN X (Pascal) product page: 3,584 cores at 1,531 MHz boost = 10.97 TFLOPS FP32, 12 GB GDDR5X at 480 GB/s, 250 W, $1,200. HELP\'s "titanx" is taken to be the Pascal card (HELP, 2021)',
  },
  {
    id: 'titan-xp', name: 'NVIDIA TITAN Xp', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['titanxp', 'Titan Xp', 'TITAN Xp', 'titan xp'],
    peak: { fp32: 12.15 }, tensorCores: false,
    memBandwidthGBs: 547.7, memoryGB: 12, tdpW: 250, releaseYear: 2017, priceUsd: 1200,
    sources: 'NVIDIA TITAN Xp product page: 3,840 cores at 1,582 MHz boost = 12.15 TFLOPS FP32, 12 GB GDDR5X at 547.7 GB/s, 250 W, $1,200',
  },
  {
    id: 'rtx-2080ti', name: 'NVIDIA GeForce RTX 2080 Ti', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['2080ti', 'RTX 2080 Ti', 'GeForce RTX 2080 Ti', '2080 Ti'],
    peak: { fp32: 13.45, fp16: 53.8, int8: 215.2, int4: 430.3 }, tensorCores: true,
    memBandwidthGBs: 616, memoryGB: 11, tdpW: 250, releaseYear: 2018, priceUsd: 999,
    sources: `${NV_TURING} (reference card, 1,545 MHz boost): 13.4 TFLOPS FP32, 107.6 FP16 tensor with FP16 accumulate / 53.8 with FP32 accumulate, 215.2 INT8, 616 GB/s, 250 W, $999 reference MSRP`,
  },
  {
    id: 'titan-rtx', name: 'NVIDIA TITAN RTX', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['titan_rtx', 'Titan RTX', 'TITAN RTX', 'titanrtx'],
    peak: { fp32: 16.3, fp16: 130.5, int8: 261, int4: 522 }, tensorCores: true,
    memBandwidthGBs: 672, memoryGB: 24, tdpW: 280, releaseYear: 2018, priceUsd: 2499,
    sources: `${NV_TURING}: TITAN RTX 16.3 TFLOPS FP32, 130.5 FP16 tensor (full-rate FP32 accumulate), 261 INT8, 672 GB/s, 280 W, $2,499`,
  },
  {
    id: 'quadro-rtx-8000', name: 'NVIDIA Quadro RTX 8000', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['Quadro RTX 8000', 'RTX 8000'],
    peak: { fp32: 16.3, fp16: 130.5, int8: 261, int4: 522 }, tensorCores: true,
    memBandwidthGBs: 672, memoryGB: 48, tdpW: 260, releaseYear: 2018,
    sources: `${NV_TURING}; Quadro RTX 8000 datasheet: 16.3 TFLOPS FP32, 130.5 tensor, 48 GB at 672 GB/s, 260 W (295 W max board power); price left out (list price changed after launch)`,
  },
  {
    id: 'rtx-3090', name: 'NVIDIA GeForce RTX 3090', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['RTX 3090', 'GeForce RTX 3090', '3090'],
    peak: { fp32: 35.6, tf32: 35.6, fp16: 71, bf16: 71, int8: 284, int4: 568 }, tensorCores: true,
    memBandwidthGBs: 936, memoryGB: 24, tdpW: 350, releaseYear: 2020, priceUsd: 1499,
    sources: `${NV_AMPERE_GA102}: RTX 3090 35.6 TFLOPS FP32, 142 FP16 tensor with FP16 accumulate / 71 with FP32 accumulate (dense), 284 INT8 dense, 936 GB/s, 350 W, $1,499`,
  },
  {
    id: 'rtx-a6000', name: 'NVIDIA RTX A6000', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['RTX A6000', 'A6000', 'NVIDIA RTX A6000'],
    peak: { fp32: 38.7, tf32: 77.4, fp16: 154.8, bf16: 154.8, int8: 309.7, int4: 619.4 }, tensorCores: true,
    memBandwidthGBs: 768, memoryGB: 48, tdpW: 300, releaseYear: 2020, priceUsd: 4650,
    sources: `${NV_AMPERE_GA102}; NVIDIA RTX A6000 datasheet: 38.7 TFLOPS FP32, 309.7 tensor TFLOPS with sparsity (halved), 768 GB/s, 300 W, $4,650`,
  },
  {
    id: 'rtx-4090', name: 'NVIDIA GeForce RTX 4090', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['RTX 4090', 'GeForce RTX 4090', '4090'],
    peak: { fp32: 82.6, tf32: 82.6, fp16: 165.2, bf16: 165.2, fp8: 330.3, int8: 660.6, int4: 1321.2 }, tensorCores: true,
    memBandwidthGBs: 1008, memoryGB: 24, tdpW: 450, releaseYear: 2022, priceUsd: 1599,
    sources: `${NV_ADA}: RTX 4090 82.6 TFLOPS FP32, 165.2 FP16/BF16 and 330.3 FP8 tensor with FP32 accumulate (dense), 660.6 INT8 dense, 1,008 GB/s, 450 W, $1,599`,
  },
  {
    id: 'rtx-6000-ada', name: 'NVIDIA RTX 6000 Ada Generation', vendor: 'NVIDIA', kind: 'gpu',
    aliases: ['RTX 6000 Ada', 'RTX 6000 Ada Generation', 'NVIDIA RTX 6000 Ada Generation'],
    peak: { fp32: 91.1, tf32: 182.1, fp16: 364.2, bf16: 364.2, fp8: 728.5, int8: 728.5, int4: 1457 }, tensorCores: true,
    memBandwidthGBs: 960, memoryGB: 48, tdpW: 300, releaseYear: 2022, priceUsd: 6800,
    sources: `${NV_ADA}: RTX 6000 Ada 91.1 TFLOPS FP32, 1,457 FP8 tensor TFLOPS with sparsity (halved; FP16 half of FP8), 960 GB/s, 300 W, $6,800`,
  },
  // ---------------- AMD ----------------
  {
    id: 'mi210', name: 'AMD Instinct MI210', vendor: 'AMD', kind: 'gpu',
    aliases: ['MI210', 'AMD Instinct MI210', 'Instinct MI210'],
    peak: { fp32: 22.6, fp16: 181, bf16: 181, int8: 181 }, tensorCores: true,
    memBandwidthGBs: 1638.4, memoryGB: 64, tdpW: 300, releaseYear: 2022,
    sources: 'AMD Instinct MI210 product page: 22.6 TFLOPS FP32 vector (45.3 FP32 matrix), 181 FP16/BF16 matrix, 181 INT8 TOPS, 64 GB HBM2e at 1.6384 TB/s, 300 W',
  },
  {
    id: 'mi250x', name: 'AMD Instinct MI250X', vendor: 'AMD', kind: 'gpu',
    aliases: ['MI250X', 'AMD Instinct MI250X', 'Instinct MI250X'],
    peak: { fp32: 47.9, fp16: 383, bf16: 383, int8: 383 }, tensorCores: true,
    memBandwidthGBs: 3276.8, memoryGB: 128, tdpW: 560, releaseYear: 2021,
    sources: 'AMD Instinct MI250X product page: 47.9 TFLOPS FP32 vector (95.7 FP32 matrix), 383 FP16/BF16 matrix, 383 INT8 TOPS, 128 GB HBM2e at 3.2768 TB/s, 500-560 W (two dies per package)',
  },
  {
    id: 'mi300x', name: 'AMD Instinct MI300X', vendor: 'AMD', kind: 'gpu',
    aliases: ['MI300X', 'AMD Instinct MI300X', 'Instinct MI300X'],
    peak: { fp32: 81.7, tf32: 653.7, fp16: 1307.4, bf16: 1307.4, fp8: 2614.9, int8: 2614.9 }, tensorCores: true,
    memBandwidthGBs: 5300, memoryGB: 192, tdpW: 750, releaseYear: 2023,
    sources: 'AMD Instinct MI300X datasheet: 81.7 TFLOPS FP32 vector (163.4 matrix), 653.7 TF32, 1,307.4 FP16/BF16, 2,614.9 FP8/INT8 dense (sparsity figures twice), 192 GB HBM3 at 5.3 TB/s, 750 W',
  },
  // ---------------- NVIDIA Jetson ----------------
  {
    id: 'jetson-agx-orin-64gb', name: 'NVIDIA Jetson AGX Orin 64GB', vendor: 'NVIDIA', kind: 'soc',
    aliases: ['Jetson AGX Orin', 'AGX Orin', 'Jetson AGX Orin 64GB'],
    peak: { fp32: 5.32 }, tensorCores: true,
    memBandwidthGBs: 204.8, memoryGB: 64, tdpW: 60, releaseYear: 2023, priceUsd: 1999,
    sources: 'NVIDIA Jetson AGX Orin series datasheet: 2,048-core Ampere GPU at 1.3 GHz (FP32 derived: 2,048 x 2 x 1.3 GHz = 5.32 TFLOPS), 275 INT8 TOPS with sparsity across GPU + 2 DLAs (not split by unit, left out), 64 GB LPDDR5 at 204.8 GB/s, 15-60 W; developer kit $1,999',
  },
  // ---------------- Apple ----------------
  {
    id: 'apple-m1', name: 'Apple M1 (8-core GPU)', vendor: 'Apple', kind: 'soc',
    aliases: ['M1', 'Apple M1'],
    peak: { fp32: 2.6 }, npuTops: 11,
    memBandwidthGBs: 68.25, releaseYear: 2020, cores: 8,
    sources: 'Apple M1 announcement (Nov 2020): 8-core GPU 2.6 TFLOPS, 16-core Neural Engine 11 TOPS; LPDDR4X-4266 on a 128-bit bus = 68.25 GB/s (derived)',
  },
  {
    id: 'apple-m2', name: 'Apple M2 (10-core GPU)', vendor: 'Apple', kind: 'soc',
    aliases: ['M2', 'Apple M2'],
    peak: { fp32: 3.6 }, npuTops: 15.8,
    memBandwidthGBs: 100, releaseYear: 2022, cores: 8,
    sources: 'Apple M2 announcement (Jun 2022): 10-core GPU 3.6 TFLOPS, Neural Engine 15.8 TOPS, 100 GB/s unified memory bandwidth',
  },
  // ---------------- x86 server CPUs (HELP) ----------------
  {
    id: 'xeon-gold-6226', name: 'Intel Xeon Gold 6226', vendor: 'Intel', kind: 'cpu',
    aliases: ['gold_6226', 'Xeon Gold 6226', 'Gold 6226', 'Intel Xeon Gold 6226'],
    peak: { fp32: 2.074 }, cores: 12, clockGHz: 2.7,
    memBandwidthGBs: 140.8, tdpW: 125, releaseYear: 2019, priceUsd: 1776,
    sources: 'Intel ARK Xeon Gold 6226: 12 cores, 2.7 GHz base, 6x DDR4-2933 (6 x 23.47 = 140.8 GB/s derived), 125 W, $1,776 RCP. FP32 peak derived: 12 x 2.7 GHz x 64 FLOP/cycle (2 AVX-512 FMA units)',
  },
  {
    id: 'xeon-gold-6240', name: 'Intel Xeon Gold 6240', vendor: 'Intel', kind: 'cpu',
    aliases: ['gold_6240', 'Xeon Gold 6240', 'Gold 6240', 'Intel Xeon Gold 6240'],
    peak: { fp32: 2.995 }, cores: 18, clockGHz: 2.6,
    memBandwidthGBs: 140.8, tdpW: 150, releaseYear: 2019, priceUsd: 2445,
    sources: 'Intel ARK Xeon Gold 6240: 18 cores, 2.6 GHz base, 6x DDR4-2933 (140.8 GB/s derived), 150 W, $2,445 RCP. FP32 peak derived: 18 x 2.6 GHz x 64 FLOP/cycle',
  },
  {
    id: 'xeon-silver-4114', name: 'Intel Xeon Silver 4114', vendor: 'Intel', kind: 'cpu',
    aliases: ['silver_4114', 'Xeon Silver 4114', 'Silver 4114', 'Intel Xeon Silver 4114'],
    peak: { fp32: 0.704 }, cores: 10, clockGHz: 2.2,
    memBandwidthGBs: 115.2, tdpW: 85, releaseYear: 2017, priceUsd: 694,
    sources: 'Intel ARK Xeon Silver 4114: 10 cores, 2.2 GHz base, 6x DDR4-2400 (115.2 GB/s derived), 85 W, $694 RCP. FP32 peak derived: 10 x 2.2 GHz x 32 FLOP/cycle (one AVX-512 FMA unit on Silver)',
  },
  {
    id: 'xeon-silver-4210r', name: 'Intel Xeon Silver 4210R', vendor: 'Intel', kind: 'cpu',
    aliases: ['silver_4210r', 'Xeon Silver 4210R', 'Silver 4210R', 'Intel Xeon Silver 4210R'],
    peak: { fp32: 0.768 }, cores: 10, clockGHz: 2.4,
    memBandwidthGBs: 115.2, tdpW: 100, releaseYear: 2020, priceUsd: 501,
    sources: 'Intel ARK Xeon Silver 4210R: 10 cores, 2.4 GHz base, 6x DDR4-2400 (115.2 GB/s derived), 100 W, $501 RCP. FP32 peak derived: 10 x 2.4 GHz x 32 FLOP/cycle',
  },
  {
    id: 'x86-2core-server', name: 'Generic x86 server CPU, 2 vCPUs (AVX-512)', vendor: 'Intel', kind: 'cpu',
    aliases: ['Intel(R) Xeon(R) Processor', 'x86 2-core', '2-core x86', 'generic x86'],
    peak: { fp32: 0.333 }, cores: 2, clockGHz: 2.6,
    releaseYear: 2023,
    sources: 'The 2-vCPU KVM guest Perfcast is developed on (lscpu: "Intel(R) Xeon(R) Processor", AVX-512/AMX flags, BogoMIPS 5200 = 2.6 GHz). FP32 peak derived: 2 x 2.6 GHz x 64 FLOP/cycle; no vendor spec exists for a virtual CPU',
  },
  // ---------------- phones and boards (HELP) ----------------
  {
    id: 'pixel2', name: 'Google Pixel 2 (Snapdragon 835)', vendor: 'Google', kind: 'phone',
    aliases: ['pixel2', 'Pixel 2', 'Google Pixel 2'],
    peak: {}, cores: 8, clockGHz: 2.45, memoryGB: 4, memBandwidthGBs: 29.8, releaseYear: 2017, priceUsd: 649,
    sources: 'Google Pixel 2 tech specs (Snapdragon 835, 4 GB LPDDR4X, $649); Qualcomm Snapdragon 835 product brief (4x 2.45 GHz + 4x 1.9 GHz Kryo 280, LPDDR4X-1866 dual channel = 29.8 GB/s)',
  },
  {
    id: 'pixel3', name: 'Google Pixel 3 (Snapdragon 845)', vendor: 'Google', kind: 'phone',
    aliases: ['pixel3', 'Pixel 3', 'Google Pixel 3'],
    peak: {}, cores: 8, clockGHz: 2.5, memoryGB: 4, memBandwidthGBs: 29.8, releaseYear: 2018, priceUsd: 799,
    sources: 'Google Pixel 3 tech specs (Snapdragon 845, 4 GB, $799); Qualcomm Snapdragon 845 product brief (4x 2.5 GHz + 4x 1.8 GHz Kryo 385, LPDDR4X-1866 = 29.8 GB/s)',
  },
  {
    id: 'samsung-a50', name: 'Samsung Galaxy A50 (Exynos 9610)', vendor: 'Samsung', kind: 'phone',
    aliases: ['samsung_a50', 'Galaxy A50', 'Samsung A50'],
    peak: {}, cores: 8, clockGHz: 2.3, memoryGB: 4, releaseYear: 2019, priceUsd: 350,
    sources: 'Samsung Galaxy A50 specifications (Exynos 9610: 4x 2.3 GHz Cortex-A73 + 4x 1.7 GHz A53, 4 GB base model); price: Samsung US launch ($349.99)',
  },
  {
    id: 'samsung-s7', name: 'Samsung Galaxy S7', vendor: 'Samsung', kind: 'phone',
    aliases: ['samsung_s7', 'Galaxy S7', 'Samsung S7'],
    peak: {}, cores: 8, clockGHz: 2.3, memoryGB: 4, releaseYear: 2016, priceUsd: 669,
    sources: 'Samsung Galaxy S7 specifications (Exynos 8890 4x 2.3 GHz + 4x 1.6 GHz, or Snapdragon 820 in some markets; 4 GB LPDDR4; HELP does not say which SoC)',
  },
  {
    id: 'essential-ph1', name: 'Essential Phone PH-1 (Snapdragon 835)', vendor: 'Essential', kind: 'phone',
    aliases: ['essential_ph_1', 'Essential Ph-1', 'Essential PH-1', 'Essential Phone'],
    peak: {}, cores: 8, clockGHz: 2.45, memoryGB: 4, memBandwidthGBs: 29.8, releaseYear: 2017, priceUsd: 699,
    sources: 'Essential PH-1 specifications (Snapdragon 835, 4 GB, $699 launch)',
  },
  {
    id: 'raspi4', name: 'Raspberry Pi 4 Model B', vendor: 'Raspberry Pi', kind: 'sbc',
    aliases: ['raspi4', 'Raspberry Pi 4', 'RPi4', 'Raspberry Pi 4 Model B'],
    peak: { fp32: 0.048 }, cores: 4, clockGHz: 1.5, memBandwidthGBs: 12.8, memoryGB: 4, tdpW: 7.6, releaseYear: 2019, priceUsd: 55,
    sources: 'Raspberry Pi 4 Model B product brief (BCM2711 4x Cortex-A72 1.5 GHz, LPDDR4-3200 32-bit = 12.8 GB/s derived, 4 GB variant $55, 5V/3A supply). FP32 peak derived: 4 x 1.5 GHz x 8 FLOP/cycle (128-bit NEON FMA); power is the measured full-load figure of ~7.6 W often quoted, not a vendor TDP',
  },
  // ---------------- microcontroller boards (MLPerf Tiny reference systems) ----------------
  {
    id: 'nucleo-l4r5zi', name: 'ST NUCLEO-L4R5ZI (STM32L4R5, Cortex-M4 120 MHz)', vendor: 'STMicroelectronics', kind: 'mcu',
    aliases: ['Nucleo-L4R5ZI', 'NUCLEO_L4R5ZI', 'STM32L4R5ZI', 'STM32L4R5'],
    peak: {}, cores: 1, clockGHz: 0.12, memoryGB: 0.00064, releaseYear: 2017,
    sources: 'ST STM32L4R5ZI datasheet: Arm Cortex-M4F at 120 MHz, 640 KB SRAM, 2 MB flash',
  },
  {
    id: 'nucleo-h7a3zi-q', name: 'ST NUCLEO-H7A3ZI-Q (STM32H7A3, Cortex-M7 280 MHz)', vendor: 'STMicroelectronics', kind: 'mcu',
    aliases: ['NUCLEO-H7A3ZI-Q', 'NUCLEO-H7A3ZI', 'STM32H7A3ZI', 'STM32H7A3'],
    peak: {}, cores: 1, clockGHz: 0.28, memoryGB: 0.0014, releaseYear: 2020,
    sources: 'ST STM32H7A3ZI datasheet: Arm Cortex-M7 at 280 MHz, 1.4 MB SRAM, 2 MB flash',
  },
  {
    id: 'nucleo-u575zi-q', name: 'ST NUCLEO-U575ZI-Q (STM32U575, Cortex-M33 160 MHz)', vendor: 'STMicroelectronics', kind: 'mcu',
    aliases: ['NUCLEO-U575ZI-Q', 'NUCLEO-U575ZI', 'STM32U575ZI', 'STM32U575'],
    peak: {}, cores: 1, clockGHz: 0.16, memoryGB: 0.000786, releaseYear: 2021,
    sources: 'ST STM32U575ZI datasheet: Arm Cortex-M33 at 160 MHz, 786 KB SRAM, 2 MB flash',
  },
  // ---------------- simulated targets (HELP / HW-NAS-Bench) ----------------
  {
    id: 'eyeriss-sim', name: 'Eyeriss (simulated accelerator)', vendor: 'MIT (research)', kind: 'accelerator',
    aliases: ['eyeriss', 'Eyeriss'],
    peak: {}, simulated: true, releaseYear: 2016,
    sources: 'HELP / HW-NAS-Bench: latencies from an Eyeriss accelerator simulator (Chen et al., ISSCC 2016 architecture), not from silicon',
  },
  {
    id: 'fpga-sim', name: 'FPGA accelerator (simulated)', vendor: 'Xilinx (research)', kind: 'fpga',
    aliases: ['fpga', 'FPGA'],
    peak: {}, simulated: true,
    sources: 'HELP / HW-NAS-Bench: latencies from an FPGA accelerator performance model (HW-NAS-Bench, ICLR 2021), not from silicon',
  },
];

const BY_ID: ReadonlyMap<string, HardwareSpec> = new Map(HARDWARE.map((h) => [h.id, h]));

export function getHardware(id: string): HardwareSpec | undefined {
  return BY_ID.get(id);
}

const VENDOR_WORDS = new Set(['nvidia', 'geforce', 'tesla', 'amd', 'intel', 'r', 'tm', 'cpu', 'gpu', 'the']);

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[®™]/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0 && !VENDOR_WORDS.has(t));
}

interface AliasKey {
  readonly spec: HardwareSpec;
  readonly tokens: readonly string[];
  readonly compact: string;
}

const ALIAS_KEYS: readonly AliasKey[] = HARDWARE.flatMap((spec) =>
  [spec.id, spec.name, ...spec.aliases].map((alias) => {
    const t = tokens(alias);
    return { spec, tokens: t, compact: t.join('') };
  }),
);

/** Shortest compact alias allowed to match as a substring: 'l4' must not match 'nucleo-l4r5zi'. */
const MIN_SUBSTRING_MATCH = 6;

/** 'a100' inside 'a10040gb' must not count as 'a10': a digit may not continue a digit-ending match. */
function containsAtDigitBoundary(haystack: string, needle: string): boolean {
  const endsWithDigit = /[0-9]$/.test(needle);
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const next = haystack[at + needle.length];
    if (!endsWithDigit || next === undefined || !/[0-9]/.test(next)) return true;
  }
  return false;
}

/**
 * Resolve a device name as written in a data set or reported by a driver ('NVIDIA A100-SXM4-80GB',
 * 'a100', '2080ti', 'RTX 2080 Ti', '4x H100 80GB SXM5', 'titan_rtx') to a catalog entry.
 * An alias matches when all its tokens occur in the name (any order), or when its compact form
 * (>= 6 characters) occurs inside the name's compact form; the most specific (longest) match wins.
 */
export function findHardware(nameLike: string): HardwareSpec | undefined {
  const direct = BY_ID.get(nameLike);
  if (direct) return direct;
  const inputTokens = tokens(nameLike);
  if (inputTokens.length === 0) return undefined;
  const inputSet = new Set(inputTokens);
  const inputCompact = inputTokens.join('');
  let best: AliasKey | undefined;
  let bestScore = 0;
  for (const key of ALIAS_KEYS) {
    if (key.tokens.length === 0) continue;
    const tokenMatch = key.tokens.every((t) => inputSet.has(t));
    const exact = key.compact === inputCompact;
    const substringMatch = key.compact.length >= MIN_SUBSTRING_MATCH && containsAtDigitBoundary(inputCompact, key.compact);
    if (!tokenMatch && !exact && !substringMatch) continue;
    const score = key.compact.length + (exact ? 1000 : 0);
    if (score > bestScore) {
      best = key;
      bestScore = score;
    }
  }
  return best?.spec;
}

export type RatePrecision = keyof PeakRates;

/**
 * Peak rate for a record precision, falling back where the hardware runs that precision on a
 * wider path: bf16 -> fp16 -> fp32, fp8 -> fp16 path, int4 -> int8. Returns the rate and the
 * precision whose figure was used, or undefined when the catalog has nothing usable.
 */
export function peakFor(spec: HardwareSpec, precision: string): { tflops: number; usedPrecision: RatePrecision } | undefined {
  const chains: Record<string, readonly RatePrecision[]> = {
    fp32: ['fp32'],
    tf32: ['tf32', 'fp32'],
    fp16: ['fp16', 'fp32'],
    bf16: ['bf16', 'fp16', 'fp32'],
    fp8: ['fp8', 'fp16', 'bf16', 'fp32'],
    int8: ['int8', 'fp16', 'fp32'],
    int4: ['int4', 'int8', 'fp16', 'fp32'],
    fp4: ['fp4', 'fp8', 'fp16', 'fp32'],
  };
  for (const p of chains[precision] ?? ['fp32']) {
    const v = spec.peak[p];
    if (v !== undefined) return { tflops: v, usedPrecision: p };
  }
  return undefined;
}

/** The record's `hw_*` columns for a catalog entry (only the values the catalog knows). */
export function hwSpecColumns(spec: HardwareSpec): Record<string, number> {
  const out: Record<string, number> = {};
  if (spec.peak.fp32 !== undefined) out.hw_peak_tflops_fp32 = spec.peak.fp32;
  const half = spec.peak.fp16 ?? spec.peak.bf16;
  if (half !== undefined) out.hw_peak_tflops_fp16 = half;
  if (spec.peak.int8 !== undefined) out.hw_peak_tops_int8 = spec.peak.int8;
  if (spec.memBandwidthGBs !== undefined) out.hw_mem_bw_gbs = spec.memBandwidthGBs;
  if (spec.memoryGB !== undefined) out.hw_mem_gb = spec.memoryGB;
  if (spec.tdpW !== undefined) out.hw_tdp_w = spec.tdpW;
  if (spec.priceUsd !== undefined) out.hw_price_usd = spec.priceUsd;
  return out;
}
