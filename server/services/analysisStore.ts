/**
 * The server's in-memory analysis rows (analysis/indicators/analysisRows.ts), one store per server (ServerState):
 * - loaded once in the background at start, one unsorted cursor over the Response collection;
 * - told of each response the intake path stores, as soon as the write is acknowledged (rowsStored);
 * - with several server instances on one MongoDB, caught up every few seconds with what the others wrote,
 *   reading the responses received since its watermark (the indexed `receivedAt`, with an overlap for clocks
 *   and late commits) and adding the ids it has not seen.
 * Every estimate, breakdown, weighting scheme and weight summary reads these rows, never the collection.
 * A request that arrives while the rows load waits for them up to WAIT_FOR_LOAD_MS, then gets a 503 with
 * Retry-After and how far the load is.
 */
import type { Connection } from 'mongoose';
import { AnalysisRows, type AnalysisRowInput, type CountKey, type StatusCounts } from '../../analysis/indicators/analysisRows';
import { breakdownsOf } from '../../analysis/indicators/registry';
import { problem, type Problem } from '../../contracts/problems';
import { analysisFieldsCursor, analysisFieldsOf, analysisFieldsOfIds, analysisFieldsSince, estimatedResponseCount, type StoredAnalysisFields } from '../queries/responses';
import type { ServerState } from '../state';
import { reviewOverlay, type ReviewOverlay } from './reviewOverlay';

/** How long an estimate request waits for a load in progress before a 503. */
const WAIT_FOR_LOAD_MS = 15_000;
/** Catch-up reads this far behind its watermark: other instances' clocks and their commits that land late. */
const CATCH_UP_OVERLAP_MS = 60_000;
const RETRY_AFTER_SECONDS = 5;

/**
 * How a stored response becomes an analysis row: its design fields, and its breakdowns as the registry
 * reads them; in its current version (status and scores of a corrected or edited interview) and marked
 * when rejected in review, as the review overlay says.
 */
export function analysisRowOf(stored: StoredAnalysisFields, overlay?: ReviewOverlay): AnalysisRowInput {
  const current = overlay?.current.get(stored._id);
  const response = current ? { ...stored, status: current.status, scores: current.scores, paradata: current.paradata } : stored;
  const duration = response.paradata?.durationSeconds;
  return {
    id: response._id,
    instrumentId: response.instrumentId,
    instrumentVersion: response.instrumentVersion,
    status: response.status,
    receivedAt: response.receivedAt,
    stratum: response.stratum,
    psu: response.siteCode,
    scores: response.scores ?? null,
    breakdowns: breakdownsOf(response),
    rejected: overlay?.rejected.has(stored._id) ?? false,
    interviewer: response.interviewer ?? null,
    durationSeconds: typeof duration === 'number' ? duration : null,
  };
}

/** Reads every stored response into fresh analysis rows: the start-up load, and the reference a test compares the live rows with. */
export async function scanAnalysisRows(connection: Connection, rows = new AnalysisRows(), progress?: (loaded: number) => void): Promise<AnalysisRows> {
  const overlay = await reviewOverlay(connection);
  const cursor = analysisFieldsCursor(connection);
  let loaded = 0;
  for await (const response of cursor) {
    rows.add(analysisRowOf(response, overlay));
    if (++loaded % 5000 === 0) progress?.(loaded);
  }
  return rows;
}

export type AnalysisState = { state: 'loading'; loaded: number; total: number } | { state: 'ready'; rows: number; loadSeconds: number } | { state: 'failed'; error: string };

export class AnalysisStore {
  readonly rows = new AnalysisRows();
  private load?: Promise<void>;
  private done = false;
  private total = 0;
  private loadSeconds = 0;
  private failure?: Error;
  private catchUpTimer?: NodeJS.Timeout;
  private catchingUp = false;

  constructor(private readonly connection: Connection) {}

