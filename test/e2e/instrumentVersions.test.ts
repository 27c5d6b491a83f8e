import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Model } from 'survey-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstrumentJson } from '../../analysis/scoring/instrumentJson';
import { generateRespondent } from '../../scripts/synthetic';
import { loadConfig } from '../../server/config';
import { modelsOf } from '../../server/models';
import { startPlatform, type RunningPlatform } from '../../server/platform';
import { registerSurveyProperties } from '../../surveys/properties';
import { isolatedDatabaseUri } from '../helpers/database';
import { ADMIN_PASSWORD, AUTH_SECRET, setUpFieldwork, type Fieldwork } from '../helpers/fieldwork';
import { questionOf, shippedUpload } from '../helpers/instrumentVersions';
import { findTestResponses } from '../../server/queries/responses';

/**
 * A new questionnaire version from upload to the field, in real Chromium against the real server and
 * database (issue 19): the manager uploads a draft in the console's 问卷 tab and sees its check and its
 * changes, tries it through its test link on a phone (stored as test data, not as a response), publishes
 * it; a tablet that loaded version 1 and went offline picks version 2 up when it is back online, and its
 * next interview is made with version 2. Screenshots go to test-results/instrument-versions/.
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = path.resolve('test-results/instrument-versions');
const WAIT = { timeout: 60_000 };
const ADDED = 'followup_note';
const ADDED_TITLE = '您对社区卫生服务还有什么建议？';

/** The shipped version with one question added (on a page of its own, last, for eligible respondents) and one reworded. */
function nextVersion(): { json: InstrumentJson; key: Record<string, unknown> } {
  const upload = shippedUpload();
  upload.json.pages.push({ name: 'followup', visibleIf: '{eligible} = true', elements: [{ type: 'comment', name: ADDED, title: { 'zh-cn': ADDED_TITLE, en: 'Any suggestions for the community health services?' } }] });
  questionOf(upload.json, 'use_family_doctor').title = { 'zh-cn': '您是否签约了家庭医生（家庭医生签约服务）？', en: 'Have you signed up with a family doctor (family doctor contract service)?' };
  return upload;
}

