/**
 * Every read and write of the `responses` and `testResponses` collections (as ODK Central's
 * lib/model/query/): services and routes call these named queries and never the models, so the stored
 * shape is known in this one file.
 *
 * Stored, `answers`, `scores` and `paradata` are JSON strings (server/models/response.ts says why); the
 * queries pack them on write and unpack them on read, so every caller sees them as objects, paradata dates
 * as Dates. Documents written before that shape (sub-documents) are read as they are, until the migration
 * at start (packOldShape) has rewritten them.
 */
import type { Connection, InferSchemaType, mongo } from 'mongoose';
import type { Mode, ResponseStatus } from '../../analysis/domain/profile';
import type { ResponseScores } from '../../analysis/scoring/types';
import { documentCount } from '../db/documentCount';
import { GroupInsert, type InsertOutcome } from '../db/groupInsert';
import { modelsOf } from '../models';
import { packedParadataSchema, type PackedResponse } from '../models/response';

export type StoredParadata = InferSchemaType<typeof packedParadataSchema>;

/** A stored response as the services see it: answers, scores and paradata as objects. */
export interface StoredResponse {
  _id: string;
  id: string;
  instrumentId: string;
  instrumentVersion: number;
  mode: Mode;
  status: ResponseStatus;
  answers: Record<string, unknown>;
  scores?: ResponseScores | null;
  stratum: string;
  siteCode: string;
  provinceCode: string;
  cityCode: string;
  countyCode: string;
  region: string;
  interviewer?: string | null;
  linkId?: string | null;
  paradata: StoredParadata;
  contentHash: string;
  receivedAt: Date;
}

/**
 * The fields of a stored response the analysis rows take (and all the start-up load reads): the scores,
 * and the duration from its own field or, in a document not yet migrated, from the paradata.
 */
const ANALYSIS_FIELDS = { _id: 1, instrumentId: 1, instrumentVersion: 1, status: 1, receivedAt: 1, stratum: 1, siteCode: 1, provinceCode: 1, countyCode: 1, region: 1, mode: 1, scores: 1, interviewer: 1, durationSeconds: 1, 'paradata.durationSeconds': 1 } as const;

export interface StoredAnalysisFields {
  _id: string;
  instrumentId: string;
  instrumentVersion: number;
  status: string;
  receivedAt: Date;
  stratum: string;
  siteCode: string;
  provinceCode: string;
  countyCode: string;
  region: string;
  mode: string;
  scores?: ResponseScores | null;
  interviewer?: string | null;
  paradata?: { durationSeconds?: number | null } | null;
}

/** What the quality rules read of an interview. */
const QUALITY_FIELDS = { instrumentId: 1, instrumentVersion: 1, mode: 1, status: 1, stratum: 1, siteCode: 1, interviewer: 1, linkId: 1, answers: 1, scores: 1, paradata: 1 };

export interface StoredQualityFields {
  _id: string;
  instrumentId: string;
  instrumentVersion: number;
  mode: Mode;
  status: ResponseStatus;
  stratum: string;
  siteCode: string;
  interviewer?: string | null;
  linkId?: string | null;
  answers: Record<string, unknown>;
  scores?: ResponseScores | null;
  paradata?: Record<string, unknown> | null;
}

/** What the listing knows of a response before paging (its filters, facets and CSV). */
const LISTING_FIELDS = { receivedAt: 1, siteCode: 1, countyCode: 1, interviewer: 1, linkId: 1, instrumentId: 1, instrumentVersion: 1, mode: 1, status: 1, durationSeconds: 1, 'paradata.durationSeconds': 1 };

export interface StoredListingFields {
  _id: string;
  receivedAt: Date;
  siteCode: string;
  countyCode?: string;
  interviewer?: string | null;
  linkId?: string | null;
  instrumentId: string;
  instrumentVersion: number;
  mode: string;
  status: string;
  paradata?: { durationSeconds?: number | null } | null;
}

/** A response as the de-identified data export reads it: who answered (interviewer, link) is never read. */
export type StoredExportFields = Omit<StoredResponse, '_id' | 'contentHash' | 'interviewer' | 'linkId'>;

/** A filter on the stored scalar fields (instrument, design fields, interviewer, link, receivedAt). */
export type ResponseFilter = Record<string, unknown>;

