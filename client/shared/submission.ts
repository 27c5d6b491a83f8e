import type { Submission } from '../../contracts/submission';
import { responseStatusOf } from '../../surveys/outcome';

/** The submission's own fields (`id` is the client's UUID, the response's identity on the server) and the instrument it answers. */
export type SubmissionParts = Pick<Submission, 'id' | 'samplingPoint' | 'mode' | 'answers' | 'paradata'> & { instrument: { id: string; version: number; json: object } };

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
