import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { modelsOf } from '../../server/models';
import { prepareDatabase } from '../../server/services/setup';
import { generateRespondent } from '../../scripts/synthetic';
import { binaryBody, importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

function cawiSubmission(samplingPoint: string, seed: number) {
  const respondent = generateRespondent({ seed, province: '53', status: 'complete' });
  return {
    id: randomUUID(),
    instrumentId: 'migrant-health',
    instrumentVersion: 1,
    samplingPoint,
    mode: 'cawi',
    status: respondent.status,
    answers: respondent.answers,
    paradata: { startedAt: '2026-05-01T08:00:00Z', completedAt: '2026-05-01T08:20:00Z', locale: 'zh-cn', appVersion: 'test' },
  };
}

describe('QR links', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let admin: string;
  const asAdmin = (test: request.Test) => test.set('Authorization', `Bearer ${admin}`);
  const issue = (body: object) => asAdmin(request(api.app).post('/api/links')).send(body);
  const responsesOf = (linkId: string) => modelsOf(api.connection).Response.countDocuments({ linkId });

  beforeAll(async () => {
    api = await startTestApi('links');
    admin = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
    await importFrame(api.app, admin);
  });
  afterAll(() => api.drop());

  it('issues a link: 201 {id, token, url} for /s/<token>, listed, resolvable to the public instrument without answer keys', async () => {
    const created = await issue({ samplingPoint: 'KM-01', instrumentId: 'migrant-health' });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/s/${created.body.token.replace(/\./g, '\\.')}$`));
    expect(created.body).toMatchObject({ samplingPoint: 'KM-01', instrumentVersion: 1, revoked: false, responseCount: 0, maxResponses: null });
    const listed = await asAdmin(request(api.app).get('/api/links'));
    expect(listed.body.map((link: { id: string }) => link.id)).toContain(created.body.id);
    const resolved = await request(api.app).get(`/api/links/resolve/${created.body.token}`);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ samplingPoint: 'KM-01', siteName: '五华区红云社区', instrument: { id: 'migrant-health', version: 1 } });
    expect(JSON.stringify(resolved.body)).not.toMatch(/"correct"/);
  });

  it('refuses bad requests with what is wrong, storing no link', async () => {
    const before = await modelsOf(api.connection).Link.countDocuments();
    expect((await issue({ samplingPoint: 'NOPE', instrumentId: 'migrant-health' })).body).toMatchObject({ code: 'unknown-sampling-point' });
    expect((await issue({ samplingPoint: 'KM-01', instrumentId: 'nope' })).status).toBe(404);
    const past = await issue({ samplingPoint: 'KM-01', instrumentId: 'migrant-health', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].path).toBe('expiresAt');
    expect((await issue({ samplingPoint: 'KM-01', instrumentId: 'migrant-health', maxResponses: 0 })).status).toBe(400);
    expect((await request(api.app).post('/api/links').send({ samplingPoint: 'KM-01', instrumentId: 'migrant-health' })).status).toBe(401);
    expect(await modelsOf(api.connection).Link.countDocuments()).toBe(before);
  });

  it('QR codes as PNG and SVG, an A4 poster in Chinese, and every open link\'s poster as one PDF (a page per site, fonts embedded, site names and short URLs)', async () => {
    const all = await asAdmin(request(api.app).post('/api/links/all-sites')).send({ instrumentId: 'migrant-health' });
    expect(all.status).toBe(201);
    // KM-01 already has an open link (issued above): not issued twice.
    expect(all.body.skipped).toEqual(['KM-01']);
    expect(all.body.links.map((link: { samplingPoint: string }) => link.samplingPoint).sort()).toEqual(['KM-02', 'ZZ-01']);
    const again = await asAdmin(request(api.app).post('/api/links/all-sites')).send({ instrumentId: 'migrant-health' });
    expect(again.body).toEqual({ links: [], skipped: ['KM-01', 'KM-02', 'ZZ-01'] });
    const id = all.body.links[0].id;
    const png = await asAdmin(request(api.app).get(`/api/links/${id}/qr.png`)).buffer(true);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    const svg = await asAdmin(request(api.app).get(`/api/links/${id}/qr.svg`));
    expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
    const poster = await asAdmin(request(api.app).get(`/api/links/${id}/poster`));
    expect(poster.text).toContain('@page { size: A4');
    expect(poster.text).toContain('匿名填写');
    expect(poster.text).toMatch(/云南 昆明市 五华区|河南 郑州市 金水区/);
    expect(poster.text).toContain(`/s/${all.body.links[0].shortCode}`);
    const pdf = await asAdmin(request(api.app).get('/api/links/posters.pdf')).buffer(true).parse(binaryBody);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'posters-')), 'posters.pdf');
    fs.writeFileSync(file, pdf.body as Buffer);
    const open = (await asAdmin(request(api.app).get('/api/links'))).body.filter((link: { revoked: boolean }) => !link.revoked);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(new RegExp(`Pages:\\s+${open.length}\\n`));
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/NotoSansCJK\S*\s.*\syes\s+yes/);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    for (const name of ['五华区红云社区', '五华区篆新农贸市场', '金水区富士康园区', '云南 昆明市 五华区', '河南 郑州市 金水区', '用手机扫码，自愿填写']) expect(text).toContain(name);
    // Each test request has its own port, so the URL is compared from its path on.
    for (const link of open) expect(text).toContain(`/s/${link.shortCode}`);
    const some = await asAdmin(request(api.app).get(`/api/links/posters.pdf?ids=${id}`)).buffer(true).parse(binaryBody);
    fs.writeFileSync(file, some.body as Buffer);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
    expect((await asAdmin(request(api.app).get('/api/links/posters.pdf?ids=nope'))).status).toBe(404);
  });

  it('short links: /s/<11-character code> (65 bits), shortUrl in the JSON; the code works wherever the token does, and the old token keeps working', async () => {
    const created = await issue({ samplingPoint: 'ZZ-01', instrumentId: 'migrant-health', maxResponses: 5 });
    expect(created.body.shortCode).toMatch(/^[0-9A-Za-z]{11}$/);
    expect(new URL(created.body.shortUrl).pathname).toBe(`/s/${created.body.shortCode}`);
    expect(new URL(created.body.shortUrl).pathname.length).toBeLessThanOrEqual(16);
    const resolved = await request(api.app).get(`/api/links/resolve/${created.body.shortCode}`);
    expect(resolved.body).toMatchObject({ linkId: created.body.id, siteName: '金水区富士康园区' });
    const sent = await request(api.app).post('/api/responses').set('X-Link-Token', created.body.shortCode).send(cawiSubmission('ZZ-01', 7));
    expect(sent.status).toBe(201);
    expect((await request(api.app).post('/api/responses').set('X-Link-Token', created.body.token).send(cawiSubmission('ZZ-01', 8))).status).toBe(201);
    expect(await responsesOf(created.body.id)).toBe(2);
    const capped = await asAdmin(request(api.app).patch(`/api/links/${created.body.id}`)).send({ maxResponses: 2 });
    expect(capped.body).toMatchObject({ maxResponses: 2, shortCode: created.body.shortCode });
    expect((await request(api.app).get(`/api/links/resolve/${created.body.shortCode}`)).body.code).toBe('link-capped');
    const uncapped = await asAdmin(request(api.app).patch(`/api/links/${created.body.id}`)).send({ maxResponses: null });
    expect(uncapped.body.maxResponses).toBeNull();
    expect((await request(api.app).get(`/api/links/resolve/${created.body.shortCode}`)).status).toBe(200);
    expect((await asAdmin(request(api.app).patch(`/api/links/${created.body.id}`)).send({})).status).toBe(400);
    await asAdmin(request(api.app).delete(`/api/links/${created.body.id}`));
    expect((await request(api.app).get(`/api/links/resolve/${created.body.shortCode}`)).body.code).toBe('link-revoked');
    expect((await request(api.app).get('/api/links/resolve/AAAAAAAAAAA')).body.code).toBe('link-invalid');
    const audited = (await modelsOf(api.connection).AuditEntry.find({ target: 'ZZ-01' }).lean()).map((entry) => entry.action);
    expect(audited).toEqual(expect.arrayContaining(['link.issued', 'link.extended', 'link.revoked']));
  });

  it('a link stored before short codes existed gets one at start, and its old token keeps working', async () => {
    const created = await issue({ samplingPoint: 'KM-02', instrumentId: 'migrant-health' });
    await api.connection.collection('links').updateOne({ linkId: created.body.id }, { $unset: { shortCode: '' } });
    await prepareDatabase(api.connection, api.context.config, () => undefined);
    const stored = await modelsOf(api.connection).Link.findOne({ linkId: created.body.id }).lean();
    expect(stored?.shortCode).toMatch(/^[0-9A-Za-z]{11}$/);
    expect((await request(api.app).get(`/api/links/resolve/${created.body.token}`)).status).toBe(200);
    expect((await request(api.app).get(`/api/links/resolve/${stored?.shortCode}`)).status).toBe(200);
  });

  it('a revoked link resolves to 410 link-revoked and stores nothing', async () => {
    const created = await issue({ samplingPoint: 'KM-02', instrumentId: 'migrant-health' });
    const revoked = await asAdmin(request(api.app).delete(`/api/links/${created.body.id}`));
    expect(revoked.body.revoked).toBe(true);
    expect((await request(api.app).get(`/api/links/resolve/${created.body.token}`)).body.code).toBe('link-revoked');
    const sent = await request(api.app).post('/api/responses').set('X-Link-Token', created.body.token).send(cawiSubmission('KM-02', 1));
    expect(sent.status).toBe(410);
    expect(sent.body.code).toBe('link-revoked');
    expect(await responsesOf(created.body.id)).toBe(0);
    expect((await asAdmin(request(api.app).patch(`/api/links/${created.body.id}`)).send({ expiresAt: '2099-01-01T00:00:00Z' })).status).toBe(409);
  });

  it('extending gives a new token with the later expiry; tampered tokens are refused', async () => {
    const created = await issue({ samplingPoint: 'KM-02', instrumentId: 'migrant-health', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const extended = await asAdmin(request(api.app).patch(`/api/links/${created.body.id}`)).send({ expiresAt: '2099-01-01T00:00:00Z' });
    expect(extended.status).toBe(200);
    expect(extended.body.expiresAt).toBe('2099-01-01T00:00:00.000Z');
    expect(extended.body.token).not.toBe(created.body.token);
    expect((await request(api.app).get(`/api/links/resolve/${extended.body.token}`)).status).toBe(200);
    const tampered = `${extended.body.token.slice(0, -3)}abc`;
    const resolved = await request(api.app).get(`/api/links/resolve/${tampered}`);
    expect(resolved.status).toBe(401);
    expect(resolved.body.code).toBe('link-invalid');
  });

  it('a cap is never exceeded, even with concurrent phones; a resend of a stored response still gets its 200', async () => {
    const created = await issue({ samplingPoint: 'KM-01', instrumentId: 'migrant-health', maxResponses: 3 });
    const bodies = Array.from({ length: 8 }, (_, index) => cawiSubmission('KM-01', 100 + index));
    const results = await Promise.all(bodies.map((body) => request(api.app).post('/api/responses').set('X-Link-Token', created.body.token).send(body)));
    const statuses = results.map((result) => result.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 409)).toHaveLength(5);
    expect(results.find((result) => result.status === 409)?.body.code).toBe('link-capped');
    expect(await responsesOf(created.body.id)).toBe(3);
    const storedBody = bodies[results.findIndex((result) => result.status === 201)]!;
    const resend = await request(api.app).post('/api/responses').set('X-Link-Token', created.body.token).send(storedBody);
    expect(resend.status).toBe(200);
    expect((await request(api.app).get(`/api/links/resolve/${created.body.token}`)).body.code).toBe('link-capped');
    const listed = await asAdmin(request(api.app).get('/api/links'));
    expect(listed.body.find((link: { id: string }) => link.id === created.body.id).responseCount).toBe(3);
  });

  it('an invalid response gives its slot back', async () => {
    const created = await issue({ samplingPoint: 'KM-01', instrumentId: 'migrant-health', maxResponses: 1 });
    const bad = { ...cawiSubmission('KM-01', 7), answers: { sex: 'unknown' } };
    expect((await request(api.app).post('/api/responses').set('X-Link-Token', created.body.token).send(bad)).status).toBe(400);
    expect((await request(api.app).post('/api/responses').set('X-Link-Token', created.body.token).send(cawiSubmission('KM-01', 8))).status).toBe(201);
    expect(await responsesOf(created.body.id)).toBe(1);
  });

  it('rate limits per IP and per link: 429 with Retry-After, nothing stored for a refused request', async () => {
    const limited = createApp({ connection: api.connection, state: api.state, config: { ...api.context.config, RESPONDENT_RATE_PER_IP: 4, RESPONDENT_RATE_PER_LINK: 1000 } });
    const link = await issue({ samplingPoint: 'KM-01', instrumentId: 'migrant-health' });
    const sends = [];
    for (let index = 0; index < 7; index += 1) sends.push(await request(limited).post('/api/responses').set('X-Link-Token', link.body.token).send(cawiSubmission('KM-01', 200 + index)));
    const refused = sends.filter((result) => result.status === 429);
    expect(sends.map((result) => result.status)).toEqual([201, 201, 201, 201, 429, 429, 429]);
    expect(refused).toHaveLength(3);
    expect(Number(refused[0]?.headers['retry-after'])).toBeGreaterThan(0);
    expect(await responsesOf(link.body.id)).toBe(4);

    const perLink = createApp({ connection: api.connection, state: api.state, config: { ...api.context.config, RESPONDENT_RATE_PER_IP: 1000, RESPONDENT_RATE_PER_LINK: 2 } });
    const other = await issue({ samplingPoint: 'KM-02', instrumentId: 'migrant-health' });
    const opens = [];
    for (let index = 0; index < 5; index += 1) opens.push((await request(perLink).get(`/api/links/resolve/${other.body.token}`)).status);
    expect(opens).toEqual([200, 200, 429, 429, 429]);
    expect((await request(perLink).get(`/api/links/resolve/${link.body.token}`)).status).toBe(200);
  });
});
