/**
 * The questionnaire versions the platform offers, stored in the database (instrumentVersions) and held in
 * memory, so that validation and scoring, which run on every submission, read them synchronously.
 * - At start the shipped files in surveys/ seed version 1 of their instrument as published (an insert per
 *   version under its `_id`: a second start inserts nothing), then every stored version is loaded.
 * - A manager uploads a draft (checked by the rules of `npm run surveys:check`), tests it through test
 *   links, publishes it (drafts only), retires it (published only) or discards it (drafts only).
 * - A version's JSON and key never change once stored, and version numbers are never reused (a discarded
 *   draft keeps its number), so everything cached per `<id>@<version>` stays true.
 * - Other server instances on the same MongoDB see a new version at their next refresh: the instrument
 *   routes refresh before answering, intake refreshes when it meets a version it does not know.
 */
import type { Connection } from 'mongoose';
import { buildScoringPlan, type ScoringPlan } from '../../analysis/scoring/plan';
import { scoreResponse } from '../../analysis/scoring/score';
import { questionsOf, type AnswerKey, type InstrumentJson } from '../../analysis/scoring/instrumentJson';
import type { MeasuringInstrument } from '../../analysis/indicators/registry';
import type { Answers, ResponseScores } from '../../analysis/scoring/types';
import { shippedVersions, type LocalizedText } from '../../surveys/catalog';
import type { InstrumentVersionSummary, StoredInstrumentState } from '../../contracts/instruments';
import { findInstrumentVersion, insertInstrumentVersion, instrumentVersionMetas, instrumentVersionStored } from '../queries/instrumentVersions';
import { contentHash } from './contentHash';

export interface InstrumentVersionEntry {
  id: string;
  version: number;
  state: StoredInstrumentState;
  title: LocalizedText;
  json: InstrumentJson;
  key: AnswerKey;
  contentHash: string;
  createdAt: Date;
  createdBy: string;
  publishedAt: Date | null;
  retiredAt: Date | null;
}

/** What GET /api/instruments lists of a version (contracts/instruments.ts). */
export type { InstrumentVersionSummary };

const SYSTEM = 'system';
export const versionKey = (id: string, version: number) => `${id}@${version}`;
const entries = new Map<string, InstrumentVersionEntry & { plan?: ScoringPlan; measuring?: MeasuringInstrument }>();

function entryOf(document: { instrumentId: string; version: number; state: string; titleZh: string; titleEn: string; json: string; key: string; contentHash: string; createdAt: Date; createdBy: string; publishedAt?: Date | null; retiredAt?: Date | null }): InstrumentVersionEntry {
  return {
    id: document.instrumentId,
    version: document.version,
    state: document.state as StoredInstrumentState,
    title: { 'zh-cn': document.titleZh, en: document.titleEn },
    json: JSON.parse(document.json) as InstrumentJson,
    key: JSON.parse(document.key) as AnswerKey,
    contentHash: document.contentHash,
    createdAt: document.createdAt,
    createdBy: document.createdBy,
    publishedAt: document.publishedAt ?? null,
    retiredAt: document.retiredAt ?? null,
  };
}

const hashOf = (json: InstrumentJson, key: AnswerKey) => contentHash({ json, key });

export function documentOf(id: string, version: number, state: StoredInstrumentState, json: InstrumentJson, key: AnswerKey, by: string, now: Date) {
  const title = json.title as LocalizedText;
  return {
    _id: versionKey(id, version),
    instrumentId: id,
    version,
    state,
    titleZh: title['zh-cn'],
    titleEn: title.en,
    json: JSON.stringify(json),
    key: JSON.stringify(key),
    contentHash: hashOf(json, key),
    createdAt: now,
    createdBy: by,
    publishedAt: state === 'published' ? now : null,
    publishedBy: state === 'published' ? by : null,
  };
}

// Until the database is read (and for code that runs the services without one), the shipped versions as published.
for (const shipped of shippedVersions()) {
  const document = documentOf(shipped.id, shipped.version, 'published', { ...shipped.json, title: shipped.title }, shipped.key, SYSTEM, new Date(0));
  entries.set(document._id, entryOf(document));
}

/** A version this instance has just written (the write acknowledged): in memory at once. */
export function rememberVersion(document: ReturnType<typeof documentOf>): void {
  entries.set(document._id, entryOf(document));
}

/** A state this instance has just moved a version to. */
export function rememberState(id: string, version: number, state: StoredInstrumentState, at: Date): void {
  const entry = entries.get(versionKey(id, version));
  if (!entry) return;
  entry.state = state;
  if (state === 'published') entry.publishedAt = at;
  if (state === 'retired') entry.retiredAt = at;
}

export const isDuplicateKey = (error: unknown) => (error as { code?: number })?.code === 11000;

