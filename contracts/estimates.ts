import { z } from 'zod';
import type { IndicatorEstimate } from '../analysis/indicators/accumulator';
import { RELIABILITY_FLAGS, RELIABILITY_REASONS } from '../analysis/stats/reliability';
import { labelSchema } from './indicators';

/** One row of GET /api/estimates: an indicator in a domain (null: the whole population), against its target. */
export const estimateRowSchema = z.object({
  indicator: z.string(),
  domain: z.record(z.string(), z.string()).nullable(),
  estimate: z.number().nullable(),
  se: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  deff: z.number().nullable(),
  n: z.number(),
  df: z.number().nullable(),
  target: z.number().nullable(),
  status: z.string().nullable(),
  difference: z.number().nullable(),
  /** One-sided p-value of the test that the population value is above the target. */
  pAboveTarget: z.number().nullable(),
  reliability: z.object({ flag: z.enum(RELIABILITY_FLAGS), reasons: z.array(z.enum(RELIABILITY_REASONS)), effectiveN: z.number() }).nullable(),
  note: z.string().optional(),
});
export type EstimateRow = z.infer<typeof estimateRowSchema>;

/** GET /api/estimates?format=json: the rows and how they were computed. */
export const estimatesReplySchema = z.object({
  methods: z.looseObject({
    design: z.string(),
    designZh: z.string(),
    weighting: z.string(),
    weightingZh: z.string(),
    n: z.number(),
    /** The methods statement, item by item in both languages (server/services/estimateMethods.ts). */
    statement: z.array(z.object({ item: labelSchema, text: labelSchema })).optional(),
  }),
  rows: z.array(estimateRowSchema),
});
export type EstimatesReply = z.infer<typeof estimatesReplySchema>;

/**
 * The engine's rows (analysis/, which may not import contracts/) and the wire's are one shape: the engine's
 * fit the wire's, and the wire names no field the engine does not give; either drift fails to compile.
 */
export const engineRowsFitTheContract = (row: IndicatorEstimate): EstimateRow => row;
export const contractNamesOnlyEngineFields: [Exclude<keyof EstimateRow, keyof IndicatorEstimate>] extends [never] ? true : never = true;
