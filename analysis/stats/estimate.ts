/** From a linearized estimator to a reported row: SE, design effect, df and confidence interval. */
import type { Design, LonelyPsu } from './design';
import type { Linearized } from './estimators';
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

/** Design effect as R's deff = TRUE: the design variance over the without-replacement SRS variance. */
function designEffect(design: Design, linearized: Linearized, variance: number, domain?: Uint8Array): number {
  let weightSum = 0;
  let weighted = 0;
  let observations = 0;
  for (let i = 0; i < design.n; i++) {
    if (domain && !domain[i]!) continue;
    const w = design.weights[i]!;
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
  const elementVariance = ((spread / weightSum) * observations) / (observations - 1);
  const withoutReplacement = (weightSum - observations) / (weightSum * observations);
  if (linearized.scale === 'mean') {
    return weightSum < observations ? NaN : variance / (elementVariance * withoutReplacement);
  }
  return variance / (elementVariance * weightSum * weightSum * withoutReplacement);
}

export function summarize(design: Design, linearized: Linearized, options: EstimateOptions, domain?: Uint8Array): Estimate {
  const variance = taylorVariance(design, linearized.influence, options.lonelyPsu, domain);
  const se = Math.sqrt(variance);
  const df = degreesOfFreedom(design, domain);
  let n = 0;
  let rows = 0;
  for (let i = 0; i < design.n; i++) {
    if (domain && !domain[i]!) continue;
    rows++;
    if (design.weights[i]! !== 0) n++;
  }
  const subdesignRows = design.calibration.length > 0 ? design.n : rows;
  const [ciLow, ciHigh] = interval(options.ci, { estimate: linearized.estimate, se, df, level: options.level, n: subdesignRows });
  return { estimate: linearized.estimate, se, ciLow, ciHigh, deff: designEffect(design, linearized, variance, domain), n, df };
}
