import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseWeight } from '../../analysis/stats/calibration';
import ExcelJS from 'exceljs';
import { findIndicator, INDICATORS } from '../../analysis/indicators/registry';
import type { ResponseScores } from '../../analysis/scoring/types';
import { generateRespondent } from '../../scripts/synthetic';
import { binaryBody, importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { questionOf, shippedUpload } from '../helpers/instrumentVersions';
import { findResponses } from '../../server/queries/responses';

/**
 * Estimates across two questionnaire versions (issue 19): version 2 rewords an awareness question and drops
 * the satisfaction module. Pooled estimates must equal the two versions' interviews combined by hand
 * (base-weighted ratio over every complete interview), and satisfaction must be missing for version 2
 * (an explicit not-measured row: no estimate, never a zero), while the pooled satisfaction uses version 1's interviews only.
 */
const SITES = { 'KM-01': { selectionProbability: 0.25, migrantPopulation: 1200 }, 'KM-02': { selectionProbability: 0.2, migrantPopulation: 800 } } as const;
type Site = keyof typeof SITES;

describe('estimates pooled across versions', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let admin: string;
  const as = () => ({ Authorization: `Bearer ${admin}` });

  beforeAll(async () => {
    api = await startTestApi('pooled-versions');
    admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
    const next = shippedUpload();
    next.json.pages = next.json.pages.filter((page) => !String(page.name).startsWith('sat_'));
    questionOf(next.json, 'aw_records_content').title = { 'zh-cn': '居民健康档案包括哪些内容？（新措辞）', en: 'What do resident health records hold? (reworded)' };
    const uploaded = await request(api.app).post('/api/instruments/migrant-health/versions').set(as()).send(next);
    expect(uploaded.status, JSON.stringify(uploaded.body.errors)).toBe(201);
    expect((await request(api.app).post('/api/instruments/migrant-health/versions/2/publish').set(as())).status).toBe(200);
    for (let seed = 1; seed <= 12; seed++) {
      const version = seed <= 6 ? 1 : 2;
      const answers = generateRespondent({ seed, province: '53', status: 'complete' }).answers;
      if (version === 2) for (const name of Object.keys(answers)) if (name.startsWith('sat_')) delete (answers as Record<string, unknown>)[name];
      const stored = await request(api.app)
        .post('/api/responses')
        .set(as())
        .send({ id: randomUUID(), instrumentId: 'migrant-health', instrumentVersion: version, samplingPoint: seed % 2 ? 'KM-01' : 'KM-02', mode: 'capi', status: 'complete', answers, paradata: { completedAt: '2026-05-01T08:25:00Z' } });
      expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    }
  });
  afterAll(() => api.drop());

  /** The base-weighted ratio estimate and n of an indicator over the stored complete interviews of the given versions, computed here from the stored scores. */
  async function byHand(indicatorId: string, versions: number[]): Promise<{ estimate: number | null; n: number }> {
    const stored = (await findResponses(api.connection, { instrumentVersion: { $in: versions }, status: 'complete' })) as { siteCode: Site; scores: ResponseScores }[];
    const completes = new Map<string, number>();
    for (const response of stored) completes.set(response.siteCode, (completes.get(response.siteCode) ?? 0) + 1);
    const indicator = findIndicator(indicatorId)!;
    let numerator = 0;
    let denominator = 0;
    let n = 0;
    for (const response of stored) {
      const contribution = indicator.contribution(response.scores);
      if (!contribution) continue;
      const weight = baseWeight({ ...SITES[response.siteCode], completes: completes.get(response.siteCode)! });
      numerator += weight * contribution[0];
      denominator += weight * contribution[1];
      n++;
    }
    return { estimate: n === 0 ? null : numerator / denominator, n };
  }

  async function estimates(version?: number) {
    const response = await request(api.app).get(`/api/estimates${version ? `?instrumentVersion=${version}` : ''}`).set(as());
    expect(response.status).toBe(200);
    return response.body as { methods: { instrumentVersions: string }; rows: { indicator: string; domain: unknown; estimate: number | null; n: number; status: string | null }[] };
  }
  const overall = (body: Awaited<ReturnType<typeof estimates>>, indicator: string) => body.rows.find((row) => row.indicator === indicator && row.domain === null)!;


  it('pooled estimates equal both versions’ interviews combined by hand, and say which versions they pool', async () => {
    const pooled = await estimates();
    for (const indicator of ['awareness', 'awareness-full', 'literacy', 'satisfaction.bphs']) {
      const expected = await byHand(indicator, [1, 2]);
      const row = overall(pooled, indicator);
      expect(row.n, indicator).toBe(expected.n);
      expect(row.estimate!, indicator).toBeCloseTo(expected.estimate!, 12);
    }
    expect(overall(pooled, 'awareness').n).toBe(12);
    expect(pooled.methods.instrumentVersions).toContain('v1, v2 pooled');
  });

  it('each version alone matches its own interviews; an indicator version 2 cannot measure is an explicit not-measured row there, not a zero', async () => {
    for (const version of [1, 2]) {
      const body = await estimates(version);
      const expected = await byHand('awareness-full', [version]);
      expect(overall(body, 'awareness-full').estimate!).toBeCloseTo(expected.estimate!, 12);
      expect(body.methods.instrumentVersions).toMatch(new RegExp(`^migrant-health v${version}`));
    }
    expect((await estimates(1)).rows.some((row) => row.status === 'not-measured')).toBe(false);
    expect((await estimates(1)).methods.instrumentVersions).toBe('migrant-health v1');
    // Version 2 asks no satisfaction item: each satisfaction indicator has one overall row, missing (estimate null, n 0, status not-measured), never a 0.
    const secondBody = await estimates(2);
    const satisfaction = secondBody.rows.filter((row) => row.indicator.startsWith('satisfaction.'));
    expect(satisfaction.map((row) => row.indicator)).toEqual(INDICATORS.filter((indicator) => indicator.family.startsWith('satisfaction')).map((indicator) => indicator.id));
    for (const row of satisfaction) expect(row).toMatchObject({ domain: null, estimate: null, se: null, ciLow: null, ciHigh: null, n: 0, status: 'not-measured', reliability: null });
    expect(secondBody.rows.filter((row) => row.status === 'not-measured').every((row) => row.indicator.startsWith('satisfaction.'))).toBe(true);
    expect(overall(secondBody, 'awareness').n).toBe(6);
    expect(secondBody.methods.instrumentVersions).toBe(
      'migrant-health v2; not measured by v2 (reported as missing, never 0): Satisfaction with basic public health services (3.3); Satisfaction with family-planning services (3.3)',
    );
    const first = overall(await estimates(1), 'satisfaction.bphs');
    expect(first.n).toBeGreaterThan(0);
    expect(overall(await estimates(), 'satisfaction.bphs').n).toBe(first.n);
  });

  it('the pooled methods name the indicators version 2 does not ask; the registry names the status; the workbook shows 该版本未测量', async () => {
    const pooled = await estimates();
    expect(pooled.rows.some((row) => row.status === 'not-measured')).toBe(false);
    expect(pooled.methods.instrumentVersions).toContain('not measured by v2 (reported as missing, never 0; pooled estimates use only the versions that measure it): Satisfaction with basic public health services (3.3)');
    const registry = await request(api.app).get('/api/indicators').set(as());
    expect(registry.body.statuses).toContainEqual({ code: 'not-measured', label: { 'zh-cn': '该版本未测量', en: 'Not measured by this version' } });

    const file = await request(api.app).get('/api/estimates?instrumentVersion=2&format=xlsx').set(as()).buffer(true).parse(binaryBody);
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as ArrayBuffer);
    const summary = workbook.getWorksheet('指标汇总')!;
    const line = summary.getColumn(1).values.findIndex((value) => value === '基本公共卫生服务满意度');
    expect(line).toBeGreaterThan(0);
    const cells = summary.getRow(line).values as unknown[];
    expect(cells).toContain('该版本未测量');
    // Whole-sample group: the estimate and its interval are empty (never 0%); 0 interviews asked it.
    expect([cells[2] ?? null, cells[3] ?? null, cells[4] ?? null, cells[5]]).toEqual([null, null, null, 0]);
    const methods = workbook.getWorksheet('方法说明')!;
    const versionsText = methods.getColumn(2).values.find((value) => typeof value === 'string' && value.startsWith('migrant-health 第 2 版'));
    expect(versionsText).toContain('第 2 版未测量（按缺失报告，不计为 0）：基本公共卫生服务满意度、计划生育服务满意度');
  });
});

