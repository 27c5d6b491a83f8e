/**
 * County compliance as the evaluation reports put it ("22个县（区）中，12个县（区）的……达到评估标准"):
 * for every indicator with a target, each county's estimate judged against the target of its own region
 * (so literacy holds a Yunnan county to 16% and a Shanghai district to 24%), counted by status.
 */
import type { Label } from '../domain/label';
import { REGION_LABELS, type Region } from '../domain/regions';
import type { IndicatorEstimate } from './psuSums';
import type { Labeller } from './labels';
import { findIndicator, INDICATORS } from './registry';
import { regionOfDomain } from './targets';

export interface CountyJudgement {
  county: string;
  name: Label;
  region: Region | null;
  estimate: IndicatorEstimate;
}

export interface IndicatorCompliance {
  indicator: string;
  label: Label;
  /** The rule's wording from the evaluation standard ("评估标准3.2.2：东部≥24%、中部≥20%、西部≥16%"). */
  rule: Label;
  counties: number;
  met: number;
  notMet: number;
  inconclusive: number;
  /** "22个县（区）中12个达标" and the full sentence with the indicator's name. */
  headline: Label;
  sentence: Label;
  judgements: CountyJudgement[];
}

export interface CountyCompliance {
  counties: number;
  indicators: IndicatorCompliance[];
  /** The seeds' report sentence over every indicator: "22个县（区）中，12个县（区）的知晓率、……达到或超过评估标准". */
  summary: Label;
}

const names = (judgements: readonly CountyJudgement[], language: 'zh-cn' | 'en') => judgements.map((judgement) => judgement.name[language]).join(language === 'zh-cn' ? '、' : ', ');

function sentenceOf(label: Label, counties: number, met: CountyJudgement[], notMet: CountyJudgement[], inconclusive: CountyJudgement[]): Label {
  const zh = [`${counties}个县（区）中，${met.length}个县（区）的${label['zh-cn']}达到或超过评估标准`];
  if (notMet.length) zh.push(`${notMet.length}个未达标（${names(notMet, 'zh-cn')}）`);
  if (inconclusive.length) zh.push(`${inconclusive.length}个因置信区间包含目标值无法判定（${names(inconclusive, 'zh-cn')}）`);
  const en = [`Of ${counties} counties/districts, ${met.length} met the standard for ${label.en.toLowerCase()}`];
  if (notMet.length) en.push(`${notMet.length} did not (${names(notMet, 'en')})`);
  if (inconclusive.length) en.push(`${inconclusive.length} are inconclusive, their interval containing the target (${names(inconclusive, 'en')})`);
  return { 'zh-cn': `${zh.join('，')}。`, en: `${en.join('; ')}.` };
}

/** Compliance of every county with each indicator that has a target, from estimates broken down by county. */
export function countyCompliance(estimates: readonly IndicatorEstimate[], labels: Labeller): CountyCompliance {
  const byCounty = estimates.filter((row) => row.domain && Object.keys(row.domain).length === 1 && row.domain.county && row.target !== null && row.status !== null);
  const allCounties = new Set(estimates.filter((row) => row.domain?.county).map((row) => row.domain!.county!));
  const indicators: IndicatorCompliance[] = [];
  for (const indicator of INDICATORS) {
    if (!indicator.target) continue;
    const judgements = byCounty
      .filter((row) => row.indicator === indicator.id)
      .map((row) => ({ county: row.domain!.county!, name: labels.level('county', row.domain!.county!), region: regionOfDomain(row.domain), estimate: row }))
      .sort((a, b) => a.county.localeCompare(b.county));
    if (judgements.length === 0) continue;
    const met = judgements.filter((judgement) => judgement.estimate.status === 'met');
    const notMet = judgements.filter((judgement) => judgement.estimate.status === 'not met');
    const inconclusive = judgements.filter((judgement) => judgement.estimate.status === 'inconclusive');
    const label = labels.indicator(indicator.id);
    indicators.push({
      indicator: indicator.id,
      label,
      rule: indicator.target.source,
      counties: judgements.length,
      met: met.length,
      notMet: notMet.length,
      inconclusive: inconclusive.length,
      headline: { 'zh-cn': `${judgements.length}个县（区）中${met.length}个达标`, en: `${met.length} of ${judgements.length} counties/districts met the target` },
      sentence: sentenceOf(label, judgements.length, met, notMet, inconclusive),
      judgements,
    });
  }
  return { counties: allCounties.size, indicators, summary: summaryOf(allCounties.size, indicators) };
}

function summaryOf(counties: number, indicators: readonly IndicatorCompliance[]): Label {
  const main = indicators.filter((item) => findIndicator(item.indicator)?.main);
  if (main.length === 0) return { 'zh-cn': '', en: '' };
  return {
    'zh-cn': `${counties}个县（区）中，${main.map((item) => `${item.met}个县（区）的${item.label['zh-cn']}`).join('、')}达到或超过评估标准。`,
    en: `Of ${counties} counties/districts, ${main.map((item) => `${item.met} met the standard for ${item.label.en.toLowerCase()}`).join(', ')}.`,
  };
}

/** "东部（目标24%）": a county's region and the target it is held to, for tables. */
export function regionTargetLabel(judgement: CountyJudgement): Label {
  const target = judgement.estimate.target === null ? '' : `${Number((judgement.estimate.target * 100).toFixed(1))}%`;
  const region = judgement.region ? REGION_LABELS[judgement.region] : { 'zh-cn': '—', en: '—' };
  return { 'zh-cn': `${region['zh-cn']}（目标${target}）`, en: `${region.en} (target ${target})` };
}
