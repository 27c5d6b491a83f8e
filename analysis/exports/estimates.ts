/**
 * How an estimate row reads in a file: the same columns, in the same order, in the CSV, in every
 * indicator sheet of the XLSX and (as keys) in the JSON, so the three formats hold the same numbers.
 */
import type { IndicatorEstimate } from '../indicators/accumulator';

/** An estimate row as the indicator engine returns it. */
export type EstimateRow = IndicatorEstimate;

export const ESTIMATE_COLUMNS = ['indicator', 'breakdown', 'group', 'estimate', 'se', 'ciLow', 'ciHigh', 'deff', 'n', 'df', 'target', 'status', 'difference', 'pAboveTarget', 'reliability'] as const;

/** `overall` for the whole sample; several breakdown variables are joined with `×`. */
export function domainCells(domain: EstimateRow['domain']): [string, string] {
  if (!domain || Object.keys(domain).length === 0) return ['overall', 'all'];
  return [Object.keys(domain).join('×'), Object.values(domain).join('×')];
}

/** A number that is not finite (a design effect of a one-PSU domain) is empty, as JSON writes it (null). */
const finite = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);

export function estimateCells(row: EstimateRow): (string | number | null)[] {
  const [breakdown, group] = domainCells(row.domain);
  const numbers = [row.estimate, row.se, row.ciLow, row.ciHigh, row.deff, row.n, row.df, row.target].map(finite);
  return [row.indicator, breakdown, group, ...numbers, row.status, finite(row.difference), finite(row.pAboveTarget), row.reliability?.flag ?? null];
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetNameOf(indicator: string, taken: Set<string>): string {
  const base = indicator.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
  let name = base;
  for (let suffix = 2; taken.has(name.toLowerCase()); suffix += 1) name = `${base.slice(0, 31 - String(suffix).length - 1)}~${suffix}`;
  taken.add(name.toLowerCase());
  return name;
}

/** The rows of each indicator together, in the order the indicators first appear. */
export function byIndicator(rows: readonly EstimateRow[]): Map<string, EstimateRow[]> {
  const groups = new Map<string, EstimateRow[]>();
  for (const row of rows) groups.set(row.indicator, [...(groups.get(row.indicator) ?? []), row]);
  return groups;
}
