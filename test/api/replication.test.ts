import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEstimationData } from '../helpers/estimationData';
import { binaryBody, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

let api: Awaited<ReturnType<typeof startTestApi>>;
let token: string;
const folders: string[] = [];

/** 18 sites in 6 strata (3 regions), 8 interviews each, some of them partial or refused (no weight). */
beforeAll(async () => {
  api = await startTestApi('replication');
  await seedEstimationData(api.connection, { seedPrefix: 'kit-', interviewsAt: (k) => 6 + (k % 4), statusOf: (i) => (i === 5 ? 'partial' : i === 7 ? 'refused' : 'complete'), receivedAt: new Date('2026-05-12T08:00:00Z') });
  token = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
}, 120_000);

afterAll(async () => {
  await api?.drop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const get = (url: string) => request(api.app).get(url).set('Authorization', `Bearer ${token}`);

/** Downloads the kit, unzips it with unzip(1) and runs its R script with Rscript, as an analyst would. */
async function runKit(query: string): Promise<{ folder: string; files: string[]; r: Record<string, string>[] }> {
  const response = await get(`/api/exports/replication.zip?${query}`).buffer(true).parse(binaryBody);
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toBe('application/zip');
  const folder = mkdtempSync(path.join(tmpdir(), 'kit-'));
  folders.push(folder);
  writeFileSync(path.join(folder, 'kit.zip'), response.body as Buffer);
  execFileSync('unzip', ['-q', 'kit.zip'], { cwd: folder });
  const files = execFileSync('unzip', ['-Z1', 'kit.zip'], { cwd: folder, encoding: 'utf8' }).trim().split('\n');
  execFileSync('Rscript', ['replicate.R'], { cwd: folder, stdio: 'pipe', timeout: 60_000 });
  return { folder, files, r: parse(readFileSync(path.join(folder, 'r-estimates.csv'), 'utf8'), { columns: true }) as Record<string, string>[] };
}

type Row = { indicator: string; domain: { region: string } | null; estimate: number; se: number; ciLow: number; ciHigh: number; n: number; df: number };
const close = (actual: number, expected: number, what: string) =>
  expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12), `${what}: R ${actual} vs platform ${expected}`).toBeLessThan(1e-9);

describe('GET /api/exports/replication.zip', () => {
  it("bundles the data file, an R script, a Stata do-file and a README; R reproduces the API's estimates to 1e-9", async () => {
    const { folder, files, r } = await runKit('version=1&lonelyPsu=adjust');
    expect(files.sort()).toEqual(['README.txt', 'platform-estimates.csv', 'replicate.R', 'replicate.do', 'responses.csv']);
    const platformRows = (await get('/api/estimates?indicator=literacy,awareness-full,awareness&by=region&instrumentVersion=1&lonelyPsu=adjust')).body.rows as Row[];
    expect(r).toHaveLength(12);
    for (const row of r) {
      const platform = platformRows.find((candidate) => candidate.indicator === row.indicator && (candidate.domain?.region ?? '') === row.region)!;
      const what = `${row.indicator} ${row.region || 'overall'}`;
      expect(platform, what).toBeDefined();
      close(Number(row.estimate), platform.estimate, `${what} estimate`);
      close(Number(row.se), platform.se, `${what} se`);
      close(Number(row.ci_low), platform.ciLow, `${what} ci low`);
      close(Number(row.ci_high), platform.ciHigh, `${what} ci high`);
      expect(Number(row.n), what).toBe(platform.n);
      expect(Number(row.df), what).toBe(platform.df);
    }
    const platformFile = parse(readFileSync(path.join(folder, 'platform-estimates.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(platformFile).toHaveLength(12);

    const data = parse(readFileSync(path.join(folder, 'responses.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(data[0]!)).toEqual(expect.arrayContaining(['stratum', 'psu', 'base_weight']));
    expect(Object.keys(data[0]!)).not.toContain('final_weight');
    for (const row of data) {
      expect(row.psu).toBe(row.site_code);
      expect(row.base_weight === '', `${row.status} row's weight`).toBe(row.status !== 'complete');
    }

    const stata = readFileSync(path.join(folder, 'replicate.do'), 'utf8');
    expect(stata).toMatch(/^svyset psu_id \[pweight = base_weight\], strata\(stratum_id\) singleunit\(centered\)$/m);
    expect(stata).toContain('svy, subpop(if !missing(literate)): proportion literate, citype(logit)');
    expect(stata).toContain('svy, subpop(if awareness_asked > 0 & !missing(awareness_asked)) over(region): ratio (awareness: awareness_correct/awareness_asked)');
    const script = readFileSync(path.join(folder, 'replicate.R'), 'utf8');
    expect(script).toContain('options(survey.lonely.psu = "adjust")');
    expect(script).toContain('svydesign(ids = ~psu, strata = ~stratum, weights = ~base_weight');
    const readme = readFileSync(path.join(folder, 'README.txt'), 'utf8');
    expect(readme).toContain('复现包');
    expect(readme).toContain('GET /api/estimates?indicator=literacy,awareness-full,awareness&by=region');
  }, 120_000);

  it('with a weighting scheme the data file carries final_weight and R reproduces the point estimates', async () => {
    const margins = 'variable,level,population\nregion,East,52000\nregion,Central,29000\nregion,West,19000\n';
    const scheme = await request(api.app).post('/api/weighting/schemes?name=Regions&method=poststratify').set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(margins);
    expect(scheme.status).toBe(201);
    const { folder, r } = await runKit(`weighting=${scheme.body.id}`);
    const data = parse(readFileSync(path.join(folder, 'responses.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    const completes = data.filter((row) => row.status === 'complete');
    const total = completes.reduce((sum, row) => sum + Number(row.final_weight), 0);
    expect(total).toBeCloseTo(100000, 6);
    const platformRows = (await get(`/api/estimates?indicator=literacy,awareness-full,awareness&by=region&weighting=${scheme.body.id}`)).body.rows as Row[];
    for (const row of r) {
      const platform = platformRows.find((candidate) => candidate.indicator === row.indicator && (candidate.domain?.region ?? '') === row.region)!;
      close(Number(row.estimate), platform.estimate, `${row.indicator} ${row.region} estimate`);
    }
    expect(readFileSync(path.join(folder, 'README.txt'), 'utf8')).toContain('final_weight');
    const csv = await get(`/api/exports/responses.csv?weighting=${scheme.body.id}`);
    expect(csv.text.split('\r\n')[0]).toContain(',final_weight');
  }, 120_000);

  it('bad input: 400 naming the parameter; an unknown scheme is refused before any byte is sent', async () => {
    const bad = await get('/api/exports/replication.zip?lonelyPsu=drop');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('lonelyPsu');
    const unknown = await get('/api/exports/replication.zip?weighting=00000000-0000-0000-0000-000000000000');
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
    expect(unknown.headers['content-type']).toMatch(/json/);
  });
});
