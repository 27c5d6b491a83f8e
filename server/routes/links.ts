import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../http/auth';
import { HttpError } from '../http/errors';
import { limitRespondentIp, limitRespondentLink } from '../http/respondentLimits';
import { publicBaseUrl } from '../http/publicUrl';
import { parseBody } from '../http/validate';
import { authSecretOf } from '../services/authSecret';
import { allSitesRequestSchema, createLink, createLinksForAllSites, extendLink, extendRequestSchema, findLink, linkRequestSchema, linkView, listLinks, openLinkOf, responseCountsByLink, revokeLink } from '../services/links';
import { allPostersZip, posterHtml, qrPng, qrSvg } from '../services/posters';
import { samplingPointOf } from '../services/samplingFrame';
import { getInstrument } from '../../surveys/catalog';

/** QR links: issued and managed by admins; resolved by respondents' phones (public, rate-limited). */
export function linkRoutes(context: AppContext): Router {
  const router = Router();
  const secret = () => authSecretOf(context.config);
  const baseUrl = (request: Request) => publicBaseUrl(context, request);

  router.get('/links/resolve/:token', async (request, response) => {
    const resolved = await resolveLinkForPhone(context, request, response, String(request.params.token));
    response.set('Cache-Control', 'no-store');
    response.json(resolved);
  });

  const admin = [requireAuth(context), requireRole('admin')];
  router.post('/links', ...admin, async (request, response) => {
    const link = await createLink(context.connection, secret(), parseBody(linkRequestSchema, request.body), currentUser(response).username);
    response.status(201).json(linkView(link, baseUrl(request)));
  });
  router.post('/links/all-sites', ...admin, async (request, response) => {
    const links = await createLinksForAllSites(context.connection, secret(), parseBody(allSitesRequestSchema, request.body), currentUser(response).username);
    response.status(201).json({ links: links.map((link) => linkView(link, baseUrl(request))) });
  });
  router.get('/links', ...admin, async (request, response) => {
    const counts = await responseCountsByLink(context.connection);
    response.json((await listLinks(context.connection)).map((link) => linkView(link, baseUrl(request), counts.get(link.linkId))));
  });
  router.get('/links/posters.zip', ...admin, async (request, response) => {
    const open = (await listLinks(context.connection)).filter((link) => !link.revokedAt && link.expiresAt > new Date());
    if (open.length === 0) throw new HttpError(404, 'no-open-links', 'No open links to print; create them first (POST /api/links/all-sites).');
    response.type('application/zip').set('Content-Disposition', 'attachment; filename="posters.zip"').send(await allPostersZip(context.connection, open, baseUrl(request)));
  });
  router.patch('/links/:id', ...admin, async (request, response) => {
    const link = await extendLink(context.connection, secret(), String(request.params.id), parseBody(extendRequestSchema, request.body));
    response.json(linkView(link, baseUrl(request)));
  });
  router.delete('/links/:id', ...admin, async (request, response) => {
    response.json(linkView(await revokeLink(context.connection, String(request.params.id)), baseUrl(request)));
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
    const link = await findLink(context.connection, String(request.params.id));
    const site = await samplingPointOf(context.connection, link.samplingPoint);
    response.type('text/html').send(await posterHtml(link, site?.siteName ?? link.samplingPoint, baseUrl(request)));
  });
  return router;
}

/**
 * What a respondent's phone needs to open a link: the link's site and its public instrument (never an
 * answer key). Verifies the token and counts against the respondent rate limits; a closed or refused link
 * throws its HttpError. One home for the JSON API and the page /s/:token, which serves it inlined.
 */
export async function resolveLinkForPhone(context: AppContext, request: Request, response: Response, token: string) {
  limitRespondentIp(context, request, response);
  const { link } = await openLinkOf(context.connection, authSecretOf(context.config), token);
  limitRespondentLink(context, link.linkId, response);
  const instrument = getInstrument(link.instrumentId, link.instrumentVersion);
  if (!instrument) throw new HttpError(410, 'link-expired', 'The questionnaire of this link is no longer offered.');
  const site = await samplingPointOf(context.connection, link.samplingPoint);
  return { linkId: link.linkId, samplingPoint: link.samplingPoint, siteName: site?.siteName ?? link.samplingPoint, expiresAt: link.expiresAt.toISOString(), instrument };
}
