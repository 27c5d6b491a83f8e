import { z } from 'zod';
import { apiFetch } from '../shared/api';
import { DEFAULT_LOCALE, LOCALES, type LocalizedText } from '../shared/locale';
import type { ReturnedInterview } from '../shared/offline/records';
import { RESPONSE_STATUSES } from '../../analysis/domain/profile';
import type { Session } from './session';

/**
 * What an interviewer works with: the assigned sampling points and the instrument. Both come from the
 * API through the service worker, which keeps the last answer (revalidated by ETag) for offline use.
 */
const samplingPointSchema = z.looseObject({
  siteCode: z.string(),
  siteName: z.string(),
  siteType: z.string().optional(),
  plannedInterviews: z.number().optional(),
  /** Responses the server holds for the site, by status (as of the last time the tablet was online). */
  counts: z.looseObject({ complete: z.number(), refused: z.number().optional(), ineligible: z.number().optional() }).optional(),
});
export type SamplingPoint = z.infer<typeof samplingPointSchema>;

const instrumentListSchema = z.array(z.object({ id: z.string(), version: z.number().int(), state: z.enum(['draft', 'published', 'retired']).default('published'), title: z.object({ 'zh-cn': z.string(), en: z.string() }) }));

export interface Instrument {
  id: string;
  version: number;
  title: LocalizedText;
  json: object;
}

/** The instrument interviewers field. */
export const FIELD_INSTRUMENT = 'migrant-health';

const returnedSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      instrumentId: z.string(),
      instrumentVersion: z.number().int(),
      samplingPoint: z.string(),
      status: z.enum(RESPONSE_STATUSES),
      answers: z.record(z.string(), z.unknown()),
      // Paradata as the tablet sent it; an interview stored by other means may lack some of it.
      paradata: z.object({
        startedAt: z.string(),
        completedAt: z.string().optional(),
        durationSeconds: z.number().default(0),
        pageSeconds: z.record(z.string(), z.number()).default({}),
        locale: z.enum(LOCALES).default(DEFAULT_LOCALE),
        appVersion: z.string().default(''),
        userAgent: z.string().default(''),
      }),
      version: z.number().int(),
      comment: z.string(),
      page: z.string().nullable(),
      returnedBy: z.string().nullable(),
      returnedAt: z.string(),
    }),
  ),
});

/** The interviews a reviewer returned to the signed-in interviewer for correction (only their own). */
export async function loadReturned(session: Session): Promise<ReturnedInterview[]> {
  const { items } = await apiFetch('/api/responses/returned', { token: session.token, schema: returnedSchema, timeoutMs: 20_000 });
  return items;
}

export async function loadSamplingPoints(session: Session): Promise<SamplingPoint[]> {
  // An interviewer is shown only the sites assigned to them.
  return apiFetch('/api/sampling-points', { token: session.token, schema: z.array(samplingPointSchema), timeoutMs: 20_000 });
}

/**
 * The latest published version of the field instrument (new interviews), or a given version (an interview
 * in progress resumes on its own version, even one published over or retired since it began).
 */
export async function loadInstrument(session: Session, version?: number): Promise<Instrument> {
  const list = await apiFetch('/api/instruments', { token: session.token, schema: instrumentListSchema, timeoutMs: 20_000 });
  const versions = list.filter((entry) => entry.id === FIELD_INSTRUMENT);
  const entry = version === undefined ? versions.filter((candidate) => candidate.state === 'published').sort((a, b) => b.version - a.version)[0] : versions.find((candidate) => candidate.version === version);
  if (!entry) throw new Error(`问卷 ${FIELD_INSTRUMENT}${version ? ` 第 ${version} 版` : ''} 不可用`);
  return apiFetch(`/api/instruments/${encodeURIComponent(entry.id)}?version=${entry.version}`, {
    token: session.token,
    schema: z.object({ id: z.string(), version: z.number().int(), title: z.object({ 'zh-cn': z.string(), en: z.string() }), json: z.looseObject({}) }),
    timeoutMs: 20_000,
  });
}
