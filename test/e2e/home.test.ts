import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { startPlatform, type RunningPlatform } from '../../server/platform';
import { TEST_ADMIN_PASSWORD } from '../helpers/api';
import { isolatedDatabaseUri } from '../helpers/database';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The landing page a newcomer opens: it names the apps, who each is for, in Chinese and English, and its links reach them. */
describe('home page /', () => {
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', MONGODB_URI: isolatedDatabaseUri('home'), AUTH_SECRET: 'an-e2e-secret-that-is-at-least-32-characters', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD }));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('links to the interviewer, analyst and manager apps, each said in Chinese and English; the links open the apps', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' })).newPage();
    await page.goto(platform.url);
    await page.getByText('服务正常').waitFor({ timeout: 30_000 });
    const apps = page.getByRole('navigation', { name: '应用 · Apps' }).getByRole('link');
    expect(await apps.evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(['/capi', '/analyst', '/admin']);
    for (const [testId, zh, en] of [['app-capi', '访员', 'Interviewers'], ['app-analyst', '分析人员', 'Analysts'], ['app-admin', '调查管理员', 'Survey managers']] as const) {
      const text = await page.getByTestId(testId).textContent();
      expect(text).toContain(zh);
      expect(text).toContain(en);
    }
    await page.screenshot({ path: 'test-results/home/home-1024x768.png' });

    await page.getByTestId('app-capi').click();
    await page.getByRole('button', { name: '登录' }).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/capi');
    await page.goBack();
    await page.getByTestId('app-analyst').click();
    await page.getByRole('heading', { name: '分析控制台 · Analyst console' }).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/analyst');
  }, 120_000);
});
