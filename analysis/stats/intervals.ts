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
}

export function waldInterval({ estimate, se, df, level }: IntervalInput): [number, number] {
  const t = tQuantile(1 - (1 - level) / 2, df);
  return [estimate - t * se, estimate + t * se];
}

/** Wald interval on the logit scale, back-transformed (svyglm quasibinomial intercept). */
export function logitInterval({ estimate, se, df, level }: IntervalInput): [number, number] {
  const t = tQuantile(1 - (1 - level) / 2, df);
  const center = Math.log(estimate / (1 - estimate));
  const half = (t * se) / (estimate * (1 - estimate));
  const expit = (v: number) => 1 / (1 + Math.exp(-v));
  return [expit(center - half), expit(center + half)];
}

/** Korn-Graubard (beta) interval with R's effective sample size adjusted by t quantiles. */
export function betaInterval({ estimate, se, df, level, n }: IntervalInput): [number, number] {
  const alpha = 1 - level;
  const ratio = tQuantile(alpha / 2, n - 1) / tQuantile(alpha / 2, df);
  const effectiveN = ((estimate * (1 - estimate)) / (se * se)) * ratio * ratio;
  return [
    betaQuantile(alpha / 2, effectiveN * estimate, effectiveN * (1 - estimate) + 1),
    betaQuantile(1 - alpha / 2, effectiveN * estimate + 1, effectiveN * (1 - estimate)),
  ];
}

export function interval(method: IntervalMethod, input: IntervalInput): [number, number] {
  if (method === 'logit') return logitInterval(input);
  if (method === 'beta') return betaInterval(input);
  return waldInterval(input);
}
