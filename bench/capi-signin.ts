/**
 * Interviewer sign-in on a 1024x768 tablet, cold cache (a new browser profile each run, so no service
 * worker and nothing cached): from the login answer arriving to the sites on screen, 5 runs, with where
 * the time goes (the login call, GET /api/sampling-points, the instrument, the service worker's install
 * and precache, ready offline). The server holds DEMO_RESPONSES interviews (default 2,000, as the demo),
 * synced through the app's own queue first, since the sites' counts are computed over them.
 * Needs the client build (npm run build:client). Embedded FerretDB in a temporary DATA_DIR (FERRETDB_BIN
 * to reuse a built binary), loopback only.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createHttpTransport } from '../client/shared/offline/httpTransport';
import { OfflineStore } from '../client/shared/offline/store';
import { createSyncQueue } from '../client/shared/offline/syncQueue';
import { loadConfig } from '../server/config';
import { startPlatform } from '../server/platform';
import { ADMIN_PASSWORD, AUTH_SECRET, queuedInterview, setUpFieldwork } from '../test/helpers/fieldwork';

const RUNS = 5;
const RESPONSES = Number(process.env.DEMO_RESPONSES ?? 2000);
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = (values: number[]) => `median ${median(values)} ms (${values.join(', ')})`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-bench-signin-'));
const platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MONGODB_URI: undefined, ADMIN_PASSWORD, AUTH_SECRET }));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const { interviewer } = await setUpFieldwork(platform.url);
  const store = new OfflineStore(`bench-${randomUUID()}`);
  for (let index = 0; index < RESPONSES; index += 1) await store.queue(queuedInterview(`bench-signin-${index}`, index));
  const report = await createSyncQueue({ outbox: store, transport: createHttpTransport({ baseUrl: platform.url, token: () => interviewer.token }), batchSize: 200 }).sync();
  if (report.error) throw new Error(`Seeding failed: ${JSON.stringify(report)}`);
  store.close();

  const figures = { login: [] as number[], sites: [] as number[], points: [] as number[], instrument: [] as number[], worker: [] as number[], offline: [] as number[] };
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${platform.url}/capi`);
    await page.getByLabel('用户名').fill(interviewer.username);
    await page.getByLabel('密码').fill(interviewer.password);
    const firstAnswer = (pathname: string) => page.waitForResponse((response) => new URL(response.url()).pathname === pathname, { timeout: 120_000 }).then(() => performance.now());
    const [login, points, instrument] = [firstAnswer('/api/auth/login'), firstAnswer('/api/sampling-points'), firstAnswer('/api/instruments/migrant-health')];
    const clicked = performance.now();
    await page.getByRole('button', { name: '登录' }).click();
    const loginAt = await login;
    await page.getByTestId('sampling-point').first().waitFor({ timeout: 120_000 });
    const sitesAt = performance.now();
    await page.getByTestId('ready-offline').waitFor({ timeout: 120_000 });
    const offlineAt = performance.now();
    const workerActivated = await page.evaluate(() => navigator.serviceWorker.ready.then(() => performance.now()));
    figures.login.push(Math.round(loginAt - clicked));
    figures.sites.push(Math.round(sitesAt - loginAt));
    figures.points.push(Math.round((await points) - loginAt));
    figures.instrument.push(Math.round((await instrument) - loginAt));
    figures.offline.push(Math.round(offlineAt - loginAt));
    figures.worker.push(Math.round(workerActivated));
    await context.close();
  }
  console.log(`embedded FerretDB, ${RESPONSES} interviews stored, 1024x768, cold cache, ${RUNS} runs`);
  console.log(`login call (click to answer): ${summary(figures.login)}`);
  console.log(`sites on screen after the login answer: ${summary(figures.sites)}`);
  console.log(`  GET /api/sampling-points answered after the login answer: ${summary(figures.points)}`);
  console.log(`  the instrument answered after the login answer (loaded behind the sites): ${summary(figures.instrument)}`);
  console.log(`  ready offline (service worker in control, sites and instrument kept) after the login answer: ${summary(figures.offline)}`);
  console.log(`  service worker installed, precached and active, from page start: ${summary(figures.worker)}`);
} finally {
  await browser.close();
  await platform.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
