import { sessionSchema, signInReplySchema, type Session, type SignInReply } from '../../contracts/accounts';
import { apiFetch } from '../shared/api';
import type { OfflineStore } from '../shared/offline/store';

/** A signed-in interviewer (contracts/accounts.ts), kept on the device so the app works offline until the token expires. */
export type { Session };

const SESSION_KEY = 'session';

/** Signing in needs the network once; the answer is kept for offline use. */
export async function signIn(store: OfflineStore, username: string, password: string): Promise<Session> {
  const answer = await apiFetch('/api/auth/login', { method: 'POST', body: { username, password }, schema: signInReplySchema, timeoutMs: 20_000 });
  return keepSession(store, username, answer);
}

/** A one-time code from the survey manager's QR (/capi/#code=…) signs in like a password. */
export async function signInWithCode(store: OfflineStore, code: string): Promise<Session> {
  const answer = await apiFetch('/api/auth/code', { method: 'POST', body: { code }, schema: signInReplySchema, timeoutMs: 20_000 });
  return keepSession(store, answer.username, answer);
}

/** The sign-in code a QR's URL carries after `#` (never sent to the server with the page request). */
export function signInCodeOf(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('code') ?? undefined;
}

async function keepSession(store: OfflineStore, username: string, answer: SignInReply): Promise<Session> {
  const session: Session = { ...sessionSchema.parse(answer), username };
  await store.setSetting(SESSION_KEY, session);
  return session;
}

/** The kept session, unless it has expired (then the interviewer signs in again; drafts and outbox stay). */
export async function restoreSession(store: OfflineStore, now = Date.now()): Promise<Session | undefined> {
  const kept = sessionSchema.safeParse(await store.getSetting<unknown>(SESSION_KEY));
  if (!kept.success || Date.parse(kept.data.expiresAt) <= now) return undefined;
  return kept.data;
}

export async function signOut(store: OfflineStore): Promise<void> {
  await store.deleteSetting(SESSION_KEY);
}
