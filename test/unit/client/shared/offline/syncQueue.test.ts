import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../client/shared/api';
import type { Draft, OutboxItem } from '../../../../../client/shared/offline/records';
import { OfflineStore } from '../../../../../client/shared/offline/store';
import { createSyncQueue, type Clock, type SyncTransport } from '../../../../../client/shared/offline/syncQueue';

/**
 * What the queue does when no server answers: guard, backoff, nothing lost. What it does with the
 * server's answers is tested against the real server in test/api/capiSync.test.ts.
 */

const stores: OfflineStore[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.close()));

function openStore(): OfflineStore {
  const store = new OfflineStore(`test-${randomUUID()}`);
  stores.push(store);
  return store;
}

function draft(id = randomUUID()): Draft {
  const at = '2026-05-01T08:00:00.000Z';
  return {
    id,
    instrumentId: 'migrant-health',
    instrumentVersion: 1,
    samplingPoint: '530102-001',
    interviewer: 'li.ming',
    answers: { consent: 'yes' },
    pageNo: 0,
    locale: 'zh-cn',
    paradata: { startedAt: at, durationSeconds: 1, pageSeconds: { consent: 1 }, locale: 'zh-cn', appVersion: 'test', userAgent: 'vitest' },
    createdAt: at,
    updatedAt: at,
  };
}

function outboxItem(from: Draft, queuedAt: string): OutboxItem {
  const { id, instrumentId, instrumentVersion, samplingPoint, answers, paradata } = from;
  return { id, interviewer: from.interviewer, queuedAt, attempts: 0, state: 'waiting', submission: { id, instrumentId, instrumentVersion, samplingPoint, mode: 'capi', status: 'complete', answers, paradata } };
}

/** A clock whose timers run only when the test advances it. */
function manualClock(start = Date.parse('2026-05-01T08:00:00Z')) {
  let now = start;
  const timers: { at: number; callback: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    setTimer(callback, ms) {
      const timer = { at: now + ms, callback };
      timers.push(timer);
      return () => {
        const index = timers.indexOf(timer);
        if (index >= 0) timers.splice(index, 1);
      };
    },
  };
  return {
    clock,
    pending: () => timers.map((timer) => timer.at - now),
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.callback();
      }
    },
  };
}

const unreachable: SyncTransport = {
  send: () => Promise.reject(new ApiError(0, 'network', 'Cannot reach the server')),
};

describe('OfflineStore', () => {
  it('moves a finished interview from the drafts to the outbox in one step, and back for correction', async () => {
    const store = openStore();
    const interview = draft();
    await store.saveDraft(interview);
    await store.saveDraft({ ...interview, answers: { consent: 'yes', sex: 'female' }, pageNo: 1 });
    expect((await store.getDraft(interview.id))?.answers).toEqual({ consent: 'yes', sex: 'female' });
    await store.queue(outboxItem(interview, '2026-05-01T08:10:00.000Z'));
    expect(await store.listDrafts('li.ming')).toEqual([]);
    expect(await store.countOutbox()).toEqual({ waiting: 1, rejected: 0 });
    await store.reopen(interview.id, interview);
    expect(await store.countOutbox()).toEqual({ waiting: 0, rejected: 0 });
    expect((await store.listDrafts('li.ming')).map((d) => d.id)).toEqual([interview.id]);
  });

  it('lists only the interviewer’s own drafts, most recent first, and survives a closed connection', async () => {
    const store = openStore();
    const older = { ...draft(), updatedAt: '2026-05-01T08:00:00.000Z' };
    const newer = { ...draft(), updatedAt: '2026-05-01T09:00:00.000Z' };
    await store.saveDraft(older);
    await store.saveDraft(newer);
    await store.saveDraft({ ...draft(), interviewer: 'wang.fang' });
    store.close();
    expect((await store.listDrafts('li.ming')).map((d) => d.id)).toEqual([newer.id, older.id]);
  });

  it('ignores acknowledgements of ids it does not hold', async () => {
    const store = openStore();
    const interview = draft();
    await store.queue(outboxItem(interview, '2026-05-01T08:10:00.000Z'));
    await store.acknowledge([randomUUID(), interview.id, interview.id]);
    expect(await store.listOutbox()).toEqual([]);
  });
});

