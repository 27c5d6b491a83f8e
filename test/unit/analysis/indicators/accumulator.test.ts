import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../../analysis/cli/csv';
import { createDesign, LONELY_PSU_OPTIONS } from '../../../../analysis/stats/design';
import { estimateStatistic, type Estimate, type EstimateOptions } from '../../../../analysis/stats/estimate';
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

/** The engine's numbers for the same rows, element by element, as the in-memory path computes them. */
function engineEstimates(keep: number[], options: EstimateOptions, row: { indicator: string; domain: Record<string, string> | null }): Estimate {
  const pick = <T,>(values: T[]) => keep.map((i) => values[i]!);
  const design = createDesign({ weights: pick(psu).map((p) => siteWeight.get(p)!), strata: pick(stratum), clusters: pick(psu) });
  const domain = row.domain ? Uint8Array.from(pick(region), (r) => (r === row.domain!.region ? 1 : 0)) : undefined;
  const statistic = row.indicator === 'literacy'
    ? { statistic: 'prop' as const, variable: 'literate', values: pick(literate) }
    : { statistic: 'ratio' as const, variable: 'correct/asked', numerator: pick(correct), denominator: pick(asked) };
  return estimateStatistic(design, statistic, options, domain) as Estimate;
}

function accumulate(keep: number[], options: EstimateOptions) {
  const accumulator = new IndicatorAccumulator(['region'], indicators);
  for (const i of keep) accumulator.add({ stratum: stratum[i]!, psu: psu[i]!, scores: asScores(i), breakdowns: { region: region[i]! } });
  return accumulator.finish((site) => siteWeight.get(site.psu)!, options);
}

const everyRow = Array.from({ length: table.rows }, (_, i) => i);
// S5 cut to its first site: a stratum with one PSU, where the lonely-PSU rule decides the variance.
const firstS5Site = psu.find((_, i) => stratum[i] === 'S5')!;
const withLonelyPsu = everyRow.filter((i) => stratum[i] !== 'S5' || psu[i] === firstS5Site);

describe('streaming indicator accumulator', () => {
  it('gives the exact engine numbers from per-PSU sums (site weights), overall and by region', () => {
    const rows = accumulate(everyRow, { lonelyPsu: 'fail', ci: 'beta', level: 0.95 });
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      const exact = engineEstimates(everyRow, { lonelyPsu: 'fail', ci: 'beta', level: 0.95 }, row);
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

  // Both paths end in the same summary, so every rule for a one-PSU stratum and every interval agrees.
  const ruled = LONELY_PSU_OPTIONS.filter((rule) => rule !== 'fail');
  it.each(ruled.flatMap((lonelyPsu) => (['wald', 'logit', 'beta'] as const).map((ci) => ({ lonelyPsu, ci }))))('agrees with the engine with a lonely PSU: lonelyPsu=$lonelyPsu, ci=$ci', (options) => {
    const rows = accumulate(withLonelyPsu, { ...options, level: 0.9 });
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      const exact = engineEstimates(withLonelyPsu, { ...options, level: 0.9 }, row);
      for (const key of ['estimate', 'se', 'ciLow', 'ciHigh', 'deff'] as const) {
        expect(Math.abs(row[key]! - exact[key]), `${row.indicator} ${JSON.stringify(row.domain)} ${key}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(exact[key])));
      }
      expect(row.df).toBe(exact.df);
    }
  });

  it('refuses a lonely PSU under lonelyPsu=fail as the engine does', () => {
    const options = { lonelyPsu: 'fail' as const, ci: 'beta' as const, level: 0.95 };
    expect(() => engineEstimates(withLonelyPsu, options, { indicator: 'literacy', domain: null })).toThrow();
    expect(() => accumulate(withLonelyPsu, options)).toThrow();
    // And the rules do decide something here: the overall SE differs between them.
    const overallSe = (lonelyPsu: 'remove' | 'adjust') => accumulate(withLonelyPsu, { lonelyPsu, ci: 'beta', level: 0.95 }).find((row) => row.indicator === 'literacy' && row.domain === null)!.se!;
    expect(overallSe('adjust')).not.toBeCloseTo(overallSe('remove'), 6);
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
