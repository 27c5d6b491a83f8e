import type { Request, Response } from 'express';
import type { AppContext } from '../app';
import type { Config } from '../config';
import { FailureLimiter, hashedIp } from '../services/rateLimiter';
import { problem } from '../../contracts/problems';

/**
 * Password guessing is slowed per account and per network: after LOGIN_FAILURES_PER_ACCOUNT wrong
 * passwords for one username, or LOGIN_FAILURES_PER_IP from one address, within
 * LOGIN_FAILURE_WINDOW_SECONDS, sign-in answers 429 (even for the right password) until the oldest failure
 * leaves the window; wrong sign-in codes count per address. Only signing in is throttled: a tablet holding a session keeps working
 * (sessions are never checked against these counts), and a successful sign-in clears its account's count.
 */
export interface SignInThrottle {
  perAccount: FailureLimiter;
  perIp: FailureLimiter;
}

/** The app's failure counters (held by its context). */
export function signInThrottleOf(config: Config): SignInThrottle {
  const windowMs = config.LOGIN_FAILURE_WINDOW_SECONDS * 1000;
  return { perAccount: new FailureLimiter(config.LOGIN_FAILURES_PER_ACCOUNT, windowMs), perIp: new FailureLimiter(config.LOGIN_FAILURES_PER_IP, windowMs) };
}

export interface SignInAttempt {
  /** The username tried; none for a sign-in code, which names no account before it is checked. */
  account?: string;
  ip: string;
}

/** Usernames count in any letter case, so `Admin` and `ADMIN` share one budget. */
export function signInAttempt(context: AppContext, request: Request, username?: string): SignInAttempt {
  return { account: username?.toLowerCase(), ip: hashedIp(request.ip ?? 'unknown', context.secret) };
}

/** 429 with Retry-After while the account or the address has too many recent failures. */
export function refuseIfThrottled(context: AppContext, attempt: SignInAttempt, response: Response): void {
  const { perAccount, perIp } = context.signInThrottle;
  const retryAfter = Math.max((attempt.account && perAccount.retryAfter(attempt.account)) || 0, perIp.retryAfter(attempt.ip) ?? 0);
  if (retryAfter === 0) return;
  response.set('Retry-After', String(retryAfter));
  throw problem('sign-in-throttled', { retryAfter });

}

export function recordFailure(context: AppContext, attempt: SignInAttempt): void {
  const { perAccount, perIp } = context.signInThrottle;
  if (attempt.account) perAccount.fail(attempt.account);
  perIp.fail(attempt.ip);
}

export function recordSuccess(context: AppContext, attempt: SignInAttempt): void {
  if (attempt.account) context.signInThrottle.perAccount.forget(attempt.account);
}
