/**
 * The one labeller that names indicators, domains and statuses from the registry's description: the
 * console (from GET /api/indicators), the exports and the report all use it. Light enough for a browser.
 */
import type { Label } from '../domain/label';
import type { Level } from './registry';

/** What the labeller reads of the registry's description (GET /api/indicators). */
export interface LabelSource {
  indicators: readonly { id: string; label: Label; shortLabel: Label }[];
  breakdowns: readonly { id: string; label: Label; levels: readonly Level[] }[];
  statuses: readonly Level[];
}

export const OVERALL: Label = { 'zh-cn': '合计', en: 'Overall' };
const NONE: Label = { 'zh-cn': '—', en: '—' };
const asLabel = (code: string): Label => ({ 'zh-cn': code, en: code });

export interface Labeller {
  indicator(id: string): Label;
  /** The indicator's name within its family (a chart bar's label). */
  shortIndicator(id: string): Label;
  breakdown(id: string): Label;
  level(breakdown: string, code: string): Label;
  /** A domain's levels joined with ×, or 合计 / Overall for the whole sample. */
  domain(domain: Record<string, string> | null): Label;
  status(status: string | null): Label;
}

/** Names from the description; a code it does not know (a county added since) shows as its code. */
export function createLabeller(description: LabelSource): Labeller {
  const indicators = new Map(description.indicators.map((indicator) => [indicator.id, indicator]));
  const breakdowns = new Map(description.breakdowns.map((breakdown) => [breakdown.id, { label: breakdown.label, levels: new Map(breakdown.levels.map((level) => [level.code, level.label])) }]));
  const statuses = new Map(description.statuses.map((status) => [status.code, status.label]));
  const level = (breakdown: string, code: string) => breakdowns.get(breakdown)?.levels.get(code) ?? asLabel(code);
  return {
    indicator: (id) => indicators.get(id)?.label ?? asLabel(id),
    shortIndicator: (id) => indicators.get(id)?.shortLabel ?? asLabel(id),
    breakdown: (id) => breakdowns.get(id)?.label ?? asLabel(id),
    level,
    domain: (domain) => {
      const entries = Object.entries(domain ?? {});
      if (entries.length === 0) return OVERALL;
      const names = entries.map(([breakdown, code]) => level(breakdown, code));
      return { 'zh-cn': names.map((name) => name['zh-cn']).join(' × '), en: names.map((name) => name.en).join(' × ') };
    },
    status: (status) => (status ? (statuses.get(status) ?? asLabel(status)) : NONE),
  };
}
