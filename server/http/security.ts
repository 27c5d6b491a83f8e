import type { Request, RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config';
import { SESSION_COOKIE, cookieValue } from './auth';
import { HttpError } from './errors';

/** HTTPS as the browser sees it: PUBLIC_URL says so, or the connection (or a trusted proxy's X-Forwarded-Proto) is TLS. */
export function servedOverHttps(config: Config, request: Request): boolean {
  return request.secure || config.PUBLIC_URL?.startsWith('https:') === true;
}

/**
 * The policy every page and API answer carries. The apps load only their own bundles (no inline or
 * foreign script; the respondent page's inlined link is `type="application/json"`, which is data, not
 * script); styles may be inline because the server-rendered first screen and SurveyJS set style
 * attributes; images may be data:/blob: URLs (SurveyJS icons, QR previews); the CAPI service worker is
 * same-origin. No page may be framed. Over plain HTTP (a tablet on the commission's LAN) requests are
 * not upgraded and no HSTS is sent, since that would break the site rather than protect it.
 */
function helmetOptions(https: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600 } : false,
  };
}

export function securityHeaders(config: Config): RequestHandler {
  const overHttps = helmet(helmetOptions(true));
  const overHttp = helmet(helmetOptions(false));
  return (request, response, next) => (servedOverHttps(config, request) ? overHttps : overHttp)(request, response, next);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for the session cookie: a state-changing request that authenticates with the cookie
 * must come from one of our own pages, as its Origin (or, without one, its Referer) shows; with neither it
 * is refused too. Requests carrying `Authorization: Bearer` or `X-Link-Token` are not CSRF-prone (another
 * site's page cannot add those headers without a CORS preflight, which this server never grants), so they
 * pass. A sign-in posted from a foreign page is refused as well (login CSRF would sign the victim's browser
 * into the attacker's account); a sign-in with no Origin at all (scripts, curl) is allowed.
 */
export function sameOriginWrites(config: Config): RequestHandler {
  return (request, _response, next) => {
    if (SAFE_METHODS.has(request.method) || request.get('authorization')?.startsWith('Bearer ') || request.get('x-link-token')) return next();
    const source = request.get('origin') ?? originOfUrl(request.get('referer'));
    const cookieAuthenticated = cookieValue(request.get('cookie'), SESSION_COOKIE) !== undefined;
    if (source === undefined ? !cookieAuthenticated : ownOrigins(config, request).has(source)) return next();
    next(
      new HttpError(
        403,
        'cross-origin',
        `拒绝跨站请求：这项操作只能在本站的页面上进行（来源 ${source ?? '未知'}）。 / Refused a cross-site request: with the session cookie, changes are accepted only from this site's own pages (Origin ${source ?? 'missing'}); scripts sign in and send Authorization: Bearer.`,
      ),
    );
  };
}

function ownOrigins(config: Config, request: Request): Set<string> {
  const origins = new Set([`${request.protocol}://${request.host}`]);
  if (config.PUBLIC_URL) origins.add(new URL(config.PUBLIC_URL).origin);
  return origins;
}

function originOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}
