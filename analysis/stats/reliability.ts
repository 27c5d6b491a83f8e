/**
 * Reliability of an estimated proportion, after the NCHS Data Presentation Standards for Proportions
 * (Parker et al., Vital Health Stat 2(175), 2017), with the interval the estimate is reported with:
 * - effective sample size n_eff = n / deff (deff taken as at least 1; n_eff = n at p̂ = 0 or 1) under 30,
 *   or fewer than 30 interviews → unreliable;
 * - absolute CI width of 30 percentage points or more → unreliable;
 * - absolute CI width over 5 points and relative CI width (width / p̂) over 130% → unreliable;
 * - relative standard error over 30% → unreliable (the older NCHS rule many reports still quote);
 * - fewer than 8 design degrees of freedom → review (NCHS: flag for statistical review).
 */
import type { Label } from '../domain/label';
import { atBoundary } from './intervals';

export const RELIABILITY_FLAGS = ['reliable', 'review', 'unreliable'] as const;
export type ReliabilityFlag = (typeof RELIABILITY_FLAGS)[number];

export const RELIABILITY_REASONS = ['n', 'effective-n', 'ci-width', 'relative-ci-width', 'relative-se', 'df'] as const;
export type ReliabilityReason = (typeof RELIABILITY_REASONS)[number];

export interface Reliability {
  flag: ReliabilityFlag;
  reasons: ReliabilityReason[];
  effectiveN: number;
  ciWidth: number;
  /** CI width over the estimate; null at p̂ = 0. */
  relativeCiWidth: number | null;
  /** SE over the estimate; null at p̂ = 0. */
  relativeSe: number | null;
}

export const RELIABILITY_LABELS: Record<ReliabilityFlag, Label> = {
  reliable: { 'zh-cn': '可靠', en: 'Reliable' },
  review: { 'zh-cn': '需复核', en: 'Review' },
  unreliable: { 'zh-cn': '谨慎解读', en: 'Unreliable' },
};

export const RELIABILITY_REASON_LABELS: Record<ReliabilityReason, Label> = {
  n: { 'zh-cn': '样本量不足30', en: 'fewer than 30 interviews' },
  'effective-n': { 'zh-cn': '有效样本量不足30', en: 'effective sample size under 30' },
  'ci-width': { 'zh-cn': '置信区间宽度≥30个百分点', en: 'CI width of 30 points or more' },
  'relative-ci-width': { 'zh-cn': '相对置信区间宽度>130%', en: 'relative CI width over 130%' },
  'relative-se': { 'zh-cn': '相对标准误>30%', en: 'relative SE over 30%' },
  df: { 'zh-cn': '自由度不足8', en: 'fewer than 8 degrees of freedom' },
};

const UNRELIABLE: readonly ReliabilityReason[] = ['n', 'effective-n', 'ci-width', 'relative-ci-width', 'relative-se'];

export function reliabilityOf({ estimate, se, ciLow, ciHigh, n, df }: { estimate: number; se: number; ciLow: number; ciHigh: number; n: number; df: number }): Reliability {
  const effectiveN = atBoundary(estimate) || se === 0 ? n : Math.min(n, (estimate * (1 - estimate)) / (se * se));
  const ciWidth = ciHigh - ciLow;
  const relativeCiWidth = estimate > 0 ? ciWidth / estimate : null;
  const relativeSe = estimate > 0 ? se / estimate : null;
  const reasons: ReliabilityReason[] = [];
  if (n < 30) reasons.push('n');
  if (effectiveN < 30) reasons.push('effective-n');
  if (ciWidth >= 0.3) reasons.push('ci-width');
  else if (ciWidth > 0.05 && relativeCiWidth !== null && relativeCiWidth > 1.3) reasons.push('relative-ci-width');
  if (relativeSe !== null && relativeSe > 0.3) reasons.push('relative-se');
  if (df < 8) reasons.push('df');
  const flag: ReliabilityFlag = reasons.some((reason) => UNRELIABLE.includes(reason)) ? 'unreliable' : reasons.length > 0 ? 'review' : 'reliable';
  return { flag, reasons, effectiveN, ciWidth, relativeCiWidth, relativeSe };
}
