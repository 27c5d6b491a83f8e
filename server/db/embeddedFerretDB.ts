import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { ensureFerretDB } from './ferretdbBinary';

export interface EmbeddedDatabase {
  uri: string;
  port: number;
  /** The running FerretDB's process id; undefined while it is down (between a death and its restart). */
  pid(): number | undefined;
  /** How many times the supervisor has restarted FerretDB after it died. */
  restarts(): number;
  /** Called when FerretDB dies unexpectedly (down) and when a restart listens again (up). */
  onStateChange(listener: (state: 'up' | 'down') => void): void;
  stop(): Promise<void>;
}

/** Who holds a data folder: written beside the SQLite files, so a start can tell a stale FerretDB from a live server's. */
interface OwnerRecord {
  serverPid: number;
  ferretdbPid: number;
  port: number;
}

/** Restart delays after FerretDB dies: 0.25 s doubling to at most 10 s; a run of 30 s up resets the count. */
const RESTART_BASE_DELAY_MS = 250;
const RESTART_MAX_DELAY_MS = 10_000;
const STABLE_RUN_MS = 30_000;

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForListening(port: number, child: ChildProcess, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`FerretDB exited with ${child.exitCode ?? child.signalCode} at start; see ${logFile}`);
    }
    if (await canConnect(port)) return;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`FerretDB did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s; see ${logFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * On Linux, `setpriv --pdeathsig KILL` makes the kernel kill FerretDB the moment this process dies, even
 * by SIGKILL, so no FerretDB outlives its server. Elsewhere the owner record catches the orphan at the
 * next start.
 */
function dieWithParentPrefix(): string[] {
  if (process.platform !== 'linux') return [];
  const setpriv = (process.env.PATH ?? '/usr/bin:/bin')
    .split(path.delimiter)
    .map((dir) => path.join(dir, 'setpriv'))
    .find((candidate) => fs.existsSync(candidate));
  return setpriv ? [setpriv, '--pdeathsig', 'KILL', '--'] : [];
}

/** FerretDB processes serving `sqliteDir`, with their parent: found in /proc (Linux), else from the owner record. */
function ferretDBsOn(sqliteDir: string, owner: OwnerRecord | undefined): { pid: number; parentPid: number }[] {
  const marker = `--sqlite-url=file:${sqliteDir}/`;
  if (!fs.existsSync('/proc/self/cmdline')) return owner && isAlive(owner.ferretdbPid) ? [{ pid: owner.ferretdbPid, parentPid: owner.serverPid }] : [];
  const found: { pid: number; parentPid: number }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(marker)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      found.push({ pid: Number(entry), parentPid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

function readOwner(ownerFile: string): OwnerRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(ownerFile, 'utf8')) as OwnerRecord;
  } catch {
    return undefined;
  }
}

async function stopProcess(pid: number): Promise<void> {
  for (const [signal, waitMs] of [['SIGTERM', 5_000], ['SIGKILL', 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline && isAlive(pid)) await sleep(50);
    if (!isAlive(pid)) return;
  }
}

/**
 * Before starting on a data folder: a FerretDB left there by a server that is gone (killed before this
 * version, or on a system without setpriv) is stopped; one that belongs to a running server is a refusal,
 * since two FerretDBs on the same SQLite files would corrupt them.
 */
async function takeOverDataFolder(sqliteDir: string, ownerFile: string, logger: Logger): Promise<void> {
  const owner = readOwner(ownerFile);
  for (const running of ferretDBsOn(sqliteDir, owner)) {
    const serverPid = owner?.serverPid ?? running.parentPid;
    if (serverPid > 1 && serverPid !== process.pid && isAlive(serverPid)) {
      throw new Error(
        `数据目录 ${path.dirname(sqliteDir)} 正被另一个运行中的服务器（进程 ${serverPid}，其数据库进程 ${running.pid}）使用：请先停止它，或设置另一个 DATA_DIR。` +
          ` The data folder ${path.dirname(sqliteDir)} is in use by another running server (pid ${serverPid}, its FerretDB pid ${running.pid}): stop it first, or set another DATA_DIR.`,
      );
    }
    logger.warn({ pid: running.pid, dataDir: path.dirname(sqliteDir) }, 'stopping a stale FerretDB left on the data folder by a server that is gone');
    await stopProcess(running.pid);
  }
}

/**
 * Starts FerretDB (SQLite backend) on a free loopback port with its data and state in `dataDir`, and
 * supervises it: it dies with this process, and when it dies on its own it is restarted on the same port
 * (so the open connection reconnects) after a bounded exponential backoff, each step logged.
 * `--debug-addr=-` keeps several instances (a server beside a test run) from fighting over :8088.
 */
export async function startEmbeddedFerretDB(options: { dataDir: string; databaseName: string; binary?: string; logger?: Logger }): Promise<EmbeddedDatabase> {
  const binary = options.binary ?? ensureFerretDB();
  const logger = (options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'migrant-health' } })).child({ component: 'ferretdb' });
  const sqliteDir = path.join(path.resolve(options.dataDir), 'ferretdb');
  fs.mkdirSync(sqliteDir, { recursive: true });
  const ownerFile = path.join(sqliteDir, 'owner.json');
  await takeOverDataFolder(sqliteDir, ownerFile, logger);
  const port = await freePort();
  const logFile = path.join(options.dataDir, 'ferretdb.log');
  const [launcher = binary, ...launcherArgs] = [
    ...dieWithParentPrefix(),
    binary,
    '--handler=sqlite',
    `--sqlite-url=file:${sqliteDir}/`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    `--state-dir=${sqliteDir}`,
    '--log-level=warn',
  ];

  const listeners: ((state: 'up' | 'down') => void)[] = [];
  let child: ChildProcess | undefined;
  let stopping = false;
  /** Off until the first start succeeded: a FerretDB that cannot start at all is the start's error, not a restart loop. */
  let supervising = false;
  let restarts = 0;
  let failuresInARow = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  const launch = async (): Promise<void> => {
    const log = fs.openSync(logFile, 'a');
    const started = spawn(launcher, launcherArgs, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    child = started;
    const startedAt = Date.now();
    started.once('exit', (code, signal) => {
      if (stopping || !supervising || child !== started) return;
      child = undefined;
      if (Date.now() - startedAt > STABLE_RUN_MS) failuresInARow = 0;
      const delayMs = Math.min(RESTART_MAX_DELAY_MS, RESTART_BASE_DELAY_MS * 2 ** failuresInARow);
      failuresInARow += 1;
      logger.error({ code, signal, restartInMs: delayMs, failuresInARow }, 'FerretDB died; restarting it');
      for (const listener of listeners) listener('down');
      restartTimer = setTimeout(() => void relaunch(), delayMs);
    });
    await waitForListening(port, started, logFile);
    fs.writeFileSync(ownerFile, JSON.stringify({ serverPid: process.pid, ferretdbPid: started.pid ?? 0, port } satisfies OwnerRecord));
  };

  const relaunch = async (): Promise<void> => {
    if (stopping) return;
    try {
      await launch();
      restarts += 1;
      logger.warn({ pid: child?.pid, restarts }, 'FerretDB restarted');
      for (const listener of listeners) listener('up');
    } catch (error) {
      // Its exit handler has scheduled the next attempt; a start that hangs is killed, which does the same.
      logger.error({ err: error }, 'FerretDB restart failed');
    }
  };

  await launch();
  supervising = true;
  return {
    port,
    uri: `mongodb://127.0.0.1:${port}/${options.databaseName}?directConnection=true&retryWrites=false`,
    pid: () => child?.pid,
    restarts: () => restarts,
    onStateChange: (listener) => void listeners.push(listener),
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const running = child;
      child = undefined;
      if (running && running.exitCode === null && running.signalCode === null) {
        const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
        running.kill('SIGTERM');
        const killTimer = setTimeout(() => running.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killTimer);
      }
      fs.rmSync(ownerFile, { force: true });
    },
  };
}
