/**
 * Estimators: each returns its estimate and the weighted influence values x_i = w_i · influence_i
 * that taylorVariance turns into a variance. A domain is a 0/1 mask over the full sample, so domain
 * estimates keep the full design (R's subset()/svyby), never dropping the rest of the sample.
 */
import type { Design } from './design';

export interface Linearized {
  estimate: number;
  /** Weighted influence values, one per observation (0 outside the domain). */
  influence: Float64Array;
  /** The per-observation values whose weighted variance is the SRS reference for the design effect. */
  srsValues: ArrayLike<number>;
  /** mean-type (deff against the SRS variance of a mean) or total-type. */
  scale: 'mean' | 'total';
}

function inDomain(domain: Uint8Array | undefined, i: number): boolean {
  return !domain || domain[i]! === 1;
}

/** Weighted mean (or proportion of a 0/1 variable) in the domain. */
export function mean(design: Design, y: ArrayLike<number>, domain?: Uint8Array): Linearized {
  let weightSum = 0;
  let weighted = 0;
  for (let i = 0; i < design.n; i++) {
    if (!inDomain(domain, i)) continue;
    weightSum += design.weights[i]!;
    weighted += design.weights[i]! * y[i]!;
  }
  const estimate = weighted / weightSum;
  const influence = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) {
    if (inDomain(domain, i)) influence[i] = (design.weights[i]! * (y[i]! - estimate)) / weightSum;
  }
  return { estimate, influence, srsValues: y, scale: 'mean' };
}

/** Weighted total in the domain. */
export function total(design: Design, y: ArrayLike<number>, domain?: Uint8Array): Linearized {
  let estimate = 0;
  const influence = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) {
    if (!inDomain(domain, i)) continue;
    influence[i] = design.weights[i]! * y[i]!;
    estimate += influence[i]!;
  }
  return { estimate, influence, srsValues: y, scale: 'total' };
}

/** Ratio of two totals, e.g. awareness = correct answers / answered items. */
export function ratio(design: Design, numerator: ArrayLike<number>, denominator: ArrayLike<number>, domain?: Uint8Array): Linearized {
  let top = 0;
  let bottom = 0;
  for (let i = 0; i < design.n; i++) {
    if (!inDomain(domain, i)) continue;
    top += design.weights[i]! * numerator[i]!;
    bottom += design.weights[i]! * denominator[i]!;
  }
  const estimate = top / bottom;
  const residual = new Float64Array(design.n);
  const influence = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) {
    residual[i] = (numerator[i]! - estimate * denominator[i]!) / bottom;
    if (inDomain(domain, i)) influence[i] = design.weights[i]! * residual[i]!;
  }
  // R's deff for a ratio is that of the total of its residuals.
  return { estimate, influence, srsValues: residual, scale: 'total' };
}
