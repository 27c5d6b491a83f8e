/** From a linearized estimator to a reported row: SE, design effect, df and confidence interval. */
import { interviewCount, type Design, type LonelyPsu } from './design';
import { mean, ratio, total, type Linearized } from './estimators';
import { interval, type IntervalMethod } from './intervals';
import { degreesOfFreedom, taylorVariance } from './variance';

export interface EstimateOptions {
  lonelyPsu: LonelyPsu;
  ci: IntervalMethod;
  level: number;
}

export interface Estimate {
  estimate: number;
  se: number;
  ciLow: number;
  ciHigh: number;
  deff: number;
  /** Observations in the domain with a non-zero weight. */
  n: number;
  df: number;
}

/** An estimate as rows report it: every figure null where the domain had no data. */
export type ReportedEstimate = { [K in Exclude<keyof Estimate, 'n'>]: number | null } & { n: number };

/**
 * What the design effect needs of the observations in a domain: their weight sum, how many have a non-zero
 * weight, how many rows the (sub)design has, and the weighted squared spread Σ w·(v − v̄)² of the SRS
 * reference values. The element-level path reads them off the observations; a per-PSU path (analysis/
 * indicators/psuSums.ts) has them from its sums, so both end in the same summary.
 */
export interface ElementSpread {
  weightSum: number;
  observations: number;
  rows: number;
  spread: number;
}

/** The element spread of a linearized estimator, straight from its observations. */
export function elementSpread(design: Design, linearized: Linearized, domain?: Uint8Array): ElementSpread {
  let weightSum = 0;
  let weighted = 0;
  let observations = 0;
  let rows = 0;
  for (let i = 0; i < design.n; i++) {
    if (domain && !domain[i]!) continue;
    const w = design.weights[i]!;
    rows++;
    weightSum += w;
    weighted += w * linearized.srsValues[i]!;
    if (w !== 0) observations++;
  }
  const center = weighted / weightSum;
  let spread = 0;
  for (let i = 0; i < design.n; i++) {
    if (domain && !domain[i]!) continue;
    const d = linearized.srsValues[i]! - center;
    spread += design.weights[i]! * d * d;
  }
  return { weightSum, observations, rows, spread };
}

/** Design effect as R's deff = TRUE: the design variance over the without-replacement SRS variance. */
function designEffect(scale: Linearized['scale'], variance: number, { weightSum, observations, spread }: ElementSpread): number {
  const elementVariance = ((spread / weightSum) * observations) / (observations - 1);
  const withoutReplacement = (weightSum - observations) / (weightSum * observations);
  if (scale === 'mean') {
    return weightSum < observations ? NaN : variance / (elementVariance * withoutReplacement);
  }
  return variance / (elementVariance * weightSum * weightSum * withoutReplacement);
}

/**
 * The one summary every estimate ends in: SE (Taylor linearization), df, confidence interval and design
 * effect. `elements` defaults to the design's own observations; a per-PSU design passes its element spread.
 */
export function summarize(design: Design, linearized: Linearized, options: EstimateOptions, domain?: Uint8Array, elements = elementSpread(design, linearized, domain)): Estimate {
  const variance = taylorVariance(design, linearized.influence, options.lonelyPsu, domain);
  const se = Math.sqrt(variance);
  const df = degreesOfFreedom(design, domain);
  const subdesignRows = design.calibration.length > 0 ? interviewCount(design) : elements.rows;
  const [ciLow, ciHigh] = interval(options.ci, { estimate: linearized.estimate, se, df, level: options.level, n: subdesignRows, observations: elements.observations });
  return { estimate: linearized.estimate, se, ciLow, ciHigh, deff: designEffect(linearized.scale, variance, elements), n: elements.observations, df };
}

/** A statistic asked of the engine: one variable (or a numerator and denominator for a ratio). */
export type Statistic =
  | { statistic: 'mean' | 'prop' | 'total'; variable: string; values: ArrayLike<number> }
  | { statistic: 'ratio'; variable: string; numerator: ArrayLike<number>; denominator: ArrayLike<number> };

export type DomainEstimate = Estimate | { estimate: null; se: null; ciLow: null; ciHigh: null; deff: null; n: 0; df: null; note: 'no data' };

const NO_DATA: DomainEstimate = { estimate: null, se: null, ciLow: null, ciHigh: null, deff: null, n: 0, df: null, note: 'no data' };

/** Estimates a statistic in a domain; an empty domain gives a "no data" row rather than NaNs or an error. */
export function estimateStatistic(design: Design, statistic: Statistic, options: EstimateOptions, domain?: Uint8Array): DomainEstimate {
  let observed = 0;
  for (let i = 0; i < design.n; i++) if ((!domain || domain[i]) && design.weights[i] !== 0) observed++;
  if (observed === 0) return NO_DATA;
  let linearized: Linearized;
  if (statistic.statistic === 'ratio') linearized = ratio(design, statistic.numerator, statistic.denominator, domain);
  else if (statistic.statistic === 'total') linearized = total(design, statistic.values, domain);
  else linearized = mean(design, statistic.values, domain);
  // logit and beta intervals are for proportions; other statistics get the Wald interval.
  const ci = statistic.statistic === 'prop' ? options.ci : 'wald';
  return summarize(design, linearized, { ...options, ci }, domain);
}
