/** Compares a run's outputs with a reference run's outputs within a tolerance. */

export interface OutputTensor {
  readonly dims: readonly number[];
  /** Numeric contents; bigint contents (int64 outputs) are compared after conversion. */
  readonly data: ArrayLike<number | bigint>;
}

export type Outputs = Readonly<Record<string, OutputTensor>>;

export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
  /**
   * When set, an output passes on its relative L2 error (||actual - ref|| / ||ref||) instead of
   * element by element. Dynamic int8 quantisation needs this: a last-bit difference before
   * DynamicQuantizeLinear flips one rounding and moves a whole row by a quantisation step, and
   * fused and unfused integer kernels saturate differently, so single elements legitimately differ.
   */
  readonly relL2?: number;
}

export interface OutputCheck {
  readonly status: 'pass' | 'fail' | 'skipped';
  /** What it was compared against, e.g. 'wasm (optimizations off)'. */
  readonly reference: string;
  readonly maxAbsError: number | null;
  readonly mismatches: number;
  readonly detail: string;
}

/** fp32 kernels differ by summation order; reduced precisions get looser bounds. */
export function toleranceFor(precision: string): Tolerance {
  switch (precision) {
    case 'fp32': return { atol: 1e-3, rtol: 1e-2 };
    case 'fp16':
    case 'bf16': return { atol: 2e-2, rtol: 5e-2 };
    default: return { atol: 5e-2, rtol: 1e-1, relL2: 5e-2 };
  }
}

export function skippedCheck(reason: string): OutputCheck {
  return { status: 'skipped', reference: 'none', maxAbsError: null, mismatches: 0, detail: reason };
}

export function compareOutputs(actual: Outputs, expected: Outputs, tolerance: Tolerance, reference: string): OutputCheck {
  const fail = (detail: string, maxAbsError: number | null = null, mismatches = 0): OutputCheck =>
    ({ status: 'fail', reference, maxAbsError, mismatches, detail });
  const expectedNames = Object.keys(expected).sort();
  const actualNames = Object.keys(actual).sort();
  if (expectedNames.join('\u0000') !== actualNames.join('\u0000')) {
    return fail(`output names differ: got [${actualNames.join(', ')}], expected [${expectedNames.join(', ')}]`);
  }
  let maxAbsError = 0;
  let mismatches = 0;
  let firstMismatch = '';
  let worstRelL2 = 0;
  let relL2Failure = '';
  for (const name of expectedNames) {
    const a = actual[name];
    const e = expected[name];
    if (a.dims.join('x') !== e.dims.join('x')) {
      return fail(`output '${name}' has shape [${a.dims.join(', ')}], expected [${e.dims.join(', ')}]`);
    }
    if (a.data.length !== e.data.length) {
      return fail(`output '${name}' has ${a.data.length} values, expected ${e.data.length}`);
    }
    let diffSquares = 0;
    let refSquares = 0;
    for (let i = 0; i < e.data.length; i++) {
      const got = Number(a.data[i]);
      const want = Number(e.data[i]);
      const error = Math.abs(got - want);
      diffSquares += (got - want) ** 2;
      refSquares += want ** 2;
      const bad = Number.isNaN(got) !== Number.isNaN(want) || (!Number.isNaN(want) && !(error <= tolerance.atol + tolerance.rtol * Math.abs(want)));
      if (Number.isFinite(error)) maxAbsError = Math.max(maxAbsError, error);
      if (bad) {
        if (mismatches === 0) firstMismatch = `${name}[${i}] = ${got}, expected ${want}`;
        mismatches++;
      }
    }
    if (tolerance.relL2 !== undefined) {
      const relL2 = Math.sqrt(diffSquares) / Math.max(Math.sqrt(refSquares), Number.MIN_VALUE);
      if (!(relL2 <= tolerance.relL2) && !relL2Failure) relL2Failure = `output '${name}' relative L2 error ${Number.isNaN(relL2) ? 'NaN' : relL2.toExponential(2)} > ${tolerance.relL2}`;
      if (Number.isFinite(relL2)) worstRelL2 = Math.max(worstRelL2, relL2);
      else worstRelL2 = Number.POSITIVE_INFINITY;
    }
  }
  if (tolerance.relL2 !== undefined) {
    if (relL2Failure) return fail(relL2Failure, maxAbsError, mismatches);
    return {
      status: 'pass', reference, maxAbsError, mismatches,
      detail: `relative L2 error ${worstRelL2.toExponential(2)} within ${tolerance.relL2} (${mismatches} single values outside atol ${tolerance.atol} + rtol ${tolerance.rtol})`,
    };
  }
  if (mismatches > 0) {
    return fail(`${mismatches} values outside atol ${tolerance.atol} + rtol ${tolerance.rtol}; first: ${firstMismatch}`, maxAbsError, mismatches);
  }
  return { status: 'pass', reference, maxAbsError, mismatches: 0, detail: `max |error| ${maxAbsError.toExponential(2)} within atol ${tolerance.atol} + rtol ${tolerance.rtol}` };
}
