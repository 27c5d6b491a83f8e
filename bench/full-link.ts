/**
 * What a submission to a full QR link costs with many responses stored (issue 13, finding 6): seeds
 * BENCH_STORED responses (default 5,000), fills a cap-1 link, then sends 10 new submissions to it at once
 * and 10 one after another. Loopback only, embedded FerretDB.
 *
 *   npm run bench:full-link
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { findResponse, insertResponses } from '../server/queries/responses';
import { startPlatform } from '../server/platform';
import { generateRespondent } from '../scripts/synthetic';

const STORED = Number(process.env.BENCH_STORED ?? 5000);
const ADMIN_PASSWORD = 'bench-admin-password';

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-full-link-'));
  const platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD, MONGODB_URI: '', RESPONDENT_RATE_PER_IP: '100000' }));
  const post = async (url: string, body: unknown, headers: Record<string, string>) => {
    const response = await fetch(`${platform.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };
  try {
    const admin = (await post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD }, {})).body.token!;
    const frame = 'stratum,site_code,site_name,site_type,province_code,city_code,county_code,migrant_population,selection_probability,planned_interviews\n530102,B-01,基准站点,community,53,5301,530102,1000,0.5,20\n';
    await post('/api/sampling-points/import', frame, { 'content-type': 'text/csv', authorization: `Bearer ${admin}` });
    const link = (await post('/api/links', { samplingPoint: 'B-01', instrumentId: 'migrant-health', maxResponses: 1 }, { authorization: `Bearer ${admin}` })).body;
    const submission = (seed: number) => ({ id: randomUUID(), instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: 'B-01', mode: 'cawi', status: 'complete', answers: generateRespondent({ seed, province: '53', status: 'complete' }).answers, paradata: {} });
    const first = submission(0);
    if ((await post('/api/responses', first, { 'x-link-token': link.token! })).status !== 201) throw new Error('the first submission was not stored');
    const template = await findResponse(platform.connection, first.id);
    for (let start = 0; start < STORED; start += 500) {
      await insertResponses(platform.connection, Array.from({ length: Math.min(500, STORED - start) }, () => ({ ...template, _id: randomUUID(), id: randomUUID(), linkId: undefined })));
    }
    const timed = async () => {
      const begin = performance.now();
      const answer = await post('/api/responses', submission(Math.random() * 1e9), { 'x-link-token': link.token! });
      if (answer.status !== 409) throw new Error(`expected 409, got ${answer.status}`);
      return performance.now() - begin;
    };
    const sequential: number[] = [];
    for (let index = 0; index < 10; index += 1) sequential.push(await timed());
    const concurrent = await Promise.all(Array.from({ length: 10 }, timed));
    const summary = (values: number[]) => `median ${median(values).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`;
    console.log(`${STORED} responses stored, ${new Date().toISOString().slice(0, 10)}: a full link's 409, one at a time: ${summary(sequential)}; 10 at once: ${summary(concurrent)}`);
  } finally {
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

await main();
