/**
 * What the estimates' methods say, so a number taken away can be defended: the JSON's `methods`, the
 * workbook's 方法说明 sheet and the report's data-and-methods chapter are all written from this one
 * statement, in Chinese and English, from the design and options the estimates were computed with.
 */
import packageJson from '../../package.json';
import type { Label } from '../../analysis/domain/label';
import type { MeasurementGap } from '../../analysis/indicators/measurement';
import { INTERVAL_LABELS, LONELY_PSU_LABELS } from '../../analysis/indicators/methods';
import { findIndicator } from '../../analysis/indicators/registry';
import type { LonelyPsu } from '../../analysis/stats/design';
import type { IntervalMethod } from '../../analysis/stats/intervals';
import { REVIEW_STATE_LABELS } from '../../contracts/review';
import type { DateRange } from '../../contracts/dateRange';
import type { IndicatorEstimates } from './estimates';
import { describeScheme } from './weightingSchemes';

/** One line of the methods statement: what it is about, and what it says. */
export interface MethodsItem {
  item: Label;
  text: Label;
}

export interface EstimateMethods {
  design: string;
  designZh: string;
  weighting: string;
  weightingZh: string;
  /** The lonely-PSU option (the design text says what it does). */
  lonelyPsu: LonelyPsu;
  instrumentVersions: string;
  /** Unweighted number of responses the estimates use. */
  n: number;
  strata: number;
  sites: number;
  /** Design degrees of freedom of the whole sample: sites − strata. */
  df: number;
  /** How review changed the selection: rejected interviews left out (how many) or included. */
  reviewed: string;
  filters: string;
  generatedAt: Date;
  softwareVersion: string;
  /** Every item in Chinese and English, in the order the methods sheet and the report print them. */
  statement: MethodsItem[];
}

export interface MethodsQuery extends DateRange {
  instrument: string;
  instrumentVersion?: number;
  by: readonly string[];
  indicators: readonly string[];
  lonelyPsu: LonelyPsu;
  includeRejected: boolean;
  ci?: IntervalMethod;
  level?: number;
}

const WEIGHTING: Record<string, Label> = {
  base: {
    'zh-cn': '基础权重（抽样设计权重）：1 / 调查点入样概率 × 调查点流动人口数 / 调查点完成问卷数',
    en: 'base weights from the sampling frame: 1 / site selection probability × site migrant population / completed interviews at the site',
  },
  unweighted: { 'zh-cn': '不加权（每份完成问卷计 1）', en: 'unweighted (every complete interview counts 1)' },
};

const label = (zh: string, en: string): Label => ({ 'zh-cn': zh, en });

function dateRange({ from, to }: DateRange): Label {
  if (from && to) return label(`${from} 至 ${to}（按接收日期，UTC，含首尾两日）`, `received ${from} to ${to} (UTC, both days included)`);
  if (from) return label(`${from} 起（按接收日期，UTC）`, `received on or after ${from} (UTC)`);
  if (to) return label(`截至 ${to}（按接收日期，UTC）`, `received on or before ${to} (UTC)`);
  return label('全部调查日期（未限定）', 'all dates (no date filter)');
}

function reviewed(included: boolean, excluded: number): Label {
  const rejected = REVIEW_STATE_LABELS.rejected['zh-cn'];
  if (included) return label(`审核${rejected}的访问也计入（includeRejected=true）`, 'rejected interviews included on request');
  return label(`${excluded} 份审核${rejected}的完成访问未计入`, `${excluded} complete interviews rejected in review were left out`);
}

/** Which versions do not ask which indicators: missing there (reported as 该版本未测量 when no selected version asks them), never zero. */
function gapsText(gaps: readonly MeasurementGap[], pooled: boolean): Label {
  const names = (gap: MeasurementGap, language: 'zh-cn' | 'en') => gap.indicators.map((id) => findIndicator(id)!.label[language]);
  const [poolZh, poolEn] = pooled ? ['；合并估计只用测量了该指标的版本', '; pooled estimates use only the versions that measure it'] : ['', ''];
  return label(
    gaps.map((gap) => `；第 ${gap.versions.join('、')} 版未测量（按缺失报告，不计为 0${poolZh}）：${names(gap, 'zh-cn').join('、')}`).join(''),
    gaps.map((gap) => `; not measured by v${gap.versions.join(', v')} (reported as missing, never 0${poolEn}): ${names(gap, 'en').join('; ')}`).join(''),
  );
}

