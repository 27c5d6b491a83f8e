import type { ResponseStatus } from '../../analysis/domain/profile';
import type { ErrorBody } from '../../contracts/errors';
import { problem, Problem } from '../../contracts/problems';
import { submissionSchema, type Submission, type SubmissionReceipt } from '../../contracts/submission';
import { jsonShapeProblem, MAX_JSON_DEPTH, MAX_RESPONSE_VALUES } from '../http/jsonLimits';
import { fieldErrors } from '../http/validate';
import { findResponse, insertResponse, responseDocumentOf, responseExists, storedContentHash, type StoredAnalysisFields, type StoredResponse } from '../queries/responses';
import type { LinkTokenPayload } from './linkTokens';
import type { PublicUser } from '../../contracts/accounts';
import { unstorableKeys } from '../../surveys/answerValidation';
import { validateAnswers } from './answerValidation';
import { storeTestResponse } from './instrumentDrafts';
import { intakeRefusal, scoreAnswers } from './instrumentVersions';
import { contentHash } from './contentHash';
import { answerChanges, currentContent, insertVersion, versionsOf } from './responseVersions';
import { changeReview, reviewOf } from './reviews';
import { samplingPointOf } from './samplingFrame';
import type { ServerState } from '../state';

/** Who sends a response: a signed-in interviewer (CAPI) or a respondent's phone holding a QR link (CAWI). */
export type Submitter = { kind: 'user'; user: PublicUser } | { kind: 'link'; link: LinkTokenPayload };

/** Stored (201, with the version when a correction), an identical resend (200), or refused: the problem's status and error body, with the response's id when it has one. */
export type SubmitOutcome = { status: 201 | 200; body: SubmissionReceipt } | { status: number; body: ErrorBody & { id?: string } };

/**
 * Stores one response exactly once. The insert is the only write: the UUID as `_id` makes a
 * resend (a retry after a lost acknowledgement) a duplicate key error, which is then told apart from a
 * different payload under the same id by the content hash. A 201 means the database acknowledged a
 * journaled write (the connection's write concern). Submissions arriving together share one commit
 * (GroupInsert), each still told its own document's fate.
 */
export async function submitResponse(state: ServerState, body: unknown, submitter: Submitter, now = new Date()): Promise<SubmitOutcome> {
  const prepared = await prepareSubmission(state, body, submitter, now);
  return 'refusal' in prepared ? prepared.refusal : storePrepared(state, prepared);
}

/** A response checked in every way but the insert, or the answer refusing it. */
export type PreparedSubmission = { document: StoredResponse; contentHash: string; id: string; sentId: string; submitter: Submitter } | { refusal: SubmitOutcome };

/**
 * Every check of a submission, and the document it becomes; nothing is written. Intake through a capped
 * link runs this before it takes a place, so an invalid submission never holds one.
 */
export async function prepareSubmission(state: ServerState, body: unknown, submitter: Submitter, now = new Date()): Promise<PreparedSubmission> {
  // Answered with the id as the client sent it, so that it can match the answer to its outbox item.
  const sentId = typeof (body as { id?: unknown })?.id === 'string' ? (body as { id: string }).id : undefined;
  const refuse = (refused: Problem) => ({ refusal: refusal(refused, sentId) });
  const shape = jsonShapeProblem(body, { maxDepth: MAX_JSON_DEPTH, maxValues: MAX_RESPONSE_VALUES });
  if (shape) return refuse(shape);
  const parsed = submissionSchema.safeParse(body);
  if (!parsed.success) return refuse(problem('invalid-response', fieldErrors(parsed.error)));
  const submission = parsed.data;
  const paradataKeyErrors = unstorableKeys(submission.paradata, 'paradata');
  if (paradataKeyErrors.length > 0) return refuse(problem('invalid-response', paradataKeyErrors));

  const mismatch = submitterMismatch(submission, submitter);
  if (mismatch) return refuse(mismatch);
  const versionRefusal = await intakeRefusal(state.connection, submission.instrumentId, submission.instrumentVersion, submitter.kind === 'link' && submitter.link.test === true, () => responseExists(state.connection, submission.id));
  if (versionRefusal === 'unknown') {
    return refuse(problem('unknown-instrument', { id: submission.instrumentId, version: submission.instrumentVersion }, [{ path: 'instrumentVersion', message: 'unknown instrument version' }]));
  }
  if (versionRefusal) return refuse(problem(`instrument-${versionRefusal}`, { id: submission.instrumentId, version: submission.instrumentVersion }, [{ path: 'instrumentVersion', message: versionRefusal }]));
  const site = await samplingPointOf(state, submission.samplingPoint);
  if (!site) return refuse(problem('unknown-sampling-point', [{ path: 'samplingPoint', message: 'unknown site code' }]));

  const answerErrors = validateAnswers(submission.instrumentId, submission.instrumentVersion, submission.answers, submission.status);
  if (answerErrors.length > 0) return refuse(problem('invalid-answers', { count: answerErrors.length }, answerErrors));

  // Keys in a fixed order, so a resend with reordered keys is still a repeat.
  const submissionHash = contentHash(submission);
  const surveyDate = submission.paradata.completedAt ? new Date(submission.paradata.completedAt) : now;
  const scored = submission.status === 'complete' || submission.status === 'partial';
  // Scores are set after the cast, which would drop a null.
  const document = responseDocumentOf(state.connection, {
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
  });
  document.scores = scored ? scoreAnswers(submission.instrumentId, submission.instrumentVersion, submission.answers, surveyDate) : null;
  return { document, contentHash: submissionHash, id: submission.id, sentId: sentId ?? submission.id, submitter };
}


