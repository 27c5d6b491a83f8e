import { z } from 'zod';
import { previewFlag } from './previewFlag';
import { statusCountsSchema } from './fieldwork';

/** What kind of place a site is: the frame file's site_type, stored and served as given. */
export const SITE_TYPES = ['community', 'enterprise', 'market', 'construction-site', 'health-house', 'village', 'other'] as const;

/** GET /api/sampling-points: a site of the frame with the responses the server holds for it, by status. */
export const siteProgressSchema = z.object({
  siteCode: z.string(),
  siteName: z.string(),
  siteType: z.enum(SITE_TYPES),
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

/** POST /api/sampling-points/import's query: ?preview=true answers what would change; confirm applies only what that preview showed. */
export const frameImportQuerySchema = z.strictObject({
  preview: previewFlag,
  /** The preview's fingerprint: apply only if the import would still do exactly what the preview showed. */
  confirm: z.string().regex(/^[0-9a-f]{32}$/, 'expected the fingerprint of a preview').optional(),
});

/** POST /api/sampling-points/import: what the import did; every row of the file is exactly one of created, updated or unchanged. */
export const frameImportResultSchema = z.object({ imported: z.number().int(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
export type FrameImportResult = z.infer<typeof frameImportResultSchema>;

/** A site as the frame file gives it, with the county's name for people (siteProgressSchema without the counts and the names read from the codes). */
export const frameSiteSchema = siteProgressSchema.omit({ counts: true, provinceName: true, cityName: true });

/** POST /api/sampling-points/import?preview=true: what importing the file would do, site by site and field by field. */
export const framePreviewSchema = z.object({
  created: z.array(frameSiteSchema),
  changed: z.array(
    z.object({
      siteCode: z.string(),
      siteName: z.string(),
      changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
      interviews: z.number(),
      /** Whether a changed field makes the design weight (the site's interviews are re-weighted). */
      changesWeights: z.boolean(),
    }),
  ),
  unchanged: z.array(z.string()),
  /** What confirming must find unchanged: the file's rows and the stored sites they touch. */
  fingerprint: z.string(),
});
export type FramePreview = z.infer<typeof framePreviewSchema>;
