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
