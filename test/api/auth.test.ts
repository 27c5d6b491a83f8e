import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { modelsOf } from '../../server/models';
import { bootstrapAdmin } from '../../server/services/users';
import { prepareDatabase } from '../../server/services/setup';
import { connectIsolatedDatabase } from '../helpers/database';
import { importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

describe('accounts and sign-in', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let adminToken: string;
  beforeAll(async () => {
    api = await startTestApi('auth');
    adminToken = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    expect((await importFrame(api.app, adminToken)).status).toBe(200);
  });
  afterAll(() => api.drop());

  it('signs in with a token, role and an httpOnly SameSite cookie', async () => {
    const response = await request(api.app).post('/api/auth/login').send({ username: 'admin', password: TEST_ADMIN_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ role: 'admin', token: expect.any(String) });
    const cookie = response.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^mh_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const viaCookie = await request(api.app).get('/api/sampling-points').set('Cookie', cookie.split(';')[0] ?? '');
    expect(viaCookie.status).toBe(200);
  });

  it('answers 401 with the same message for an unknown user and a wrong password', async () => {
    const unknown = await request(api.app).post('/api/auth/login').send({ username: 'nobody', password: 'whatever-1' });
    const wrong = await request(api.app).post('/api/auth/login').send({ username: 'admin', password: 'wrong-password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const withoutRequestId = ({ requestId: _requestId, ...body }: Record<string, unknown>) => body;
    expect(withoutRequestId(unknown.body)).toEqual(withoutRequestId(wrong.body));
  });

  it('answers 400 naming the field for a sign-in body without a password', async () => {
    const response = await request(api.app).post('/api/auth/login').send({ username: 'admin' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);
  });

  it('lets an admin create users (201), who can then sign in with their role', async () => {
    const response = await request(api.app)
      .post('/api/users')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ username: 'wang.fang', password: 'field-work-2026', role: 'interviewer', samplingPoints: ['KM-01'] });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ username: 'wang.fang', role: 'interviewer', samplingPoints: ['KM-01'], displayName: '', active: true });
    const login = await request(api.app).post('/api/auth/login').send({ username: 'wang.fang', password: 'field-work-2026' });
    expect(login.body).toMatchObject({ role: 'interviewer', samplingPoints: ['KM-01'] });
    const stored = await modelsOf(api.connection).User.findOne({ username: 'wang.fang' }).lean();
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(stored?.passwordHash).not.toContain('field-work-2026');
  });

  it('refuses user creation: 401 without a token, 403 for a non-admin, 409 for a taken name, 400 for an unknown site or a bad name — nothing stored', async () => {
    const { User } = modelsOf(api.connection);
    const before = await User.countDocuments();
    const body = { username: 'li.lei', password: 'field-work-2026', role: 'interviewer' };
    expect((await request(api.app).post('/api/users').send(body)).status).toBe(401);
    const interviewerToken = await signIn(api.app, 'wang.fang', 'field-work-2026');
    expect((await request(api.app).post('/api/users').set('Authorization', `Bearer ${interviewerToken}`).send(body)).status).toBe(403);
    const taken = await request(api.app).post('/api/users').set('Authorization', `Bearer ${adminToken}`).send({ ...body, username: 'wang.fang' });
    expect(taken.status).toBe(409);
    const unknownSite = await request(api.app).post('/api/users').set('Authorization', `Bearer ${adminToken}`).send({ ...body, samplingPoints: ['NOPE-9'] });
    expect(unknownSite.status).toBe(400);
    expect(unknownSite.body.errors[0].message).toContain('NOPE-9');
    const badName = await request(api.app).post('/api/users').set('Authorization', `Bearer ${adminToken}`).send({ ...body, username: 'a b' });
    expect(badName.status).toBe(400);
    expect(badName.body.errors[0].path).toBe('username');
    expect(await User.countDocuments()).toBe(before);
  });

  it('answers 401 for a tampered or foreign token', async () => {
    const [body, mac] = adminToken.split('.');
    const forged = `${Buffer.from(JSON.stringify({ sub: 'admin', role: 'admin', exp: 4102444800 })).toString('base64url')}.${mac}`;
    expect(body).not.toBe(forged.split('.')[0]);
    const response = await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${forged}`);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid-session');
  });
});

describe('first start', () => {
  it('creates admin with ADMIN_PASSWORD, once', async () => {
    const database = await connectIsolatedDatabase('bootstrap-set');
    const config = loadConfig({ ADMIN_PASSWORD: 'chosen-password' });
    await prepareDatabase(database.connection, config, () => undefined);
    await prepareDatabase(database.connection, loadConfig({ ADMIN_PASSWORD: 'another-password' }), () => undefined);
    const users = await modelsOf(database.connection).User.find().lean();
    expect(users.map((user) => [user.username, user.role])).toEqual([['admin', 'admin']]);
    await database.drop();
  });

  it('without ADMIN_PASSWORD prints a random password once, and it works', async () => {
    const database = await connectIsolatedDatabase('bootstrap-random');
    const printed: string[] = [];
    await bootstrapAdmin(database.connection, undefined, (line) => printed.push(line));
    await bootstrapAdmin(database.connection, undefined, (line) => printed.push(line));
    expect(printed).toHaveLength(1);
    const password = /admin \/ (\S+)/.exec(printed[0] ?? '')?.[1] ?? '';
    expect(password).toBeTruthy();
    const config = loadConfig({ AUTH_SECRET: 'a-test-secret-that-is-at-least-32-characters' });
    const { createApp } = await import('../../server/app');
    const app = createApp({ connection: database.connection, config });
    expect((await request(app).post('/api/auth/login').send({ username: 'admin', password })).status).toBe(200);
    await database.drop();
  });
});
