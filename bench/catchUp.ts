/**
 * Catch-up delay with two server instances on one MongoDB-compatible database (issue 17), loopback only:
 * one FerretDB started standalone (as the embedded one is), `--stored N` interviews written in bulk, then for
 * each catch-up period two platforms A and B with MONGODB_URI pointing at it. Interviews are submitted
 * through A's POST /api/responses at `--rate` per second for `--seconds`; the delay of each is from A's 201
 * to B's in-memory rows holding it (polled every 10 ms in this process: every estimate reads those rows).
 * Then B's GET /api/estimates must equal A's, and one catch-up round with nothing new is timed
 * beside a full scan of the collection: a round as slow as a scan means the receivedAt filter scans.
 * Usage: npm run bench:catch-up -- --stored 10000 --periods 5,1
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { connectDatabase } from '../server/db/connection';
import { startEmbeddedFerretDB } from '../server/db/embeddedFerretDB';
import { startPlatform, type RunningPlatform } from '../server/platform';
import { scanAnalysisRows } from '../server/services/analysisStore';
import { generateRespondent } from '../scripts/synthetic';
import { storeScaleData } from './scaleData';

const { values } = parseArgs({ options: { stored: { type: 'string', default: '10000' }, periods: { type: 'string', default: '5,1' }, rate: { type: 'string', default: '2' }, seconds: { type: 'string', default: '30' } } });
const ADMIN_PASSWORD = 'bench-admin-password';
const POLL_MS = 10;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signIn(platform: RunningPlatform): Promise<string> {
  const response = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  return ((await response.json()) as { token: string }).token;
}

/** The overall estimates rows (every indicator, unweighted), as an analyst's client reads them. */
async function overallEstimates(platform: RunningPlatform, token: string): Promise<{ n: number }[]> {
  const response = await fetch(`${platform.url}/api/estimates?weighting=unweighted`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { rows: { n: number }[] };
  if (!response.ok) throw new Error(`GET /api/estimates: ${response.status} ${JSON.stringify(body)}`);
  return body.rows;
}

/** One interview through A; resolves with how long after A's 201 B's rows held it. */
async function submitAndWait(a: RunningPlatform, token: string, b: RunningPlatform, index: number, deadlineMs: number): Promise<number> {
  const { answers } = generateRespondent({ seed: `catch-up/${index}`, status: 'complete' });
  const id = randomUUID();
  const body = { id, instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: `S${String(index % 600).padStart(3, '0')}`, mode: 'capi', status: 'complete', answers, paradata: { completedAt: new Date().toISOString() } };
  const response = await fetch(`${a.url}/api/responses`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`POST /api/responses through A: ${response.status} ${await response.text()}`);
  const stored = performance.now();
  const rows = b.state.analysis.rows;
  while (!rows.has(id)) {
    if (performance.now() - stored > deadlineMs) throw new Error(`B had not caught up with ${id} after ${deadlineMs} ms`);
    await sleep(POLL_MS);
  }
  return performance.now() - stored;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function measure(uri: string, period: number, stored: number): Promise<void> {
  const start = () => startPlatform(loadConfig({ ...process.env, MONGODB_URI: uri, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD, LOG_LEVEL: 'silent', ANALYSIS_CATCH_UP_SECONDS: String(period) }));
  const a = await start();
  const b = await start();
  try {
    await Promise.all([a.state.analysis.ready(3_600_000), b.state.analysis.ready(3_600_000)]);
    const [tokenA, tokenB] = await Promise.all([signIn(a), signIn(b)]);
    const rate = Number(values.rate);
    const total = Math.round(rate * Number(values.seconds));
    const delays: Promise<number>[] = [];
    for (let k = 0; k < total; k++) {
      delays.push(submitAndWait(a, tokenA, b, k, 10 * period * 1000 + 60_000));
      await sleep(1000 / rate);
    }
    const sorted = (await Promise.all(delays)).sort((x, y) => x - y);
    const [seenByA, seenByB] = [await overallEstimates(a, tokenA), await overallEstimates(b, tokenB)];
    if (JSON.stringify(seenByA) !== JSON.stringify(seenByB)) throw new Error(`after the run B's estimates differ from A's (first indicator's n: A ${seenByA[0]?.n}, B ${seenByB[0]?.n})`);

    // One round with nothing new (it still re-reads the overlap window), the timer stopped so rounds do not overlap.
    const storeB = b.state.analysis;
    storeB.stopCatchingUp();
    const rounds: number[] = [];
    for (let k = 0; k < 5; k++) rounds.push(await timed(() => storeB.catchUp()));
    rounds.sort((x, y) => x - y);
    const scan = await timed(() => scanAnalysisRows(b.connection));
    console.log(
      `| ${stored} | ${period} s | ${total} at ${rate}/s | ${quantile(sorted, 0.5).toFixed(0)} | ${quantile(sorted, 0.95).toFixed(0)} | ${sorted[sorted.length - 1]!.toFixed(0)} | ${quantile(rounds, 0.5).toFixed(0)} (${rounds[0]!.toFixed(0)}–${rounds[rounds.length - 1]!.toFixed(0)}) | ${scan.toFixed(0)} | ${seenByB[0]!.n} |`,
    );
  } finally {
    await b.close();
    await a.close();
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-bench-catch-up-'));
const database = await startEmbeddedFerretDB({ dataDir, databaseName: 'migrant_health_catch_up' });
try {
  const stored = Number(values.stored);
  const seeding = await connectDatabase(database.uri);
  await storeScaleData(seeding, stored);
  await seeding.close();
  console.log(`load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  console.log('| stored | catch-up period | submitted through A | delay to B, median ms | p95 ms | max ms | one round, median ms (range) | full scan ms | n of B’s first estimate (= A’s) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const period of values.periods.split(',').map(Number)) await measure(database.uri, period, stored);
  console.log(`load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
} finally {
  await database.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
