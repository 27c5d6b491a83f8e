import { z } from 'zod';
import { dateRangeQuery, inDateOrder } from './dateRange';

/** Every manager action the audit log records, by stable name (the console translates them). */
export const AUDIT_ACTIONS = [
  'user.created',
  'user.updated',
  'user.password-reset',
  'user.disabled',
  'user.deleted',
  'sign-in-code.issued',
  'sign-in-code.used',
  'sign-in-code.revoked',
  'link.issued',
  'link.extended',
  'link.revoked',
  'frame.imported',
  'instrument.uploaded',
  'instrument.published',
  'instrument.retired',
  'instrument.discarded',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** GET /api/audit: one entry of the log, newest first; before and after are what the action changed. */
export const auditEntrySchema = z.object({ at: z.string(), actor: z.string(), action: z.string(), target: z.string(), before: z.unknown(), after: z.unknown() });
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
export const auditListSchema = z.array(auditEntrySchema);

/** GET /api/audit's query: the entries of one action, actor or target, within the dates, as JSON or CSV. */
export const auditQuerySchema = inDateOrder(
  z.strictObject({
  action: z.enum(AUDIT_ACTIONS, { message: `expected one of ${AUDIT_ACTIONS.join(', ')}` }).optional(),
  actor: z.string().min(1).max(64).optional(),
  target: z.string().min(1).max(100).optional(),
  ...dateRangeQuery,
  format: z.enum(['json', 'csv']).default('json'),
  }),
);
export type AuditQuery = z.infer<typeof auditQuerySchema>;
