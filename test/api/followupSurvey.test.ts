import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRespondent } from '../../scripts/synthetic';
import { countResponses, findResponses } from '../../server/queries/responses';
import { getInstrument, getScoringPlan } from '../../surveys/catalog';
import { importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

/**
 * A second questionnaire fielded beside migrant-health (issue 19): the shipped follow-up survey (随访调查)
 * is seeded as published, takes interviews, has its own data file, and its estimates use its own interviews
 * only; migrant-health's estimates do not change when follow-up interviews arrive, even for an indicator
 * both ask (use.health-record).
 */
const FOLLOWUP = { json: getInstrument('followup')!.json, plan: getScoringPlan('followup', 1) };
const paradata = { startedAt: '2026-05-01T08:00:00Z', completedAt: '2026-05-01T08:06:00Z' };

describe('a second questionnaire in the field', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let admin: string;
  const as = () => ({ Authorization: `Bearer ${admin}` });
  const submit = (instrumentId: string, seed: number, answers: Record<string, unknown>) =>
    request(api.app)
      .post('/api/responses')
      .set(as())
      .send({ id: randomUUID(), instrumentId, instrumentVersion: 1, samplingPoint: seed % 2 ? 'KM-01' : 'KM-02', mode: 'capi', status: 'complete', answers, paradata });
  const estimates = async (query = '') => {
    const response = await request(api.app).get(`/api/estimates${query}`).set(as());
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as { methods: { instrumentVersions: string; n: number }; rows: { indicator: string; domain: unknown; estimate: number | null; n: number; status: string | null }[] };
  };

  beforeAll(async () => {
    api = await startTestApi('followup-survey');
    admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
    for (let seed = 1; seed <= 8; seed++) {
      const stored = await submit('migrant-health', seed, generateRespondent({ seed, province: '53', status: 'complete' }).answers);
      expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    }
  });
  afterAll(() => api.drop());

  it('is seeded as published beside migrant-health, and served without a key', async () => {
    const list = await request(api.app).get('/api/instruments');
    expect(list.body.map((entry: { id: string; version: number; state: string }) => [entry.id, entry.version, entry.state])).toEqual([
      ['followup', 1, 'published'],
      ['migrant-health', 1, 'published'],
    ]);
    const served = await request(api.app).get('/api/instruments/followup');
    expect(served.status).toBe(200);
    expect(served.body.title['zh-cn']).toBe('流动人口健康服务随访调查');
    expect(served.headers.etag).toBeTruthy();
  });

  it('takes interviews; one answering a question it does not ask is refused and nothing is stored', async () => {
    const before = await estimates();
    for (let seed = 101; seed <= 106; seed++) {
      const stored = await submit('followup', seed, generateRespondent({ seed, province: '53', status: 'complete', instrument: FOLLOWUP }).answers);
      expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    }
    const foreign = await submit('followup', 107, { ...generateRespondent({ seed: 107, province: '53', status: 'complete', instrument: FOLLOWUP }).answers, aw_heard: 'yes' });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toContain('aw_heard');
    expect(await countResponses(api.connection, { instrumentId: 'followup' })).toBe(6);

    // migrant-health's estimates are exactly what they were: no follow-up respondent is pooled into them, not even for use.health-record, which both ask.
    const after = await estimates();
    expect(after.rows).toEqual(before.rows);
    expect(after.methods.n).toBe(8);
    expect(after.methods.instrumentVersions).toBe('migrant-health v1');
  });

  it('its estimates use its own interviews only; what it does not ask is not-measured', async () => {
    const body = await estimates('?instrument=followup');
    expect(body.methods.n).toBe(6);
    expect(body.methods.instrumentVersions).toMatch(/^followup v1; not measured by v1 \(reported as missing, never 0\): Awareness of the basic public health services \(3\.2\.1\); /);
    const overall = (indicator: string) => body.rows.find((row) => row.indicator === indicator && row.domain === null)!;
    const record = overall('use.health-record');
    const stored = await findResponses(api.connection, { instrumentId: 'followup' });
    expect(record.n).toBe(6);
    expect(record.status).not.toBe('not-measured');
    expect(overall('awareness')).toMatchObject({ estimate: null, n: 0, status: 'not-measured' });
    expect(overall('literacy')).toMatchObject({ estimate: null, n: 0, status: 'not-measured' });
    expect(overall('satisfaction.bphs')).toMatchObject({ estimate: null, n: 0, status: 'not-measured' });
    // Unweighted, the share is the follow-up respondents' own share of yes.
    const unweighted = (await estimates('?instrument=followup&weighting=unweighted')).rows.find((row) => row.indicator === 'use.health-record' && row.domain === null)!;
    expect(unweighted.estimate).toBeCloseTo(stored.filter((response) => response.answers.use_health_record === 'yes').length / 6, 12);
  });

  it('has a data file and a fieldwork count of its own; migrant-health’s hold none of its interviews; an instrument (or version) never fielded is a 404 for the data file and the estimates', async () => {
    const file = async (instrument: string) => {
      const response = await request(api.app).get(`/api/exports/responses.csv?instrument=${instrument}`).set(as());
      expect(response.status).toBe(200);
      return { name: response.headers['content-disposition'], rows: parse(response.text, { columns: true, bom: true }) as Record<string, string>[] };
    };
    const followup = await file('followup');
    expect(followup.name).toContain('followup-v1-responses.csv');
    expect(followup.rows).toHaveLength(6);
    expect(Object.keys(followup.rows[0]!)).toContain('self_rated_health');
    expect(Object.keys(followup.rows[0]!)).not.toContain('aw_heard');
    const main = await file('migrant-health');
    expect(main.rows).toHaveLength(8);
    expect(Object.keys(main.rows[0]!)).not.toContain('self_rated_health');
    expect((await request(api.app).get('/api/exports/responses.csv?instrument=nosuch').set(as())).status).toBe(404);
    // The fieldwork monitor holds one questionnaire's interviews against the sites' plan: the main survey's by default.
    const fieldwork = async (query: string) => (await request(api.app).get(`/api/fieldwork${query}`).set(as())).body.totals.counts.complete as number;
    expect([await fieldwork(''), await fieldwork('?instrument=migrant-health'), await fieldwork('?instrument=followup')]).toEqual([8, 8, 6]);
    // So do the sites' progress (the tablets' home screen, the frame tab) and the console overview: the plan is the main survey's.
    const sites = (await request(api.app).get('/api/sampling-points').set(as())).body as { counts: { complete: number } }[];
    expect(sites.reduce((total, site) => total + site.counts.complete, 0)).toBe(8);
    expect((await request(api.app).get('/api/overview').set(as())).body.completes).toBe(8);
    for (const query of ['instrument=nosuch', 'instrument=followup&instrumentVersion=2']) {
      const refused = await request(api.app).get(`/api/estimates?${query}`).set(as());
      expect(refused.status, query).toBe(404);
      expect(refused.body.code).toBe('unknown-instrument');
    }
  });
});
