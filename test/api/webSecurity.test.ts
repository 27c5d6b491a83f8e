import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsOf } from '../../server/models';
import { SAMPLE_FRAME_CSV, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

type TestApi = Awaited<ReturnType<typeof startTestApi>>;

const ORIGIN = 'http://survey.test';
const login = (api: TestApi, username: string, password: string) => request(api.app).post('/api/auth/login').send({ username, password });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('security headers', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('headers');
  });
  afterAll(() => api.drop());

  it.each(['/api/health', '/api/links/resolve/not-a-token', '/api/no-such-route', '/', '/capi', '/analyst', '/s/not-a-token'])('%s: CSP, nosniff, frame denial, referrer policy', async (path) => {
    const response = await request(api.app).get(path);
    const csp = response.headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests'); // served over plain HTTP here: upgrading would break the page
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('over HTTPS (PUBLIC_URL https) also sends HSTS and upgrades insecure requests', async () => {
    const https = await startTestApi('headers-https', { PUBLIC_URL: 'https://survey.example.org' });
    const response = await request(https.app).get('/api/health');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    await https.drop();
  });
});

describe('cross-site request forgery', () => {
  let api: TestApi;
  let cookie: string;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi('csrf');
    const signedIn = await login(api, 'admin', TEST_ADMIN_PASSWORD);
    cookie = (signedIn.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
    token = signedIn.body.token;
  });
  afterAll(() => api.drop());

  const frameImport = () => request(api.app).post('/api/sampling-points/import').set('Host', 'survey.test').set('Content-Type', 'text/plain').send(SAMPLE_FRAME_CSV);
  const newAdmin = (username: string) => request(api.app).post('/api/users').set('Host', 'survey.test').send({ username, password: 'evil-password-1', role: 'admin' });

  it("refuses the admin's cookie from a foreign Origin (403 cross-origin): a text/plain frame import and a new admin, nothing stored", async () => {
    const imported = await frameImport().set('Cookie', cookie).set('Origin', 'https://evil.example');
    expect(imported.status).toBe(403);
    expect(imported.body.code).toBe('cross-origin');
    expect(imported.body.message).toMatch(/[\u4e00-\u9fff]/);
    const created = await newAdmin('evil').set('Cookie', cookie).set('Origin', 'https://evil.example');
    expect(created.status).toBe(403);
    expect(await modelsOf(api.connection).SamplingPoint.countDocuments()).toBe(0);
    expect(await modelsOf(api.connection).User.countDocuments({ username: 'evil' })).toBe(0);
  });

  it('refuses a cookie-authenticated change with neither Origin nor Referer, or a foreign Referer', async () => {
    expect((await newAdmin('no-origin').set('Cookie', cookie)).status).toBe(403);
    expect((await newAdmin('foreign-referer').set('Cookie', cookie).set('Referer', 'https://evil.example/page')).status).toBe(403);
    expect((await request(api.app).post('/api/auth/logout').set('Host', 'survey.test').set('Cookie', cookie).set('Origin', 'null')).status).toBe(403);
  });

  it('accepts the same change from our own origin (Origin, or Referer alone)', async () => {
    expect((await frameImport().set('Cookie', cookie).set('Origin', ORIGIN)).status).toBe(200);
    expect((await newAdmin('same-origin').set('Cookie', cookie).set('Origin', ORIGIN)).status).toBe(201);
    expect((await newAdmin('same-referer').set('Cookie', cookie).set('Referer', `${ORIGIN}/analyst`)).status).toBe(201);
  });

  it('leaves reads and bearer-token requests alone: a foreign page cannot send an Authorization header without CORS, which is never granted', async () => {
    expect((await request(api.app).get('/api/sampling-points').set('Cookie', cookie).set('Origin', 'https://evil.example')).status).toBe(200);
    const created = await newAdmin('by-bearer').set('Authorization', `Bearer ${token}`).set('Origin', 'https://evil.example');
    expect(created.status).toBe(201);
    expect(created.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a sign-in posted from a foreign origin (login CSRF)', async () => {
    const response = await login(api, 'admin', TEST_ADMIN_PASSWORD).set('Origin', 'https://evil.example');
    expect(response.status).toBe(403);
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

describe('sign-in throttling', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('throttle', { TRUST_PROXY: 'loopback', LOGIN_FAILURES_PER_IP: '15' });
  });
  afterAll(() => api.drop());

  it('after 10 wrong passwords for an account: 429 with Retry-After and a Chinese message, even for the right password; a session already held keeps working', async () => {
    const held = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const wrong = await login(api, 'admin', `wrong-${attempt}`).set('X-Forwarded-For', `198.51.100.${attempt}`);
      expect(wrong.status).toBe(401);
    }
    const throttled = await login(api, 'admin', TEST_ADMIN_PASSWORD).set('X-Forwarded-For', '198.51.100.99');
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe('sign-in-throttled');
    expect(throttled.body.message).toMatch(/登录尝试过多/);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(500);
    expect(throttled.headers['set-cookie']).toBeUndefined();
    expect((await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${held}`)).status).toBe(200);
    const created = await request(api.app).post('/api/users').set('Authorization', `Bearer ${held}`).send({ username: 'zhao.min', password: 'field-work-2026', role: 'interviewer' });
    expect(created.status).toBe(201);
    expect((await login(api, 'zhao.min', 'field-work-2026')).status).toBe(200);
  });

  it('counts an account under any letter case', async () => {
    for (let attempt = 0; attempt < 10; attempt += 1) await login(api, attempt % 2 ? 'Li.Na' : 'li.na', 'wrong-password').set('X-Forwarded-For', `192.0.2.${attempt}`);
    expect((await login(api, 'LI.NA', 'wrong-password').set('X-Forwarded-For', '192.0.2.200')).status).toBe(429);
  });

  it('after LOGIN_FAILURES_PER_IP failures from one address over many names: 429 for any name from there, others unaffected', async () => {
    for (let attempt = 0; attempt < 15; attempt += 1) {
      expect((await login(api, `guess-${attempt}`, 'wrong-password').set('X-Forwarded-For', '203.0.113.7')).status).toBe(401);
    }
    const throttled = await login(api, 'zhao.min', 'field-work-2026').set('X-Forwarded-For', '203.0.113.7');
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBeDefined();
    expect((await login(api, 'zhao.min', 'field-work-2026').set('X-Forwarded-For', '203.0.113.8')).status).toBe(200);
  });

  it('counts wrong sign-in codes per address too', async () => {
    const tryCode = () => request(api.app).post('/api/auth/code').set('X-Forwarded-For', '203.0.113.50').send({ code: 'WRONG-CODE' });
    for (let attempt = 0; attempt < 15; attempt += 1) expect((await tryCode()).status).toBe(401);
    const throttled = await tryCode();
    expect(throttled.status).toBe(429);
    expect(throttled.body.message).toMatch(/登录尝试过多/);
  });
});

describe('sign-in timing', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('timing');
  });
  afterAll(() => api.drop());

  it('an unknown username costs about as much as a wrong password (a dummy hash is checked)', async () => {
    const time = async (username: string) => {
      const started = process.hrtime.bigint();
      expect((await login(api, username, 'wrong-password')).status).toBe(401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      unknown.push(await time(`nobody-${round}`));
      wrong.push(await time('admin'));
    }
    // Before the fix: 3 ms against 77 ms. The bound is loose so a busy machine cannot fail it.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
  });
});

describe('proxies and cookies', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy: rotating it from loopback no longer escapes the respondent rate limit', async () => {
    const direct = await startTestApi('xff-direct', { RESPONDENT_RATE_PER_IP: '3' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      statuses.push((await request(direct.app).get('/api/links/resolve/not-a-token').set('X-Forwarded-For', `10.9.8.${attempt}`)).status);
    }
    expect(statuses.slice(3)).toEqual([429, 429]);
    await direct.drop();

    const proxied = await startTestApi('xff-proxied', { RESPONDENT_RATE_PER_IP: '3', TRUST_PROXY: 'loopback' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await request(proxied.app).get('/api/links/resolve/not-a-token').set('X-Forwarded-For', `10.9.8.${attempt}`)).status).not.toBe(429);
    }
    await proxied.drop();
  });

  it('marks the session cookie Secure when the site is served over HTTPS (PUBLIC_URL https, or a trusted proxy saying so), not over plain HTTP', async () => {
    const plain = await startTestApi('cookie-plain', { TRUST_PROXY: 'loopback' });
    const cookieOf = async (api: TestApi, proto?: string) => {
      const test = login(api, 'admin', TEST_ADMIN_PASSWORD);
      if (proto) test.set('X-Forwarded-Proto', proto);
      return (await test).headers['set-cookie']?.[0] ?? '';
    };
    expect(await cookieOf(plain)).not.toMatch(/;\s*Secure/i);
    expect(await cookieOf(plain, 'https')).toMatch(/;\s*Secure/i);
    await plain.drop();
    const https = await startTestApi('cookie-https', { PUBLIC_URL: 'https://survey.example.org' });
    expect(await cookieOf(https)).toMatch(/;\s*Secure/i);
    await https.drop();
  });

  it.each([['loopback'], ['10.0.0.1, 192.168.0.0/16'], ['1'], ['false']])('accepts TRUST_PROXY=%s', async (value) => {
    const { loadConfig } = await import('../../server/config');
    expect(() => loadConfig({ TRUST_PROXY: value })).not.toThrow();
  });

  it('refuses TRUST_PROXY=true (every client could then claim any address) and a malformed address', async () => {
    const { loadConfig } = await import('../../server/config');
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.300' })).toThrow(/TRUST_PROXY/);
  });
});
