import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsOf } from '../../server/models';
import { generateRespondent } from '../../scripts/synthetic';
import { createInterviewer, importFrame, SAMPLE_FRAME_CSV, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

/**
 * Property-based fuzzing of every input a stranger or a broken client can send: hostile JSON spliced into
 * valid bodies, wrong types, deep nesting, huge strings and arrays, __proto__/constructor keys, 1e309,
 * broken UTF-8, wrong content types, case variants of ids, hostile CSV/XLSX bytes and query strings.
 * Properties: never a 5xx; nothing stored beyond what was acknowledged; no prototype polluted; the server
 * still healthy and its heap flat at the end. The suite runs a seeded subset (FUZZ_RUNS, default 240 in
 * all); `npm run fuzz` runs 10,000 (FUZZ_SEED picks another seed).
 */
const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 240);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const PROPERTIES = 9;
const runs = Math.max(10, Math.floor(TOTAL_RUNS / PROPERTIES));
const timeout = Math.max(60_000, runs * 2_000);
const settings = { numRuns: runs, seed: SEED, endOnFailure: true };

const deep = (depth: number, open: string, close: string) => `${open.repeat(depth)}1${close.repeat(depth)}`;

/** JSON texts (not values: 1e309 and duplicate keys survive only as text) that parsers and validators choke on. */
const hostileJson = fc.oneof(
  fc.constantFrom(
    '1e309',
    '-1e309',
    'null',
    'true',
    '""',
    '{"__proto__":{"polluted":"yes"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '{"$where":"1","$gt":""}',
    '{"a.b":1,"$set":{"x":1}}',
    '"\\u0000\\ud800"',
    deep(3000, '[', ']'),
    deep(3000, '{"a":', '}'),
    JSON.stringify('长'.repeat(60_000)),
    JSON.stringify(Array.from({ length: 20_000 }, (_, index) => index)),
  ),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => JSON.stringify(text)),
  fc.integer({ min: 1, max: 400 }).map((depth) => deep(depth, '[', ']')),
);

/** Bytes that are not what they claim: broken UTF-8, truncated JSON, binary. */
const hostileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
  fc.string({ maxLength: 80 }).map((text) => Buffer.from(`{"id":${text}`)),
);

const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'APPLICATION/JSON');

/** A query string of hostile keys and values: repeats (arrays), brackets (objects for qs), huge and binary values. */
const hostileQuery = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('from', 'to', 'by', 'indicator', 'format', 'weighting', 'instrument', 'version', 'instrumentVersion', 'freeText', 'site', '__proto__', 'constructor', 'by[]', 'from[gt]', 'limit', 'after'), fc.string({ maxLength: 12 })),
      fc.oneof(fc.constantFrom('1e309', '2026-13-45', '-1', 'NaN', '[object Object]', 'x'.repeat(5000), '%ff%fe', 'sex,region,,', 'json', 'xlsx', 'true'), fc.string({ maxLength: 40 })),
    ),
    { maxLength: 6 },
  )
  .map((pairs) => pairs.map(([key, value]) => `${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${value.startsWith('%') ? value : encodeURIComponent(value)}`).join('&'));

function validSubmission(seed: number) {
  const respondent = generateRespondent({ seed, province: '53', status: 'complete' });
  return { id: randomUUID(), instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: 'KM-01', mode: 'capi', status: respondent.status, answers: respondent.answers, paradata: { startedAt: '2026-05-01T08:00:00Z', completedAt: '2026-05-01T08:25:00Z', locale: 'zh-cn', appVersion: 'fuzz' } };
}

/** The JSON text of a valid submission with one field (top level or an answer) replaced by hostile JSON text. */
const mutatedSubmission = fc.record({ seed: fc.nat(10_000), field: fc.constantFrom('id', 'instrumentId', 'instrumentVersion', 'samplingPoint', 'mode', 'status', 'answers', 'paradata', 'answer', 'extra', '__proto__'), hostile: hostileJson }).map(({ seed, field, hostile }) => {
  const body: Record<string, unknown> = validSubmission(seed);
  const marker = '"@@HOSTILE@@"';
  if (field === 'answer') {
    const answers = body.answers as Record<string, unknown>;
    const keys = Object.keys(answers);
    answers[keys[seed % keys.length]!] = '@@HOSTILE@@';
  } else {
    body[field] = '@@HOSTILE@@';
  }
  return JSON.stringify(body).replace(marker, hostile);
});

