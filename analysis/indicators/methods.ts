/**
 * The methods statement of an estimate, in Chinese and English, written from the design and options the
 * estimates were computed with (so the text cannot claim a 95% logit interval for a 90% beta one).
 */
import type { Label } from '../domain/label';
import type { LonelyPsu } from '../stats/design';
import type { IntervalMethod } from '../stats/intervals';

export interface EstimationDesign {
  strata: number;
  psus: number;
  /** Weights calibrated to margins (a weighting scheme): the variance takes the calibration into account. */
  calibrated: boolean;
  ci: IntervalMethod;
  level: number;
  lonelyPsu: LonelyPsu;
}

export const INTERVAL_LABELS: Record<IntervalMethod, Label> = {
  wald: { 'zh-cn': 'Wald 法', en: 'Wald' },
  logit: { 'zh-cn': 'logit 变换法', en: 'logit' },
  beta: { 'zh-cn': 'Korn-Graubard（β）法', en: 'Korn-Graubard (beta)' },
};

/** What each lonely-PSU option does, as the methods text and the report say it. */
export const LONELY_PSU_LABELS: Record<LonelyPsu, Label> = {
  fail: { 'zh-cn': '只有一个调查点的层不予估计（报错）', en: 'a stratum with a single site is an error' },
  remove: { 'zh-cn': '只有一个调查点的层不计入方差', en: 'strata with a single site add nothing to the variance' },
  adjust: { 'zh-cn': '只有一个调查点的层以总体均值为中心计入方差', en: 'single-site strata are centred at the grand mean (adjust)' },
  average: { 'zh-cn': '只有一个调查点的层取其他层的平均方差', en: 'single-site strata get the average variance of the others (average)' },
  certainty: { 'zh-cn': '只有一个调查点的层视为必然入样', en: 'single-site strata are taken as certainty units' },
};

export function methodsText(design: EstimationDesign): { zh: string; en: string } {
  const percent = `${Number((design.level * 100).toFixed(2))}%`;
  const interval = INTERVAL_LABELS[design.ci];
  const lonely = LONELY_PSU_LABELS[design.lonelyPsu];
  return {
    zh:
      `分层整群抽样：以县（市、区）为层（${design.strata} 层），调查点为初级抽样单位（${design.psus} 个调查点）；` +
      `方差用泰勒线性化法估计，初级抽样单位按有放回抽样处理${design.calibrated ? '，并计入权重校准' : ''}；${lonely['zh-cn']}；` +
      `比例的 ${percent} 置信区间用${interval['zh-cn']}，比值用基于设计自由度的 Wald 区间。`,
    en:
      `stratified (strata: counties/districts, ${design.strata} strata), sites as primary sampling units (${design.psus} sites); ` +
      `Taylor linearization, with replacement at the PSU level${design.calibrated ? ', taking the calibration into account' : ''}; ${lonely.en}; ` +
      `${percent} CI (${interval.en} for proportions, Wald on the design df for ratios)`,
  };
}
