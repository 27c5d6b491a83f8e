/**
 * Versions of a response. Version 1 is the response document as received (never changed); each later
 * version — the interviewer's corrected resend of a returned interview, or a reviewer's edit — is one
 * insert into `responseVersions` under `<id>#<n>`. The highest version is the current one: the one the
 * listing, the estimates and the data export use.
 */
import type { Connection } from 'mongoose';
import type { ResponseStatus } from '../../analysis/domain/profile';
import type { ResponseScores } from '../../analysis/scoring/types';
import { scoreAnswers } from './instrumentVersions';
import { problem } from '../../contracts/problems';
import type { AnswerEdit } from '../../contracts/review';
import { findResponse, type StoredResponse } from '../queries/responses';
import { allVersionsCursor, insertResponseVersion, versionsOfResponse, type AnswerChange, type StoredVersion } from '../queries/responseVersions';
import { validateAnswers } from './answerValidation';
import { contentHash } from './contentHash';
import type { ServerState } from '../state';

export type { AnswerChange, StoredVersion } from '../queries/responseVersions';

/** The content that counts for analysis, from whichever version is current. */
export interface CurrentContent {
  version: number;
  status: ResponseStatus;
  answers: Record<string, unknown>;
  scores: ResponseScores | null;
  paradata: Record<string, unknown>;
}

export async function versionsOf(connection: Connection, id: string): Promise<StoredVersion[]> {
  const versions = await versionsOfResponse(connection, id);
  return versions.sort((a, b) => a.version - b.version);
}

export async function latestVersionNumber(connection: Connection, id: string): Promise<number> {
  const versions = await versionsOf(connection, id);
  return versions.at(-1)?.version ?? 1;
}

/** The current content of every response that has a later version than the one received (few: corrected or edited ones). */
export async function currentVersions(connection: Connection): Promise<Map<string, CurrentContent>> {
  const latest = new Map<string, CurrentContent>();
  for await (const version of allVersionsCursor(connection)) {
    if ((latest.get(version.responseId)?.version ?? 1) < version.version) latest.set(version.responseId, contentOf(version));
  }
  return latest;
}

const contentOf = (version: StoredVersion): CurrentContent => ({
  version: version.version,
  status: version.status as ResponseStatus,
  answers: version.answers as Record<string, unknown>,
  scores: (version.scores as ResponseScores | null) ?? null,
  paradata: (version.paradata as Record<string, unknown>) ?? {},
});

export function currentContent(response: Pick<StoredResponse, 'status' | 'answers' | 'scores' | 'paradata'>, versions: StoredVersion[]): CurrentContent {
  const latest = versions.at(-1);
  if (latest) return contentOf(latest);
  return { version: 1, status: response.status as ResponseStatus, answers: response.answers as Record<string, unknown>, scores: (response.scores as ResponseScores | null) ?? null, paradata: (response.paradata ?? {}) as Record<string, unknown> };
}

/** Question by question, what a new set of answers changes (a removed answer goes to null). */
export function answerChanges(before: Record<string, unknown>, after: Record<string, unknown>): AnswerChange[] {
  const questions = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...questions].filter((question) => contentHash(before[question] ?? null) !== contentHash(after[question] ?? null)).map((question) => ({ question, from: before[question] ?? null, to: after[question] ?? null }));
}

/** Stores the next version; a 409 when someone else stored that version number first. */
export async function insertVersion(state: ServerState, version: Omit<StoredVersion, '_id'>): Promise<void> {
  try {
    await insertResponseVersion(state.connection, version);
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw problem('version-conflict', { version: version.version, id: version.responseId });
    throw error;
  }
  await state.analysis.revise(version.responseId);
}

/**
 * A reviewer's correction: the current answers with `changes` applied (null removes an answer), checked
 * against the instrument like any submission, scored again, stored as the next version with old → new.
 */
export async function editAnswers(state: ServerState, id: string, edit: AnswerEdit, by: string): Promise<StoredVersion> {
  const response = await findResponse(state.connection, id);
  if (!response) throw problem('unknown-response', { ids: id });
  const versions = await versionsOf(state.connection, id);
  const current = currentContent(response, versions);
  const answers = { ...current.answers };
  for (const [question, value] of Object.entries(edit.changes)) {
    if (value === null) delete answers[question];
    else answers[question] = value;
  }
  const changes = answerChanges(current.answers, answers);
  if (changes.length === 0) throw problem('no-change', Object.keys(edit.changes).map((question) => ({ path: `changes.${question}`, message: 'already this value' })));
  const errors = validateAnswers(response.instrumentId, response.instrumentVersion, answers, current.status);
  if (errors.length > 0) throw problem('invalid-answers', { count: errors.length }, errors.map((error) => ({ ...error, path: `changes.${error.path.replace(/^answers\./, '')}` })));
  const surveyDate = current.paradata.completedAt ? new Date(current.paradata.completedAt as string | Date) : response.receivedAt;
  const scored = current.status === 'complete' || current.status === 'partial';
  const version: Omit<StoredVersion, '_id'> = {
    responseId: id,
    version: current.version + 1,
    kind: 'edit',
    status: current.status,
    answers,
    scores: scored ? scoreAnswers(response.instrumentId, response.instrumentVersion, answers, surveyDate) : null,
    paradata: current.paradata,
    contentHash: contentHash({ id, answers, status: current.status, edit: current.version + 1 }),
    by,
    at: new Date(),
    reason: edit.reason,
    changes,
  };
  await insertVersion(state, version);
  return { _id: `${id}#${version.version}`, ...version };
}
