import { z } from 'zod';
import { previewFlag } from './previewFlag';
import type { Label } from '../analysis/domain/label';

/** The main survey: what estimates, the fieldwork monitor and the sites' plans are of unless another questionnaire is chosen. */
export const DEFAULT_INSTRUMENT = 'migrant-health';

/** Every state a stored version may be in: draft → published → retired; a draft may be discarded. */
export const STORED_INSTRUMENT_STATES = ['draft', 'published', 'retired', 'discarded'] as const;
export type StoredInstrumentState = (typeof STORED_INSTRUMENT_STATES)[number];
const storedInstrumentStateSchema = z.enum(STORED_INSTRUMENT_STATES);
/** What the manager's console and the instrument-state problem call each state (a discarded draft is listed no more, but a move can meet one). */
export const INSTRUMENT_STATE_LABELS: Record<StoredInstrumentState, Label> = {
  draft: { 'zh-cn': '草稿', en: 'Draft' },
  published: { 'zh-cn': '已发布', en: 'Published' },
  retired: { 'zh-cn': '已停用', en: 'Retired' },
  discarded: { 'zh-cn': '已删除', en: 'Deleted' },
};

/** GET /api/instruments: every questionnaire version offered (a discarded draft is listed no more). */
export const instrumentSummarySchema = z.object({
  id: z.string(),
  version: z.number(),
  state: storedInstrumentStateSchema.exclude(['discarded']).default('published'),
  title: z.object({ 'zh-cn': z.string(), en: z.string() }),
});
export const instrumentListSchema = z.array(instrumentSummarySchema);
export type InstrumentSummary = z.infer<typeof instrumentSummarySchema>;

/** GET /api/instruments/:id: one version's public SurveyJS JSON (never an answer key). */
export const instrumentSchema = instrumentSummarySchema.extend({ json: z.looseObject({}) });
export type PublicInstrument = z.infer<typeof instrumentSchema>;

/** What the manager's console lists of a version (the same GET /api/instruments, read with its dates). */
export const instrumentVersionSchema = instrumentSummarySchema.extend({ createdAt: z.string(), publishedAt: z.string().nullable(), retiredAt: z.string().nullable() });
export type InstrumentVersionSummary = z.infer<typeof instrumentVersionSchema>;

/** What a new version changes against the published one, question by question (surveys/changes.ts). */
export const instrumentChangesSchema = z.object({ added: z.array(z.string()), removed: z.array(z.string()), reworded: z.array(z.string()), choicesChanged: z.array(z.string()) });
export type InstrumentChanges = z.infer<typeof instrumentChangesSchema>;

/** POST /api/instruments/:id/versions: the SurveyJS JSON and its answer key (none for a questionnaire without scored questions), checked further by surveys/check.ts. */
export const instrumentUploadSchema = z.strictObject({
  json: z.looseObject({ pages: z.array(z.looseObject({})) }),
  key: z.record(z.string(), z.unknown()).default({}),
});

/** POST /api/instruments/:id/versions's query: ?preview=true answers what the upload would change and stores nothing. */
export const instrumentUploadQuerySchema = z.strictObject({ preview: previewFlag });
/** POST /api/instruments/:id/versions?preview=true: what the upload would change; nothing is stored. */
export const uploadPreviewSchema = z.object({ id: z.string(), preview: z.literal(true), changes: instrumentChangesSchema });
export type UploadPreview = z.infer<typeof uploadPreviewSchema>;
/** POST /api/instruments/:id/versions: the stored draft. */
export const uploadedDraftSchema = z.object({ id: z.string(), version: z.number().int(), state: z.literal('draft'), changes: instrumentChangesSchema });
export type UploadedDraft = z.infer<typeof uploadedDraftSchema>;
/** The answer of publish, retire and discard: the version's new state (a discarded draft is listed no more). */
export const instrumentMoveSchema = z.object({ id: z.string(), version: z.number().int(), state: storedInstrumentStateSchema });
export type MovedInstrument = z.infer<typeof instrumentMoveSchema>;
