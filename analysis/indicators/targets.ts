/** How an estimate is judged against its indicator's target rule (analysis/indicators/registry.ts). */
import type { Label } from '../domain/label';
import { regionOf, REGIONS, type Region } from '../domain/regions';
import { findIndicator, type TargetRule } from './registry';

export const TARGET_STATUSES = ['met', 'not met', 'inconclusive'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export const TARGET_STATUS_LABELS: Record<TargetStatus, Label> = {
  met: { 'zh-cn': '达标', en: 'Met' },
  'not met': { 'zh-cn': '未达标', en: 'Not met' },
  inconclusive: { 'zh-cn': '无法判定', en: 'Inconclusive' },
};

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

/** The target of an estimate, whether its interval meets it, and by how much the estimate differs. */
export function judge(
  indicator: string,
  domain: Record<string, string> | null,
  { estimate, ciLow, ciHigh }: { estimate: number; ciLow: number; ciHigh: number },
): { target: number | null; status: TargetStatus | null; difference: number | null } {
  const target = targetFor(indicator, domain);
  if (target === null) return { target, status: null, difference: null };
  return { target, status: targetStatus(target, ciLow, ciHigh), difference: estimate - target };
}
