import { randomInt, randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { problem } from '../../contracts/problems';
import type { NewUser, PublicUser, UserPatch, UserUpdate, UserView } from '../../contracts/accounts';
import { countByInterviewer } from '../queries/responses';
import { knownSiteCodes } from '../queries/samplingPoints';
import { activeDemoUsernames, allUsers, countActiveDemoUsers, deleteInsertedUsers, deleteStoredUser, estimatedUserCount, findStoredUser, initialPasswordInUse, insertUser, insertUsers, setUserFields, type UserDocument } from '../queries/users';
import { responseCounts } from './analysisStore';
import { recordAudit } from './audit';
import { hashPassword, verifyPassword } from './passwords';
import type { ServerState } from '../state';

type StoredUser = Pick<UserDocument, 'username' | 'role' | 'samplingPoints'> & Partial<Pick<UserDocument, 'displayName' | 'active'>>;

const publicUserOf = (user: StoredUser): PublicUser => ({
  username: user.username,
  role: user.role,
  samplingPoints: user.samplingPoints,
  displayName: user.displayName ?? '',
  // Accounts stored before `active` existed have no such field: they are active.
  active: user.active !== false,
});

/** 400 naming every site code that is not in the frame. */
async function checkSamplingPoints(connection: Connection, siteCodes: string[], path = 'samplingPoints'): Promise<void> {
  if (siteCodes.length === 0) return;
  const known = await knownSiteCodes(connection, siteCodes);
  const unknown = siteCodes.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw problem('unknown-sampling-point', unknown.map((code) => ({ path, message: `no sampling point with site code "${code}"` })));
  }
}

export async function createUser(connection: Connection, input: NewUser, options: { actor?: string; demo?: boolean } = {}): Promise<PublicUser> {
  const samplingPoints = input.samplingPoints ?? [];
  await checkSamplingPoints(connection, samplingPoints);
  const user = { username: input.username, role: input.role, samplingPoints, displayName: input.displayName ?? '', active: true };
  try {
    await insertUser(connection, { ...user, demo: options.demo ?? false, passwordHash: await hashPassword(input.password) });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw problem('username-taken', { username: input.username });
    throw error;
  }
  if (options.actor) await recordAudit(connection, { actor: options.actor, action: 'user.created', target: user.username, after: user });
  return user;
}

/** Every signed-in request reads its account (ServerState keeps it): a removed account or a changed assignment counts within this time. */
export const ACCOUNT_CACHE_SECONDS = 30;

export async function findUser(state: ServerState, username: string): Promise<PublicUser | undefined> {
  return state.accounts.read(username, async () => {
    const user = await findStoredUser(state.connection, username);
    return user ? publicUserOf(user) : undefined;
  });
}

/** Checked against when the username is unknown, so that answer takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined;

/**
 * The same answer, after about the same time, for an unknown user and a wrong password, so sign-in
 * reveals neither by its message nor by its timing who has an account.
 */