describe('a questionnaire version from upload to the tablets', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let fieldwork: Fieldwork;
  let tablet: { context: BrowserContext; page: Page };
  let console: Page;
  let testLinkUrl: string;
  const upload = nextVersion();
  const models = () => modelsOf(platform.connection);

  beforeAll(async () => {
    if (!fs.existsSync('dist/client/admin/index.html')) throw new Error('Build the client first: npm run build:client');
    platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', MONGODB_URI: isolatedDatabaseUri('versions-e2e'), ADMIN_PASSWORD, AUTH_SECRET }));
    fieldwork = await setUpFieldwork(platform.url);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.connection.dropDatabase().catch(() => undefined);
    await platform?.close();
  });

  it('a tablet loads version 1 and goes offline', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`tablet page error: ${error.message}\n`));
    await page.goto(`${platform.url}/capi`);
    await page.getByLabel('用户名').fill(fieldwork.interviewer.username);
    await page.getByLabel('密码').fill(fieldwork.interviewer.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('ready-offline').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('instrument-version').textContent(), WAIT).toBe('问卷第 1 版');
    // Two questionnaires are published (the follow-up survey beside the main one): new interviews use the main one unless the interviewer picks the other.
    expect(await page.getByTestId('instrument-choice').locator('option').allTextContents()).toEqual(['流动人口基本公共卫生服务与健康素养调查', '流动人口健康服务随访调查']);
    expect(await page.getByTestId('instrument-choice').inputValue()).toBe('migrant-health');
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network').textContent()).toBe('离线');
    await page.screenshot({ path: path.join(SHOTS, 'tablet-v1-offline.png') });
    tablet = { context, page };
  }, 120_000);

  it('the manager uploads the draft in 问卷, sees it pass the check and its changes, and saves it', async () => {
    console = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    console.on('dialog', (dialog) => void dialog.accept());
    await console.goto(`${platform.url}/admin`);
    await console.getByLabel('用户名').fill('admin');
    await console.getByLabel('密码').fill(ADMIN_PASSWORD);
    await console.getByRole('button', { name: '登录' }).click();
    await console.getByRole('button', { name: '问卷', exact: true }).click(WAIT);
    await console.locator('input[data-file="json"]').setInputFiles({ name: 'migrant-health-v2.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(upload.json)) });
    await console.locator('input[data-file="key"]').setInputFiles({ name: 'migrant-health-v2-key.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(upload.key)) });
    await console.getByRole('button', { name: '检查', exact: true }).click();
    const changes = console.getByRole('status', { name: '与已发布版本相比的变化' });
    await changes.getByText('检查通过，可以保存。').waitFor(WAIT);
    expect(await changes.locator('div').filter({ hasText: '新增题目' }).locator('dd').textContent()).toBe(ADDED);
    expect(await changes.locator('div').filter({ hasText: '措辞修改' }).locator('dd').textContent()).toBe('use_family_doctor');
    expect(await changes.locator('div').filter({ hasText: '删除题目' }).locator('dd').textContent()).toBe('—');
    await console.screenshot({ path: path.join(SHOTS, 'console-check-and-changes.png'), fullPage: true });
    expect(await models().InstrumentVersion.countDocuments({ instrumentId: 'migrant-health' })).toBe(1);

    await console.getByRole('button', { name: '保存为草稿' }).click();
    const draftRow = console.locator('tr[data-version="migrant-health@2"]');
    await draftRow.getByRole('cell', { name: '草稿', exact: true }).waitFor(WAIT);
    expect(await models().InstrumentVersion.findById('migrant-health@2', { state: 1 }).lean()).toMatchObject({ state: 'draft' });
  }, 120_000);

  it('its test link on a phone: the added question is there, and the interview lands in testResponses, not responses', async () => {
    await console.locator('tr[data-version="migrant-health@2"]').getByRole('button', { name: '测试链接' }).click();
    const link = console.locator('a[data-test-link]');
    await link.waitFor(WAIT);
    testLinkUrl = (await link.getAttribute('href'))!;
    await console.screenshot({ path: path.join(SHOTS, 'console-test-link.png'), fullPage: true });

    const phone = await (await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })).newPage();
    await phone.goto(testLinkUrl);
    await phone.getByRole('radiogroup', { name: '您愿意参加本次调查吗？' }).waitFor(WAIT);
    await phone.screenshot({ path: path.join(SHOTS, 'phone-test-link-consent.png') });
    // A respondent who answered every page so far, saved on the phone (as it saves progress), opens the link at the added page.
    const { linkId } = (JSON.parse((await phone.locator('#resolved-link').textContent())!) as { link: { linkId: string } }).link;
    const answers = generateRespondent({ seed: 'versions-phone', province: '53', status: 'complete' }).answers;
    registerSurveyProperties();
    const survey = new Model(upload.json);
    survey.data = answers;
    const pageNo = survey.visiblePages.findIndex((candidate) => candidate.name === 'followup');
    expect(pageNo).toBe(survey.visiblePages.length - 1);
    await phone.evaluate(([key, value]) => localStorage.setItem(key!, value!), [`respond:draft:${linkId}`, JSON.stringify({ responseId: crypto.randomUUID(), answers, pageNo, locale: 'zh-cn' })]);
    await phone.reload();
    const added = phone.locator(`.sd-question[data-name="${ADDED}"]`);
    await added.getByText(ADDED_TITLE).waitFor(WAIT);
    await added.locator('textarea').fill('希望周末也能打疫苗。');
    await phone.screenshot({ path: path.join(SHOTS, 'phone-test-link-added-question.png') });
    await phone.getByRole('button', { name: '提交问卷' }).click();
    await phone.getByTestId('thanks').waitFor(WAIT);
    await phone.screenshot({ path: path.join(SHOTS, 'phone-test-link-thanks.png') });

    const stored = await findTestResponses(platform.connection, {});
    expect(stored.map((response) => [response.instrumentVersion, response.status, response.answers[ADDED]])).toEqual([[2, 'complete', '希望周末也能打疫苗。']]);
    expect(await models().Response.countDocuments({})).toBe(0);
  }, 180_000);

  it('published: the draft’s test interviews are gone, and the tablet that was offline picks version 2 up when back online; its new interview is made with it', async () => {
    await console.locator('tr[data-version="migrant-health@2"]').getByRole('button', { name: '发布' }).click();
    await console.locator('tr[data-version="migrant-health@2"]').getByRole('cell', { name: '已发布', exact: true }).waitFor(WAIT);
    await console.screenshot({ path: path.join(SHOTS, 'console-published.png'), fullPage: true });
    expect(await models().TestResponse.countDocuments({})).toBe(0);

    const { context, page } = tablet;
    // Still offline: the tablet keeps working on what it had.
    expect(await page.getByTestId('instrument-version').textContent()).toBe('问卷第 1 版');
    await context.setOffline(false);
    // At once on reconnect; at the latest at the app's half-minute look when the reconnect's first requests failed.
    await expect.poll(() => page.getByTestId('instrument-version').textContent(), { timeout: 90_000 }).toBe('问卷第 2 版');
    await page.screenshot({ path: path.join(SHOTS, 'tablet-v2-online.png') });

    // A new interview there: a refusal is the shortest one, and it is stored with the version it was made with.
    await page.getByTestId('sampling-point').first().getByRole('button', { name: '新访问' }).click();
    await page.locator('.sd-question[data-name="consent"] label').filter({ hasText: '不愿意' }).click();
    await page.locator('.sd-navigation__complete-btn').click();
    await page.getByRole('dialog', { name: '完成前检查' }).waitFor(WAIT);
    await page.getByRole('button', { name: '完成并发送' }).click();
    await expect.poll(() => models().Response.countDocuments({}), WAIT).toBe(1);
    expect(await models().Response.findOne({}, { instrumentVersion: 1, status: 1, mode: 1 }).lean()).toMatchObject({ instrumentVersion: 2, status: 'refused', mode: 'capi' });
    await page.screenshot({ path: path.join(SHOTS, 'tablet-v2-interview-sent.png') });
  }, 180_000);
});
