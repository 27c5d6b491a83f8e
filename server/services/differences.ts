/**
 * Differences of one indicator between two groups of interviews, with the SE from the joint design
 * (analysis/stats/difference.ts): two levels of a breakdown (East vs West, CAPI vs CAWI), two levels of
 * different breakdowns that may overlap (a county vs its province), or two survey rounds (date ranges or
 * instrument versions). Groups of one selection share its weights, so each side equals its row of
 * GET /api/estimates; each round is weighted on its own (its completes per site), as an estimate of that
 * round alone would be, and the rounds' interviews are then stacked into one design (as R's svyby over a round
 * column of the stacked data): a site surveyed in one round only counts as a zero in the other, so that round's SE
 * can then differ slightly from GET /api/estimates for the round alone.
 */
import { findIndicator, type Breakdown, type Indicator } from '../../analysis/indicators/registry';
import type { IndicatorColumns } from '../../analysis/indicators/columns';
import type { Label } from '../../analysis/domain/label';
import { createDesign, type Design, type LonelyPsu } from '../../analysis/stats/design';
import { compareDomains } from '../../analysis/stats/difference';
import type { Estimate, DomainEstimate, Statistic } from '../../analysis/stats/estimate';
import type { IntervalMethod } from '../../analysis/stats/intervals';
import { GROUP_KINDS, type DifferenceReply, type Group } from '../../contracts/differences';
import { problem } from '../../contracts/problems';
import { explainLonelyPsu, namesScheme, schemeDesign, selectCompletes, weightsBySite, type Filters } from './estimates';
import { findScheme } from './weightingSchemes';
import { registryDescription } from './indicatorRegistry';
import type { ServerState } from '../state';

export interface DifferenceRequest {
  indicator: string;
  a: Group;
  b: Group;
  filters: Filters;
  weighting: string;
  lonelyPsu: LonelyPsu;
  ci: IntervalMethod;
  level: number;
}

const isRound = (group: Group): group is Extract<Group, { kind: 'version' | 'dates' }> => group.kind === 'version' || group.kind === 'dates';

/** Reads `East`, `region:East`, `version:2` or `dates:2026-05-01..2026-05-15` (either end may be left open). */
export function parseGroup(text: string, by: Breakdown | 'version' | 'dates' | undefined, parameter: 'a' | 'b'): Group {
  const colon = text.indexOf(':');
  const kind = colon >= 0 ? text.slice(0, colon) : by;
  const value = colon >= 0 ? text.slice(colon + 1) : text;
  const bad = (why: string) => problem('invalid-group', { parameter, text, why }, [{ path: parameter, message: why }]);
  if (!kind) throw bad('请写成“分组:取值”，如 region:East、county:440106、mode:capi、version:2 或 dates:2026-05-01..2026-05-15，或用 by= 指定分组');
  if (!(GROUP_KINDS as readonly string[]).includes(kind)) throw bad(`没有“${kind}”这种分组，可选 ${GROUP_KINDS.join('、')}`);
  if (value === '') throw bad('缺少取值');
  if (kind === 'version') {
    const version = Number(value);
    if (!Number.isInteger(version) || version < 1) throw bad('问卷版本应为正整数，如 version:2');
    return { kind, version };
  }
  if (kind === 'dates') {
    const match = /^(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})?$/.exec(value);
    const valid = (date?: string) => !date || !Number.isNaN(Date.parse(`${date}T00:00:00Z`));
    if (!match || !valid(match[1]) || !valid(match[2])) throw bad('日期范围应写成 dates:2026-05-01..2026-05-15（UTC，含首尾两天）');
    if (match[1] && match[2] && match[1] > match[2]) throw bad('结束日期早于开始日期');
    return { kind, ...(match[1] ? { from: match[1] } : {}), ...(match[2] ? { to: match[2] } : {}) };
  }
  return { kind: kind as Breakdown, level: value };
}

