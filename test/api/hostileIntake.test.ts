import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsOf } from '../../server/models';
import { generateRespondent } from '../../scripts/synthetic';
import { createInterviewer, importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { findResponse } from '../../server/queries/responses';

function submission(seed: number, overrides: Record<string, unknown> = {}) {
  const respondent = generateRespondent({ seed, province: '53', status: 'complete' });
  return { id: randomUUID(), instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: 'KM-01', mode: 'capi', status: respondent.status, answers: respondent.answers, paradata: { durationSeconds: 900 }, ...overrides };
}

/** `{a:[{a:[...1...]}]}` nested `depth` levels, as the probe sent (a few kilobytes of brackets). */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

describe('hostile intake: ids, nesting, batches (findings 3 and 4)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let interviewer: string;
  let admin: string;
  const post = (body: unknown) => request(api.app).post('/api/responses').set('Authorization', `Bearer ${interviewer}`).send(body as object);
  const postBatch = (responses: unknown[]) => request(api.app).post('/api/responses/batch').set('Authorization', `Bearer ${interviewer}`).send({ responses });
  const countOf = (ids: string[]) => modelsOf(api.connection).Response.countDocuments({ _id: { $in: ids.map((id) => id.toLowerCase()) } });

  beforeAll(async () => {
    api = await startTestApi('hostile-intake');
    admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
    interviewer = await createInterviewer(api.app, admin, 'hostile.interviewer', ['KM-01']);
  });
  afterAll(() => api.drop());

  it('a resend with the UUID in upper case is the same interview: 200 duplicate, one document under the lower-case id', async () => {
    const body = submission(1);
    expect((await post(body)).status).toBe(201);
    const upper = await post({ ...body, id: body.id.toUpperCase() });
    expect(upper.status).toBe(200);
    expect(upper.body).toMatchObject({ duplicate: true });
    expect(await countOf([body.id])).toBe(1);
    expect(await modelsOf(api.connection).Response.countDocuments({ _id: body.id.toUpperCase() })).toBe(0);
  });

  it('an interview first sent with an upper-case UUID is stored under the lower-case one, and answered with the id as sent', async () => {
    const body = submission(2, { id: randomUUID().toUpperCase() });
    const first = await post(body);
    expect(first.status).toBe(201);
    expect(first.body.id).toBe(body.id);
    const stored = await findResponse(api.connection, body.id.toLowerCase());
    expect(stored?.id).toBe(body.id.toLowerCase());
    expect((await post({ ...body, id: body.id.toLowerCase() })).status).toBe(200);
    expect((await postBatch([{ ...body, id: body.id.toLowerCase() }])).body.results[0]).toMatchObject({ status: 200, id: body.id.toLowerCase() });
  });

  it('refuses ids that are not UUIDs (braces, spaces, no dashes) with 400 on id', async () => {
    const id = randomUUID();
    for (const bad of [`{${id}}`, ` ${id}`, id.replace(/-/g, ''), `${id}\u0000`]) {
      const response = await post(submission(3, { id: bad }));
      expect(response.status, bad).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'id' })]);
    }
  });

  it('answers 400 naming the depth limit for an answer nested 2,400 levels, storing nothing', async () => {
    const body = submission(4, { answers: { ...submission(4).answers, consent: nested(2400) } });
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('too-deep');
    expect(response.body.message).toMatch(/32/);
    expect(await countOf([body.id])).toBe(0);
  });

  it('in a batch, a deeply nested item is refused on its own: the others are stored and the batch never answers 500', async () => {
    const items: Record<string, unknown>[] = Array.from({ length: 58 }, (_, index) => submission(100 + index));
    items[20] = { ...items[20]!, answers: { q: nested(3000) } };
    items[40] = { ...items[40]!, paradata: { pageSeconds: nested(500) } };
    const response = await postBatch(items);
    expect(response.status).toBe(200);
    const statuses = response.body.results.map((result: { status: number }) => result.status);
    expect(statuses.filter((status: number) => status === 201)).toHaveLength(56);
    expect(response.body.results[20]).toMatchObject({ status: 400, code: 'too-deep', id: items[20]!.id });
    expect(response.body.results[40]).toMatchObject({ status: 400, code: 'too-deep' });
    expect(await countOf(items.map((item) => item.id as string))).toBe(56);
    const resend = await postBatch(items);
    expect(resend.body.results.filter((result: { status: number }) => result.status === 200)).toHaveLength(56);
  });

  it('a deeply nested body on any other JSON route is a 400 naming the limit', async () => {
    const users = await request(api.app).post('/api/users').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/json').send(`{"username":"x","password":"long-enough-password","role":"interviewer","samplingPoints":${'['.repeat(5000)}"KM-01"${']'.repeat(5000)}}`);
    expect(users.status, JSON.stringify(users.body)).toBe(400);
    expect(users.body.code, JSON.stringify(users.body)).toBe('too-deep');
    expect(users.body.code).toBe('too-deep');
    const login = await request(api.app).post('/api/auth/login').set('Content-Type', 'application/json').send(`{"username":${'['.repeat(10_000)}1${']'.repeat(10_000)},"password":"x"}`);
    expect(login.status).toBe(400);
    expect(login.body.code, JSON.stringify(login.body)).toBe('too-deep');
  });

  it('refuses a response with more than 10,000 values (a huge array) on its own', async () => {
    const body = submission(5, { answers: { ...submission(5).answers, services_used: Array.from({ length: 20_000 }, () => 'x') } });
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('too-many-values');
    expect(response.body.message).toMatch(/10,?000/);
  });
});
