import { sessionSchema, type Session, type SignInReply } from '../../contracts/accounts';
import { parsedJson } from './storedJson';

/**
 * The consoles' (admin, analyst) session, kept for the tab in sessionStorage under their key; the tablet
 * keeps its own offline (client/capi/session.ts).
 */
export function storedSession(key: string): Session | undefined {
  return parsedJson(sessionSchema, sessionStorage.getItem(key));
}

/** Keeps what the console needs of a sign-in answer for the tab, and returns it. */
export function keepSession(key: string, answer: SignInReply): Session {
  const session = sessionSchema.parse(answer);
  sessionStorage.setItem(key, JSON.stringify(session));
  return session;
}

/** Signs out: the tab forgets its session and the server ends its own (the cookie). */
export function endSession(key: string): void {
  sessionStorage.removeItem(key);
  void fetch('/api/auth/logout', { method: 'POST' });
}
