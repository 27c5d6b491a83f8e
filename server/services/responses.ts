import type { Connection, mongo } from 'mongoose';
import { z } from 'zod';
import { MODES, RESPONSE_STATUSES, type ResponseStatus } from '../../analysis/domain/profile';
import { HttpError, type FieldError } from '../http/errors';
import { jsonShapeProblem, MAX_JSON_DEPTH, MAX_RESPONSE_VALUES } from '../http/jsonLimits';
import { fieldErrors } from '../http/validate';
import { GroupInsert } from '../db/groupInsert';
import { modelsOf } from '../models';
import type { ResponseDocument } from '../models/response';
import type { LinkTokenPayload } from './linkTokens';
import type { PublicUser } from './users';
import { unstorableKeys, validateAnswers } from './answerValidation';
import { storeTestResponse } from './instrumentDrafts';
import { intakeRefusal, scoreAnswers } from './instrumentVersions';
import { analysisStoreOf, type StoredAnalysisFields } from './analysisStore';
import { contentHash } from './contentHash';
import { noteForQuality } from './quality';
import { answerChanges, currentContent, insertVersion, versionsOf } from './responseVersions';
import { changeReview, reviewOf } from './reviews';
import { samplingPointOf } from './samplingFrame';

const isoDate = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2026-05-01T08:30:00Z' });

export const submissionSchema = z.strictObject({
  /** Lower-cased: `_id` is compared byte for byte, and a resend in upper case is the same interview. */
  id: z.uuid({ message: 'expected a UUID made by the client, such as 3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f' }).transform((id) => id.toLowerCase()),
  instrumentId: z.string().min(1).max(100),
  instrumentVersion: z.number().int().positive(),
  samplingPoint: z.string().min(1).max(40),
  mode: z.enum(MODES),
  status: z.enum(RESPONSE_STATUSES),
  answers: z.record(z.string(), z.unknown()),
  paradata: z
    .strictObject({
      startedAt: isoDate.optional(),
      completedAt: isoDate.optional(),
      durationSeconds: z.number().nonnegative().optional(),
      pageSeconds: z.record(z.string(), z.number().nonnegative()).optional(),
      locale: z.string().max(20).optional(),
      appVersion: z.string().max(100).optional(),
      userAgent: z.string().max(500).optional(),
      device: z.string().max(200).optional(),
    })
    .default({}),
});
export type Submission = z.infer<typeof submissionSchema>;

/** Who sends a response: a signed-in interviewer (CAPI) or a respondent's phone holding a QR link (CAWI). */
export type Submitter = { kind: 'user'; user: PublicUser } | { kind: 'link'; link: LinkTokenPayload };

export type SubmitOutcome =
  | { status: 201; body: { id: string; version?: number } }
  | { status: 200; body: { id: string; duplicate: true } }
  | { status: 400 | 403 | 409; body: { id?: string; code: string; message: string; errors?: FieldError[] } };

/**
 * Stores one response exactly once. The insert is the only write: the UUID as `_id` makes a
 * resend (a retry after a lost acknowledgement) a duplicate key error, which is then told apart from a
 * different payload under the same id by the content hash. A 201 means the database acknowledged a
 * journaled write (the connection's write concern). Submissions arriving together share one commit
 * (GroupInsert), each still told its own document's fate.
 */
export async function submitResponse(connection: Connection, body: unknown, submitter: Submitter, now = new Date()): Promise<SubmitOutcome> {
  const prepared = await prepareSubmission(connection, body, submitter, now);
  return 'refusal' in prepared ? prepared.refusal : storePrepared(connection, prepared);
}

/** A response checked in every way but the insert, or the answer refusing it. */
export type PreparedSubmission = { document: ResponseDocument; contentHash: string; id: string; sentId: string; submitter: Submitter } | { refusal: SubmitOutcome };

/**
 * Every check of a submission, and the document it becomes; nothing is written. Intake through a capped
 * link runs this before it takes a place, so an invalid submission never holds one.
 */
