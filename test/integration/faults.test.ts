import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { startEmbeddedFerretDB } from '../../server/db/embeddedFerretDB';
import { startPlatform, type RunningPlatform } from '../../server/platform';
import { isolatedDatabaseUri } from '../helpers/database';
import { startFaultProxy, type Fault } from '../helpers/faultProxy';
import { ADMIN_PASSWORD, AUTH_SECRET, setUpFieldwork } from '../helpers/fieldwork';
import { startIntakeLoad, type IntakeLoad } from '../helpers/intakeLoad';

/**
 * Intake under concurrent load while things break: the server is SIGKILLed and started again, the
 * embedded database is killed (the supervisor restarts it) or hung (SIGSTOP), the network drops answers
 * mid-batch. After the clients resend, every acknowledged interview is stored exactly once, and health
 * says what is true throughout. Loopback only, a few hundred interviews each.
 */

const root = path.resolve(import.meta.dirname, '../..');
const binary = inject('ferretdbBinary');
const folders: string[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function dataFolder(label: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `mh-faults-${label}-`));
  folders.push(folder);
  return folder;
}

afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(50);
  }
  return condition();
}

interface HealthSample {
  at: number;
  status: number | 'unreachable';
  db?: string;
  ms: number;
}

/** /api/health every 100 ms until stopped: what it said, and how long it took to say it. */
function sampleHealth(baseUrl: () => string) {
  const samples: HealthSample[] = [];
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      const at = Date.now();
      try {
        const response = await fetch(`${baseUrl()}/api/health`, { signal: AbortSignal.timeout(5_000) });
        const body = (await response.json()) as { db: string };
        samples.push({ at, status: response.status, db: body.db, ms: Date.now() - at });
      } catch {
        samples.push({ at, status: 'unreachable', ms: Date.now() - at });
      }
      await sleep(100);
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** Every interview stored once under its id, and every acknowledged one among them. */
async function expectStoredExactlyOnce(connection: Connection, load: IntakeLoad): Promise<void> {
  await load.drain();
  expect(load.acknowledged.size, `answers seen: ${JSON.stringify(Object.fromEntries(load.outcomes))}`).toBe(load.interviews.length);
  const perId = await connection.collection('responses').aggregate<{ _id: string; n: number }>([{ $group: { _id: '$id', n: { $sum: 1 } } }]).toArray();
  expect(perId.filter((row) => row.n !== 1)).toEqual([]);
  const stored = new Set(perId.map((row) => row._id));
  expect([...load.acknowledged].filter((id) => !stored.has(id))).toEqual([]);
  expect(stored.size).toBe(load.interviews.length);
}

describe.skipIf(!binary)('intake while the embedded database fails', () => {
  let platform: RunningPlatform;
  let load: IntakeLoad | undefined;
  afterAll(async () => {
    await load?.stop();
    await platform?.close();
  });

  it('restarts a killed FerretDB, answers 503 fast while it is down, and loses or doubles nothing', async () => {
    platform = await startPlatform(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataFolder('db'), FERRETDB_BIN: binary, MONGODB_URI: '', ADMIN_PASSWORD, AUTH_SECRET, LOG_LEVEL: 'silent' }),
    );
    const embedded = platform.embeddedDatabase!;
    let upAt = 0;
    embedded.onStateChange((state) => {
      if (state === 'up') upAt = Date.now();
    });
    const { token } = (await setUpFieldwork(platform.url)).interviewer;
    const health = sampleHealth(() => platform.url);
    const running = startIntakeLoad({ baseUrl: () => platform.url, token, clients: 6, batchSize: 10, total: 200, seed: 'db-kill' });
    load = running;

    await waitFor(() => running.acknowledged.size >= 60, 30_000);
    const killed = embedded.pid()!;
    const killedAt = Date.now();
    process.kill(killed, 'SIGKILL');
    expect(await waitFor(() => embedded.restarts() === 1, 15_000)).toBe(true);
    const restartedAt = Date.now();
    expect(embedded.pid()).not.toBe(killed);

    // A hung database (SIGSTOP): health says so within seconds, and requests fail fast instead of queueing.
    await waitFor(() => running.acknowledged.size >= 100, 30_000);
    const hung = embedded.pid()!;
    process.kill(hung, 'SIGSTOP');
    const hungAt = Date.now();
    let downWithin: number;
    try {
      expect(await waitFor(() => health.samples.some((sample) => sample.at > hungAt && sample.db === 'down'), 6_000)).toBe(true);
      // The server's own watch needs two failed pings (a slow answer on a busy machine is not an outage).
      await sleep(5_000);
      const firstDown = health.samples.find((sample) => sample.at > hungAt && sample.db === 'down')!;
      downWithin = firstDown.at + firstDown.ms - hungAt;
      const started = Date.now();
      const refused = await fetch(`${platform.url}/api/responses/batch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ responses: [running.interviews[0]!.submission] }),
      });
      expect(refused.status).toBe(503);
      expect((await refused.json()).code).toBe('database-unavailable');
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      process.kill(hung, 'SIGCONT');
    }
    const resumedAt = Date.now();
    await running.stop();
    await health.stop();

    expect(downWithin).toBeLessThan(6_000);
    console.log(`hung database reported down by /api/health after ${downWithin} ms`);
    // Health never said ok while the database could not answer (a sample counts when it began and ended
    // inside an outage; on this shared machine a sample may itself take seconds).
    const okDuring = (from: number, to: number) => health.samples.filter((sample) => sample.at > from && sample.at + sample.ms < to && sample.db === 'ok');
    expect(upAt).toBeLessThanOrEqual(restartedAt);
    expect(okDuring(killedAt, upAt - 500)).toEqual([]);
    expect(okDuring(hungAt + 2_500, resumedAt)).toEqual([]);
    expect(await waitFor(async () => (await fetch(`${platform.url}/api/health`)).status === 200, 10_000)).toBe(true);
    expect(running.outcomes.get('500') ?? 0).toBe(0);
    expect(running.outcomes.get('item 500') ?? 0).toBe(0);
    await expectStoredExactlyOnce(platform.connection, running);
  }, 180_000);
});

/** `node server/main.ts` as `npm start` runs it, resolving with its URL once it serves. */
async function startServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const found = /on (http:\/\/localhost:\d+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, url };
}

function ownerOf(dataDir: string): { serverPid: number; ferretdbPid: number; port: number } {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'ferretdb', 'owner.json'), 'utf8'));
}

describe.skipIf(!binary)('intake while the server is killed', () => {
  it('leaves no FerretDB behind a SIGKILLed server, starts again on the same data, and loses or doubles nothing', async () => {
    const dataDir = dataFolder('server');
    const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, FERRETDB_BIN: binary, ADMIN_PASSWORD, AUTH_SECRET, LOG_LEVEL: 'silent' };
    let server = await startServerProcess(env);
    let baseUrl = server.url;
    const { token } = (await setUpFieldwork(baseUrl)).interviewer;
    const health = sampleHealth(() => baseUrl);
    const load = startIntakeLoad({ baseUrl: () => baseUrl, token, clients: 6, batchSize: 10, total: 200, seed: 'server-kill' });
    try {
      await waitFor(() => load.acknowledged.size >= 60, 30_000);
      const { ferretdbPid } = ownerOf(dataDir);
      server.child.kill('SIGKILL');
      // The kernel kills FerretDB with its server (no orphan on the data folder).
      expect(await waitFor(() => !isAlive(ferretdbPid), 5_000)).toBe(true);
      const downAt = Date.now();
      server = await startServerProcess(env);
      baseUrl = server.url;
      const upAt = Date.now();
      await waitFor(() => load.acknowledged.size >= 200, 30_000);
      await load.stop();
      await health.stop();
      expect(health.samples.filter((sample) => sample.at > downAt + 200 && sample.at + sample.ms < upAt && sample.status !== 'unreachable')).toEqual([]);
      expect(health.samples.filter((sample) => sample.status === 200).every((sample) => sample.db === 'ok')).toBe(true);
      const { port } = ownerOf(dataDir);
      const connection = await mongoose.createConnection(`mongodb://127.0.0.1:${port}/migrant_health?directConnection=true`).asPromise();
      await expectStoredExactlyOnce(connection, load);
      await connection.close();
    } finally {
      await load.stop();
      if (server.child.exitCode === null && server.child.signalCode === null) {
        const exited = new Promise((resolve) => server.child.once('exit', resolve));
        server.child.kill('SIGTERM');
        await exited;
      }
    }
  }, 180_000);

  it('stops a stale FerretDB left on the data folder, and refuses one that a running server owns', async () => {
    const dataDir = dataFolder('stale');
    const sqliteDir = path.join(dataDir, 'ferretdb');
    fs.mkdirSync(sqliteDir, { recursive: true });
    // What an older server killed with SIGKILL left behind: a FerretDB without a die-with-parent guard.
    const orphan = spawn(binary, ['--handler=sqlite', `--sqlite-url=file:${sqliteDir}/`, '--listen-addr=127.0.0.1:0', '--telemetry=disable', '--debug-addr=-', `--state-dir=${sqliteDir}`], { stdio: 'ignore' });
    const owner = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await sleep(300);
      fs.writeFileSync(path.join(sqliteDir, 'owner.json'), JSON.stringify({ serverPid: owner.pid, ferretdbPid: orphan.pid, port: 1 }));
      await expect(startEmbeddedFerretDB({ dataDir, databaseName: 'stale', binary })).rejects.toThrow(/正被另一个运行中的服务器.*in use by another running server/);
      expect(isAlive(orphan.pid!)).toBe(true);

      owner.kill('SIGKILL');
      await new Promise((resolve) => owner.once('exit', resolve));
      const embedded = await startEmbeddedFerretDB({ dataDir, databaseName: 'stale', binary });
      expect(orphan.exitCode !== null || orphan.signalCode !== null || !isAlive(orphan.pid!)).toBe(true);
      expect(ownerOf(dataDir)).toMatchObject({ serverPid: process.pid, ferretdbPid: embedded.pid() });
      await embedded.stop();
      expect(fs.existsSync(path.join(sqliteDir, 'owner.json'))).toBe(false);
    } finally {
      orphan.kill('SIGKILL');
      owner.kill('SIGKILL');
    }
  }, 60_000);
});

