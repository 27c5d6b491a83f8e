/**
 * The README's survey-manager walk-through for the demo-sized survey (36 sites in 6 counties, 12
 * interviewers, QR posters), done in the console alone in Chromium at 1280×800, the way a manager clicks
 * through it: sign in, set a new admin password, download the template and upload it filled in (XLSX),
 * preview, confirm; import the 12 interviewers from a GBK CSV saved by Excel (preview, confirm); give one
 * tablet a sign-in code and open it there; issue links for all sites; download the posters PDF; read the
 * audit log filtered to the links issued and download it. Prints each step's time and counts the clicks,
 * fields and files a person needs; checks the posters (36 pages, every site's name). Screenshots go to
 * test-results/manager-setup/. Needs the client build (npm run build:client). Embedded FerretDB in a
 * temporary DATA_DIR (FERRETDB_BIN to reuse a built binary), loopback only.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { chromium } from 'playwright-core';
import { loadConfig } from '../server/config';
import { startPlatform } from '../server/platform';
import { buildDemo } from '../scripts/demo/load';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ADMIN_PASSWORD = 'first-admin-password';
const SHOTS = path.resolve('test-results/manager-setup');
const WAIT = { timeout: 60_000 };
/** The interviewers' names as a commission's list has them; each takes the three sites of one kind half of a county. */
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周婷', '吴强', '徐丽', '孙浩'];

if (!fs.existsSync('dist/client/admin/index.html')) throw new Error('Build the client first: npm run build:client');
fs.mkdirSync(SHOTS, { recursive: true });
const plan = buildDemo();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-bench-manager-'));
const platform = await startPlatform(
  loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, MONGODB_URI: undefined, ADMIN_PASSWORD, AUTH_SECRET: 'a-bench-secret-that-is-at-least-32-characters', PUBLIC_URL: 'https://survey.example.org' }),
);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const steps: { step: string; ms: number; actions: number }[] = [];
let actions = 0;
/** One action of a person: a click, a field typed, a file chosen. */
const act = async <T>(action: Promise<T>): Promise<T> => ((actions += 1), action);
async function step(name: string, run: () => Promise<void>): Promise<void> {
  const started = performance.now();
  actions = 0;
  await run();
  steps.push({ step: name, ms: Math.round(performance.now() - started), actions });
}

