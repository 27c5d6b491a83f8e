import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../../analysis/cli/csv';
import { createDesign } from '../../../../analysis/stats/design';
import { estimateStatistic, type Estimate } from '../../../../analysis/stats/estimate';
import { IndicatorAccumulator } from '../../../../analysis/indicators/accumulator';
import { findIndicator, INDICATORS, type Indicator } from '../../../../analysis/indicators/registry';
import { targetFor, targetStatus } from '../../../../analysis/indicators/targets';
import type { ResponseScores } from '../../../../analysis/scoring/types';

// The fixture's rows as pseudo-scores: two indicators read the columns the R fixtures use.
const table = readCsv('test/fixtures/r/sample.csv');
const literate = table.column('literate').map(Number);
const correct = table.column('correct').map(Number);
const asked = table.column('asked').map(Number);
const psu = table.column('psu');
const stratum = table.column('stratum');
const region = table.column('region');
const siteWeight = new Map<string, number>();
table.column('weight').forEach((w, i) => siteWeight.has(psu[i]!) || siteWeight.set(psu[i]!, Number(w)));

type Row = { i: number };
const asScores = (i: number) => ({ i }) as Row as unknown as ResponseScores;
const rowOf = (s: ResponseScores) => (s as unknown as Row).i;
const indicators: Indicator[] = [
  { ...findIndicator('literacy')!, contribution: (s) => [literate[rowOf(s)]!, 1] },
  { ...findIndicator('awareness')!, contribution: (s) => [correct[rowOf(s)]!, asked[rowOf(s)]!] },
];

describe('streaming indicator accumulator', () => {
  it('gives the exact engine numbers from per-PSU sums (site weights), overall and by region', () => {
    const accumulator = new IndicatorAccumulator(['region'], indicators);
    for (let i = 0; i < table.rows; i++) {
      accumulator.add({ stratum: stratum[i]!, psu: psu[i]!, scores: asScores(i), breakdowns: { region: region[i]! } });
    }
    const rows = accumulator.finish((site) => siteWeight.get(site.psu)!, { lonelyPsu: 'fail', ci: 'beta', level: 0.95 });
    expect(rows).toHaveLength(8);

    const design = createDesign({ weights: psu.map((p) => siteWeight.get(p)!), strata: stratum, clusters: psu });
    for (const row of rows) {
      const domain = row.domain ? Uint8Array.from(region, (r) => (r === row.domain!.region ? 1 : 0)) : undefined;
      const statistic = row.indicator === 'literacy'
        ? { statistic: 'prop' as const, variable: 'literate', values: literate }
        : { statistic: 'ratio' as const, variable: 'correct/asked', numerator: correct, denominator: asked };
      const exact = estimateStatistic(design, statistic, { lonelyPsu: 'fail', ci: 'beta', level: 0.95 }, domain) as Estimate;
      for (const key of ['estimate', 'se', 'ciLow', 'ciHigh', 'deff'] as const) {
        expect(Math.abs(row[key]! - exact[key]) / Math.abs(exact[key]), `${row.indicator} ${JSON.stringify(row.domain)} ${key}`).toBeLessThan(1e-9);
      }
      expect(row.df).toBe(exact.df);
      expect(row.n).toBe(exact.n);
      expect(row.target).toBe(targetFor(row.indicator, row.domain));
    }
    const east = rows.find((r) => r.indicator === 'literacy' && r.domain?.region === 'East')!;
    expect(east.target).toBe(0.24);
    expect(east.difference).toBeCloseTo(east.estimate! - 0.24, 15);
    expect(rows.find((r) => r.indicator === 'literacy' && r.domain === null)!.target).toBeNull();
  });

  it('gives a "no data" row for a domain nobody in it is eligible for', () => {
    const never: Indicator = { ...findIndicator('literacy')!, id: 'use.never', contribution: (s) => (rowOf(s) === 0 ? [1, 1] : null) };
    const accumulator = new IndicatorAccumulator([], [never, indicators[0]!]);
    accumulator.add({ stratum: 'S1', psu: 'a', scores: asScores(1), breakdowns: {} });
    accumulator.add({ stratum: 'S1', psu: 'b', scores: asScores(2), breakdowns: {} });
    const rows = accumulator.finish(() => 10, { lonelyPsu: 'fail', ci: 'wald', level: 0.95 });
    expect(rows.map((r) => r.indicator)).toEqual(['literacy']);
  });
});

describe('targets and the registry', () => {
  it('judges met / not met / inconclusive on the interval', () => {
    expect(targetStatus(0.9, 0.9, 0.95)).toBe('met');
    expect(targetStatus(0.9, 0.8, 0.899)).toBe('not met');
    expect(targetStatus(0.9, 0.85, 0.92)).toBe('inconclusive');
    expect(targetFor('literacy', { region: 'West' })).toBe(0.16);
    expect(targetFor('literacy', { region: 'Central' })).toBe(0.2);
    expect(targetFor('awareness', null)).toBe(0.9);
    expect(targetFor('satisfaction.bphs', null)).toBeNull();
  });

  it('declares the issue ids once each', () => {
    const ids = INDICATORS.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['awareness', 'awareness.records', 'awareness-full', 'literacy', 'literacy.knowledge', 'literacy.chronic', 'satisfaction.bphs', 'satisfaction.fp', 'use.family-doctor']) {
      expect(ids).toContain(id);
    }
  });
});
