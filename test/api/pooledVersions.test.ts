import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseWeight } from '../../analysis/stats/calibration';
import { findIndicator } from '../../analysis/indicators/registry';
import type { ResponseScores } from '../../analysis/scoring/types';
import { generateRespondent } from '../../scripts/synthetic';
import { modelsOf } from '../../server/models';
import { importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { questionOf, shippedUpload } from '../helpers/instrumentVersions';

/**
 * Estimates across two questionnaire versions (issue 19): version 2 rewords an awareness question and drops
 * the satisfaction module. Pooled estimates must equal the two versions' interviews combined by hand
 * (base-weighted ratio over every complete interview), and satisfaction must be missing for version 2
 * (no estimate, never a zero), while the pooled satisfaction uses version 1's interviews only.
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
    const stored = await modelsOf(api.connection).Response.find({ instrumentVersion: { $in: versions }, status: 'complete' }, { siteCode: 1, scores: 1 }).lean<{ siteCode: Site; scores: ResponseScores }[]>();
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
    return response.body as { methods: { instrumentVersions: string }; rows: { indicator: string; domain: unknown; estimate: number | null; n: number }[] };
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

  it('each version alone matches its own interviews; an indicator version 2 cannot measure is missing there, not zero', async () => {
    for (const version of [1, 2]) {
      const body = await estimates(version);
      const expected = await byHand('awareness-full', [version]);
      expect(overall(body, 'awareness-full').estimate!).toBeCloseTo(expected.estimate!, 12);
      expect(body.methods.instrumentVersions).toBe(`migrant-health v${version}`);
    }
    // Version 2 has no interview in the satisfaction population: no estimate at all (no row), never a 0.
    const secondBody = await estimates(2);
    expect(secondBody.rows.filter((row) => row.indicator.startsWith('satisfaction.'))).toEqual([]);
    expect(overall(secondBody, 'awareness').n).toBe(6);
    const first = overall(await estimates(1), 'satisfaction.bphs');
    expect(first.n).toBeGreaterThan(0);
    expect(overall(await estimates(), 'satisfaction.bphs').n).toBe(first.n);
  });
});
