import { createHash } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { testLinkRequestSchema, type TestLinkReply } from '../../contracts/links';
import { instrumentUploadQuerySchema } from '../../contracts/instruments';
import type { AppContext } from '../app';
import { currentUser, requireAuth, requireRole, sessionTokenOf, userOfRequest } from '../http/auth';
import { problem } from '../../contracts/problems';
import { limitJsonDepth } from '../http/jsonLimits';
import { publicBaseUrl } from '../http/publicUrl';
import { parseBody, parseQuery } from '../http/validate';
import { recordAudit } from '../services/audit';
import { moveVersion, previewUpload, testLinkOf, testResponseCount, uploadDraft, type InstrumentMove } from '../services/instrumentDrafts';
import { getInstrument, instrumentVersionOf, listInstrumentVersions, refreshInstrumentVersions } from '../services/instrumentVersions';
import { linkView } from '../services/links';

/** An instrument's JSON and key: the shipped one is about 100 kB; room for a much longer questionnaire. */
const UPLOAD_LIMIT = '4mb';

const MOVE_AUDIT = { publish: 'instrument.published', retire: 'instrument.retired', discard: 'instrument.discarded' } as const;

/**
 * The questionnaires: every version with its state, the public JSON of one (never an answer key), and the
 * manager's upload, test links, publish, retire and discard. A published version never changes, so its
 * ETag is a hash of its content and the offline apps revalidate with If-None-Match for a 304. Drafts are
 * seen only by admins.
 */
export function instrumentRoutes(context: AppContext): Router {
  const router = Router();
  const admin = [requireAuth(context), requireRole('admin')];

  router.get('/instruments', async (request, response) => {
    await refreshInstrumentVersions(context.connection);
    response.json(listInstrumentVersions({ drafts: await isAdmin(context, request) }));
  });
  router.get('/instruments/:id', async (request, response) => {
    const id = String(request.params.id);
    const version = parseVersion(request.query.version);
    await refreshInstrumentVersions(context.connection);
    const entry = instrumentVersionOf(id, version);
    if (entry?.state === 'draft' && !(await isAdmin(context, request))) throw unknownInstrument(id, version);
    const instrument = getInstrument(id, version);
    if (!instrument) throw unknownInstrument(id, version);
    const body = JSON.stringify(instrument);
    response.set('ETag', `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`);
    response.set('Cache-Control', 'no-cache');
    if (request.fresh) {
      response.status(304).end();
      return;
    }
    response.type('application/json').send(body);
  });

  router.post('/instruments/:id/versions', ...admin, express.json({ limit: UPLOAD_LIMIT }), limitJsonDepth(), async (request, response) => {
    if (parseQuery(instrumentUploadQuerySchema, request.query).preview) {
      response.json(previewUpload(String(request.params.id), request.body));
      return;
    }
    const actor = currentUser(response).username;
    const draft = await uploadDraft(context.connection, String(request.params.id), request.body, actor);
    await recordAudit(context.connection, { actor, action: 'instrument.uploaded', target: `${draft.id}@${draft.version}`, after: { changes: draft.changes } });
    response.status(201).json(draft);
  });
  const move = (action: InstrumentMove) => async (request: Request, response: express.Response) => {
    const actor = currentUser(response).username;
    const moved = await moveVersion(context.connection, String(request.params.id), versionParam(request), action, actor);
    await recordAudit(context.connection, { actor, action: MOVE_AUDIT[action], target: `${moved.id}@${moved.version}`, after: { state: moved.state } });
    response.json(moved);
  };
  router.post('/instruments/:id/versions/:version/publish', ...admin, move('publish'));
  router.post('/instruments/:id/versions/:version/retire', ...admin, move('retire'));
  router.delete('/instruments/:id/versions/:version', ...admin, move('discard'));

  /** A draft's test link (an open one is reused): a QR whose interviews are test data, at a site of the frame (the first one by default). */
  router.post('/instruments/:id/versions/:version/test-link', ...admin, express.json(), async (request, response) => {
    const id = String(request.params.id);
    const version = versionParam(request);
    const { samplingPoint } = parseBody(testLinkRequestSchema, request.body ?? {});
    const link = await testLinkOf(context.connection, context.secret, id, version, samplingPoint, currentUser(response).username);
    const reply: TestLinkReply = { ...linkView(link, publicBaseUrl(context, request)), test: true, testResponses: await testResponseCount(context.connection, id, version) };
    response.status(201).json(reply);
  });
  return router;
}

/** Whether the caller holds an admin session; no session (or a stale one) is an anonymous reader. */
async function isAdmin(context: AppContext, request: Request): Promise<boolean> {
  if (!sessionTokenOf(request)) return false;
  const user = await userOfRequest(context, request).catch(() => undefined);
  return user?.role === 'admin';
}

function unknownInstrument(id: string, version: number | undefined) {
  return problem('unknown-instrument', { id, version });
}

function versionParam(request: Request): number {
  return parseVersion(request.params.version as string)!;
}

function parseVersion(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1) throw problem('invalid-version', { version: String(raw) });
  return version;
}
