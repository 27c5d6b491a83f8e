/** How an estimate is judged against its indicator's target rule (analysis/indicators/registry.ts). */
import type { Label } from '../domain/label';
import { regionOf, REGIONS, type Region } from '../domain/regions';
import { tCdf } from '../stats/distributions';
import { reliabilityOf, type Reliability } from '../stats/reliability';
import { findIndicator, NOT_MEASURED, NOT_MEASURED_LABEL, type TargetRule } from './registry';

export const TARGET_STATUSES = ['met', 'not met', 'inconclusive'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export const TARGET_STATUS_LABELS: Record<TargetStatus, Label> = {
  met: { 'zh-cn': '达标', en: 'Met' },
  'not met': { 'zh-cn': '未达标', en: 'Not met' },
  inconclusive: { 'zh-cn': '无法判定', en: 'Inconclusive' },
};

/** What an estimate row's status says: its target status, or that the selected version(s) do not ask the indicator. */
export type EstimateStatus = TargetStatus | typeof NOT_MEASURED;
export const ESTIMATE_STATUSES: readonly EstimateStatus[] = [...TARGET_STATUSES, NOT_MEASURED];
export const ESTIMATE_STATUS_LABELS: Record<EstimateStatus, Label> = { ...TARGET_STATUS_LABELS, [NOT_MEASURED]: NOT_MEASURED_LABEL };

/** The region a domain lies in: its region, or the region of its province or county; null across regions. */
export function regionOfDomain(domain: Record<string, string> | null): Region | null {
  if (!domain) return null;
  if (domain.region) return (REGIONS as readonly string[]).includes(domain.region) ? (domain.region as Region) : null;
  const code = domain.county ?? domain.province;
  return code ? (regionOf(code) ?? null) : null;
}

export function targetOfRule(rule: TargetRule | null, domain: Record<string, string> | null): number | null {
  if (!rule) return null;
  if (rule.kind === 'fixed') return rule.value;
  const region = regionOfDomain(domain);
  return region ? rule.values[region] : null;
}

/** The target an estimate is judged against, or null when the indicator has none in this domain. */
export function targetFor(indicator: string, domain: Record<string, string> | null): number | null {
  return targetOfRule(findIndicator(indicator)?.target ?? null, domain);
}

/** met: the whole interval is at or above the target; not met: it is all below; otherwise inconclusive. */
export function targetStatus(target: number, ciLow: number, ciHigh: number): TargetStatus {
  if (ciLow >= target) return 'met';
  if (ciHigh < target) return 'not met';
  return 'inconclusive';
}

/** How an estimate reads: against its target (status, difference, one-sided test) and how reliable it is. */
export interface Judgement {
  target: number | null;
  status: TargetStatus | null;
  difference: number | null;
  /**
   * p-value of the one-sided test of H0 "the true value is at most the target" against "above it":
   * t = (estimate − target) / SE on the design df. Small: the target is met beyond chance; near 1: the
   * estimate is below it beyond chance (1 − p is the p-value of the test the other way).
   */
  pAboveTarget: number | null;
  reliability: Reliability | null;
}

/** A row with no estimate (no eligible interview in the domain) is not judged. */
export const UNJUDGED = { status: null, difference: null, pAboveTarget: null, reliability: null } as const;

/** One-sided p-value of H0: θ ≤ target; null where it is undefined (SE 0 and the estimate on the target). */
export function pAboveTarget(target: number, { estimate, se, df }: { estimate: number; se: number; df: number }): number | null {
  const p = tCdf((target - estimate) / se, df);
  return Number.isFinite(p) ? p : null;
}

/** The target of an estimate, whether its interval meets it, by how much it differs, the one-sided test, and its reliability. */
export function judge(indicator: string, domain: Record<string, string> | null, summary: { estimate: number; se: number; ciLow: number; ciHigh: number; n: number; df: number }): Judgement {
  const target = targetFor(indicator, domain);
  const reliability = reliabilityOf(summary);
  if (target === null) return { target, status: null, difference: null, pAboveTarget: null, reliability };
  return { target, status: targetStatus(target, summary.ciLow, summary.ciHigh), difference: summary.estimate - target, pAboveTarget: pAboveTarget(target, summary), reliability };
}