/** "2026-12-02 09:20（北京时间）": the generation time as a Chinese reader expects it. */
function beijingTime(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）`;
}

export function estimateMethods(query: MethodsQuery, result: IndicatorEstimates, generatedAt = new Date()): EstimateMethods {
  const ci = query.ci ?? 'logit';
  const level = query.level ?? 0.95;
  const percent = `${Number((level * 100).toFixed(2))}%`;
  const df = result.sites - result.strata;
  const weighting = result.scheme ? describeScheme(result.scheme.scheme, result.scheme.trimmed) : WEIGHTING[result.weighting]!;
  const calibration = result.scheme
    ? label(`已校准：${weighting['zh-cn']}`, `calibrated: ${weighting.en}`)
    : label('未校准：仅用抽样框的基础权重（可在“加权方案”中选择事后分层或 raking）', 'none: base weights from the frame only (a weighting scheme adds post-stratification or raking)');
  // The versions the interviews were made with; several are pooled through the indicator tags, and an indicator a version cannot measure takes only the others' interviews.
  const pooled = result.versions;
  const versions = pooled.length > 1 ? `${query.instrument} v${pooled.join(', v')} pooled (questions matched by indicator tags; an indicator a version does not ask uses only the versions that do)` : pooled.length === 1 ? `${query.instrument} v${pooled[0]}` : `${query.instrument}, no interviews`;
  const versionsZh = pooled.length > 1 ? `${query.instrument} 第 ${pooled.join('、')} 版合并（题目按指标标签对应；某版本未包含的指标只用包含它的版本）` : pooled.length === 1 ? `${query.instrument} 第 ${pooled[0]} 版` : `${query.instrument}（无问卷）`;
  const gaps = gapsText(result.gaps, pooled.length > 1);
  const filters = label(
    ['完成状态为“完成”的问卷', ...(query.by.length ? [`分组：${query.by.join('、')}`] : []), ...(query.indicators.length ? [`指标：${query.indicators.join('、')}`] : [])].join('；'),
    ['complete interviews', ...(query.by.length ? [`breakdowns: ${query.by.join(', ')}`] : []), ...(query.indicators.length ? [`indicators: ${query.indicators.join(', ')}`] : [])].join('; '),
  );
  const review = reviewed(query.includeRejected, result.rejectedExcluded);
  const softwareVersion = `${packageJson.name} ${packageJson.version}`;
  const interval = INTERVAL_LABELS[ci];
  const statement: MethodsItem[] = [
    { item: label('抽样设计', 'Sampling design'), text: label(result.methods.zh, result.methods.en) },
    {
      item: label('层数与调查点数', 'Strata and sites'),
      text: label(`${result.strata} 层（县、市、区），${result.sites} 个调查点（初级抽样单位），${result.responses} 份完成问卷`, `${result.strata} strata (counties/districts), ${result.sites} sites (PSUs), ${result.responses} complete interviews`),
    },
    { item: label('加权', 'Weighting'), text: weighting },
    { item: label('权重校准', 'Calibration'), text: calibration },
    {
      item: label('置信区间与自由度', 'Confidence intervals and df'),
      text: label(
        `比例用${interval['zh-cn']}计算 ${percent} 置信区间，比值（知晓率）用 Wald 区间；t 分布自由度为设计自由度（调查点数 − 层数，全样本为 ${df}；各分组的自由度见明细表“自由度”列）。估计值为 0 或 100% 时按美国国家卫生统计中心（NCHS）惯例用以有效样本量计算的 Korn-Graubard 区间。`,
        `${percent} intervals: ${interval.en} for proportions, Wald for ratios (awareness), with t on the design degrees of freedom (sites − strata: ${df} for the whole sample; each group's df is in the detail sheets). At an estimate of 0 or 100% the Korn-Graubard interval on the effective sample size (NCHS convention).`,
      ),
    },
    { item: label('单调查点层的处理', 'Lonely PSUs'), text: label(`lonelyPsu=${query.lonelyPsu}：${LONELY_PSU_LABELS[query.lonelyPsu]['zh-cn']}`, `lonelyPsu=${query.lonelyPsu}: ${LONELY_PSU_LABELS[query.lonelyPsu].en}`) },
    { item: label('筛选条件', 'Filters'), text: filters },
    { item: label('调查日期范围', 'Date range'), text: dateRange(query) },
    { item: label('问卷版本', 'Instrument versions'), text: label(versionsZh + gaps['zh-cn'], versions + gaps.en) },
    { item: label('审核', 'Review'), text: review },
    {
      item: label('达标判定', 'Target status'),
      text: label(
        '达标：95% 置信区间下限不低于目标值；未达标：置信区间上限低于目标值；无法判定：置信区间包含目标值。“p（高于目标）”为单侧检验（H0：真实值 ≤ 目标值）的 p 值。',
        'met: the CI lower bound is at or above the target; not met: the CI upper bound is below it; inconclusive otherwise. "p (above target)" is the one-sided test of H0: true value ≤ target.',
      ),
    },
    {
      item: label('可靠性标记', 'Reliability flags'),
      text: label(
        '依据 NCHS 比例估计发布标准：样本量不足 30、有效样本量不足 30、置信区间宽度 ≥ 30 个百分点、相对置信区间宽度 > 130%（宽度 > 5 个百分点时）或相对标准误 > 30% 标为“谨慎解读”；设计自由度不足 8 标为“需复核”；其余为“可靠”。',
        'After the NCHS presentation standards for proportions: fewer than 30 interviews, effective sample size under 30, CI width of 30 points or more, relative CI width over 130% (when wider than 5 points) or relative SE over 30% → "unreliable" (谨慎解读); fewer than 8 design df → "review" (需复核); otherwise "reliable".',
      ),
    },
    { item: label('软件版本', 'Software version'), text: label(softwareVersion, softwareVersion) },
    { item: label('生成时间', 'Generated at'), text: label(beijingTime(generatedAt), generatedAt.toISOString()) },
  ];
  return {
    design: result.methods.en,
    designZh: result.methods.zh,
    weighting: weighting.en,
    weightingZh: weighting['zh-cn'],
    lonelyPsu: query.lonelyPsu,
    instrumentVersions: versions + gaps.en,
    n: result.responses,
    strata: result.strata,
    sites: result.sites,
    df,
    reviewed: `${review['zh-cn']} / ${review.en}`,
    filters: [filters.en, dateRange(query).en].join('; '),
    generatedAt,
    softwareVersion,
    statement,
  };
}
