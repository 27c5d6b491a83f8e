import { Router } from 'express';
import type { AppContext } from '../app';
import { requireAuth, requireRole } from '../http/auth';
import { parseBody } from '../http/validate';
import { newUserSchema } from '../../contracts/accounts';
import { createUser } from '../services/users';

export function userRoutes(context: AppContext): Router {
  const router = Router();
  router.post('/users', requireAuth(context), requireRole('admin'), async (request, response) => {
    response.status(201).json(await createUser(context.connection, parseBody(newUserSchema, request.body)));
  });
  return router;
}
