import { z } from 'zod';
import type { IndicatorEstimate } from '../analysis/indicators/accumulator';

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
  note: z.string().optional(),
});
export type EstimateRow = z.infer<typeof estimateRowSchema>;

/** GET /api/estimates?format=json: the rows and how they were computed. */
export const estimatesReplySchema = z.object({
  methods: z.looseObject({ design: z.string(), weighting: z.string(), n: z.number() }),
  rows: z.array(estimateRowSchema),
});
export type EstimatesReply = z.infer<typeof estimatesReplySchema>;

/** The engine's rows must fit the wire's: this fails to compile when they drift apart. */
export const engineRowsFitTheContract = (row: IndicatorEstimate): EstimateRow => row;
