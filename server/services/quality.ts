/**
 * The automated quality flags of every interview, computed by analysis/quality/ over an in-memory copy of
 * the facts the rules read (QualityStore). Flags are derived data, never stored with the response: intake
 * stays a single insert, and a change of thresholds recomputes every flag at once. The store is read from
 * the database on first use and then fed by this process's intake and new versions; each request checks
 * the collections' document counts, so interviews stored by another server instance (or directly) make it
 * read again.
 */
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { assessQuality, type QualityReport } from '../../analysis/quality/flags';
import { qualityInstrumentOf, type QualityInstrument } from '../../analysis/quality/instrument';
import { instrumentKey, type QualityInterview } from '../../analysis/quality/interview';
import type { InterviewerEffectRow } from '../../analysis/quality/interviewerEffects';
import { DEFAULT_QUALITY_SETTINGS, type QualityFlag, type QualitySettings } from '../../analysis/quality/settings';
import type { FlagCounts } from '../../contracts/quality';
import { getInstrument } from './instrumentVersions';
import { replaceQualitySettings, storedQualitySettings } from '../queries/qualitySettings';
import { estimatedVersionCount } from '../queries/responseVersions';
import { estimatedResponseCount, qualityFieldsCursor, type StoredQualityFields } from '../queries/responses';
import type { ServerState } from '../state';
import { currentVersions, type CurrentContent } from './responseVersions';

export async function qualitySettings(connection: Connection): Promise<{ settings: QualitySettings; updatedBy: string | null; updatedAt: Date | null }> {
  const stored = await storedQualitySettings(connection);
  return stored ? { settings: stored.settings as QualitySettings, updatedBy: stored.updatedBy, updatedAt: stored.updatedAt } : { settings: DEFAULT_QUALITY_SETTINGS, updatedBy: null, updatedAt: null };
}

/** Replaces the thresholds (a whole, checked settings object); the next read of any flag uses them. */
export async function saveQualitySettings(state: ServerState, settings: QualitySettings, by: string) {
  const document = { settings, updatedBy: by, updatedAt: new Date() };
  await replaceQualitySettings(state.connection, document);
  state.quality.invalidate();
  return document;
}


const time = (value: unknown): number | undefined => (value === undefined || value === null ? undefined : new Date(value as string).getTime());

/**
 * The facts of one interview's current content. The phone's random device id (paradata.device) is used
 * only through its SHA-256, so the flag never shows it.
 */
function factsOf(response: StoredQualityFields, current?: CurrentContent): QualityInterview {
  const content = current ?? { status: response.status, answers: response.answers, scores: response.scores ?? null, paradata: response.paradata ?? {} };
  const paradata = content.paradata ?? {};
  const device = typeof paradata.device === 'string' ? paradata.device : undefined;
  return {
    id: response._id,
    instrument: instrumentKey(response.instrumentId, response.instrumentVersion),
    mode: response.mode,
    status: content.status,
    stratum: response.stratum,
    siteCode: response.siteCode,
    interviewer: response.interviewer ?? undefined,
    linkId: response.linkId ?? undefined,
    deviceHash: device ? createHash('sha256').update(device).digest('hex') : undefined,
    startedAt: time(paradata.startedAt),
    completedAt: time(paradata.completedAt),
    durationSeconds: typeof paradata.durationSeconds === 'number' ? paradata.durationSeconds : undefined,
    pageSeconds: (paradata.pageSeconds as Record<string, number> | undefined) ?? undefined,
    answers: content.answers ?? {},
    literate: content.scores?.literacy?.literate ?? null,
    awarenessFull: content.scores?.awareness?.full ?? null,
  };
}

/** One per server (ServerState). */
export class QualityStore {
  private interviews = new Map<string, QualityInterview>();
  private counts = { responses: -1, versions: -1 };
  private report: Promise<QualityReport> | undefined;
  private loading: Promise<void> | undefined;
  private readonly instruments = new Map<string, QualityInstrument>();

  constructor(private readonly connection: Connection) {}

  invalidate(): void {
    this.report = undefined;
  }

