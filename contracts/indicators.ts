import { z } from 'zod';

/** A text for people in both languages. */
export const labelSchema = z.object({ 'zh-cn': z.string(), en: z.string() });
const levelSchema = z.object({ code: z.string(), label: labelSchema });

/** GET /api/indicators: every indicator's names, family and target, and every breakdown with its levels' names. */
export const indicatorRegistrySchema = z.object({
  indicators: z.array(
    z.object({ id: z.string(), label: labelSchema, shortLabel: labelSchema, family: z.string(), parent: z.string().optional(), main: z.boolean(), kind: z.enum(['prop', 'ratio']), population: labelSchema }),
  ),
  breakdowns: z.array(z.object({ id: z.string(), label: labelSchema, levels: z.array(levelSchema) })),
  statuses: z.array(levelSchema),
});
export type IndicatorRegistry = z.infer<typeof indicatorRegistrySchema>;
