/**
 * Every read and write of the `instrumentVersions` collection (questionnaire versions), as ODK Central's
 * lib/model/query/: services call these named queries and never the model. `_id` is `<id>@<version>`;
 * the JSON and the key are written once by the insert, only the state fields move afterwards.
 */
import type { Connection } from 'mongoose';
import { modelsOf } from '../models';
import type { InstrumentVersionDocument } from '../models/instrumentVersion';
import type { StoredInstrumentState } from '../../contracts/instruments';

export type { InstrumentVersionDocument } from '../models/instrumentVersion';

/** A version as inserted: `_id` is `<id>@<version>`. */
export type NewInstrumentVersion = Omit<InstrumentVersionDocument, 'retiredAt' | 'retiredBy'> & { _id: string };

/** A stored version without its JSON and key. */
export type InstrumentVersionMeta = Omit<InstrumentVersionDocument, 'json' | 'key'>;

const instrumentVersions = (connection: Connection) => modelsOf(connection).InstrumentVersion;

/** Whether a version with this `<id>@<version>` is stored (in any state). */
export async function instrumentVersionStored(connection: Connection, key: string): Promise<boolean> {
  return Boolean(await instrumentVersions(connection).exists({ _id: key }));
}

/** One stored version, whole. */
export function findInstrumentVersion(connection: Connection, key: string): Promise<InstrumentVersionDocument | null> {
  return instrumentVersions(connection).findById(key).lean<InstrumentVersionDocument>();
}

/** Every stored version without its JSON and key. */
export function instrumentVersionMetas(connection: Connection): Promise<InstrumentVersionMeta[]> {
  return instrumentVersions(connection).find({}, { json: 0, key: 0 }).lean<InstrumentVersionMeta[]>();
}

/** The version numbers stored for an instrument. */
export async function storedVersionNumbers(connection: Connection, instrumentId: string): Promise<number[]> {
  return (await instrumentVersions(connection).find({ instrumentId }, { version: 1 }).lean()).map((stored) => stored.version);
}

/** The state of a stored version, if it is stored. */
export async function storedInstrumentState(connection: Connection, key: string): Promise<StoredInstrumentState | undefined> {
  return (await instrumentVersions(connection).findById(key, { state: 1 }).lean())?.state as StoredInstrumentState | undefined;
}

/** Inserts a version; one stored under its `_id` already throws the driver's duplicate-key error (11000). */
export async function insertInstrumentVersion(connection: Connection, version: NewInstrumentVersion): Promise<void> {
  await instrumentVersions(connection).collection.insertOne(version as never);
}

/** Sets a version's state fields, only if it is in state `from`: whether it was. */
export async function moveInstrumentVersion(connection: Connection, key: string, from: StoredInstrumentState, fields: Record<string, unknown>): Promise<boolean> {
  const result = await instrumentVersions(connection).updateOne({ _id: key, state: from }, { $set: fields });
  return result.matchedCount > 0;
}
