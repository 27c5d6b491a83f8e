import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app';
import { HttpError } from '../http/errors';
import { SESSION_COOKIE } from '../http/auth';
import { parseBody } from '../http/validate';
import { authSecretOf } from '../services/authSecret';
import { issueSessionToken } from '../services/sessions';
import { authenticate, noteSignIn, refuseDisabled } from '../services/users';

const loginSchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });

export function authRoutes(context: AppContext): Router {
  const router = Router();
  router.post('/auth/login', async (request, response) => {
    const { username, password } = parseBody(loginSchema, request.body);
    const user = await authenticate(context.connection, username, password);
    if (!user) throw new HttpError(401, 'bad-credentials', 'Wrong username or password.');
    refuseDisabled(user);
    await noteSignIn(context.connection, user.username);
    const { token, expiresAt } = issueSessionToken(user.username, user.role, authSecretOf(context.config));
    response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: request.secure, expires: expiresAt, path: '/' });
    response.json({ token, role: user.role, username: user.username, samplingPoints: user.samplingPoints, expiresAt });
  });
  router.post('/auth/logout', (_request, response) => {
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.status(204).end();
  });
  return router;
}
