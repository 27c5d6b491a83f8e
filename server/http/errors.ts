import type { ErrorRequestHandler, Response } from 'express';
import { isDatabaseUnavailable } from '../db/connection';
import { logOf } from './requestLog';

export interface FieldError {
  path: string;
  message: string;
}

/** An error a client can act on: an HTTP status, a stable code and a message to show. */
export class HttpError extends Error {
  /** Headers the answer carries, e.g. Retry-After on a 503. */
  headers?: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

/** Every error body carries the request's id, so a person's report of an error leads to its log line. */
function sendError(response: Response, status: number, body: { code: string; message: string; errors?: FieldError[] }): void {
  const requestId = response.locals.requestId as string | undefined;
  response.status(status).json({ ...body, ...(requestId ? { requestId } : {}) });
}

/** Turns every failure into JSON `{code, message, errors?, requestId?}`; unexpected ones are logged and hidden. */
export const errorHandler: ErrorRequestHandler = (error, request, response, next) => {
  if (isDatabaseUnavailable(error)) return errorHandler(databaseUnavailable(), request, response, next);
  if (error instanceof HttpError) {
    if (error.headers) response.set(error.headers);
    sendError(response, error.status, { code: error.code, message: error.message, ...(error.errors ? { errors: error.errors } : {}) });
    return;
  }
  const status = typeof error?.status === 'number' ? error.status : 500;
  if (status === 400 && error?.type === 'entity.parse.failed') {
    sendError(response, 400, { code: 'invalid-json', message: `The body is not valid JSON: ${error.message}` });
    return;
  }
  if (status === 413) {
    sendError(response, 413, { code: 'too-large', message: `The body is larger than the limit of ${error.limit} bytes.` });
    return;
  }
  if (status >= 400 && status < 500) {
    sendError(response, status, { code: 'bad-request', message: error.message });
    return;
  }
  logOf(response).error({ err: error }, 'unexpected error');
  sendError(response, 500, { code: 'internal', message: 'Internal server error; the details are in the server log.' });
};

/** The database is down or restarting: a 503 the client retries (after Retry-After), never a 500. */
export function databaseUnavailable(): HttpError {
  const error = new HttpError(
    503,
    'database-unavailable',
    '数据库暂时不可用，请稍后重试；平板上的访谈会保留并自动重发。The database is unavailable for the moment: try again in a few seconds.',
  );
  error.headers = { 'Retry-After': '5' };
  return error;
}
