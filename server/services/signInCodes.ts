import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { problem } from '../../contracts/problems';
import { findSignInCode, findSignInCodeByHash, insertSignInCode, insertSignInCodeUse, setSignInCodeFields, signInCodesOf } from '../queries/signInCodes';
import { recordAudit } from './audit';
import type { IssuedSignInCode, PublicUser, SignInCodeView } from '../../contracts/accounts';
import { findUser, refuseDisabled } from './users';
import type { ServerState } from '../state';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from the screen is not mistaken. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 symbols of 5 bits: 60 bits, for a code that lives a day and works once. */
const CODE_LENGTH = 12;

function newCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** What a person may type: any case, with dashes or spaces, O for 0 and I or L for 1. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

const hashOf = (code: string) => createHash('sha256').update(normalizeCode(code)).digest('hex');

/** XXXX-XXXX-XXXX, for the screen. */
const grouped = (code: string) => code.match(/.{1,4}/g)!.join('-');

/**
 * A one-time code that signs an interviewer's tablet in. The URL carries it after `#`, so it never reaches
 * a server log or a Referer header; /capi reads it, signs in, and removes it from the address bar.
 */
export async function issueSignInCode(state: ServerState, username: string, hours: number, actor: string, baseUrl: string, now = new Date()): Promise<IssuedSignInCode> {
  const user = await findUser(state, username);
  if (!user) throw problem('unknown-user', { username });
  if (user.role !== 'interviewer') throw problem('not-an-interviewer');
  if (!user.active) throw problem('disabled-account-no-code');
  const code = newCode();
  const codeId = randomUUID();
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  await insertSignInCode(state.connection, { codeId, codeHash: hashOf(code), username, expiresAt, createdBy: actor });
  await recordAudit(state.connection, { actor, action: 'sign-in-code.issued', target: username, after: { codeId, expiresAt: expiresAt.toISOString() } });
  return { id: codeId, username, code: grouped(code), url: `${baseUrl.replace(/\/+$/, '')}/capi/#code=${code}`, expiresAt: expiresAt.toISOString() };
}

/** A user's codes, newest first, without the codes themselves (they were shown once). */
export async function listSignInCodes(connection: Connection, username: string, now = new Date()): Promise<SignInCodeView[]> {
  const codes = await signInCodesOf(connection, username);
  return codes
    .map((code) => ({
      id: code.codeId,
      username: code.username,
      expiresAt: code.expiresAt.toISOString(),
      status: code.revokedAt ? ('revoked' as const) : code.usedAt ? ('used' as const) : code.expiresAt <= now ? ('expired' as const) : ('open' as const),
      createdBy: code.createdBy,
      createdAt: (code as { createdAt?: Date }).createdAt?.toISOString() ?? null,
    }))
    .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
}

export async function revokeSignInCode(connection: Connection, codeId: string, actor: string, now = new Date()): Promise<SignInCodeView> {
  const code = await findSignInCode(connection, codeId);
  if (!code) throw problem('unknown-sign-in-code', { id: codeId });
  if (!code.revokedAt) {
    await setSignInCodeFields(connection, codeId, { revokedAt: now });
    await recordAudit(connection, { actor, action: 'sign-in-code.revoked', target: code.username, before: { codeId }, after: { codeId, revokedAt: now.toISOString() } });
  }
  return (await listSignInCodes(connection, code.username, now)).find((view) => view.id === codeId)!;
}

/** The interviewer a code signs in, once: a used, expired, revoked or unknown code is a 401 saying which. */
export async function signInWithCode(state: ServerState, code: string, now = new Date()): Promise<PublicUser> {
  const stored = await findSignInCodeByHash(state.connection, hashOf(code));
  if (!stored) throw problem('sign-in-code-invalid');
  if (stored.revokedAt) throw problem('sign-in-code-revoked');
  if (stored.usedAt) throw problem('sign-in-code-used');
  if (stored.expiresAt <= now) throw problem('sign-in-code-expired');
  try {
    await insertSignInCodeUse(state.connection, stored.codeId, now);
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw problem('sign-in-code-used');
    throw error;
  }
  await setSignInCodeFields(state.connection, stored.codeId, { usedAt: now });
  const user = await findUser(state, stored.username);
  if (!user) throw problem('sign-in-code-invalid');
  refuseDisabled(user);
  await recordAudit(state.connection, { actor: user.username, action: 'sign-in-code.used', target: user.username, after: { codeId: stored.codeId } }, now);
  return user;
}
