import { createHmac } from 'node:crypto';

/**
 * A fixed-window counter per key, held in this process. Enough for one server; a deployment with
 * several instances behind a load balancer needs a shared limiter (e.g. at the proxy or in Redis),
 * since each instance here counts only what it sees.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one hit; undefined when allowed, otherwise the seconds until the window resets (Retry-After). */
  hit(key: string, now = Date.now()): number | undefined {
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.limit) return undefined;
    return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
  }

  /** Drops finished windows so the map holds only current callers. */
  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}

/** The limiter's key for an IP: a salted hash, so not even memory holds respondents' addresses in clear. */
export function hashedIp(ip: string, salt: string): string {
  return createHmac('sha256', salt).update(`ip\n${ip}`).digest('base64url').slice(0, 22);
}

/**
 * Failures per key within a sliding window (sign-in attempts): at most `limit` timestamps are kept per
 * key, so memory is bounded by the number of keys that failed within the window.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again (Retry-After), or undefined when it has failed fewer than `limit` times within the window. */
  retryAfter(key: string, now = Date.now()): number | undefined {
    const recent = this.recent(key, now);
    if (recent.length < this.limit) return undefined;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
  }

  fail(key: string, now = Date.now()): void {
    if (this.failures.size > 0 && !this.failures.has(key)) this.prune(now);
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent.slice(-this.limit));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((time) => now - time < this.windowMs);
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) if (now - times[times.length - 1]! >= this.windowMs) this.failures.delete(key);
  }
}