const responses = (connection: Connection) => modelsOf(connection).Response;
const testResponses = (connection: Connection) => modelsOf(connection).TestResponse;
type StoredModel = ReturnType<typeof responses> | ReturnType<typeof testResponses>;
const sizeOf = (model: StoredModel) => documentCount(model.db.db!, model.collection.collectionName);

/** The paradata fields stored as dates: JSON makes them ISO strings, unpacking makes them Dates again. */
const PARADATA_DATES = Object.entries(packedParadataSchema.paths).filter(([, path]) => path.instance === 'Date').map(([name]) => name);

/** JSON as BSON would store the value: an undefined member becomes null, as the driver writes it. */
const json = (value: unknown): string => JSON.stringify(value, (_key, member: unknown) => (member === undefined ? null : member));

function withDates(paradata: Record<string, unknown>): StoredParadata {
  for (const field of PARADATA_DATES) if (typeof paradata[field] === 'string') paradata[field] = new Date(paradata[field]);
  return paradata as StoredParadata;
}

/** A packed field as an object; a sub-document (a document not yet migrated) as it is. */
const unpackedScores = (stored: unknown): ResponseScores | null | undefined => (typeof stored === 'string' ? (JSON.parse(stored) as ResponseScores | null) : (stored as ResponseScores | null | undefined));
const unpackedParadata = (stored: unknown): StoredParadata => (typeof stored === 'string' ? withDates(JSON.parse(stored) as Record<string, unknown>) : ((stored ?? {}) as StoredParadata));
const unpackedAnswers = (stored: unknown): Record<string, unknown> => (typeof stored === 'string' ? (JSON.parse(stored) as Record<string, unknown>) : (stored as Record<string, unknown>));

/** A stored document (or the fields of it a query read) in the services' shape: the stored duration field is the paradata's. */
function unpacked<T>(stored: Record<string, unknown>): T {
  const { durationSeconds: _inParadata, ...response } = stored;
  if ('answers' in stored) response.answers = unpackedAnswers(stored.answers);
  if ('scores' in stored) response.scores = unpackedScores(stored.scores);
  if ('paradata' in stored) response.paradata = unpackedParadata(stored.paradata);
  return response as T;
}

/** The analysis and listing fields: the duration as `paradata.durationSeconds`, from either shape. */
function withDuration<T>(stored: Record<string, unknown>): T {
  const { durationSeconds, paradata, ...fields } = stored;
  const duration = typeof durationSeconds === 'number' ? durationSeconds : (paradata as { durationSeconds?: number } | undefined)?.durationSeconds;
  if ('scores' in fields) fields.scores = unpackedScores(fields.scores);
  return { ...fields, paradata: duration === undefined ? {} : { durationSeconds: duration } } as T;
}

/** The parts a response stores packed, and the duration beside them. */
function packedParts(response: { answers: unknown; scores?: unknown; paradata?: unknown }) {
  const paradata = (response.paradata ?? {}) as { durationSeconds?: unknown };
  return {
    answers: json(response.answers),
    scores: response.scores === null || response.scores === undefined ? null : json(response.scores),
    paradata: json(paradata),
    ...(typeof paradata.durationSeconds === 'number' ? { durationSeconds: paradata.durationSeconds } : {}),
  };
}

const packed = (response: StoredResponse): PackedResponse => ({ ...response, ...packedParts(response) }) as unknown as PackedResponse;

/**
 * The document a checked submission becomes: the stored fields cast by the schema, the paradata's ISO
 * dates as Dates; it is written by the driver, since mongoose's document machinery (hydration, asynchronous
 * validation) cost more CPU than the write itself, and every field here comes from the zod-checked body,
 * the instrument or the imported frame.
 */
export function responseDocumentOf(connection: Connection, fields: Record<string, unknown>): StoredResponse {
  const { answers, scores, paradata, ...stored } = fields;
  return { ...(responses(connection).castObject(stored) as object), answers, scores, paradata: withDates({ ...(paradata as object) }) } as StoredResponse;
}

/** The writer intake stores through: one per server (ServerState), so that concurrent submissions share its commits. */
export type ResponseWriter = GroupInsert<PackedResponse>;

export function createResponseWriter(connection: Connection): ResponseWriter {
  return new GroupInsert(responses(connection).collection as unknown as mongo.Collection<PackedResponse>);
}

/** Inserts one response (sharing a commit with those arriving together): 'inserted', or 'duplicate-key' when its id is stored. */
export function insertResponse(writer: ResponseWriter, document: StoredResponse): Promise<InsertOutcome> {
  return writer.insert(packed(document));
}

