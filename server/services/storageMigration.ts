/**
 * The start-up migration of the responses' storage shape (issue 17): documents stored with `answers`,
 * `scores` and `paradata` as sub-documents are rewritten packed (server/queries/responses.ts). On a database
 * only this process writes to (the embedded FerretDB) it runs before the server listens, by copy and switch;
 * on one other servers may share (MONGODB_URI) it runs in place, one single-document update each, while the
 * server already answers (every read accepts both shapes). Once finished it is recorded in `migrations`, so
 * later starts do not scan the collections again.
 */
import type { Connection } from 'mongoose';
import { migrationFinished, recordMigration } from '../queries/migrations';
import { packOldShape, packOldShapeByCopy } from '../queries/responses';

const PACKED_STORAGE = 'responses-packed-storage';

export interface StorageMigrationOptions {
  /** Whether this process is the database's only writer, so that a collection can be copied and switched. */
  soleWriter: boolean;
  print?: (line: string) => void;
}

/** Runs the migration unless it has finished before; returns how many documents it rewrote. */
export async function migrateResponseStorage(connection: Connection, { soleWriter, print = console.log }: StorageMigrationOptions): Promise<number> {
  if (await migrationFinished(connection, PACKED_STORAGE)) return 0;
  const progress = (collection: string, packed: number, total: number) =>
    print(`迁移 ${collection} 存储格式: ${packed}/${total} (storage migration of ${collection}: ${packed} of about ${total} documents rewritten)`);
  const rewritten = await (soleWriter ? packOldShapeByCopy : packOldShape)(connection, progress);
  await recordMigration(connection, PACKED_STORAGE, rewritten).catch((error: unknown) => {
    // Another instance finished it at the same moment.
    if ((error as { code?: number }).code !== 11000) throw error;
  });
  if (rewritten > 0) print(`存储格式迁移完成: ${rewritten} 份 (storage migration done: ${rewritten} documents rewritten)`);
  return rewritten;
}
