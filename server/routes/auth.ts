import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app';
import { signInCodeRequestSchema, signInRequestSchema, type PublicUser } from '../../contracts/accounts';
import { problem } from '../../contracts/problems';
import { SESSION_COOKIE } from '../http/auth';
import { parseBody } from '../http/validate';
import { authSecretOf } from '../services/authSecret';
import { issueSessionToken } from '../services/sessions';
import { signInWithCode } from '../services/signInCodes';
import { authenticate, noteSignIn, refuseDisabled } from '../services/users';

export function authRoutes(context: AppContext): Router {
  const router = Router();
  /** The same session, cookie and answer whichever way the person proved who they are. */
  const startSession = async (request: Request, response: Response, user: PublicUser) => {
    await noteSignIn(context.connection, user.username);
    const { token, expiresAt } = issueSessionToken(user.username, user.role, authSecretOf(context.config));
    response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: request.secure, expires: expiresAt, path: '/' });
    response.json({ token, role: user.role, username: user.username, samplingPoints: user.samplingPoints, expiresAt });
  };
  router.post('/auth/login', async (request, response) => {
    const { username, password } = parseBody(signInRequestSchema, request.body);
    const user = await authenticate(context.connection, username, password);
    if (!user) throw problem('bad-credentials');
    refuseDisabled(user);
    await startSession(request, response, user);
  });
  /** A tablet's one-time sign-in code (the QR the survey manager shows), instead of a password. */
  router.post('/auth/code', async (request, response) => {
    const { code } = parseBody(signInCodeRequestSchema, request.body);
    await startSession(request, response, await signInWithCode(context.connection, code));
  });
  router.post('/auth/logout', (_request, response) => {
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.status(204).end();
  });
  return router;
}
