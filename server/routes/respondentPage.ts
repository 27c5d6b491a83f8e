import { Router } from 'express';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../app';
import { RESOLVED_LINK_ELEMENT_ID } from '../../client/respond/link';
import { HttpError } from '../http/errors';
import { resolveLinkForPhone } from './links';

/**
 * The respondent page /s/:token with its link already resolved inside it, so a phone on a slow network
 * needs no second round trip before the consent page: the same verification, rate limits and public
 * instrument as GET /api/links/resolve/:token, inlined as JSON (`{link}`, or `{error}` for a link that
 * cannot be answered, with that error's status on the page itself). `<` is escaped so no text in the
 * instrument can close the script element.
 */
export function respondentPageRoutes(context: AppContext, clientDistDir: string): Router {
  const router = Router();
  router.get('/s/:token', async (request, response) => {
    const html = await fs.readFile(path.join(clientDistDir, 'respond/index.html'), 'utf8');
    let payload: object;
    try {
      payload = { link: await resolveLinkForPhone(context, request, response, String(request.params.token)) };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      payload = { error: { status: error.status, code: error.code, message: error.message } };
      response.status(error.status);
    }
    const script = `<script type="application/json" id="${RESOLVED_LINK_ELEMENT_ID}">${JSON.stringify(payload).replace(/</g, '\\u003c')}</script>`;
    response.set('Cache-Control', 'no-store').type('html').send(html.replace('</head>', `${script}\n  </head>`));
  });
  return router;
}
