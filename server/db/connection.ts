import mongoose, { type Connection } from 'mongoose';

export class DatabaseUnreachableError extends Error {}

/** Hides credentials when a connection string appears in a message. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}

/** How long one operation waits for an unreachable database before it fails (and the request gets a 503). */
const SERVER_SELECTION_TIMEOUT_MS = 3_000;

/**
 * Opens a mongoose connection, trying until `serverSelectionTimeoutMS` (the start's patience) runs out.
 * Writes are acknowledged only once journaled (and by a majority on a replica set); FerretDB accepts and
 * ignores this, each of its writes being a SQLite commit. Commands are never buffered: while the database
 * is down an operation fails within a few seconds instead of queueing behind the ones in flight.
 */
export async function connectDatabase(uri: string, options: { serverSelectionTimeoutMS?: number } = {}): Promise<Connection> {
  const deadline = Date.now() + (options.serverSelectionTimeoutMS ?? 10_000);
  for (;;) {
    const connection = mongoose.createConnection(uri, {
      serverSelectionTimeoutMS: Math.max(100, Math.min(SERVER_SELECTION_TIMEOUT_MS, deadline - Date.now())),
      bufferCommands: false,
      writeConcern: { w: 'majority', journal: true },
      autoIndex: false,
    });
    try {
      await connection.asPromise();
      return connection;
    } catch (error) {
      await connection.close().catch(() => undefined);
      if (Date.now() < deadline && isDatabaseUnavailable(error)) continue;
      const reason = error instanceof Error ? error.message : String(error);
      throw new DatabaseUnreachableError(
        `Cannot reach the database at ${redactUri(uri)} (${reason}). Check MONGODB_URI, or unset it to use the embedded database.`,
      );
    }
  }
}

const UNAVAILABLE_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
]);

/** A failure of reaching the database (down, restarting, unreachable), as opposed to a refused operation. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof Error && UNAVAILABLE_ERRORS.has(error.name);
}

/** A real round trip to the server, bounded so that a health check answers even when the database hangs. */
export async function pingDatabase(connection: Connection, timeoutMs = 2_000): Promise<boolean> {
  const db = connection.db;
  if (connection.readyState !== mongoose.ConnectionStates.connected || !db) return false;
  const deadline = loopAwareDeadline(timeoutMs);
  const ping = db
    .admin()
    .command({ ping: 1 })
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([ping, deadline.expired.then(() => false)]);
  } finally {
    deadline.cancel();
  }
}

/**
 * How many fresh windows a ping gets when the loop was held: one, so a hung database is still known within
 * about two timeouts (the watch's two failed pings, and /api/health, stay within seconds).
 */
const MAX_WINDOWS = 2;

/**
 * A deadline that counts only time the event loop was free. When a long computation (an estimate over a
 * million rows) holds the loop past the deadline, the database's answer is already waiting in the socket,
 * but timers run before sockets are read: a plain timeout would call a healthy database dead and every
 * request would get 503 database-unavailable. So a timer that fires later than half its timeout (held
 * back by the loop, not merely a busy machine's scheduling) gives the ping a fresh window.
 */
function loopAwareDeadline(timeoutMs: number): { expired: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    let windows = 0;
    const arm = () => {
      const due = performance.now() + timeoutMs;
      timer = setTimeout(() => {
        const heldBack = performance.now() - due > timeoutMs / 2;
        if (heldBack && ++windows < MAX_WINDOWS) arm();
        else resolve();
      }, timeoutMs);
    };
    arm();
  });
  return { expired, cancel: () => clearTimeout(timer) };
}
