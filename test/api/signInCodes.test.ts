import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsOf } from '../../server/models';
import { createUser } from '../../server/services/users';
import { createInterviewer, signIn, importFrame, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

describe('tablet sign-in codes', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let adminToken: string;
  let interviewerToken: string;
  let analystToken: string;
  const issue = (username: string, body: object = {}, token = adminToken) => request(api.app).post(`/api/users/${username}/sign-in-code`).set('Authorization', `Bearer ${token}`).send(body);
  const useCode = (code: string) => request(api.app).post('/api/auth/code').send({ code });

  beforeAll(async () => {
    api = await startTestApi('sign_in_codes');
    adminToken = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    expect((await importFrame(api.app, adminToken)).status).toBe(200);
    interviewerToken = await createInterviewer(api.app, adminToken, 'li.ming', ['KM-01']);
    await createUser(api.connection, { username: 'zhao.analyst', password: 'analyst-password', role: 'analyst' });
    analystToken = await signIn(api.app, 'zhao.analyst', 'analyst-password');
  });
  afterAll(() => api.drop());

  it('issues a code (24 h by default) whose URL opens /capi; the code gives the same session as a password, once', async () => {
    const issued = await issue('li.ming');
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(issued.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/capi\/#code=[0-9A-Z]{12}$/);
    expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    const signedIn = await useCode(issued.body.code.toLowerCase());
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ username: 'li.ming', role: 'interviewer', samplingPoints: ['KM-01'], token: expect.any(String) });
    expect(signedIn.headers['set-cookie']?.[0]).toMatch(/^mh_session=.*HttpOnly/);
    expect((await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${signedIn.body.token}`)).status).toBe(200);
    const again = await useCode(issued.body.code);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('sign-in-code-used');
    const actions = (await modelsOf(api.connection).AuditEntry.find({ target: 'li.ming' }).lean()).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['sign-in-code.issued', 'sign-in-code.used']));
    expect(JSON.stringify(await modelsOf(api.connection).SignInCode.find().lean())).not.toContain(issued.body.code.replace(/-/g, ''));
  });

  it('lets only one of two tablets presenting the same code at once in', async () => {
    const { body } = await issue('li.ming');
    const answers = await Promise.all([useCode(body.code), useCode(body.code), useCode(body.code)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401, 401]);
  });

  it('refuses a revoked, an expired and an unknown code, each saying why', async () => {
    const revoked = await issue('li.ming');
    const revoke = await request(api.app).delete(`/api/sign-in-codes/${revoked.body.id}`).set('Authorization', `Bearer ${adminToken}`);
    expect(revoke.body).toMatchObject({ id: revoked.body.id, status: 'revoked' });
    expect((await useCode(revoked.body.code)).body.code).toBe('sign-in-code-revoked');
    const expired = await issue('li.ming', { hours: 1 });
    await modelsOf(api.connection).SignInCode.updateOne({ codeId: expired.body.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await useCode(expired.body.code)).body.code).toBe('sign-in-code-expired');
    expect((await useCode('AAAA-BBBB-CCCC')).body.code).toBe('sign-in-code-invalid');
    expect((await useCode('')).status).toBe(400);
    const listed = await request(api.app).get('/api/users/li.ming/sign-in-codes').set('Authorization', `Bearer ${adminToken}`);
    expect(listed.body.map((code: { status: string }) => code.status)).toEqual(expect.arrayContaining(['used', 'revoked', 'expired']));
    expect(JSON.stringify(listed.body)).not.toMatch(/"code"/);
  });

  it('refuses a code of a disabled account, and issuing for a non-interviewer, an unknown user or a bad duration — nothing stored', async () => {
    const { SignInCode } = modelsOf(api.connection);
    const { body } = await issue('li.ming');
    await request(api.app).patch('/api/users/li.ming').set('Authorization', `Bearer ${adminToken}`).send({ active: false });
    expect((await useCode(body.code)).body.code).toBe('account-disabled');
    const before = await SignInCode.countDocuments();
    expect((await issue('li.ming')).status).toBe(409);
    expect((await issue('zhao.analyst')).body.code).toBe('not-an-interviewer');
    expect((await issue('nobody')).status).toBe(404);
    const badHours = await issue('li.ming', { hours: 1000 });
    expect(badHours.status).toBe(400);
    expect(badHours.body.errors[0].path).toBe('hours');
    expect(await SignInCode.countDocuments()).toBe(before);
    await request(api.app).patch('/api/users/li.ming').set('Authorization', `Bearer ${adminToken}`).send({ active: true });
  });

  it('401 anonymous and 403 for an interviewer or analyst on issuing, listing and revoking', async () => {
    for (const [method, path] of [
      ['post', '/api/users/li.ming/sign-in-code'],
      ['get', '/api/users/li.ming/sign-in-codes'],
      ['delete', '/api/sign-in-codes/some-id'],
    ] as const) {
      expect((await request(api.app)[method](path)).status).toBe(401);
      expect((await request(api.app)[method](path).set('Authorization', `Bearer ${interviewerToken}`)).status).toBe(403);
      expect((await request(api.app)[method](path).set('Authorization', `Bearer ${analystToken}`)).status).toBe(403);
    }
  });
});
