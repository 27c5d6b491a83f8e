import { z } from 'zod';
import { RESPONSE_STATUSES } from '../analysis/domain/profile';
import type { StatusCounts } from '../analysis/indicators/analysisRows';
import { DEFAULT_INSTRUMENT } from './instruments';

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

/** GET /api/fieldwork's query. */
export const fieldworkQuerySchema = z.strictObject({
  /** One questionnaire's interviews against the sites' plan (the main survey by default): a follow-up survey's interviews do not fill the main survey's quota. */
  instrument: z.string().min(1).default(DEFAULT_INSTRUMENT),
  /**
   * The share of each site's planned interviews that should be complete by now (1 at the end of
   * fieldwork, 0.5 half-way); a site with fewer completes is behind plan.
   */
  expectedShare: z.coerce.number({ message: 'expected a number from 0 to 1' }).min(0, 'expected a number from 0 to 1').max(1, 'expected a number from 0 to 1').default(1),
});
export type FieldworkQuery = Omit<z.infer<typeof fieldworkQuerySchema>, 'instrument'> & { instrument?: string };

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
