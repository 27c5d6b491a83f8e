import type { Request, Response } from 'express';
import type { AppContext } from '../app';
import { authSecretOf } from '../services/authSecret';
import { FailureLimiter, hashedIp } from '../services/rateLimiter';
import { HttpError } from './errors';

/**
 * Password guessing is slowed per account and per network: after LOGIN_FAILURES_PER_ACCOUNT wrong
 * passwords for one username, or LOGIN_FAILURES_PER_IP from one address, within
 * LOGIN_FAILURE_WINDOW_SECONDS, sign-in answers 429 (even for the right password) until the oldest failure
 * leaves the window; wrong sign-in codes count per address. Only signing in is throttled: a tablet holding a session keeps working
 * (sessions are never checked against these counts), and a successful sign-in clears its account's count.
 */
interface Throttle {
  perAccount: FailureLimiter;
  perIp: FailureLimiter;
}

const throttles = new WeakMap<AppContext, Throttle>();

function throttleOf(context: AppContext): Throttle {
  let throttle = throttles.get(context);
  if (!throttle) {
    const windowMs = context.config.LOGIN_FAILURE_WINDOW_SECONDS * 1000;
    throttle = { perAccount: new FailureLimiter(context.config.LOGIN_FAILURES_PER_ACCOUNT, windowMs), perIp: new FailureLimiter(context.config.LOGIN_FAILURES_PER_IP, windowMs) };
    throttles.set(context, throttle);
  }
  return throttle;
}

export interface SignInAttempt {
  /** The username tried; none for a sign-in code, which names no account before it is checked. */
  account?: string;
  ip: string;
}

/** Usernames count in any letter case, so `Admin` and `ADMIN` share one budget. */
export function signInAttempt(context: AppContext, request: Request, username?: string): SignInAttempt {
  return { account: username?.toLowerCase(), ip: hashedIp(request.ip ?? 'unknown', authSecretOf(context.config)) };
}

/** 429 with Retry-After while the account or the address has too many recent failures. */
export function refuseIfThrottled(context: AppContext, attempt: SignInAttempt, response: Response): void {
  const { perAccount, perIp } = throttleOf(context);
  const retryAfter = Math.max((attempt.account && perAccount.retryAfter(attempt.account)) || 0, perIp.retryAfter(attempt.ip) ?? 0);
  if (retryAfter === 0) return;
  response.set('Retry-After', String(retryAfter));
  const minutes = Math.ceil(retryAfter / 60);
  throw new HttpError(
    429,
    'sign-in-throttled',
    `登录尝试过多，请 ${minutes} 分钟后再试；已登录的设备不受影响。 / Too many failed sign-ins for this account or network; try again in ${minutes} min (retry after ${retryAfter} s). Devices already signed in keep working.`,
  );
}

export function recordFailure(context: AppContext, attempt: SignInAttempt): void {
  const { perAccount, perIp } = throttleOf(context);
  if (attempt.account) perAccount.fail(attempt.account);
  perIp.fail(attempt.ip);
}

export function recordSuccess(context: AppContext, attempt: SignInAttempt): void {
  if (attempt.account) throttleOf(context).perAccount.forget(attempt.account);
}