export async function compareGroups(state: ServerState, request: DifferenceRequest): Promise<DifferenceReply> {
  const indicator = findIndicator(request.indicator);
  if (!indicator) throw problem('unknown-indicator', { indicators: request.indicator }, [{ path: 'indicator', message: 'unknown indicator' }]);
  const description = await registryDescription(state);
  const labelOf = (group: Group, parameter: 'a' | 'b'): Label => groupLabel(group, description.breakdowns, parameter);
  const labels = { a: labelOf(request.a, 'a'), b: labelOf(request.b, 'b') };
  if (isRound(request.a) !== isRound(request.b)) {
    throw problem('groups-not-comparable', [{ path: 'b', message: '与 a 的类型不同 / not the same kind as a' }]);
  }
  const joint = isRound(request.a) ? await roundsDesign(state, indicator, request) : await groupsDesign(state, indicator, request);
  const settings = { lonelyPsu: request.lonelyPsu, ci: request.ci, level: request.level };
  const comparison = explainLonelyPsu(() => compareDomains(joint.design, joint.statistic, joint.a, joint.b, settings));
  const estimateIn = (side: 'a' | 'b'): Estimate => {
    const row: DomainEstimate = comparison[side];
    if (row.estimate === null) {
      throw problem('group-empty', { group: labels[side]['zh-cn'], groupEn: labels[side].en, indicator: indicator.label['zh-cn'], indicatorEn: indicator.label.en }, [{ path: side, message: '该组没有数据 / no data in this group' }]);
    }
    return row;
  };
  const estimates = { a: estimateIn('a'), b: estimateIn('b') };
  let overlap = 0;
  for (let i = 0; i < joint.a.length; i++) overlap += joint.a[i]! & joint.b[i]!;
  return {
    indicator: indicator.id,
    a: { group: request.a, label: labels.a, estimate: estimates.a },
    b: { group: request.b, label: labels.b, estimate: estimates.b },
    difference: comparison.difference!,
    overlap,
    weighting: request.weighting,
    lonelyPsu: request.lonelyPsu,
    methods: {
      zh: `差值 = A − B；其标准误按联合抽样设计计算：两组估计的影响函数（线性化值）相减后再求泰勒线性化方差，因此计入了两组共享调查点、共享层及重叠样本带来的协方差（与 R survey 包 svyby(covmat = TRUE) + svycontrast 一致），而不是把两组当作独立样本；置信区间与双侧 p 值基于两组合计样本的设计自由度（df = ${comparison.difference!.df}）的 t 分布。`,
      en: `difference = A − B; its SE comes from the joint design: the influence (linearization) values of the two estimates are subtracted before the Taylor variance, so the covariance from shared sites, shared strata and overlapping interviews is included (as R's svyby(covmat = TRUE) + svycontrast), not as independent samples; CI and two-sided p-value on t with the design df of the interviews in either group (df = ${comparison.difference!.df}).`,
    },
  };
}

interface JointDesign {
  design: Design;
  statistic: Statistic;
  a: Uint8Array;
  b: Uint8Array;
}

/** The indicator as the estimator reads it; outside its eligible population values are never read, but must be numbers. */
function statisticOf(indicator: Indicator, columns: IndicatorColumns): { statistic: Statistic; eligible: Uint8Array } {
  const values = columns.values(indicator.id);
  const eligible = Uint8Array.from(values.numerator, (y) => (Number.isNaN(y) ? 0 : 1));
  const numerator = Float64Array.from(values.numerator, (y) => (Number.isNaN(y) ? 0 : y));
  const denominator = Float64Array.from(values.denominator, (x) => (Number.isNaN(x) ? 0 : x));
  const statistic: Statistic = indicator.kind === 'prop' ? { statistic: 'prop', variable: indicator.id, values: numerator } : { statistic: 'ratio', variable: indicator.id, numerator, denominator };
  return { statistic, eligible };
}

/** Two groups of one selection: its weights (base, unweighted or a scheme), masks from the breakdown columns. */
async function groupsDesign(state: ServerState, indicator: Indicator, request: DifferenceRequest): Promise<JointDesign> {
  const { rows, selected, completes } = await selectCompletes(state, request.filters);
  const a = request.a as Extract<Group, { level: string }>;
  const b = request.b as Extract<Group, { level: string }>;
  const scheme = namesScheme(request.weighting) ? await findScheme(state.connection, request.weighting) : null;
  const variables = [...new Set<Breakdown>([a.kind, b.kind, ...((scheme?.margins.map((margin) => margin.variable) ?? []) as Breakdown[])])];
  const columns = rows.columns(selected, variables, [indicator]);
  if (columns.length === 0) throw problem('no-responses-to-compare');
  let design: Design;
  if (scheme) design = (await schemeDesign(state, columns, completes, scheme)).design;
  else {
    const weights = await weightsBySite(state, completes, request.weighting);
    design = createDesign({ weights: columns.psus.map((psu) => weights.get(psu)!), strata: columns.strata, clusters: columns.psus });
  }
  const { statistic, eligible } = statisticOf(indicator, columns);
  const maskOf = (group: { kind: Breakdown; level: string }) => {
    const levels = columns.column(group.kind);
    return Uint8Array.from(eligible, (e, i) => (e && levels[i] === group.level ? 1 : 0));
  };
  return { design, statistic, a: maskOf(a), b: maskOf(b) };
}

