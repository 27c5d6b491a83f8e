/**
 * The difference between an estimate in two domains of one design (region against region, CAPI against
 * CAWI, a county against its province, one survey round against another), with its standard error from the
 * joint design: the influence values of the two estimates are subtracted before the one variance routine
 * sees them, so their covariance — shared sites, shared strata, interviews in both groups, the calibration —
 * is in the SE, as R's svyby(..., covmat = TRUE) + svycontrast(c(1, -1)) computes it (and svycontrast of
 * yA/xA − yB/xB on the domain totals, for groups that overlap). Independent samples would add the two
 * variances instead; that figure is reported beside it, to show what the covariance changes.
 */
import type { Label } from '../domain/label';
import type { Design } from './design';
import { estimateStatistic, type EstimateOptions, type DomainEstimate, type Estimate, type Statistic } from './estimate';
import { mean, ratio, total, type Linearized } from './estimators';
import { tCdf, tQuantile } from './distributions';
import { degreesOfFreedom, taylorVariance } from './variance';

export interface Difference {
  /** Estimate in A minus estimate in B. */
  estimate: number;
  se: number;
  ciLow: number;
  ciHigh: number;
  /** Design df of the interviews in either group (R's degf of that subset). */
  df: number;
  /** Two-sided p-value of "no difference", t on df; null when the SE is 0. */
  pValue: number | null;
  /** Covariance of the two estimates through the joint design. */
  covariance: number;
  /** The SE as if A and B were independent samples, √(SE_A² + SE_B²), for comparison only. */
  independentSe: number;
}

export interface Comparison {
  a: DomainEstimate;
  b: DomainEstimate;
  /** null when either domain has no observation with a weight. */
  difference: Difference | null;
}

function linearize(design: Design, statistic: Statistic, domain: Uint8Array): Linearized {
  if (statistic.statistic === 'ratio') return ratio(design, statistic.numerator, statistic.denominator, domain);
  return statistic.statistic === 'total' ? total(design, statistic.values, domain) : mean(design, statistic.values, domain);
}

/**
 * Compares a mean, proportion, total or ratio between domains a and b (0/1 masks over the design; they may
 * overlap). Each side is estimated as estimateStatistic would (same SE, CI, deff and n as the estimates
 * route); the difference's variance is the design variance of (influence in A − influence in B).
 */
export function compareDomains(design: Design, statistic: Statistic, a: Uint8Array, b: Uint8Array, options: EstimateOptions): Comparison {
  const rowA = estimateStatistic(design, statistic, options, a);
  const rowB = estimateStatistic(design, statistic, options, b);
  if (rowA.estimate === null || rowB.estimate === null) return { a: rowA, b: rowB, difference: null };
  const influenceA = linearize(design, statistic, a).influence;
  const influenceB = linearize(design, statistic, b).influence;
  const either = Uint8Array.from(a, (inA, i) => inA | b[i]!);
  const contrast = Float64Array.from(influenceA, (z, i) => z - influenceB[i]!);
  const variance = taylorVariance(design, contrast, options.lonelyPsu, either);
  const varianceA = taylorVariance(design, influenceA, options.lonelyPsu, either);
  const varianceB = taylorVariance(design, influenceB, options.lonelyPsu, either);
  return { a: rowA, b: rowB, difference: differenceSummary(rowA, rowB, variance, (varianceA + varianceB - variance) / 2, degreesOfFreedom(design, either), options.level) };
}

function differenceSummary(a: Estimate, b: Estimate, variance: number, covariance: number, df: number, level: number): Difference {
  const estimate = a.estimate - b.estimate;
  const se = Math.sqrt(Math.max(variance, 0));
  const t = tQuantile(1 - (1 - level) / 2, df);
  return {
    estimate,
    se,
    ciLow: estimate - t * se,
    ciHigh: estimate + t * se,
    df,
    pValue: se > 0 ? 2 * tCdf(-Math.abs(estimate / se), df) : null,
    covariance,
    independentSe: Math.sqrt(a.se * a.se + b.se * b.se),
  };
}

export type Significance = 'significant' | 'not significant' | 'untestable';

/** Significant when the two-sided p is below 1 − level (the CI of the difference then leaves out 0); untestable with an SE of 0. */
export function significanceOf(pValue: number | null, level = 0.95): Significance {
  if (pValue === null) return 'untestable';
  return pValue < alphaOf(level) ? 'significant' : 'not significant';
}

export const SIGNIFICANCE_LABELS: Record<Significance, Label> = {
  significant: { 'zh-cn': '差异有统计学意义', en: 'statistically significant' },
  'not significant': { 'zh-cn': '差异无统计学意义', en: 'not statistically significant' },
  untestable: { 'zh-cn': '无法检验', en: 'cannot be tested' },
};

const alphaOf = (level: number) => Number((1 - level).toFixed(6));
const points = (value: number) => `${(100 * Math.abs(value)).toFixed(1)}`;
const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/**
 * The plain reading of A − B at the given confidence level, as a report writes it: which group is higher by
 * how many percentage points, and whether the difference is statistically significant (significanceOf).
 */
export function readDifference(difference: Pick<Difference, 'estimate' | 'pValue'>, groups: { a: Label; b: Label }, level = 0.95): Label {
  const alpha = alphaOf(level);
  const { a, b } = groups;
  const { estimate, pValue } = difference;
  const zhSize = estimate === 0 ? `“${a['zh-cn']}”与“${b['zh-cn']}”的估计值相同` : `“${a['zh-cn']}”比“${b['zh-cn']}”${estimate > 0 ? '高' : '低'} ${points(estimate)} 个百分点`;
  const enSize = estimate === 0 ? `${a.en} and ${b.en} have the same estimate` : `${a.en} is ${points(estimate)} percentage points ${estimate > 0 ? 'higher' : 'lower'} than ${b.en}`;
  if (pValue === null) return { 'zh-cn': `${zhSize}；差值的标准误为 0，无法检验。`, en: `${enSize}; the SE of the difference is 0, so it cannot be tested.` };
  const significant = significanceOf(pValue, level) === 'significant';
  return {
    'zh-cn': `${zhSize}，差异${significant ? '有' : '无'}统计学意义（${pText(pValue)}，${significant ? '<' : '≥'} ${alpha}）。`,
    en: `${enSize}; the difference is ${significant ? '' : 'not '}statistically significant (${pText(pValue)}, ${significant ? '<' : '≥'} ${alpha}).`,
  };
}