/**
 * Many responses in one unordered insert, each cast as responseDocumentOf does: for seeds, fixtures and
 * benchmarks (intake stores one at a time through insertResponse).
 */
export async function insertResponses(connection: Connection, documents: Record<string, unknown>[]): Promise<void> {
  await responses(connection).collection.insertMany(documents.map((document) => packed(responseDocumentOf(connection, document))) as never[], { ordered: false });
}

/** The content hash of the stored response with this id, to tell a resend from a different payload. */
export async function storedContentHash(connection: Connection, id: string): Promise<string | undefined> {
  return (await responses(connection).findById(id, { contentHash: 1 }).lean())?.contentHash;
}

/** One stored response, whole. */
export async function findResponse(connection: Connection, id: string): Promise<StoredResponse | null> {
  const stored = await responses(connection).findById(id).lean<Record<string, unknown>>();
  return stored ? unpacked<StoredResponse>(stored) : null;
}

/** The stored responses a filter on the stored scalar fields keeps, whole but for the content hash, in no order. */
export async function findResponses(connection: Connection, filter: ResponseFilter): Promise<Omit<StoredResponse, 'contentHash'>[]> {
  return (await responses(connection).find(filter, { contentHash: 0 }).lean<Record<string, unknown>[]>()).map((stored) => unpacked<Omit<StoredResponse, 'contentHash'>>(stored));
}

/**
 * Whether a response with this id is stored. One lookup by `_id`, but FerretDB answers a missing `_id` by
 * scanning the collection (about 1 s per 5,000 responses here), so anonymous paths avoid calling it.
 */
export async function responseExists(connection: Connection, id: string): Promise<boolean> {
  return Boolean(await responses(connection).exists({ _id: id }));
}

/** Which of these ids are stored. */
export async function storedIds(connection: Connection, ids: string[]): Promise<Set<string>> {
  return new Set((await responses(connection).find({ _id: { $in: ids } }, { _id: 1 }).lean<{ _id: string }[]>()).map((response) => response._id));
}

/** The interviewer of each stored response among these ids. */
export async function interviewersOf(connection: Connection, ids: string[]): Promise<Map<string, { interviewer?: string | null }>> {
  const found = await responses(connection).find({ _id: { $in: ids } }, { interviewer: 1 }).lean<{ _id: string; interviewer?: string | null }[]>();
  return new Map(found.map((response) => [response._id, { interviewer: response.interviewer }]));
}

/** The collection's size without a scan (server/db/documentCount.ts). */
export function estimatedResponseCount(connection: Connection): Promise<number> {
  return sizeOf(responses(connection));
}

/** How many stored responses a filter on the stored scalar fields keeps. */
export function countResponses(connection: Connection, filter: ResponseFilter = {}): Promise<number> {
  return responses(connection).countDocuments(filter);
}

/** How many interviews an interviewer account sent. */
export function countByInterviewer(connection: Connection, username: string): Promise<number> {
  return responses(connection).countDocuments({ interviewer: username });
}

/** Responses stored per link, counted where they are (one $group over the responses). */
export async function linkUseCounts(connection: Connection): Promise<Map<string, number>> {
  const rows = await responses(connection).aggregate<{ _id: string; count: number }>([{ $match: { linkId: { $exists: true } } }, { $group: { _id: '$linkId', count: { $sum: 1 } } }]);
  return new Map(rows.map((row) => [row._id, row.count]));
}

/** The analysis fields of the responses a filter keeps, one unsorted cursor (the start-up load and the catch-up). */
export async function* analysisFieldsCursor(connection: Connection, filter: ResponseFilter = {}): AsyncIterable<StoredAnalysisFields> {
  for await (const stored of responses(connection).find(filter, ANALYSIS_FIELDS).lean<Record<string, unknown>>().cursor({ batchSize: 1000 })) yield withDuration<StoredAnalysisFields>(stored);
}

/** Analysis fields of the responses received since a moment (another instance's writes). */
export const analysisFieldsSince = (connection: Connection, since: Date) => analysisFieldsCursor(connection, { receivedAt: { $gte: since } });

/** Analysis fields of the responses with these ids. */
export const analysisFieldsOfIds = (connection: Connection, ids: string[]) => analysisFieldsCursor(connection, { _id: { $in: ids } });

/** The analysis fields of one response. */
export async function analysisFieldsOf(connection: Connection, id: string): Promise<StoredAnalysisFields | null> {
  const stored = await responses(connection).findById(id, ANALYSIS_FIELDS).lean<Record<string, unknown>>();
  return stored ? withDuration<StoredAnalysisFields>(stored) : null;
}

