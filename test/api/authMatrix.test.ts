import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientDistDir } from '../../server/app';
import { authSecretOf } from '../../server/services/authSecret';
import { issueSessionToken } from '../../server/services/sessions';
import { generateRespondent } from '../../scripts/synthetic';
import { createInterviewer, importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

/**
 * Who may call what: every route the app mounts, read from express's router, called by each kind of
 * caller. A route missing from MATRIX fails the first test, so a new route cannot ship without deciding
 * who may call it. Callers:
 * - anonymous: no credentials; admin, analyst, interviewer: a valid session (Bearer) of that role;
 * - expired: a genuine session token past its expiry; tampered: an admin token whose payload was altered;
 * - removed: a genuine session of an account that no longer exists; disabled: a session issued before its
 *   account was disabled;
 * - link: only an X-Link-Token header of an open QR link (a respondent's phone).
 * A new kind of caller goes into CALLERS; the table's type then makes every row state its status.
 *
 * The statuses are those of a minimal request (an empty JSON body `{}` unless the row gives one): a 400
 * means the caller got past authentication and authorization to validation. Page rows (/capi, /s/…) are
 * served only once the client is built (`npm run build:client`).
 */
const CALLERS = ['anonymous', 'admin', 'analyst', 'interviewer', 'expired', 'tampered', 'removed', 'disabled', 'link'] as const;
type Caller = (typeof CALLERS)[number];
type Row = Record<Caller, number> & { body?: () => unknown; page?: true };

/** For routes open to everyone: the same status whoever calls. */
const everyone = (status: number): Record<Caller, number> => Object.fromEntries(CALLERS.map((caller) => [caller, status])) as Record<Caller, number>;
/** For routes that need a session: 401 for every caller without a valid one. */
const signedIn = (statuses: Pick<Row, 'admin' | 'analyst' | 'interviewer'>): Record<Caller, number> => ({ anonymous: 401, expired: 401, tampered: 401, removed: 401, disabled: 401, link: 401, ...statuses });

const answers = generateRespondent({ seed: 11, province: '53', status: 'complete' }).answers;
const submission = () => ({
  id: randomUUID(),
  instrumentId: 'migrant-health',
  instrumentVersion: 1,
  samplingPoint: 'KM-01',
  mode: 'capi',
  status: 'complete',
  answers,
  paradata: { startedAt: '2026-05-01T08:00:00Z', completedAt: '2026-05-01T08:25:00Z', locale: 'zh-cn', appVersion: 'matrix' },
});

const MATRIX: Record<string, Row> = {
  'GET /api/health': everyone(200),
  // Sent as a CAPI interview; a link's phone sends it as cawi (400: the link's intake wants its own mode).
  'POST /api/responses': { ...signedIn({ admin: 201, analyst: 403, interviewer: 201 }), link: 400, body: submission },
  'POST /api/responses/batch': { ...signedIn({ admin: 200, analyst: 200, interviewer: 200 }), link: 200, body: () => ({ responses: [submission()] }) },
  'GET /api/responses': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  // Review (issue 18): reading for analysts and admins, changes for admins; each interviewer's own returned list.
  'GET /api/responses/returned': signedIn({ admin: 200, analyst: 200, interviewer: 200 }),
  'POST /api/responses/review': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  'GET /api/responses/:id': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'PATCH /api/responses/:id/review': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  'POST /api/responses/:id/return': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  'PATCH /api/responses/:id/answers': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  // Issue 16: county compliance and the evaluation report, for analysts and admins.
  'GET /api/compliance': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'GET /api/reports/evaluation.docx': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'GET /api/quality/settings': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'PUT /api/quality/settings': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  'GET /api/quality/interviewers': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'GET /api/quality/flags': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'POST /api/auth/login': everyone(400),
  'POST /api/auth/code': everyone(400),
  'POST /api/auth/logout': everyone(204),
  'GET /api/users': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'POST /api/users': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  'POST /api/users/import': signedIn({ admin: 415, analyst: 403, interviewer: 403 }),
  'POST /api/users/remove-demo': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'PATCH /api/users/:username': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  'DELETE /api/users/:username': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  // For the analyst account: codes are for interviewers only (400). The code id is unknown (404).
  'POST /api/users/:username/sign-in-code': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  'GET /api/users/:username/sign-in-codes': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'DELETE /api/sign-in-codes/:id': signedIn({ admin: 404, analyst: 403, interviewer: 403 }),
  'POST /api/sampling-points/import': signedIn({ admin: 415, analyst: 403, interviewer: 403 }),
  'GET /api/sampling-points': signedIn({ admin: 200, analyst: 200, interviewer: 200 }),
  'GET /api/overview': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'GET /api/audit': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'GET /api/sampling-points/template.xlsx': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'GET /api/sampling-points/frame.xlsx': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'GET /api/instruments': everyone(200),
  'GET /api/instruments/:id': everyone(200),
  // Questionnaire versions (issue 19): the manager's. The :id here is a link id, so no such instrument (404).
  'POST /api/instruments/:id/versions': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  'POST /api/instruments/:id/versions/:version/publish': signedIn({ admin: 404, analyst: 403, interviewer: 403 }),
  'POST /api/instruments/:id/versions/:version/retire': signedIn({ admin: 404, analyst: 403, interviewer: 403 }),
  'DELETE /api/instruments/:id/versions/:version': signedIn({ admin: 404, analyst: 403, interviewer: 403 }),
  'POST /api/instruments/:id/versions/:version/test-link': signedIn({ admin: 404, analyst: 403, interviewer: 403 }),
  'GET /api/links/resolve/:token': everyone(200),
  'POST /api/links': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  'POST /api/links/all-sites': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  'GET /api/links': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'GET /api/links/posters.pdf': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'PATCH /api/links/:id': signedIn({ admin: 400, analyst: 403, interviewer: 403 }),
  'DELETE /api/links/:id': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'GET /api/links/:id/qr.png': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'GET /api/links/:id/qr.svg': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'GET /api/links/:id/poster': signedIn({ admin: 200, analyst: 403, interviewer: 403 }),
  'GET /api/fieldwork': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'GET /api/exports/responses.csv': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'GET /api/exports/codebook.xlsx': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'GET /api/exports/replication.zip': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'GET /api/indicators': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'GET /api/estimates': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'GET /api/estimates/differences': signedIn({ admin: 400, analyst: 400, interviewer: 403 }),
  'POST /api/weighting/schemes': signedIn({ admin: 400, analyst: 400, interviewer: 403 }),
  'GET /api/weighting/schemes': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'GET /api/weighting/summary': signedIn({ admin: 200, analyst: 200, interviewer: 403 }),
  'GET /capi/sw.js': { ...everyone(200), page: true },
  'GET /capi': { ...everyone(200), page: true },
  'GET /capi/': { ...everyone(200), page: true },
  'GET /s/:token': { ...everyone(200), page: true },
  'GET /analyst': { ...everyone(200), page: true },
  'GET /analyst/': { ...everyone(200), page: true },
  'GET /admin': { ...everyone(200), page: true },
  'GET /admin/': { ...everyone(200), page: true },
};

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: RouterLayer[] };
  rawPath?: string | string[];
}

