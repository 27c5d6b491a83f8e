import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { HttpError } from '../http/errors';
import { modelsOf } from '../models';
import { recordAudit } from './audit';
import { findUser, refuseDisabled, type PublicUser } from './users';

export const DEFAULT_SIGN_IN_CODE_HOURS = 24;

export const signInCodeRequestSchema = z.strictObject({
  hours: z.number().int('expected whole hours').min(1, 'expected 1 to 168 hours').max(168, 'expected 1 to 168 hours').default(DEFAULT_SIGN_IN_CODE_HOURS),
});

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

export interface IssuedSignInCode {
  id: string;
  username: string;
  code: string;
  url: string;
  expiresAt: string;
}

/**
 * A one-time code that signs an interviewer's tablet in. The URL carries it after `#`, so it never reaches
 * a server log or a Referer header; /capi reads it, signs in, and removes it from the address bar.
 */
export async function issueSignInCode(connection: Connection, username: string, hours: number, actor: string, baseUrl: string, now = new Date()): Promise<IssuedSignInCode> {
  const user = await findUser(connection, username);
  if (!user) throw new HttpError(404, 'unknown-user', `没有用户名为 "${username}" 的账号。No account named "${username}".`);
  if (user.role !== 'interviewer') throw new HttpError(400, 'not-an-interviewer', '平板登录码只发给调查员账号。Sign-in codes are for interviewer accounts only.');
  if (!user.active) throw new HttpError(409, 'account-disabled', '此账号已停用，请先启用。This account is disabled; enable it first.');
  const code = newCode();
  const codeId = randomUUID();
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  await modelsOf(connection).SignInCode.create({ codeId, codeHash: hashOf(code), username, expiresAt, createdBy: actor });
  await recordAudit(connection, { actor, action: 'sign-in-code.issued', target: username, after: { codeId, expiresAt: expiresAt.toISOString() } });
  return { id: codeId, username, code: grouped(code), url: `${baseUrl.replace(/\/+$/, '')}/capi/#code=${code}`, expiresAt: expiresAt.toISOString() };
}

export interface SignInCodeView {
  id: string;
  username: string;
  expiresAt: string;
  status: 'open' | 'used' | 'expired' | 'revoked';
  createdBy: string;
  createdAt: string | null;
}

/** A user's codes, newest first, without the codes themselves (they were shown once). */
export async function listSignInCodes(connection: Connection, username: string, now = new Date()): Promise<SignInCodeView[]> {
  const codes = await modelsOf(connection).SignInCode.find({ username }).lean();
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
  const { SignInCode } = modelsOf(connection);
  const code = await SignInCode.findOne({ codeId }).lean();
  if (!code) throw new HttpError(404, 'unknown-sign-in-code', `没有此登录码。No sign-in code with id ${codeId}.`);
  if (!code.revokedAt) {
    await SignInCode.updateOne({ codeId }, { $set: { revokedAt: now } });
    await recordAudit(connection, { actor, action: 'sign-in-code.revoked', target: code.username, before: { codeId }, after: { codeId, revokedAt: now.toISOString() } });
  }
  return (await listSignInCodes(connection, code.username, now)).find((view) => view.id === codeId)!;
}

const refusal = (code: string, zh: string, en: string) => new HttpError(401, code, `${zh} ${en}`);

/** The interviewer a code signs in, once: a used, expired, revoked or unknown code is a 401 saying which. */
export async function signInWithCode(connection: Connection, code: string, now = new Date()): Promise<PublicUser> {
  const { SignInCode, SignInCodeUse } = modelsOf(connection);
  const stored = await SignInCode.findOne({ codeHash: hashOf(code) }).lean();
  if (!stored) throw refusal('sign-in-code-invalid', '登录码不正确。', 'This sign-in code is not valid: check it, or ask the survey manager for a new one.');
  if (stored.revokedAt) throw refusal('sign-in-code-revoked', '此登录码已被收回。', 'This sign-in code was revoked; ask the survey manager for a new one.');
  if (stored.usedAt) throw refusal('sign-in-code-used', '此登录码已经用过。', 'This sign-in code was already used; each code works once. Ask for a new one.');
  if (stored.expiresAt <= now) throw refusal('sign-in-code-expired', '此登录码已过期。', 'This sign-in code has expired; ask the survey manager for a new one.');
  try {
    await SignInCodeUse.create({ codeId: stored.codeId, at: now });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw refusal('sign-in-code-used', '此登录码已经用过。', 'This sign-in code was already used; each code works once. Ask for a new one.');
    throw error;
  }
  await SignInCode.updateOne({ codeId: stored.codeId }, { $set: { usedAt: now } });
  const user = await findUser(connection, stored.username);
  if (!user) throw refusal('sign-in-code-invalid', '此账号已不存在。', 'The account of this code no longer exists.');
  refuseDisabled(user);
  await recordAudit(connection, { actor: user.username, action: 'sign-in-code.used', target: user.username, after: { codeId: stored.codeId } }, now);
  return user;
}
