/**
 * Do reads starve writes? 32 tablets submit interviews (POST /api/responses, one at a time each) for
 * BENCH_SECONDS, first alone, then while an analyst loops on the estimates and the full CSV export.
 * The server runs as `npm start` does (its own process, embedded FerretDB, LOG_LEVEL=warn), so the load
 * generator's work is not charged to it. Loopback only; bounded by time.
 *
 *   npm run bench:intake-with-analyst      (BENCH_SECONDS=60 BENCH_CLIENTS=32 BENCH_STORED=2000)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { generateRespondent } from '../scripts/synthetic';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
/** Interviews stored before the runs, so the analyst's reads have something to read. */
const STORED = Number(process.env.BENCH_STORED ?? 2000);
/** A read slower than this counts as timed out (the probe's estimates call gave up at 120 s). */
const READ_TIMEOUT_MS = 120_000;
const ADMIN_PASSWORD = 'bench-admin-password';
const SITES = ['B-01', 'B-02', 'B-03', 'B-04'];

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 4 });

function requestOnce(method: string, url: string, token: string, payload?: unknown, timeoutMs = 60_000): Promise<{ status: number; body: string; bytes: number }> {
  const data = payload === undefined ? undefined : JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
    if (data) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
    const request = http.request(url, { method, agent, headers, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes < 1_000_000) chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), bytes }));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(data);
  });
}

