import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../../analysis/cli/csv';
import { pAboveTarget } from '../../../../analysis/indicators/targets';
import { createDesign } from '../../../../analysis/stats/design';
import { estimateStatistic, type Estimate } from '../../../../analysis/stats/estimate';
import type { IntervalMethod } from '../../../../analysis/stats/intervals';
import { reliabilityOf } from '../../../../analysis/stats/reliability';

interface IntervalRow {
  domain: string;
  variable: string;
  p: number;
  se: number;
  n: number;
  df: number;
  ci: [number, number];
  rule: 'svyciprop' | 'nchs';
}
const reference = JSON.parse(readFileSync('test/fixtures/r/uncertainty.json', 'utf8')) as {
  intervals: IntervalRow[];
  tests: { domain: string; target: number; estimate: number; se: number; df: number; pAbove: number }[];
};

const sample = readCsv('test/fixtures/r/sample.csv');
const design = createDesign({ weights: sample.column('weight').map(Number), strata: sample.column('stratum'), clusters: sample.column('psu') });
const maskOf = (domain: string) =>
  domain === 'all' ? undefined : Uint8Array.from(domain === 'tiny' ? sample.column('tiny') : sample.column('region'), (value) => (value === (domain === 'tiny' ? 'yes' : domain) ? 1 : 0));
const proportion = (variable: string, domain: string, ci: IntervalMethod) =>
  estimateStatistic(design, { statistic: 'prop', variable, values: sample.column(variable).map(Number) }, { lonelyPsu: 'fail', ci, level: 0.95 }, maskOf(domain)) as Estimate;
const close = (actual: number, expected: number, what: string) =>
  expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12), `${what}: ${actual} vs R ${expected}`).toBeLessThan(1e-9);

describe('Korn-Graubard intervals, also at p̂ = 0 and 1, match R to 1e-9', () => {
  it('has boundary cases in the fixture', () => {
    expect(reference.intervals.filter((row) => row.rule === 'nchs').length).toBeGreaterThanOrEqual(4);
  });

  for (const row of reference.intervals) {
    it(`${row.variable} in ${row.domain} (${row.rule})`, () => {
      const got = proportion(row.variable, row.domain, 'beta');
      expect(got.n).toBe(row.n);
      expect(got.df).toBe(row.df);
      close(got.estimate, row.p, `${row.domain} ${row.variable} estimate`);
      close(got.ciLow, row.ci[0], 'ciLow');
      close(got.ciHigh, row.ci[1], 'ciHigh');
      // Where the logit is undefined (p̂ = 0 or 1) the logit method falls back to the same interval.
      if (row.rule === 'nchs') {
        const logit = proportion(row.variable, row.domain, 'logit');
        expect([logit.ciLow, logit.ciHigh]).toEqual([got.ciLow, got.ciHigh]);
      }
    });
  }
});

describe('the one-sided test against the target matches R', () => {
  it('gives pt((p̂ − target) / SE, df, lower.tail = FALSE)', () => {
    for (const test of reference.tests) {
      const got = proportion('literate', test.domain, 'beta');
      close(got.se, test.se, `${test.domain} se`);
      close(pAboveTarget(test.target, got)!, test.pAbove, `${test.domain} p above ${test.target}`);
    }
  });
});

describe('reliability flags (NCHS presentation standards for proportions)', () => {
  it('calls a tiny domain unreliable, a large precise one reliable, few df a case for review', () => {
    const tiny = proportion('literate', 'tiny', 'beta');
    expect(reliabilityOf(tiny)).toMatchObject({ flag: 'unreliable', reasons: expect.arrayContaining(['n', 'effective-n', 'ci-width', 'df']) });
    expect(reliabilityOf({ estimate: 0.3, se: 0.01, ciLow: 0.28, ciHigh: 0.32, n: 2000, df: 40 })).toMatchObject({ flag: 'reliable', reasons: [], effectiveN: 2000 });
    expect(reliabilityOf({ estimate: 0.3, se: 0.012, ciLow: 0.27, ciHigh: 0.33, n: 2000, df: 6 })).toMatchObject({ flag: 'review', reasons: ['df'] });
    // Effective n = p̂(1 − p̂)/SE² = 0.09·0.91/0.04² ≈ 51; relative CI width 0.16/0.09 > 130%.
    expect(reliabilityOf({ estimate: 0.09, se: 0.04, ciLow: 0.03, ciHigh: 0.19, n: 300, df: 30 })).toMatchObject({ flag: 'unreliable', reasons: ['relative-ci-width', 'relative-se'] });
    // At p̂ = 0 the effective sample size is n: 50 interviews, none literate, is a clear, reliable 0.
    expect(reliabilityOf({ estimate: 0, se: 0, ciLow: 0, ciHigh: 0.07, n: 50, df: 10 })).toMatchObject({ flag: 'reliable', effectiveN: 50 });
  });
});