  /** An interview just stored by this process (or a new version of one). */
  note(response: StoredQualityFields, current?: CurrentContent): void {
    if (this.counts.responses < 0) return;
    if (!this.interviews.has(response._id)) this.counts.responses++;
    else if (current) this.counts.versions++;
    this.interviews.set(response._id, factsOf(response, current));
    this.invalidate();
  }

  /** Each interviewer's interviews, flag counts and effect tests (interviewers with too few interviews untested). */
  async interviewerTable() {
    const { flags, interviewers } = await this.assessment();
    const tested = new Map(interviewers.map((row) => [row.interviewer, row]));
    const table = new Map<string, { interviewer: string; interviews: number; completes: number; flags: Record<string, number>; tests: InterviewerEffectRow['tests']; flagged: boolean }>();
    for (const interview of this.interviews.values()) {
      if (!interview.interviewer) continue;
      const row = table.get(interview.interviewer) ?? { interviewer: interview.interviewer, interviews: 0, completes: 0, flags: {}, tests: tested.get(interview.interviewer)?.tests ?? [], flagged: tested.get(interview.interviewer)?.flagged ?? false };
      row.interviews++;
      if (interview.status === 'complete') row.completes++;
      for (const flag of flags.get(interview.id) ?? []) row.flags[flag.flag] = (row.flags[flag.flag] ?? 0) + 1;
      table.set(interview.interviewer, row);
    }
    return [...table.values()].sort((a, b) => a.interviewer.localeCompare(b.interviewer));
  }

  /** Interviews and flagged interviews (in all and per flag) of each site and each interviewer, for the fieldwork monitor. */
  async flagTally() {
    const { flags } = await this.assessment();
    const sites = new Map<string, FlagCounts>();
    const interviewers = new Map<string, FlagCounts>();
    const add = (tallies: Map<string, FlagCounts>, key: string, found: QualityFlag[]) => {
      const tally = tallies.get(key) ?? { interviews: 0, flagged: 0, flags: {} };
      tally.interviews++;
      if (found.length > 0) tally.flagged++;
      for (const name of new Set(found.map((flag) => flag.flag))) tally.flags[name] = (tally.flags[name] ?? 0) + 1;
      tallies.set(key, tally);
    };
    for (const interview of this.interviews.values()) {
      const found = flags.get(interview.id) ?? [];
      add(sites, interview.siteCode, found);
      if (interview.interviewer) add(interviewers, interview.interviewer, found);
    }
    const rows = <K extends string>(key: K, tallies: Map<string, FlagCounts>) => [...tallies].sort(([a], [b]) => a.localeCompare(b)).map(([name, tally]) => ({ [key]: name, ...tally }) as { [P in K]: string } & FlagCounts);
    return { sites: rows('siteCode', sites), interviewers: rows('interviewer', interviewers) };
  }

  async flagsOf(id: string): Promise<QualityFlag[]> {
    return (await this.assessment()).flags.get(id) ?? [];
  }

  async assessment(): Promise<QualityReport> {
    await this.refresh();
    this.report ??= this.assess();
    return this.report;
  }

  private async assess(): Promise<QualityReport> {
    const { settings } = await qualitySettings(this.connection);
    const interviews = [...this.interviews.values()];
    for (const interview of interviews) this.instrumentOf(interview.instrument);
    return assessQuality(interviews, this.instruments, settings);
  }

  private instrumentOf(key: string): void {
    if (this.instruments.has(key)) return;
    const [id, version] = key.split('@');
    const instrument = getInstrument(id!, Number(version));
    if (instrument) this.instruments.set(key, qualityInstrumentOf(instrument.json));
  }

  /** Reads everything again when the collections hold documents this store has not seen. */
  private async refresh(): Promise<void> {
    if (this.loading) return this.loading;
    const [responses, versions] = await Promise.all([estimatedResponseCount(this.connection), estimatedVersionCount(this.connection)]);
    if (responses === this.counts.responses && versions === this.counts.versions) return;
    this.loading = (async () => {
      const current = await currentVersions(this.connection);
      const interviews = new Map<string, QualityInterview>();
      for await (const response of qualityFieldsCursor(this.connection)) {
        interviews.set(response._id, factsOf(response, current.get(response._id)));
      }
      this.interviews = interviews;
      this.counts = { responses, versions };
      this.invalidate();
    })().finally(() => (this.loading = undefined));
    return this.loading;
  }
}
