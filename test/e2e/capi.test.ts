import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRespondent } from '../../scripts/synthetic';
import { getInstrument } from '../../surveys/catalog';
import { loadConfig, type Config } from '../../server/config';
import { connectDatabase } from '../../server/db/connection';
import { startPlatform, type RunningPlatform } from '../../server/platform';
import { isolatedDatabaseUri } from '../helpers/database';
import { ADMIN_PASSWORD, AUTH_SECRET, setUpFieldwork, type Fieldwork } from '../helpers/fieldwork';
import { answerSurvey, choiceLabels } from './helpers/answerSurvey';

/**
 * The interviewer's day with no network, in real Chromium against the real server and database: three
 * interviews finished and a fourth left half-done offline, a reload offline, then sync — with the server
 * stopped in the middle of it and started again. Screenshots go to test-results/capi/.
 */

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = 'test-results/capi';
const WAIT = { timeout: 60_000 };

let config: Config;
let platform: RunningPlatform;
let database: Connection;
let fieldwork: Fieldwork;
let browser: Browser;
const labels = choiceLabels(getInstrument('migrant-health')!.json);

beforeAll(async () => {
  const uri = isolatedDatabaseUri('capi_e2e');
  config = loadConfig({ ...process.env, PORT: '0', MONGODB_URI: uri, ADMIN_PASSWORD, AUTH_SECRET });
  platform = await startPlatform(config);
  // A connection of the test's own, so the database can be read while the server is down.
  database = await connectDatabase(uri);
  fieldwork = await setUpFieldwork(platform.url);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  await database?.dropDatabase().catch(() => undefined);
  await database?.close();
});

const storedResponses = () => database.collection('responses').countDocuments();
const waitingCount = async (page: Page) => Number(await page.getByTestId('waiting').locator('strong').textContent());

