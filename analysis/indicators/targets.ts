/** The evaluation targets, in one place: awareness 90% (3.2.1); health literacy by region (3.2.2). */
import type { Region } from '../domain/regions';

export const AWARENESS_TARGET = 0.9;
export const LITERACY_TARGET_BY_REGION: Record<Region, number> = { East: 0.24, Central: 0.2, West: 0.16 };

export type TargetStatus = 'met' | 'not met' | 'inconclusive';

/** The target an estimate is judged against, or null when the indicator has none in this domain. */
export function targetFor(indicator: string, domain: Record<string, string> | null): number | null {
  if (indicator === 'awareness' || indicator.startsWith('awareness.')) return AWARENESS_TARGET;
  if (indicator === 'literacy') {
    const region = domain?.region as Region | undefined;
    return region && region in LITERACY_TARGET_BY_REGION ? LITERACY_TARGET_BY_REGION[region] : null;
  }
  return null;
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
