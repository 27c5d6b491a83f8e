/**
 * The analysis path at scale, over HTTP on loopback against the real server (startPlatform):
 * - `--stored 100000`: complete interviews (synthetic, valid, as intake stores them) written in bulk into the
 *   embedded FerretDB at 600 sites in 60 strata; then a fresh server start: how long the in-memory rows take
 *   to load; GET /api/estimates overall, by region, by county, with a raking scheme and with a date filter
 *   (median and p95 of 20 requests each); the rows' memory; and the data export for at most
 *   `--export-seconds` (rows/s, peak RSS).
 * - `--memory 1000000`: the same requests with the rows generated straight into the in-memory structure.
 * - both: the analyst console in Chromium (the built client: `npm run build:client` first), from the sign-in
 *   click to the indicator table showing numbers, 5 fresh pages (median and slowest).
 * Usage: node --expose-gc --import tsx bench/scale.ts --stored 100000 | --memory 1000000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { loadConfig } from '../server/config';
import { modelsOf } from '../server/models';
import { startPlatform, type RunningPlatform } from '../server/platform';
import { analysisRowOf } from '../server/services/analysisStore';
import type { StoredAnalysisFields } from '../server/queries/responses';
import { documentOf, frameDocuments, storeScaleData, templates } from './scaleData';

const { values } = parseArgs({ options: { stored: { type: 'string' }, memory: { type: 'string' }, 'export-seconds': { type: 'string', default: '60' } } });
const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ADMIN_PASSWORD = 'bench-admin-password';

async function start(dataDir: string): Promise<RunningPlatform> {
  return startPlatform(loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD, LOG_LEVEL: 'silent' }));
}

async function signIn(platform: RunningPlatform): Promise<string> {
  const response = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  return ((await response.json()) as { token: string }).token;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function timeRequests(platform: RunningPlatform, token: string): Promise<void> {
  const margins = 'variable,level,population\nregion,East,5200000\nregion,Central,2900000\nregion,West,1900000\nmode,capi,6000000\nmode,cawi,4000000\n';
  const created = await fetch(`${platform.url}/api/weighting/schemes?name=bench&method=rake`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' }, body: margins });
  if (!created.ok) throw new Error(`scheme: ${created.status} ${await created.text()}`);
  const scheme = ((await created.json()) as { id: string }).id;
  const cases = { overall: '', 'by region': 'by=region', 'by county': 'by=county', 'raking scheme': `weighting=${scheme}&by=region`, 'date filter': 'from=2026-05-05&to=2026-05-20&by=region' };
  // On the shared machine wall time is mostly waiting for a core: the process's CPU time per request (server and this client together) is printed beside it.
  console.log('| request | median ms | p95 ms | CPU ms, median | rows in the answer |');
  console.log('|---|---|---|---|---|');
  for (const [name, query] of Object.entries(cases)) {
    const times: number[] = [];
    const cpu: number[] = [];
    let size = 0;
    for (let k = 0; k < 21; k++) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const response = await fetch(`${platform.url}/api/estimates?${query}`, { headers: { Authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { rows?: unknown[] };
      if (!response.ok) throw new Error(`${name}: ${response.status} ${JSON.stringify(body)}`);
      // The first request of each kind warms caches (the frame, the scheme); the 20 after it are timed.
      if (k > 0) {
        times.push(performance.now() - started);
        const used = process.cpuUsage(cpuBefore);
        cpu.push((used.user + used.system) / 1000);
      }
      size = body.rows?.length ?? 0;
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    console.log(`| ${name} | ${quantile(times, 0.5).toFixed(0)} | ${quantile(times, 0.95).toFixed(0)} | ${quantile(cpu, 0.5).toFixed(0)} | ${size} |`);
  }
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The console's indicator tab: from the sign-in click to the first estimate in the table, in fresh pages. */
async function consoleTab(platform: RunningPlatform): Promise<void> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${platform.url}/analyst`);
      await page.getByLabel('用户名 Username').fill('admin');
      await page.getByLabel('密码 Password').fill(ADMIN_PASSWORD);
      const started = performance.now();
      await page.getByRole('button', { name: '登录 Sign in' }).click();
      await page.locator('table.estimates tbody tr', { hasText: '%' }).first().waitFor({ timeout: 120_000 });
      times.push(performance.now() - started);
      await context.close();
    }
    times.sort((a, b) => a - b);
    console.log(`console indicator tab, sign-in click to numbers shown (5 fresh pages): median ${quantile(times, 0.5).toFixed(0)} ms, slowest ${times[times.length - 1]!.toFixed(0)} ms`);
  } finally {
    await browser.close();
  }
}

function rowsMemory(platform: RunningPlatform, rssBefore: number): void {
  const rows = platform.state.analysis.rows;
  global.gc?.();
  console.log(`rows: ${rows.length}; columns ${MiB(rows.columnBytes)} (${(rows.columnBytes / rows.length).toFixed(0)} bytes per interview); RSS ${MiB(process.memoryUsage().rss)} (${MiB(process.memoryUsage().rss - rssBefore)} more than before the rows)`);
}

async function exportFor(platform: RunningPlatform, token: string, seconds: number): Promise<void> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), seconds * 1000);
  const started = performance.now();
  let lines = 0;
  let bytes = 0;
  try {
    const response = await fetch(`${platform.url}/api/exports/responses.csv`, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal });
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  }
  const elapsed = (performance.now() - started) / 1000;
  clearTimeout(timer);
  clearInterval(sampler);
  console.log(`export: ${lines - 1} rows (${MiB(bytes)}) in ${elapsed.toFixed(1)} s${abort.signal.aborted ? ` (stopped at the ${seconds} s limit)` : ''}, ${Math.round((lines - 1) / elapsed)} rows/s; RSS ${MiB(before)} before, peak ${MiB(peak)}`);
}

async function stored(total: number): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-bench-scale-'));
  try {
    let platform = await start(dataDir);
    await storeScaleData(platform.connection, total);
    await platform.close();

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const starting = performance.now();
    platform = await start(dataDir);
    await platform.state.analysis.ready(3_600_000);
    console.log(`start-up: server answering and ${total} rows loaded in ${((performance.now() - starting) / 1000).toFixed(1)} s`);
    rowsMemory(platform, rssBefore);
    const token = await signIn(platform);
    await timeRequests(platform, token);
    await consoleTab(platform);
    await exportFor(platform, token, Number(values['export-seconds']));
    await platform.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function inMemory(total: number): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-bench-scale-'));
  try {
    const platform = await start(dataDir);
    await modelsOf(platform.connection).SamplingPoint.insertMany(frameDocuments());
    const store = platform.state.analysis;
    await store.ready();
    const pool = templates();
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const filling = performance.now();
    for (let index = 0; index < total; index++) store.rows.add(analysisRowOf(documentOf(index, pool) as StoredAnalysisFields));
    console.log(`generated ${total} rows straight into the structure in ${((performance.now() - filling) / 1000).toFixed(1)} s`);
    rowsMemory(platform, rssBefore);
    await timeRequests(platform, await signIn(platform));
    await consoleTab(platform);
    await platform.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (values.stored) await stored(Number(values.stored));
else if (values.memory) await inMemory(Number(values.memory));
else throw new Error('give --stored N or --memory N');
