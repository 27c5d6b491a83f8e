import type { BatchItemResult } from '../../../contracts/submission';
import { ApiError } from '../api';
import type { OfflineStore } from './store';
import type { OutboxItem, ResponseSubmission, SyncError, SyncStatus } from './records';

/** The server's answer for one item of a batch (contracts/submission.ts), its id filled in from the order sent. */
export type ItemAnswer = BatchItemResult & { id: string };

/** Sends one batch; throws (an ApiError, ideally) when the batch as a whole got no usable answer. */
export interface SyncTransport {
  send(batch: ResponseSubmission[]): Promise<ItemAnswer[]>;
}

/** Time, injectable so tests need not wait for real backoff delays. */
export interface Clock {
  now(): number;
  /** Calls back after `ms`; returns a function that cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, ms) {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
};

export interface SyncQueueOptions {
  outbox: Pick<OfflineStore, 'waiting' | 'acknowledge' | 'reject' | 'recordAttempts' | 'getSyncStatus' | 'setSyncStatus'>;
  transport: SyncTransport;
  clock?: Clock;
  /** A number in [0, 1); injectable for repeatable jitter. */
  random?: () => number;
  /** Items per request; the server takes at most 200. */
  batchSize?: number;
  /** First retry after about this long, doubling each failure up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Called after every batch and every status change, for the status bar. */
  onChange?(status: SyncStatus): void;
}

export interface SyncReport {
  acknowledged: number;
  rejected: number;
  error?: SyncError;
}

export interface SyncQueue {
  /** Sends everything waiting, now; while a sync runs, a second call joins it instead of starting another. */
  sync(): Promise<SyncReport>;
  /** Cancels a scheduled retry. */
  dispose(): void;
}

/** Answers that settle an item for good: it is stored (201) or was already (200). */
const isAcknowledged = (status: number): boolean => status === 200 || status === 201;
/** Answers that mean "fix this interview": retrying the same content can never succeed. */
const isRefusal = (status: number): boolean => status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429;

/**
 * The outbox's sync: batches of the oldest waiting interviews, each identified by its UUID so a repeat is
 * harmless; an item leaves only on the server's acknowledgement; a refused item is kept with the reasons;
 * on failure the whole queue waits with exponential backoff and jitter, then tries again by itself.
 */
