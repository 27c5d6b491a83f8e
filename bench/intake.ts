/**
 * Intake throughput and latency: POST /api/responses with valid migrant-health answers at 1, 16 and 64
 * concurrent clients against the embedded FerretDB, next to raw driver insertOne of the same stored
 * documents in the same run. Loopback only, a fixed number of requests per level.
 *
 *   npm run bench:intake            (BENCH_REQUESTS=… to change the number per level)
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { mongo } from 'mongoose';
import { loadConfig } from '../server/config';
import { modelsOf } from '../server/models';
import { startPlatform } from '../server/platform';
import { generateRespondent } from '../scripts/synthetic';
import { scoreAnswers } from '../surveys/catalog';

const LEVELS = [1, 16, 64];
const REQUESTS_PER_LEVEL = Number(process.env.BENCH_REQUESTS ?? 400);
const ADMIN_PASSWORD = 'bench-admin-password';

interface LevelResult {
  clients: number;
  perSecond: number;
  p50: number;
  p99: number;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-intake-'));
  const platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD, MONGODB_URI: '' }));
  try {
    const token = await prepare(platform.url);
    // Distinct answers for every request: the server remembers verdicts on content it has seen.
    const respondents = Array.from({ length: REQUESTS_PER_LEVEL * LEVELS.length * 2 }, (_, index) => generateRespondent({ seed: `bench-${index}`, status: 'complete' }));
    let offset = 0;
    const submission = (index: number) => {
      const respondent = respondents[offset + index] as (typeof respondents)[number];
      return { id: randomUUID(), instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: 'B-01', mode: 'capi', status: 'complete', answers: respondent.answers, paradata: { completedAt: '2026-05-01T10:00:00Z' } };
    };
    // The raw side writes to a collection with the same indexes as the responses collection: the index
    // upkeep is the database's cost of the write, not the API's.
    const rawCollection = platform.connection.db!.collection('bench_raw_inserts');
    for (const [keys, options] of modelsOf(platform.connection).Response.schema.indexes()) await rawCollection.createIndex(keys as Record<string, 1 | -1>, options as mongo.CreateIndexesOptions);
    const { _id: _siteId, ...site } = (await modelsOf(platform.connection).SamplingPoint.findOne({ siteCode: 'B-01' }).lean()) ?? {};
    const rows: { api: LevelResult; raw: LevelResult }[] = [];
    for (const clients of LEVELS) {
      const api = await measure(clients, async (index) => {
        const { status, body } = await postJson(`${platform.url}/api/responses`, token, submission(index));
        if (status !== 201) throw new Error(`POST /api/responses answered ${status}: ${body}`);
      });
      offset += REQUESTS_PER_LEVEL;
      const raw = await measure(clients, async (index) => {
        const body = submission(index);
        // The document the API stores, scores included and packed as the responses collection stores them
        // (answers, scores and paradata as JSON strings), so both sides write the same bytes.
        const scores = scoreAnswers('migrant-health', 1, body.answers, new Date());
        await rawCollection.insertOne(
          { ...site, ...body, _id: body.id as never, answers: JSON.stringify(body.answers), scores: JSON.stringify(scores), paradata: JSON.stringify(body.paradata), receivedAt: new Date() },
          { writeConcern: { w: 'majority', j: true } },
        );
      });
      offset += REQUESTS_PER_LEVEL;
      rows.push({ api, raw });
      console.log(`${clients} clients: API ${api.perSecond.toFixed(0)}/s p50 ${api.p50.toFixed(1)} ms p99 ${api.p99.toFixed(1)} ms; raw insertOne ${raw.perSecond.toFixed(0)}/s p50 ${raw.p50.toFixed(1)} ms p99 ${raw.p99.toFixed(1)} ms`);
    }
    printTable(rows);
  } finally {
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function prepare(baseUrl: string): Promise<string> {
  const login = async (username: string, password: string) =>
    ((await (await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })).json()) as { token: string }).token;
  const admin = await login('admin', ADMIN_PASSWORD);
  const frame = 'stratum,site_code,site_name,site_type,province_code,city_code,county_code,migrant_population,selection_probability,planned_interviews\n530102,B-01,基准站点,community,53,5301,530102,1000,0.5,20\n';
  await fetch(`${baseUrl}/api/sampling-points/import`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${admin}` }, body: frame });
  await fetch(`${baseUrl}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ username: 'bench', password: 'bench-password', role: 'interviewer', samplingPoints: ['B-01'] }),
  });
  return login('bench', 'bench-password');
}

/**
 * The load generator's POST: node:http over kept-alive connections, as HTTP benchmarking tools do, so the
 * client library's own overhead (fetch costs about a millisecond more per request here) is not charged
 * to the API, which shares the two cores with it.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(...LEVELS) });
function postJson(url: string, token: string, payload: unknown): Promise<{ status: number; body: string }> {
  const data = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), authorization: `Bearer ${token}` } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end(data);
  });
}

/** Runs REQUESTS_PER_LEVEL operations through `clients` concurrent loops; throughput and latency percentiles. */
async function measure(clients: number, operation: (index: number) => Promise<void>): Promise<LevelResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < REQUESTS_PER_LEVEL) {
        const index = next++;
        const begin = performance.now();
        await operation(index);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] as number;
  return { clients, perSecond: REQUESTS_PER_LEVEL / seconds, p50: percentile(0.5), p99: percentile(0.99) };
}

function printTable(rows: { api: LevelResult; raw: LevelResult }[]): void {
  console.log(`\n${REQUESTS_PER_LEVEL} requests per level, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| clients | API responses/s | API p50 ms | API p99 ms | raw insertOne/s | raw p50 ms | raw p99 ms | API / raw throughput |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { api, raw } of rows) {
    console.log(`| ${api.clients} | ${api.perSecond.toFixed(0)} | ${api.p50.toFixed(1)} | ${api.p99.toFixed(1)} | ${raw.perSecond.toFixed(0)} | ${raw.p50.toFixed(1)} | ${raw.p99.toFixed(1)} | ${(api.perSecond / raw.perSecond).toFixed(2)} |`);
  }
}

await main();
