import { z } from 'zod';
import type { QualitySettings } from '../analysis/quality/settings';
import { labelSchema } from './indicators';

/** GET /api/quality/interviewers: each interviewer's interviews, flags and interviewer-effect tests. */
export const interviewerTableSchema = z.object({
  interviewers: z.array(
    z.object({
      interviewer: z.string(),
      interviews: z.number(),
      completes: z.number(),
      flags: z.record(z.string(), z.number()),
      flagged: z.boolean(),
      tests: z.array(z.object({ measure: z.string(), n: z.number(), value: z.number(), expected: z.number(), z: z.number(), p: z.number(), adjustedP: z.number(), flagged: z.boolean() })),
    }),
  ),
  measures: z.record(z.string(), labelSchema),
});
export type InterviewerTable = z.infer<typeof interviewerTableSchema>;

/** One site's or one interviewer's interviews, with how many have at least one flag and how many have each flag. */
export const flagCountsSchema = z.object({ interviews: z.number(), flagged: z.number(), flags: z.record(z.string(), z.number()) });
export type FlagCounts = z.infer<typeof flagCountsSchema>;
/** GET /api/quality/flags: interviews and flagged interviews per site and per interviewer, and the flags' names. */
export const flagTallySchema = z.object({ sites: z.array(flagCountsSchema.extend({ siteCode: z.string() })), interviewers: z.array(flagCountsSchema.extend({ interviewer: z.string() })), flags: z.record(z.string(), labelSchema) });
export type FlagTally = z.infer<typeof flagTallySchema>;

const share = z.number().gt(0).lt(1);
const count = z.number().int().min(1).max(1000);
const seconds = z.number().min(0).max(86_400);
/** PUT /api/quality/settings: the whole set of thresholds the flags are computed with (analysis/quality/settings.ts), each within a range that keeps the rules meaningful. */
export const qualitySettingsSchema: z.ZodType<QualitySettings> = z.strictObject({
  speeding: z.strictObject({ medianShare: share, minInterviews: count, secondsPerQuestion: seconds, fastPages: count }),
  straightLining: z.strictObject({ satisfactionMinItems: z.number().int().min(2).max(100), literacyRun: z.number().int().min(2).max(100) }),
  nearDuplicate: z.strictObject({ agreement: z.number().min(0.5).max(1), minQuestions: count }),
  implausibleTiming: z.strictObject({ overlapSeconds: seconds, spanMinutes: z.number().gt(0).max(1440), maxInSpan: count }),
  interviewerEffect: z.strictObject({ alpha: share, minInterviews: z.number().int().min(2).max(1000) }),
  qrDuplicate: z.strictObject({ maxPerDevice: count }),
});
