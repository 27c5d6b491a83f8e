import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsOf } from '../../server/models';
import { authSecretOf } from '../../server/services/authSecret';
import { signLinkToken } from '../../server/services/linkTokens';
import { generateRespondent } from '../../scripts/synthetic';
import { createInterviewer, importFrame, SAMPLE_FRAME_CSV, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { findResponse } from '../../server/queries/responses';

function submission(overrides: Record<string, unknown> = {}, seed: number | string = 1) {
  const respondent = generateRespondent({ seed, province: '53', status: 'complete' });
  return {
    id: randomUUID(),
    instrumentId: 'migrant-health',
    instrumentVersion: 1,
    samplingPoint: 'KM-01',
    mode: 'capi',
    status: respondent.status,
    answers: respondent.answers,
    paradata: { startedAt: '2026-05-01T08:00:00Z', completedAt: '2026-05-01T08:25:00Z', durationSeconds: 1500, pageSeconds: { consent: 30 }, locale: 'zh-cn', appVersion: 'test' },
    ...overrides,
  };
}

describe('POST /api/responses', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let interviewer: string;
  let analyst: string;
  const stored = (id: string) => findResponse(api.connection, id);
  const count = () => modelsOf(api.connection).Response.countDocuments();
  const post = (body: unknown, token = interviewer) => request(api.app).post('/api/responses').set('Authorization', `Bearer ${token}`).send(body as object);

  beforeAll(async () => {
    api = await startTestApi('responses');
    const admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
    interviewer = await createInterviewer(api.app, admin, 'zhang.wei', ['KM-01']);
    await request(api.app).post('/api/users').set('Authorization', `Bearer ${admin}`).send({ username: 'analyst', password: 'analyst-password', role: 'analyst' });
    analyst = await signIn(api.app, 'analyst', 'analyst-password');
  });
  afterAll(() => api.drop());

  it('201: stores the answers with scores, design fields from the sampling point, interviewer and paradata', async () => {
    const body = submission();
    const response = await post(body);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: body.id });
    const document = await stored(body.id);
    expect(document).toMatchObject({
      instrumentId: 'migrant-health',
      instrumentVersion: 1,
      mode: 'capi',
      status: 'complete',
      stratum: '530102',
      siteCode: 'KM-01',
      provinceCode: '53',
      cityCode: '5301',
      countyCode: '530102',
      region: 'West',
      interviewer: 'zhang.wei',
      paradata: { durationSeconds: 1500, locale: 'zh-cn' },
    });
    expect(document?.answers).toEqual(body.answers);
    expect(document?.scores).toMatchObject({ scoringVersion: expect.any(Number), literacy: { fullMarks: 66 } });
    expect(document?.receivedAt).toBeInstanceOf(Date);
  });

  it('200 duplicate for the same id and content (keys in any order); 409 for different content — one document either way', async () => {
    const body = submission();
    expect((await post(body)).status).toBe(201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await post(reordered);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: body.id, duplicate: true });
    const changed = await post({ ...body, paradata: { ...body.paradata, durationSeconds: 1501 } });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('conflict');
    expect(await modelsOf(api.connection).Response.countDocuments({ id: body.id })).toBe(1);
    expect((await stored(body.id))?.answers).toEqual(body.answers);
  });

  const invalid: [string, string, (body: ReturnType<typeof submission>) => unknown][] = [
    ['an unknown question', 'answers.favourite_colour', (b) => ({ ...b, answers: { ...b.answers, favourite_colour: 'red' } })],
    ['a value outside the choices', 'answers.sex', (b) => ({ ...b, answers: { ...b.answers, sex: 'unknown' } })],
    ['a wrong type', 'answers.months_here', (b) => ({ ...b, answers: { ...b.answers, months_here: 'twelve' } })],
    ['a number out of range', 'answers.months_here', (b) => ({ ...b, answers: { ...b.answers, months_here: 100000 } })],
    ['over-long text', 'answers.current_city', (b) => ({ ...b, answers: { ...b.answers, current_city: 'x'.repeat(500) } })],
    ['a missing required answer in a complete response', 'answers.lit_01', (b) => ({ ...b, answers: Object.fromEntries(Object.entries(b.answers).filter(([name]) => name !== 'lit_01')) })],
    ['an answer to a question the logic hides', 'answers.age_in_range', (b) => ({ ...b, answers: { ...b.answers, consent: 'no' }, status: 'refused' })],
    ['a key starting with $', 'answers.$where', (b) => ({ ...b, answers: { ...b.answers, $where: '1' } })],
    ['a key containing a dot', 'answers.sex.x', (b) => ({ ...b, answers: { ...b.answers, 'sex.x': 'male' } })],
    ['a nested key containing a dot', 'paradata.pageSeconds.page.1', (b) => ({ ...b, paradata: { ...b.paradata, pageSeconds: { 'page.1': 3 } } })],
    ['a status the answers contradict', 'status', (b) => ({ ...b, status: 'ineligible' })],
    ['an id that is not a UUID', 'id', (b) => ({ ...b, id: 'interview-1' })],
    ['a missing field', 'mode', (b) => ({ ...b, mode: undefined })],
  ];
  it.each(invalid)('400 for %s, naming %s; nothing stored', async (_what, path, change) => {
    const body = change(submission()) as { id: string };
    const before = await count();
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await count()).toBe(before);
  });

  it('404 unknown-instrument for an unknown instrument version, as GET /api/instruments/:id answers it; nothing stored', async () => {
    const before = await count();
    const response = await post({ ...submission(), instrumentVersion: 42 });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'unknown-instrument', message: expect.stringContaining('第 42 版'), messageEn: expect.stringContaining('version 42') });
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain('instrumentVersion');
    expect(await count()).toBe(before);
  });

  it('400 for a sampling point missing from the frame (an admin may send for any site); nothing stored', async () => {
    const admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    const before = await count();
    const response = await post(submission({ samplingPoint: 'NOPE-1' }), admin);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'samplingPoint', message: 'unknown site code' }]);
    expect(await count()).toBe(before);
  });

  it('copies the design fields the frame has now: a re-import (new stratum, a new site) counts from the next response', async () => {
    const admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    const before = submission({}, 'frame-before');
    expect((await post(before)).status).toBe(201);
    const moved = SAMPLE_FRAME_CSV.replace('530102,KM-01,', '530103,KM-01,').concat('\n530103,KM-03,盘龙区新站点,community,53,5301,530103,500,0.1,10');
    expect((await importFrame(api.app, admin, moved)).status).toBe(200);
    const after = submission({}, 'frame-after');
    expect((await post(after)).status).toBe(201);
    expect((await post(submission({ samplingPoint: 'KM-03' }, 'frame-new-site'), admin)).status).toBe(201);
    expect((await stored(before.id))?.stratum).toBe('530102');
    expect((await stored(after.id))?.stratum).toBe('530103');
    await importFrame(api.app, admin);
  });

  it('accepts a partial interview without its unanswered required questions, and a refusal', async () => {
    const partial = generateRespondent({ seed: 7, status: 'partial' });
    expect((await post(submission({ status: 'partial', answers: partial.answers }))).status).toBe(201);
    const refused = generateRespondent({ seed: 8, status: 'refused' });
    const body = submission({ status: 'refused', answers: refused.answers });
    expect((await post(body)).status).toBe(201);
    expect((await stored(body.id))?.scores).toBeNull();
  });

  it('415 for a non-JSON body, 413 over the size limit, 400 for malformed JSON; nothing stored', async () => {
    const before = await count();
    const text = await request(api.app).post('/api/responses').set('Authorization', `Bearer ${interviewer}`).set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    const big = submission({ answers: { ...submission().answers, current_city: 'x'.repeat(600_000) } });
    const tooLarge = await post(big);
    expect(tooLarge.status).toBe(413);
    const malformed = await request(api.app).post('/api/responses').set('Authorization', `Bearer ${interviewer}`).set('Content-Type', 'application/json').send('{"id": ');
    expect(malformed.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('401 without a token, 403 for a site not assigned to the interviewer or for an analyst; nothing stored', async () => {
    const before = await count();
    expect((await request(api.app).post('/api/responses').send(submission())).status).toBe(401);
    const otherSite = await post(submission({ samplingPoint: 'KM-02' }));
    expect(otherSite.status).toBe(403);
    expect(otherSite.body.code).toBe('site-not-assigned');
    expect((await post(submission(), analyst)).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('takes a CAWI response with a valid link token for its own site, refuses a tampered or foreign one', async () => {
    const secret = authSecretOf(api.context.config);
    const token = signLinkToken({ linkId: 'L-1', instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: 'KM-02', mode: 'cawi', exp: Math.floor(Date.now() / 1000) + 3600 }, secret);
    await modelsOf(api.connection).Link.create({ linkId: 'L-1', token, shortCode: 'Test0000001', samplingPoint: 'KM-02', instrumentId: 'migrant-health', instrumentVersion: 1, expiresAt: new Date(Date.now() + 3_600_000), createdBy: 'admin' });
    const body = submission({ samplingPoint: 'KM-02', mode: 'cawi' });
    const response = await request(api.app).post('/api/responses').set('X-Link-Token', token).send(body);
    expect(response.status).toBe(201);
    expect(await stored(body.id)).toMatchObject({ mode: 'cawi', linkId: 'L-1', siteCode: 'KM-02' });
    const before = await count();
    const tampered = await request(api.app).post('/api/responses').set('X-Link-Token', `${token.slice(0, -2)}xx`).send(submission({ samplingPoint: 'KM-02', mode: 'cawi' }));
    expect(tampered.status).toBe(401);
    const otherSite = await request(api.app).post('/api/responses').set('X-Link-Token', token).send(submission({ samplingPoint: 'KM-01', mode: 'cawi' }));
    expect(otherSite.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('batch: an answer per item, one bad item never blocks the others', async () => {
    const good = submission();
    const repeat = submission();
    await post(repeat);
    const bad = submission({ answers: { ...submission().answers, sex: 'unknown' } });
    const conflict = { ...repeat, paradata: { ...repeat.paradata, durationSeconds: 1501 } };
    const response = await request(api.app).post('/api/responses/batch').set('Authorization', `Bearer ${interviewer}`).send({ responses: [good, bad, repeat, conflict] });
    expect(response.status).toBe(200);
    expect(response.body.results.map((result: { id: string; status: number }) => [result.id, result.status])).toEqual([
      [good.id, 201],
      [bad.id, 400],
      [repeat.id, 200],
      [repeat.id, 409],
    ]);
    expect(await stored(good.id)).toBeTruthy();
    expect(await stored(bad.id)).toBeNull();
    const tooMany = await request(api.app).post('/api/responses/batch').set('Authorization', `Bearer ${interviewer}`).send({ responses: Array.from({ length: 201 }, () => good) });
    expect(tooMany.status).toBe(400);
  });

  it('lists responses for analysts, paged and filtered; interviewers get 403', async () => {
    const all = await request(api.app).get('/api/responses?pageSize=2').set('Authorization', `Bearer ${analyst}`);
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.total).toBe(await count());
    expect(all.body.items[0]).not.toHaveProperty('contentHash');
    const cawi = await request(api.app).get('/api/responses?mode=cawi').set('Authorization', `Bearer ${analyst}`);
    expect(cawi.body.items.every((item: { mode: string }) => item.mode === 'cawi')).toBe(true);
    expect(cawi.body.total).toBe(1);
    const refused = await request(api.app).get('/api/responses?status=refused&site=KM-01').set('Authorization', `Bearer ${analyst}`);
    expect(refused.body.total).toBe(1);
    const bad = await request(api.app).get('/api/responses?from=yesterday').set('Authorization', `Bearer ${analyst}`);
    expect(bad.status).toBe(400);
    const reversed = await request(api.app).get('/api/responses?from=2026-05-12&to=2026-05-08').set('Authorization', `Bearer ${analyst}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([{ path: 'to', message: 'the end date is before the start date; swap from and to' }]);
    expect((await request(api.app).get('/api/responses').set('Authorization', `Bearer ${interviewer}`)).status).toBe(403);
  });

  it('counts fieldwork progress per site', async () => {
    const sites = await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${analyst}`);
    const km01 = sites.body.find((site: { siteCode: string }) => site.siteCode === 'KM-01');
    const completes = await modelsOf(api.connection).Response.countDocuments({ siteCode: 'KM-01', status: 'complete' });
    expect(km01.counts).toMatchObject({ complete: completes, partial: 1, refused: 1 });
  });
});
