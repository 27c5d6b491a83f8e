import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stateless signed tokens: `<payload as base64url JSON>.<HMAC-SHA256 as base64url>`. The purpose is
 * part of what is signed, so a token issued for one use (a sign-in) can never pass as another (a QR link).
 */
export type TokenProblem = 'malformed' | 'bad-signature' | 'expired';

export class TokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(
      {
        malformed: 'The token is not in the expected form.',
        'bad-signature': 'The token was altered or not issued by this server.',
        expired: 'The token has expired.',
      }[problem],
    );
  }
}

interface Expiring {
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export function signToken(purpose: string, payload: Expiring & Record<string, unknown>, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${signature(purpose, body, secret)}`;
}

/** The payload of a genuine, unexpired token; a TokenError otherwise. Field checks are the caller's. */
export function verifyToken(purpose: string, token: string, secret: string, now = new Date()): Record<string, unknown> & Expiring {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) throw new TokenError('malformed');
  const expected = Buffer.from(signature(purpose, body, secret));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenError('bad-signature');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed');
  }
  if (typeof payload !== 'object' || payload === null || typeof (payload as Expiring).exp !== 'number') throw new TokenError('malformed');
  if ((payload as Expiring).exp * 1000 <= now.getTime()) throw new TokenError('expired');
  return payload as Record<string, unknown> & Expiring;
}

function signature(purpose: string, body: string, secret: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${body}`).digest('base64url');
}
