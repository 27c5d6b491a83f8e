import { z } from 'zod';
import { estimateRowSchema } from './estimates';
import { labelSchema } from './indicators';

/** GET /api/compliance: for each indicator with a target, how many counties meet it, in sentences and county by county. */
export const complianceSchema = z.object({
  counties: z.number(),
  summary: labelSchema,
  indicators: z.array(
    z.object({
      indicator: z.string(),
      label: labelSchema,
      rule: labelSchema,
      counties: z.number(),
      met: z.number(),
      notMet: z.number(),
      inconclusive: z.number(),
      headline: labelSchema,
      sentence: labelSchema,
      judgements: z.array(z.object({ county: z.string(), name: labelSchema, region: z.string().nullable(), estimate: estimateRowSchema })),
    }),
  ),
});
export type Compliance = z.infer<typeof complianceSchema>;
