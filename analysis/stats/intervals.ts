/** Confidence intervals as R's confint(df = degf) and svyciprop(method = 'mean' | 'logit' | 'beta'). */
import { betaQuantile, tQuantile } from './distributions';

export type IntervalMethod = 'wald' | 'logit' | 'beta';

export interface IntervalInput {
  estimate: number;
  se: number;
  df: number;
  level: number;
  /** Observations in the (sub)design, for the Korn-Graubard effective sample size. */
  n: number;
  /** Observations in the domain with a weight (n when left out): the effective sample size at p̂ = 0 or 1. */
  observations?: number;
}

export function waldInterval({ estimate, se, df, level }: IntervalInput): [number, number] {
  const t = tQuantile(1 - (1 - level) / 2, df);
  return [estimate - t * se, estimate + t * se];
}

/** Wald interval on the logit scale, back-transformed (svyglm quasibinomial intercept). */
export function logitInterval(input: IntervalInput): [number, number] {
  const { estimate, se, df, level } = input;
  if (atBoundary(estimate)) return boundaryInterval(input);
  const t = tQuantile(1 - (1 - level) / 2, df);
  const center = Math.log(estimate / (1 - estimate));
  const half = (t * se) / (estimate * (1 - estimate));
  const expit = (v: number) => 1 / (1 + Math.exp(-v));
  return [expit(center - half), expit(center + half)];
}

/** p̂ = 0 or 1 up to rounding (a sum of equal weights over itself can come out a hair below 1). */
export const atBoundary = (estimate: number): boolean => estimate <= 1e-12 || estimate >= 1 - 1e-12;

/** (t quantile on n − 1 df / on the design df)², R's and NCHS's degrees-of-freedom adjustment of the effective sample size. */
function dfAdjustment(n: number, df: number, level: number): number {
  const alpha = 1 - level;
  const ratio = tQuantile(alpha / 2, n - 1) / tQuantile(alpha / 2, df);
  return ratio * ratio;
}

/**
 * Korn-Graubard (beta) interval with R's effective sample size p̂(1 − p̂)/SE² adjusted by t quantiles,
 * as svyciprop(method = "beta"). At p̂ = 0 or 1 R's effective sample size is 0/0 and its interval NaN;
 * there the NCHS presentation standards for proportions (Parker et al. 2017) set the design effect to 1,
 * so the effective sample size is the domain's n (with the same df adjustment), and the interval runs
 * from 0 to the Clopper-Pearson-type bound Beta(1 − α/2; 1, n_eff) (or mirrored at 1).
 */
export function betaInterval(input: IntervalInput): [number, number] {
  const { estimate, se, df, level, n } = input;
  if (atBoundary(estimate)) return boundaryInterval(input);
  const alpha = 1 - level;
  const effectiveN = ((estimate * (1 - estimate)) / (se * se)) * dfAdjustment(n, df, level);
  return [
    betaQuantile(alpha / 2, effectiveN * estimate, effectiveN * (1 - estimate) + 1),
    betaQuantile(1 - alpha / 2, effectiveN * estimate + 1, effectiveN * (1 - estimate)),
  ];
}

/** The NCHS Korn-Graubard interval at p̂ = 0 or 1, where every method falls back to it (the logit is undefined there). */
export function boundaryInterval({ estimate, df, level, n, observations = n }: IntervalInput): [number, number] {
  const effectiveN = observations * dfAdjustment(observations, df, level);
  const alpha = 1 - level;
  if (estimate < 0.5) return [0, betaQuantile(1 - alpha / 2, 1, effectiveN)];
  return [betaQuantile(alpha / 2, effectiveN, 1), 1];
}

export function interval(method: IntervalMethod, input: IntervalInput): [number, number] {
  if (method === 'logit') return logitInterval(input);
  if (method === 'beta') return betaInterval(input);
  return waldInterval(input);
}
