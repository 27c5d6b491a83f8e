import { z } from 'zod';
import { BREAKDOWNS } from '../analysis/indicators/registry';
import { LONELY_PSU_OPTIONS } from '../analysis/stats/design';
import { labelSchema } from './indicators';

/** What a comparison's group may be a level of: a breakdown, or a survey round (an instrument version or a date range). */
export const GROUP_KINDS = [...BREAKDOWNS, 'version', 'dates'] as const;

/** One side of a comparison: a level of a breakdown, or a survey round (an instrument version or a date range). */
export const groupSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(BREAKDOWNS), level: z.string() }),
  z.object({ kind: z.literal('version'), version: z.number() }),
  z.object({ kind: z.literal('dates'), from: z.string().optional(), to: z.string().optional() }),
]);
export type Group = z.infer<typeof groupSchema>;

/** A group's estimate as GET /api/estimates reports it (a group without data is refused, so every figure is there; deff is null where R's is NaN). */
const groupEstimateSchema = z.object({
  group: groupSchema,
  label: labelSchema,
  estimate: z.object({ estimate: z.number(), se: z.number(), ciLow: z.number(), ciHigh: z.number(), deff: z.number().nullable(), n: z.number(), df: z.number() }),
});

/** GET /api/estimates/differences: one indicator in two groups and A − B with its SE from the joint design. */
export const differenceReplySchema = z.object({
  indicator: z.string(),
  a: groupEstimateSchema,
  b: groupEstimateSchema,
  difference: z.object({
    estimate: z.number(),
    se: z.number(),
    ciLow: z.number(),
    ciHigh: z.number(),
    df: z.number(),
    /** Two-sided p-value of "no difference"; null when the SE is 0. */
    pValue: z.number().nullable(),
    covariance: z.number(),
    /** The SE as if the groups were independent samples, for comparison only. */
    independentSe: z.number(),
  }),
  /** Interviews in both groups (a county inside its province). */
  overlap: z.number(),
  weighting: z.string(),
  lonelyPsu: z.enum(LONELY_PSU_OPTIONS),
  methods: z.object({ zh: z.string(), en: z.string() }),
});
export type DifferenceReply = z.infer<typeof differenceReplySchema>;
