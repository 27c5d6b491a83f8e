import fs from 'node:fs';
import type { Connection } from 'mongoose';
import type { Config } from '../server/config';
import { connectDatabase } from '../server/db/connection';
import { startEmbeddedFerretDB } from '../server/db/embeddedFerretDB';
import { EMBEDDED_DATABASE_NAME } from '../server/platform';

/**
 * The database `npm start` uses (MONGODB_URI, or the embedded FerretDB on DATA_DIR), opened as it is:
 * no indexes built and no first account created, so a restore sees an empty database as empty.
 */
export async function openDatabase(config: Config): Promise<{ connection: Connection; close(): Promise<void> }> {
  let stopEmbedded: () => Promise<void> = async () => undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const embedded = await startEmbeddedFerretDB({ dataDir: config.dataDir, databaseName: EMBEDDED_DATABASE_NAME, binary: config.FERRETDB_BIN });
    stopEmbedded = () => embedded.stop();
    uri = embedded.uri;
  }
  const connection = await connectDatabase(uri, { serverSelectionTimeoutMS: config.MONGODB_CONNECT_TIMEOUT_MS }).catch(async (error: unknown) => {
    await stopEmbedded();
    throw error;
  });
  return {
    connection,
    async close() {
      await connection.close();
      await stopEmbedded();
    },
  };
}
