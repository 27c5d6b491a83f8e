import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app';
import { HttpError } from '../http/errors';
import { SESSION_COOKIE } from '../http/auth';
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
    response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: request.secure, expires: expiresAt, path: '/' });
    response.json({ token, role: user.role, username: user.username, samplingPoints: user.samplingPoints, expiresAt });
  };
  router.post('/auth/login', async (request, response) => {
    const { username, password } = parseBody(loginSchema, request.body);
    const user = await authenticate(context.connection, username, password);
    if (!user) throw new HttpError(401, 'bad-credentials', 'Wrong username or password.');
    refuseDisabled(user);
    await startSession(request, response, user);
  });
  /** A tablet's one-time sign-in code (the QR the survey manager shows), instead of a password. */
  router.post('/auth/code', async (request, response) => {
    const { code } = parseBody(codeSchema, request.body);
    await startSession(request, response, await signInWithCode(context.connection, code));
  });
  router.post('/auth/logout', (_request, response) => {
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.status(204).end();
  });
  return router;
}
