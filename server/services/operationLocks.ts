import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { deleteExpiredOperationLock, deleteOperationLock, insertOperationLock, renewOperationLock } from '../queries/operationLocks';

/** How long a lock survives its holder without being renewed (a process killed mid-import). */
const LOCK_LEASE_MS = 60_000;

export interface HeldLock {
  /** Extends the lease; call between steps of a long operation. */
  renew(): Promise<void>;
}

/**
 * Runs `operation` while holding the lock `name`, or answers `busy()` at once when another request holds
 * it: a second frame import gets a clear refusal instead of interleaving its writes with the first's.
 */
export async function withOperationLock<T>(connection: Connection, name: string, operation: (lock: HeldLock) => Promise<T>, busy: () => Error): Promise<T> {
  const owner = randomUUID();
  if (!(await tryTake(connection, name, owner))) throw busy();
  const lock: HeldLock = {
    renew: async () => {
      await renewOperationLock(connection, name, owner, new Date(Date.now() + LOCK_LEASE_MS));
    },
  };
  try {
    return await operation(lock);
  } finally {
    await deleteOperationLock(connection, name, owner).catch(() => undefined);
  }
}

async function tryTake(connection: Connection, name: string, owner: string): Promise<boolean> {
  const take = () => insertOperationLock(connection, name, owner, new Date(Date.now() + LOCK_LEASE_MS));
  try {
    await take();
    return true;
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  if (!(await deleteExpiredOperationLock(connection, name, new Date()))) return false;
  try {
    await take();
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}
