import express, { Router } from 'express';
import type { AppContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../http/auth';
import { spreadsheetBody, uploadedBytes } from '../http/upload';
import { publicBaseUrl } from '../http/publicUrl';
import { parseBody, parseQuery } from '../http/validate';
import { issueSignInCode, listSignInCodes, revokeSignInCode } from '../services/signInCodes';
import { importUsers } from '../services/userImport';
import { newUserSchema, signInCodeIssueSchema, userImportQuerySchema, userPatchSchema } from '../../contracts/accounts';
import { createUser, deleteUser, listUsers, removeDemoAccounts, updateUser } from '../services/users';

/** Accounts: managed by admins only. */
export function userRoutes(context: AppContext): Router {
  const router = Router();
  const admin = [requireAuth(context), requireRole('admin')];
  const actor = (response: express.Response) => currentUser(response).username;
  router.get('/users', ...admin, async (_request, response) => {
    response.json(await listUsers(context.state));
  });
  router.post('/users', ...admin, async (request, response) => {
    response.status(201).json(await createUser(context.connection, parseBody(newUserSchema, request.body), { actor: actor(response) }));
  });
  router.post('/users/import', ...admin, spreadsheetBody, async (request, response) => {
    const { preview } = parseQuery(userImportQuerySchema, request.query);
    const result = await importUsers(context.connection, uploadedBytes(request.body), { preview, actor: actor(response) });
    response.status(preview ? 200 : 201).json(result);
  });
  router.post('/users/remove-demo', ...admin, async (_request, response) => {
    response.json(await removeDemoAccounts(context.state, actor(response)));
  });
  router.patch('/users/:username', ...admin, async (request, response) => {
    response.json(await updateUser(context.state, String(request.params.username), parseBody(userPatchSchema, request.body), actor(response)));
  });
  router.delete('/users/:username', ...admin, async (request, response) => {
    response.json(await deleteUser(context.state, String(request.params.username), actor(response)));
  });
  router.post('/users/:username/sign-in-code', ...admin, async (request, response) => {
    const { hours } = parseBody(signInCodeIssueSchema, request.body ?? {});
    response.status(201).json(await issueSignInCode(context.state, String(request.params.username), hours, actor(response), publicBaseUrl(context, request)));
  });
  router.get('/users/:username/sign-in-codes', ...admin, async (request, response) => {
    response.json(await listSignInCodes(context.connection, String(request.params.username)));
  });
  router.delete('/sign-in-codes/:id', ...admin, async (request, response) => {
    response.json(await revokeSignInCode(context.connection, String(request.params.id), actor(response)));
  });
  return router;
}
