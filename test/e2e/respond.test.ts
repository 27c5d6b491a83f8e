import { chromium, type Browser, type Page } from 'playwright-core';
import { Model } from 'survey-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRespondent } from '../../scripts/synthetic';
import { loadConfig } from '../../server/config';
import { modelsOf } from '../../server/models';
import { startPlatform, type RunningPlatform } from '../../server/platform';
import { getInstrument } from '../../surveys/catalog';
import { registerSurveyProperties } from '../../surveys/properties';
import { SAMPLE_FRAME_CSV, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { isolatedDatabaseUri } from '../helpers/database';

const SCREENSHOTS = 'test-results/respond';
const LONG = 60_000;

/** The QR respondent's journey on a 360x640 phone against the real server, database and built client. */
describe('respondent page /s/:token', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let admin: string;

  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${platform.url}${path}`, { ...init, headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json', ...init.headers } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const issueLink = async (extra: object = {}) => (await api('/api/links', { method: 'POST', body: JSON.stringify({ samplingPoint: 'KM-01', instrumentId: 'migrant-health', ...extra }) })).body as { id: string; url: string; token: string };
  const responsesOf = (linkId: string) => modelsOf(platform.connection).Response.countDocuments({ linkId });
  const phone = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    return context.newPage();
  };

  beforeAll(async () => {
    platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', MONGODB_URI: isolatedDatabaseUri('respond'), AUTH_SECRET: 'an-e2e-secret-that-is-at-least-32-characters', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD }));
    const login = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }) });
    admin = ((await login.json()) as { token: string }).token;
    const frame = await fetch(`${platform.url}/api/sampling-points/import`, { method: 'POST', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'text/csv' }, body: SAMPLE_FRAME_CSV });
    expect(frame.status).toBe(200);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('scan, consent, resume after reopening, complete, thank-you; stored with the link\'s site and mode cawi; the same phone is not asked again', async () => {
    const link = await issueLink();
    const page = await phone();
    await page.goto(link.url);
    await page.getByRole('radio', { name: '愿意参加' }).waitFor({ timeout: LONG });
    await page.screenshot({ path: `${SCREENSHOTS}/respond-consent.png`, fullPage: false });
    await page.getByRole('radio', { name: '愿意参加' }).check();
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('是', { exact: true }).first().waitFor({ timeout: LONG });

    await page.reload();
    await page.getByTestId('resumed').waitFor({ timeout: LONG });
    const draft = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), `respond:draft:${link.id}`)) ?? '{}');
    expect(draft.answers.consent).toBe('yes');
    expect(draft.pageNo).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}/respond-resumed.png` });

    // Answering every page by hand is the interviewer app's test; here the phone resumes on the last page
    // with a complete synthetic answer set (written while the app is closed, as the app saves on leaving),
    // and the respondent presses the complete button.
    const answers = generateRespondent({ seed: 7, province: '53', status: 'complete' }).answers;
    registerSurveyProperties();
    const survey = new Model(getInstrument('migrant-health')!.json);
    survey.data = answers;
    await page.goto(`${platform.url}/api/health`);
    await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [`respond:draft:${link.id}`, JSON.stringify({ ...draft, answers, pageNo: survey.visiblePageCount - 1 })]);
    await page.goto(link.url);
    await page.locator('.sd-navigation__complete-btn').click({ timeout: LONG });
    await page.getByTestId('thanks').waitFor({ timeout: LONG });
    await page.screenshot({ path: `${SCREENSHOTS}/respond-thanks.png` });

    const stored = await modelsOf(platform.connection).Response.findOne({ linkId: link.id }).lean();
    expect(stored).toMatchObject({ id: draft.responseId, mode: 'cawi', status: 'complete', siteCode: 'KM-01', stratum: '530102' });
    await page.goto(link.url);
    await page.getByTestId('thanks').waitFor({ timeout: LONG });
    expect(await responsesOf(link.id)).toBe(1);
  }, 180_000);

  it('the page carries its resolved link (public instrument, `<` escaped, no answer key) and its consent page rendered; a bad token carries only its error and its notice', async () => {
    const link = await issueLink();
    const page = await fetch(link.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    const inlined = /<script type="application\/json" id="resolved-link">(.*?)<\/script>/s.exec(html)?.[1];
    expect(inlined).toBeDefined();
    expect(inlined).not.toContain('<');
    expect(inlined).not.toMatch(/"correct"/);
    const { link: resolved } = JSON.parse(inlined!) as { link: { linkId: string; siteName: string; instrument: { id: string; json: unknown } } };
    expect(resolved).toMatchObject({ linkId: link.id, siteName: '五华区红云社区', instrument: { id: 'migrant-health', json: getInstrument('migrant-health')!.json } });
    expect(html).toContain('您愿意参加本次调查吗？');
    expect(html).toMatch(/<button type="submit" class="respond-button" disabled="">下一页<\/button>/);

    const tampered = await fetch(`${link.url.slice(0, -4)}AAAA`);
    expect(tampered.status).toBe(401);
    const error = /id="resolved-link">(.*?)<\/script>/s.exec(await tampered.text())?.[1];
    expect(JSON.parse(error!)).toEqual({ error: { status: 401, code: 'link-invalid', message: expect.any(String) } });
    expect(await (await fetch(`${link.url.slice(0, -4)}AAAA`)).text()).toContain('<h1>链接无效</h1>');
  });

  it('the consent page works before the SurveyJS runtime has arrived, without asking the API, and hydrates without errors; declining is sent as refused', async () => {
    const link = await issueLink();
    const firstLoad = new Set([...(await (await fetch(link.url)).text()).matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!));
    const page = await phone();
    let held = 0;
    let releaseRuntime = () => {};
    const runtimeReleased = new Promise<void>((resolve) => (releaseRuntime = resolve));
    let resolveRequests = 0;
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => {
      if (request.url().includes('/api/links/resolve/')) resolveRequests += 1;
    });
    await page.route('**/assets/**', async (route) => {
      if (!firstLoad.has(new URL(route.request().url()).pathname)) {
        held += 1;
        await runtimeReleased;
      }
      await route.continue();
    });
    await page.goto(link.url);
    await page.getByTestId('consent-page').getByRole('radio', { name: '不愿意' }).waitFor({ timeout: LONG });
    await expect.poll(() => held, { timeout: LONG }).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}/respond-consent-shell.png` });

    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('请回答此问题。').waitFor({ timeout: LONG });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Are you willing to take part in this survey?').waitFor({ timeout: LONG });
    await page.locator('label', { hasText: 'No, thank you' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    releaseRuntime();
    await page.getByTestId('thanks').waitFor({ timeout: LONG });
    expect(resolveRequests).toBe(0);
    expect(errors).toEqual([]);
    const stored = await modelsOf(platform.connection).Response.findOne({ linkId: link.id }).lean();
    expect(stored).toMatchObject({ mode: 'cawi', status: 'refused', answers: { consent: 'no' }, paradata: { locale: 'en' } });
    expect(stored?.paradata?.pageSeconds).toHaveProperty('consent');
  }, 180_000);

  it('a tampered, an expired and a revoked link each show their page and store nothing', async () => {
    const page = await phone();
    const good = await issueLink();
    await page.goto(`${good.url.slice(0, -4)}AAAA`);
    await page.getByTestId('link-invalid').waitFor({ timeout: LONG });
    expect(await page.getByRole('heading').textContent()).toBe('链接无效');
    await page.screenshot({ path: `${SCREENSHOTS}/respond-invalid.png` });

    const revoked = await issueLink();
    await api(`/api/links/${revoked.id}`, { method: 'DELETE' });
    await page.goto(revoked.url);
    await page.getByTestId('link-revoked').waitFor({ timeout: LONG });

    const expiresAt = new Date(Date.now() + 2000);
    const expired = await issueLink({ expiresAt: expiresAt.toISOString() });
    await expect.poll(() => Date.now() > expiresAt.getTime() + 1000, { timeout: 10_000 }).toBe(true);
    await page.goto(expired.url);
    await page.getByTestId('link-expired').waitFor({ timeout: LONG });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('This survey has ended').waitFor({ timeout: LONG });
    await page.screenshot({ path: `${SCREENSHOTS}/respond-expired-en.png` });

    for (const link of [good, revoked, expired]) expect(await responsesOf(link.id)).toBe(0);
  }, 180_000);
});