/** Inserts a prepared response: 201 stored, 200 the same content was already stored, 409 different content under its id. */
export async function storePrepared(state: ServerState, prepared: Exclude<PreparedSubmission, { refusal: SubmitOutcome }>): Promise<SubmitOutcome> {
  const { id, sentId } = prepared;
  if (prepared.submitter.kind === 'link' && prepared.submitter.link.test) return storedTest(await storeTestResponse(state.connection, prepared.document), id, sentId);
  if ((await insertResponse(state.responseWriter, prepared.document)) === 'inserted') {
    state.analysis.stored(prepared.document as StoredAnalysisFields);
    state.quality.note(prepared.document as never);
    return { status: 201, body: { id: sentId } };
  }
  // A resend after a lost acknowledgement is the common case: decide it on the hash alone.
  const hash = await storedContentHash(state.connection, id);
  if (hash === prepared.contentHash) return { status: 200, body: { id: sentId, duplicate: true } };
  const stored = hash ? await findResponse(state.connection, id) : null;
  return stored ? laterVersion(state, stored, prepared.document, prepared.submitter) : refusal(problem('conflict', { id }), sentId);
}

/** The answer to an interview through a draft's test link: as a response's, marked as test data. */
function storedTest(outcome: 'inserted' | 'duplicate' | 'conflict', id: string, sentId: string): SubmitOutcome {
  if (outcome === 'conflict') return refusal(problem('conflict', { id }), sentId);
  return { status: outcome === 'inserted' ? 201 : 200, body: { id: sentId, ...(outcome === 'duplicate' ? { duplicate: true } : {}), test: true } };
}

/** The `_id` a client's response id becomes (lower case), or undefined when it is not a UUID. */
export function normalizedResponseId(sentId: unknown): string | undefined {
  const id = submissionSchema.shape.id.safeParse(sentId);
  return id.success ? id.data : undefined;
}

/**
 * A different payload under a stored id: a replay of any earlier version is a repeat (200); the corrected
 * interview of a returned one, from the interviewer it was returned to, becomes the next version (201)
 * and the interview goes back to `received`; anything else is a conflict (409).
 */
async function laterVersion(state: ServerState, stored: StoredResponse, resent: StoredResponse, submitter: Submitter): Promise<SubmitOutcome> {
  const id = stored._id;
  const versions = await versionsOf(state.connection, id);
  if (versions.some((version) => version.contentHash === resent.contentHash)) return { status: 200, body: { id, duplicate: true } };
  const review = await reviewOf(state.connection, id);
  const returnedToSender = review.state === 'returned' && submitter.kind === 'user' && submitter.user.username === stored.interviewer;
  if (!returnedToSender) return refusal(problem('conflict', { id }), id);
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
    await insertVersion(state, version);
  } catch (error) {
    if (error instanceof Problem) return refusal(error, id);
    throw error;
  }
  await changeReview(state, id, () => ({ state: 'received', event: { at: version.at, by: version.by, action: 'resubmit', comment: '' } }));
  state.quality.note(stored as never, { version: version.version, status: version.status as ResponseStatus, answers: version.answers as Record<string, unknown>, scores: version.scores as never, paradata: version.paradata as Record<string, unknown> });
  return { status: 201, body: { id, version: version.version } };
}

function submitterMismatch(submission: Submission, submitter: Submitter): Problem | undefined {
  if (submitter.kind === 'link') {
    const { link } = submitter;
    if (submission.mode !== 'cawi') return problem('wrong-mode', { mode: 'cawi', sender: '通过二维码链接', senderEn: 'a QR link' });
    if (link.samplingPoint !== submission.samplingPoint || link.instrumentId !== submission.instrumentId || link.instrumentVersion !== submission.instrumentVersion) {
      return problem('wrong-link', { id: link.instrumentId, version: link.instrumentVersion, siteCode: link.samplingPoint });
    }
    return undefined;
  }
  const { user } = submitter;
  if (submission.mode !== 'capi') return problem('wrong-mode', { mode: 'capi', sender: '已登录的访员', senderEn: 'a signed-in interviewer' });
  if (user.role === 'interviewer' && !user.samplingPoints.includes(submission.samplingPoint)) {
    return problem('site-not-assigned', { siteCode: submission.samplingPoint, username: user.username });
  }
  if (user.role === 'analyst') return problem('forbidden', { needed: 'interviewer or admin', role: user.role });
  return undefined;
}

function refusal(refused: Problem, id?: string): SubmitOutcome {
  return { status: refused.status, body: { ...(id ? { id } : {}), ...refused.toBody() } };
}
