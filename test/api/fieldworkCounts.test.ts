import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONSE_STATUSES, type ResponseStatus } from '../../analysis/domain/profile';
import { loadConfig } from '../../server/config';
import { connectDatabase } from '../../server/db/connection';
import { modelsOf } from '../../server/models';
import { fieldworkReport } from '../../server/services/fieldwork';
import { overviewOf } from '../../server/services/overview';
import { submitResponse, type Submitter } from '../../server/services/responses';
import { samplingPointsWithProgress } from '../../server/services/samplingFrame';
import { createUser, listUsers } from '../../server/services/users';
import { generateRespondent } from '../../scripts/synthetic';
import { createServerState } from '../../server/state';
import { connectIsolatedDatabase, type IsolatedDatabase } from '../helpers/database';
import { ESTIMATION_SITES, seedEstimationData, SURVEY_DATE } from '../helpers/estimationData';
import { findResponses } from '../../server/queries/responses';

let database: IsolatedDatabase;
const STATUSES: ResponseStatus[] = ['complete', 'partial', 'refused', 'ineligible'];
const interviewers = ['int-a', 'int-b'].map((username, k) => ({
  username,
  sites: ESTIMATION_SITES.filter((_, s) => s % 2 === k).map((site) => site.siteCode),
}));
const submitterOf = (interviewer: (typeof interviewers)[number]): Submitter => ({ kind: 'user', user: { username: interviewer.username, role: 'interviewer', samplingPoints: interviewer.sites, displayName: interviewer.username, active: true } });

function submission(seed: string, siteCode: string, status: ResponseStatus, durationSeconds: number, day: number) {
  const site = ESTIMATION_SITES.find((candidate) => candidate.siteCode === siteCode)!;
  const respondent = generateRespondent({ seed, region: site.region, status, surveyDate: SURVEY_DATE });
  return { id: randomUUID(), instrumentId: 'migrant-health', instrumentVersion: 1, samplingPoint: siteCode, mode: 'capi', status, answers: respondent.answers, paradata: { completedAt: new Date(SURVEY_DATE.getTime() + day * 86_400_000).toISOString(), durationSeconds } };
}

/** The reference: the database's own count ($group over the collection), in site code order as the list is. */
async function databaseSiteCounts(connection: Connection) {
  const groups = await modelsOf(connection).Response.aggregate<{ _id: { siteCode: string; status: ResponseStatus }; n: number }>([{ $group: { _id: { siteCode: '$siteCode', status: '$status' }, n: { $sum: 1 } } }]);
  const codes = ESTIMATION_SITES.map((site) => site.siteCode).sort((a, b) => a.localeCompare(b));
  return codes.map((siteCode) => [siteCode, Object.fromEntries(RESPONSE_STATUSES.map((status) => [status, groups.find(({ _id }) => _id.siteCode === siteCode && _id.status === status)?.n ?? 0]))] as const);
}

