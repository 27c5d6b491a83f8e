import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRespondent } from '../../scripts/synthetic';
import { modelsOf } from '../../server/models';
import { createInterviewer, importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { ADDED_QUESTION, nextVersionUpload, questionOf, REWORDED_QUESTION, shippedUpload } from '../helpers/instrumentVersions';

/**
 * Questionnaire versions (issue 19) over the real database: upload with every problem listed and nothing
 * stored, drafts seen only by admins, test links whose interviews stay out of everything, publish, an
 * interview on the old version accepted afterwards, retire, discard, a second instrument.
 */
describe('questionnaire versions', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let admin: string;
  let interviewer: string;
  let analyst: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const versionsStored = () => modelsOf(api.connection).InstrumentVersion.countDocuments({ instrumentId: 'migrant-health' });
  /** migrant-health's versions in a GET /api/instruments reply (the follow-up survey is listed beside them). */
  const mainVersions = (body: { id: string; version: number; state: string }[]) => body.filter((entry) => entry.id === 'migrant-health').map((entry) => `${entry.version}:${entry.state}`);
  const interview = (version: number, seed: number, overrides: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    instrumentId: 'migrant-health',
    instrumentVersion: version,
    samplingPoint: 'KM-01',
    mode: 'capi',
    status: 'complete',
    answers: generateRespondent({ seed, province: '53', status: 'complete' }).answers,
    paradata: { startedAt: '2026-05-01T08:00:00Z', completedAt: '2026-05-01T08:25:00Z', locale: 'zh-cn', appVersion: 'test' },
    ...overrides,
  });
  const submit = (body: object) => request(api.app).post('/api/responses').set(as(interviewer)).send(body);

  beforeAll(async () => {
    api = await startTestApi('instrument-versions');
    admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
    interviewer = await createInterviewer(api.app, admin, 'li.na', ['KM-01']);
    await request(api.app).post('/api/users').set(as(admin)).send({ username: 'analyst', password: 'analyst-password', role: 'analyst' });
    analyst = await signIn(api.app, 'analyst', 'analyst-password');
  });
  afterAll(() => api.drop());

  it('seeds each shipped instrument’s version once, as published, however often the server starts', async () => {
    const { prepareInstrumentVersions } = await import('../../server/services/instrumentVersions');
    await prepareInstrumentVersions(api.connection);
    const stored = await modelsOf(api.connection).InstrumentVersion.find({}, { json: 0, key: 0 }).sort({ _id: 1 }).lean();
    expect(stored.map(({ _id, state, createdBy }) => ({ _id, state, createdBy }))).toEqual([
      { _id: 'followup@1', state: 'published', createdBy: 'system' },
      { _id: 'migrant-health@1', state: 'published', createdBy: 'system' },
    ]);
  });

  it('a broken upload: every problem listed by question, nothing stored', async () => {
    const broken = nextVersionUpload();
    delete (questionOf(broken.json, ADDED_QUESTION).title as Record<string, string>).en;
    broken.key.lit_01 = { correct: 'maybe', points: 1 };
    broken.json.pages.at(-1)!.elements!.push({ type: 'text', name: 'aw_records_content', title: { 'zh-cn': '重复', en: 'Duplicate' } });
    const before = await versionsStored();
    const response = await request(api.app).post('/api/instruments/migrant-health/versions').set(as(admin)).send(broken);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid-instrument');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { path: ADDED_QUESTION, message: '"title" has no en text' },
        { path: 'key.lit_01', message: expect.stringContaining('key value "maybe" is not a choice of the question (true, false') },
        { path: 'aw_records_content', message: 'name already used in json' },
      ]),
    );
    expect(await versionsStored()).toBe(before);
  });

  it('an upload only for admins; a malformed body or id gets a 400 naming it', async () => {
    expect((await request(api.app).post('/api/instruments/migrant-health/versions').set(as(analyst)).send(shippedUpload())).status).toBe(403);
    const noPages = await request(api.app).post('/api/instruments/migrant-health/versions').set(as(admin)).send({ json: { title: 'x' }, key: {} });
    expect(noPages.status).toBe(400);
    expect(noPages.body.errors).toContainEqual(expect.objectContaining({ path: 'json.pages' }));
    const badId = await request(api.app).post('/api/instruments/Migrant_Health/versions').set(as(admin)).send(shippedUpload());
    expect(badId.body.code).toBe('invalid-instrument-id');
  });

  let draftTestId: string;
  it('a valid new version (one question added, one reworded) is a draft with its changes, seen only by admins', async () => {
    const changes = { added: [ADDED_QUESTION], removed: [], reworded: [REWORDED_QUESTION], choicesChanged: [] };
    const preview = await request(api.app).post('/api/instruments/migrant-health/versions?preview=true').set(as(admin)).send(nextVersionUpload());
    expect(preview.body).toEqual({ id: 'migrant-health', preview: true, changes });
    expect(await versionsStored()).toBe(1);
    // A preview flag that is neither true nor false is refused, naming it, rather than read as "store it".
    const unclear = await request(api.app).post('/api/instruments/migrant-health/versions?preview=yes').set(as(admin)).send(nextVersionUpload());
    expect([unclear.status, unclear.body.errors?.[0]?.path]).toEqual([400, 'preview']);
    expect(await versionsStored()).toBe(1);
    const response = await request(api.app).post('/api/instruments/migrant-health/versions').set(as(admin)).send(nextVersionUpload());
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: 'migrant-health', version: 2, state: 'draft', changes });
    const publicList = await request(api.app).get('/api/instruments');
    expect(mainVersions(publicList.body)).toEqual(['1:published']);
    const adminList = await request(api.app).get('/api/instruments').set(as(admin));
    expect(mainVersions(adminList.body)).toEqual(['1:published', '2:draft']);
    expect((await request(api.app).get('/api/instruments/migrant-health?version=2')).status).toBe(404);
    expect((await request(api.app).get('/api/instruments/migrant-health?version=2').set(as(interviewer))).status).toBe(404);
    const draft = await request(api.app).get('/api/instruments/migrant-health?version=2').set(as(admin));
    expect(draft.status).toBe(200);
    expect(JSON.stringify(draft.body.json)).toContain(ADDED_QUESTION);
    expect((await request(api.app).get('/api/instruments/migrant-health')).body.version).toBe(1);
  });

  it('a draft takes interviews only through its test link, as test data kept out of listings, estimates and exports', async () => {
    const refused = await submit(interview(2, 3));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('instrument-draft');
    const link = await request(api.app).post('/api/instruments/migrant-health/versions/2/test-link').set(as(admin)).send({});
    expect(link.status).toBe(201);
    expect(link.body).toMatchObject({ test: true, instrumentVersion: 2, samplingPoint: 'KM-01', testResponses: 0, shortUrl: expect.stringMatching(/\/s\/[0-9A-Za-z]{11}$/) });
    expect((await request(api.app).get('/api/links').set(as(admin))).body).toEqual([]);
    const phone = await request(api.app).get(`/api/links/resolve/${link.body.shortCode}`);
    expect(phone.status).toBe(200);
    expect(phone.body.instrument.version).toBe(2);
    const testInterview = interview(2, 4, { mode: 'cawi' });
    draftTestId = testInterview.id;
    const stored = await request(api.app).post('/api/responses').set('X-Link-Token', link.body.token).send(testInterview);
    expect(stored.status).toBe(201);
    expect(stored.body).toEqual({ id: testInterview.id, test: true });
    expect((await request(api.app).post('/api/responses').set('X-Link-Token', link.body.token).send(testInterview)).body).toEqual({ id: testInterview.id, duplicate: true, test: true });
    const otherAnswers = await request(api.app).post('/api/responses').set('X-Link-Token', link.body.token).send({ ...interview(2, 5, { mode: 'cawi' }), id: testInterview.id });
    expect(otherAnswers.status).toBe(409);
    expect(otherAnswers.body).toEqual({ id: testInterview.id, code: 'conflict', message: expect.stringMatching(/[\u4e00-\u9fff]/), messageEn: expect.stringContaining(testInterview.id) });
    const { Response, TestResponse } = modelsOf(api.connection);
    expect(await TestResponse.countDocuments()).toBe(1);
    expect(await Response.countDocuments()).toBe(0);
    expect(api.state.analysis.rows.has(testInterview.id)).toBe(false);
    expect((await request(api.app).get('/api/responses').set(as(analyst))).body.total).toBe(0);
    const csv = await request(api.app).get('/api/exports/responses.csv?instrument=migrant-health&version=2').set(as(analyst));
    expect(csv.text).not.toContain(testInterview.id);
    const estimates = await request(api.app).get('/api/estimates').set(as(analyst));
    expect(JSON.stringify(estimates.body)).not.toMatch(/"n":[1-9]/);
    const again = await request(api.app).post('/api/instruments/migrant-health/versions/2/test-link').set(as(admin)).send({});
    expect(again.body).toMatchObject({ id: link.body.id, testResponses: 1 });
  });

  let inProgressOnV1: ReturnType<typeof interview>;
  it('publish: the latest version is served, the test data deleted, an interview begun on the old version still accepted', async () => {
    inProgressOnV1 = interview(1, 5);
    const before = await request(api.app).get('/api/instruments/migrant-health');
    const published = await request(api.app).post('/api/instruments/migrant-health/versions/2/publish').set(as(admin));
    expect(published.status).toBe(200);
    expect(published.body).toEqual({ id: 'migrant-health', version: 2, state: 'published' });
    const latest = await request(api.app).get('/api/instruments/migrant-health').set('If-None-Match', String(before.headers.etag));
    expect(latest.status).toBe(200);
    expect(latest.body.version).toBe(2);
    const revalidated = await request(api.app).get('/api/instruments/migrant-health').set('If-None-Match', String(latest.headers.etag));
    expect(revalidated.status).toBe(304);
    expect(await modelsOf(api.connection).TestResponse.countDocuments()).toBe(0);
    expect(await modelsOf(api.connection).Link.countDocuments({ test: true })).toBe(0);
    expect((await request(api.app).get('/api/instruments/migrant-health?version=1')).status).toBe(200);
    expect((await submit(inProgressOnV1)).status).toBe(201);
    expect((await submit(interview(2, 6))).status).toBe(201);
    expect(draftTestId).toBeDefined();
    const again = await request(api.app).post('/api/instruments/migrant-health/versions/2/publish').set(as(admin));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('instrument-state');
  });

  it('retire: no new interviews on the version, a resend of one stored is still a harmless repeat', async () => {
    const retired = await request(api.app).post('/api/instruments/migrant-health/versions/1/retire').set(as(admin));
    expect(retired.body.state).toBe('retired');
    const refused = await submit(interview(1, 7));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('instrument-retired');
    expect(refused.body.message).toContain('已停用');
    const resend = await submit(inProgressOnV1);
    expect(resend.status).toBe(200);
    expect(resend.body.duplicate).toBe(true);
    const list = await request(api.app).get('/api/instruments');
    expect(mainVersions(list.body)).toEqual(['1:retired', '2:published']);
    expect((await request(api.app).post('/api/instruments/migrant-health/versions/1/publish').set(as(admin))).status).toBe(409);
  });

  it('discard a draft: gone from the list, its number never reused; a published version cannot be deleted', async () => {
    const draft = await request(api.app).post('/api/instruments/migrant-health/versions').set(as(admin)).send(nextVersionUpload());
    expect(draft.body).toMatchObject({ version: 3, changes: { added: [], removed: [], reworded: [], choicesChanged: [] } });
    expect((await request(api.app).delete('/api/instruments/migrant-health/versions/3').set(as(admin))).body.state).toBe('discarded');
    expect((await request(api.app).get('/api/instruments/migrant-health?version=3').set(as(admin))).status).toBe(404);
    expect((await request(api.app).delete('/api/instruments/migrant-health/versions/2').set(as(admin))).status).toBe(409);
    expect((await request(api.app).delete('/api/instruments/migrant-health/versions/9').set(as(admin))).status).toBe(404);
    const next = await request(api.app).post('/api/instruments/migrant-health/versions').set(as(admin)).send(nextVersionUpload());
    expect(next.body.version).toBe(4);
  });
});
