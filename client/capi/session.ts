import { z } from 'zod';
import { apiFetch } from '../shared/api';
import type { OfflineStore } from '../shared/offline/store';

/** A signed-in interviewer, kept on the device so the app works offline until the token expires. */
export interface Session {
  username: string;
  role: string;
  token: string;
  expiresAt: string;
}

const SESSION_KEY = 'session';
const loginAnswerSchema = z.object({ token: z.string().min(1), role: z.string(), expiresAt: z.string().optional() });
/** When the server does not say, a session is trusted offline for a working week. */
const DEFAULT_LIFETIME_MS = 7 * 24 * 3600_000;

/** Signing in needs the network once; the answer is kept for offline use. */
export async function signIn(store: OfflineStore, username: string, password: string, now = Date.now()): Promise<Session> {
  const answer = await apiFetch('/api/auth/login', { method: 'POST', body: { username, password }, schema: loginAnswerSchema, timeoutMs: 20_000 });
  return keepSession(store, username, answer, now);
}

/** A one-time code from the survey manager's QR (/capi/#code=…) signs in like a password. */
export async function signInWithCode(store: OfflineStore, code: string, now = Date.now()): Promise<Session> {
  const answer = await apiFetch('/api/auth/code', { method: 'POST', body: { code }, schema: loginAnswerSchema.extend({ username: z.string().min(1) }), timeoutMs: 20_000 });
  return keepSession(store, answer.username, answer, now);
}

/** The sign-in code a QR's URL carries after `#` (never sent to the server with the page request). */
export function signInCodeOf(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('code') ?? undefined;
}

async function keepSession(store: OfflineStore, username: string, answer: z.infer<typeof loginAnswerSchema>, now: number): Promise<Session> {
  const session: Session = {
    username,
    role: answer.role,
    token: answer.token,
    expiresAt: answer.expiresAt ?? tokenExpiry(answer.token) ?? new Date(now + DEFAULT_LIFETIME_MS).toISOString(),
  };
  await store.setSetting(SESSION_KEY, session);
  return session;
}

/** The kept session, unless it has expired (then the interviewer signs in again; drafts and outbox stay). */
export async function restoreSession(store: OfflineStore, now = Date.now()): Promise<Session | undefined> {
  const session = await store.getSetting<Session>(SESSION_KEY);
  if (!session || Date.parse(session.expiresAt) <= now) return undefined;
  return session;
}

export async function signOut(store: OfflineStore): Promise<void> {
  await store.deleteSetting(SESSION_KEY);
}

/** A JWT-shaped token carries its own expiry (`exp`, seconds); any other token does not. */
function tokenExpiry(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : undefined;
  } catch {
    return undefined;
  }
}