/** Seeds each shipped version as published unless its `<id>@<version>` is stored already (idempotent), then loads every version. */
export async function prepareInstrumentVersions(connection: Connection, now = new Date()): Promise<void> {
  for (const shipped of shippedVersions()) {
    const document = documentOf(shipped.id, shipped.version, 'published', { ...shipped.json, title: shipped.title }, shipped.key, SYSTEM, now);
    if (await instrumentVersionStored(connection, document._id)) continue;
    await insertInstrumentVersion(connection, document).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
  }
  await refreshInstrumentVersions(connection);
}

/** Brings the in-memory versions up to the database: states of known versions, and the versions not yet loaded. */
export async function refreshInstrumentVersions(connection: Connection): Promise<void> {
  const stored = await instrumentVersionMetas(connection);
  for (const meta of stored) {
    const known = entries.get(meta._id);
    if (known && known.contentHash === meta.contentHash) {
      Object.assign(known, { state: meta.state as StoredInstrumentState, publishedAt: meta.publishedAt ?? null, retiredAt: meta.retiredAt ?? null });
      continue;
    }
    const whole = await findInstrumentVersion(connection, meta._id);
    if (whole) entries.set(meta._id, entryOf(whole));
  }
}

/** One version in any state but discarded; without a version, the latest published one. */
export function instrumentVersionOf(id: string, version?: number): InstrumentVersionEntry | undefined {
  if (version !== undefined) {
    const entry = entries.get(versionKey(id, version));
    return entry && entry.state !== 'discarded' ? entry : undefined;
  }
  let latest: InstrumentVersionEntry | undefined;
  for (const entry of entries.values()) if (entry.id === id && entry.state === 'published' && (!latest || entry.version > latest.version)) latest = entry;
  return latest;
}

/** The public SurveyJS JSON of a version (never its answer key), as the instrument routes and the phones get it; a fresh copy. */
export function getInstrument(id: string, version?: number): { id: string; version: number; title: LocalizedText; json: InstrumentJson } | undefined {
  const entry = instrumentVersionOf(id, version);
  return entry && { id: entry.id, version: entry.version, title: entry.title, json: structuredClone(entry.json) };
}

/** Every version but discarded drafts, by instrument and version; drafts only when asked for (admins). */
export function listInstrumentVersions({ drafts }: { drafts: boolean }): InstrumentVersionSummary[] {
  return [...entries.values()]
    .filter((entry): entry is typeof entry & { state: InstrumentVersionSummary['state'] } => entry.state !== 'discarded' && (drafts || entry.state !== 'draft'))
    .sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version)
    .map((entry) => ({
      id: entry.id,
      version: entry.version,
      state: entry.state,
      title: entry.title,
      createdAt: entry.createdAt.toISOString(),
      publishedAt: entry.publishedAt?.toISOString() ?? null,
      retiredAt: entry.retiredAt?.toISOString() ?? null,
    }));
}

/** The versions that have been in the field (published or retired): their interviews are in the estimates. */
export function fieldedVersions(): InstrumentVersionEntry[] {
  return [...entries.values()].filter((entry) => entry.state === 'published' || entry.state === 'retired');
}

export function getScoringPlan(id: string, version: number): ScoringPlan {
  const entry = entries.get(versionKey(id, version));
  if (!entry) throw new Error(`No instrument ${id} version ${version}`);
  entry.plan ??= buildScoringPlan(entry.json, entry.key);
  return entry.plan;
}

/** What a version asks, as the indicators read it (which ones it can measure); undefined for a version not known or discarded. */
export function measuringInstrument(id: string, version: number): MeasuringInstrument | undefined {
  const entry = entries.get(versionKey(id, version));
  if (!entry || entry.state === 'discarded') return undefined;
  entry.measuring ??= { plan: getScoringPlan(id, version), questions: new Set([...questionsOf(entry.json)].flatMap((located) => (located.element.name ? [located.element.name] : []))) };
  return entry.measuring;
}

/** The derived scores stored with a response, scored with its own instrument version's key. */
export function scoreAnswers(id: string, version: number, answers: Answers, surveyDate: Date): ResponseScores {
  return scoreResponse(answers, getScoringPlan(id, version), { surveyDate });
}

/**
 * Whether intake takes an interview on this version: a published one always; a draft only through its test
 * link (and a test link only for a draft); a retired one only as a resend of an interview already stored
 * (`stored` is asked only then). A version this instance does not know is looked for in the database first
 * (another instance may have published it).
 */
export async function intakeRefusal(connection: Connection, id: string, version: number, testLink: boolean, stored: () => Promise<boolean>): Promise<'unknown' | 'draft' | 'retired' | 'not-a-draft' | undefined> {
  if (!entries.has(versionKey(id, version))) await refreshInstrumentVersions(connection);
  const entry = instrumentVersionOf(id, version);
  if (!entry) return 'unknown';
  if (testLink) return entry.state === 'draft' ? undefined : 'not-a-draft';
  if (entry.state === 'draft') return 'draft';
  if (entry.state === 'retired' && !(await stored())) return 'retired';
  return undefined;
}
