import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import pino, { type Logger } from 'pino';
import type { Config } from '../config';
import type { PublicUser } from '../services/users';

export type { Logger } from 'pino';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** A proxy's own request id is kept (so its log and ours join up) when it is short and plain; otherwise we make one. */
const ACCEPTED_REQUEST_ID = /^[\w.:-]{1,64}$/;

export function createLogger(config: Config): Logger {
  return pino({ level: config.LOG_LEVEL, base: { service: 'migrant-health' } });
}

/**
 * One JSON line per request when its answer is sent (or the client goes away): method, route (the
 * pattern, e.g. /api/links/resolve/:token, never the URL, so no token or query value is logged),
 * status, duration, request id and role. Bodies, cookies and headers are never logged. The request id is
 * also the X-Request-Id response header and the `requestId` of every error body.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (request, response, next) => {
    const given = request.get(REQUEST_ID_HEADER);
    const requestId = given && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
    const started = process.hrtime.bigint();
    response.locals.requestId = requestId;
    response.locals.log = logger.child({ requestId });
    response.set(REQUEST_ID_HEADER, requestId);
    let logged = false;
    const logLine = () => {
      if (logged) return;
      logged = true;
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      const route = request.route ? `${(response.locals.routeBase as string | undefined) ?? ''}${String(request.route.path)}` : '(no route)';
      const line = { method: request.method, route, status: response.statusCode, durationMs, role: roleOf(response, request.get('x-link-token')), ...(response.writableFinished ? {} : { aborted: true }) };
      const level = response.statusCode >= 500 ? 'error' : 'info';
      (response.locals.log as Logger)[level](line, 'request');
    };
    response.once('finish', logLine);
    response.once('close', logLine);
    next();
  };
}

/** Marks the routers mounted under `base` so the log names their routes in full (/api/...). */
export function routeBase(base: string): RequestHandler {
  return (_request, response, next) => {
    response.locals.routeBase = base;
    next();
  };
}

function roleOf(response: Response, linkToken: string | undefined): string {
  const user = response.locals.user as PublicUser | undefined;
  if (user) return user.role;
  return linkToken ? 'respondent' : 'anonymous';
}

/** The request's logger (with its request id), or the process's when the request logger did not run. */
export function logOf(response: Response): Pick<Logger, 'error' | 'warn' | 'info'> {
  return (response.locals.log as Logger | undefined) ?? fallbackLogger;
}

const fallbackLogger = pino({ base: { service: 'migrant-health' } });
