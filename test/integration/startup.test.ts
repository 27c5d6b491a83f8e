import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedDatabaseUri } from '../helpers/database';

const root = path.resolve(import.meta.dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node server/main.ts` as `npm start` does; `whenReady` acts once the URLs are printed. */
function runServer(env: Record<string, string>, whenReady?: (url: string, stop: () => void) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    let readyHandled = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = /on (http:\/\/localhost:\d+)/.exec(stdout)?.[1];
      if (url && whenReady && !readyHandled) {
        readyHandled = true;
        whenReady(url, () => child.kill('SIGTERM')).catch(reject);
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('starting the server', () => {
  it('refuses a bad PORT with one actionable line and exit code 1', async () => {
    const run = await runServer({ PORT: 'eighty' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('PORT="eighty": expected a whole number');
  });

  it('refuses an unreachable MONGODB_URI with one actionable line and exit code 1', async () => {
    const run = await runServer({ MONGODB_URI: 'mongodb://127.0.0.1:9/mh', MONGODB_CONNECT_TIMEOUT_MS: '500' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Cannot reach the database at mongodb:\/\/127\.0\.0\.1:9\/mh .*Check MONGODB_URI/);
  });

  it('serves health and the client, then stops cleanly on SIGTERM', async () => {
    let health: unknown;
    let homePage = '';
    const run = await runServer({ PORT: '0', MONGODB_URI: isolatedDatabaseUri('startup') }, async (url, stop) => {
      health = await fetch(`${url}/api/health`).then((response) => response.json());
      homePage = await fetch(url).then((response) => response.text());
      stop();
    });
    expect(health).toEqual({ status: 'ok', db: 'ok' });
    expect(homePage).toContain('流动人口健康调查平台');
    expect(run.stdout).toContain('Stopped.');
    expect(run.code).toBe(0);
  });
});