async function signIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${platform.url}/capi`);
  await page.getByLabel('用户名').fill(fieldwork.interviewer.username);
  await page.getByLabel('密码').fill(fieldwork.interviewer.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('sampling-point').first().waitFor(WAIT);
  // The service worker has taken over and the sampling points and instrument went through it.
  await page.getByTestId('ready-offline').waitFor(WAIT);
  return page;
}

async function interview(page: Page, seed: string, options: { stopAfter?: number } = {}): Promise<void> {
  const respondent = generateRespondent({ seed, status: 'complete', province: '53' });
  await page.getByTestId('sampling-point').first().getByRole('button', { name: '新访问' }).click();
  await page.locator('.sd-root-modern').waitFor(WAIT);
  await answerSurvey(page, respondent.answers, labels, options);
  if (options.stopAfter !== undefined) return;
  await page.getByRole('dialog', { name: '完成前检查' }).waitFor(WAIT);
  await page.getByRole('button', { name: '完成并发送' }).click();
  await page.getByText('访问已完成，已放入待发送。').waitFor(WAIT);
}

describe('CAPI offline day', () => {
  it('fits 768x1024 and 1280x800 tablets in both orientations: no horizontal scrolling, touch targets of 44 px', async () => {
    for (const [width, height] of [[768, 1024], [1024, 768], [1280, 800], [800, 1280]] as const) {
      const context = await browser.newContext({ viewport: { width, height }, hasTouch: true, locale: 'zh-CN' });
      const page = await signIn(context);
      expect(await layoutProblems(page), `home ${width}x${height}`).toEqual({ overflow: 0, small: [] });
      await page.screenshot({ path: `${SHOTS}/home-${width}x${height}.png` });
      await page.getByTestId('sampling-point').first().getByRole('button', { name: '新访问' }).click();
      await page.locator('.sd-question[data-name="consent"] label').first().click();
      await page.locator('.sd-navigation__next-btn').click();
      await page.locator('.sd-question[data-name="age_in_range"]').waitFor(WAIT);
      expect(await layoutProblems(page), `interview ${width}x${height}`).toEqual({ overflow: 0, small: [] });
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByText('Are you between 15 and 69 years old', { exact: false }).waitFor(WAIT);
      await page.screenshot({ path: `${SHOTS}/interview-en-${width}x${height}.png` });
      await context.close();
    }
  }, 300_000);

  it('keeps 3 finished and 1 half-done interview through an offline reload, then stores exactly 3 despite a server stop mid-sync', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, locale: 'zh-CN' });
    const page = await signIn(context);

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network').textContent()).toBe('离线');
    for (const seed of ['e2e-1', 'e2e-2', 'e2e-3']) await interview(page, seed);
    // The count is read from the tablet's store after the notice shows.
    await expect.poll(() => waitingCount(page)).toBe(3);
    await interview(page, 'e2e-4', { stopAfter: 12 });
    await page.screenshot({ path: `${SHOTS}/interview-offline-768x1024.png` });

    // A reload with no network, in the middle of the fourth interview.
    await page.reload();
    await page.getByTestId('draft').first().waitFor(WAIT);
    expect(await page.getByTestId('draft').count()).toBe(1);
    expect(await waitingCount(page)).toBe(3);
    expect(await page.getByTestId('draft').first().textContent()).toContain('已答 12 题');
    await page.screenshot({ path: `${SHOTS}/home-offline-after-reload-768x1024.png` });
    expect(await storedResponses()).toBe(0);

    // Back online: the first batch reaches the server and is stored, then the server stops before answering.
    let stoppedMidSync = false;
    // On the context, not the page: the page's requests pass through the service worker.
    await context.route('**/api/responses/batch', async (route) => {
      if (stoppedMidSync) return route.continue();
      await route.fetch();
      await platform.close();
      await route.abort('connectionreset');
      stoppedMidSync = true;
    });
    await context.setOffline(false);
    await expect.poll(() => stoppedMidSync, { timeout: 60_000 }).toBe(true);
    await page.getByTestId('last-error').waitFor(WAIT);
    expect(await storedResponses()).toBe(3);
    expect(await waitingCount(page)).toBe(3);
    await page.screenshot({ path: `${SHOTS}/server-stopped-mid-sync-768x1024.png` });

    // The server comes back on the same address; the outbox retries by itself (backoff) and empties.
    platform = await startPlatform({ ...config, PORT: platform.port });
    await expect.poll(() => waitingCount(page), { timeout: 90_000, interval: 500 }).toBe(0);
    expect(await storedResponses()).toBe(3);
    expect(await page.getByTestId('last-error').count()).toBe(0);
    expect(await page.getByTestId('draft').count()).toBe(1);
    const stored = await database.collection('responses').find({}, { projection: { mode: 1, status: 1, samplingPoint: 1 } }).toArray();
    expect(stored.map((doc) => [doc.mode, doc.status])).toEqual([
      ['capi', 'complete'],
      ['capi', 'complete'],
      ['capi', 'complete'],
    ]);
    await expect.poll(() => page.getByTestId('sampling-point').first().textContent()).toContain('已完成 3 / 计划 20 份');
    await page.screenshot({ path: `${SHOTS}/home-synced-768x1024.png` });

    // The fourth resumes where it stopped, its answers still there.
    await page.getByTestId('draft').first().getByRole('button', { name: '继续' }).click();
    await page.locator('.sd-root-modern').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('progress').textContent()).not.toBe('0%');
    await page.getByRole('button', { name: '‹ 保存并返回' }).click();
    await page.getByTestId('draft').first().waitFor(WAIT);
    await context.close();
  }, 600_000);
});

/** Which of SurveyJS's next and complete buttons are on screen, and their words. */
async function navigation(page: Page): Promise<{ next: string | null; complete: string | null }> {
  const wording = async (selector: string) => ((await page.locator(selector).isVisible()) ? ((await page.locator(selector).getAttribute('value')) ?? (await page.locator(selector).textContent())) : null);
  return { next: await wording('.sd-navigation__next-btn'), complete: await wording('.sd-navigation__complete-btn') };
}
const NEXT = { next: '下一页', complete: null };
const SUBMIT = { next: null, complete: '提交问卷' };
const outcomeCount = async (page: Page, outcome: '拒访' | '不符合条件') => Number(new RegExp(`${outcome} (\\d+)`).exec((await page.getByTestId('sampling-point').first().textContent()) ?? '')?.[1]);

describe('CAPI navigation, progress and outcomes (1024x768)', () => {
  it('a refusal: 下一页 on consent until declined, then 提交问卷; named 拒访 in the review and the waiting list; the site counts it after the sync', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, locale: 'zh-CN' });
    const page = await signIn(context);
    const refusalsBefore = await outcomeCount(page, '拒访');
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network').textContent()).toBe('离线');
    await page.getByTestId('sampling-point').first().getByRole('button', { name: '新访问' }).click();
    await page.locator('.sd-question[data-name="consent"]').waitFor(WAIT);
    expect(await navigation(page)).toEqual(NEXT);
    expect(await page.getByTestId('page-of').textContent()).toMatch(/^第 1 \/ \d\d 页$/);
    await page.screenshot({ path: `${SHOTS}/consent-1024x768.png` });
    await page.locator('.sd-question[data-name="consent"] label').filter({ hasText: '不愿意' }).click();
    await expect.poll(() => navigation(page)).toEqual(SUBMIT);
    expect(await page.getByTestId('page-of').textContent()).toBe('第 1 / 1 页');
    await page.locator('.sd-navigation__complete-btn').click();
    const review = page.getByRole('dialog', { name: '完成前检查' });
    await review.waitFor(WAIT);
    expect(await review.getByTestId('review-outcome').textContent()).toContain('拒访');
    expect(await review.textContent()).not.toContain('所有问题都已回答');
    await page.screenshot({ path: `${SHOTS}/review-refused-1024x768.png` });
    await page.getByRole('button', { name: '完成并发送' }).click();
    await page.getByTestId('waiting-item').first().waitFor(WAIT);
    expect(await page.getByTestId('waiting-item').first().getByTestId('status-tag').textContent()).toBe('拒访');
    await page.screenshot({ path: `${SHOTS}/home-waiting-refusal-1024x768.png` });

    // Back online: the sync sends it, and the home screen's counts follow without a reload.
    await context.setOffline(false);
    await expect.poll(() => waitingCount(page), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => outcomeCount(page, '拒访'), { timeout: 30_000 }).toBe(refusalsBefore + 1);
    expect(await page.getByTestId('waiting-item').count()).toBe(0);
    await context.close();
  }, 180_000);

  it('eligibility: 下一页 until an answer makes the respondent ineligible (then 提交问卷 and 不符合条件 in the review); an eligible interview has 下一页 on every page but the last and progress that never goes back', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, locale: 'zh-CN' });
    const page = await signIn(context);
    await page.getByTestId('sampling-point').first().getByRole('button', { name: '新访问' }).click();
    await page.locator('.sd-question[data-name="consent"] label').filter({ hasText: '愿意参加' }).click();
    await page.locator('.sd-navigation__next-btn').click();
    await page.locator('.sd-question[data-name="age_in_range"]').waitFor(WAIT);
    expect(await navigation(page)).toEqual(NEXT);
    await page.locator('.sd-question[data-name="age_in_range"] label').filter({ hasText: '否' }).click();
    await expect.poll(() => navigation(page)).toEqual(SUBMIT);
    expect(await page.getByTestId('progress').textContent()).toBe('50%');
    await page.locator('.sd-navigation__complete-btn').click();
    const review = page.getByRole('dialog', { name: '完成前检查' });
    await review.waitFor(WAIT);
    expect(await review.getByTestId('review-outcome').textContent()).toContain('不符合条件');
    await page.getByRole('button', { name: '返回检查' }).click();

    // The interviewer corrects the age, and the interview goes on to the end.
    const respondent = Array.from({ length: 50 }, (_, i) => generateRespondent({ seed: `nav-${i}`, status: 'complete', province: '53' })).find((candidate) => candidate.answers.sat_bphs_used === 'yes')!;
    const pages: { name: string; percent: number; next: string | null; complete: string | null }[] = [];
    await answerSurvey(page, respondent.answers, labels, {
      async onPage(current) {
        const name = (await current.locator('.sd-body .sd-question[data-name]').first().getAttribute('data-name')) ?? '';
        pages.push({ name, percent: Number((await current.getByTestId('progress').textContent())?.replace('%', '')), ...(await navigation(current)) });
        if (name === 'sat_bphs_attitude') await current.screenshot({ path: `${SHOTS}/rating-1024x768.png` });
      },
    });
    await review.waitFor(WAIT);
    expect(await review.getByTestId('review-outcome').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/review-complete-1024x768.png` });
    await page.getByRole('button', { name: '完成并发送' }).click();
    await page.getByText('访问已完成，已放入待发送。').waitFor(WAIT);

    expect(pages.length).toBeGreaterThan(20);
    expect(pages.slice(0, -1).filter((entry) => entry.next !== '下一页' || entry.complete !== null)).toEqual([]);
    expect(pages.at(-1)).toMatchObject(SUBMIT);
    const percents = pages.map((entry) => entry.percent);
    expect(percents.filter((percent, i) => i > 0 && percent < percents[i - 1]!), `progress ${percents.join(' → ')}`).toEqual([]);
    expect(pages.some((entry) => entry.name === 'sat_bphs_attitude')).toBe(true);
    await context.close();
  }, 400_000);
});

