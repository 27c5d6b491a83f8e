/**
 * How an estimate row reads in a file: the same columns, in the same order, in the CSV, in every
 * indicator sheet of the XLSX and (as keys) in the JSON, so the three formats hold the same numbers.
 */
import { inLanguage, type Label, type Language } from '../domain/label';
import type { IndicatorEstimate } from '../indicators/accumulator';
import type { Labeller } from '../indicators/labels';
import { RELIABILITY_LABELS, RELIABILITY_REASON_LABELS } from '../stats/reliability';

export const ESTIMATE_COLUMNS = ['indicator', 'breakdown', 'group', 'estimate', 'se', 'ciLow', 'ciHigh', 'deff', 'n', 'df', 'target', 'status', 'difference', 'pAboveTarget', 'reliability'] as const;

/** `overall` for the whole sample; several breakdown variables are joined with `×`. */
export function domainCells(domain: IndicatorEstimate['domain']): [string, string] {
  if (!domain || Object.keys(domain).length === 0) return ['overall', 'all'];
  return [Object.keys(domain).join('×'), Object.values(domain).join('×')];
}

/** A number that is not finite (a design effect of a one-PSU domain) is empty, as JSON writes it (null). */
const finite = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);

export function estimateCells(row: IndicatorEstimate): (string | number | null)[] {
  const [breakdown, group] = domainCells(row.domain);
  const numbers = [row.estimate, row.se, row.ciLow, row.ciHigh, row.deff, row.n, row.df, row.target].map(finite);
  return [row.indicator, breakdown, group, ...numbers, row.status, finite(row.difference), finite(row.pAboveTarget), row.reliability?.flag ?? null];
}

/** How a file names things: Chinese or English labels beside the codes, or the codes alone. */
export const LABEL_MODES = ['zh', 'en', 'codes'] as const;
export type LabelMode = (typeof LABEL_MODES)[number];

/** How a number column reads in a spreadsheet (the CSV writes the full-precision number). */
export type NumberFormat = 'percent' | 'percent2' | 'decimal2' | 'integer' | 'p';

export interface EstimateColumn {
  /** The code-only CSV's header (and the JSON's key for a number). */
  key: string;
  label: Label;
  format?: NumberFormat;
  /** Characters of a readable spreadsheet column. */
  width: number;
  cell(row: IndicatorEstimate, labels: Labeller): string | number | null;
}

const column = (key: string, zh: string, en: string, width: number, cell: EstimateColumn['cell'], format?: NumberFormat): EstimateColumn => ({ key, label: { 'zh-cn': zh, en }, width, cell, ...(format ? { format } : {}) });
const number = (key: keyof IndicatorEstimate, zh: string, en: string, format: NumberFormat, width = 10) => column(key, zh, en, width, (row) => finite(row[key] as number | null), format);

/**
 * The labelled estimate columns (the workbook's detail sheets, the labelled CSV): names first, the codes
 * beside them, so a reader sees 东部 and a script still finds `region=East`.
 */
export const LABELLED_ESTIMATE_COLUMNS: readonly EstimateColumn[] = [
  column('indicatorLabel', '指标', 'Indicator', 34, (row, labels) => labels.indicator(row.indicator)['zh-cn']),
  column('indicator', '指标代码', 'Indicator id', 16, (row) => row.indicator),
  column('breakdownLabel', '分组变量', 'Breakdown', 10, (row, labels) => (row.domain && Object.keys(row.domain).length ? Object.keys(row.domain).map((id) => labels.breakdown(id)['zh-cn']).join(' × ') : '合计')),
  column('groupLabel', '分组', 'Group', 14, (row, labels) => labels.domain(row.domain)['zh-cn']),
  column('group', '分组代码', 'Group code', 12, (row) => domainCells(row.domain)[1]),
  number('estimate', '估计值', 'Estimate', 'percent'),
  number('se', '标准误', 'SE', 'percent2'),
  number('ciLow', '95%置信区间下限', '95% CI low', 'percent', 14),
  number('ciHigh', '95%置信区间上限', '95% CI high', 'percent', 14),
  number('deff', '设计效应', 'Design effect', 'decimal2', 10),
  number('n', '样本量', 'n (unweighted)', 'integer', 10),
  number('df', '自由度', 'df', 'integer', 7),
  number('target', '目标值', 'Target', 'percent', 8),
  column('statusLabel', '达标状态', 'Status', 10, (row, labels) => (row.status ? labels.status(row.status)['zh-cn'] : null)),
  column('status', '状态代码', 'Status code', 10, (row) => row.status),
  number('difference', '与目标差值', 'Difference from target', 'percent', 12),
  number('pAboveTarget', 'p（高于目标）', 'p (above target)', 'p', 14),
  column('reliabilityLabel', '可靠性', 'Reliability', 10, (row) => (row.reliability ? RELIABILITY_LABELS[row.reliability.flag]['zh-cn'] : null)),
  column('reliability', '可靠性代码', 'Reliability code', 12, (row) => row.reliability?.flag ?? null),
  column('reliabilityReasons', '可靠性说明', 'Reliability reasons', 28, (row) => row.reliability?.reasons.map((reason) => RELIABILITY_REASON_LABELS[reason]['zh-cn']).join('；') || null),
];

/** Label columns in the chosen language (the number and code columns are the same in both). */
function inLanguageOf(columns: readonly EstimateColumn[], language: Language): EstimateColumn[] {
  if (language === 'zh') return [...columns];
  const english: Record<string, EstimateColumn['cell']> = {
    indicatorLabel: (row, labels) => labels.indicator(row.indicator).en,
    breakdownLabel: (row, labels) => (row.domain && Object.keys(row.domain).length ? Object.keys(row.domain).map((id) => labels.breakdown(id).en).join(' × ') : 'Overall'),
    groupLabel: (row, labels) => labels.domain(row.domain).en,
    statusLabel: (row, labels) => (row.status ? labels.status(row.status).en : null),
    reliabilityLabel: (row) => (row.reliability ? RELIABILITY_LABELS[row.reliability.flag].en : null),
    reliabilityReasons: (row) => row.reliability?.reasons.map((reason) => RELIABILITY_REASON_LABELS[reason].en).join('; ') || null,
  };
  return columns.map((candidate) => (english[candidate.key] ? { ...candidate, cell: english[candidate.key]! } : candidate));
}

/** The CSV's header and cells under a label mode: `codes` is the code-only layout of ESTIMATE_COLUMNS. */
export function estimateTable(mode: LabelMode): { header: string[]; cells(row: IndicatorEstimate, labels: Labeller): (string | number | null)[] } {
  if (mode === 'codes') return { header: [...ESTIMATE_COLUMNS], cells: (row) => estimateCells(row) };
  const columns = inLanguageOf(LABELLED_ESTIMATE_COLUMNS, mode);
  return { header: columns.map((candidate) => inLanguage(candidate.label, mode)), cells: (row, labels) => columns.map((candidate) => candidate.cell(row, labels)) };
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
export function byIndicator(rows: readonly IndicatorEstimate[]): Map<string, IndicatorEstimate[]> {
  const groups = new Map<string, IndicatorEstimate[]>();
  for (const row of rows) groups.set(row.indicator, [...(groups.get(row.indicator) ?? []), row]);
  return groups;
}
