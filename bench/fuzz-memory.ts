/**
 * Where the fuzz run's memory goes. The probe saw RSS 244 → 519 MB peak → 422 MB idle over 6,050 hostile
 * requests. This sends BENCH_REQUESTS hostile bodies of the fuzz suite's worst kinds (100 KB JSON, 3,000
 * levels deep, 60,000-character strings, 20,000-element arrays) to POST /api/responses and
 * /api/responses/batch of an in-process server, and prints RSS beside the V8 heap (after a forced GC) as it
 * goes and after an idle pause: a leak grows the heap; the allocator keeping freed pages grows only RSS.
 *
 *   npm run bench:fuzz-memory        (BENCH_REQUESTS=6000)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { startPlatform } from '../server/platform';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 6000);
const ADMIN_PASSWORD = 'bench-admin-password';
const deep = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const BODIES = [
  `{"id":${deep(3000)}}`,
  JSON.stringify({ id: 'x', answers: { note: '长'.repeat(30_000) } }),
  JSON.stringify({ id: 'x', answers: { list: Array.from({ length: 20_000 }, (_, index) => index) } }),
  `{"responses":[${Array.from({ length: 8 }, () => `{"id":${deep(400)}}`).join(',')}]}`,
  '{"id":"1e309","answers":{"__proto__":{"polluted":1}}}',
];

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
function sample(label: string): string {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return `| ${label} | ${megabytes(usage.rss)} | ${megabytes(usage.heapUsed)} | ${megabytes(usage.heapTotal)} | ${megabytes(usage.external + usage.arrayBuffers)} |`;
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) throw new Error('run with node --expose-gc (npm run bench:fuzz-memory does)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fuzz-memory-'));
  const platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD, MONGODB_URI: '', LOG_LEVEL: 'warn' }));
  const rows = [sample('after start')];
  try {
    const login = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    // Four at a time, like the fuzz run's parallel clients.
    let sent = 0;
    const statuses = new Map<number, number>();
    const client = async () => {
      while (sent < REQUESTS) {
        const index = sent++;
        const body = BODIES[index % BODIES.length]!;
        const answer = await fetch(`${platform.url}/api/responses${body.startsWith('{"responses"') ? '/batch' : ''}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
        await answer.arrayBuffer();
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if ((index + 1) % Math.ceil(REQUESTS / 4) === 0) rows.push(sample(`after ${index + 1} requests`));
      }
    };
    await Promise.all([client(), client(), client(), client()]);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    rows.push(sample('after 10 s idle'));
    console.log(`\n${REQUESTS} hostile requests, ${new Date().toISOString().slice(0, 10)}, statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    console.log('| moment | RSS MB | heap used MB (after GC) | heap total MB | external + array buffers MB |');
    console.log('|---|---|---|---|---|');
    for (const row of rows) console.log(row);
  } finally {
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
