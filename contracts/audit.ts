import { z } from 'zod';

/** GET /api/audit: one entry of the log, newest first; before and after are what the action changed. */
export const auditEntrySchema = z.object({ at: z.string(), actor: z.string(), action: z.string(), target: z.string(), before: z.unknown(), after: z.unknown() });
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
export const auditListSchema = z.array(auditEntrySchema);
