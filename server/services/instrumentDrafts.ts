/**
 * A questionnaire version's life after upload, as ODK Central's form drafts: an uploaded draft (checked by
 * the rules of `npm run surveys:check`, with its changes against the published version), its test links
 * and test interviews, then publish, retire or discard. Each move is one single-document update guarded
 * by the state it leaves (no transactions): two managers publishing at once publish it once.
 */
import type { Connection } from 'mongoose';
import type { AnswerKey, InstrumentJson } from '../../analysis/scoring/instrumentJson';
import { answerKeySchema } from '../../surveys/catalog';
import { changesBetween } from '../../surveys/changes';
import { INSTRUMENT_STATE_LABELS, instrumentUploadSchema, type InstrumentChanges, type MovedInstrument, type StoredInstrumentState, type UploadedDraft, type UploadPreview } from '../../contracts/instruments';
import { checkUploadedInstrument, UPLOADED_KEY, type Problem } from '../../surveys/check';
import type { FieldError } from '../../contracts/errors';
import { problem, type Problem as Refusal } from '../../contracts/problems';
import { insertInstrumentVersion, moveInstrumentVersion, storedInstrumentState, storedVersionNumbers } from '../queries/instrumentVersions';
import { deleteTestLinks, openTestLink, type LinkDocument } from '../queries/links';
import { countTestResponses, deleteTestResponses, insertTestResponse, storedTestContentHash, type StoredResponse } from '../queries/responses';
import { firstSiteCode } from '../queries/samplingPoints';
import { createLink } from './links';
import { documentOf, instrumentVersionOf, isDuplicateKey, rememberState, rememberVersion, versionKey } from './instrumentVersions';

/** Lower-case letters, digits and `-`: an instrument id is in URLs, file names and every stored response. */
export const INSTRUMENT_ID = /^[a-z][a-z0-9-]{1,62}$/;

/** A problem of the check as the API lists it: the question (an answer-key entry as `key.<question>`) and what is wrong. */
function fieldErrorOf({ file, question, message }: Problem): FieldError {
  if (!question) return { path: file, message };
  return { path: file === UPLOADED_KEY ? `${UPLOADED_KEY}.${question}` : question, message };
}

/** Every problem of an upload, or none; checks the key's own shape first, since the rules read it. */
export function uploadProblems(json: InstrumentJson, key: Record<string, unknown>): FieldError[] {
  const keyShape = answerKeySchema.safeParse(key);
  if (!keyShape.success) {
    return keyShape.error.issues.map((issue) => ({ path: [UPLOADED_KEY, ...issue.path.map(String)].join('.'), message: `${issue.message}; a key entry is {"correct": "b", "points": 1}` }));
  }
  return checkUploadedInstrument(json, keyShape.data).map(fieldErrorOf);
}

function invalidInstrument(errors: FieldError[]): Refusal {
  return problem('invalid-instrument', { count: errors.length }, errors);
}

/**
 * Stores an uploaded version as the instrument's next draft (a new id starts a new instrument at version
 * 1), or lists every problem and stores nothing. Two uploads racing for the same number collide on the
 * `_id`; the later one takes the next number.
 */
export async function uploadDraft(connection: Connection, id: string, body: unknown, by: string, now = new Date()): Promise<UploadedDraft> {
  const { json, key, changes } = checkedUpload(id, body);
  for (let attempt = 0; attempt < 5; attempt++) {
    const version = Math.max(0, ...(await storedVersionNumbers(connection, id))) + 1;
    const document = documentOf(id, version, 'draft', json, key, by, now);
    try {
      await insertInstrumentVersion(connection, document);
    } catch (error) {
      if (isDuplicateKey(error)) continue;
      throw error;
    }
    rememberVersion(document);
    return { id, version, state: 'draft', changes };
  }
  throw problem('instrument-upload-conflict');
}

/** The checks and the changes of an upload, nothing stored. */
export function previewUpload(id: string, body: unknown): UploadPreview {
  return { id, preview: true, changes: checkedUpload(id, body).changes };
}