/** What the quality rules read, of every stored response: one unsorted cursor. */
export async function* qualityFieldsCursor(connection: Connection): AsyncIterable<StoredQualityFields> {
  for await (const stored of responses(connection).find({}, QUALITY_FIELDS).lean<Record<string, unknown>>().cursor({ batchSize: 1000 })) yield unpacked<StoredQualityFields>(stored);
}

/** The listing's fields of every response a filter keeps. */
export async function listingFields(connection: Connection, filter: ResponseFilter): Promise<StoredListingFields[]> {
  return (await responses(connection).find(filter, LISTING_FIELDS).lean<Record<string, unknown>[]>()).map((stored) => withDuration<StoredListingFields>(stored));
}

/** The responses of the data export, one unsorted cursor; who answered is not read. */
export async function* exportCursor(connection: Connection, filter: ResponseFilter): AsyncIterable<StoredExportFields> {
  const cursor = responses(connection).find(filter, { _id: 0, contentHash: 0, interviewer: 0, linkId: 0 }).lean<Record<string, unknown>>().cursor({ batchSize: 500 });
  for await (const stored of cursor) yield unpacked<StoredExportFields>(stored);
}

/** Inserts an interview through a draft's test link: 'duplicate-key' when its id is already stored there. */
export async function insertTestResponse(connection: Connection, document: StoredResponse): Promise<InsertOutcome> {
  try {
    await testResponses(connection).collection.insertOne(packed(document) as never);
    return 'inserted';
  } catch (error) {
    if ((error as { code?: number })?.code === 11000) return 'duplicate-key';
    throw error;
  }
}

/** The stored test interviews a filter on the stored scalar fields keeps, whole, in no order. */
export async function findTestResponses(connection: Connection, filter: ResponseFilter): Promise<StoredResponse[]> {
  return (await testResponses(connection).find(filter).lean<Record<string, unknown>[]>()).map((stored) => unpacked<StoredResponse>(stored));
}

/** The content hash of a stored test interview. */
export async function storedTestContentHash(connection: Connection, id: string): Promise<string | undefined> {
  return (await testResponses(connection).findById(id, { contentHash: 1 }).lean())?.contentHash;
}

/** How many test interviews a draft has. */
export function countTestResponses(connection: Connection, instrumentId: string, instrumentVersion: number): Promise<number> {
  return testResponses(connection).countDocuments({ instrumentId, instrumentVersion });
}

/** A draft's test interviews, deleted when it is published or discarded. */
export async function deleteTestResponses(connection: Connection, instrumentId: string, instrumentVersion: number): Promise<void> {
  await testResponses(connection).deleteMany({ instrumentId, instrumentVersion });
}

/** A response stored before the packed shape: `answers` still a sub-document. */
const OLD_SHAPE = { answers: { $type: 'object' as const } };

type ShapeProgress = (collection: string, packed: number, total: number) => void;
const storedModels = (connection: Connection) => [responses(connection), testResponses(connection)];

/**
 * Rewrites every response (and test response) stored in the old shape into the packed one, in place: one
 * single-document update each, of the documents the cursor finds still in the old shape, so that running
 * it again changes nothing, and beside another instance running it writes the same values twice. For a
 * database other servers may be writing to meanwhile (MONGODB_URI), where an update by `_id` is an index
 * lookup. One unsorted cursor per collection; `progress` hears how many were rewritten of about how many
 * documents the collection holds. Returns how many were rewritten.
 */
export async function packOldShape(connection: Connection, progress: ShapeProgress = () => undefined): Promise<number> {
  let rewritten = 0;
  for (const model of storedModels(connection)) {
    const total = await sizeOf(model);
    let packedHere = 0;
    for await (const stored of model.find(OLD_SHAPE, { answers: 1, scores: 1, paradata: 1 }).lean<Record<string, unknown>>().cursor({ batchSize: 500 })) {
      // By `_id` alone, the narrowest filter. The packed parts are a function of the stored content, which
      // nothing else changes, so an instance that packed this document meanwhile wrote the same values.
      const updated = await model.collection.updateOne({ _id: stored._id as never }, { $set: packedParts(stored as { answers: unknown }) });
      packedHere += updated.modifiedCount;
      if (packedHere > 0 && packedHere % 1000 === 0) progress(model.collection.collectionName, packedHere, total);
    }
    if (packedHere % 1000 !== 0) progress(model.collection.collectionName, packedHere, total);
    rewritten += packedHere;
  }
  return rewritten;
}

