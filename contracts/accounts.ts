import { z } from 'zod';
import { previewFlag } from './previewFlag';
import type { Label } from '../analysis/domain/label';

export const ROLES = ['admin', 'analyst', 'interviewer'] as const;
export type Role = (typeof ROLES)[number];
/** What the consoles call each role; an interviewer is 访员 wherever a person reads it (MODE_LABELS' 访员面访, the review state 已退回访员). */
export const ROLE_LABELS: Record<Role, Label> = {
  admin: { 'zh-cn': '管理员', en: 'Manager (admin)' },
  analyst: { 'zh-cn': '分析员', en: 'Analyst' },
  interviewer: { 'zh-cn': '访员', en: 'Interviewer' },
};

/** Usernames stay ASCII (typed on any tablet keyboard, safe in URLs and files); display names may be Chinese. */
export const usernameSchema = z.string().regex(/^[\w.-]{2,64}$/, 'expected 2-64 letters, digits, dots, dashes or underscores (用户名：2-64 个英文字母、数字、点、横线或下划线)');
export const displayNameSchema = z.string().trim().max(64, 'expected at most 64 characters');
export const passwordSchema = z.string().min(8, 'expected at least 8 characters').max(200);

/** POST /api/users. */
export const newUserSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: z.enum(ROLES),
  samplingPoints: z.array(z.string().min(1)).default([]),
  displayName: displayNameSchema.optional(),
});
export type NewUser = z.input<typeof newUserSchema>;

/** An account as the API shows it: never its password hash. */
export const publicUserSchema = z.object({ username: z.string(), role: z.enum(ROLES), samplingPoints: z.array(z.string()), displayName: z.string(), active: z.boolean() });
export type PublicUser = z.infer<typeof publicUserSchema>;

/** What the console lists: the account and what it has done. */
export const userViewSchema = publicUserSchema.extend({
  demo: z.boolean(),
  lastSignInAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  interviews: z.number().int(),
  createdAt: z.string().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;

/** PATCH /api/users/:username. */
export const userPatchSchema = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    role: z.enum(ROLES).optional(),
    samplingPoints: z.array(z.string().min(1)).optional(),
    active: z.boolean().optional(),
    /** A new password chosen by the server, answered once. */
    resetPassword: z.literal(true).optional(),
    /** A password chosen by the admin (e.g. their own, replacing the first one). */
    password: passwordSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one of displayName, role, samplingPoints, active, resetPassword, password')
  .refine((patch) => !(patch.resetPassword && patch.password), { path: ['password'], message: 'send either password or resetPassword, not both' });
export type UserPatch = z.infer<typeof userPatchSchema>;

/** POST /api/auth/login. */
export const signInRequestSchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });

/** POST /api/auth/code: a tablet's one-time sign-in code instead of a password. */
export const signInCodeRequestSchema = z.strictObject({ code: z.string().trim().min(1).max(40) });

/** The answer of either: the session token (also set as a cookie) and who signed in. */
export const signInReplySchema = publicUserSchema.pick({ username: true, role: true, samplingPoints: true }).extend({ token: z.string().min(1), expiresAt: z.string() });
export type SignInReply = z.infer<typeof signInReplySchema>;
/**
 * What a client keeps of that answer to stay signed in (the tablet in IndexedDB, the consoles in
 * sessionStorage), checked when it is read back: a kept value that is not a session means signing in again.
 */
export const sessionSchema = signInReplySchema.pick({ username: true, role: true, token: true, expiresAt: true });
export type Session = z.infer<typeof sessionSchema>;

/** POST /api/users/:username/sign-in-code: how many hours the new code works (a day unless asked). */
export const signInCodeIssueSchema = z.strictObject({
  hours: z.number().int('expected whole hours').min(1, 'expected 1 to 168 hours').max(168, 'expected 1 to 168 hours').default(24),
});
/** Its answer: the code, shown once, and the URL of its QR. */
export const issuedSignInCodeSchema = z.object({ id: z.string(), username: z.string(), code: z.string(), url: z.string(), expiresAt: z.string() });
export type IssuedSignInCode = z.infer<typeof issuedSignInCodeSchema>;
/** A code as listed and revoked: never the code itself. */
export const signInCodeViewSchema = z.object({ id: z.string(), username: z.string(), expiresAt: z.string(), status: z.enum(['open', 'used', 'expired', 'revoked']), createdBy: z.string(), createdAt: z.string().nullable() });
export type SignInCodeView = z.infer<typeof signInCodeViewSchema>;

/** PATCH /api/users/:username: the account after the change, and the new password when the server chose one (shown once). */
export const userUpdateSchema = z.object({ user: publicUserSchema, password: z.string().optional() });
export type UserUpdate = z.infer<typeof userUpdateSchema>;

/** POST /api/users/import's query: ?preview=true checks the file and stores nothing. */
export const userImportQuerySchema = z.strictObject({ preview: previewFlag });
/** POST /api/users/import: the accounts of the file, checked (preview) or stored. */
export const userImportSchema = z.object({
  preview: z.boolean(),
  accounts: z.array(
    z.object({
      /** The file's line, as the person sees it in Excel. */
      line: z.number(),
      username: z.string(),
      displayName: z.string(),
      role: z.enum(ROLES),
      samplingPoints: z.array(z.string()),
      /** Only in the answer of the real import, for rows without a password: shown once. */
      password: z.string().optional(),
    }),
  ),
});
export type UserImport = z.infer<typeof userImportSchema>;
export type ImportedAccount = UserImport['accounts'][number];
