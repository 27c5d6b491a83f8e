import { z } from 'zod';
import { RESPONSE_STATUSES } from '../analysis/domain/profile';
import type { StatusCounts } from '../analysis/indicators/analysisRows';

export type { StatusCounts };

/** Interviews per status, as the analysis rows count them (analysis may not import contracts, so the type is theirs). */
export const statusCountsSchema = z.object(Object.fromEntries(RESPONSE_STATUSES.map((status) => [status, z.number().int()])) as Record<(typeof RESPONSE_STATUSES)[number], z.ZodNumber>) satisfies z.ZodType<StatusCounts>;

const plannedProgressSchema = z.object({
  planned: z.number(),
  counts: statusCountsSchema,
  /** Completes below expectedShare × planned. */
  behindPlan: z.boolean(),
});
export type PlannedProgress = z.infer<typeof plannedProgressSchema>;

/** GET /api/fieldwork: fieldwork against plan per site, county, day, mode and interviewer. */
export const fieldworkReportSchema = z.object({
  expectedShare: z.number(),
  totals: plannedProgressSchema.extend({ medianDurationSeconds: z.number().nullable() }),
  sites: z.array(
    plannedProgressSchema.extend({
      siteCode: z.string(),
      siteName: z.string(),
      stratum: z.string(),
      countyCode: z.string(),
      provinceCode: z.string(),
      region: z.string(),
      medianDurationSeconds: z.number().nullable(),
    }),
  ),
  counties: z.array(plannedProgressSchema.extend({ stratum: z.string(), countyCode: z.string(), provinceCode: z.string(), region: z.string(), sites: z.number(), sitesBehindPlan: z.number() })),
  days: z.array(z.object({ date: z.string(), counts: statusCountsSchema })),
  modes: z.array(z.object({ mode: z.string(), counts: statusCountsSchema, medianDurationSeconds: z.number().nullable() })),
  interviewers: z.array(z.object({ interviewer: z.string(), counts: statusCountsSchema, sites: z.number() })),
});
export type FieldworkReport = z.infer<typeof fieldworkReportSchema>;
