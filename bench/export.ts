/**
 * A 200,000-response data export, streamed: the de-identified responses.csv over HTTP (loopback) from the
 * embedded FerretDB, read by a client that counts the bytes and keeps nothing. Peak RSS is sampled while
 * the export runs and compared with the resident size before it, so a whole-dataset-in-memory regression
 * shows as hundreds of megabytes. `RESPONSES=20000` for a quick run.
 *
 *   FERRETDB_BIN=tools/ferretdb/ferretdb node --import tsx bench/export.ts
 */
import fs from 'node:fs';
import type { Connection } from 'mongoose';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config';
import { insertResponses } from '../server/queries/responses';
import { startPlatform } from '../server/platform';
import { createUser } from '../server/services/users';
import { scoreAnswers } from '../surveys/catalog';
import { buildDemo, demoUuid, frameCsv } from '../scripts/demo/load';
import { importSamplingFrame } from '../server/services/samplingFrame';
import { generateRespondent } from '../scripts/synthetic';
import { regionOf } from '../analysis/domain/regions';

const RESPONSES = Number(process.env.RESPONSES ?? 200_000);
const DISTINCT = 200;
const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-bench-export-'));
  const platform = await startPlatform({ ...loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'bench-admin-password' }) });
  try {
    const plan = buildDemo({ seed: 'bench-export' });
    await importSamplingFrame(platform.state, frameCsv(plan));
    await createUser(platform.connection, { username: 'bench-analyst', password: 'bench-analyst-password', role: 'analyst', samplingPoints: [] });
    const seeded = performance.now();
    await seed(platform.connection, plan);
    console.log(`seeded ${RESPONSES} responses in ${((performance.now() - seeded) / 1000).toFixed(0)} s`);

    const login = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'bench-analyst', password: 'bench-analyst-password' }) });
    const { token } = (await login.json()) as { token: string };
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const response = await fetch(`${platform.url}/api/exports/responses.csv`, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok || !response.body) throw new Error(`export failed: ${response.status}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (lines - 1 !== RESPONSES) throw new Error(`expected ${RESPONSES} data rows, got ${lines - 1}`);
    console.log(`exported ${RESPONSES} responses (${MiB(bytes)} CSV) in ${seconds.toFixed(1)} s, ${Math.round(RESPONSES / seconds)} rows/s`);
    console.log(`RSS before the export ${MiB(before)}, peak during it ${MiB(peak)} (+${MiB(peak - before)}); the CSV itself is ${MiB(bytes)}`);
  } finally {
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Realistic documents as intake stores them (answers, scores, design fields), written in batches of 1,000. */
async function seed(connection: Connection, plan: ReturnType<typeof buildDemo>): Promise<void> {
  const surveyDate = new Date('2026-05-10T03:00:00Z');
  const templates = Array.from({ length: DISTINCT }, (_, index) => {
    const site = plan.sites[index % plan.sites.length]!;
    const { answers, status } = generateRespondent({ seed: `bench/${index}`, province: site.county.provinceCode, surveyDate });
    const scores = status === 'complete' || status === 'partial' ? scoreAnswers('migrant-health', 1, answers, surveyDate) : null;
    return { site, answers, status, scores };
  });
  for (let start = 0; start < RESPONSES; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, RESPONSES - start) }, (_, offset) => {
      const index = start + offset;
      const { site, answers, status, scores } = templates[index % DISTINCT]!;
      return {
        _id: demoUuid(`bench/${index}`),
        id: demoUuid(`bench/${index}`),
        instrumentId: 'migrant-health',
        instrumentVersion: 1,
        mode: index % 3 === 0 ? 'cawi' : 'capi',
        status,
        answers,
        scores,
        stratum: site.county.countyCode,
        siteCode: site.siteCode,
        provinceCode: site.county.provinceCode,
        cityCode: site.county.cityCode,
        countyCode: site.county.countyCode,
        region: regionOf(site.county.provinceCode),
        interviewer: index % 3 === 0 ? undefined : site.interviewer,
        paradata: { startedAt: surveyDate, completedAt: surveyDate, durationSeconds: 1500 + (index % 600), locale: 'zh-cn' },
        contentHash: String(index),
        receivedAt: new Date(surveyDate.getTime() + (index % 20) * 86_400_000),
      };
    });
    await insertResponses(connection, batch);
    if ((start + 1000) % 50_000 === 0) console.log(`  ${start + 1000} inserted`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
