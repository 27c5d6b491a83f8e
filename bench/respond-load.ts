/**
 * What a migrant's phone pays to open a QR link, on a weak mobile signal (400 kbit/s, 300 ms, CDP) and 4x
 * CPU throttling, cold cache: the compressed size of the JavaScript /s/:token loads first (the entry script
 * and its modulepreloads, from the built page, as sent: brotli) and of all the JavaScript it has loaded
 * once the survey runs; the time from navigation to the consent question on screen (rendered by the
 * server) and to consent usable (the page's script has run). Then the figures the respondent feels: from
 * tapping 下一页 on consent to the first question after it (age) usable, when tapping the moment consent is
 * usable and after reading consent for READ_SECONDS (default 8; the runtime downloads meanwhile); from
 * 下一页 on eligibility, answered at once, to the profile's first question usable (SurveyJS's first page);
 * and what was on screen right after each tap (never blank: the page's own drawing of the next page, the
 * loading bar, or the question).
 * Needs the client build (npm run build:client). Runs an embedded FerretDB in a temporary DATA_DIR.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { clientDistDir } from '../server/app';
import { loadConfig } from '../server/config';
import { startPlatform } from '../server/platform';
import { createLink, linkUrl } from '../server/services/links';
import { importSamplingFrame } from '../server/services/samplingFrame';

const RUNS = 3;
const AGE_QUESTION = '您的年龄（周岁）是否在15岁至69岁之间？';
const HUKOU_QUESTION = '您的户籍（户口）是否在本县（市、区）以外？';
const MONTHS_QUESTION = '您这次来本地居住多久了？（按月计算，不满1个月填0）';
const READ_MS = Number(process.env.READ_SECONDS ?? 8) * 1000;
const SECRET = 'a-benchmark-secret-that-is-at-least-32-characters';
/**
 * A weak mobile signal as issue 20 measured it in the field: 400 kbit/s both ways and 300 ms of latency
 * (slower than Chrome DevTools' "Slow 4G" preset, 1.6 Mbit/s and 150 ms).
 */
