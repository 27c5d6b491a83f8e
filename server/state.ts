import type { Connection } from 'mongoose';
import type { PublicUser } from '../contracts/accounts';
import type { SamplingPointDocument } from './queries/samplingPoints';
import { createResponseWriter, type ResponseWriter } from './queries/responses';
import { AnalysisStore } from './services/analysisStore';
import { emptyPlaceHints, type PlaceHints } from './services/links';
import { QualityStore } from './services/quality';
import { RecordCache } from './services/recordCache';
import { ReviewQueue } from './services/reviews';
import { ACCOUNT_CACHE_SECONDS } from './services/users';
import { FRAME_CACHE_SECONDS } from './services/samplingFrame';

/**
 * What one server keeps in memory beside its database connection, in one object made at start and handed
 * to every service that reads or feeds it (never looked up from module state, so two servers on one
 * process, as in the tests and benchmarks, keep theirs apart):
 * - the analysis rows every estimate reads, and the facts the quality flags are computed from;
 * - short-lived copies of records every request reads (accounts, sampling points);
 * - hints that spare intake a database round trip (link places, the last sync noted per account);
 * - the review changes in progress per response, and the group-commit writer of intake.
 */
export interface ServerState {
  readonly connection: Connection;
  readonly analysis: AnalysisStore;
  readonly quality: QualityStore;
  readonly accounts: RecordCache<PublicUser>;
  readonly samplingPoints: RecordCache<SamplingPointDocument>;
  readonly samplingFrame: RecordCache<SamplingPointDocument[]>;
  readonly placeHints: PlaceHints;
  /** When this server last wrote each account's lastSyncAt (ms). */
  readonly syncNoted: Map<string, number>;
  readonly reviewQueue: ReviewQueue;
  readonly responseWriter: ResponseWriter;
}

export function createServerState(connection: Connection): ServerState {
  let responseWriter: ResponseWriter | undefined;
  return {
    connection,
    analysis: new AnalysisStore(connection),
    quality: new QualityStore(connection),
    accounts: new RecordCache(ACCOUNT_CACHE_SECONDS * 1000),
    samplingPoints: new RecordCache(FRAME_CACHE_SECONDS * 1000),
    samplingFrame: new RecordCache(FRAME_CACHE_SECONDS * 1000),
    placeHints: emptyPlaceHints(),
    syncNoted: new Map(),
    reviewQueue: new ReviewQueue(),
    // Made at the first write: compiling the models creates their collections (mongoose's autoCreate), and a
    // state over a database that is only read, or restored into, must leave it as it is.
    get responseWriter() {
      return (responseWriter ??= createResponseWriter(connection));
    },
  };
}
