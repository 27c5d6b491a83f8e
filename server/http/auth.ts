import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../app';
import type { Role } from '../../contracts/accounts';
import { verifySessionToken } from '../services/sessions';
import type { PublicUser } from '../../contracts/accounts';
import { problem } from '../../contracts/problems';
import { findUser, refuseDisabled } from '../services/users';

export const SESSION_COOKIE = 'mh_session';

/** The sign-in token of a request: `Authorization: Bearer …` (apps, scripts) or the session cookie (browsers). */
export function sessionTokenOf(request: Request): string | undefined {
  const header = request.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return cookieValue(request.get('cookie'), SESSION_COOKIE);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * The signed-in user, read from the database (through a cache of ACCOUNT_CACHE_SECONDS) on each request, so
 * that a removed or disabled account or a changed assignment takes effect without waiting for the session to expire.
 * 401 without a valid session.
 */
export async function userOfRequest(context: AppContext, request: Request): Promise<PublicUser> {
  const token = sessionTokenOf(request);
  if (!token) throw problem('unauthenticated');
  let username: string;
  try {
    username = verifySessionToken(token, context.secret).sub;
  } catch (error) {
    throw problem('invalid-session', { detail: (error as Error).message });
  }
  const user = await findUser(context.state, username);
  if (!user) throw problem('invalid-session', { detail: 'This account no longer exists.' });
  refuseDisabled(user);
  return user;
}

export function requireAuth(context: AppContext): RequestHandler {
  return async (request, response, next) => {
    response.locals.user = await userOfRequest(context, request);
    next();
  };
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (_request: Request, response: Response, next: NextFunction) => {
    const user = currentUser(response);
    if (!roles.includes(user.role)) return next(problem('forbidden', { needed: roles.join(' or '), role: user.role }));
    next();
  };
}

export function currentUser(response: Response): PublicUser {
  const user = response.locals.user as PublicUser | undefined;
  if (!user) throw new Error('currentUser() used on a route without requireAuth');
  return user;
}