try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const tab = (name: string) => act(page.getByRole('button', { name, exact: true }).click());
  const download = async (click: () => Promise<unknown>, file: string) => {
    const [event] = await Promise.all([page.waitForEvent('download', WAIT), act(click())]);
    const saved = path.join(dataDir, file);
    await event.saveAs(saved);
    return saved;
  };

  await step('sign in, read the overview', async () => {
    await page.goto(`${platform.url}/admin`);
    await act(page.getByLabel('用户名').fill('admin'));
    await act(page.getByLabel('密码').fill(ADMIN_PASSWORD));
    await act(page.getByRole('button', { name: '登录' }).click());
    await page.getByText('初始密码尚未更改').waitFor(WAIT);
    await page.screenshot({ path: path.join(SHOTS, '1-overview.png') });
  });

  await step('set a new admin password', async () => {
    await tab('人员');
    await act(page.locator('tr[data-username="admin"]').getByRole('button', { name: '重置密码' }).click());
    await page.locator('.once code').waitFor(WAIT);
  });

  await step('frame: template, 36 sites filled in, preview, confirm', async () => {
    await tab('抽样框');
    const template = await download(() => page.getByRole('link', { name: '下载模板' }).click(), 'template.xlsx');
    // What the manager types into the template in Excel: the example row replaced by the 36 sites.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(template);
    const sheet = workbook.worksheets[0]!;
    sheet.spliceRows(2, 1);
    for (const site of plan.sites) {
      const { county } = site;
      sheet.addRow([county.countyCode, site.siteCode, site.siteName, site.siteType, county.provinceCode, county.cityCode, county.countyCode, site.migrantPopulation, site.selectionProbability, site.plannedInterviews]);
    }
    await act(page.locator('input[name="frame"]').setInputFiles({ name: '抽样框.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await workbook.xlsx.writeBuffer()) }));
    await act(page.getByRole('button', { name: '预览' }).click());
    await page.getByText(`新增调查点 (${plan.sites.length})`).waitFor(WAIT);
    await page.screenshot({ path: path.join(SHOTS, '2-frame-preview.png') });
    await act(page.getByRole('button', { name: '确认导入' }).click());
    await page.getByRole('cell', { name: plan.sites.at(-1)!.siteName }).waitFor(WAIT);
    await page.screenshot({ path: path.join(SHOTS, '3-frame.png'), fullPage: true });
  });

  const interviewers = [...new Set(plan.sites.map((site) => site.interviewer))].map((demoName, index) => ({
    username: `int${String(index + 1).padStart(2, '0')}`,
    name: NAMES[index]!,
    sites: plan.sites.filter((site) => site.interviewer === demoName).map((site) => site.siteCode),
  }));
  await step(`accounts: ${interviewers.length} interviewers from a GBK CSV, preview, confirm`, async () => {
    await tab('人员');
    const csv = ['用户名,姓名,角色,密码,调查点', ...interviewers.map((one) => `${one.username},${one.name},访员,,${one.sites.join('、')}`)].join('\r\n');
    await act(page.locator('input[name="accounts"]').setInputFiles({ name: '访员.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'gbk') }));
    await act(page.getByRole('button', { name: '预览' }).click());
    await page.getByRole('button', { name: '确认导入' }).waitFor(WAIT);
    await act(page.getByRole('button', { name: '确认导入' }).click());
    await page.locator('[aria-label="imported accounts"] .once code').nth(interviewers.length - 1).waitFor(WAIT);
    await page.locator(`tr[data-username="${interviewers.at(-1)!.username}"]`).waitFor(WAIT);
    await page.screenshot({ path: path.join(SHOTS, '4-people.png'), fullPage: true });
  });

  await step('one tablet signed in with a sign-in code', async () => {
    await act(page.locator(`tr[data-username="${interviewers[0]!.username}"]`).getByRole('button', { name: '平板登录码' }).click());
    const url = await page.getByTestId('sign-in-url').textContent(WAIT);
    const tablet = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    // The code's URL carries PUBLIC_URL; the tablet here reaches the same server on loopback.
    await tablet.goto(`${platform.url}${new URL(url!).pathname}${new URL(url!).hash}`);
    await tablet.getByText(`访员：${interviewers[0]!.username}`).waitFor(WAIT);
    await tablet.close();
  });

  let posters = '';
  await step('links for all sites, posters PDF', async () => {
    await tab('二维码链接');
    await act(page.getByRole('button', { name: '为所有调查点生成链接' }).click());
    await page.getByRole('status').getByText(`+${plan.sites.length}`).waitFor(WAIT);
    posters = await download(() => page.getByRole('link', { name: '下载海报 PDF' }).click(), 'posters.pdf');
    await page.screenshot({ path: path.join(SHOTS, '5-links.png') });
  });

  await step('audit log: links issued, downloaded', async () => {
    await tab('操作记录');
    await act(page.locator('select[name="action"]').selectOption('link.issued'));
    await page.locator('table.list tbody tr').nth(plan.sites.length - 1).waitFor(WAIT);
    const csv = fs.readFileSync(await download(() => page.getByRole('link', { name: '下载 CSV' }).click(), 'audit.csv'), 'utf8');
    if (csv.trim().split('\n').length !== plan.sites.length + 1) throw new Error(`The audit CSV has ${csv.trim().split('\n').length - 1} rows, not ${plan.sites.length}`);
    await page.screenshot({ path: path.join(SHOTS, '6-audit.png') });
  });

  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [posters], { encoding: 'utf8' }))![1]);
  const text = execFileSync('pdftotext', [posters, '-'], { encoding: 'utf8' });
  const missing = plan.sites.filter((site) => !text.includes(site.siteName)).map((site) => site.siteCode);
  if (pages !== plan.sites.length || missing.length > 0) throw new Error(`Posters: ${pages} pages, sites missing from the text: ${missing.join(', ') || 'none'}`);
  execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', posters, path.join(SHOTS, '7-poster')]);

  for (const { step: name, ms, actions: count } of steps) console.log(`${name}: ${(ms / 1000).toFixed(1)} s, ${count} actions`);
  const total = steps.reduce((sum, one) => sum + one.ms, 0);
  console.log(`total: ${(total / 1000).toFixed(1)} s of machine time, ${steps.reduce((sum, one) => sum + one.actions, 0)} actions (clicks, fields, files); posters: ${pages} A4 pages with every site's name`);
} finally {
  await browser.close();
  await platform.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
