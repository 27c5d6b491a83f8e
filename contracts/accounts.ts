import { z } from 'zod';

export const ROLES = ['admin', 'analyst', 'interviewer'] as const;
export type Role = (typeof ROLES)[number];

/** POST /api/users. */
export const newUserSchema = z.strictObject({
  username: z.string().regex(/^[\w.-]{2,64}$/, 'expected 2-64 letters, digits, dots, dashes or underscores'),
  password: z.string().min(8, 'expected at least 8 characters').max(200),
  role: z.enum(ROLES),
  samplingPoints: z.array(z.string().min(1)).default([]),
});
export type NewUser = z.infer<typeof newUserSchema>;

/** An account as the API shows it: never its password hash. */
export const publicUserSchema = z.object({ username: z.string(), role: z.enum(ROLES), samplingPoints: z.array(z.string()) });
export type PublicUser = z.infer<typeof publicUserSchema>;

/** POST /api/auth/login. */
export const signInRequestSchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });

/** Its answer: the session token (also set as a cookie) and who signed in. */
export const signInReplySchema = publicUserSchema.extend({ token: z.string().min(1), expiresAt: z.string() });
export type SignInReply = z.infer<typeof signInReplySchema>;
