import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../http/auth';
import { problem } from '../../contracts/problems';
import { limitRespondentIp, limitRespondentLink } from '../http/respondentLimits';
import { publicBaseUrl } from '../http/publicUrl';
import { parseBody, parseQuery } from '../http/validate';
import { allSitesRequestSchema, extendRequestSchema, linkRequestSchema, posterQuerySchema, type AllSitesReply } from '../../contracts/links';
import { createLink, createLinksForAllSites, extendLink, findLink, linkView, listLinks, openLinkOf, revokeLink } from '../services/links';
import { linkUseCounts } from '../queries/responses';
import { recordAudit, recordAudits } from '../services/audit';
import { sendDownload } from '../http/download';
import { posterFont, posterHtml, posterPages, qrPng, qrSvg, writePostersPdf } from '../services/posters';
import { samplingPointOf } from '../services/samplingFrame';
import { getInstrument, instrumentVersionOf } from '../services/instrumentVersions';

/** QR links: issued and managed by admins; resolved by respondents' phones (public, rate-limited). */
export function linkRoutes(context: AppContext): Router {
  const router = Router();
  const secret = () => context.secret;
  const baseUrl = (request: Request) => publicBaseUrl(context, request);

  router.get('/links/resolve/:token', async (request, response) => {
    const resolved = await resolveLinkForPhone(context, request, response, String(request.params.token));
    response.set('Cache-Control', 'no-store');
    response.json(resolved);
  });

  const admin = [requireAuth(context), requireRole('admin')];
  router.post('/links', ...admin, async (request, response) => {
    const actor = currentUser(response).username;
    const link = await createLink(context.connection, secret(), parseBody(linkRequestSchema, request.body), actor);
    const view = linkView(link, baseUrl(request));
    await recordAudit(context.connection, { actor, action: 'link.issued', target: link.samplingPoint, after: auditedLink(view) });
    response.status(201).json(view);
  });
  router.post('/links/all-sites', ...admin, async (request, response) => {
    const actor = currentUser(response).username;
    const { links, skipped } = await createLinksForAllSites(context.connection, secret(), parseBody(allSitesRequestSchema, request.body), actor);
    const views = links.map((link) => linkView(link, baseUrl(request)));
    await recordAudits(context.connection, views.map((view) => ({ actor, action: 'link.issued', target: view.samplingPoint, after: auditedLink(view) })));
    const reply: AllSitesReply = { links: views, skipped };
    response.status(201).json(reply);
  });
  router.get('/links', ...admin, async (request, response) => {
    const counts = await linkUseCounts(context.connection);
    response.json((await listLinks(context.connection)).map((link) => linkView(link, baseUrl(request), counts.get(link.linkId))));
  });
  /** Posters of the given links (`ids`, comma-separated), or of every open link: one A4 page each. */
  router.get('/links/posters.pdf', ...admin, async (request, response) => {
    const { ids } = parseQuery(posterQuerySchema, request.query);
    const links = ids ? await Promise.all(ids.map((id) => findLink(context.connection, id))) : (await listLinks(context.connection)).filter((link) => !link.revokedAt && link.expiresAt > new Date());
    if (links.length === 0) throw problem('no-open-links');
    const font = posterFont(context.config.POSTER_FONT);
    const pages = await posterPages(context.connection, links);
    await sendDownload(response, { name: 'posters.pdf', type: 'application/pdf' }, (output) => writePostersPdf(output, pages, baseUrl(request), font));
  });
  router.patch('/links/:id', ...admin, async (request, response) => {
    const before = linkView(await findLink(context.connection, String(request.params.id)), baseUrl(request));
    const after = linkView(await extendLink(context.connection, secret(), before.id, parseBody(extendRequestSchema, request.body)), baseUrl(request));
    await recordAudit(context.connection, { actor: currentUser(response).username, action: 'link.extended', target: after.samplingPoint, before: auditedLink(before), after: auditedLink(after) });
    response.json(after);
  });
  router.delete('/links/:id', ...admin, async (request, response) => {
    const view = linkView(await revokeLink(context.connection, String(request.params.id)), baseUrl(request));
    await recordAudit(context.connection, { actor: currentUser(response).username, action: 'link.revoked', target: view.samplingPoint, after: auditedLink(view) });
    response.json(view);
  });
  router.get('/links/:id/qr.png', ...admin, async (request, response) => {
    const view = linkView(await findLink(context.connection, String(request.params.id)), baseUrl(request));
    response.type('image/png').send(await qrPng(view.url));
  });
  router.get('/links/:id/qr.svg', ...admin, async (request, response) => {
    const view = linkView(await findLink(context.connection, String(request.params.id)), baseUrl(request));
    response.type('image/svg+xml').send(await qrSvg(view.url));
  });
  router.get('/links/:id/poster', ...admin, async (request, response) => {
    const [page] = await posterPages(context.connection, [await findLink(context.connection, String(request.params.id))]);
    response.type('text/html').send(await posterHtml(page!, baseUrl(request)));
  });
  return router;
}

/** What the audit log keeps of a link: enough to tell links apart and see what changed, not the token. */
const auditedLink = (view: ReturnType<typeof linkView>) => ({ id: view.id, shortCode: view.shortCode, instrument: `${view.instrumentId}@${view.instrumentVersion}`, expiresAt: view.expiresAt, maxResponses: view.maxResponses, revoked: view.revoked });

/**
 * What a respondent's phone needs to open a link: the link's site and its public instrument (never an
 * answer key). Verifies the token and counts against the respondent rate limits; a closed or refused link
 * throws its problem. One home for the JSON API and the page /s/:token, which serves it inlined.
 */
export async function resolveLinkForPhone(context: AppContext, request: Request, response: Response, token: string) {
  limitRespondentIp(context, request, response);
  const { link } = await openLinkOf(context.state, context.secret, token);
  limitRespondentLink(context, link.linkId, response);
  // A retired version takes no new interviews: its posters' links close with it.
  const instrument = instrumentVersionOf(link.instrumentId, link.instrumentVersion)?.state === 'retired' ? undefined : getInstrument(link.instrumentId, link.instrumentVersion);
  if (!instrument) throw problem('link-expired');
  const site = await samplingPointOf(context.state, link.samplingPoint);
  return { linkId: link.linkId, samplingPoint: link.samplingPoint, siteName: site?.siteName ?? link.samplingPoint, expiresAt: link.expiresAt.toISOString(), instrument };
}
