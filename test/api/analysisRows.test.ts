import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndicatorAccumulator } from '../../analysis/indicators/accumulator';
import { BREAKDOWNS } from '../../analysis/indicators/registry';
import { connectDatabase } from '../../server/db/connection';
import { analysisFieldsCursor } from '../../server/queries/responses';
import { analysisRowOf } from '../../server/services/analysisStore';
import { estimateIndicators, weightingSummary } from '../../server/services/estimates';
import { submitResponse, type Submitter } from '../../server/services/responses';
import { createScheme } from '../../server/services/weightingSchemes';
import { createServerState } from '../../server/state';
import { generateRespondent } from '../../scripts/synthetic';
import { connectIsolatedDatabase, type IsolatedDatabase } from '../helpers/database';
import { ESTIMATION_SITES, seedEstimationData, SURVEY_DATE } from '../helpers/estimationData';

let database: IsolatedDatabase;
const admin: Submitter = { kind: 'user', user: { username: 'admin', role: 'admin', samplingPoints: [], displayName: 'admin', active: true } };

/** A complete interview sent through the intake path, as a tablet would. */
function submission(seed: string, site: (typeof ESTIMATION_SITES)[number], status: 'complete' | 'refused' = 'complete') {
  const respondent = generateRespondent({ seed, region: site.region, status, surveyDate: SURVEY_DATE });
  return { id: randomUUID(), instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: site.siteCode, mode: 'capi', status, answers: respondent.answers, paradata: { completedAt: SURVEY_DATE.toISOString() } };
}

/** The reference: every complete interview read from the collection by one cursor, through the streaming accumulator. */
async function scanEstimates(connection: Connection, by: (typeof BREAKDOWNS)[number][]) {
  const accumulator = new IndicatorAccumulator(by);
  const cursor = analysisFieldsCursor(connection, { status: 'complete' });
  for await (const response of cursor) {
    const row = analysisRowOf(response);
    accumulator.add({ stratum: row.stratum, psu: row.psu, scores: row.scores!, breakdowns: row.breakdowns });
  }
  return accumulator.finish(() => 1, { lonelyPsu: 'fail', ci: 'logit', level: 0.95 });
}

beforeAll(async () => {
  database = await connectIsolatedDatabase('analysis_rows');
  await seedEstimationData(database.connection, { seedPrefix: 'rows-', interviewsAt: (k) => 4 + (k % 3), statusOf: (i) => (i === 0 ? 'partial' : 'complete'), receivedAt: SURVEY_DATE });
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe('the in-memory analysis rows hold exactly what a full database scan gives', () => {
  it('after the start-up load, inserts through intake, replays and a restart', async () => {
    const { connection, state } = database;
    const store = state.analysis;
    expect(store.state.state).toBe('loading');
    const before = await estimateIndicators(state, { by: ['region'], weighting: 'unweighted' });
    expect(store.state).toMatchObject({ state: 'ready' });
    expect(before.estimates).toEqual(await scanEstimates(connection, ['region']));

    const sent = ESTIMATION_SITES.slice(0, 4).map((site, k) => submission(`rows-new-${k}`, site));
    sent.push(submission('rows-refused', ESTIMATION_SITES[5]!, 'refused'));
    for (const body of sent) expect((await submitResponse(state, body, admin)).status).toBe(201);
    // Replays: the same interviews again, twice at once, are duplicates and must not count twice.
    const replays = await Promise.all([...sent, ...sent].map((body) => submitResponse(state, body, admin)));
    expect(replays.map((outcome) => outcome.status)).toEqual(replays.map(() => 200));

    const after = await estimateIndicators(state, { by: ['region', 'sex'], weighting: 'unweighted' });
    expect(after.responses).toBe(before.responses + 4);
    expect(after.estimates).toEqual(await scanEstimates(connection, ['region', 'sex']));

    // A restart: a new process has a new connection and loads the rows from the collection.
    const restarted = await connectDatabase(database.uri);
    const restartedServer = createServerState(restarted);
    try {
      for (const request of [{ by: ['county', 'mode'] as const }, { filters: { region: 'West' as const, from: '2026-06-01', to: '2026-06-01' } }, { weighting: 'unweighted' }]) {
        const live = await estimateIndicators(state, { ...request, by: [...(request.by ?? [])] });
        expect(await estimateIndicators(restartedServer, { ...request, by: [...(request.by ?? [])] })).toEqual(live);
      }
      const scheme = await createScheme(connection, { name: 'By region', method: 'poststratify', trimCap: null, csv: 'variable,level,population\nregion,East,5000\nregion,Central,3000\nregion,West,2000\n' }, 'test');
      const live = await estimateIndicators(state, { weighting: scheme.id, by: ['region'] });
      const reloaded = await estimateIndicators(restartedServer, { weighting: scheme.id, by: ['region'] });
      expect(reloaded.responses).toBe(live.responses);
      reloaded.estimates.forEach((row, i) => {
        const other = live.estimates[i]!;
        expect([row.indicator, row.domain, row.n, row.df]).toEqual([other.indicator, other.domain, other.n, other.df]);
        for (const key of ['estimate', 'se', 'ciLow', 'ciHigh', 'deff'] as const) {
          if (row[key] === null || Number.isNaN(row[key])) expect(other[key]).toEqual(row[key]);
          else expect(Math.abs(row[key] - other[key]!)).toBeLessThanOrEqual(1e-12 * Math.abs(other[key]!));
        }
      });
      expect((await weightingSummary(restartedServer, { weighting: scheme.id })).distribution).toEqual((await weightingSummary(state, { weighting: scheme.id })).distribution);
    } finally {
      await restarted.close();
    }
  }, 120_000);

  it('catches up with responses another instance wrote, from the receivedAt watermark', async () => {
    const { connection, state } = database;
    const site = ESTIMATION_SITES[2]!;
    const other = await connectDatabase(database.uri);
    try {
      // The other instance's intake: its own store learns of the write, this one does not.
      expect((await submitResponse(createServerState(other), submission('rows-elsewhere', site), admin)).status).toBe(201);
      const stale = await estimateIndicators(state, { weighting: 'unweighted' });
      expect(await state.analysis.catchUp()).toBe(1);
      expect(await state.analysis.catchUp()).toBe(0);
      const caughtUp = await estimateIndicators(state, { weighting: 'unweighted' });
      expect(caughtUp.responses).toBe(stale.responses + 1);
      expect(caughtUp.estimates).toEqual(await scanEstimates(connection, []));
    } finally {
      await other.close();
    }
  }, 60_000);

  it('answers 503 with Retry-After while the rows are still loading', async () => {
    const fresh = await connectDatabase(database.uri);
    try {
      const store = createServerState(fresh).analysis;
      const waited = store.ready(0);
      await expect(waited).rejects.toMatchObject({ status: 503, code: 'analysis-loading', headers: { 'Retry-After': '5' }, messageZh: expect.stringMatching(/分析数据正在载入/) });
      await store.ready();
      expect(store.state).toMatchObject({ state: 'ready', rows: expect.any(Number) });
    } finally {
      await fresh.close();
    }
  }, 60_000);
});
