/**
 * The summary table a director reads first (the workbook's 指标汇总, the report's indicator tables): one
 * row per indicator, the registry's main indicators first, and a column group per level of the breakdown
 * (东部 / 中部 / 西部 …) with the whole sample (合计) last. Pure layout; the files render it.
 */
import type { Label } from '../domain/label';
import type { LabelSource } from '../indicators/labels';
import { createLabeller } from '../indicators/labels';
import { INDICATORS } from '../indicators/registry';
import type { IndicatorEstimate } from '../indicators/accumulator';

export interface SummaryGroup {
  /** The domain's levels as `breakdown=code` joined with `&`, or `overall`. */
  key: string;
  domain: Record<string, string> | null;
  label: Label;
}

export interface SummaryLine {
  indicator: string;
  label: Label;
  main: boolean;
  /** One cell per group, in the groups' order; null where the engine gave no row. */
  cells: (IndicatorEstimate | null)[];
}

export interface SummaryTable {
  /** The breakdowns' names joined with ×, or null for the whole sample only. */
  breakdown: Label | null;
  groups: SummaryGroup[];
  lines: SummaryLine[];
}

export const domainKey = (domain: Record<string, string> | null): string =>
  domain && Object.keys(domain).length > 0 ? Object.entries(domain).map(([breakdown, code]) => `${breakdown}=${code}`).join('&') : 'overall';

const REGISTRY_ORDER = new Map(INDICATORS.map((indicator, k) => [indicator.id, k]));
const MAIN = new Set(INDICATORS.filter((indicator) => indicator.main).map((indicator) => indicator.id));
const registryRank = (id: string) => (MAIN.has(id) ? 0 : INDICATORS.length) + (REGISTRY_ORDER.get(id) ?? INDICATORS.length);

export function summaryTable(rows: readonly IndicatorEstimate[], source: LabelSource): SummaryTable {
  const labels = createLabeller(source);
  const levelRank = new Map(source.breakdowns.map((breakdown) => [breakdown.id, new Map(breakdown.levels.map((level, k) => [level.code, k]))]));
  const rankOf = (domain: Record<string, string> | null): number[] =>
    domain ? Object.entries(domain).map(([breakdown, code]) => levelRank.get(breakdown)?.get(code) ?? Number.MAX_SAFE_INTEGER) : [Number.POSITIVE_INFINITY];
  const groups = new Map<string, SummaryGroup>();
  const cells = new Map<string, Map<string, IndicatorEstimate>>();
  for (const row of rows) {
    const key = domainKey(row.domain);
    if (!groups.has(key)) groups.set(key, { key, domain: row.domain && Object.keys(row.domain).length > 0 ? row.domain : null, label: labels.domain(row.domain) });
    if (!cells.has(row.indicator)) cells.set(row.indicator, new Map());
    cells.get(row.indicator)!.set(key, row);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    const [ra, rb] = [rankOf(a.domain), rankOf(b.domain)];
    for (let k = 0; k < Math.max(ra.length, rb.length); k++) if ((ra[k] ?? 0) !== (rb[k] ?? 0)) return (ra[k] ?? 0) - (rb[k] ?? 0);
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  const breakdowns = ordered.find((group) => group.domain)?.domain;
  const breakdown = breakdowns
    ? Object.keys(breakdowns)
        .map((id) => labels.breakdown(id))
        .reduce((a, b) => ({ 'zh-cn': `${a['zh-cn']} × ${b['zh-cn']}`, en: `${a.en} × ${b.en}` }))
    : null;
  const lines = [...cells.keys()]
    .sort((a, b) => registryRank(a) - registryRank(b))
    .map((indicator) => ({ indicator, label: labels.indicator(indicator), main: MAIN.has(indicator), cells: ordered.map((group) => cells.get(indicator)!.get(group.key) ?? null) }));
  return { breakdown, groups: ordered, lines };
}