describe('fuzz: hostile payloads never crash the server or store what they should not', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let admin: string;
  let interviewer: string;
  let linkToken: string;
  const stored = () => modelsOf(api.connection).Response.estimatedDocumentCount();
  const sites = () => modelsOf(api.connection).SamplingPoint.estimatedDocumentCount();
  const accounts = () => modelsOf(api.connection).User.estimatedDocumentCount();
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const noServerError = (status: number, what: string) => expect(status, what).toBeLessThan(500);

  beforeAll(async () => {
    api = await startTestApi('fuzz', { LOGIN_FAILURES_PER_IP: '1000000', LOGIN_FAILURES_PER_ACCOUNT: '1000000', RESPONDENT_RATE_PER_IP: '1000000' });
    admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
    interviewer = await createInterviewer(api.app, admin, 'fuzz.interviewer', ['KM-01', 'KM-02']);
    linkToken = (await request(api.app).post('/api/links').set(bearer(admin)).send({ samplingPoint: 'KM-02', instrumentId: 'migrant-health' })).body.token;
  });
  afterAll(() => api.drop());

  it('POST /api/responses: mutated bodies, wrong content types and broken bytes; stored only when acknowledged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedSubmission.map((text) => Buffer.from(text)), hostileBytes), contentType, fc.boolean(), async (body, type, viaLink) => {
        const before = await stored();
        const response = await request(api.app).post('/api/responses').set(viaLink ? { 'X-Link-Token': linkToken } : bearer(interviewer)).set('Content-Type', type).send(body);
        noServerError(response.status, `${response.status} ${JSON.stringify(response.body)} for ${body.subarray(0, 200).toString()}`);
        expect(await stored()).toBe(before + (response.status === 201 ? 1 : 0));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      settings,
    );
  }, timeout);

  it('POST /api/responses: a stored interview resent with its id in another letter case is not stored twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(10_000), fc.func(fc.boolean()), async (seed, upper) => {
        const body = validSubmission(seed);
        expect((await request(api.app).post('/api/responses').set(bearer(interviewer)).send(body)).status).toBe(201);
        const variant = [...body.id].map((char, index) => (upper(index) ? char.toUpperCase() : char.toLowerCase())).join('');
        const before = await stored();
        const again = await request(api.app).post('/api/responses').set(bearer(interviewer)).send({ ...body, id: variant });
        expect(again.status).not.toBe(201);
        expect(await stored()).toBe(before);
      }),
      { ...settings, numRuns: Math.max(5, Math.floor(runs / 4)) },
    );
  }, timeout);

  it('POST /api/responses/batch: hostile items stored only as acknowledged item by item', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(mutatedSubmission, hostileJson), { minLength: 1, maxLength: 8 }), async (items) => {
        const before = await stored();
        const response = await request(api.app).post('/api/responses/batch').set(bearer(interviewer)).set('Content-Type', 'application/json').send(`{"responses":[${items.join(',')}]}`);
        noServerError(response.status, `${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
        const acknowledged = response.status === 200 ? (response.body.results as { status: number }[]).filter((result) => result.status === 201).length : 0;
        expect(await stored()).toBe(before + acknowledged);
      }),
      settings,
    );
  }, timeout);

  it('POST /api/sampling-points/import: mutated CSV, broken UTF-8 and fake XLSX bytes; a refused import changes no site', async () => {
    const csvLines = SAMPLE_FRAME_CSV.split('\n');
    const mutatedCsv = fc.record({ line: fc.nat(csvLines.length - 1), column: fc.nat(9), value: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('1e309', '-0.5', '"', '""x', '\r', '=HYPERLINK("x")', '长'.repeat(300), '\u0000')) }).map(({ line, column, value }) => {
      const rows = csvLines.map((row) => row.split(','));
      const row = rows[line]!;
      row[column % row.length] = value;
      return Buffer.from(rows.map((cells) => cells.join(',')).join('\n'));
    });
    const fakeXlsx = fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from(bytes)]));
    const type = fc.constantFrom('text/csv', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream', 'application/json');
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedCsv, fakeXlsx, hostileBytes), type, async (body, contentTypeOf) => {
        const before = await sites();
        const response = await request(api.app).post('/api/sampling-points/import').set(bearer(admin)).set('Content-Type', contentTypeOf).send(body);
        noServerError(response.status, `${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
        if (response.status >= 400) expect(await sites()).toBe(before);
      }),
      settings,
    );
  }, timeout);

  it('POST /api/users/import: mutated account CSV, broken UTF-8 and fake XLSX bytes; a refused import creates no account', async () => {
    const header = 'username,display_name,role,password,sites';
    const cell = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('admin', 'interviewer', '管理员', 'KM-01;KM-02', '1e309', '"', '""x', '\r', '=CMD()', '长'.repeat(300), '\u0000', '__proto__', 'constructor'));
    const mutatedCsv = fc
      .array(fc.tuple(cell, cell, cell, cell, cell), { minLength: 1, maxLength: 6 })
      .map((rows) => Buffer.from([header, ...rows.map((row) => row.join(','))].join('\n')));
    const fakeXlsx = fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from(bytes)]));
    const type = fc.constantFrom('text/csv', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream', 'application/json');
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedCsv, fakeXlsx, hostileBytes), type, fc.boolean(), async (body, contentTypeOf, preview) => {
        const before = await accounts();
        const response = await request(api.app).post(`/api/users/import${preview ? '?preview=true' : ''}`).set(bearer(admin)).set('Content-Type', contentTypeOf).send(body);
        noServerError(response.status, `${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
        if (response.status >= 400 || preview) expect(await accounts()).toBe(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      settings,
    );
  }, timeout);

  it('POST /api/weighting/schemes: hostile margins CSV and JSON', async () => {
    const margins = fc.oneof(
      fc.string({ maxLength: 200 }).map((text) => ({ type: 'text/csv', body: `variable,level,total\nregion,East,${text}` })),
      fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), hostileJson).map(([variable, level, total]) => ({ type: 'text/csv', body: `variable,level,total\n${variable},${level},${total}` })),
      hostileJson.map((text) => ({ type: 'application/json', body: `{"name":"fuzz","method":"rake","trimCap":${text},"csv":"variable,level,total\\nregion,East,1"}` })),
    );
    await fc.assert(
      fc.asyncProperty(margins, fc.string({ maxLength: 20 }), async ({ type, body }, name) => {
        const response = await request(api.app).post(`/api/weighting/schemes?name=${encodeURIComponent(name)}&method=rake`).set(bearer(admin)).set('Content-Type', type).send(body);
        noServerError(response.status, `${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
      }),
      settings,
    );
  }, timeout);

  it('POST /api/auth/login and GET /api/links/resolve/:token: hostile bodies and tokens (case variants included)', async () => {
    const tokenVariant = fc.oneof(
      fc.func(fc.boolean()).map((upper) => [...linkToken].map((char, index) => (upper(index) ? char.toUpperCase() : char.toLowerCase())).join('')),
      fc.string({ maxLength: 300 }),
      fc.constantFrom(`${linkToken}.x`, linkToken.split('.').reverse().join('.'), '%ff%fe', '..', `${'a'.repeat(5000)}.b`),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileJson.map((text) => Buffer.from(`{"username":${text},"password":"x"}`)), hostileJson.map((text) => Buffer.from(text)), hostileBytes), contentType, tokenVariant, async (body, type, token) => {
        const login = await request(api.app).post('/api/auth/login').set('Content-Type', type).send(body);
        noServerError(login.status, `login ${login.status} ${JSON.stringify(login.body)}`);
        expect(login.status).not.toBe(200);
        const path = token.startsWith('%') ? token : encodeURIComponent(token);
        const resolved = await request(api.app).get(`/api/links/resolve/${path}`);
        noServerError(resolved.status, `resolve ${resolved.status} ${JSON.stringify(resolved.body)}`);
        if (token !== linkToken) expect(resolved.status).not.toBe(200);
      }),
      settings,
    );
  }, timeout);

  it('query strings of the estimate, export, listing, fieldwork and weighting routes', async () => {
    const route = fc.constantFrom('/api/estimates', '/api/exports/responses.csv', '/api/exports/codebook.xlsx', '/api/responses', '/api/fieldwork', '/api/weighting/summary', '/api/indicators');
    await fc.assert(
      fc.asyncProperty(route, hostileQuery, async (path, query) => {
        const response = await request(api.app).get(`${path}?${query}`).set(bearer(admin));
        noServerError(response.status, `${path}?${query}: ${response.status} ${String(response.text).slice(0, 300)}`);
      }),
      settings,
    );
  }, timeout);

  it('the server is still healthy and its heap flat after the hostile traffic', async () => {
    const heapAfterFuzz = process.memoryUsage().heapUsed;
    for (let round = 0; round < 30; round += 1) {
      await request(api.app).post('/api/responses').set(bearer(interviewer)).set('Content-Type', 'application/json').send(`{"id":${deep(2000, '[', ']')}}`);
    }
    const health = await request(api.app).get('/api/health');
    expect(health.status).toBe(200);
    expect((await request(api.app).post('/api/responses').set(bearer(interviewer)).send(validSubmission(1))).status).toBe(201);
    // Without a forced GC this is coarse: it catches a leak per request (30 deep bodies), not a few kilobytes.
    expect(process.memoryUsage().heapUsed - heapAfterFuzz).toBeLessThan(64 * 1024 * 1024);
  });
});
