import type { Connection } from 'mongoose';
import { z } from 'zod';
import { problem } from '../../contracts/problems';
import { siteCodes } from '../queries/samplingPoints';
import { takenUsernames } from '../queries/users';
import { recordAudits } from './audit';
import { validateRows } from './csvUpload';
import { readTableUpload } from './tableUpload';
import { displayNameSchema, passwordSchema, ROLE_LABELS, ROLES, usernameSchema, type ImportedAccount, type Role, type UserImport } from '../../contracts/accounts';
import { generatePassword, insertUsersAllOrNothing } from './users';

/** The columns of an accounts file, by their English or Chinese header. */
const COLUMN_NAMES: Record<string, 'username' | 'display_name' | 'role' | 'password' | 'sites'> = {
  username: 'username',
  用户名: 'username',
  display_name: 'display_name',
  姓名: 'display_name',
  显示名: 'display_name',
  role: 'role',
  角色: 'role',
  password: 'password',
  密码: 'password',
  sites: 'sites',
  调查点: 'sites',
};
export const USER_IMPORT_COLUMNS = ['username', 'display_name', 'role', 'password', 'sites'] as const;

// A role by its code or its name (ROLE_LABELS); 调查员, what the console called an interviewer before, still reads in old files.
const ROLE_NAMES: Record<string, Role> = { ...Object.fromEntries(ROLES.flatMap((role): [string, Role][] => [[role, role], [ROLE_LABELS[role]['zh-cn'], role]])), 调查员: 'interviewer' };

const importRowSchema = z.object({
  username: usernameSchema,
  display_name: displayNameSchema.default(''),
  role: z
    .string()
    .trim()
    .transform((role) => ROLE_NAMES[role.toLowerCase()] ?? role)
    .pipe(z.enum(ROLES, { message: `expected ${ROLES.map((role) => `${role}/${ROLE_LABELS[role]['zh-cn']}`).join(', ')}` })),
  password: z.union([z.literal(''), passwordSchema]).default(''),
  /** Site codes separated by ; 、 or spaces. */
  sites: z
    .string()
    .default('')
    .transform((sites) => sites.split(/[;；、,，\s]+/).filter(Boolean)),
});


function checkHeader(header: string[]): string[] {
  const names = header.map((name) => COLUMN_NAMES[name.trim().toLowerCase()] ?? COLUMN_NAMES[name.trim()] ?? name.trim());
  const missing = ['username', 'role'].filter((column) => !names.includes(column));
  if (missing.length > 0) throw problem('invalid-users-header', { missing: missing.join(', '), expected: USER_IMPORT_COLUMNS.join(',') });
  return names;
}

/**
 * Reads an accounts file and checks every row (names free and unique, roles, site codes in the frame);
 * a preview stops there, otherwise all accounts are stored or none. Rows without a password get a
 * generated one, answered once.
 */
export async function importUsers(connection: Connection, bytes: Buffer, options: { preview: boolean; actor: string }): Promise<UserImport> {
  const records = await readTableUpload(bytes, { checkHeader, trim: true, empty: 'empty-users' });
  const { rows, errors } = validateRows(records, importRowSchema, 'username', (row) => row.username);
  const taken = await takenUsernames(connection, rows.map((row) => row.username));
  const sites = new Set(await siteCodes(connection));
  for (const row of rows) {
    if (taken.has(row.username)) errors.push({ path: `line ${row.line}, username`, message: `an account named ${row.username} already exists (已有此用户名的账号)` });
    for (const site of row.sites) if (!sites.has(site)) errors.push({ path: `line ${row.line}, sites`, message: `no sampling point with site code "${site}" (抽样框中没有此调查点)` });
  }
  if (errors.length > 0) throw problem('invalid-users', { count: errors.length }, errors);
  const accounts: ImportedAccount[] = rows.map((row) => ({ line: row.line, username: row.username, displayName: row.display_name, role: row.role, samplingPoints: row.sites }));
  if (options.preview) return { preview: true, accounts };
  const passwords = rows.map((row) => row.password || generatePassword());
  await insertUsersAllOrNothing(
    connection,
    accounts.map((account, index) => ({ username: account.username, displayName: account.displayName, role: account.role, samplingPoints: account.samplingPoints, password: passwords[index]! })),
  );
  await recordAudits(
    connection,
    accounts.map(({ line: _line, ...account }) => ({ actor: options.actor, action: 'user.created', target: account.username, after: { ...account, active: true, importedFromLine: _line } })),
  );
  return { preview: false, accounts: accounts.map((account, index) => (rows[index]!.password ? account : { ...account, password: passwords[index]! })) };
}
