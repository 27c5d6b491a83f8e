import mongoose, { type Connection } from 'mongoose';

export class DatabaseUnreachableError extends Error {}

/** Hides credentials when a connection string appears in a message. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}

/**
 * Opens a mongoose connection. Writes are acknowledged only once journaled (and by a majority on
 * a replica set); FerretDB accepts and ignores this, each of its writes being a SQLite commit.
 */
export async function connectDatabase(uri: string, options: { serverSelectionTimeoutMS?: number } = {}): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
    writeConcern: { w: 'majority', journal: true },
    autoIndex: false,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnreachableError(
      `Cannot reach the database at ${redactUri(uri)} (${reason}). Check MONGODB_URI, or unset it to use the embedded database.`,
    );
  }
  return connection;
}

/** A real round trip to the server, bounded so that a health check answers even when the database hangs. */
export async function pingDatabase(connection: Connection, timeoutMs = 2_000): Promise<boolean> {
  const db = connection.db;
  if (connection.readyState !== mongoose.ConnectionStates.connected || !db) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = db
    .admin()
    .command({ ping: 1 })
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
