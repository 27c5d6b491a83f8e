import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { generateRespondent } from '../../scripts/synthetic';
import { createInterviewer, importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

interface LogLine {
  msg: string;
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  role: string;
}

describe('request logs and request ids', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let app: ReturnType<typeof createApp>;
  let logText = '';
  const lines = () => logText.trim().split('\n').map((line) => JSON.parse(line) as LogLine);
  beforeAll(async () => {
    api = await startTestApi('request-log');
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logText += String(chunk);
        done();
      },
    });
    app = createApp({ ...api.context, logger: pino({ level: 'info' }, sink) });
  });
  afterAll(() => api.drop());

  it('every answer has an X-Request-Id, and every error body carries it as requestId', async () => {
    const health = await request(app).get('/api/health');
    expect(health.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const failures = await Promise.all([
      request(app).get('/api/sampling-points'),
      request(app).get('/api/no-such-route'),
      request(app).post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":'),
      request(app).post('/api/auth/login').send({ username: 'admin' }),
      request(app).post('/api/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ username: 'x'.repeat(200_000) })),
    ]);
    expect(failures.map((response) => response.status)).toEqual([401, 404, 400, 400, 413]);
    for (const response of failures) {
      expect(response.body.requestId).toBe(response.headers['x-request-id']);
      expect(response.body.code).toEqual(expect.any(String));
    }
  });

  it("keeps a proxy's plain request id and replaces a hostile one", async () => {
    expect((await request(app).get('/api/health').set('X-Request-Id', 'nginx-4f2a.17')).headers['x-request-id']).toBe('nginx-4f2a.17');
    expect((await request(app).get('/api/health').set('X-Request-Id', 'a"} {"forged":1')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one JSON line per request (method, route pattern, status, duration, request id, role) and never answers, passwords or tokens', async () => {
    const adminToken = await signIn(app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(app, adminToken);
    const interviewer = await createInterviewer(app, adminToken, 'log.tester', ['KM-01']);
    const link = await request(app).post('/api/links').set('Authorization', `Bearer ${adminToken}`).send({ samplingPoint: 'KM-01', instrumentId: 'migrant-health' });
    const answers = generateRespondent({ seed: 7, province: '53', status: 'complete' }).answers;
    logText = '';
    const resolved = await request(app).get(`/api/links/resolve/${link.body.token}?lang=zh`);
    const submitted = await request(app)
      .post('/api/responses')
      .set('Authorization', `Bearer ${interviewer}`)
      .send({ id: randomUUID(), instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: 'KM-01', mode: 'capi', status: 'complete', answers, paradata: { startedAt: '2026-05-01T08:00:00Z', completedAt: '2026-05-01T08:25:00Z', locale: 'zh-cn', appVersion: 'test' } });
    expect(submitted.status).toBe(201);
    await request(app).post('/api/auth/login').send({ username: 'log.tester', password: 'a-wrong-password' });

    const logged = lines();
    expect(logged).toHaveLength(3);
    expect(logged[0]).toEqual(expect.objectContaining({ msg: 'request', method: 'GET', route: '/api/links/resolve/:token', status: 200, role: 'anonymous', requestId: resolved.headers['x-request-id'], durationMs: expect.any(Number) }));
    expect(logged[1]).toEqual(expect.objectContaining({ method: 'POST', route: '/api/responses', status: 201, role: 'interviewer', requestId: submitted.headers['x-request-id'] }));
    expect(logged[2]).toEqual(expect.objectContaining({ method: 'POST', route: '/api/auth/login', status: 401 }));
    for (const secret of [link.body.token, interviewer, 'a-wrong-password', 'lang=zh', ...Object.values(answers).filter((value) => typeof value === 'string' && value.length > 3)]) {
      expect(logText).not.toContain(String(secret));
    }
    expect(logText).not.toMatch(/cookie|authorization/i);
  });
});
