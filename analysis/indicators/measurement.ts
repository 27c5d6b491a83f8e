/**
 * Which questionnaire versions measure which indicators. Estimates pool versions by the indicator tags, so
 * an indicator some versions do not ask is estimated from the versions that do; one that none of the
 * selected versions asks gets an explicit row with status not-measured (no estimate, n 0), never a zero and
 * never a silent gap. The methods text names, per group of versions, the indicators they do not ask.
 */
import type { IndicatorEstimate } from './psuSums';
import { findIndicator, INDICATORS, NOT_MEASURED, type MeasuringInstrument } from './registry';
import { targetFor, UNJUDGED } from './targets';

export interface MeasuringVersion {
  version: number;
  instrument: MeasuringInstrument;
}

/** Per indicator id, the versions among `versions` that ask it (ascending). */
export function measuringVersions(versions: readonly MeasuringVersion[]): Map<string, number[]> {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  return new Map(INDICATORS.map((indicator) => [indicator.id, sorted.filter((version) => indicator.measuredBy(version.instrument)).map((version) => version.version)]));
}

/** The row of an indicator none of the selected versions asks: missing, not zero. */
export function notMeasuredRow(indicator: string): IndicatorEstimate {
  return { indicator, domain: null, estimate: null, se: null, ciLow: null, ciHigh: null, deff: null, n: 0, df: null, target: targetFor(indicator, null), ...UNJUDGED, status: NOT_MEASURED };
}

/** The engine's rows (in registry order), with a not-measured row in its place for each indicator no selected version asks. */
export function withNotMeasured(rows: readonly IndicatorEstimate[], measuring: ReadonlyMap<string, readonly number[]>): IndicatorEstimate[] {
  if (measuring.size === 0) return [...rows];
  const byIndicator = new Map<string, IndicatorEstimate[]>();
  for (const row of rows) byIndicator.set(row.indicator, [...(byIndicator.get(row.indicator) ?? []), row]);
  return INDICATORS.flatMap((indicator) => (measuring.get(indicator.id)?.length === 0 ? [notMeasuredRow(indicator.id)] : (byIndicator.get(indicator.id) ?? [])));
}

/** Versions that do not ask some indicators, and those indicators (an indicator whose parent is listed is left to it). */
export interface MeasurementGap {
  versions: number[];
  indicators: string[];
}

/** The gaps among the selected versions, grouped by the versions that do not ask, in registry order. */
export function measurementGaps(measuring: ReadonlyMap<string, readonly number[]>, versions: readonly number[]): MeasurementGap[] {
  const gaps = new Map<string, MeasurementGap>();
  for (const [indicator, asking] of measuring) {
    const missing = versions.filter((version) => !asking.includes(version));
    if (missing.length === 0) continue;
    const key = missing.join(',');
    const parent = findIndicator(indicator)?.parent;
    if (parent && gaps.get(key)?.indicators.includes(parent)) continue;
    gaps.set(key, { versions: missing, indicators: [...(gaps.get(key)?.indicators ?? []), indicator] });
  }
  return [...gaps.values()];
}
