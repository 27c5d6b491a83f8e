import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureFerretDB } from './ferretdbBinary';

export interface EmbeddedDatabase {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForListening(port: number, child: ChildProcess, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`FerretDB exited with code ${child.exitCode} at start; see ${logFile}`);
    }
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`FerretDB did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s; see ${logFile}`);
}

/**
 * Starts FerretDB (SQLite backend) on a free loopback port with its data and state in `dataDir`.
 * `--debug-addr=-` keeps several instances (a server beside a test run) from fighting over :8088.
 */
export async function startEmbeddedFerretDB(options: { dataDir: string; databaseName: string; binary?: string }): Promise<EmbeddedDatabase> {
  const binary = options.binary ?? ensureFerretDB();
  const sqliteDir = path.join(options.dataDir, 'ferretdb');
  fs.mkdirSync(sqliteDir, { recursive: true });
  const port = await freePort();
  const logFile = path.join(options.dataDir, 'ferretdb.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${sqliteDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      '--debug-addr=-',
      `--state-dir=${sqliteDir}`,
      '--log-level=warn',
    ],
    { stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForListening(port, child, logFile);
  return {
    port,
    uri: `mongodb://127.0.0.1:${port}/${options.databaseName}?directConnection=true&retryWrites=false`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killTimer);
    },
  };
}