/** `METHOD /path` of every route mounted on the app, nested routers included (express 5's router stack). */
function mountedRoutes(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) for (const method of Object.keys(layer.route.methods)) routes.push(`${method.toUpperCase()} ${prefix}${path}`);
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, prefix + (layer.rawPath === '/' || layer.rawPath === undefined ? '' : String(layer.rawPath)));
      }
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, '');
  return routes;
}

describe('auth matrix: every mounted route × every kind of caller', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const credentials = {} as Record<Caller, Record<string, string>>;
  const params: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi('auth-matrix');
    const admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
    const interviewer = await createInterviewer(api.app, admin, 'matrix.interviewer', ['KM-01']);
    await request(api.app).post('/api/users').set('Authorization', `Bearer ${admin}`).send({ username: 'matrix.analyst', password: 'analyst-password', role: 'analyst' });
    const analyst = await signIn(api.app, 'matrix.analyst', 'analyst-password');
    const disabled = await createInterviewer(api.app, admin, 'matrix.disabled', ['KM-01']);
    expect((await request(api.app).patch('/api/users/matrix.disabled').set('Authorization', `Bearer ${admin}`).send({ active: false })).status).toBe(200);
    await createInterviewer(api.app, admin, 'matrix.doomed', ['KM-01']);
    const link = await request(api.app).post('/api/links').set('Authorization', `Bearer ${admin}`).send({ samplingPoint: 'KM-01', instrumentId: 'migrant-health' });
    // The DELETE revokes its link: it gets one of its own, so the other rows see theirs open.
    const revocable = await request(api.app).post('/api/links').set('Authorization', `Bearer ${admin}`).send({ samplingPoint: 'KM-02', instrumentId: 'migrant-health' });
    Object.assign(params, { ':token': link.body.token, ':id': link.body.id, 'DELETE :id': revocable.body.id, 'GET /api/instruments/:id': 'migrant-health', ':version': '1', ':username': 'matrix.analyst', 'DELETE :username': 'matrix.doomed' });
    // An interview at each site of the stratum the rows' interviews go to: a stratum with one responding site
    // (a lonely PSU) made GET /api/estimates answer 500 (LonelyPsuError) — issue 16's lonelyPsu option.
    const stored = { ...submission(), samplingPoint: 'KM-02' };
    await request(api.app).post('/api/responses').set('Authorization', `Bearer ${admin}`).send(stored);
    for (const route of ['GET /api/responses/:id', 'PATCH /api/responses/:id/review', 'POST /api/responses/:id/return', 'PATCH /api/responses/:id/answers']) params[route] = stored.id;
    const secret = authSecretOf(api.context.config);
    const expired = issueSessionToken('admin', 'admin', secret, new Date(Date.now() - 30 * 24 * 3600 * 1000)).token;
    const [, mac] = admin.split('.');
    const tampered = `${Buffer.from(JSON.stringify({ sub: 'admin', role: 'admin', exp: 4102444800 })).toString('base64url')}.${mac}`;
    const removed = issueSessionToken('no.longer.here', 'admin', secret).token;
    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
    Object.assign(credentials, {
      anonymous: {},
      admin: bearer(admin),
      analyst: bearer(analyst),
      interviewer: bearer(interviewer),
      expired: bearer(expired),
      tampered: bearer(tampered),
      removed: bearer(removed),
      disabled: bearer(disabled),
      link: { 'X-Link-Token': link.body.token },
    });
  });
  afterAll(() => api.drop());

  it('the table names exactly the mounted routes', () => {
    const built = fs.existsSync(clientDistDir);
    const mounted = mountedRoutes(api.app);
    const declared = Object.entries(MATRIX)
      .filter(([, row]) => built || !row.page)
      .map(([route]) => route);
    expect(mounted.filter((route) => !(route in MATRIX)), 'routes missing from MATRIX: add a row deciding who may call them').toEqual([]);
    expect(declared.filter((route) => !mounted.includes(route)), 'rows of MATRIX for routes no longer mounted').toEqual([]);
  });

  it.each(Object.keys(MATRIX))('%s', async (route) => {
    const row = MATRIX[route]!;
    if (row.page && !fs.existsSync(clientDistDir)) return;
    const [method, pattern] = route.split(' ') as [string, string];
    const path = pattern.replace(/:\w+/g, (param) => params[`${route}`] ?? params[`${method} ${param}`] ?? params[param]!);
    const actual: Partial<Record<Caller, number>> = {};
    for (const caller of CALLERS) {
      const call = request(api.app)[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path).set(credentials[caller]);
      const response = method === 'GET' ? await call : await call.send((row.body?.() ?? {}) as object);
      actual[caller] = response.status;
    }
    const expected = Object.fromEntries(CALLERS.map((caller) => [caller, row[caller]]));
    expect(actual).toEqual(expected);
    // The evaluation report draws its charts on each download: allow it the time of a busy machine.
  }, 120_000);
});
