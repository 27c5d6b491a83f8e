import type { Mode, ResponseStatus } from '../domain/profile';

/** The facts of one interview (its current version) that the quality rules read. Times in ms since the epoch. */
export interface QualityInterview {
  id: string;
  /** `instrumentId@version`: interviews are compared only within one instrument version. */
  instrument: string;
  mode: Mode;
  status: ResponseStatus;
  stratum: string;
  siteCode: string;
  interviewer?: string;
  linkId?: string;
  /** The phone's hashed device identifier (QR self-completion). */
  deviceHash?: string;
  startedAt?: number;
  completedAt?: number;
  durationSeconds?: number;
  pageSeconds?: Record<string, number>;
  answers: Record<string, unknown>;
  /** From the scores: health literate (80% rule) and all awareness questions right; null when not scored. */
  literate: boolean | null;
  awarenessFull: boolean | null;
}

export const instrumentKey = (instrumentId: string, version: number) => `${instrumentId}@${version}`;

/** "8.5 分钟" / "8.5 min": lengths in the unit a supervisor thinks in. */
export const minutes = (seconds: number) => (seconds / 60).toFixed(1);

/** The first 8 characters of a UUID, enough for a reviewer to find it in the list. */
export const shortId = (id: string) => id.slice(0, 8);
