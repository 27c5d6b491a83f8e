import type { ErrorBody, FieldError } from '../../../contracts/errors';
import type { Paradata, Submission } from '../../../contracts/submission';
import type { Answers } from '../../../analysis/scoring/types';
import type { Locale } from '../locale';

/** The body of POST /api/responses (and one item of the batch), as contracts/submission.ts defines it. */
export type ResponseSubmission = Submission;

/** An interview in progress, saved on the device after every answer; its id becomes the response's id. */
export interface Draft {
  id: string;
  instrumentId: string;
  instrumentVersion: number;
  samplingPoint: string;
  /** Who started it, so a shared tablet shows each interviewer only their own work. */
  interviewer: string;
  answers: Answers;
  /** The page on screen when it was last saved, so a resumed interview opens there. */
  pageNo: number;
  locale: Locale;
  paradata: Paradata;
  createdAt: string;
  updatedAt: string;
  /** Set when a reviewer returned the interview for correction: what they said and where to look. */
  review?: { comment: string; page: string | null; returnedAt: string };
  /** A page to open at (by name) the first time the draft is opened: the page the reviewer flagged. */
  openAtPage?: string;
}

/** An interview a reviewer returned to this interviewer (GET /api/responses/returned, contracts/review.ts), kept on the tablet once fetched. */
export type { ReturnedInterview } from '../../../contracts/review';

/**
 * What the tablet keeps of a server's error body (contracts/errors.ts): its code and its Chinese and English
 * words, with the status it came with (0 when the server was not reached) and when. Stored in IndexedDB under
 * these names, so records kept by an older app still read.
 */
type KeptError = Pick<ErrorBody, 'code' | 'message' | 'messageEn'> & { status: number; at: string };

/** Why the server refused an interview (400, 409, 403…): shown to the interviewer and kept for correction. */
export interface Rejection extends KeptError {
  /** The body's field errors, an empty list when it gave none. */
  errors: FieldError[];
}

/** A finished interview waiting for the server's acknowledgement; it leaves the outbox only then. */
export interface OutboxItem {
  id: string;
  submission: ResponseSubmission;
  interviewer: string;
  queuedAt: string;
  /** How many times it was sent without an answer that settled it. */
  attempts: number;
  state: 'waiting' | 'rejected';
  rejection?: Rejection;
}

/** What the status bar shows, kept on the device so it survives a reload. */
export interface SyncStatus {
  lastSyncAt?: string;
  /** The last failed sync's error, cleared by the next successful one. */
  lastError?: SyncError;
  /** Failed syncs in a row; drives the backoff. */
  failures: number;
  /** When the next automatic attempt is due (after a failure). */
  retryAt?: string;
}

/** Why a sync failed: `status` 0 when the server was not reached (`network`, `timeout`). */
export type SyncError = KeptError;
