import { z } from 'zod';
import { DEFAULT_INSTRUMENT, instrumentListSchema, instrumentSchema, type InstrumentSummary, type PublicInstrument } from '../../contracts/instruments';
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

/** The interviews a reviewer returned to the signed-in interviewer for correction (only their own). */
export async function loadReturned(session: Session): Promise<ReturnedInterview[]> {
  const { items } = await apiFetch('/api/responses/returned', { token: session.token, schema: returnedInterviewsSchema, timeoutMs: 20_000 });
  return items;
}

export async function loadSamplingPoints(session: Session): Promise<SamplingPoint[]> {
  // An interviewer is shown only the sites assigned to them.
  return apiFetch('/api/sampling-points', { token: session.token, schema: z.array(siteProgressSchema), timeoutMs: 20_000 });
}

/** The questionnaires an interviewer can start: the latest published version of each, the main survey first. */
export async function loadFieldInstruments(session: Session): Promise<InstrumentSummary[]> {
  const list = await apiFetch('/api/instruments', { token: session.token, schema: instrumentListSchema, timeoutMs: 20_000 });
  const latest = new Map<string, InstrumentSummary>();
  for (const entry of list) if (entry.state === 'published' && (latest.get(entry.id)?.version ?? 0) < entry.version) latest.set(entry.id, entry);
  return [...latest.values()].sort((a, b) => Number(b.id === DEFAULT_INSTRUMENT) - Number(a.id === DEFAULT_INSTRUMENT) || a.id.localeCompare(b.id));
}

/**
 * One version of a questionnaire: the latest published one (new interviews), or a given version (an
 * interview in progress resumes on its own version, even one published over or retired since it began).
 */
export async function loadInstrument(session: Session, instrumentId: string, version?: number): Promise<Instrument> {
  const entry = version === undefined ? (await loadFieldInstruments(session)).find((candidate) => candidate.id === instrumentId) : { id: instrumentId, version };
  if (!entry) throw new Error(`问卷 ${instrumentId}${version ? ` 第 ${version} 版` : ''} 不可用`);
  return apiFetch(`/api/instruments/${encodeURIComponent(entry.id)}?version=${entry.version}`, {
    token: session.token,
    schema: instrumentSchema,
    timeoutMs: 20_000,
  });
}
