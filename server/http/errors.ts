import type { ErrorRequestHandler } from 'express';

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

/** Turns every failure into JSON `{code, message, errors?}`; unexpected ones are logged and hidden. */
export const errorHandler: ErrorRequestHandler = (error, _request, response, _next) => {
  if (error instanceof HttpError) {
    if (error.headers) response.set(error.headers);
    response.status(error.status).json({ code: error.code, message: error.message, ...(error.errors ? { errors: error.errors } : {}) });
    return;
  }
  const status = typeof error?.status === 'number' ? error.status : 500;
  if (status === 400 && error?.type === 'entity.parse.failed') {
    response.status(400).json({ code: 'invalid-json', message: `The body is not valid JSON: ${error.message}` });
    return;
  }
  if (status === 413) {
    response.status(413).json({ code: 'too-large', message: `The body is larger than the limit of ${error.limit} bytes.` });
    return;
  }
  if (status >= 400 && status < 500) {
    response.status(status).json({ code: 'bad-request', message: error.message });
    return;
  }
  console.error(error);
  response.status(500).json({ code: 'internal', message: 'Internal server error; the details are in the server log.' });
};
