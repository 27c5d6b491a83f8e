import type { Mode } from '../../analysis/domain/profile';
import type { Paradata, Submission } from '../../contracts/submission';
import { responseStatusOf } from '../../surveys/outcome';

export interface SubmissionParts {
  /** The client's UUID for the interview: the response's identity on the server. */
  id: string;
  instrument: { id: string; version: number; json: object };
  samplingPoint: string;
  mode: Mode;
  answers: Record<string, unknown>;
  paradata: Paradata;
}

/**
 * The one place a response is put together, by the interviewer app and the phone alike: the status is read
 * from the instrument's own logic, so both apps and the server classify an answer set the same way.
 */
export function buildSubmission(parts: SubmissionParts): Submission {
  return {
    id: parts.id,
    instrumentId: parts.instrument.id,
    instrumentVersion: parts.instrument.version,
    samplingPoint: parts.samplingPoint,
    mode: parts.mode,
    status: responseStatusOf(parts.instrument.json, parts.answers as never),
    answers: parts.answers,
    paradata: parts.paradata,
  };
}