  /** Starts the load (once); later calls return the same promise. A failed load is tried again by the next call. */
  start(print?: (line: string) => void): Promise<void> {
    if (this.load) return this.load;
    const started = performance.now();
    this.failure = undefined;
    this.load = (async () => {
      this.total = await estimatedResponseCount(this.connection);
      await scanAnalysisRows(this.connection, this.rows, (loaded) => {
        print?.(`analysis rows: ${loaded} of about ${this.total} responses loaded`);
      });
      this.loadSeconds = (performance.now() - started) / 1000;
      this.done = true;
      print?.(`analysis rows: ${this.rows.length} responses in memory (${(this.rows.columnBytes / 1e6).toFixed(1)} MB of columns) in ${this.loadSeconds.toFixed(1)} s`);
    })().catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.load = undefined;
      print?.(`analysis rows: the load failed (${this.failure.message}); the next estimate request tries again`);
      throw this.failure;
    });
    this.load.catch(() => undefined);
    return this.load;
  }

  get state(): AnalysisState {
    if (this.done) return { state: 'ready', rows: this.rows.length, loadSeconds: this.loadSeconds };
    if (this.failure && !this.load) return { state: 'failed', error: this.failure.message };
    return { state: 'loading', loaded: this.rows.length, total: this.total };
  }

  /** The rows, once loaded: waits for a load in progress up to WAIT_FOR_LOAD_MS, then answers 503 with Retry-After. */
  async ready(waitMs = WAIT_FOR_LOAD_MS): Promise<AnalysisRows> {
    const load = this.start();
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      load.then(() => 'loaded' as const),
      new Promise<'waiting'>((resolve) => (timer = setTimeout(() => resolve('waiting'), waitMs))),
    ]).finally(() => clearTimeout(timer));
    if (waited === 'loaded') return this.rows;
    throw analysisLoading(this.rows.length, this.total);
  }

  /** A response the intake path has just stored (the write acknowledged). */
  stored(response: StoredAnalysisFields): void {
    this.rows.add(analysisRowOf(response));
  }

  /** After a review change or a new version of a response: its row again, if the rows hold it. */
  async revise(id: string): Promise<void> {
    if (!this.rows.has(id)) return;
    const [response, overlay] = await Promise.all([analysisFieldsOf(this.connection, id), reviewOverlay(this.connection)]);
    if (response) this.rows.replace(analysisRowOf(response, overlay));
  }

  /** A response deleted from the collection (the application itself never deletes one). */
  removed(id: string): void {
    this.rows.remove(id);
  }

  /** Responses other instances stored since the watermark; returns how many were new here. */
  async catchUp(): Promise<number> {
    await this.start();
    const since = new Date((Number.isFinite(this.rows.watermark) ? this.rows.watermark : 0) - CATCH_UP_OVERLAP_MS);
    let added = 0;
    const overlay = await reviewOverlay(this.connection);
    const cursor = analysisFieldsSince(this.connection, since);
    for await (const response of cursor) if (this.rows.add(analysisRowOf(response, overlay))) added++;
    await this.applyReviews(overlay);
    return added;
  }

  /**
   * Reviews and versions made through another instance: every reviewed or versioned response's row again
   * (both collections are small: only reviewed or corrected interviews are in them).
   */
  private async applyReviews(overlay: ReviewOverlay): Promise<void> {
    const ids = [...new Set([...overlay.rejected, ...overlay.current.keys()])];
    const marked = this.rows.rejectedIds();
    for (const id of marked) if (!overlay.rejected.has(id)) this.rows.setRejected(id, false);
    if (ids.length === 0) return;
    const cursor = analysisFieldsOfIds(this.connection, ids);
    for await (const response of cursor) this.rows.replace(analysisRowOf(response, overlay));
  }

  /**
   * Catch up every `seconds` (several instances on one MongoDB); the timer does not keep the process alive.
   * A tick while a round still runs is skipped: on FerretDB a round reads the whole collection
   * (BENCHMARKS, catch-up) and can outlast the period, and rounds side by side would only slow each other.
   */
  catchUpEvery(seconds: number, log: (line: string) => void = console.error): void {
    this.stopCatchingUp();
    this.catchUpTimer = setInterval(() => {
      if (this.catchingUp) return;
      this.catchingUp = true;
      this.catchUp()
        .catch((error: unknown) => log(`analysis rows: catch-up failed (${error instanceof Error ? error.message : String(error)}); trying again in ${seconds} s`))
        .finally(() => (this.catchingUp = false));
    }, seconds * 1000);
    this.catchUpTimer.unref();
  }

  stopCatchingUp(): void {
    clearInterval(this.catchUpTimer);
    this.catchUpTimer = undefined;
  }
}

/** 503 while the rows load: the client retries after Retry-After seconds. */
function analysisLoading(loaded: number, total: number): Problem {
  const loading = problem('analysis-loading', { loaded, total, retryAfter: RETRY_AFTER_SECONDS });
  loading.headers = { 'Retry-After': String(RETRY_AFTER_SECONDS) };
  return loading;
}

/**
 * Stored responses per site code or per interviewer account, by status (the current version's), from the
 * rows: no scan of the collection; of one instrument when given. Waits for the start-up load as estimates do.
 */
export async function responseCounts(state: ServerState, key: CountKey, instrumentId?: string): Promise<Map<string, StatusCounts>> {
  return (await state.analysis.ready()).statusCounts(key, instrumentId);
}
