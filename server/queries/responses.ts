/**
 * Every read and write of the `responses` and `testResponses` collections (as ODK Central's
 * lib/model/query/): services and routes call these named queries and never the models, so the stored
 * shape is known in this one file.
 */
import type { Connection, mongo } from 'mongoose';
import type { Mode, ResponseStatus } from '../../analysis/domain/profile';
import type { ResponseScores } from '../../analysis/scoring/types';
import { GroupInsert, type InsertOutcome } from '../db/groupInsert';
import { modelsOf } from '../models';
import type { ResponseDocument } from '../models/response';

/** A stored response as the services see it. */
export type StoredResponse = ResponseDocument & { _id: string };

/** The fields of a stored response the analysis rows take (and all the start-up load reads). */
const ANALYSIS_FIELDS = { _id: 1, instrumentId: 1, instrumentVersion: 1, status: 1, receivedAt: 1, stratum: 1, siteCode: 1, provinceCode: 1, countyCode: 1, region: 1, mode: 1, scores: 1, interviewer: 1, 'paradata.durationSeconds': 1 } as const;

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
const LISTING_FIELDS = { receivedAt: 1, siteCode: 1, countyCode: 1, interviewer: 1, linkId: 1, instrumentId: 1, instrumentVersion: 1, mode: 1, status: 1, 'paradata.durationSeconds': 1 };

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
  paradata?: { durationSeconds?: unknown } | null;
}

/** A response as the de-identified data export reads it: who answered (interviewer, link) is never read. */
export interface StoredExportFields {
  id: string;
  instrumentVersion: number;
  mode: string;
  status: string;
  stratum: string;
  siteCode: string;
  provinceCode: string;
  cityCode: string;
  countyCode: string;
  region: string;
  receivedAt: Date;
  answers: Record<string, unknown>;
  scores?: ResponseScores | null;
  paradata?: { durationSeconds?: number; locale?: string };
}

/** A filter on the stored scalar fields (instrument, design fields, interviewer, link, receivedAt). */
export type ResponseFilter = Record<string, unknown>;

const responses = (connection: Connection) => modelsOf(connection).Response;
const testResponses = (connection: Connection) => modelsOf(connection).TestResponse;

/**
 * The document a checked submission becomes, cast by the schema (the paradata's ISO dates become Dates)
 * and later written by the driver: mongoose's document machinery (hydration, asynchronous validation) cost
 * more CPU than the write itself, and every field here comes from the zod-checked body, the instrument or
 * the imported frame.
 */
export function responseDocumentOf(connection: Connection, fields: Record<string, unknown>): ResponseDocument {
  return responses(connection).castObject(fields) as ResponseDocument;
}

/** One group insert per connection, so that concurrent submissions share its commits. */
const responseInserts = new WeakMap<Connection, GroupInsert<ResponseDocument>>();

/** Inserts one response (sharing a commit with those arriving together): 'inserted', or 'duplicate-key' when its id is stored. */
export function insertResponse(connection: Connection, document: ResponseDocument): Promise<InsertOutcome> {
  let insert = responseInserts.get(connection);
  if (!insert) {
    insert = new GroupInsert(responses(connection).collection as unknown as mongo.Collection<ResponseDocument>);
    responseInserts.set(connection, insert);
  }
  return insert.insert(document);
}

/**
 * Many responses in one unordered insert, each cast as responseDocumentOf does: for seeds, fixtures and
 * benchmarks (intake stores one at a time through insertResponse).
 */
export async function insertResponses(connection: Connection, documents: Record<string, unknown>[]): Promise<void> {
  await responses(connection).collection.insertMany(documents.map((document) => responseDocumentOf(connection, document)) as never[], { ordered: false });
}

/** The content hash of the stored response with this id, to tell a resend from a different payload. */
export async function storedContentHash(connection: Connection, id: string): Promise<string | undefined> {
  return (await responses(connection).findById(id, { contentHash: 1 }).lean())?.contentHash;
}

/** One stored response, whole. */
export async function findResponse(connection: Connection, id: string): Promise<StoredResponse | null> {
  return responses(connection).findById(id).lean<StoredResponse>();
}

/** Stored responses by id, whole but for the content hash, in no order; ids not stored are left out. */
export async function findResponses(connection: Connection, ids: string[]): Promise<Omit<StoredResponse, 'contentHash'>[]> {
  return responses(connection).find({ _id: { $in: ids } }, { contentHash: 0 }).lean<Omit<StoredResponse, 'contentHash'>[]>();
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

/** The collection's size from its metadata (no scan). */
export function estimatedResponseCount(connection: Connection): Promise<number> {
  return responses(connection).estimatedDocumentCount();
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
export function analysisFieldsCursor(connection: Connection, filter: ResponseFilter = {}): AsyncIterable<StoredAnalysisFields> {
  return responses(connection).find(filter, ANALYSIS_FIELDS).lean<StoredAnalysisFields>().cursor({ batchSize: 1000 });
}

/** Analysis fields of the responses received since a moment (another instance's writes). */
export const analysisFieldsSince = (connection: Connection, since: Date) => analysisFieldsCursor(connection, { receivedAt: { $gte: since } });

/** Analysis fields of the responses with these ids. */
export const analysisFieldsOfIds = (connection: Connection, ids: string[]) => analysisFieldsCursor(connection, { _id: { $in: ids } });

/** The analysis fields of one response. */
export async function analysisFieldsOf(connection: Connection, id: string): Promise<StoredAnalysisFields | null> {
  return responses(connection).findById(id, ANALYSIS_FIELDS).lean<StoredAnalysisFields>();
}

/** What the quality rules read, of every stored response: one unsorted cursor. */
export function qualityFieldsCursor(connection: Connection): AsyncIterable<StoredQualityFields> {
  return responses(connection).find({}, QUALITY_FIELDS).lean<StoredQualityFields>().cursor({ batchSize: 1000 });
}

/** The listing's fields of every response a filter keeps. */
export async function listingFields(connection: Connection, filter: ResponseFilter): Promise<StoredListingFields[]> {
  return responses(connection).find(filter, LISTING_FIELDS).lean<StoredListingFields[]>();
}

/** The responses of the data export, one unsorted cursor; who answered is not read. */
export function exportCursor(connection: Connection, filter: ResponseFilter): AsyncIterable<StoredExportFields> {
  return responses(connection).find(filter, { _id: 0, contentHash: 0, interviewer: 0, linkId: 0 }).lean<StoredExportFields>().cursor({ batchSize: 500 });
}

/** Inserts an interview through a draft's test link: 'duplicate-key' when its id is already stored there. */
export async function insertTestResponse(connection: Connection, document: ResponseDocument): Promise<InsertOutcome> {
  try {
    await testResponses(connection).collection.insertOne(document as never);
    return 'inserted';
  } catch (error) {
    if ((error as { code?: number })?.code === 11000) return 'duplicate-key';
    throw error;
  }
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
