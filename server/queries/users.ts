/**
 * Every read and write of the `users` collection (accounts), as ODK Central's lib/model/query/: services
 * call these named queries and never the model.
 */
import type { Connection } from 'mongoose';
import { modelsOf } from '../models';
import type { UserDocument } from '../models/user';

/** An account as stored, with its password hash. */
export type { UserDocument } from '../models/user';

/** A new account as written (the schema fills the defaults). */
export type NewStoredUser = Pick<UserDocument, 'username' | 'role' | 'passwordHash'> & Partial<UserDocument>;

const users = (connection: Connection) => modelsOf(connection).User;

/** One account by its username. */
export function findStoredUser(connection: Connection, username: string): Promise<UserDocument | null> {
  return users(connection).findOne({ username }).lean<UserDocument>();
}

/** Every account. */
export function allUsers(connection: Connection): Promise<UserDocument[]> {
  return users(connection).find({}).lean<UserDocument[]>();
}

/** Which of these usernames are taken. */
export async function takenUsernames(connection: Connection, usernames: string[]): Promise<Set<string>> {
  return new Set((await users(connection).find({ username: { $in: usernames } }, { username: 1 }).lean()).map((user) => user.username));
}

/** What the overview shows of the interviewers: who they are, whether they can sign in, when they last synced. */
export type InterviewerSync = Pick<UserDocument, 'username' | 'displayName' | 'active' | 'lastSyncAt'>;

export function interviewerSyncs(connection: Connection): Promise<InterviewerSync[]> {
  return users(connection).find({ role: 'interviewer' }, { username: 1, displayName: 1, active: 1, lastSyncAt: 1 }).lean<InterviewerSync[]>();
}

/** The usernames of the demo accounts that can still sign in. */
export async function activeDemoUsernames(connection: Connection): Promise<string[]> {
  return (await users(connection).find({ demo: true, active: { $ne: false } }, { username: 1 }).lean()).map((user) => user.username);
}

/** How many demo accounts can still sign in. */
export function countActiveDemoUsers(connection: Connection): Promise<number> {
  return users(connection).countDocuments({ demo: true, active: { $ne: false } });
}

/** Whether an account that can sign in still has the password of the first start. */
export async function initialPasswordInUse(connection: Connection): Promise<boolean> {
  return Boolean(await users(connection).exists({ initialPassword: true, active: { $ne: false } }));
}

/** The collection's size from its metadata (no scan). */
export function estimatedUserCount(connection: Connection): Promise<number> {
  return users(connection).estimatedDocumentCount();
}

/** Stores one account; a taken username throws the driver's duplicate-key error (11000). */
export async function insertUser(connection: Connection, user: NewStoredUser): Promise<void> {
  await users(connection).create(user);
}

/** Stores many accounts in one unordered insert; a taken username throws once the others are written. */
export async function insertUsers(connection: Connection, accounts: NewStoredUser[]): Promise<void> {
  await users(connection).insertMany(accounts, { ordered: false });
}

/** Removes the accounts of a failed insertUsers again: only those with these usernames and these password hashes. */
export async function deleteInsertedUsers(connection: Connection, usernames: string[], passwordHashes: string[]): Promise<void> {
  await users(connection).deleteMany({ username: { $in: usernames }, passwordHash: { $in: passwordHashes } });
}

/** Sets some fields of one account. */
export async function setUserFields(connection: Connection, username: string, fields: Partial<UserDocument>): Promise<void> {
  await users(connection).updateOne({ username }, { $set: fields });
}

/** Removes one account. */
export async function deleteStoredUser(connection: Connection, username: string): Promise<void> {
  await users(connection).deleteOne({ username });
}
