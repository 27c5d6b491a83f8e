import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCsv } from '../../../../analysis/cli/csv';
import { createDesign, type Design, type LonelyPsu } from '../../../../analysis/stats/design';
import { mean, ratio, total, type Linearized } from '../../../../analysis/stats/estimators';
import { summarize } from '../../../../analysis/stats/estimate';
import { postStratify, rake, type RakeSpec, type PopulationTotals } from '../../../../analysis/stats/calibration';
import type { IntervalMethod } from '../../../../analysis/stats/intervals';

interface ReferenceRow {
  statistic: string;
  variable: string;
  domain: Record<string, string> | null;
  ci?: IntervalMethod;
  estimate: number;
  se: number;
  deff: number;
  df: number;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
}
const reference = JSON.parse(readFileSync('test/fixtures/r/reference.json', 'utf8')) as {
  cases: { name: string; results: ReferenceRow[] }[];
  lonelyFailMessage: string;
  rakedWeights: number[];
  postStratifiedWeights: number[];
  rake: RakeSpec;
  poststratify: PopulationTotals;
};

const sample = readCsv('test/fixtures/r/sample.csv');
const lonely = readCsv('test/fixtures/r/lonely.csv');
const numbers = (table: typeof sample, name: string) => table.column(name).map(Number);

interface CaseSpec {
  table: typeof sample;
  strata?: boolean;
  clusters?: boolean;
  fpc?: string;
  lonelyPsu?: LonelyPsu;
  calibrate?: (d: Design) => Design;
}
const cases = {
  'unequal weights only': { table: sample },
  stratified: { table: sample, strata: true },
  clustered: { table: sample, clusters: true },
  'stratified clustered': { table: sample, strata: true, clusters: true },
  'fpc as population PSUs': { table: sample, strata: true, clusters: true, fpc: 'fpc_n' },
  'fpc as fraction': { table: sample, strata: true, clusters: true, fpc: 'fpc_frac' },
  'lonely remove': { table: lonely, strata: true, clusters: true, lonelyPsu: 'remove' },
  'lonely adjust': { table: lonely, strata: true, clusters: true, lonelyPsu: 'adjust' },
  'lonely average': { table: lonely, strata: true, clusters: true, lonelyPsu: 'average' },
  'lonely certainty': { table: lonely, strata: true, clusters: true, lonelyPsu: 'certainty' },
  'lonely certainty with fpc': { table: lonely, strata: true, clusters: true, fpc: 'fpc_n', lonelyPsu: 'certainty' },
  'post-stratified': {
    table: sample, strata: true, clusters: true,
    calibrate: (d: Design) => postStratify(d, sample.column('region'), reference.poststratify),
  },
  raked: {
    table: sample, strata: true, clusters: true,
    calibrate: (d: Design) => rake(d, [sample.column('region'), sample.column('sex')], reference.rake),
  },
} satisfies Record<string, CaseSpec>;

function designFor(spec: CaseSpec): Design {
  const base = createDesign({
    weights: numbers(spec.table, 'weight'),
    strata: spec.strata ? spec.table.column('stratum') : undefined,
    clusters: spec.clusters ? spec.table.column('psu') : undefined,
    fpc: spec.fpc ? numbers(spec.table, spec.fpc) : undefined,
  });
  return spec.calibrate ? spec.calibrate(base) : base;
}

function linearize(design: Design, table: typeof sample, row: ReferenceRow, domain?: Uint8Array): Linearized {
  if (row.statistic === 'ratio') {
    const [num = '', den = ''] = row.variable.split('/');
    return ratio(design, numbers(table, num), numbers(table, den), domain);
  }
  const y = numbers(table, row.variable);
  return row.statistic === 'total' ? total(design, y, domain) : mean(design, y, domain);
}

function domainMask(table: typeof sample, domain: Record<string, string> | null): Uint8Array | undefined {
  if (!domain) return undefined;
  const [variable = '', value] = Object.entries(domain)[0] ?? [];
  return Uint8Array.from(table.column(variable), (v) => (v === value ? 1 : 0));
}

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300), `${what}: ${actual} vs R ${expected}`).toBeLessThan(tolerance);

describe('estimates, SEs, deff, df and CIs match R survey 4.1.1', () => {
  for (const { name, results } of reference.cases) {
    it(name, () => {
      const spec: CaseSpec | undefined = (cases as Record<string, CaseSpec>)[name];
      if (!spec) throw new Error(`no design for R case ${name}`);
      const design = designFor(spec);
      for (const row of results) {
        const domain = domainMask(spec.table, row.domain);
        const label = `${row.statistic} ${row.variable} ${JSON.stringify(row.domain)} ${row.ci ?? ''}`;
        const got = summarize(design, linearize(design, spec.table, row, domain), {
          lonelyPsu: spec.lonelyPsu ?? 'fail', ci: row.ci ?? 'wald', level: 0.95,
        }, domain);
        close(got.estimate, row.estimate, 1e-9, `${label} estimate`);
        close(got.se, row.se, 1e-9, `${label} se`);
        close(got.deff, row.deff, 1e-9, `${label} deff`);
        expect(got.df, `${label} df`).toBe(row.df);
        expect(got.n, `${label} n`).toBe(row.n);
        // R's logit interval comes from an iteratively fitted glm, converged to about 1e-10.
        const ciTolerance = row.ci === 'logit' ? 1e-7 : 1e-9;
        if (row.ciLow !== null && row.ciHigh !== null) {
          close(got.ciLow, row.ciLow, ciTolerance, `${label} ciLow`);
          close(got.ciHigh, row.ciHigh, ciTolerance, `${label} ciHigh`);
        }
      }
    });
  }
});

describe('what R refuses, the engine refuses with the same words', () => {
  it("lonely PSU 'fail' names the stratum, as R does", () => {
    const design = designFor({ table: lonely, strata: true, clusters: true });
    expect(() => summarize(design, mean(design, numbers(lonely, 'y')), { lonelyPsu: 'fail', ci: 'wald', level: 0.95 }))
      .toThrow(reference.lonelyFailMessage);
  });

  it('post-stratified and raked weights equal R weights', () => {
    const post = designFor(cases['post-stratified']).weights;
    const raked = designFor(cases.raked).weights;
    reference.postStratifiedWeights.forEach((w, i) => close(post[i]!, w, 1e-9, `post-stratified weight ${i + 1}`));
    reference.rakedWeights.forEach((w, i) => close(raked[i]!, w, 1e-9, `raked weight ${i + 1}`));
  });
});
