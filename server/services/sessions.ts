import { z } from 'zod';
import { ROLES, type Role } from '../../contracts/accounts';
import { signToken, TokenError, verifyToken } from './signedTokens';

/** Interviewers sign in online once and then work offline for days; the session outlives a field week. */
export const SESSION_DAYS = 14;
const PURPOSE = 'session';

const sessionSchema = z.object({ sub: z.string().min(1), role: z.enum(ROLES), exp: z.number() });
export type Session = z.infer<typeof sessionSchema>;

export function issueSessionToken(username: string, role: Role, secret: string, now = new Date()): { token: string; expiresAt: Date } {
  const exp = Math.floor(now.getTime() / 1000) + SESSION_DAYS * 24 * 3600;
  return { token: signToken(PURPOSE, { sub: username, role, exp }, secret), expiresAt: new Date(exp * 1000) };
}

export function verifySessionToken(token: string, secret: string): Session {
  const parsed = sessionSchema.safeParse(verifyToken(PURPOSE, token, secret));
  if (!parsed.success) throw new TokenError('malformed');
  return parsed.data;
}
