/**
 * Time for a tablet's outbox to sync 500 queued interviews (valid synthetic `migrant-health` answers) to
 * the server and its embedded database, through the app's own sync queue and HTTP transport, over
 * loopback. The IndexedDB is fake-indexeddb's (in memory), so the figure is the server's and the
 * queue's, not a tablet's flash storage. Uses MONGODB_URI when set, else an embedded FerretDB in a
 * temporary folder (FERRETDB_BIN to reuse a built binary).
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHttpTransport } from '../client/shared/offline/httpTransport';
import { OfflineStore } from '../client/shared/offline/store';
import { createSyncQueue } from '../client/shared/offline/syncQueue';
import { loadConfig } from '../server/config';
import { startPlatform } from '../server/platform';
import { countResponses } from '../server/queries/responses';
import { ADMIN_PASSWORD, AUTH_SECRET, queuedInterview, setUpFieldwork } from '../test/helpers/fieldwork';

const INTERVIEWS = 500;
const BATCH_SIZE = 100;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mh-bench-capi-'));
const platform = await startPlatform(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD, AUTH_SECRET }));
try {
  const { interviewer } = await setUpFieldwork(platform.url);
  const store = new OfflineStore(`bench-${randomUUID()}`);
  for (let index = 0; index < INTERVIEWS; index += 1) await store.queue(queuedInterview(`bench-capi-${index}`, index));
  const queue = createSyncQueue({ outbox: store, transport: createHttpTransport({ baseUrl: platform.url, token: () => interviewer.token }), batchSize: BATCH_SIZE });

  const started = performance.now();
  const report = await queue.sync();
  const seconds = (performance.now() - started) / 1000;
  const stored = await countResponses(platform.connection);
  if (report.error || stored !== INTERVIEWS) throw new Error(`Sync incomplete: ${JSON.stringify(report)}, ${stored} stored`);
  console.log(`${platform.embedded ? 'embedded FerretDB' : 'MONGODB_URI'}: ${INTERVIEWS} queued interviews synced in ${seconds.toFixed(2)} s (${(INTERVIEWS / seconds).toFixed(0)} interviews/s, batches of ${BATCH_SIZE}); ${stored} stored`);
  store.close();
} finally {
  await platform.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