describe('intake while the network drops answers mid-batch', () => {
  let platform: RunningPlatform;
  afterAll(() => platform?.close());

  it('stores every interview exactly once when connections are refused and answers lost after storing', async () => {
    platform = await startPlatform(loadConfig({ PORT: '0', HOST: '127.0.0.1', MONGODB_URI: isolatedDatabaseUri('faults_network'), ADMIN_PASSWORD, AUTH_SECRET, LOG_LEVEL: 'silent' }));
    const { token } = (await setUpFieldwork(platform.url)).interviewer;
    let request = 0;
    const faults: Fault[] = ['drop-after', 'pass', 'refuse-connection', 'pass', 'server-error-after'];
    const proxy = await startFaultProxy(platform.url, () => faults[request++ % faults.length]!);
    const health = sampleHealth(() => proxy.url);
    const load = startIntakeLoad({ baseUrl: () => proxy.url, token, clients: 6, batchSize: 10, total: 100, seed: 'network' });
    await waitFor(() => load.acknowledged.size >= 100, 60_000);
    await load.stop();
    await health.stop();
    expect(proxy.counts['drop-after']).toBeGreaterThan(3);
    expect(load.outcomes.get('network') ?? 0).toBeGreaterThan(3);
    // The database stayed up: health answered through the broken network and, once the load was off, said ok.
    expect(health.samples.filter((sample) => sample.status !== 'unreachable').length).toBeGreaterThan(0);
    expect(health.samples.every((sample) => sample.status === 'unreachable' || (sample.status === 200) === (sample.db === 'ok'))).toBe(true);
    expect((await fetch(`${proxy.url}/api/health`).then((response) => response.json())).db).toBe('ok');
    // What the proxy lost after the server stored it came back as a 200 duplicate when resent.
    expect(load.outcomes.get('item 200') ?? 0).toBeGreaterThan(0);
    await expectStoredExactlyOnce(platform.connection, load);
    await proxy.close();
  }, 120_000);
});