const WEAK_SIGNAL = { offline: false, latency: 300, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
const FRAME = [
  'stratum,site_code,site_name,site_type,province_code,city_code,county_code,migrant_population,selection_probability,planned_interviews',
  '530102,KM-01,五华区红云社区,community,53,5301,530102,1200,0.25,20',
].join('\n');

function firstLoadJsFiles(): string[] {
  const html = fs.readFileSync(path.join(clientDistDir, 'respond/index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
}

/** Bytes as the server sends them: the brotli file the build made beside each one (none for the tiniest). */
function brotliKiB(files: Iterable<string>): string {
  let bytes = 0;
  for (const file of files) {
    const built = path.join(clientDistDir, file);
    bytes += fs.statSync(fs.existsSync(`${built}.br`) ? `${built}.br` : built).size;
  }
  return (bytes / 1024).toFixed(1);
}

/**
 * When the browser painted the consent page, from its own paint timing: the largest contentful paint
 * so far, which must be an element of the consent page (the page arrives rendered from the server).
 */
async function consentPaintedAt(page: Page): Promise<number> {
  const paint = await page.evaluate(
    () =>
      new Promise<{ time: number; inConsent: boolean }>((resolve) => {
        new PerformanceObserver((list) => {
          const last = list.getEntries().at(-1) as PerformanceEntry & { element?: Element | null };
          resolve({ time: last.startTime, inConsent: Boolean(last.element?.closest('[data-testid="early-page"]')) });
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      }),
  );
  if (!paint.inConsent) throw new Error('The largest contentful paint is not part of the consent page.');
  return Math.round(paint.time);
}

/** Taps 是 on the first question after consent (age) as a respondent does, and waits until the survey took it. */
async function answerFirstQuestion(page: Page): Promise<void> {
  // The same taps whichever draws the page: the page's own early-page shell or SurveyJS.
  const question = page.getByRole('radiogroup', { name: AGE_QUESTION });
  await question.locator('label').filter({ hasText: /^是$/ }).click({ timeout: 120_000 });
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLInputElement>('input[name="age_in_range"][value="yes"], [data-name="age_in_range"] input[value="yes"]')].some((input) => input.checked), undefined, { timeout: 120_000 });
}

/** Answers the rest of eligibility as an eligible respondent, taps 下一页 and waits until the profile's first question took a tap (SurveyJS's page). */
async function eligibilityToProfile(page: Page, between: Set<string>): Promise<number> {
  await page.getByRole('radiogroup', { name: HUKOU_QUESTION }).locator('label').filter({ hasText: /^是$/ }).click({ timeout: 120_000 });
  await page.getByRole('spinbutton', { name: MONTHS_QUESTION }).fill('3', { timeout: 120_000 });
  const tapped = Date.now();
  await page.getByRole('button', { name: '下一页' }).click();
  between.add(await onScreen(page));
  await page.locator('.sd-question[data-name="sex"] label').filter({ hasText: /^男$/ }).click({ timeout: 120_000 });
  await page.waitForFunction(() => (document.querySelector('.sd-question[data-name="sex"] input[value="male"]') as HTMLInputElement | null)?.checked === true, undefined, { timeout: 120_000 });
  return Date.now() - tapped;
}

/** What the phone shows right after a tap on 下一页. */
const onScreen = (page: Page) =>
  page.evaluate(() => (document.querySelector('[data-testid="loading-next"]') ? 'the loading bar' : document.querySelector('[data-testid="early-page"]') ? "the page's own drawing of the next page" : document.querySelector('.sd-question') ? 'the question (SurveyJS)' : 'nothing'));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = (values: number[]) => `median ${median(values)} ms, all ${values.join(', ')} ms`;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'respond-bench-'));
  const platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MONGODB_URI: undefined, AUTH_SECRET: SECRET }));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    await importSamplingFrame(platform.state, FRAME);
    const link = await createLink(platform.connection, SECRET, { samplingPoint: 'KM-01', instrumentId: 'migrant-health' }, 'bench');
    const url = linkUrl(platform.url, link.token);
    const paintTimes: number[] = [];
    const consentTimes: number[] = [];
    const usableTimes: number[] = [];
    const surveyTimes: number[] = [];
    const nextAtOnce: number[] = [];
    const nextAfterReading: number[] = [];
    const between = new Set<string>();
    const afterEligibility: number[] = [];
    const betweenEligibility = new Set<string>();
    const pageTimes: number[] = [];
    const firstScriptTimes: number[] = [];
    const loadedJs = new Set<string>();
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true });
      const page = await context.newPage();
      page.on('response', (response) => {
        const { pathname } = new URL(response.url());
        if (pathname.endsWith('.js')) loadedJs.add(pathname);
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', WEAK_SIGNAL);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const started = Date.now();
      // Not waiting for the load event: the first render can come before the page's scripts have run.
      await page.goto(url, { waitUntil: 'commit' });
      await page.locator('label', { hasText: '愿意参加' }).waitFor({ timeout: 120_000 });
      consentTimes.push(Date.now() - started);
      paintTimes.push(await consentPaintedAt(page));
      await page.getByRole('radio', { name: '愿意参加' }).check({ timeout: 120_000 });
      usableTimes.push(Date.now() - started);
      const firstLoad = firstLoadJsFiles();
      const timing = await page.evaluate((scripts) => {
        const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const scriptEnds = resources.filter((entry) => scripts.includes(new URL(entry.name).pathname)).map((entry) => entry.responseEnd);
        return { page: navigation!.responseEnd, scripts: Math.max(...scriptEnds) };
      }, firstLoad);
      pageTimes.push(Math.round(timing.page));
      firstScriptTimes.push(Math.round(timing.scripts));
      const tapped = Date.now();
      await page.getByRole('button', { name: '下一页' }).click();
      between.add(await onScreen(page));
      await answerFirstQuestion(page);
      nextAtOnce.push(Date.now() - tapped);
      afterEligibility.push(await eligibilityToProfile(page, betweenEligibility));
      surveyTimes.push(Date.now() - started);
      await context.close();
    }
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', WEAK_SIGNAL);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(url, { waitUntil: 'commit' });
      await page.getByRole('radio', { name: '愿意参加' }).check({ timeout: 120_000 });
      await page.waitForTimeout(READ_MS);
      const tapped = Date.now();
      await page.getByRole('button', { name: '下一页' }).click();
      between.add(await onScreen(page));
      await answerFirstQuestion(page);
      nextAfterReading.push(Date.now() - tapped);
      await context.close();
    }
    const firstLoad = firstLoadJsFiles();
    console.log(`first-load JS (brotli): ${brotliKiB(firstLoad)} KiB in ${firstLoad.length} files: ${firstLoad.join(', ')}`);
    console.log(`all JS loaded once the survey runs (brotli): ${brotliKiB(loadedJs)} KiB in ${loadedJs.size} files`);
    console.log(`consent page painted (largest contentful paint, inside the consent page), 400 kbit/s, 300 ms, 4x CPU, cold cache, ${RUNS} runs: ${summary(paintTimes)}`);
    console.log(`consent question seen by the test driver (its check runs on the same throttled main thread, after the scripts' evaluation), ${RUNS} runs: ${summary(consentTimes)}`);
    console.log(`  of which the page (HTML with the resolved link) received: ${summary(pageTimes)}; first-load scripts received: ${summary(firstScriptTimes)}`);
    console.log(`time to consent usable (the page's script has run: choices and Next enabled), ${RUNS} runs: ${summary(usableTimes)}`);
    console.log(`time to SurveyJS's first page (the profile) usable when answering consent and eligibility at once, ${RUNS} runs: ${summary(surveyTimes)}`);
    console.log(`下一页 on consent to the first question after it usable (its answer taken), tapping the moment consent is usable, ${RUNS} runs: ${summary(nextAtOnce)}`);
    console.log(`the same after reading consent for ${READ_MS / 1000} s, ${RUNS} runs: ${summary(nextAfterReading)}`);
    console.log(`on screen right after 下一页 on consent: ${[...between].join(', ')}`);
    console.log(`下一页 on eligibility (answered at once) to the profile's first question usable (SurveyJS's page), ${RUNS} runs: ${summary(afterEligibility)}; on screen right after the tap: ${[...betweenEligibility].join(', ')}`);
  } finally {
    await browser.close();
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
