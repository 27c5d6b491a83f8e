import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { createApp } from './app';
import type { Config } from './config';
import { connectDatabase } from './db/connection';
import { watchDatabase } from './db/databaseWatch';
import { startEmbeddedFerretDB, type EmbeddedDatabase } from './db/embeddedFerretDB';
import { createLogger } from './http/requestLog';
import { withAuthSecret } from './services/authSecret';
import { prepareDatabase } from './services/setup';
import { migrateResponseStorage } from './services/storageMigration';
import { createServerState, type ServerState } from './state';

export interface RunningPlatform {
  url: string;
  port: number;
  connection: Connection;
  /** What the server keeps in memory (analysis rows, caches, the intake writer): for scripts and benchmarks that call services directly. */
  state: ServerState;
  databaseUri: string;
  embedded: boolean;
  /** The embedded FerretDB and its supervisor, when MONGODB_URI is unset. */
  embeddedDatabase?: EmbeddedDatabase;
  /** The start-up migration of the responses' storage shape (finished at start on the embedded database, in the background on another): how many documents it rewrote. */
  storageMigration: Promise<number>;
  close(): Promise<void>;
}

/**
 * The storage migration: on the embedded database (this process its only writer) by copy and switch, which
 * the caller awaits before serving; on a shared one in place, in the background, the server answering
 * meanwhile (reads accept both storage shapes). A migration cut short resumes at the next start.
 */
function migrateStorage(connection: Connection, soleWriter: boolean): Promise<number> {
  const migration = migrateResponseStorage(connection, { soleWriter });
  if (soleWriter) return migration;
  return migration.catch((error: unknown) => {
    console.error(`存储格式迁移中断，下次启动时继续 (storage migration interrupted, resumed at the next start): ${error instanceof Error ? error.message : String(error)}`);
    return 0;
  });
}

export const EMBEDDED_DATABASE_NAME = 'migrant_health';

/**
 * Starts everything one process serves: the database (embedded FerretDB unless MONGODB_URI is
 * set), the connection, and the HTTP server. close() undoes it in reverse order, letting
 * in-flight requests finish first.
 */
export async function startPlatform(givenConfig: Config): Promise<RunningPlatform> {
  const config = withAuthSecret(givenConfig);
  const logger = createLogger(config);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUri = config.MONGODB_URI;
  if (!databaseUri) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    embedded = await startEmbeddedFerretDB({ dataDir: config.dataDir, databaseName: EMBEDDED_DATABASE_NAME, binary: config.FERRETDB_BIN, logger });
    databaseUri = embedded.uri;
  }
  const connection = await connectDatabase(databaseUri, { serverSelectionTimeoutMS: config.MONGODB_CONNECT_TIMEOUT_MS }).catch(async (error: unknown) => {
    await embedded?.stop();
    throw error;
  });
  await prepareDatabase(connection, config).catch(async (error: unknown) => {
    await connection.close();
    await embedded?.stop();
    throw error;
  });
  const storageMigration = migrateStorage(connection, embedded !== undefined);
  // The embedded database's migration is finished before anything reads or writes; another's runs meanwhile.
  if (embedded) {
    await storageMigration.catch(async (error: unknown) => {
      await connection.close();
      await embedded.stop();
      throw new Error(`存储格式迁移失败，服务器未启动；数据未改动或可由下次启动续完 (the storage migration failed and the server did not start; the data is unchanged, or the next start finishes the switch): ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  // In the background: the server answers at once, estimates wait for (or get a 503 during) the load.
  const state = createServerState(connection);
  const { analysis } = state;
  void analysis.start(console.log).catch(() => undefined);
  // The embedded database belongs to this process alone, so only an external MongoDB has other writers.
  if (!embedded && config.ANALYSIS_CATCH_UP_SECONDS > 0) analysis.catchUpEvery(config.ANALYSIS_CATCH_UP_SECONDS);
  const database = watchDatabase(connection, { logger });
  embedded?.onStateChange((state) => {
    if (state === 'down') database.markDown();
  });
  const app = createApp({ connection, config, logger, database, state });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  }).catch(async (error: NodeJS.ErrnoException) => {
    database.stop();
    await connection.close();
    await embedded?.stop();
    throw error.code === 'EADDRINUSE' ? new Error(`PORT=${config.PORT} is already in use: stop the other program or choose another PORT.`) : error;
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    connection,
    state,
    databaseUri,
    embedded: embedded !== undefined,
    embeddedDatabase: embedded,
    storageMigration,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      analysis.stopCatchingUp();
      database.stop();
      await connection.close();
      await embedded?.stop();
    },
  };
}
