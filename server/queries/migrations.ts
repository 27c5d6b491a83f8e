/**
 * Every read and write of the `migrations` collection (finished one-time rewrites, by name), as ODK
 * Central's lib/model/query/: services call these named queries and never the model.
 */
import type { Connection } from 'mongoose';
import { modelsOf } from '../models';

const migrations = (connection: Connection) => modelsOf(connection).Migration;

/** Whether the migration `name` has finished before. */
export async function migrationFinished(connection: Connection, name: string): Promise<boolean> {
  return Boolean(await migrations(connection).exists({ _id: name }));
}

/** Records that the migration `name` finished; one recorded already throws the driver's duplicate-key error (11000). */
export async function recordMigration(connection: Connection, name: string, rewritten: number, completedAt = new Date()): Promise<void> {
  await migrations(connection).collection.insertOne({ _id: name as never, completedAt, rewritten });
}
