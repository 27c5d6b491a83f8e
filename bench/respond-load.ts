/**
 * What a migrant's phone pays to open a QR link: the gzip size of the JavaScript /s/:token loads first
 * (the entry script and its modulepreloads, from the built page), and the time from navigation to the
 * first question on screen under Chromium's "Slow 4G"-like network and 4x CPU throttling (CDP).
 * Needs the client build (npm run build:client). Runs an embedded FerretDB in a temporary DATA_DIR.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { clientDistDir } from '../server/app';
import { loadConfig } from '../server/config';
import { startPlatform } from '../server/platform';
import { createLink, linkUrl } from '../server/services/links';
import { importSamplingFrame } from '../server/services/samplingFrame';

const RUNS = 3;
const SECRET = 'a-benchmark-secret-that-is-at-least-32-characters';
/** Chrome DevTools' "Slow 4G" preset: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up. */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const FRAME = [
  'stratum,site_code,site_name,site_type,province_code,city_code,county_code,migrant_population,selection_probability,planned_interviews',
  '530102,KM-01,五华区红云社区,community,53,5301,530102,1200,0.25,20',
].join('\n');

function firstLoadJsGzipBytes(): { files: string[]; bytes: number } {
  const html = fs.readFileSync(path.join(clientDistDir, 'respond/index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
  const bytes = files.reduce((sum, file) => sum + gzipSync(fs.readFileSync(path.join(clientDistDir, file))).length, 0);
  return { files, bytes };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'respond-bench-'));
  const platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MONGODB_URI: undefined, AUTH_SECRET: SECRET }));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    await importSamplingFrame(platform.connection, FRAME);
    const link = await createLink(platform.connection, SECRET, { samplingPoint: 'KM-01', instrumentId: 'migrant-health' }, 'bench');
    const url = linkUrl(platform.url, link.token);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const started = Date.now();
      await page.goto(url);
      await page.locator('label', { hasText: '愿意参加' }).waitFor({ timeout: 120_000 });
      times.push(Date.now() - started);
      await context.close();
    }
    const size = firstLoadJsGzipBytes();
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`first-load JS (gzip): ${(size.bytes / 1024).toFixed(1)} KiB in ${size.files.length} files: ${size.files.join(', ')}`);
    console.log(`time to consent question (Slow 4G, 4x CPU, cold cache), ${RUNS} runs: median ${sorted[Math.floor(RUNS / 2)]} ms, all ${times.join(', ')} ms`);
  } finally {
    await browser.close();
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
