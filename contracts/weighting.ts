import { z } from 'zod';

export const WEIGHTING_METHODS = ['poststratify', 'rake'] as const;

/** POST /api/weighting/schemes: the margins as CSV text (`variable,level,population`), the method and the trimming cap. */
export const schemeInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'give the scheme a name').max(100, 'expected at most 100 characters'),
  method: z.enum(WEIGHTING_METHODS, { message: 'expected poststratify or rake' }),
  trimCap: z.coerce
    .number({ message: 'expected a number such as 5 (weights above 5 × the mean weight are cut)' })
    .gt(1, 'expected more than 1: the cap is a multiple of the mean weight')
    .nullable()
    .default(null),
  csv: z.string({ message: 'expected the margins as CSV text with the header variable,level,population' }),
});
export type SchemeInput = z.infer<typeof schemeInputSchema>;

/** A stored weighting scheme as the API shows it. */
export const weightingSchemeSchema = z.object({
  id: z.string(),
  name: z.string(),
  method: z.enum(WEIGHTING_METHODS),
  /** Largest weight allowed, as a multiple of the mean calibrated weight; null: no trimming. */
  trimCap: z.number().nullable(),
  margins: z.array(z.object({ variable: z.string(), totals: z.record(z.string(), z.number()) })),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type WeightingSchemeView = z.infer<typeof weightingSchemeSchema>;

/** GET /api/weighting/summary: how unequal the final weights are. */
export const weightSummarySchema = z.object({
  weighting: z.string(),
  scheme: weightingSchemeSchema.nullable().optional(),
  trimmed: z.number(),
  distribution: z.object({
    n: z.number(),
    min: z.number(),
    q1: z.number(),
    median: z.number(),
    q3: z.number(),
    max: z.number(),
    mean: z.number(),
    cv: z.number(),
    kishDeff: z.number(),
    histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })),
  }),
});
export type WeightSummary = z.infer<typeof weightSummarySchema>;