describe('createSyncQueue without a server', () => {
  it('keeps every item, records the error and retries with growing, jittered delays', async () => {
    const store = openStore();
    for (let i = 0; i < 3; i += 1) await store.queue(outboxItem(draft(), `2026-05-01T08:1${i}:00.000Z`));
    const time = manualClock();
    let sends = 0;
    const transport: SyncTransport = { send: (batch) => ((sends += 1), unreachable.send(batch)) };
    const queue = createSyncQueue({ outbox: store, transport, clock: time.clock, random: () => 0.5, initialDelayMs: 1_000, maxDelayMs: 8_000 });

    const report = await queue.sync();
    expect(report).toMatchObject({ acknowledged: 0, rejected: 0, error: { status: 0, code: 'network' } });
    expect(time.pending()).toEqual([750]);
    const delays = [750];
    for (let attempt = 2; attempt <= 6; attempt += 1) {
      time.advance(time.pending()[0]!);
      await expect.poll(() => sends).toBe(attempt);
      await expect.poll(() => time.pending().length).toBe(1);
      delays.push(time.pending()[0]!);
    }
    // Half the exponential ceiling plus jitter (0.5 here): 1 s, 2 s, 4 s, 8 s, then capped at 8 s.
    expect(delays).toEqual([750, 1_500, 3_000, 6_000, 6_000, 6_000]);
    const status = await store.getSyncStatus();
    expect(status).toMatchObject({ failures: 6, lastError: { code: 'network' } });
    expect(status.lastSyncAt).toBeUndefined();
    expect(await store.countOutbox()).toEqual({ waiting: 3, rejected: 0 });
    expect((await store.listOutbox()).map((item) => item.attempts)).toEqual([6, 6, 6]);
    queue.dispose();
    expect(time.pending()).toEqual([]);
  });

  it('jitter spreads retries between half and the whole of the exponential delay', async () => {
    for (const [random, expected] of [[0, 500], [0.999, 999.5]] as const) {
      const store = openStore();
      await store.queue(outboxItem(draft(), '2026-05-01T08:10:00.000Z'));
      const time = manualClock();
      const queue = createSyncQueue({ outbox: store, transport: unreachable, clock: time.clock, random: () => random, initialDelayMs: 1_000 });
      await queue.sync();
      expect(time.pending()).toEqual([expected]);
      queue.dispose();
    }
  });

  it('runs one sync at a time: a second call while sending joins the first', async () => {
    const store = openStore();
    await store.queue(outboxItem(draft(), '2026-05-01T08:10:00.000Z'));
    let release: (() => void) | undefined;
    let sends = 0;
    const transport: SyncTransport = {
      send() {
        sends += 1;
        return new Promise((_, reject) => {
          release = () => reject(new ApiError(503, 'unavailable', 'Service unavailable'));
        });
      },
    };
    const queue = createSyncQueue({ outbox: store, transport, clock: manualClock().clock });
    const first = queue.sync();
    const second = queue.sync();
    expect(second).toBe(first);
    await expect.poll(() => release).toBeDefined();
    release!();
    await expect(first).resolves.toMatchObject({ error: { status: 503 } });
    expect(sends).toBe(1);
    queue.dispose();
  });

  it('halves the batch after a timeout, so a slow server still gets interviews it can finish in time', async () => {
    const store = openStore();
    for (let i = 0; i < 10; i += 1) await store.queue(outboxItem(draft(), `2026-05-01T08:${10 + i}:00.000Z`));
    const sizes: number[] = [];
    const transport: SyncTransport = {
      send(batch) {
        sizes.push(batch.length);
        return Promise.reject(new ApiError(0, 'timeout', 'No answer within 60000 ms'));
      },
    };
    const queue = createSyncQueue({ outbox: store, transport, clock: manualClock().clock, batchSize: 8 });
    for (let attempt = 0; attempt < 5; attempt += 1) await queue.sync();
    expect(sizes).toEqual([8, 4, 2, 1, 1]);
    queue.dispose();
  });

  it("keeps a refused interview on the device with the server's words in both languages", async () => {
    const store = openStore();
    const interview = draft();
    await store.queue(outboxItem(interview, '2026-05-01T08:10:00.000Z'));
    const refusal = { status: 400, code: 'invalid-answers', message: '有回答不符合问卷', messageEn: 'Some answers do not fit the questionnaire', errors: [{ path: 'answers.sex', message: '不是可选的答案' }] };
    const transport: SyncTransport = { send: (batch) => Promise.resolve(batch.map((submission) => ({ id: submission.id, ...refusal }))) };
    await expect(createSyncQueue({ outbox: store, transport, clock: manualClock().clock }).sync()).resolves.toMatchObject({ acknowledged: 0, rejected: 1 });
    expect((await store.listOutbox()).map((item) => [item.state, item.rejection])).toEqual([['rejected', { ...refusal, at: expect.any(String) }]]);
  });

  it('does not retry by itself after a 401: the interviewer must sign in again', async () => {
    const store = openStore();
    await store.queue(outboxItem(draft(), '2026-05-01T08:10:00.000Z'));
    const time = manualClock();
    const transport: SyncTransport = { send: () => Promise.reject(new ApiError(401, 'unauthorized', 'Sign in again')) };
    const queue = createSyncQueue({ outbox: store, transport, clock: time.clock });
    await expect(queue.sync()).resolves.toMatchObject({ error: { status: 401 } });
    expect(time.pending()).toEqual([]);
    expect(await store.countOutbox()).toEqual({ waiting: 1, rejected: 0 });
  });

  it('an empty outbox is a successful sync that clears the last error', async () => {
    const store = openStore();
    await store.setSyncStatus({ failures: 3, lastError: { status: 0, code: 'network', message: 'x', at: '2026-05-01T07:00:00.000Z' } });
    const time = manualClock();
    const queue = createSyncQueue({ outbox: store, transport: unreachable, clock: time.clock });
    await expect(queue.sync()).resolves.toEqual({ acknowledged: 0, rejected: 0 });
    expect(await store.getSyncStatus()).toEqual({ failures: 0, lastSyncAt: '2026-05-01T08:00:00.000Z' });
  });
});
