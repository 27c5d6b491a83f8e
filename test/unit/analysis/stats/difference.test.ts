import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../../analysis/cli/csv';
import { postStratify } from '../../../../analysis/stats/calibration';
import { createDesign } from '../../../../analysis/stats/design';
import { compareDomains, readDifference } from '../../../../analysis/stats/difference';
import type { Estimate } from '../../../../analysis/stats/estimate';

interface Group {
  by: 'region' | 'sex' | 'regionSex';
  level: string | [string, string];
}
interface Case {
  weighting: 'design' | 'poststratified';
  statistic: { kind: 'prop' | 'ratio'; y: string; x: string };
  a: Group;
  b: Group;
  estimateA: number;
  estimateB: number;
  seA: number;
  seB: number;
  covariance: number;
  difference: { estimate: number; se: number; df: number; ciLow: number; ciHigh: number; pValue: number };
}
const reference = JSON.parse(readFileSync('test/fixtures/r/differences.json', 'utf8')) as {
  level: number;
  poststratification: { region: string; Freq: number }[];
  cases: Case[];
};

const sample = readCsv('test/fixtures/r/sample.csv');
const base = createDesign({ weights: sample.column('weight').map(Number), strata: sample.column('stratum'), clusters: sample.column('psu') });
const region = sample.column('region');
const sex = sample.column('sex');
const designs = {
  design: base,
  poststratified: postStratify(base, region, { variable: 'region', totals: Object.fromEntries(reference.poststratification.map((row) => [row.region, row.Freq])) }),
};
const maskOf = ({ by, level }: Group) =>
  Uint8Array.from(region, (r, i) => {
    if (by === 'region') return r === level ? 1 : 0;
    if (by === 'sex') return sex[i] === level ? 1 : 0;
    return r === level[0] && sex[i] === level[1] ? 1 : 0;
  });
const close = (actual: number, expected: number, what: string) =>
  expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12), `${what}: ${actual} vs R ${expected}`).toBeLessThan(1e-9);
const name = (group: Group) => `${group.by}=${[group.level].flat().join('&')}`;

describe('differences between two groups of one design match R (svyby covmat=TRUE + svycontrast) to 1e-9', () => {
  it('covers disjoint and overlapping groups, proportions and ratios, with and without calibration', () => {
    expect(reference.cases).toHaveLength(16);
    expect(new Set(reference.cases.map((c) => c.statistic.kind))).toEqual(new Set(['prop', 'ratio']));
  });

  for (const c of reference.cases) {
    it(`${c.statistic.y}: ${name(c.a)} − ${name(c.b)} (${c.weighting})`, () => {
      const y = sample.column(c.statistic.y).map(Number);
      const statistic = c.statistic.kind === 'prop' ? { statistic: 'prop' as const, variable: c.statistic.y, values: y } : { statistic: 'ratio' as const, variable: c.statistic.y, numerator: y, denominator: sample.column(c.statistic.x).map(Number) };
      const got = compareDomains(designs[c.weighting], statistic, maskOf(c.a), maskOf(c.b), { lonelyPsu: 'fail', ci: 'wald', level: reference.level });
      const [a, b] = [got.a as Estimate, got.b as Estimate];
      close(a.estimate, c.estimateA, 'estimate A');
      close(b.estimate, c.estimateB, 'estimate B');
      close(a.se, c.seA, 'SE A');
      close(b.se, c.seB, 'SE B');
      const d = got.difference!;
      close(d.estimate, c.difference.estimate, 'difference');
      close(d.se, c.difference.se, 'SE of the difference');
      close(d.covariance, c.covariance, 'covariance');
      expect(d.df).toBe(c.difference.df);
      close(d.ciLow, c.difference.ciLow, 'ciLow');
      close(d.ciHigh, c.difference.ciHigh, 'ciHigh');
      close(d.pValue!, c.difference.pValue, 'p-value');
      close(d.independentSe, Math.hypot(c.seA, c.seB), 'independent-samples SE');
    });
  }

  it('an empty group gives no difference, not NaN', () => {
    const none = new Uint8Array(base.n);
    const got = compareDomains(base, { statistic: 'prop', variable: 'literate', values: sample.column('literate').map(Number) }, maskOf({ by: 'region', level: 'East' }), none, { lonelyPsu: 'fail', ci: 'wald', level: 0.95 });
    expect(got.difference).toBeNull();
    expect(got.b).toMatchObject({ estimate: null, note: 'no data' });
  });
});

describe('readDifference: the plain reading of A − B', () => {
  const groups = { a: { 'zh-cn': '地区：东部', en: 'Region: East' }, b: { 'zh-cn': '地区：西部', en: 'Region: West' } };
  it('says which group is higher, by how many percentage points, and whether p is below 0.05', () => {
    expect(readDifference({ estimate: 0.0321, pValue: 0.0004 }, groups)).toEqual({
      'zh-cn': '“地区：东部”比“地区：西部”高 3.2 个百分点，差异有统计学意义（p < 0.001，< 0.05）。',
      en: 'Region: East is 3.2 percentage points higher than Region: West; the difference is statistically significant (p < 0.001, < 0.05).',
    });
    expect(readDifference({ estimate: -0.012, pValue: 0.41 }, groups)['zh-cn']).toBe('“地区：东部”比“地区：西部”低 1.2 个百分点，差异无统计学意义（p = 0.410，≥ 0.05）。');
    // At the boundary the CI of the difference just touches 0: not significant, as the CI says.
    expect(readDifference({ estimate: 0.05, pValue: 0.05 }, groups)['zh-cn']).toContain('差异无统计学意义');
    expect(readDifference({ estimate: 0.05, pValue: 0.009 }, groups, 0.99)['zh-cn']).toContain('差异有统计学意义（p = 0.009，< 0.01）');
  });
  it('the same interviews in both groups: same estimate, an SE of 0 and no test', () => {
    expect(readDifference({ estimate: 0, pValue: null }, groups)['zh-cn']).toBe('“地区：东部”与“地区：西部”的估计值相同；差值的标准误为 0，无法检验。');
  });
});