export function createSyncQueue(options: SyncQueueOptions): SyncQueue {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const batchSize = options.batchSize ?? 100;
  const initialDelayMs = options.initialDelayMs ?? 2_000;
  const maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
  let running: Promise<SyncReport> | undefined;
  let cancelRetry: (() => void) | undefined;

  const setStatus = async (status: SyncStatus): Promise<void> => {
    await options.outbox.setSyncStatus(status);
    options.onChange?.(status);
  };

  /** Equal jitter: at least half the exponential delay, so retries neither stampede nor come at once. */
  const backoff = (failures: number): number => {
    const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** (failures - 1));
    return ceiling / 2 + random() * (ceiling / 2);
  };

  const fail = async (report: SyncReport, error: SyncError, retry: boolean): Promise<SyncReport> => {
    const previous = await options.outbox.getSyncStatus();
    const failures = previous.failures + 1;
    const delay = backoff(failures);
    await setStatus({ ...previous, lastError: error, failures, retryAt: retry ? new Date(clock.now() + delay).toISOString() : undefined });
    if (retry) {
      cancelRetry?.();
      cancelRetry = clock.setTimer(() => void sync(), delay);
    }
    return { ...report, error };
  };

  const sendBatch = async (batch: OutboxItem[], report: SyncReport): Promise<{ settled: boolean; error?: SyncError; retry: boolean }> => {
    const ids = new Set(batch.map((item) => item.id));
    await options.outbox.recordAttempts([...ids]);
    let answers: ItemAnswer[];
    try {
      answers = await options.transport.send(batch.map((item) => item.submission));
    } catch (error) {
      const failure = toSyncError(error, clock.now());
      return { settled: false, error: failure, retry: failure.status !== 401 };
    }
    const acknowledged = new Set<string>();
    const refused = new Map<string, ItemAnswer>();
    // An id may be answered twice (a repeated acknowledgement) or not at all; either way, only a
    // definite answer about an item we sent settles it, and an acknowledgement wins over anything else.
    for (const answer of answers) {
      if (!ids.has(answer.id)) continue;
      if (isAcknowledged(answer.status)) acknowledged.add(answer.id);
      else if (isRefusal(answer.status)) refused.set(answer.id, answer);
    }
    for (const id of acknowledged) refused.delete(id);
    await options.outbox.acknowledge([...acknowledged]);
    for (const [id, answer] of refused) {
      await options.outbox.reject(id, {
        status: answer.status,
        code: answer.code ?? `http-${answer.status}`,
        message: answer.message ?? `The server refused this interview (${answer.status})`,
        ...(answer.messageEn === undefined ? {} : { messageEn: answer.messageEn }),
        errors: answer.errors ?? [],
        at: new Date(clock.now()).toISOString(),
      });
    }
    report.acknowledged += acknowledged.size;
    report.rejected += refused.size;
    const unsettled = ids.size - acknowledged.size - refused.size;
    if (unsettled === 0) return { settled: true, retry: false };
    const status = answers.find((answer) => ids.has(answer.id) && !acknowledged.has(answer.id) && !refused.has(answer.id))?.status ?? 0;
    const message = `${unsettled} of ${ids.size} interviews got no acknowledgement; they will be sent again`;
    return { settled: false, retry: true, error: { status, code: 'unacknowledged', message, at: new Date(clock.now()).toISOString() } };
  };

  /**
   * Batches shrink by half when the server takes too long (a timeout) or finds them too large (413), and
   * grow back after each success: a slow server still makes progress instead of timing out forever.
   */
  let batchLimit = batchSize;

  const run = async (): Promise<SyncReport> => {
    cancelRetry?.();
    cancelRetry = undefined;
    const report: SyncReport = { acknowledged: 0, rejected: 0 };
    for (;;) {
      const batch = await options.outbox.waiting(batchLimit);
      if (batch.length === 0) break;
      const outcome = await sendBatch(batch, report);
      options.onChange?.(await options.outbox.getSyncStatus());
      if (outcome.settled) {
        batchLimit = Math.min(batchSize, batchLimit * 2);
        continue;
      }
      const tooMuch = outcome.error?.status === 413 || outcome.error?.code === 'timeout';
      if (tooMuch) batchLimit = Math.max(1, Math.ceil(batch.length / 2));
      if (outcome.error?.status === 413 && batch.length > 1) continue;
      // One interview alone too large for the server: the interviewer must see it, like any refusal.
      if (outcome.error?.status === 413) {
        await options.outbox.reject(batch[0]!.id, { ...outcome.error, errors: [] });
        report.rejected += 1;
        continue;
      }
      return fail(report, outcome.error!, outcome.retry);
    }
    await setStatus({ lastSyncAt: new Date(clock.now()).toISOString(), failures: 0 });
    return report;
  };

  const sync = (): Promise<SyncReport> => {
    running ??= acrossTabs(run).finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    sync,
    dispose() {
      cancelRetry?.();
      cancelRetry = undefined;
    },
  };
}

/**
 * Two tabs of the app share one outbox: the Web Locks API lets only one of them sync at a time (a
 * second sync would be harmless, thanks to the UUIDs, but wasteful). Without the API, this tab's guard
 * is the only one.
 */
async function acrossTabs(run: () => Promise<SyncReport>): Promise<SyncReport> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return run();
  return locks.request('migrant-health-outbox-sync', run);
}

function toSyncError(error: unknown, now: number): SyncError {
  const at = new Date(now).toISOString();
  if (error instanceof ApiError) return { status: error.status, code: error.code, message: error.message, ...(error.messageEn === undefined ? {} : { messageEn: error.messageEn }), at };
  return { status: 0, code: 'network', message: error instanceof Error ? error.message : String(error), at };
}