/** Two rounds: each selected and weighted on its own, then one design of both rounds' interviews. */
async function roundsDesign(state: ServerState, indicator: Indicator, request: DifferenceRequest): Promise<JointDesign> {
  if (namesScheme(request.weighting)) {
    throw problem('rounds-need-base-weights', [{ path: 'weighting', message: 'base 或 unweighted' }]);
  }
  const filtersOf = (group: Group): Filters => (group.kind === 'version' ? { ...request.filters, instrumentVersion: group.version } : { ...request.filters, ...('from' in group ? { from: group.from } : {}), ...('to' in group ? { to: group.to } : {}) });
  const rounds = await Promise.all([request.a, request.b].map((group) => selectCompletes(state, filtersOf(group))));
  const inA = new Set(rounds[0]!.selected);
  if (rounds[1]!.selected.some((row) => inA.has(row))) {
    throw problem('rounds-overlap', [{ path: 'b', message: '与 a 重叠 / overlaps a' }]);
  }
  const parts = await Promise.all(
    rounds.map(async ({ rows, selected, completes }) => ({ columns: rows.columns(selected, [], [indicator]), weights: await weightsBySite(state, completes, request.weighting) })),
  );
  const psus = parts.flatMap(({ columns }) => columns.psus);
  const design = createDesign({
    weights: parts.flatMap(({ columns, weights }) => columns.psus.map((psu) => weights.get(psu)!)),
    strata: parts.flatMap(({ columns }) => columns.strata),
    clusters: psus,
  });
  const statistics = parts.map(({ columns }) => statisticOf(indicator, columns));
  const concat = (pick: (s: (typeof statistics)[number]) => ArrayLike<number>) => Float64Array.from([...Array.from(pick(statistics[0]!)), ...Array.from(pick(statistics[1]!))]);
  const first = statistics[0]!.statistic;
  const statistic: Statistic =
    first.statistic === 'ratio'
      ? { statistic: 'ratio', variable: indicator.id, numerator: concat((s) => (s.statistic as { numerator: ArrayLike<number> }).numerator), denominator: concat((s) => (s.statistic as { denominator: ArrayLike<number> }).denominator) }
      : { statistic: 'prop', variable: indicator.id, values: concat((s) => (s.statistic as { values: ArrayLike<number> }).values) };
  const sizeA = parts[0]!.columns.length;
  const eligible = Uint8Array.from([...statistics[0]!.eligible, ...statistics[1]!.eligible]);
  return { design, statistic, a: eligible.map((e, i) => (i < sizeA ? e : 0)), b: eligible.map((e, i) => (i >= sizeA ? e : 0)) };
}

/** The group's name; an unknown breakdown level is a 400 listing the levels there are. */
function groupLabel(group: Group, breakdowns: readonly { id: string; label: Label; levels: readonly { code: string; label: Label }[] }[], parameter: 'a' | 'b'): Label {
  if (group.kind === 'version') return { 'zh-cn': `问卷第 ${group.version} 版`, en: `instrument version ${group.version}` };
  if (group.kind === 'dates') {
    const range = `${group.from ?? '…'} 至 ${group.to ?? '…'}`;
    return { 'zh-cn': `${range} 收到的访问`, en: `received ${group.from ?? '…'} to ${group.to ?? '…'}` };
  }
  const breakdown = breakdowns.find((candidate) => candidate.id === group.kind)!;
  const level = breakdown.levels.find((candidate) => candidate.code === group.level);
  if (!level) {
    const choices = breakdown.levels.map((candidate) => `${candidate.code}（${candidate.label['zh-cn']}）`).join('、');
    throw problem('unknown-group', { breakdown: breakdown.label['zh-cn'], breakdownEn: breakdown.label.en, level: group.level, choices }, [{ path: parameter, message: `未知的${breakdown.label['zh-cn']} / unknown ${breakdown.label.en.toLowerCase()}` }]);
  }
  return { 'zh-cn': `${breakdown.label['zh-cn']}：${level.label['zh-cn']}`, en: `${breakdown.label.en}: ${level.label.en}` };
}
