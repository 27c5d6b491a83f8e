import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_FAMILY_LABELS } from '../../analysis/indicators/families';
import { differenceReplySchema } from '../../contracts/differences';
import { buildDemo, loadDemo } from '../../scripts/demo/load';
import { loadConfig } from '../../server/config';
import { startPlatform, type RunningPlatform } from '../../server/platform';
import { isolatedDatabaseUri } from '../helpers/database';

const SCREENSHOTS = path.resolve('test-results/analyst');
const LOADED = { timeout: 60_000 };

describe('analyst console in Chromium', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  const plan = buildDemo({ seed: 'analyst-e2e', scale: 0.04 });

  beforeAll(async () => {
    if (!fs.existsSync('dist/client/analyst/index.html')) throw new Error('Build the client first: npm run build:client');
    platform = await startPlatform(
      loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', MONGODB_URI: isolatedDatabaseUri('analyst-e2e'), ADMIN_PASSWORD: 'admin-password-for-tests', AUTH_SECRET: 'an-e2e-secret-that-is-at-least-32-characters' }),
    );
    await loadDemo(platform.state, plan);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 300_000);

  /** Opens the console and signs in through its form. */
  async function signIn(page: Page, username: string, password: string): Promise<void> {
    await page.goto(`${platform.url}/analyst`);
    await page.getByLabel('用户名 Username').fill(username);
    await page.getByLabel('密码 Password').fill(password);
    await page.getByRole('button', { name: '登录 Sign in' }).click();
  }

  afterAll(async () => {
    await browser?.close();
    await platform?.connection.dropDatabase().catch(() => undefined);
    await platform?.close();
  });

  it('an analyst signs in and sees the fieldwork monitor with sites behind plan highlighted', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, plan.analyst.username, plan.analyst.password);
    await page.getByRole('button', { name: '实地进度 Fieldwork' }).click();
    await page.locator('table.sites tbody tr').first().waitFor(LOADED);
    expect(await page.locator('table.sites tbody tr').count()).toBe(36);
    expect(await page.locator('table.sites tr.behind').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'fieldwork.png'), fullPage: false });
    await page.close();
  }, 120_000);

  it('an analyst sees the indicator table and a chart with the target line for the seeded data, and downloads the XLSX', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, plan.analyst.username, plan.analyst.password);
    await page.locator('table.estimates tbody tr').first().waitFor(LOADED);
    const literacyRows = page.locator('table.estimates tbody tr', { hasText: '健康素养水平' });
    expect(await literacyRows.count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('table.estimates tbody tr', { hasText: '东部' }).first().textContent()).toBeTruthy();
    const chart = page.getByRole('img', { name: '健康素养水平' });
    await chart.waitFor(LOADED);
    expect(await chart.locator('.target-line').count()).toBe(3);
    expect(await chart.locator('.error-bar').count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'indicators.png') });
    const [download] = await Promise.all([page.waitForEvent('download', LOADED), page.getByRole('link', { name: 'Excel (XLSX)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^estimates-.*\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(expect.arrayContaining(['指标汇总', '健康素养水平', '知晓率', '方法说明']));
    await context.close();
  }, 180_000);

  it('the codebook downloads from the console (the session cookie authorizes the link) and opens as XLSX', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, plan.analyst.username, plan.analyst.password);
    const [download] = await Promise.all([page.waitForEvent('download', LOADED), page.getByRole('link', { name: '编码本 Codebook' }).click()]);
    expect(download.suggestedFilename()).toBe('migrant-health-v1-codebook.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['variables', 'values']);
    await context.close();
  }, 120_000);

  it('an analyst uploads margins, sees the weight distribution and its design effect, and gets calibrated estimates and satisfaction by aspect', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await signIn(page, plan.analyst.username, plan.analyst.password);
    await page.getByRole('button', { name: '加权 Weighting' }).click();
    await page.locator('tr.deff td').waitFor(LOADED);
    await page.getByLabel('名称 Name').fill('区域×性别 2025');
    await page.getByLabel('边际 Margins').fill('variable,level,population\nregion,East,5000000\nregion,Central,3000000\nregion,West,2000000\nsex,male,5200000\nsex,female,4800000\nsex,unknown,1\n');
    await page.getByRole('button', { name: '上传 Upload' }).click();
    await expect(page.getByRole('alert').textContent(LOADED)).resolves.toMatch(/line 7, level: unknown sex level "unknown"/);
    await page.getByLabel('边际 Margins').fill('variable,level,population\nregion,East,5000000\nregion,Central,3000000\nregion,West,2000000\nsex,male,5200000\nsex,female,4800000\n');
    await page.getByLabel('截尾上限', { exact: false }).fill('4');
    await page.getByRole('button', { name: '上传 Upload' }).click();
    const scheme = page.getByRole('radio', { name: /区域×性别 2025/ });
    await scheme.waitFor(LOADED);
    await page.waitForFunction(() => document.querySelector('.weighting-summary')?.textContent?.includes('区域×性别 2025'), undefined, LOADED);
    expect(await scheme.isChecked()).toBe(true);
    await page.waitForFunction(() => !document.body.textContent?.includes('计算中'), undefined, LOADED);
    const deff = Number(await page.locator('tr.deff td').textContent());
    expect(deff).toBeGreaterThan(1);
    expect(await page.getByRole('img', { name: '权重直方图 Histogram of the weights' }).locator('rect').count()).toBeGreaterThan(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'weighting.png'), fullPage: true });

    await page.getByRole('button', { name: '指标 Indicators' }).click();
    await expect(page.locator('p.methods').textContent(LOADED)).resolves.toMatch(/加权方案“区域×性别 2025”.*按 region（3 类）、sex（2 类） 迭代比例调整/);
    // The report's chart has the same title (test/api/evaluationReport.test.ts): the family's name.
    const aspects = page.getByRole('img', { name: `${INDICATOR_FAMILY_LABELS['satisfaction-aspect']['zh-cn']} ${INDICATOR_FAMILY_LABELS['satisfaction-aspect'].en}` });
    await aspects.waitFor(LOADED);
    expect(await aspects.locator('.chart-row').count()).toBe(10);
    expect(await aspects.locator('.error-bar').count()).toBeGreaterThanOrEqual(5);
    await aspects.screenshot({ path: path.join(SCREENSHOTS, 'satisfaction-by-aspect.png') });
    await page.close();
  }, 180_000);

  it('an analyst compares literacy East vs West and CAPI vs CAWI in the 差异比较 panel; the figures shown are the API reply\'s', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, plan.analyst.username, plan.analyst.password);
    await page.getByRole('button', { name: '差异比较 Differences' }).click();
    const panel = page.getByRole('form', { name: '差异比较 Differences' });
    await panel.waitFor(LOADED);
    const compare = async () => {
      const [reply] = await Promise.all([page.waitForResponse((response) => response.url().includes('/api/estimates/differences'), LOADED), panel.getByRole('button', { name: '比较 Compare' }).click()]);
      expect(reply.status()).toBe(200);
      await page.locator('.difference-result').waitFor(LOADED);
      return differenceReplySchema.parse(await reply.json());
    };
    const figure = (group: string, name: string) => page.locator(`tr[data-group="${group}"] td[data-figure="${name}"]`).textContent();
    const percentOf = (value: number, digits = 1) => `${(100 * value).toFixed(digits)}%`;
    const pointsOf = (value: number) => `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(100 * value).toFixed(1)}`;

    const regions = await compare();
    expect(regions.a.label['zh-cn']).toBe('地区：东部');
    expect(regions.b.label['zh-cn']).toBe('地区：西部');
    for (const [group, side] of [['A', regions.a], ['B', regions.b]] as const) {
      expect(await figure(group, 'estimate')).toBe(percentOf(side.estimate.estimate));
      expect(await figure(group, 'se')).toBe(percentOf(side.estimate.se, 2));
      expect(await figure(group, 'ci')).toBe(`${percentOf(side.estimate.ciLow)} – ${percentOf(side.estimate.ciHigh)}`);
      expect(await figure(group, 'n')).toBe(String(side.estimate.n));
    }
    const { difference } = regions;
    expect(difference.estimate).toBeCloseTo(regions.a.estimate.estimate - regions.b.estimate.estimate, 12);
    expect(await figure('difference', 'estimate')).toBe(pointsOf(difference.estimate));
    expect(await figure('difference', 'se')).toBe((100 * difference.se).toFixed(2));
    expect(await figure('difference', 'ci')).toBe(`${pointsOf(difference.ciLow)} – ${pointsOf(difference.ciHigh)}`);
    expect(await figure('difference', 'p')).toBe(difference.pValue! < 0.001 ? '<0.001' : difference.pValue!.toFixed(3));
    const significant = difference.pValue! < 0.05;
    expect(await figure('difference', 'significance')).toBe(significant ? '差异有统计学意义' : '差异无统计学意义');
    await expect(page.locator('.difference-result .reading').textContent()).resolves.toMatch(new RegExp(`^“地区：东部”比“地区：西部”${difference.estimate > 0 ? '高' : '低'} ${Math.abs(100 * difference.estimate).toFixed(1)} 个百分点，差异${significant ? '有' : '无'}统计学意义`));
    await expect(page.locator('.difference-result .methods').textContent()).resolves.toContain('联合抽样设计');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'differences.png'), fullPage: true });

    // CAPI vs CAWI: a breakdown chosen in the form, interviews at the same sites (a covariance in the SE).
    for (const side of ['A', 'B'] as const) {
      const group = panel.getByRole('group', { name: `${side} 组 Group ${side}` });
      await group.getByLabel('分组 Breakdown').selectOption('mode');
      await group.getByLabel('取值 Level').selectOption(side === 'A' ? 'capi' : 'cawi');
    }
    const modes = await compare();
    expect(modes.a.group).toEqual({ kind: 'mode', level: 'capi' });
    expect(modes.b.group).toEqual({ kind: 'mode', level: 'cawi' });
    await page.waitForFunction((shown) => document.querySelector('tr[data-group="difference"] td[data-figure="estimate"]')?.textContent === shown, pointsOf(modes.difference.estimate), LOADED);
    await page.close();
  }, 180_000);

  it('an interviewer account is refused', async () => {
    const page = await browser.newPage();
    await signIn(page, plan.sites[0]!.interviewer, plan.interviewerPassword);
    await expect(page.getByRole('alert').textContent(LOADED)).resolves.toMatch(/无权使用分析控制台/);
    expect(await page.getByRole('button', { name: '实地进度 Fieldwork' }).count()).toBe(0);
    const token = await page.evaluate(async (credentials) => {
      const response = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credentials) });
      return ((await response.json()) as { token: string }).token;
    }, { username: plan.sites[0]!.interviewer, password: plan.interviewerPassword });
    const status = await page.evaluate(async (bearer) => (await fetch('/api/fieldwork', { headers: { Authorization: `Bearer ${bearer}` } })).status, token);
    expect(status).toBe(403);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'interviewer-refused.png') });
    await page.close();
  }, 120_000);
});
