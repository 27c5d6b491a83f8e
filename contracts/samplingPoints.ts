import { z } from 'zod';
import { statusCountsSchema } from './fieldwork';

/** GET /api/sampling-points: a site of the frame with the responses the server holds for it, by status. */
export const siteProgressSchema = z.object({
  siteCode: z.string(),
  siteName: z.string(),
  siteType: z.string(),
  stratum: z.string(),
  provinceCode: z.string(),
  cityCode: z.string(),
  countyCode: z.string(),
  /** The names of the codes, for people (GB/T 2260; the frame's own county name where it gives one). */
  provinceName: z.string(),
  cityName: z.string(),
  countyName: z.string(),
  region: z.string(),
  migrantPopulation: z.number(),
  selectionProbability: z.number(),
  plannedInterviews: z.number(),
  counts: statusCountsSchema,
});
export type SiteProgress = z.infer<typeof siteProgressSchema>;

/** POST /api/sampling-points/import: what the import did; every row of the file is exactly one of created, updated or unchanged. */
export const frameImportResultSchema = z.object({ imported: z.number().int(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
export type FrameImportResult = z.infer<typeof frameImportResultSchema>;
