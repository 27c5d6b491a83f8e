import { randomUUID } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiFetch } from '../../client/shared/api';
import { generateRespondent } from '../../scripts/synthetic';
import { loadConfig } from '../../server/config';
import { startPlatform, type RunningPlatform } from '../../server/platform';
import { isolatedDatabaseUri } from '../helpers/database';
import { ADMIN_PASSWORD, AUTH_SECRET, setUpFieldwork, type Fieldwork } from '../helpers/fieldwork';

/**
 * Send-back, end to end in real Chromium against the real server and database: a reviewer returns an
 * interview in the console with a comment on one page; the tablet fetches it, goes offline (and reloads
 * offline), opens it on that page with the comment, corrects it and finishes; back online it is sent under
 * the same id, and the server holds two versions with the second one counted. Screenshots go to
 * test-results/send-back/.
 */

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = 'test-results/send-back';
const WAIT = { timeout: 60_000 };

let platform: RunningPlatform;
let fieldwork: Fieldwork;
let browser: Browser;
let admin: string;
const id = randomUUID();
const answers = generateRespondent({ seed: 'send-back', status: 'complete', province: '53' }).answers;

const get = <T>(url: string, schema: z.ZodType<T>) => apiFetch(`${platform.url}${url}`, { token: admin, schema });
const detailSchema = z.looseObject({ version: z.number(), reviewState: z.string(), answers: z.record(z.string(), z.unknown()), versions: z.array(z.looseObject({ version: z.number(), kind: z.string(), by: z.string().nullable(), changes: z.array(z.looseObject({ question: z.string(), from: z.unknown(), to: z.unknown() })) })) });