export async function authenticate(connection: Connection, username: string, password: string): Promise<PublicUser | undefined> {
  const user = await findStoredUser(connection, username);
  if (!user) {
    dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
    await verifyPassword(password, await dummyHash);
    return undefined;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return undefined;
  return publicUserOf(user);
}

/** 401 for a disabled account: a sign-in (password or code) and every request of its existing sessions. */
export function refuseDisabled(user: PublicUser): void {
  if (!user.active) throw problem('account-disabled');
}

export async function noteSignIn(connection: Connection, username: string, at = new Date()): Promise<void> {
  await setUserFields(connection, username, { lastSignInAt: at });
}

/** One write per account per minute at most, however often a tablet syncs: intake stays a single insert. */
const SYNC_NOTE_MS = 60_000;

export async function noteSync(state: ServerState, username: string, at = new Date()): Promise<void> {
  if (at.getTime() - (state.syncNoted.get(username) ?? 0) < SYNC_NOTE_MS) return;
  state.syncNoted.set(username, at.getTime());
  await setUserFields(state.connection, username, { lastSyncAt: at });
}

/** Interviews stored per interviewer, every status, from the in-memory analysis rows. */
async function interviewCounts(state: ServerState): Promise<Map<string, number>> {
  const counts = await responseCounts(state, 'interviewer');
  return new Map([...counts].map(([username, byStatus]) => [username, Object.values(byStatus).reduce((total, n) => total + n, 0)]));
}

export async function listUsers(state: ServerState): Promise<UserView[]> {
  const [users, counts] = await Promise.all([allUsers(state.connection), interviewCounts(state)]);
  return users
    .map((user) => ({
      ...publicUserOf(user),
      demo: user.demo === true,
      lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
      lastSyncAt: user.lastSyncAt?.toISOString() ?? null,
      interviews: counts.get(user.username) ?? 0,
      createdAt: (user as { createdAt?: Date }).createdAt?.toISOString() ?? null,
    }))
    .sort((a, b) => a.username.localeCompare(b.username));
}

async function storedUser(connection: Connection, username: string) {
  const user = await findStoredUser(connection, username);
  if (!user) throw problem('unknown-user', { username });
  return user;
}

/** A password people can read out and type: 12 letters and digits without look-alikes (about 59 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** An admin cannot lock themselves out: no disabling, demoting or deleting one's own account. */
function refuseSelfLockout(actor: string, username: string, what: { zh: string; en: string }): void {
  if (actor === username) throw problem('own-account', { action: what.zh, actionEn: what.en });
}

export async function updateUser(state: ServerState, username: string, patch: UserPatch, actor: string): Promise<UserUpdate> {
  const before = await storedUser(state.connection, username);
  if (patch.active === false) refuseSelfLockout(actor, username, { zh: '停用', en: 'disable' });
  if (patch.role && patch.role !== 'admin') refuseSelfLockout(actor, username, { zh: '降级', en: 'demote' });
  if (patch.samplingPoints) await checkSamplingPoints(state.connection, patch.samplingPoints);
  const password = patch.resetPassword ? generatePassword() : patch.password;
  const set: Record<string, unknown> = {};
  for (const field of ['displayName', 'role', 'samplingPoints', 'active'] as const) if (patch[field] !== undefined) set[field] = patch[field];
  if (password) Object.assign(set, { passwordHash: await hashPassword(password), initialPassword: false });
  await setUserFields(state.connection, username, set as Partial<UserDocument>);
  state.accounts.forget(username);
  const beforeView = publicUserOf(before);
  const user = publicUserOf({ ...before, ...set } as StoredUser);
  const action = patch.active === false && beforeView.active ? 'user.disabled' : password && Object.keys(set).length === 2 ? 'user.password-reset' : 'user.updated';
  await recordAudit(state.connection, { actor, action, target: username, before: beforeView, after: { ...user, ...(password ? { password: '(changed)' } : {}) } });
  return { user, ...(patch.resetPassword ? { password } : {}) };
}

/**
 * Deletes an account that has no interviews. One with interviews is disabled instead: its interviews keep
 * their interviewer, and a deleted name could be taken again by someone else.
 */
export async function deleteUser(state: ServerState, username: string, actor: string): Promise<{ outcome: 'deleted' | 'disabled'; interviews: number }> {
  refuseSelfLockout(actor, username, { zh: '删除', en: 'delete' });
  const before = publicUserOf(await storedUser(state.connection, username));
  const interviews = await countByInterviewer(state.connection, username);
  if (interviews > 0) {
    await setUserFields(state.connection, username, { active: false });
    state.accounts.forget(username);
    await recordAudit(state.connection, { actor, action: 'user.disabled', target: username, before, after: { ...before, active: false } });
    return { outcome: 'disabled', interviews };
  }
  await deleteStoredUser(state.connection, username);
  state.accounts.forget(username);
  await recordAudit(state.connection, { actor, action: 'user.deleted', target: username, before });
  return { outcome: 'deleted', interviews };
}

/** Every account `npm run demo` made: deleted, or disabled where they have (demo) interviews. */
export async function removeDemoAccounts(state: ServerState, actor: string): Promise<{ deleted: string[]; disabled: string[] }> {
  const demo = await activeDemoUsernames(state.connection);
  const result = { deleted: [] as string[], disabled: [] as string[] };
  for (const username of demo) {
    if (username === actor) continue;
    const { outcome } = await deleteUser(state, username, actor);
    result[outcome].push(username);
  }
  return result;
}

/** What the overview warns about: demo accounts that can still sign in, a first admin password never changed. */
export async function accountWarnings(connection: Connection): Promise<{ demoAccounts: number; initialAdminPassword: boolean }> {
  const [demoAccounts, initialAdminPassword] = await Promise.all([countActiveDemoUsers(connection), initialPasswordInUse(connection)]);
  return { demoAccounts, initialAdminPassword };
}

/** Stores new accounts together: if any insert fails (a name taken meanwhile), the others are removed again. */
export async function insertUsersAllOrNothing(connection: Connection, users: (NewUser & { displayName: string; samplingPoints: string[] })[]): Promise<void> {
  const documents = await Promise.all(users.map(async ({ password, ...user }) => ({ ...user, active: true, passwordHash: await hashPassword(password) })));
  try {
    await insertUsers(connection, documents);
  } catch (error) {
    await deleteInsertedUsers(connection, users.map((user) => user.username), documents.map((doc) => doc.passwordHash));
    if ((error as { code?: number }).code === 11000 || (error as { writeErrors?: unknown[] }).writeErrors) {
      throw problem('username-taken-during-import');
    }
    throw error;
  }
}

/**
 * First start: with no account at all, create `admin` (ADMIN_PASSWORD, or a random password that is
 * printed once). Two servers starting at once cannot both create it: the username is unique.
 */
export async function bootstrapAdmin(connection: Connection, adminPassword: string | undefined, print: (line: string) => void): Promise<void> {
  if ((await estimatedUserCount(connection)) > 0) return;
  const password = adminPassword ?? randomBytes(12).toString('base64url');
  try {
    await insertUser(connection, { username: 'admin', role: 'admin', passwordHash: await hashPassword(password), samplingPoints: [], initialPassword: true });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return;
    throw error;
  }
  if (!adminPassword) print(`Created the first account: admin / ${password} (shown once; set ADMIN_PASSWORD to choose it)`);
}