async function startServer(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MONGODB_URI: '', ADMIN_PASSWORD, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const found = /on (http:\/\/localhost:\d+)/.exec(output)?.[1];
      if (found) resolve(found.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function prepare(baseUrl: string): Promise<{ interviewer: string; analyst: string }> {
  const login = async (username: string, password: string) => JSON.parse((await requestOnce('POST', `${baseUrl}/api/auth/login`, '', { username, password })).body).token as string;
  const admin = await login('admin', ADMIN_PASSWORD);
  const frame = ['stratum,site_code,site_name,site_type,province_code,city_code,county_code,migrant_population,selection_probability,planned_interviews']
    .concat(SITES.map((site, index) => `530102,${site},基准站点${index + 1},community,53,5301,530102,${1000 + index * 100},0.5,20`))
    .join('\n');
  await new Promise<void>((resolve, reject) => {
    const request = http.request(`${baseUrl}/api/sampling-points/import`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${admin}` } }, (response) => {
      response.resume().on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`frame import: ${response.statusCode}`))));
    });
    request.end(frame);
  });
  await requestOnce('POST', `${baseUrl}/api/users`, admin, { username: 'bench', password: 'bench-password', role: 'interviewer', samplingPoints: SITES });
  await requestOnce('POST', `${baseUrl}/api/users`, admin, { username: 'bench.analyst', password: 'bench-password', role: 'analyst' });
  return { interviewer: await login('bench', 'bench-password'), analyst: await login('bench.analyst', 'bench-password') };
}

/** Distinct answer sets (the server remembers verdicts on content it has seen), cycled with fresh ids. */
const pool = Array.from({ length: 3000 }, (_, index) => generateRespondent({ seed: `bench-analyst-${index}`, status: 'complete', province: '53' }).answers);
let drawn = 0;
function nextInterview() {
  const index = drawn++;
  const startedAt = new Date(Date.UTC(2026, 4, 1, 8, 0, index % 86_400)).toISOString();
  return {
    id: randomUUID(),
    instrumentId: 'migrant-health',
    instrumentVersion: 1,
    samplingPoint: SITES[index % SITES.length],
    mode: 'capi',
    status: 'complete',
    answers: pool[index % pool.length],
    paradata: { startedAt, completedAt: startedAt, durationSeconds: 600 + (index % 900) },
  };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : NaN);

interface IntakeResult {
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  stored: number;
  errors: number;
}

async function intakeFor(baseUrl: string, token: string, seconds: number): Promise<IntakeResult> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const begin = performance.now();
        const answer = await requestOnce('POST', `${baseUrl}/api/responses`, token, nextInterview()).catch(() => ({ status: 0 }));
        latencies.push(performance.now() - begin);
        if (answer.status !== 201) errors += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: (latencies.length - errors) / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? NaN, stored: latencies.length - errors, errors };
}

interface ReadResult {
  name: string;
  calls: number;
  failures: number;
  timedOut: number;
  p50: number;
  max: number;
  lastBytes: number;
}

/** The analyst: estimates, then the whole CSV export, again and again until intake stops. */
async function analystLoop(baseUrl: string, token: string, running: () => boolean): Promise<ReadResult[]> {
  const reads = [
    { name: 'GET /api/estimates', path: '/api/estimates?instrument=migrant-health&by=region', durations: [] as number[], failures: 0, timedOut: 0, lastBytes: 0 },
    { name: 'GET /api/exports/responses.csv', path: '/api/exports/responses.csv?instrument=migrant-health&version=1', durations: [] as number[], failures: 0, timedOut: 0, lastBytes: 0 },
  ];
  while (running()) {
    for (const read of reads) {
      const begin = performance.now();
      const answer = await requestOnce('GET', `${baseUrl}${read.path}`, token, undefined, READ_TIMEOUT_MS).catch((error: Error) => ({ status: error.message === 'timed out' ? -1 : 0, bytes: 0 }));
      read.durations.push(performance.now() - begin);
      if (answer.status === -1) read.timedOut += 1;
      else if (answer.status !== 200) read.failures += 1;
      read.lastBytes = answer.bytes;
    }
  }
  return reads.map((read) => {
    const sorted = [...read.durations].sort((a, b) => a - b);
    return { name: read.name, calls: sorted.length, failures: read.failures, timedOut: read.timedOut, p50: percentile(sorted, 0.5), max: sorted.at(-1) ?? NaN, lastBytes: read.lastBytes };
  });
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-intake-analyst-'));
  const server = await startServer(dataDir);
  try {
    const tokens = await prepare(server.url);
    for (let stored = 0; stored < STORED; stored += 50) {
      const batch = Array.from({ length: Math.min(50, STORED - stored) }, nextInterview);
      const answer = await requestOnce('POST', `${server.url}/api/responses/batch`, tokens.interviewer, { responses: batch });
      if (answer.status !== 200) throw new Error(`seeding: ${answer.status} ${answer.body}`);
    }
    const alone = await intakeFor(server.url, tokens.interviewer, SECONDS);
    let intakeRunning = true;
    const analyst = analystLoop(server.url, tokens.analyst, () => intakeRunning);
    const withAnalyst = await intakeFor(server.url, tokens.interviewer, SECONDS);
    intakeRunning = false;
    const reads = await analyst;

    const date = new Date().toISOString().slice(0, 10);
    console.log(`\n${CLIENTS} clients, ${SECONDS} s each, ${STORED} interviews stored before, ${date}, ${os.cpus().length} cores (load average ${os.loadavg()[0]!.toFixed(1)} at the end)\n`);
    console.log('| intake | interviews/s | p50 ms | p99 ms | max ms | stored | errors |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [name, result] of [['alone', alone], ['with the analyst looping', withAnalyst]] as const) {
      console.log(`| ${name} | ${result.perSecond.toFixed(0)} | ${result.p50.toFixed(0)} | ${result.p99.toFixed(0)} | ${result.max.toFixed(0)} | ${result.stored} | ${result.errors} |`);
    }
    console.log('\n| analyst read (during intake) | calls | p50 ms | max ms | failed | timed out (> 120 s) | last size |');
    console.log('|---|---|---|---|---|---|---|');
    for (const read of reads) console.log(`| ${read.name} | ${read.calls} | ${read.p50.toFixed(0)} | ${read.max.toFixed(0)} | ${read.failures} | ${read.timedOut} | ${(read.lastBytes / 1e6).toFixed(1)} MB |`);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
