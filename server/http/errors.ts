import type { ErrorRequestHandler } from 'express';
import { problem, Problem } from '../../contracts/problems';
import { isDatabaseUnavailable } from '../db/connection';
import { logOf } from './requestLog';

/**
 * Turns every failure into the one error body `{code, message (Chinese), messageEn, errors?, requestId?}`:
 * problems raised by services as they are, the body parser's refusals as their catalogue codes, and
 * anything unexpected as `internal`, logged and hidden. Every body carries the request's id, so a person's
 * report of an error leads to its log line.
 */
export const errorHandler: ErrorRequestHandler = (error, _request, response, _next) => {
  const known = problemOf(error);
  if (known.code === 'internal') logOf(response).error({ err: error }, 'unexpected error');
  if (known.headers) response.set(known.headers);
  const requestId = response.locals.requestId as string | undefined;
  response.status(known.status).json({ ...known.toBody(), ...(requestId ? { requestId } : {}) });
};

/** The problem an error stands for; body-parser's errors carry `status`, `type` and `limit`. */
export function problemOf(error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  const failure = error as { status?: unknown; type?: unknown; limit?: unknown; message?: unknown } | null;
  const status = typeof failure?.status === 'number' ? failure.status : 500;
  const detail = String(failure?.message ?? '');
  if (status === 400 && failure?.type === 'entity.parse.failed') return problem('invalid-json', { detail });
  if (status === 413) return problem('too-large', { limit: Number(failure?.limit) });
  if (status === 415) return problem('unsupported-media-type', { expected: 'application/json' });
  if (status >= 400 && status < 500) return problem('bad-request', { detail });
  return problem('internal');
}

/** The database is down or restarting: a 503 the client retries (after Retry-After), never a 500. */
export function databaseUnavailable(): Problem {
  const unavailable = problem('database-unavailable');
  unavailable.headers = { 'Retry-After': '5' };
  return unavailable;
}