beforeAll(async () => {
  const config = loadConfig({ ...process.env, PORT: '0', MONGODB_URI: isolatedDatabaseUri('send_back_e2e'), ADMIN_PASSWORD, AUTH_SECRET });
  platform = await startPlatform(config);
  fieldwork = await setUpFieldwork(platform.url);
  admin = (await apiFetch(`${platform.url}/api/auth/login`, { body: { username: 'admin', password: ADMIN_PASSWORD }, schema: z.object({ token: z.string() }) })).token;
  const startedAt = '2026-05-01T08:00:00.000Z';
  await apiFetch(`${platform.url}/api/responses`, {
    token: fieldwork.interviewer.token,
    body: { id, instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: 'KM-01', mode: 'capi', status: 'complete', answers: { ...answers, current_city: '昆明' }, paradata: { startedAt, completedAt: '2026-05-01T08:25:00.000Z', durationSeconds: 1500, pageSeconds: { consent: 20 }, locale: 'zh-cn', appVersion: 'capi/test', userAgent: 'node' } },
    schema: z.object({ id: z.string() }),
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

describe('send back to the interviewer', () => {
  it('returned in the console, corrected on the offline tablet, resent online: two versions, the latest counted', async () => {
    // The reviewer, in the console: the interview from the submissions table, returned on the page to fix.
    const consoleContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const reviewer = await consoleContext.newPage();
    reviewer.on('pageerror', (error) => process.stderr.write(`console page error: ${error.message}\n`));
    await reviewer.goto(`${platform.url}/admin`);
    await reviewer.getByLabel('用户名').fill('admin');
    await reviewer.getByLabel('密码').fill(ADMIN_PASSWORD);
    await reviewer.getByRole('button', { name: '登录' }).click();
    await reviewer.getByRole('button', { name: '审核', exact: true }).click();
    await reviewer.getByTestId('submission').first().waitFor(WAIT);
    expect(await reviewer.getByTestId('matching').textContent()).toContain('1');
    await reviewer.getByTestId('submission').first().getByRole('button', { name: '查看' }).click();
    await reviewer.getByTestId('answers').locator('.sd-question[data-name="current_city"]').waitFor(WAIT);
    await reviewer.locator('input[name="comment"]').fill('现居住城市只写了“昆明”，请写到区县');
    await reviewer.locator('select[name="page"]').selectOption('profile_here');
    await reviewer.screenshot({ path: `${SHOTS}/console-interview.png`, fullPage: false });
    await reviewer.getByRole('button', { name: '退回访员修改' }).click();
    await reviewer.getByRole('heading', { name: /已退回访员/ }).waitFor(WAIT);
    expect((await get(`/api/responses/${id}`, detailSchema)).reviewState).toBe('returned');

    // The tablet fetches its returned interviews, then loses the network (and is reloaded without it).
    const tablet = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, locale: 'zh-CN' });
    const page = await tablet.newPage();
    page.on('pageerror', (error) => process.stderr.write(`tablet page error: ${error.message}\n`));
    await page.goto(`${platform.url}/capi`);
    await page.getByLabel('用户名').fill(fieldwork.interviewer.username);
    await page.getByLabel('密码').fill(fieldwork.interviewer.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('ready-offline').waitFor(WAIT);
    await page.getByTestId('returned-item').waitFor(WAIT);
    await tablet.setOffline(true);
    await page.reload();
    await page.getByTestId('returned-item').waitFor(WAIT);
    expect(await page.getByTestId('returned-item').textContent()).toContain('请写到区县');
    await page.screenshot({ path: `${SHOTS}/tablet-returned-offline.png` });

    // Opened on the flagged page with the comment, corrected, finished: it waits on the tablet.
    await page.getByTestId('returned-item').getByRole('button', { name: '打开修改' }).click();
    await page.getByTestId('review-comment').waitFor(WAIT);
    const city = page.locator('.sd-question[data-name="current_city"] input');
    await city.waitFor(WAIT);
    await city.fill('昆明市五华区');
    await page.screenshot({ path: `${SHOTS}/tablet-correcting.png` });
    for (let turn = 0; turn < 40 && !(await page.locator('.sd-navigation__complete-btn').isVisible()); turn++) await page.locator('.sd-navigation__next-btn').click();
    await page.locator('.sd-navigation__complete-btn').click();
    await page.getByRole('button', { name: '完成并发送' }).click();
    await page.getByText('访问已完成，已放入待发送。').waitFor(WAIT);
    await expect.poll(async () => Number(await page.getByTestId('waiting').locator('strong').textContent())).toBe(1);
    expect((await get(`/api/responses/${id}`, detailSchema)).version).toBe(1);

    // Back online: sent under the same id as version 2; the interview is received again and counts as corrected.
    await tablet.setOffline(false);
    await expect.poll(async () => Number(await page.getByTestId('waiting').locator('strong').textContent()), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('returned-item').count()).toBe(0);
    const detail = await get(`/api/responses/${id}`, detailSchema);
    expect(detail).toMatchObject({ version: 2, reviewState: 'received' });
    expect(detail.answers.current_city).toBe('昆明市五华区');
    expect(detail.versions.map((version) => [version.version, version.kind, version.by])).toEqual([
      [1, 'received', 'li.ming'],
      [2, 'resubmission', 'li.ming'],
    ]);
    expect(detail.versions[1]!.changes).toContainEqual({ question: 'current_city', from: '昆明', to: '昆明市五华区' });
    const listing = await get('/api/responses', z.looseObject({ total: z.number(), items: z.array(z.looseObject({ version: z.number(), answers: z.record(z.string(), z.unknown()) })) }));
    expect(listing.total).toBe(1);
    expect(listing.items[0]).toMatchObject({ version: 2, answers: { current_city: '昆明市五华区' } });
    const estimate = await get('/api/estimates?indicator=literacy&weighting=unweighted', z.looseObject({ methods: z.looseObject({ n: z.number() }) }));
    expect(estimate.methods.n).toBe(1);

    // The console shows both versions and the change.
    await reviewer.reload();
    await reviewer.getByRole('button', { name: '审核', exact: true }).click();
    await reviewer.getByTestId('submission').first().getByRole('button', { name: '查看' }).click();
    await reviewer.getByTestId('versions').getByText('昆明市五华区').waitFor(WAIT);
    await reviewer.screenshot({ path: `${SHOTS}/console-two-versions.png`, fullPage: true });
    await tablet.close();
    await consoleContext.close();
  }, 240_000);
});