/**
 * The same rewrite for a database only this process writes to (the embedded FerretDB, before the server
 * listens), by copy and switch: FerretDB scans the collection for every update, even by `_id`, so updates in
 * place take time that grows with the square of the collection (BENCHMARKS.md, "The start-up migration"),
 * while one cursor and inserts take one pass. Each collection is copied, packed, into `<name>_packing`; only
 * once the copy is whole is the collection renamed `<name>_unpacked`, the copy renamed into its place, its
 * indexes built, and the old collection dropped. A stop during the copy leaves the collection as it was (the
 * next run starts the copy again); a stop during the switch is finished by the next run (finishInterruptedSwitch).
 * Returns how many documents were rewritten.
 */
export async function packOldShapeByCopy(connection: Connection, progress: ShapeProgress = () => undefined): Promise<number> {
  let rewritten = 0;
  for (const model of storedModels(connection)) rewritten += await copyPacked(model, progress);
  return rewritten;
}

const COPY_BATCH = 500;

async function copyPacked(model: StoredModel, progress: ShapeProgress): Promise<number> {
  const database = model.db.db!;
  const name = model.collection.collectionName;
  const [packing, unpacked] = [`${name}_packing`, `${name}_unpacked`];
  const exists = async (collection: string) => (await database.listCollections({ name: collection }, { nameOnly: true }).toArray()).length > 0;
  if (await exists(unpacked)) return finishInterruptedSwitch(model, await exists(packing));
  if (await exists(packing)) await database.collection(packing).drop();
  if (!(await model.exists(OLD_SHAPE))) return 0;
  const total = await sizeOf(model);
  let [copied, rewritten] = [0, 0];
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (batch.length > 0) await database.collection(packing).insertMany(batch as never[], { ordered: false });
    copied += batch.length;
    batch = [];
    progress(name, rewritten, total);
  };
  for await (const stored of model.collection.find({}, { batchSize: COPY_BATCH })) {
    const oldShape = typeof stored.answers === 'object' && stored.answers !== null;
    batch.push(oldShape ? { ...stored, ...packedParts({ answers: stored.answers, scores: stored.scores, paradata: stored.paradata }) } : stored);
    if (oldShape) rewritten++;
    if (batch.length === COPY_BATCH * 2) await flush();
  }
  await flush();
  if (copied < (await sizeOf(model))) throw new Error(`${name} 复制期间有其他程序写入（复制了 ${copied} 份，现有更多），未切换，数据未改动 (${name}: copied ${copied} documents, but the collection holds more: something else wrote to it during the copy, so it was not switched and is unchanged)`);
  await database.collection(name).rename(unpacked);
  await switchToCopy(model, packing, unpacked);
  return rewritten;
}

/** The packed copy into the collection's place, its indexes built, the old collection dropped. */
async function switchToCopy(model: StoredModel, packing: string, unpacked: string): Promise<void> {
  const database = model.db.db!;
  await database.collection(packing).rename(model.collection.collectionName);
  await model.createIndexes();
  await database.collection(unpacked).drop();
}

/**
 * A switch a stop cut short: `<name>_unpacked` is there. With the copy still beside it the stop fell between
 * the two renames, the copy is whole, and the collection in its place is the empty one this start's index
 * creation made; without it the copy is in place and only the old collection is left to drop. Returns how
 * many documents the finished switch put in place (how many of them were rewritten is not known any more).
 */
async function finishInterruptedSwitch(model: StoredModel, copyBeside: boolean): Promise<number> {
  const database = model.db.db!;
  const name = model.collection.collectionName;
  const unpacked = `${name}_unpacked`;
  if (!copyBeside) {
    await database.collection(unpacked).drop();
    return 0;
  }
  if ((await sizeOf(model)) > 0) throw new Error(`${name}、${name}_packing 与 ${unpacked} 都有数据：存储格式迁移曾被中断，之后又有写入；请从备份恢复（npm run restore）或手工合并 (${name}, ${name}_packing and ${unpacked} all hold documents: a storage migration was interrupted and the collection written to since; restore a backup with npm run restore, or merge them by hand)`);
  await database.collection(name).drop().catch(() => undefined);
  await switchToCopy(model, `${name}_packing`, unpacked);
  return sizeOf(model);
}
