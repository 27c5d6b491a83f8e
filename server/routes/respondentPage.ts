import { Router } from 'express';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../app';
import { App } from '../../client/respond/App';
import { RESOLVED_LINK_ELEMENT_ID, type InlinedLink } from '../../contracts/links';
import { Problem } from '../../contracts/problems';
import { resolveLinkForPhone } from './links';

/**
 * The respondent page /s/:token with its link already resolved inside it, so a phone on a slow network
 * needs no second round trip: the same verification, rate limits and public instrument as
 * GET /api/links/resolve/:token, inlined as JSON (`{link}`, or `{error}` for a link that cannot be
 * answered, with that error's status on the page itself; `<` escaped so no text in the instrument can
 * close the script element). The page's first screen (the consent page, or the bad link's notice) is
 * rendered here from that JSON by the page's own React component, so it is on screen as soon as the
 * HTML arrives; the browser hydrates it when the page's script has run.
 */
export function respondentPageRoutes(context: AppContext, clientDistDir: string): Router {
  const router = Router();
  // The built page is the template of every respondent's page: read once, when the first phone asks.
  let template: Promise<string> | undefined;
  router.get('/s/:token', async (request, response) => {
    template ??= fs.readFile(path.join(clientDistDir, 'respond/index.html'), 'utf8').catch((error: unknown) => {
      template = undefined; // not built yet: try again on the next request
      throw error;
    });
    const html = await template;
    const token = String(request.params.token);
    let payload: InlinedLink;
    try {
      payload = { link: await resolveLinkForPhone(context, request, response, token) };
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      payload = { error: { status: error.status, ...error.toBody() } };
      response.status(error.status);
    }
    const script = `<script type="application/json" id="${RESOLVED_LINK_ELEMENT_ID}">${JSON.stringify(payload).replace(/</g, '\\u003c')}</script>`;
    // Replaced by functions, so no `$` in the instrument's text is read as a replacement pattern.
    const root = `<div id="root">${renderToString(createElement(App, { token, inlined: payload }))}</div>`;
    response.set('Cache-Control', 'no-store').type('html').send(html.replace('</head>', () => `${script}\n  </head>`).replace(/<div id="root">.*?<\/div>/s, () => root));
  });
  return router;
}
