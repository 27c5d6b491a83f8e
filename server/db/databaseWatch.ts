import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { pingDatabase } from './connection';

/** Whether the database answered its last ping: what requests consult to fail fast instead of waiting. */
export interface DatabaseWatch {
  isUp(): boolean;
  /** Told by whoever knows first (the FerretDB supervisor saw it die); the next ping that answers says up again. */
  markDown(): void;
  stop(): void;
}

/**
 * Pings the database every `intervalMs` (one at a time, each bounded by `timeoutMs`), so a dead or hung
 * database is known within about five seconds and requests stop piling up behind it. Two pings in a row
 * must fail: on a saturated machine one slow answer is not an outage. State changes are logged.
 */
export function watchDatabase(connection: Connection, options: { logger: Logger; intervalMs?: number; timeoutMs?: number }): DatabaseWatch {
  const intervalMs = options.intervalMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 2_000;
  let up = true;
  let failedInARow = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const setState = (answered: boolean) => {
    if (answered === up) return;
    up = answered;
    if (answered) options.logger.warn('database reachable again');
    else options.logger.error({ timeoutMs }, 'database not answering: API requests get 503 database-unavailable until it does');
  };
  const check = async () => {
    const answered = await pingDatabase(connection, timeoutMs);
    failedInARow = answered ? 0 : failedInARow + 1;
    if (answered || failedInARow >= 2) setState(answered);
    if (!stopped) timer = setTimeout(() => void check(), intervalMs).unref();
  };
  timer = setTimeout(() => void check(), intervalMs).unref();
  return {
    isUp: () => up,
    markDown: () => setState(false),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
