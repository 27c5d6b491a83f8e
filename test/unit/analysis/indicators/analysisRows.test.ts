import { describe, expect, it } from 'vitest';
import { IndicatorAccumulator } from '../../../../analysis/indicators/accumulator';
import { AnalysisRows, type AnalysisRowInput } from '../../../../analysis/indicators/analysisRows';
import { findIndicator } from '../../../../analysis/indicators/registry';
import { createDesign } from '../../../../analysis/stats/design';
import { applyScheme, type WeightingSpec } from '../../../../analysis/stats/scheme';
import { generateRespondent } from '../../../../scripts/synthetic';
import { scoreAnswers } from '../../../../surveys/catalog';

const SURVEY_DATE = new Date('2026-06-01T00:00:00Z');
const SITES = ['A', 'B', 'C', 'D', 'E', 'F'].map((code, k) => ({ psu: `site-${code}`, stratum: `county-${k % 3}`, region: (['East', 'Central', 'West'] as const)[k % 3] }));

const rows: AnalysisRowInput[] = Array.from({ length: 90 }, (_, i) => {
  const site = SITES[i % SITES.length]!;
  const respondent = generateRespondent({ seed: `rows-unit-${i}`, region: site.region, status: 'complete', surveyDate: SURVEY_DATE });
  const scores = scoreAnswers('migrant-health', 1, respondent.answers, SURVEY_DATE);
  return {
    id: `id-${i}`,
    instrumentId: 'migrant-health',
    instrumentVersion: 1 + (i % 2),
    status: i % 10 === 9 ? 'partial' : 'complete',
    receivedAt: new Date(SURVEY_DATE.getTime() + i * 3600_000),
    stratum: site.stratum,
    psu: site.psu,
    scores,
    breakdowns: { region: site.region, sex: scores.profile.sex, mode: i % 4 ? 'capi' : 'cawi' },
  };
});
const weightOf = (site: { psu: string }) => 10 + site.psu.charCodeAt(5);
const options = { lonelyPsu: 'fail' as const, ci: 'logit' as const, level: 0.95 };

describe('one estimation pipeline: the streaming accumulator and the in-memory rows', () => {
  it('give identical numbers on the same interviews, whatever order they arrive in', () => {
    const accumulator = new IndicatorAccumulator(['region', 'sex']);
    const completes = rows.filter((row) => row.status === 'complete');
    for (const row of completes) accumulator.add({ stratum: row.stratum, psu: row.psu, scores: row.scores!, breakdowns: row.breakdowns });
    const memory = new AnalysisRows();
    for (const row of [...rows].reverse()) memory.add(row);
    const streamed = accumulator.finish(weightOf, options);
    expect(streamed.length).toBeGreaterThan(100);
    expect(memory.estimate(memory.select({ status: 'complete' }), ['region', 'sex'], weightOf, options)).toEqual(streamed);
    // At most 6 groups (one per site): sex, which splits the sites' rows, is summed row by row instead.
    const fewGroups = new AnalysisRows(undefined, 1024, 6);
    for (const row of rows) fewGroups.add(row);
    expect(fewGroups.estimate(fewGroups.select({ status: 'complete' }), ['region', 'sex'], weightOf, options)).toEqual(streamed);
  });

  it('adds an interview once, selects by every filter, and forgets a removed one', () => {
    const memory = new AnalysisRows(undefined, 4);
    for (const row of rows) expect(memory.add(row)).toBe(true);
    expect(memory.add(rows[0]!)).toBe(false);
    expect(memory.length).toBe(rows.length);
    const ids = (selected: Uint32Array) => Array.from(selected, (i) => rows[i]!.id);
    const expectIds = (predicate: (row: AnalysisRowInput) => boolean) => rows.filter(predicate).map((row) => row.id);
    expect(ids(memory.select({ status: 'complete', instrumentVersion: 2 }))).toEqual(expectIds((r) => r.status === 'complete' && r.instrumentVersion === 2));
    expect(ids(memory.select({ breakdowns: { region: 'West', mode: 'cawi' } }))).toEqual(expectIds((r) => r.breakdowns.region === 'West' && r.breakdowns.mode === 'cawi'));
    const from = SURVEY_DATE.getTime() + 10 * 3600_000;
    expect(ids(memory.select({ stratum: 'county-1', receivedFrom: from, receivedBefore: from + 24 * 3600_000 }))).toEqual(
      expectIds((r) => r.stratum === 'county-1' && r.receivedAt.getTime() >= from && r.receivedAt.getTime() < from + 24 * 3600_000),
    );
    expect(memory.select({ instrumentId: 'another' })).toHaveLength(0);
    expect(memory.remove('id-0')).toBe(true);
    expect(ids(memory.select({}))).toEqual(rows.slice(1).map((row) => row.id));
    expect(memory.sitesOf(memory.select({ status: 'complete' })).get('site-A')).toBe(rows.filter((r) => r.psu === 'site-A' && r.status === 'complete' && r.id !== 'id-0').length);
    expect(memory.columnBytes / memory.length).toBeLessThan(200);
  });

  it('a calibrated estimate over weight classes is the element-level engine’s: raking with trimming, by region and sex', () => {
    const memory = new AnalysisRows();
    for (const row of rows) memory.add(row);
    const selected = memory.select({ status: 'complete' });
    const spec: WeightingSpec = {
      method: 'rake',
      margins: [
        { variable: 'region', totals: { East: 7000, Central: 2000, West: 1000 } },
        { variable: 'mode', totals: { capi: 7500, cawi: 2500 } },
      ],
      trimCap: 1.5,
    };
    const columns = memory.columns(selected, ['region', 'mode', 'sex']);
    const elements = applyScheme(createDesign({ weights: columns.psus.map((psu) => weightOf({ psu })), strata: columns.strata, clusters: columns.psus }), (variable) => columns.column(variable as 'region') as string[], spec);
    const classes = memory.weightClasses(selected, ['region', 'mode', 'region', 'sex']);
    expect(classes.length).toBeLessThan(selected.length / 2);
    const grouped = applyScheme(createDesign({ weights: classes.psus.map((psu) => weightOf({ psu })), strata: classes.strata, clusters: classes.psus, counts: classes.counts }), (variable) => classes.column(variable as 'region') as string[], spec);
    expect(grouped.trimmed).toBe(elements.trimmed);
    expect(grouped.trimmed).toBeGreaterThan(0);
    const expected = columns.estimate(elements.design, ['region', 'sex'], options);
    const actual = classes.estimate(grouped.design, ['region', 'sex'], options);
    expect(actual.map((row) => [row.indicator, row.domain, row.n, row.df])).toEqual(expected.map((row) => [row.indicator, row.domain, row.n, row.df]));
    actual.forEach((row, i) => {
      for (const key of ['estimate', 'se', 'ciLow', 'ciHigh', 'deff'] as const) {
        const want = expected[i]![key];
        if (want === null || Number.isNaN(want)) expect(row[key], `${row.indicator} ${key}`).toEqual(want);
        else expect(Math.abs(row[key]! - want), `${row.indicator} ${JSON.stringify(row.domain)} ${key}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      }
    });
  });

  it('refuses an indicator value it cannot store exactly', () => {
    const memory = new AnalysisRows([{ ...findIndicator('awareness')!, id: 'big', contribution: () => [300, 1] }]);
    expect(() => memory.add(rows[0]!)).toThrow(/indicator big gave 300/);
  });
});