export async function prepareSubmission(connection: Connection, body: unknown, submitter: Submitter, now = new Date()): Promise<PreparedSubmission> {
  // Answered with the id as the client sent it, so that it can match the answer to its outbox item.
  const sentId = typeof (body as { id?: unknown })?.id === 'string' ? (body as { id: string }).id : undefined;
  const refuse = (status: 400 | 403 | 409, code: string, message: string, errors?: FieldError[]) => ({ refusal: refusal(status, code, message, errors, sentId) });
  const shape = jsonShapeProblem(body, { maxDepth: MAX_JSON_DEPTH, maxValues: MAX_RESPONSE_VALUES });
  if (shape) return refuse(400, shape.code, shape.message, 'path' in shape ? [{ path: shape.path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` }] : undefined);
  const parsed = submissionSchema.safeParse(body);
  if (!parsed.success) return refuse(400, 'invalid-response', 'The response is invalid; see errors.', fieldErrors(parsed.error));
  const submission = parsed.data;
  const paradataKeyErrors = unstorableKeys(submission.paradata, 'paradata');
  if (paradataKeyErrors.length > 0) return refuse(400, 'invalid-response', 'The paradata has keys that cannot be stored; see errors.', paradataKeyErrors);

  const mismatch = submitterMismatch(submission, submitter);
  if (mismatch) return refuse(mismatch.status, mismatch.code, mismatch.message);
  const versionRefusal = await intakeRefusal(connection, submission.instrumentId, submission.instrumentVersion, submitter.kind === 'link' && submitter.link.test === true, () => isStoredResponse(connection, submission.id));
  if (versionRefusal === 'unknown') {
    return refuse(400, 'unknown-instrument', `No instrument ${submission.instrumentId} version ${submission.instrumentVersion}; GET /api/instruments lists them.`, [{ path: 'instrumentVersion', message: 'unknown instrument version' }]);
  }
  if (versionRefusal) return refuse(409, `instrument-${versionRefusal}`, VERSION_REFUSALS[versionRefusal](submission.instrumentId, submission.instrumentVersion), [{ path: 'instrumentVersion', message: versionRefusal }]);
  const { Response } = modelsOf(connection);
  const site = await samplingPointOf(connection, submission.samplingPoint);
  if (!site) return refuse(400, 'unknown-sampling-point', `No sampling point with site code "${submission.samplingPoint}".`, [{ path: 'samplingPoint', message: 'unknown site code' }]);

  const answerErrors = validateAnswers(submission.instrumentId, submission.instrumentVersion, submission.answers, submission.status);
  if (answerErrors.length > 0) return refuse(400, 'invalid-answers', `${answerErrors.length} answer(s) do not fit the instrument; see errors.`, answerErrors);

  // Keys in a fixed order, so a resend with reordered keys is still a repeat.
  const submissionHash = contentHash(submission);
  const surveyDate = submission.paradata.completedAt ? new Date(submission.paradata.completedAt) : now;
  const scored = submission.status === 'complete' || submission.status === 'partial';
  // Cast by the schema (the paradata's ISO dates become Dates) and written by the driver: mongoose's
  // document machinery (hydration, asynchronous validation) cost more CPU than the write itself, and every
  // field here comes from the zod-checked body, the instrument or the imported frame. Scores are set after
  // the cast, which would drop a null.
  const document = Response.castObject({
    _id: submission.id,
    id: submission.id,
    instrumentId: submission.instrumentId,
    instrumentVersion: submission.instrumentVersion,
    mode: submission.mode,
    status: submission.status,
    answers: submission.answers,
    stratum: site.stratum,
    siteCode: site.siteCode,
    provinceCode: site.provinceCode,
    cityCode: site.cityCode,
    countyCode: site.countyCode,
    region: site.region,
    interviewer: submitter.kind === 'user' ? submitter.user.username : undefined,
    linkId: submitter.kind === 'link' ? submitter.link.linkId : undefined,
    paradata: submission.paradata,
    contentHash: submissionHash,
    receivedAt: now,
  }) as ResponseDocument;
  document.scores = scored ? scoreAnswers(submission.instrumentId, submission.instrumentVersion, submission.answers, surveyDate) : null;
  return { document, contentHash: submissionHash, id: submission.id, sentId: sentId ?? submission.id, submitter };
}

const VERSION_REFUSALS = {
  draft: (id: string, version: number) => `问卷“${id}”第 ${version} 版还是草稿，只能通过测试链接填写。Version ${version} of "${id}" is a draft: only its test links take interviews, as test data.`,
  retired: (id: string, version: number) => `问卷“${id}”第 ${version} 版已停用，不再接收新的问卷；请用最新发布的版本。Version ${version} of "${id}" is retired and takes no new interviews; start new ones on the published version (GET /api/instruments).`,
  'not-a-draft': (id: string, version: number) => `这个测试链接的问卷“${id}”第 ${version} 版已不是草稿。The test link's version ${version} of "${id}" is no longer a draft.`,
};

/** Inserts a prepared response: 201 stored, 200 the same content was already stored, 409 different content under its id. */
export async function storePrepared(connection: Connection, prepared: Exclude<PreparedSubmission, { refusal: SubmitOutcome }>): Promise<SubmitOutcome> {
  const { id, sentId } = prepared;
  if (prepared.submitter.kind === 'link' && prepared.submitter.link.test) return storeTestResponse(connection, prepared.document, sentId) as Promise<SubmitOutcome>;
  if ((await responseInsertOf(connection).insert(prepared.document)) === 'inserted') {
    analysisStoreOf(connection).stored(prepared.document as StoredAnalysisFields);
    noteForQuality(connection, prepared.document as never);
    return { status: 201, body: { id: sentId } };
  }
  // A resend after a lost acknowledgement is the common case: decide it on the hash alone.
  const { Response } = modelsOf(connection);
  const hash = await Response.findById(id, { contentHash: 1 }).lean();
  if (hash?.contentHash === prepared.contentHash) return { status: 200, body: { id: sentId, duplicate: true } };
  const stored = hash ? await Response.findById(id).lean() : null;
  return stored ? laterVersion(connection, stored as ResponseDocument & { _id: string }, prepared.document, prepared.submitter) : refusal(409, 'conflict', `A different response with id ${id} is already stored.`, undefined, sentId);
}

/** The `_id` a client's response id becomes (lower case), or undefined when it is not a UUID. */
export function normalizedResponseId(sentId: unknown): string | undefined {
  const id = submissionSchema.shape.id.safeParse(sentId);
  return id.success ? id.data : undefined;
}

/**
 * Whether a response with this id is stored. One lookup by `_id`, but FerretDB answers a missing `_id` by
 * scanning the collection (about 1 s per 5,000 responses here), so anonymous paths avoid calling it.
 */
export async function isStoredResponse(connection: Connection, id: string): Promise<boolean> {
  return Boolean(await modelsOf(connection).Response.exists({ _id: id }));
}

/**
 * A different payload under a stored id: a replay of any earlier version is a repeat (200); the corrected
 * interview of a returned one, from the interviewer it was returned to, becomes the next version (201)
 * and the interview goes back to `received`; anything else is a conflict (409).
 */
async function laterVersion(connection: Connection, stored: ResponseDocument & { _id: string }, resent: ResponseDocument, submitter: Submitter): Promise<SubmitOutcome> {
  const id = stored._id;
  const versions = await versionsOf(connection, id);
  if (versions.some((version) => version.contentHash === resent.contentHash)) return { status: 200, body: { id, duplicate: true } };
  const review = await reviewOf(connection, id);
  const returnedToSender = review.state === 'returned' && submitter.kind === 'user' && submitter.user.username === stored.interviewer;
  if (!returnedToSender) return refusal(409, 'conflict', `A different response with id ${id} is already stored; a new interview needs a new UUID.`, undefined, id);
  const previous = currentContent(stored, versions);
  const version = {
    responseId: id,
    version: previous.version + 1,
    kind: 'resubmission' as const,
    status: resent.status,
    answers: resent.answers,
    scores: resent.scores,
    paradata: resent.paradata,
    contentHash: resent.contentHash,
    by: submitter.user.username,
    at: new Date(),
    reason: '',
    changes: answerChanges(previous.answers, resent.answers as Record<string, unknown>),
  };
  try {
    await insertVersion(connection, version);
  } catch (error) {
    if (error instanceof HttpError) return refusal(409, error.code, error.message, undefined, id);
    throw error;
  }
  await changeReview(connection, id, () => ({ state: 'received', event: { at: version.at, by: version.by, action: 'resubmit', comment: '' } }));
  noteForQuality(connection, stored as never, { version: version.version, status: version.status as ResponseStatus, answers: version.answers as Record<string, unknown>, scores: version.scores as never, paradata: version.paradata as Record<string, unknown> });
  return { status: 201, body: { id, version: version.version } };
}

/** One group insert per connection, so that concurrent submissions share its commits. */
const responseInserts = new WeakMap<Connection, GroupInsert<ResponseDocument>>();
function responseInsertOf(connection: Connection): GroupInsert<ResponseDocument> {
  let insert = responseInserts.get(connection);
  if (!insert) {
    insert = new GroupInsert(modelsOf(connection).Response.collection as unknown as mongo.Collection<ResponseDocument>);
    responseInserts.set(connection, insert);
  }
  return insert;
}

function submitterMismatch(submission: Submission, submitter: Submitter): { status: 400 | 403; code: string; message: string } | undefined {
  if (submitter.kind === 'link') {
    const { link } = submitter;
    if (submission.mode !== 'cawi') return { status: 400, code: 'wrong-mode', message: 'A response sent through a QR link has mode "cawi".' };
    if (link.samplingPoint !== submission.samplingPoint || link.instrumentId !== submission.instrumentId || link.instrumentVersion !== submission.instrumentVersion) {
      return { status: 403, code: 'wrong-link', message: `This link is for ${link.instrumentId} version ${link.instrumentVersion} at site ${link.samplingPoint}.` };
    }
    return undefined;
  }
  const { user } = submitter;
  if (submission.mode !== 'capi') return { status: 400, code: 'wrong-mode', message: 'A response sent by a signed-in interviewer has mode "capi".' };
  if (user.role === 'interviewer' && !user.samplingPoints.includes(submission.samplingPoint)) {
    return { status: 403, code: 'site-not-assigned', message: `Sampling point ${submission.samplingPoint} is not assigned to ${user.username}.` };
  }
  if (user.role === 'analyst') return { status: 403, code: 'forbidden', message: 'Analysts read responses; interviewers and QR links send them.' };
  return undefined;
}

function refusal(status: 400 | 403 | 409, code: string, message: string, errors?: FieldError[], id?: string): SubmitOutcome {
  return { status, body: { ...(id ? { id } : {}), code, message, ...(errors ? { errors } : {}) } };
}
