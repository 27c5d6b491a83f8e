import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../client/shared/offline/httpTransport';
import { OfflineStore } from '../../client/shared/offline/store';
import { createSyncQueue } from '../../client/shared/offline/syncQueue';
import { loadConfig } from '../../server/config';
import { startPlatform, type RunningPlatform } from '../../server/platform';
import { isolatedDatabaseUri } from '../helpers/database';
import { FAULTS, startFaultProxy, type Fault } from '../helpers/faultProxy';
import { ADMIN_PASSWORD, AUTH_SECRET, queuedInterview, setUpFieldwork } from '../helpers/fieldwork';
import { countResponses, findResponse, storedIds } from '../../server/queries/responses';

/**
 * The outbox against the real server and database, through a proxy that breaks one request in three:
 * refused connections, 500s before and after storing, answers lost, answers too late (client timeout),
 * acknowledgements repeated. Every interview must end up stored exactly once.
 */

const QUEUED = 500;
let platform: RunningPlatform;
let token: string;

beforeAll(async () => {
  platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', MONGODB_URI: isolatedDatabaseUri('capi_sync'), ADMIN_PASSWORD, AUTH_SECRET }));
  token = (await setUpFieldwork(platform.url)).interviewer.token;
}, 120_000);

afterAll(async () => {
  await platform?.connection.dropDatabase().catch(() => undefined);
  await platform?.close();
});

/**
 * Each fault twice in a row first (so every kind certainly happens), then one request in three broken;
 * a hang costs a whole client timeout, so it comes only in the first round.
 */
function faultSequence(): () => Fault {
  let request = 0;
  const broken = FAULTS.filter((fault) => fault !== 'pass');
  const quick = broken.filter((fault) => fault !== 'hang');
  return () => {
    request += 1;
    if (request <= 2 * broken.length) return broken[Math.floor((request - 1) / 2)]!;
    return request % 3 === 0 ? quick[request % quick.length]! : 'pass';
  };
}

describe('syncing 500 queued interviews through injected failures', () => {
  it('stores every interview exactly once, keeps refused ones with their reasons, and empties the outbox', async () => {
    const store = new OfflineStore(`capi-sync-${randomUUID()}`);
    const interviews = Array.from({ length: QUEUED }, (_, index) => queuedInterview(`capi-sync-${index}`, index));
    const invalid = queuedInterview('capi-sync-invalid', QUEUED, { consent: 'yes', shoe_size: 42 });
    for (const item of [...interviews, invalid]) await store.queue(item);

    const proxy = await startFaultProxy(platform.url, faultSequence());
    // A batch takes the server about 0.1 s an interview on a busy 2-core machine: 20 s is ample but for a hang.
    const queue = createSyncQueue({
      outbox: store,
      transport: createHttpTransport({ baseUrl: proxy.url, token: () => token, timeoutMs: 20_000 }),
      batchSize: 40,
      initialDelayMs: 10,
      maxDelayMs: 100,
    });
    let rounds = 0;
    while ((await store.countOutbox()).waiting > 0 && rounds < 60) {
      rounds += 1;
      await queue.sync();
    }
    queue.dispose();
    await proxy.close();

    expect(await store.countOutbox()).toEqual({ waiting: 0, rejected: 1 });
    const [kept] = await store.listOutbox();
    expect(kept).toMatchObject({ id: invalid.id, state: 'rejected', rejection: { status: 400 } });
    expect(kept!.rejection!.errors.some((error) => error.path.includes('shoe_size'))).toBe(true);

    expect(await countResponses(platform.connection)).toBe(QUEUED);
    const stored = await storedIds(platform.connection, interviews.map((item) => item.id));
    expect(stored.size).toBe(QUEUED);
    const sample = await findResponse(platform.connection, interviews[123]!.id);
    expect(sample?.answers).toEqual(interviews[123]!.submission.answers);

    for (const fault of FAULTS) expect(proxy.counts[fault], fault).toBeGreaterThan(0);
    const status = await store.getSyncStatus();
    expect(status.failures).toBe(0);
    expect(status.lastSyncAt).toBeDefined();
    store.close();
  }, 900_000);
});
