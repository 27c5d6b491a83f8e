import { z } from 'zod';

/** What the manager must act on before fieldwork. */
export const OVERVIEW_WARNINGS = ['public-url-unset', 'demo-accounts', 'initial-admin-password'] as const;

/** GET /api/overview: the survey at a glance. */
export const overviewSchema = z.object({
  publicUrl: z.string().nullable(),
  instruments: z.array(z.object({ id: z.string(), version: z.number(), title: z.string() })),
  sites: z.number(),
  planned: z.number(),
  completes: z.number(),
  interviewers: z.object({ total: z.number(), active: z.number() }),
  openLinks: z.number(),
  lastSyncs: z.array(z.object({ username: z.string(), displayName: z.string(), lastSyncAt: z.string() })),
  warnings: z.array(z.enum(OVERVIEW_WARNINGS)),
});
export type Overview = z.infer<typeof overviewSchema>;
