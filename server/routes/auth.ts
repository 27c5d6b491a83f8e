import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app';
import { signInCodeRequestSchema, signInRequestSchema, type PublicUser } from '../../contracts/accounts';
import { problem, Problem } from '../../contracts/problems';
import { SESSION_COOKIE } from '../http/auth';
import { servedOverHttps } from '../http/security';
import { recordFailure, recordSuccess, refuseIfThrottled, signInAttempt } from '../http/signInThrottle';
import { parseBody } from '../http/validate';
import { issueSessionToken } from '../services/sessions';
import { signInWithCode } from '../services/signInCodes';
import { authenticate, noteSignIn, refuseDisabled } from '../services/users';

export function authRoutes(context: AppContext): Router {
  const router = Router();
  /** The same session, cookie and answer whichever way the person proved who they are. */
  const startSession = async (request: Request, response: Response, user: PublicUser) => {
    await noteSignIn(context.connection, user.username);
    const { token, expiresAt } = issueSessionToken(user.username, user.role, context.secret);
    response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: servedOverHttps(context.config, request), expires: expiresAt, path: '/' });
    response.json({ token, role: user.role, username: user.username, samplingPoints: user.samplingPoints, expiresAt });
  };
  router.post('/auth/login', async (request, response) => {
    const { username, password } = parseBody(signInRequestSchema, request.body);
    const attempt = signInAttempt(context, request, username);
    refuseIfThrottled(context, attempt, response);
    const user = await authenticate(context.connection, username, password);
    if (!user) {
      recordFailure(context, attempt);
      throw problem('bad-credentials');
    }
    refuseDisabled(user);
    recordSuccess(context, attempt);
    await startSession(request, response, user);
  });
  /** A tablet's one-time sign-in code (the QR the survey manager shows), instead of a password; guesses count against the address. */
  router.post('/auth/code', async (request, response) => {
    const { code } = parseBody(signInCodeRequestSchema, request.body);
    const attempt = signInAttempt(context, request);
    refuseIfThrottled(context, attempt, response);
    const user = await signInWithCode(context.state, code).catch((error: unknown) => {
      if (error instanceof Problem && error.status === 401) recordFailure(context, attempt);
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
