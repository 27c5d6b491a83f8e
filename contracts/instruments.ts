import { z } from 'zod';

/** GET /api/instruments: every questionnaire version offered. */
export const INSTRUMENT_STATES = ['draft', 'published', 'retired'] as const;
export const instrumentSummarySchema = z.object({
  id: z.string(),
  version: z.number(),
  state: z.enum(INSTRUMENT_STATES).default('published'),
  title: z.object({ 'zh-cn': z.string(), en: z.string() }),
});
export const instrumentListSchema = z.array(instrumentSummarySchema);
export type InstrumentSummary = z.infer<typeof instrumentSummarySchema>;

/** GET /api/instruments/:id: one version's public SurveyJS JSON (never an answer key). */
export const instrumentSchema = instrumentSummarySchema.extend({ json: z.looseObject({}) });
export type PublicInstrument = z.infer<typeof instrumentSchema>;