/** An upload that passes every rule, with its changes against the published version; otherwise a 400 listing every problem. */
function checkedUpload(id: string, body: unknown): { json: InstrumentJson; key: AnswerKey; changes: InstrumentChanges } {
  if (!INSTRUMENT_ID.test(id)) throw problem('invalid-instrument-id', { id }, [{ path: 'id', message: 'lower-case letters, digits and -' }]);
  const parsed = instrumentUploadSchema.safeParse(body);
  if (!parsed.success) throw invalidInstrument(parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(body)', message: issue.message })));
  const json = parsed.data.json as InstrumentJson;
  const errors = uploadProblems(json, parsed.data.key);
  if (errors.length > 0) throw invalidInstrument(errors);
  return { json, key: parsed.data.key as AnswerKey, changes: changesBetween(instrumentVersionOf(id)?.json, json) };
}

const unknownVersion = (id: string, version: number) => problem('unknown-instrument', { id, version });

const MOVES = {
  publish: { from: 'draft', to: 'published', stamp: 'published' },
  retire: { from: 'published', to: 'retired', stamp: 'retired' },
  discard: { from: 'draft', to: 'discarded', stamp: null },
} as const satisfies Record<string, { from: StoredInstrumentState; to: StoredInstrumentState; stamp: 'published' | 'retired' | null }>;
export type InstrumentMove = keyof typeof MOVES;

/**
 * Moves a version from the state the move starts from (publish and discard: a draft; retire: published),
 * one guarded update; then a draft's test links and test interviews are deleted (publish, discard).
 */
export async function moveVersion(connection: Connection, id: string, version: number, move: InstrumentMove, by: string, now = new Date()): Promise<MovedInstrument> {
  const { from, to, stamp } = MOVES[move];
  const set: Record<string, unknown> = { state: to, ...(stamp ? { [`${stamp}At`]: now, [`${stamp}By`]: by } : {}) };
  if (!(await moveInstrumentVersion(connection, versionKey(id, version), from, set))) {
    const state = await storedInstrumentState(connection, versionKey(id, version));
    if (!state || state === 'discarded') throw unknownVersion(id, version);
    const verbZh = move === 'publish' ? '发布' : move === 'retire' ? '停用' : '删除';
    throw problem('instrument-state', { id, version, state, stateZh: INSTRUMENT_STATE_LABELS[state]['zh-cn'], rule: `only a ${from} version can be ${move === 'discard' ? 'deleted' : `${move}ed`}`, ruleZh: `只有${INSTRUMENT_STATE_LABELS[from]['zh-cn']}的版本可以${verbZh}` });
  }
  rememberState(id, version, to, now);
  if (from === 'draft') await deleteTestData(connection, id, version);
  return { id, version, state: to };
}

/** A draft's test links and the interviews they brought in. */
async function deleteTestData(connection: Connection, id: string, version: number): Promise<void> {
  await deleteTestResponses(connection, id, version);
  await deleteTestLinks(connection, id, version);
}

/** An interview through a test link, stored once in testResponses: a resend of the same content is a duplicate, another payload under its id a conflict. */
export async function storeTestResponse(connection: Connection, document: StoredResponse): Promise<'inserted' | 'duplicate' | 'conflict'> {
  if ((await insertTestResponse(connection, document)) === 'inserted') return 'inserted';
  return (await storedTestContentHash(connection, document._id)) === document.contentHash ? 'duplicate' : 'conflict';
}

/** How many test interviews a draft has (the console shows it beside the test link). */
export async function testResponseCount(connection: Connection, id: string, version: number): Promise<number> {
  return countTestResponses(connection, id, version);
}

/** A test link lasts as long as a draft is usually tested. */
const TEST_LINK_DAYS = 14;

/** A draft's open test link (at the given site, or any), or a new one at that site or the frame's first. */
export async function testLinkOf(connection: Connection, secret: string, id: string, version: number, samplingPoint: string | undefined, by: string, now = new Date()): Promise<LinkDocument> {
  const entry = instrumentVersionOf(id, version);
  if (!entry) throw unknownVersion(id, version);
  if (entry.state !== 'draft') throw problem('instrument-state', { id, version, state: entry.state, stateZh: INSTRUMENT_STATE_LABELS[entry.state]['zh-cn'], rule: 'only a draft has test links', ruleZh: '只有草稿才有测试链接' });
  const open = await openTestLink(connection, id, version, now, samplingPoint);
  if (open) return open;
  const site = samplingPoint ?? (await firstSiteCode(connection));
  if (!site) throw problem('no-sampling-points');
  return createLink(connection, secret, { samplingPoint: site, instrumentId: id, instrumentVersion: version, expiresAt: new Date(now.getTime() + TEST_LINK_DAYS * 86_400_000) }, by, now, { test: true });
}
