import type { Request, Response } from 'express';
import type { AppContext } from '../app';
import type { Config } from '../config';
import { hashedIp, RateLimiter } from '../services/rateLimiter';
import { problem } from '../../contracts/problems';

export interface RespondentLimiters {
  perIp: RateLimiter;
  perLink: RateLimiter;
}

/** The app's pair of limiters (held by its context), shared by every respondent route (opening a link and sending answers). */
export function respondentLimitersOf(config: Config): RespondentLimiters {
  const windowMs = config.RESPONDENT_RATE_WINDOW_SECONDS * 1000;
  return { perIp: new RateLimiter(config.RESPONDENT_RATE_PER_IP, windowMs), perLink: new RateLimiter(config.RESPONDENT_RATE_PER_LINK, windowMs) };
}

/** 429 with Retry-After when this phone's network (by salted IP hash) has sent too many requests. */
export function limitRespondentIp(context: AppContext, request: Request, response: Response): void {
  const retryAfter = context.respondentLimits.perIp.hit(hashedIp(request.ip ?? 'unknown', context.secret));
  if (retryAfter !== undefined) refuse(response, retryAfter, false);
}

/** 429 with Retry-After when one link gets more traffic than a site's poster plausibly can. */
export function limitRespondentLink(context: AppContext, linkId: string, response: Response): void {
  const retryAfter = context.respondentLimits.perLink.hit(linkId);
  if (retryAfter !== undefined) refuse(response, retryAfter, true);
}

function refuse(response: Response, retryAfter: number, perLink: boolean): never {
  response.set('Retry-After', String(retryAfter));
  throw problem('rate-limited', { retryAfter, perLink });
}
