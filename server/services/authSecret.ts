import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config';

/**
 * The key that signs sign-in tokens and QR links. AUTH_SECRET wins; without it a random key is made once
 * and kept in DATA_DIR, so restarts keep interviewers signed in and printed QR posters valid.
 */
export function withAuthSecret(config: Config): Config & { AUTH_SECRET: string } {
  if (config.AUTH_SECRET) return { ...config, AUTH_SECRET: config.AUTH_SECRET };
  const file = path.join(config.dataDir, 'auth-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return { ...config, AUTH_SECRET: fs.readFileSync(file, 'utf8').trim() };
}

export function authSecretOf(config: Config): string {
  if (!config.AUTH_SECRET) throw new Error('AUTH_SECRET is not resolved: start the server through startPlatform or set AUTH_SECRET');
  return config.AUTH_SECRET;
}
