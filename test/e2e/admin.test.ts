import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { modelsOf } from '../../server/models';
import { startPlatform, type RunningPlatform } from '../../server/platform';
import { createUser } from '../../server/services/users';
import { SAMPLE_FRAME_CSV } from '../helpers/api';
import { isolatedDatabaseUri } from '../helpers/database';
import { queuedInterview } from '../helpers/fieldwork';

const SCREENSHOTS = path.resolve('test-results/admin');
const ADMIN_PASSWORD = 'admin-password-for-tests';
const LOADED = { timeout: 30_000 };

/** One manager's session through the console, in order: frame, people, tablet sign-in, links and posters, audit. */
describe('survey manager console in Chromium', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync('dist/client/admin/index.html')) throw new Error('Build the client first: npm run build:client');
    platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', MONGODB_URI: isolatedDatabaseUri('admin-e2e'), ADMIN_PASSWORD, AUTH_SECRET: 'an-e2e-secret-that-is-at-least-32-characters' }));
    await createUser(platform.connection, { username: 'demo-analyst', password: 'demo-analyst-2026', role: 'analyst' }, { demo: true });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } })).newPage();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.connection.dropDatabase().catch(() => undefined);
    await platform?.close();
  });

  const tab = (name: string) => page.getByRole('button', { name, exact: true }).click();
  const upload = (name: string, file: string, buffer: Buffer, mimeType: string) => page.locator(`input[name="${name}"]`).setInputFiles({ name: file, mimeType, buffer });

  it('refuses a non-admin account, then an admin sees the overview with its warnings', async () => {
    await page.goto(`${platform.url}/admin`);
    // What the tab keeps is read back through the session's schema: a kept value that is not a session asks to sign in.
    await page.evaluate(() => sessionStorage.setItem('admin-session', JSON.stringify({ token: 'not-a-session' })));
    await page.reload();
    await page.getByLabel('用户名').fill('demo-analyst');
    await page.getByLabel('密码').fill('demo-analyst-2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').getByText('只对管理员账号开放').waitFor(LOADED);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('未设置 PUBLIC_URL').waitFor(LOADED);
    await page.getByText('仍有演示账号').waitFor();
    await page.getByText('初始密码尚未更改').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'overview.png') });
    // The tab keeps only the session of the sign-in answer, and a reload stays signed in with it.
    expect(await page.evaluate(() => Object.keys(JSON.parse(sessionStorage.getItem('admin-session') ?? '{}')).sort())).toEqual(['expiresAt', 'role', 'token', 'username']);
    await page.reload();
    await page.getByText('未设置 PUBLIC_URL').waitFor(LOADED);
  }, 60_000);

  it('uploads the frame as a GBK CSV (names right), previews an XLSX with a changed population flagged, and confirms it', async () => {
    await tab('抽样框');
    await upload('frame', 'frame.csv', iconv.encode(SAMPLE_FRAME_CSV, 'gbk'), 'text/csv');
    await page.getByRole('button', { name: '预览' }).click();
    await page.getByText('新增调查点 (3)').waitFor(LOADED);
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByRole('cell', { name: '五华区篆新农贸市场' }).waitFor(LOADED);
    await page.getByRole('cell', { name: '五华区', exact: true }).first().waitFor();
    // An interview at KM-01, so that changing its population changes a weight.
    await createUser(platform.connection, { username: 'li.ming', password: 'interviewer-password', role: 'interviewer', samplingPoints: ['KM-01', 'KM-02'] });
    const login = await (await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'li.ming', password: 'interviewer-password' }) })).json();
    const stored = await fetch(`${platform.url}/api/responses`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.token}` }, body: JSON.stringify(queuedInterview('admin-e2e', 0).submission) });
    expect(stored.status).toBe(201);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('frame');
    for (const line of SAMPLE_FRAME_CSV.replace('1200,0.25', '1500,0.25').split('\n')) sheet.addRow(line.split(','));
    await upload('frame', 'frame.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await page.getByRole('button', { name: '预览' }).click();
    await page.getByText('migrantPopulation 1200 → 1500').waitFor(LOADED);
    await page.locator('.flag').getByText('会改变这些访问的权重').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'frame-preview.png'), fullPage: true });
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByRole('cell', { name: '1500' }).waitFor(LOADED);
  }, 90_000);

  it('creates an account, imports accounts in bulk, disables one (its open session refused) and removes the demo accounts', async () => {
    await tab('人员');
    await page.locator('input[name="new-username"]').fill('wang.fang');
    await page.locator('input[name="new-display-name"]').fill('王芳');
    await page.locator('input[name="new-password"]').fill('wang-fang-password');
    await page.locator('input[name="new-sites"]').fill('KM-02');
    await page.getByRole('button', { name: '新建账号' }).last().click();
    await page.locator('tr[data-username="wang.fang"]').getByText('王芳').waitFor(LOADED);
    await upload('accounts', 'accounts.csv', iconv.encode('用户名,姓名,角色,密码,调查点\nzhang.san,张三,访员,,ZZ-01\n', 'gbk'), 'text/csv');
    await page.getByRole('button', { name: '预览' }).click();
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.locator('.once code').first().waitFor(LOADED);
    await page.locator('tr[data-username="zhang.san"]').getByText('张三').waitFor(LOADED);
    const session = await (await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'wang.fang', password: 'wang-fang-password' }) })).json();
    const sites = () => fetch(`${platform.url}/api/sampling-points`, { headers: { Authorization: `Bearer ${session.token}` } });
    expect((await sites()).status).toBe(200);
    await page.locator('tr[data-username="wang.fang"]').getByRole('button', { name: '停用' }).click();
    await page.locator('tr[data-username="wang.fang"]').getByRole('button', { name: '启用' }).waitFor(LOADED);
    expect((await sites()).status).toBe(401);
    await page.getByRole('button', { name: '删除全部演示账号' }).click();
    await page.locator('tr[data-username="demo-analyst"]').waitFor({ state: 'detached', ...LOADED });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'people.png'), fullPage: true });
  }, 90_000);

  it('a tablet opens the sign-in code URL and is signed in to /capi, reaching an interview', async () => {
    await page.locator('tr[data-username="li.ming"]').getByRole('button', { name: '平板登录码' }).click();
    const url = await page.getByTestId('sign-in-url').textContent(LOADED);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sign-in-code.png') });
    const tablet = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await tablet.goto(url!);
    await tablet.getByText('访员：li.ming').waitFor(LOADED);
    expect(new URL(tablet.url()).hash).toBe('');
    await tablet.getByRole('button', { name: '新访问' }).first().click();
    await tablet.locator('.sd-root-modern, .sv-root-modern, [data-name]').first().waitFor(LOADED);
    await tablet.screenshot({ path: path.join(SCREENSHOTS, 'tablet-interview.png') });
    await tablet.close();
  }, 90_000);

  it('issues links for all sites and downloads the posters PDF: a page per site, names and short URLs in its text', async () => {
    await tab('二维码链接');
    await page.getByRole('button', { name: '为所有调查点生成链接' }).click();
    await page.getByRole('status').getByText('+3').waitFor(LOADED);
    await page.getByText('/s/').first().waitFor(LOADED);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载海报 PDF' }).click()]);
    const file = path.join(SCREENSHOTS, 'posters.pdf');
    await download.saveAs(file);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+3\n/);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    for (const name of ['五华区红云社区', '五华区篆新农贸市场', '金水区富士康园区', '云南 昆明市 五华区', '河南 郑州市 金水区']) expect(text).toContain(name);
    for (const link of await modelsOf(platform.connection).Link.find({}).lean()) expect(text).toContain(`${platform.url}/s/${link.shortCode}`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'links.png'), fullPage: true });
  }, 90_000);

  it('the audit log shows those actions by name, filters them, and downloads what the filters keep', async () => {
    await tab('操作记录');
    for (const action of ['导入抽样框', '新建账号', '停用账号', '删除账号', '发放平板登录码', '使用平板登录码', '生成二维码链接']) {
      await page.getByRole('cell', { name: action, exact: true }).first().waitFor(LOADED);
    }
    await page.getByRole('cell', { name: /"migrantPopulation":1200.*→.*"migrantPopulation":1500/ }).waitFor();
    await page.getByRole('cell', { name: 'active: true → false' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'audit.png') });
    const rows = page.locator('table.list tbody tr');
    await page.locator('select[name="action"]').selectOption('link.issued');
    await page.locator('input[name="actor"]').fill('admin');
    await expect.poll(() => rows.count(), LOADED).toBe(3);
    await rows.getByText('KM-01 五华区红云社区').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 CSV' }).click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(4);
    expect(csv.slice(1).every((line) => line.includes(',admin,link.issued,'))).toBe(true);
    await page.locator('input[name="from"]').fill('2099-01-01');
    await expect.poll(() => rows.count(), LOADED).toBe(0);
  }, 60_000);
});
