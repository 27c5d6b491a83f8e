import { z } from 'zod';
import { instrumentListSchema, instrumentSchema, type PublicInstrument } from '../../contracts/instruments';
import { siteProgressSchema, type SiteProgress } from '../../contracts/samplingPoints';
import { apiFetch } from '../shared/api';
import { returnedInterviewsSchema, type ReturnedInterview } from '../../contracts/review';
import type { Session } from './session';

/**
 * What an interviewer works with: the assigned sampling points and the instrument. Both come from the
 * API through the service worker, which keeps the last answer (revalidated by ETag) for offline use.
 */
/** A site the interviewer may work at; the counts are as of the last time the tablet was online. */
export type SamplingPoint = SiteProgress;

/** The public instrument (contracts/instruments.ts) the interview runs. */
export type Instrument = PublicInstrument;

/** The instrument interviewers field. */
export const FIELD_INSTRUMENT = 'migrant-health';

/** The interviews a reviewer returned to the signed-in interviewer for correction (only their own). */
export async function loadReturned(session: Session): Promise<ReturnedInterview[]> {
  const { items } = await apiFetch('/api/responses/returned', { token: session.token, schema: returnedInterviewsSchema, timeoutMs: 20_000 });
  return items;
}

export async function loadSamplingPoints(session: Session): Promise<SamplingPoint[]> {
  // An interviewer is shown only the sites assigned to them.
  return apiFetch('/api/sampling-points', { token: session.token, schema: z.array(siteProgressSchema), timeoutMs: 20_000 });
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
    schema: instrumentSchema,
    timeoutMs: 20_000,
  });
}