beforeAll(async () => {
  database = await connectIsolatedDatabase('fieldwork_counts');
  // Responses already stored before this process started (QR interviews: no interviewer), of every status.
  await seedEstimationData(database.connection, { seedPrefix: 'counts-', interviewsAt: (k) => 1 + (k % 3), statusOf: (i) => STATUSES[i % STATUSES.length]!, receivedAt: SURVEY_DATE });
  for (const interviewer of interviewers) await createUser(database.connection, { username: interviewer.username, password: 'interviewer-2026', role: 'interviewer', samplingPoints: interviewer.sites });
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe('site and account counts from the in-memory rows equal what the database counts', () => {
  it('after the start-up load, intake of every status, replays and a restart', async () => {
    const { connection, state } = database;
    expect((await samplingPointsWithProgress(state)).map((site) => [site.siteCode, site.counts])).toEqual(await databaseSiteCounts(connection));

    const sent = interviewers.flatMap((interviewer, k) =>
      interviewer.sites.slice(0, 4).map((siteCode, s) => ({ submitter: submitterOf(interviewer), body: submission(`counts-new-${k}-${s}`, siteCode, STATUSES[(k + s) % STATUSES.length]!, 600 + 97 * s + 13 * k, s % 2) })),
    );
    for (const { submitter, body } of sent) expect((await submitResponse(state, body, submitter, new Date(body.paradata.completedAt))).status).toBe(201);
    const replays = await Promise.all([...sent, ...sent].map(({ submitter, body }) => submitResponse(state, body, submitter)));
    expect(replays.map((outcome) => outcome.status)).toEqual(replays.map(() => 200));

    const { Response } = modelsOf(connection);
    const expectedSites = await databaseSiteCounts(connection);
    const byInterviewer = await Response.aggregate<{ _id: string; n: number }>([{ $match: { interviewer: { $exists: true } } }, { $group: { _id: '$interviewer', n: { $sum: 1 } } }]);
    const expectedInterviews = Object.fromEntries(byInterviewer.map(({ _id, n }) => [_id, n]));
    expect(expectedInterviews).toMatchObject({ 'int-a': 4, 'int-b': 4 });
    const expectedCompletes = await Response.countDocuments({ status: 'complete' });

    const restarted = await connectDatabase(database.uri);
    const restartedServer = createServerState(restarted);
    try {
      for (const live of [state, restartedServer]) {
        expect((await samplingPointsWithProgress(live)).map((site) => [site.siteCode, site.counts])).toEqual(expectedSites);
        const users = await listUsers(live);
        for (const user of users) expect(user.interviews).toBe(expectedInterviews[user.username] ?? 0);
        expect((await overviewOf(live, loadConfig({}))).completes).toBe(expectedCompletes);
        // An interviewer sees only their own sites, with the same counts.
        const own = await samplingPointsWithProgress(live, interviewers[0]!.sites);
        expect(own.map((site) => [site.siteCode, site.counts])).toEqual(expectedSites.filter(([code]) => interviewers[0]!.sites.includes(code)));
      }
      expect(await fieldworkReport(restartedServer, { expectedShare: 0.5 })).toEqual(await fieldworkReport(state, { expectedShare: 0.5 }));
    } finally {
      await restarted.close();
    }
  }, 120_000);

  it('the fieldwork monitor counts per day, mode and interviewer, with median lengths, as the stored responses say', async () => {
    const { connection, state } = database;
    const stored = await findResponses(connection, {});
    const report = await fieldworkReport(state, { expectedShare: 1 });
    const count = (keep: (response: (typeof stored)[number]) => boolean) => Object.fromEntries(RESPONSE_STATUSES.map((status) => [status, stored.filter((response) => keep(response) && response.status === status).length]));
    expect(report.totals.counts).toEqual(count(() => true));
    for (const day of report.days) expect(day.counts).toEqual(count((response) => response.receivedAt.toISOString().startsWith(day.date)));
    expect(report.days.map((day) => day.date)).toEqual(['2026-06-01', '2026-06-02']);
    for (const mode of report.modes) expect(mode.counts).toEqual(count((response) => response.mode === mode.mode));
    expect(report.interviewers.map((row) => row.interviewer)).toEqual(['int-a', 'int-b']);
    for (const row of report.interviewers) {
      expect(row.counts).toEqual(count((response) => response.interviewer === row.interviewer));
      expect(row.sites).toBe(new Set(stored.filter((response) => response.interviewer === row.interviewer).map((response) => response.siteCode)).size);
    }
    const lengths = stored.filter((response) => response.status === 'complete' && typeof response.paradata?.durationSeconds === 'number').map((response) => response.paradata!.durationSeconds!);
    expect(lengths.length).toBeGreaterThan(0);
    const sorted = lengths.sort((a, b) => a - b);
    const middle = sorted.length / 2;
    expect(report.totals.medianDurationSeconds).toBe(sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1]! + sorted[middle]!) / 2);
    expect((await fieldworkReport(state, { expectedShare: 1, instrument: 'no-such-instrument' })).totals.counts).toEqual({ complete: 0, partial: 0, ineligible: 0, refused: 0 });
  }, 60_000);
});
