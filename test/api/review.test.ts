import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagTallySchema, interviewerTableSchema } from '../../contracts/quality';
import { detailSchema, listingSchema, returnedInterviewsSchema, REVIEW_STATE_LABELS, reviewResultsSchema } from '../../contracts/review';
import { modelsOf } from '../../server/models';
import { generateRespondent } from '../../scripts/synthetic';
import { createInterviewer, expectContract, importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

/** A complete CAPI interview at KM-01 or KM-02 (one stratum, two PSUs) by a synthetic respondent (seeded), 25 minutes unless overridden. */
function submission(seed: number, paradata: Record<string, unknown> = {}) {
  const respondent = generateRespondent({ seed: `review-${seed}`, province: '53', status: 'complete' });
  const start = Date.parse('2026-05-01T08:00:00Z') + seed * 3_600_000;
  return {
    id: randomUUID(),
    instrumentId: 'migrant-health',
    instrumentVersion: 1,
    samplingPoint: seed % 2 ? 'KM-02' : 'KM-01',
    mode: 'capi',
    status: respondent.status,
    answers: respondent.answers,
    paradata: { startedAt: new Date(start).toISOString(), completedAt: new Date(start + 1_500_000).toISOString(), durationSeconds: 1500, locale: 'zh-cn', appVersion: 'test', ...paradata },
  };
}

describe('review, versions and quality flags over HTTP', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let admin: string;
  let analyst: string;
  let interviewer: string;
  let otherInterviewer: string;
  const sent: ReturnType<typeof submission>[] = [];
  const as = (token: string) => ({
    get: (url: string) => request(api.app).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body: object) => request(api.app).post(url).set('Authorization', `Bearer ${token}`).send(body),
    patch: (url: string, body: object) => request(api.app).patch(url).set('Authorization', `Bearer ${token}`).send(body),
    put: (url: string, body: object) => request(api.app).put(url).set('Authorization', `Bearer ${token}`).send(body),
  });
  const literacyEstimate = async (query = '') => {
    const response = await as(analyst).get(`/api/estimates?indicator=literacy&weighting=unweighted${query}`);
    expect(response.status).toBe(200);
    const overall = response.body.rows.find((row: { domain: unknown }) => !row.domain || Object.keys(row.domain as object).length === 0);
    return { n: response.body.methods.n as number, estimate: overall.estimate as number, reviewed: response.body.methods.reviewed as string };
  };
  const literateOf = async (id: string) => (await as(admin).get(`/api/responses/${id}`)).body.scores.literacy.literate as boolean;

  beforeAll(async () => {
    api = await startTestApi('review');
    admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
    interviewer = await createInterviewer(api.app, admin, 'li.na', ['KM-01', 'KM-02']);
    otherInterviewer = await createInterviewer(api.app, admin, 'wang.fang', ['KM-01', 'KM-02']);
    await as(admin).post('/api/users', { username: 'analyst', password: 'analyst-password', role: 'analyst' });
    analyst = await signIn(api.app, 'analyst', 'analyst-password');
    for (let seed = 0; seed < 12; seed++) {
      const body = submission(seed, seed === 11 ? { durationSeconds: 300 } : {});
      expect((await as(interviewer).post('/api/responses', body)).status).toBe(201);
      sent.push(body);
    }
  }, 120_000);
  afterAll(() => api.drop());

  it('GET /api/responses/:id: the interview with scores, paradata, flags with explanations, review state and versions', async () => {
    const detail = await as(analyst).get(`/api/responses/${sent[0]!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: sent[0]!.id, status: 'complete', answers: sent[0]!.answers, reviewState: 'received', version: 1, flags: [], history: [], paradata: { durationSeconds: 1500 } });
    expect(detail.body.scores.literacy).toMatchObject({ fullMarks: 66 });
    expect(detail.body.versions).toEqual([expect.objectContaining({ version: 1, kind: 'received', by: 'li.na' })]);
    expect(detail.body.contentHash).toBeUndefined();
    expectContract(detailSchema, detail.body);
    const fast = await as(analyst).get(`/api/responses/${sent[11]!.id}`);
    expect(fast.body.flags).toEqual([{ flag: 'speeding', explanation: '访问时长 5.0 分钟，不到访员面访问卷时长中位数（25.0 分钟）的 33%', explanationEn: expect.any(String) }]);
    expect((await as(analyst).get(`/api/responses/${randomUUID()}`)).status).toBe(404);
    expect((await as(analyst).get('/api/responses/not-a-uuid')).body).toMatchObject({ code: 'invalid-id' });
  });

  it('the listing filters by flag and review state and shows both per row', async () => {
    const flagged = await as(analyst).get('/api/responses?flag=speeding');
    expect(flagged.status).toBe(200);
    expect(flagged.body.total).toBe(1);
    expect(flagged.body.items[0]).toMatchObject({ id: sent[11]!.id, flags: ['speeding'], reviewState: 'received', version: 1 });
    expect((await as(analyst).get('/api/responses?reviewState=received&interviewer=li.na')).body.total).toBe(12);
    expect((await as(analyst).get('/api/responses?flag=fast')).body).toMatchObject({ code: 'invalid-query', errors: [{ path: 'flag' }] });
  });

  it('the listing counts each filter value over what the other filters keep, and downloads the filtered list as CSV', async () => {
    const site = await as(analyst).get('/api/responses?site=KM-02&flag=speeding&pageSize=1');
    expect(site.body).toMatchObject({ total: 1, counts: { flag: { speeding: 1 }, reviewState: { received: 1 }, status: { complete: 1 }, mode: { capi: 1 } } });
    // The flag count ignores the flag filter itself: 6 interviews at KM-02, one of them flagged.
    expect((await as(analyst).get('/api/responses?site=KM-02')).body).toMatchObject({ total: 6, counts: { flag: { speeding: 1 }, reviewState: { received: 6 } } });
    const csv = await as(analyst).get('/api/responses?site=KM-02&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('responses.csv');
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe('编号 id,调查点 site,县区 county,访员 interviewer,二维码链接 link,方式 mode,收到时间 received,时长（分钟）duration_minutes,状态 status,审核状态 review_state,质量标记 flags,问卷 instrument,版本 version');
    expect(lines.find((line) => line.startsWith(sent[11]!.id))).toMatch(/,KM-02,530102,li\.na,,capi,[^,]+,5\.0,完成,已收到,作答过快,migrant-health v1,1$/);
    expect((await as(analyst).get('/api/responses?format=xlsx')).body).toMatchObject({ code: 'invalid-query', errors: [{ path: 'format' }] });
    expect((await as(interviewer).get('/api/responses?format=csv')).status).toBe(403);
    const tally = await as(analyst).get('/api/quality/flags');
    expect(tally.status).toBe(200);
    expect(tally.body.sites).toEqual([
      { siteCode: 'KM-01', interviews: 6, flagged: 0, flags: {} },
      { siteCode: 'KM-02', interviews: 6, flagged: 1, flags: { speeding: 1 } },
    ]);
    expect(tally.body.interviewers).toEqual([{ interviewer: 'li.na', interviews: 12, flagged: 1, flags: { speeding: 1 } }]);
    expectContract(flagTallySchema, tally.body);
    expect((await as(interviewer).get('/api/quality/flags')).status).toBe(403);
  });

  it('thresholds: PUT /api/quality/settings recomputes the flags; bad settings are a 400 and change nothing', async () => {
    const { body } = await as(analyst).get('/api/quality/settings');
    expect(body.settings.speeding.medianShare).toBeCloseTo(1 / 3);
    const lower = { ...body.settings, speeding: { ...body.settings.speeding, medianShare: 0.1 } };
    expect((await as(analyst).put('/api/quality/settings', lower)).status).toBe(403);
    const bad = await as(admin).put('/api/quality/settings', { ...lower, speeding: { ...lower.speeding, medianShare: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'speeding.medianShare' })]);
    expect((await as(analyst).get('/api/responses?flag=speeding')).body.total).toBe(1);
    expect((await as(admin).put('/api/quality/settings', lower)).status).toBe(200);
    expect((await as(analyst).get('/api/responses?flag=speeding')).body.total).toBe(0);
    expect((await as(admin).put('/api/quality/settings', body.settings)).status).toBe(200);
    expect((await as(analyst).get('/api/responses?flag=speeding')).body.total).toBe(1);
    const table = await as(analyst).get('/api/quality/interviewers');
    expect(table.body.interviewers).toEqual([expect.objectContaining({ interviewer: 'li.na', interviews: 12, completes: 12, flags: { speeding: 1 } })]);
    expectContract(interviewerTableSchema, table.body);
  });

  it('rejecting one interview takes exactly it out of n, the estimate and the export; includeRejected=true puts it back', async () => {
    const before = await literacyEstimate();
    const literate = await Promise.all(sent.map((body) => literateOf(body.id)));
    expect(before.n).toBe(12);
    expect(before.estimate).toBeCloseTo(literate.filter(Boolean).length / 12, 12);
    const exportRows = async (query = '') => (await as(analyst).get(`/api/exports/responses.csv?instrument=migrant-health${query}`)).text.trim().split('\n').length - 1;
    expect(await exportRows()).toBe(12);

    const rejected = await as(admin).patch(`/api/responses/${sent[0]!.id}/review`, { state: 'rejected', comment: '受访者不符合条件' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ reviewState: 'rejected', history: [expect.objectContaining({ state: 'rejected', comment: '受访者不符合条件', by: 'admin', version: 1 })] });
    const after = await literacyEstimate();
    expect(after.n).toBe(11);
    expect(after.estimate).toBeCloseTo(literate.slice(1).filter(Boolean).length / 11, 12);
    // The review state's own label (contracts/review.ts), not a second word for it.
    expect(after.reviewed).toBe(`1 份审核${REVIEW_STATE_LABELS.rejected['zh-cn']}的完成访问未计入 / 1 complete interviews rejected in review were left out`);
    expect(await exportRows()).toBe(11);
    const included = await literacyEstimate('&includeRejected=true');
    expect(included).toMatchObject({ n: 12, estimate: before.estimate });
    expect(await exportRows('&includeRejected=true')).toBe(12);
    expect((await as(analyst).get('/api/responses?reviewState=rejected')).body.items.map((row: { id: string }) => row.id)).toEqual([sent[0]!.id]);
    expect((await as(analyst).get('/api/responses?reviewState=received')).body.total).toBe(11);
    expect((await as(analyst).get('/api/estimates?includeRejected=yes')).body).toMatchObject({ code: 'invalid-query', errors: [{ path: 'includeRejected' }] });
  });

  it('bulk review: every id changes, or with an unknown id none does', async () => {
    const ids = [sent[1]!.id, sent[2]!.id];
    const unknown = await as(admin).post('/api/responses/review', { ids: [...ids, randomUUID()], state: 'approved', comment: '核对无误' });
    expect(unknown.status).toBe(404);
    expect(await modelsOf(api.connection).Review.countDocuments({ _id: { $in: ids } })).toBe(0);
    const bulk = await as(admin).post('/api/responses/review', { ids, state: 'approved', comment: '核对无误' });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results).toEqual(ids.map((id) => ({ id, state: 'approved' })));
    expectContract(reviewResultsSchema, bulk.body);
    expectContract(listingSchema, (await as(analyst).get('/api/responses?pageSize=3')).body);
    expect((await as(analyst).get('/api/responses?reviewState=approved')).body.total).toBe(2);
  });

  it('bad review input is a 400 naming the field, and nothing changes', async () => {
    const id = sent[3]!.id;
    for (const body of [{ state: 'approved' }, { state: 'returned', comment: 'x' }, { state: 'fine', comment: 'x' }, { state: 'approved', comment: '   ' }, { state: 'approved', comment: 'x', extra: 1 }]) {
      const response = await as(admin).patch(`/api/responses/${id}/review`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('invalid-body');
    }
    expect((await as(admin).post('/api/responses/review', { ids: [], state: 'approved', comment: 'x' })).body.errors).toEqual([expect.objectContaining({ path: 'ids' })]);
    expect(await modelsOf(api.connection).Review.countDocuments({ _id: id })).toBe(0);
  });

  it('send back: returned to its interviewer only; the corrected resend is version 2 and counts; replays stay 200; other payloads 409', async () => {
    const original = sent[4]!;
    const returned = await as(admin).post(`/api/responses/${original.id}/return`, { comment: '请核实第 1 题', page: 'lit_health_view' });
    expect(returned.status).toBe(200);
    expect(returned.body.reviewState).toBe('returned');
    expect((await as(admin).post(`/api/responses/${original.id}/return`, { comment: 'again' })).status).toBe(409);
    expect((await as(otherInterviewer).get('/api/responses/returned')).body.items).toEqual([]);
    const list = await as(interviewer).get('/api/responses/returned');
    expect(list.body.items).toEqual([expect.objectContaining({ id: original.id, comment: '请核实第 1 题', page: 'lit_health_view', answers: original.answers, samplingPoint: 'KM-01', returnedBy: 'admin', version: 1 })]);
    expectContract(returnedInterviewsSchema, list.body);

    expect((await as(interviewer).post('/api/responses', original)).body).toEqual({ id: original.id, duplicate: true });
    const corrected = { ...original, answers: { ...original.answers, lit_01: original.answers.lit_01 === 'true' ? 'false' : 'true' } };
    expect((await as(otherInterviewer).post('/api/responses', corrected)).status).toBe(409);
    const resent = await as(interviewer).post('/api/responses', corrected);
    expect(resent.status).toBe(201);
    expect(resent.body).toEqual({ id: original.id, version: 2 });
    const detail = (await as(admin).get(`/api/responses/${original.id}`)).body;
    expect(detail).toMatchObject({ version: 2, reviewState: 'received', answers: corrected.answers });
    expect(detail.versions).toEqual([
      expect.objectContaining({ version: 1, kind: 'received' }),
      expect.objectContaining({ version: 2, kind: 'resubmission', by: 'li.na', changes: [{ question: 'lit_01', from: original.answers.lit_01, to: corrected.answers.lit_01 }] }),
    ]);
    expect(detail.history.map((event: { action: string }) => event.action)).toEqual(['return', 'resubmit']);
    expectContract(detailSchema, detail);
    expect((await as(interviewer).get('/api/responses/returned')).body.items).toEqual([]);
    for (const replay of [original, corrected]) expect((await as(interviewer).post('/api/responses', replay)).status).toBe(200);
    const third = { ...corrected, answers: { ...original.answers, lit_02: original.answers.lit_02 === 'true' ? 'false' : 'true' } };
    expect((await as(interviewer).post('/api/responses', third)).status).toBe(409);
    expect(await modelsOf(api.connection).Response.countDocuments({ _id: original.id })).toBe(1);
    expect((await literacyEstimate()).n).toBe(11);
  });

  it('a QR self-completed interview cannot be returned (no interviewer)', async () => {
    const id = randomUUID();
    await modelsOf(api.connection).Response.collection.insertOne({ ...(await modelsOf(api.connection).Response.findById(sent[5]!.id).lean()), _id: id as never, id, interviewer: undefined, linkId: 'link-1', mode: 'cawi' });
    const response = await as(admin).post(`/api/responses/${id}/return`, { comment: '请核实' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('not-returnable');
    await modelsOf(api.connection).Response.deleteOne({ _id: id });
  });

  it('a reviewer edit is a new version with old → new, scores recomputed and the estimate using it; bad edits store nothing', async () => {
    const target = sent[6]!;
    const versionsBefore = await modelsOf(api.connection).ResponseVersion.countDocuments();
    for (const body of [
      { changes: { lit_01: 'maybe' }, reason: '更正' },
      { changes: { no_such_question: 'x' }, reason: '更正' },
      { changes: { lit_01: 'true' } },
      { changes: {}, reason: '更正' },
      { changes: { lit_01: target.answers.lit_01 }, reason: '更正' },
    ]) {
      const response = await as(admin).patch(`/api/responses/${target.id}/answers`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.errors?.length, JSON.stringify(response.body)).toBeGreaterThan(0);
    }
    expect(await modelsOf(api.connection).ResponseVersion.countDocuments()).toBe(versionsBefore);

    // Answer every literacy single-choice item wrongly or rightly, so the literate score must flip.
    const detail = (await as(admin).get(`/api/responses/${target.id}`)).body;
    const wasLiterate = detail.scores.literacy.literate as boolean;
    const keys = (await import('../../surveys/catalog')).readAnswerKeys((await import('../../surveys/catalog')).INSTRUMENT_VERSIONS[0]!);
    const literacyKey = keys.find((key) => key.file.includes('literacy'))!.key;
    const changes = Object.fromEntries(
      Object.entries(literacyKey)
        .filter(([name]) => name in target.answers)
        .map(([name, { correct }]) => [name, wasLiterate ? (Array.isArray(correct) ? ['none'] : 'dk') : correct]),
    );
    const edited = await as(admin).patch(`/api/responses/${target.id}/answers`, { changes, reason: '录音核对后更正' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.version).toBe(2);
    expect(edited.body.scores.literacy.literate).toBe(!wasLiterate);
    const version = edited.body.versions.at(-1);
    expect(version).toMatchObject({ kind: 'edit', by: 'admin', reason: '录音核对后更正' });
    expect(version.changes.length).toBeGreaterThan(0);
    for (const change of version.changes) expect(change).toEqual({ question: change.question, from: target.answers[change.question] ?? null, to: changes[change.question] });
    const literate = await Promise.all(sent.slice(1).map((body) => literateOf(body.id)));
    const estimate = await literacyEstimate();
    expect(estimate.n).toBe(11);
    expect(estimate.estimate).toBeCloseTo(literate.filter(Boolean).length / 11, 12);
    expect((await as(interviewer).post('/api/responses', target)).status).toBe(200);
  });

  it('401 without a session and 403 for the wrong role on every new route', async () => {
    const id = sent[7]!.id;
    const routes: [string, string, object?][] = [
      ['get', `/api/responses/${id}`],
      ['patch', `/api/responses/${id}/review`, { state: 'approved', comment: 'x' }],
      ['post', '/api/responses/review', { ids: [id], state: 'approved', comment: 'x' }],
      ['post', `/api/responses/${id}/return`, { comment: 'x' }],
      ['patch', `/api/responses/${id}/answers`, { changes: { lit_01: 'dk' }, reason: 'x' }],
      ['get', '/api/responses/returned'],
      ['get', '/api/quality/settings'],
      ['put', '/api/quality/settings', {}],
      ['get', '/api/quality/interviewers'],
    ];
    for (const [method, url, body] of routes) {
      const anonymous = await (request(api.app) as unknown as Record<string, (url: string) => request.Test>)[method]!(url).send(body ?? {});
      expect(anonymous.status, `${method} ${url}`).toBe(401);
    }
    const adminOnly = routes.filter(([method, url]) => method !== 'get' && !url.startsWith('/api/responses/returned'));
    for (const [method, url, body] of adminOnly) {
      for (const token of [analyst, interviewer]) expect((await (as(token) as unknown as Record<string, (url: string, body: object) => request.Test>)[method]!(url, body ?? {})).status, `${method} ${url}`).toBe(403);
    }
    for (const [, url] of routes.filter(([method, url]) => method === 'get' && url !== '/api/responses/returned')) {
      expect((await as(interviewer).get(url)).status, url).toBe(403);
    }
    expect(await modelsOf(api.connection).Review.countDocuments({ _id: id })).toBe(0);
    expect(await modelsOf(api.connection).ResponseVersion.countDocuments({ responseId: id })).toBe(0);
  });
});
