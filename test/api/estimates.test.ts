import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { connectIsolatedDatabase, type IsolatedDatabase } from '../helpers/database';
import { baseWeightedDesign, ESTIMATION_SITES, seedEstimationData, type SeededInterview } from '../helpers/estimationData';
import { modelsOf } from '../../server/models';
import { estimateIndicators } from '../../server/services/estimates';
import { forgetSamplingFrame } from '../../server/services/samplingFrame';
import { createScheme } from '../../server/services/weightingSchemes';
import { estimateStatistic, type Estimate } from '../../analysis/stats/estimate';

let database: IsolatedDatabase;
let kept: SeededInterview[] = [];

beforeAll(async () => {
  database = await connectIsolatedDatabase('estimates');
  kept = await seedEstimationData(database.connection, { seedPrefix: '', interviewsAt: (k) => 6 + (k % 4), statusOf: (i) => (i === 0 ? 'partial' : 'complete'), receivedAt: new Date() });
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe('estimateIndicators over the Response collection', () => {
  it('streams the complete interviews and matches the exact engine with base weights', async () => {
    const result = await estimateIndicators(database.state, { by: ['region'], ci: 'beta' });
    expect(result.responses).toBe(kept.length);
    expect(result.sites).toBe(ESTIMATION_SITES.length);

    const design = baseWeightedDesign(kept);
    const literate = kept.map(({ scores }) => (scores.literacy.literate ? 1 : 0));
    const correct = kept.map(({ scores }) => scores.awareness.correct);
    const asked = kept.map(({ scores }) => scores.awareness.asked);
    for (const region of [null, 'East', 'Central', 'West'] as const) {
      const domain = region ? Uint8Array.from(kept, ({ site }) => (site.region === region ? 1 : 0)) : undefined;
      const options = { lonelyPsu: 'fail' as const, ci: 'beta' as const, level: 0.95 };
      const expected = {
        literacy: estimateStatistic(design, { statistic: 'prop', variable: 'literate', values: literate }, options, domain) as Estimate,
        awareness: estimateStatistic(design, { statistic: 'ratio', variable: 'awareness', numerator: correct, denominator: asked }, options, domain) as Estimate,
      };
      for (const indicator of ['literacy', 'awareness'] as const) {
        const row = result.estimates.find((e) => e.indicator === indicator && (region ? e.domain?.region === region : e.domain === null))!;
        expect(row, `${indicator} ${region}`).toBeDefined();
        for (const key of ['estimate', 'se', 'ciLow', 'ciHigh', 'deff'] as const) {
          expect(Math.abs(row[key]! - expected[indicator][key]) / Math.abs(expected[indicator][key]), `${indicator} ${region} ${key}`).toBeLessThan(1e-9);
        }
        expect(row.df).toBe(expected[indicator].df);
        expect(row.n).toBe(expected[indicator].n);
      }
    }
    const westLiteracy = result.estimates.find((e) => e.indicator === 'literacy' && e.domain?.region === 'West')!;
    expect(westLiteracy.target).toBe(0.16);
    expect(['met', 'not met', 'inconclusive']).toContain(westLiteracy.status);
  }, 120_000);

  it('estimates satisfaction by aspect among the users who rated it, as the exact engine does', async () => {
    const result = await estimateIndicators(database.state, { by: ['region'] });
    const design = baseWeightedDesign(kept);
    for (const aspect of ['attitude', 'quality'] as const) {
      const rating = kept.map(({ scores }) => scores.satisfaction.bphs.ratings[aspect]);
      const rated = Uint8Array.from(rating, (value) => (value === undefined ? 0 : 1));
      expect(rated.reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
      const satisfied = rating.map((value) => (value !== undefined && value >= 4 ? 1 : 0));
      const expected = estimateStatistic(design, { statistic: 'prop', variable: aspect, values: satisfied }, { lonelyPsu: 'fail', ci: 'logit', level: 0.95 }, rated) as Estimate;
      const row = result.estimates.find((e) => e.indicator === `satisfaction.bphs.${aspect}` && e.domain === null)!;
      for (const key of ['estimate', 'se', 'ciLow', 'ciHigh'] as const) {
        expect(Math.abs(row[key]! - expected[key]) / Math.abs(expected[key]), `${aspect} ${key}`).toBeLessThan(1e-9);
      }
      expect(row.n).toBe(expected.n);
    }
  }, 120_000);

  it('refuses base weights for a site missing from the frame', async () => {
    const { SamplingPoint } = modelsOf(database.connection);
    const removed = await SamplingPoint.findOneAndDelete({ siteCode: 'West-1-2' }).lean();
    forgetSamplingFrame(database.state);
    try {
      await expect(estimateIndicators(database.state, {})).rejects.toThrow(/West-1-2 .*not in the sampling frame/);
      const unweighted = await estimateIndicators(database.state, { weighting: 'unweighted' });
      expect(unweighted.estimates.length).toBeGreaterThan(10);
    } finally {
      if (removed) await SamplingPoint.collection.insertOne(removed);
      forgetSamplingFrame(database.state);
    }
  }, 120_000);
});

function analyze(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['--import', 'tsx', 'scripts/analyze.ts', ...args], { timeout: 120_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('analyze indicators (child process over the real database)', () => {
  it('prints the same estimates as the service, as JSON, CSV and xlsx', async () => {
    const expected = await estimateIndicators(database.state, { by: ['region', 'sex'] });
    const json = await analyze({ MONGODB_URI: database.uri }, 'indicators', '--by', 'region,sex');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));

    const csv = await analyze({ MONGODB_URI: database.uri }, 'indicators', '--by', 'region', '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('indicator,domain,estimate,se,ciLow,ciHigh,deff,n,df,target,status,difference');
    expect(lines.some((l) => l.startsWith('literacy,region=East,') && /,0\.24,(met|not met|inconclusive),/.test(l))).toBe(true);

    // The API's workbook, not a sheet of its own: 指标汇总 first with the estimates by region, detail sheets, 方法说明 last.
    const out = join(mkdtempSync(join(tmpdir(), 'indicators-')), 'estimates.xlsx');
    const xlsx = await analyze({ MONGODB_URI: database.uri }, 'indicators', '--by', 'region', '--format', 'xlsx', '--out', out);
    expect(xlsx.stderr).toBe('');
    expect(xlsx.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names[0]).toBe('指标汇总');
    expect(names.at(-1)).toBe('方法说明');
    expect(names).toEqual(expect.arrayContaining(['健康素养水平', '知晓率']));
    const summary = workbook.getWorksheet('指标汇总')!;
    expect(summary.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
    const groupColumn = new Map<string, number>();
    summary.getRow(3).eachCell((cell, column) => {
      const name = String(cell.value).split(' ')[0]!;
      if (!groupColumn.has(name)) groupColumn.set(name, column);
    });
    let literacyLine = 0;
    summary.eachRow((row, number) => {
      if (row.getCell(1).value === '健康素养水平') literacyLine = number;
    });
    expect(literacyLine).toBeGreaterThan(4);
    const byRegion = await estimateIndicators(database.state, { by: ['region'] });
    for (const [group, region] of [['东部', 'East'], ['中部', 'Central'], ['西部', 'West'], ['合计', null]] as const) {
      const row = byRegion.estimates.find((candidate) => candidate.indicator === 'literacy' && (candidate.domain?.region ?? null) === region)!;
      const cell = summary.getCell(literacyLine, groupColumn.get(group)!);
      expect(cell.value, group).toBe(row.estimate);
      expect(cell.numFmt).toBe('0.0%');
    }
  }, 180_000);

  it('--weighting takes a weighting scheme id, as the API does', async () => {
    const scheme = await createScheme(database.connection, { name: 'Regions', method: 'poststratify', trimCap: null, csv: 'variable,level,population\nregion,East,5\nregion,Central,3\nregion,West,2\n' }, 'test');
    const expected = await estimateIndicators(database.state, { weighting: scheme.id });
    expect(expected.scheme?.scheme.name).toBe('Regions');
    const json = await analyze({ MONGODB_URI: database.uri }, 'indicators', '--weighting', scheme.id);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).estimates).toEqual(JSON.parse(JSON.stringify(expected.estimates)));
    const bad = await analyze({ MONGODB_URI: database.uri }, 'indicators', '--weighting', 'heavy');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/takes base, unweighted or the id of a weighting scheme/);
  }, 180_000);

  it('exits 2 for an unknown breakdown and without a database', async () => {
    const bad = await analyze({ MONGODB_URI: database.uri }, 'indicators', '--by', 'planet');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--by takes a comma-separated list of region/);
    const none = await analyze({ MONGODB_URI: '' }, 'indicators');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/set MONGODB_URI/);
  }, 180_000);
});
