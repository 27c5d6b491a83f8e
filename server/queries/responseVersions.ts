/**
 * Every read and write of the `responseVersions` collection (the later versions of responses), as ODK
 * Central's lib/model/query/: services call these named queries and never the model. Insert-only, `_id`
 * = `<response id>#<version>`, so two writers of the same next version collide on the key.
 */
import { documentCount } from '../db/documentCount';
import type { Connection } from 'mongoose';
import { modelsOf } from '../models';
import type { ResponseVersionDocument } from '../models/responseVersion';

export interface AnswerChange {
  question: string;
  from: unknown;
  to: unknown;
}
export type StoredVersion = Omit<ResponseVersionDocument, '_id' | 'changes'> & { _id: string; changes: AnswerChange[] };

const responseVersions = (connection: Connection) => modelsOf(connection).ResponseVersion;

/** The later versions of one response, in no order. */
export function versionsOfResponse(connection: Connection, responseId: string): Promise<StoredVersion[]> {
  return responseVersions(connection).find({ responseId }).lean<StoredVersion[]>();
}

/** Every later version of every response, one unsorted cursor. */
export function allVersionsCursor(connection: Connection): AsyncIterable<StoredVersion> {
  return responseVersions(connection).find({}).lean<StoredVersion>().cursor();
}

/** The collection's size without a scan (server/db/documentCount.ts). */
export function estimatedVersionCount(connection: Connection): Promise<number> {
  return documentCount(connection.db!, responseVersions(connection).collection.collectionName);
}

/** Stores a version under `<response id>#<version>`; one stored there already throws the driver's duplicate-key error (11000). */
export async function insertResponseVersion(connection: Connection, version: Omit<StoredVersion, '_id'>): Promise<void> {
  await responseVersions(connection).collection.insertOne({ _id: `${version.responseId}#${version.version}` as never, ...version });
}
