import { z } from 'zod';

/** GET /api/instruments: every questionnaire version offered. */
export const instrumentSummarySchema = z.object({ id: z.string(), version: z.number(), title: z.object({ 'zh-cn': z.string(), en: z.string() }) });
export const instrumentListSchema = z.array(instrumentSummarySchema);
export type InstrumentSummary = z.infer<typeof instrumentSummarySchema>;

/** GET /api/instruments/:id: one version's public SurveyJS JSON (never an answer key). */
export const instrumentSchema = instrumentSummarySchema.extend({ json: z.looseObject({}) });
export type PublicInstrument = z.infer<typeof instrumentSchema>;
