import { Router } from 'express';
import type { AppContext } from '../app';
import { signInRequestSchema } from '../../contracts/accounts';
import { problem } from '../../contracts/problems';
import { SESSION_COOKIE } from '../http/auth';
import { parseBody } from '../http/validate';
import { authSecretOf } from '../services/authSecret';
import { issueSessionToken } from '../services/sessions';
import { authenticate } from '../services/users';

export function authRoutes(context: AppContext): Router {
  const router = Router();
  router.post('/auth/login', async (request, response) => {
    const { username, password } = parseBody(signInRequestSchema, request.body);
    const user = await authenticate(context.connection, username, password);
    if (!user) throw problem('bad-credentials');
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
