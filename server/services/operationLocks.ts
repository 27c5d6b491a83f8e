import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { modelsOf } from '../models';

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
  const { OperationLock } = modelsOf(connection);
  const owner = randomUUID();
  if (!(await tryTake(connection, name, owner))) throw busy();
  const lock: HeldLock = {
    renew: async () => {
      await OperationLock.updateOne({ _id: name, owner }, { $set: { expiresAt: new Date(Date.now() + LOCK_LEASE_MS) } });
    },
  };
  try {
    return await operation(lock);
  } finally {
    await OperationLock.deleteOne({ _id: name, owner }).catch(() => undefined);
  }
}

async function tryTake(connection: Connection, name: string, owner: string): Promise<boolean> {
  const { OperationLock } = modelsOf(connection);
  const take = () => OperationLock.collection.insertOne({ _id: name as never, owner, expiresAt: new Date(Date.now() + LOCK_LEASE_MS) });
  try {
    await take();
    return true;
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  const expired = await OperationLock.deleteOne({ _id: name, expiresAt: { $lt: new Date() } });
  if (expired.deletedCount === 0) return false;
  try {
    await take();
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}
