import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app';
import { HttpError } from '../http/errors';
import { SESSION_COOKIE } from '../http/auth';
import { servedOverHttps } from '../http/security';
import { recordFailure, recordSuccess, refuseIfThrottled, signInAttempt } from '../http/signInThrottle';
import { parseBody } from '../http/validate';
import { authSecretOf } from '../services/authSecret';
import { issueSessionToken } from '../services/sessions';
import { signInWithCode } from '../services/signInCodes';
import { authenticate, noteSignIn, refuseDisabled, type PublicUser } from '../services/users';

const loginSchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
const codeSchema = z.strictObject({ code: z.string().trim().min(1).max(40) });

export function authRoutes(context: AppContext): Router {
  const router = Router();
  /** The same session, cookie and answer whichever way the person proved who they are. */
  const startSession = async (request: Request, response: Response, user: PublicUser) => {
    await noteSignIn(context.connection, user.username);
    const { token, expiresAt } = issueSessionToken(user.username, user.role, authSecretOf(context.config));
    response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: servedOverHttps(context.config, request), expires: expiresAt, path: '/' });
    response.json({ token, role: user.role, username: user.username, samplingPoints: user.samplingPoints, expiresAt });
  };
  router.post('/auth/login', async (request, response) => {
    const { username, password } = parseBody(loginSchema, request.body);
    const attempt = signInAttempt(context, request, username);
    refuseIfThrottled(context, attempt, response);
    const user = await authenticate(context.connection, username, password);
    if (!user) {
      recordFailure(context, attempt);
      throw new HttpError(401, 'bad-credentials', 'Wrong username or password.');
    }
    refuseDisabled(user);
    recordSuccess(context, attempt);
    await startSession(request, response, user);
  });
  /** A tablet's one-time sign-in code (the QR the survey manager shows), instead of a password; guesses count against the address. */
  router.post('/auth/code', async (request, response) => {
    const { code } = parseBody(codeSchema, request.body);
    const attempt = signInAttempt(context, request);
    refuseIfThrottled(context, attempt, response);
    const user = await signInWithCode(context.connection, code).catch((error: unknown) => {
      if (error instanceof HttpError && error.status === 401) recordFailure(context, attempt);
      throw error;
    });
    await startSession(request, response, user);
  });
  router.post('/auth/logout', (request, response) => {
    response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: servedOverHttps(context.config, request), path: '/' });
    response.status(204).end();
  });
  return router;
}
