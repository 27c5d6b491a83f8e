import { describe, expect, it } from 'vitest';
import { methodsText } from '../../../../analysis/indicators/methods';

describe('the methods statement', () => {
  it('says in both languages the design, interval and lonely-PSU rule the estimates used', () => {
    const text = methodsText({ strata: 60, psus: 600, calibrated: true, ci: 'beta', level: 0.9, lonelyPsu: 'adjust' });
    expect(text.zh).toBe(
      '分层整群抽样：以县（市、区）为层（60 层），调查点为初级抽样单位（600 个调查点）；方差用泰勒线性化法估计，初级抽样单位按有放回抽样处理，并计入权重校准；只有一个调查点的层以总体均值为中心计入方差；比例的 90% 置信区间用Korn-Graubard（β）法，比值用基于设计自由度的 Wald 区间。',
    );
    expect(text.en).toMatch(/^stratified \(strata: counties\/districts, 60 strata\), sites as primary sampling units \(600 sites\); Taylor linearization.*taking the calibration into account; .*adjust.*; 90% CI \(Korn-Graubard \(beta\) for proportions/);
    expect(methodsText({ strata: 3, psus: 9, calibrated: false, ci: 'logit', level: 0.95, lonelyPsu: 'fail' }).en).toMatch(/95% CI \(logit for proportions/);
  });
});
