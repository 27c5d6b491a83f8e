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
import { axeViolations } from './helpers/axe';
import { outlineContrasts } from './helpers/contrast';
import { findResponses } from '../../server/queries/responses';

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
  /** axe-core's WCAG 2.1 A and AA rules on the page as it is now: none may fail (the failures are printed in full). */
  const expectAccessible = async (page: Page, where: string) => expect(await axeViolations(page), `axe-core WCAG 2.1 AA violations on ${where}`).toEqual([]);
  const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
  /** Opens the link as a phone that saved its progress on `pageName`, having answered the pages before it from `answers` (or all of `answers`). */
  const openAt = async (page: Page, link: { id: string; url: string }, pageName: string, answers: Record<string, unknown>, answered: 'earlier pages' | 'all' = 'earlier pages') => {
    registerSurveyProperties();
    const survey = new Model(getInstrument('migrant-health')!.json);
    survey.data = answers;
    const pageNo = survey.visiblePages.findIndex((candidate) => candidate.name === pageName);
    expect(pageNo, `page ${pageName} is shown to this respondent`).toBeGreaterThan(0);
    const before = Object.fromEntries(survey.visiblePages.slice(0, pageNo).flatMap((earlier) => earlier.questions.filter((question) => question.isVisible && answers[question.name] !== undefined).map((question) => [question.name, answers[question.name]])));
    await page.goto(`${platform.url}/api/health`);
    await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [`respond:draft:${link.id}`, JSON.stringify({ responseId: crypto.randomUUID(), answers: answered === 'all' ? answers : before, pageNo, locale: 'zh-cn' })]);
    await page.goto(link.url);
    await page.locator('.sd-body .sd-question').first().waitFor({ timeout: LONG });
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
    await expectAccessible(page, 'the consent page');
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
    await expectAccessible(page, 'the thank-you page');

    const stored = (await findResponses(platform.connection, { linkId: link.id }))[0];
    expect(stored).toMatchObject({ id: draft.responseId, mode: 'cawi', status: 'complete', siteCode: 'KM-01', stratum: '530102' });
    await page.goto(link.url);
    await page.getByTestId('thanks').waitFor({ timeout: LONG });
    expect(await responsesOf(link.id)).toBe(1);
  }, 180_000);

  it('buttons tell the truth and page k of n never goes back: 下一页 on consent, 提交问卷 once declining ends it; 下一页 on eligibility until an answer makes the respondent ineligible', async () => {
    const link = await issueLink();
    const page = await phone();
    const pageOf = () => page.getByTestId('page-of').textContent();
    const shown: string[] = [];
    await page.goto(link.url);
    await page.getByRole('radio', { name: '愿意参加' }).waitFor({ timeout: LONG });
    const submit = page.locator('.respond-button');
    expect(await submit.textContent()).toBe('下一页');
    shown.push((await pageOf())!);
    await page.getByRole('radio', { name: '不愿意' }).check();
    // Said by the instrument's logic once the SurveyJS runtime is there (it is fetched while consent shows).
    await expect.poll(() => submit.textContent(), { timeout: LONG }).toBe('提交问卷');
    await page.getByRole('radio', { name: '愿意参加' }).check();
    await expect.poll(() => submit.textContent()).toBe('下一页');
    await submit.click();
    await page.locator('.sd-question[data-name="age_in_range"]').waitFor({ timeout: LONG });
    expect(await page.locator('.sd-navigation__next-btn').isVisible()).toBe(true);
    expect(await page.locator('.sd-navigation__complete-btn').isVisible()).toBe(false);
    shown.push((await pageOf())!);
    await page.screenshot({ path: `${SCREENSHOTS}/respond-eligibility.png` });
    await page.locator('.sd-question[data-name="age_in_range"] label').filter({ hasText: '否' }).click();
    await page.locator('.sd-navigation__complete-btn').waitFor({ timeout: LONG });
    expect(await page.locator('.sd-navigation__next-btn').isVisible()).toBe(false);
    shown.push((await pageOf())!);
    const pages = getInstrument('migrant-health')!.json.pages.length;
    expect(shown).toEqual([`第 1 / ${pages} 页`, `第 2 / ${pages} 页`, '第 2 / 2 页']);
    const percents = await page.locator('.respond-progress progress').evaluate((bar) => (bar as HTMLProgressElement).value);
    expect(percents).toBe(50);
  }, 180_000);

  it('rating scales stay buttons at 360x640 (no select, no dropdown), wrap without sideways scrolling and take a tap', async () => {
    const link = await issueLink();
    const answers = { ...generateRespondent({ seed: 7, province: '53', status: 'complete' }).answers, sat_bphs_used: 'yes' };
    const page = await phone();
    await openAt(page, link, 'sat_bphs_ratings', answers);
    const ratings = page.locator('.sd-question[data-name^="sat_bphs_"]');
    expect(await ratings.count()).toBe(5);
    expect(await ratings.locator('select, .sd-dropdown, [role="combobox"]').count()).toBe(0);
    expect(await ratings.locator('.sd-rating__item').count()).toBe(25);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
    const attitude = page.getByRole('radiogroup', { name: '医务人员的服务态度' });
    await attitude.locator('label').filter({ hasText: /^满意$/ }).click();
    expect(await attitude.getByRole('radio', { name: '满意', exact: true }).isChecked()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/respond-rating.png` });
    await page.screenshot({ path: `${SCREENSHOTS}/respond-rating-full.png`, fullPage: true });
  }, 120_000);

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
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    for (const [accepted, sent] of [['br, gzip', 'br'], ['gzip', 'gzip']]) {
      const asset = await fetch(`${platform.url}${script}`, { headers: { 'Accept-Encoding': accepted! } });
      expect([asset.status, asset.headers.get('content-encoding'), asset.headers.get('cache-control')]).toEqual([200, sent, 'public, max-age=31536000, immutable']);
    }

    const tampered = await fetch(`${link.url.slice(0, -4)}AAAA`);
    expect(tampered.status).toBe(401);
    const error = /id="resolved-link">(.*?)<\/script>/s.exec(await tampered.text())?.[1];
    expect(JSON.parse(error!)).toEqual({ error: { status: 401, code: 'link-invalid', message: expect.stringMatching(/[\u4e00-\u9fff]/u), messageEn: expect.any(String) } });
    expect(await (await fetch(`${link.url.slice(0, -4)}AAAA`)).text()).toContain('<h1 tabindex="-1">链接无效</h1>');
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
    await page.getByTestId('early-page').getByRole('radio', { name: '不愿意' }).waitFor({ timeout: LONG });
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
    const stored = (await findResponses(platform.connection, { linkId: link.id }))[0];
    expect(stored).toMatchObject({ mode: 'cawi', status: 'refused', answers: { consent: 'no' }, paradata: { locale: 'en' } });
    expect(stored?.paradata?.pageSeconds).toHaveProperty('consent');
  }, 180_000);

  it('on a slow network the eligibility page too is drawn before the runtime: checked there, carried into SurveyJS, and an ineligible answer is sent as such', async () => {
    const link = await issueLink();
    const firstLoad = new Set([...(await (await fetch(link.url)).text()).matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!));
    const pages = getInstrument('migrant-health')!.json.pages.length;
    /** A phone whose SurveyJS runtime is held back until `release` is called. */
    const slowPhone = async () => {
      const page = await phone();
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/assets/**', async (route) => {
        if (!firstLoad.has(new URL(route.request().url()).pathname)) await released;
        await route.continue();
      });
      await page.goto(link.url);
      await page.getByRole('radio', { name: '愿意参加' }).check({ timeout: LONG });
      await page.getByRole('button', { name: '下一页' }).click();
      await page.locator('[data-testid="early-page"][data-page="eligibility"]').waitFor({ timeout: LONG });
      return { page, release };
    };
    const eligible = await slowPhone();
    const { page } = eligible;
    expect(await page.getByTestId('page-of').textContent()).toBe(`第 2 / ${pages} 页`);
    expect(await page.getByRole('heading', { level: 2, name: '先确认几个基本情况' }).evaluate((heading) => heading === document.activeElement)).toBe(true);
    await page.getByRole('radiogroup', { name: '您的年龄（周岁）是否在15岁至69岁之间？' }).getByText('是', { exact: true }).click();
    await page.getByRole('radiogroup', { name: '您的户籍（户口）是否在本县（市、区）以外？' }).getByText('是', { exact: true }).click();
    const months = page.getByRole('spinbutton', { name: '您这次来本地居住多久了？（按月计算，不满1个月填0）' });
    await months.fill('900');
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('请填写 0 到 840 之间的数字。').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/respond-eligibility-shell.png` });
    await months.fill('3');
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByTestId('loading-next').waitFor();
    eligible.release();
    await page.locator('.sd-question[data-name="sex"]').waitFor({ timeout: LONG });
    expect(await page.getByTestId('page-of').textContent()).toBe(`第 3 / ${pages} 页`);
    const draft = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!) as { answers: unknown; paradata: { pageSeconds: object } }, `respond:draft:${link.id}`);
    expect(draft.answers).toEqual({ consent: 'yes', age_in_range: 'yes', hukou_elsewhere: 'yes', months_here: 3 });
    expect(Object.keys(draft.paradata.pageSeconds)).toEqual(expect.arrayContaining(['consent', 'eligibility']));

    const ineligible = await slowPhone();
    await ineligible.page.getByRole('radiogroup', { name: '您的年龄（周岁）是否在15岁至69岁之间？' }).getByText('否', { exact: true }).click();
    expect(await ineligible.page.getByRole('spinbutton').count()).toBe(0);
    await ineligible.page.getByRole('button', { name: '下一页' }).click();
    ineligible.release();
    await ineligible.page.getByTestId('thanks').waitFor({ timeout: LONG });
    expect((await findResponses(platform.connection, { linkId: link.id }))[0]).toMatchObject({ status: 'ineligible', answers: { consent: 'yes', age_in_range: 'no' } });
  }, 180_000);

  it('a tampered, an expired and a revoked link each show their page and store nothing', async () => {
    const page = await phone();
    const good = await issueLink();
    await page.goto(`${good.url.slice(0, -4)}AAAA`);
    await page.getByTestId('link-invalid').waitFor({ timeout: LONG });
    expect(await page.getByRole('heading').textContent()).toBe('链接无效');
    await page.screenshot({ path: `${SCREENSHOTS}/respond-invalid.png` });
    await expectAccessible(page, 'the tampered link page');

    const revoked = await issueLink();
    await api(`/api/links/${revoked.id}`, { method: 'DELETE' });
    await page.goto(revoked.url);
    await page.getByTestId('link-revoked').waitFor({ timeout: LONG });
    await expectAccessible(page, 'the revoked link page');

    const expiresAt = new Date(Date.now() + 2000);
    const expired = await issueLink({ expiresAt: expiresAt.toISOString() });
    await expect.poll(() => Date.now() > expiresAt.getTime() + 1000, { timeout: 10_000 }).toBe(true);
    await page.goto(expired.url);
    await page.getByTestId('link-expired').waitFor({ timeout: LONG });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('This survey has ended').waitFor({ timeout: LONG });
    await page.screenshot({ path: `${SCREENSHOTS}/respond-expired-en.png` });
    expect(await htmlLang(page)).toBe('en');
    await expectAccessible(page, 'the expired link page in English');

    for (const link of [good, revoked, expired]) expect(await responsesOf(link.id)).toBe(0);
  }, 180_000);

  it('a link that reached its cap shows its "full" page, on opening and on sending, and stores nothing more', async () => {
    const link = await issueLink({ maxResponses: 1 });
    const answers = generateRespondent({ seed: 11, province: '53', status: 'complete' }).answers;
    // A phone that started before the last place was taken…
    const late = await phone();
    await openAt(late, link, 'sat_fp_ratings', answers, 'all');
    // …while another phone sends the one response the link allows.
    const first = await fetch(`${platform.url}/api/responses`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Link-Token': link.token }, body: JSON.stringify({ id: crypto.randomUUID(), instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: 'KM-01', mode: 'cawi', status: 'complete', answers, paradata: {} }) });
    expect(first.status).toBe(201);

    await late.getByRole('button', { name: '提交问卷' }).click({ timeout: LONG });
    await late.getByTestId('link-capped').waitFor({ timeout: LONG });
    expect(await late.getByRole('heading', { level: 1 }).textContent()).toBe('名额已满');
    await expectAccessible(late, 'the full link page after sending');

    const fresh = await phone();
    await fresh.goto(link.url);
    await fresh.getByTestId('link-capped').waitFor({ timeout: LONG });
    expect(await fresh.getByRole('heading', { level: 1 }).textContent()).toBe('名额已满');
    await fresh.screenshot({ path: `${SCREENSHOTS}/respond-capped.png` });
    await expectAccessible(fresh, 'the full link page');
    expect(await responsesOf(link.id)).toBe(1);
  }, 180_000);

  it('accessible: axe-core finds no WCAG 2.1 AA violation on any screen; lang follows the switch; every control is named and labelled by its question', async () => {
    const link = await issueLink();
    const answers = generateRespondent({ seed: 13, province: '53', status: 'complete' }).answers;
    const page = await phone();
    await page.goto(link.url);
    const consent = page.getByRole('radiogroup', { name: '您愿意参加本次调查吗？' });
    await expect.poll(() => consent.getByRole('radio', { name: '愿意参加' }).isEnabled(), { timeout: LONG }).toBe(true);
    expect(await htmlLang(page)).toBe('zh-CN');
    // Going on without an answer: the error is announced and tied to the question.
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByRole('alert').filter({ hasText: '请回答此问题。' }).waitFor({ timeout: LONG });
    expect(await consent.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'the consent page with its required-answer error');
    await expect.poll(() => page.getByRole('banner').getByRole('group', { name: '语言 / Language' }).getByRole('button', { name: '中文', pressed: true }).count()).toBe(1);
    expect(await page.getByRole('main').count()).toBe(1);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('radiogroup', { name: 'Are you willing to take part in this survey?' }).getByRole('radio', { name: 'Yes, I will take part' }).waitFor({ timeout: LONG });
    expect(await htmlLang(page)).toBe('en');
    expect(await page.getByText('五华区红云社区').getAttribute('lang')).toBe('zh-CN');
    await expectAccessible(page, 'the consent page in English');
    await page.getByRole('button', { name: '中文' }).click();
    await consent.waitFor({ timeout: LONG });
    expect(await htmlLang(page)).toBe('zh-CN');

    // A page of radio groups and a number: every input named by its question's title.
    await openAt(page, link, 'profile_about', answers);
    await page.getByRole('radiogroup', { name: '您的性别' }).getByRole('radio', { name: '女' }).waitFor({ timeout: LONG });
    expect(await page.getByRole('spinbutton', { name: '您出生于哪一年？（四位数，如1990）' }).count()).toBe(1);
    expect(await page.getByRole('radiogroup', { name: '您的最高学历' }).getByRole('radio').count()).toBe(6);
    // Headings to navigate by: the survey, the page, each question.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('流动人口基本公共卫生服务与健康素养调查');
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('关于您');
    expect(await page.getByRole('heading', { level: 3 }).count()).toBe(3);
    await expectAccessible(page, 'a page of radio groups and a number');
    for (const control of ['.sd-radio__decorator', '.sd-formbox']) {
      const ratios = await outlineContrasts(page, control);
      expect(ratios.length, `controls matching ${control}`).toBeGreaterThan(0);
      expect(Math.min(...ratios), `outline of ${control} against its surroundings, at least 3:1 (WCAG 1.4.11): ${ratios.join(', ')}`).toBeGreaterThanOrEqual(3);
    }
    // Required questions left empty: each error is announced and tied to its question.
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '请填写此问题' }).count(), { timeout: LONG }).toBe(3);
    expect(await page.getByRole('spinbutton', { name: '您出生于哪一年？（四位数，如1990）' }).getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${SCREENSHOTS}/respond-required.png` });
    await expectAccessible(page, 'a page showing required-answer errors');

    // Check boxes.
    await openAt(page, link, 'profile_health', answers);
    await page.getByRole('group', { name: '您目前参加了哪些医疗保险？（可多选）' }).getByRole('checkbox', { name: '商业医疗保险' }).waitFor({ timeout: LONG });
    expect(await page.getByRole('group', { name: '医生是否告诉过您患有以下疾病？（可多选）' }).getByRole('checkbox', { name: '高血压' }).count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}/respond-checkboxes.png` });
    await expectAccessible(page, 'a page of check boxes');
    const checkBoxes = await outlineContrasts(page, '.sd-item:not(.sd-item--checked) .sd-checkbox__decorator');
    expect(checkBoxes.length).toBeGreaterThan(0);
    expect(Math.min(...checkBoxes), `outline of unchecked check boxes, at least 3:1 (WCAG 1.4.11): ${checkBoxes.join(', ')}`).toBeGreaterThanOrEqual(3);

    // The last page, where the answers are sent; the first try is refused, so the status and retry show.
    await openAt(page, link, 'sat_fp_ratings', answers, 'all');
    await page.getByRole('radiogroup', { name: '总的来说' }).waitFor({ timeout: LONG });
    await page.screenshot({ path: `${SCREENSHOTS}/respond-submit.png` });
    await expectAccessible(page, 'the last page with the submit button');
    await page.route('**/api/responses', (route) => route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ code: 'invalid-response', message: '测试：服务器拒绝。' }) }), { times: 1 });
    await page.getByRole('button', { name: '提交问卷' }).click();
    await page.getByRole('status').filter({ hasText: '提交被拒绝：测试：服务器拒绝。' }).waitFor({ timeout: LONG });
    const retry = page.getByRole('button', { name: '重新提交' });
    await expect.poll(() => retry.evaluate((button) => button === document.activeElement), { timeout: LONG }).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/respond-retry.png` });
    await expectAccessible(page, 'the failed-sending page with its retry button');
    await retry.click();
    await page.getByTestId('thanks').waitFor({ timeout: LONG });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('提交成功，谢谢您！');
    await expectAccessible(page, 'the thank-you page after a retry');
    expect(await responsesOf(link.id)).toBe(1);
  }, 300_000);

  it('usable at 200% text size on a 360x640 phone: no sideways scrolling; consent, next and submit on screen and working', async () => {
    const link = await issueLink();
    const answers = generateRespondent({ seed: 7, province: '53', status: 'complete' }).answers;
    const page = await phone();
    // The phone's text size setting at 200%: the browser's default font size 16 → 32 px, as a person would set it.
    await (await page.context().newCDPSession(page)).send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    /** What sticks out to the right of the screen (hidden and empty helpers aside); empty when nothing needs sideways scrolling. */
    const sticksOut = () =>
      page.evaluate(() => {
        const wide = [...document.querySelectorAll('body *')].filter((element) => {
          const box = element.getBoundingClientRect();
          return box.width > 0 && box.height > 0 && box.right > window.innerWidth + 1 && getComputedStyle(element).visibility !== 'hidden';
        });
        return { scrollWidth: document.documentElement.scrollWidth, elements: wide.slice(0, 5).map((element) => `${element.tagName.toLowerCase()}.${element.className}`) };
      });
    const onScreen = async (name: string) => {
      const button = page.getByRole('button', { name });
      await button.scrollIntoViewIfNeeded({ timeout: LONG });
      const box = (await button.boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= 360 && box.y >= 0 && box.y + box.height <= 640, `${name} lies within the 360x640 screen: ${JSON.stringify(box)}`).toBe(true);
      return button;
    };

    await page.goto(link.url);
    const yes = page.getByRole('radiogroup', { name: '您愿意参加本次调查吗？' }).getByRole('radio', { name: '愿意参加' });
    await expect.poll(() => yes.isEnabled(), { timeout: LONG }).toBe(true);
    expect(await page.locator('legend').first().evaluate((title) => parseFloat(getComputedStyle(title).fontSize))).toBeGreaterThanOrEqual(32);
    await page.screenshot({ path: `${SCREENSHOTS}/respond-200-consent.png` });
    expect(await sticksOut()).toEqual({ scrollWidth: 360, elements: [] });
    await yes.check();
    await (await onScreen('下一页')).click();
    await page.getByRole('radiogroup', { name: /15岁至69岁/ }).waitFor({ timeout: LONG });
    expect(await sticksOut()).toEqual({ scrollWidth: 360, elements: [] });

    await openAt(page, link, 'profile_about', answers);
    expect(await page.locator('.sd-question__title').first().evaluate((title) => parseFloat(getComputedStyle(title).fontSize))).toBeGreaterThanOrEqual(32);
    await page.screenshot({ path: `${SCREENSHOTS}/respond-200-question.png` });
    expect(await sticksOut()).toEqual({ scrollWidth: 360, elements: [] });
    await openAt(page, link, 'sat_fp_ratings', answers, 'all');
    expect(await sticksOut()).toEqual({ scrollWidth: 360, elements: [] });
    await (await onScreen('提交问卷')).click();
    await page.getByTestId('thanks').waitFor({ timeout: LONG });
    await page.screenshot({ path: `${SCREENSHOTS}/respond-200-thanks.png` });
    expect(await sticksOut()).toEqual({ scrollWidth: 360, elements: [] });
    expect(await responsesOf(link.id)).toBe(1);
  }, 300_000);
});
