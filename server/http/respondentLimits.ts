import type { Request, Response } from 'express';
import type { AppContext } from '../app';
import { authSecretOf } from '../services/authSecret';
import { hashedIp, RateLimiter } from '../services/rateLimiter';
import { problem } from '../../contracts/problems';

interface Limiters {
  perIp: RateLimiter;
  perLink: RateLimiter;
}

/** One pair of limiters per app, shared by every respondent route (opening a link and sending answers). */
const limitersByContext = new WeakMap<AppContext, Limiters>();

function limitersOf(context: AppContext): Limiters {
  let limiters = limitersByContext.get(context);
  if (!limiters) {
    const windowMs = context.config.RESPONDENT_RATE_WINDOW_SECONDS * 1000;
    limiters = { perIp: new RateLimiter(context.config.RESPONDENT_RATE_PER_IP, windowMs), perLink: new RateLimiter(context.config.RESPONDENT_RATE_PER_LINK, windowMs) };
    limitersByContext.set(context, limiters);
  }
  return limiters;
}

/** 429 with Retry-After when this phone's network (by salted IP hash) has sent too many requests. */
export function limitRespondentIp(context: AppContext, request: Request, response: Response): void {
  const retryAfter = limitersOf(context).perIp.hit(hashedIp(request.ip ?? 'unknown', authSecretOf(context.config)));
  if (retryAfter !== undefined) refuse(response, retryAfter, false);
}

/** 429 with Retry-After when one link gets more traffic than a site's poster plausibly can. */
export function limitRespondentLink(context: AppContext, linkId: string, response: Response): void {
  const retryAfter = limitersOf(context).perLink.hit(linkId);
  if (retryAfter !== undefined) refuse(response, retryAfter, true);
}

function refuse(response: Response, retryAfter: number, perLink: boolean): never {
  response.set('Retry-After', String(retryAfter));
  throw problem('rate-limited', { retryAfter, perLink });
}