describe('CAPI answer check before queuing', () => {
  it('an interview whose answers fail the questionnaire check (a draft with an answer to no question) is not queued: the problem is shown in Chinese', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, locale: 'zh-CN' });
    const page = await signIn(context);
    await page.getByTestId('sampling-point').first().getByRole('button', { name: '新访问' }).click();
    await page.locator('.sd-question[data-name="consent"] label').filter({ hasText: '不愿意' }).click();
    await page.getByRole('button', { name: '‹ 保存并返回' }).click();
    await page.getByTestId('draft').first().waitFor(WAIT);
    // A draft saved by another app version, say: an answer the questionnaire has no question for.
    await page.evaluate(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const opened = indexedDB.open(name);
          opened.onerror = () => reject(opened.error);
          opened.onsuccess = () => {
            const drafts = opened.result.transaction('drafts', 'readwrite').objectStore('drafts');
            const all = drafts.getAll();
            all.onsuccess = () => {
              const [draft] = all.result as { answers: Record<string, unknown> }[];
              drafts.put({ ...draft, answers: { ...draft!.answers, favourite_colour: 'blue' } }).onsuccess = () => resolve();
            };
          };
        }),
      'migrant-health-offline',
    );
    await page.reload();
    await page.getByTestId('draft').first().getByRole('button', { name: '继续' }).click();
    await page.locator('.sd-navigation__complete-btn').click();
    await page.getByRole('dialog', { name: '完成前检查' }).waitFor(WAIT);
    await page.getByRole('button', { name: '完成并发送' }).click();
    const failed = page.getByTestId('check-failed');
    await failed.waitFor(WAIT);
    expect(await failed.textContent()).toContain('“favourite_colour”不是问卷 migrant-health 第 1 版的问题');
    await page.screenshot({ path: `${SHOTS}/check-failed-1024x768.png` });
    await page.getByRole('button', { name: '返回访问' }).click();
    expect(await failed.count()).toBe(0);
    await page.getByRole('button', { name: '‹ 保存并返回' }).click();
    await page.getByTestId('draft').first().waitFor(WAIT);
    expect(await page.getByTestId('waiting-item').count()).toBe(0);
    await context.close();
  }, 180_000);
});

/** Horizontal overflow in pixels, and every visible control smaller than 44 px either way. */
function layoutProblems(page: Page): Promise<{ overflow: number; small: string[] }> {
  return page.evaluate(() => {
    const controls = [...document.querySelectorAll('button, input:not(.sd-visuallyhidden), .sd-selectbase__label, .sd-rating__item, [role=button]')];
    const small = controls
      .filter((control) => (control as HTMLElement).offsetParent !== null)
      .filter((control) => {
        const box = control.getBoundingClientRect();
        return box.width < 44 || box.height < 44;
      })
      .map((control) => `${control.tagName.toLowerCase()} "${(control.textContent ?? '').trim().slice(0, 20)}"`);
    return { overflow: document.documentElement.scrollWidth - window.innerWidth, small };
  });
}
