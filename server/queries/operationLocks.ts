/**
 * Every read and write of the `operationLocks` collection, as ODK Central's lib/model/query/: services
 * call these named queries and never the model. A lock is a document under the operation's name as `_id`.
 */
import type { Connection } from 'mongoose';
import { modelsOf } from '../models';

const operationLocks = (connection: Connection) => modelsOf(connection).OperationLock;

/** Takes the lock `name` until `expiresAt`: one insert; a lock held already throws the driver's duplicate-key error (11000). */
export async function insertOperationLock(connection: Connection, name: string, owner: string, expiresAt: Date): Promise<void> {
  await operationLocks(connection).collection.insertOne({ _id: name as never, owner, expiresAt });
}

/** Extends the lease of a lock this owner holds. */
export async function renewOperationLock(connection: Connection, name: string, owner: string, expiresAt: Date): Promise<void> {
  await operationLocks(connection).updateOne({ _id: name, owner }, { $set: { expiresAt } });
}

/** Gives back a lock this owner holds. */
export async function deleteOperationLock(connection: Connection, name: string, owner: string): Promise<void> {
  await operationLocks(connection).deleteOne({ _id: name, owner });
}

/** Removes the lock `name` if its lease ran out before `now` (its holder died): whether it did. */
export async function deleteExpiredOperationLock(connection: Connection, name: string, now: Date): Promise<boolean> {
  return (await operationLocks(connection).deleteOne({ _id: name, expiresAt: { $lt: now } })).deletedCount > 0;
}
