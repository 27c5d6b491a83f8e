import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { modelsOf } from '../../server/models';
import { buildDemo, demoInterviews, loadDemo } from '../../scripts/demo/load';
import { connectIsolatedDatabase } from '../helpers/database';
import { prepareDatabase } from '../../server/services/setup';
import { loadConfig } from '../../server/config';
import { findResponses } from '../../server/queries/responses';
import { createServerState } from '../../server/state';

describe('demo data loader', () => {
  let connection: Connection;
  let drop: () => Promise<void>;
  const plan = buildDemo({ seed: 'demo-test', scale: 0.05 });

  beforeAll(async () => {
    const database = await connectIsolatedDatabase('demo');
    connection = database.connection;
    drop = database.drop;
    await prepareDatabase(connection, loadConfig({ ADMIN_PASSWORD: 'admin-password-for-tests' }), () => undefined);
  });
  afterAll(async () => drop());

  it('imports 3 provinces × 2 counties × 6 sites and stores every interview through intake, both modes, complete and not', async () => {
    const expected = demoInterviews(plan).length;
    const summary = await loadDemo(createServerState(connection), plan);
    expect(summary).toMatchObject({ total: expected, stored: expected, skipped: 0 });
    const { SamplingPoint, User } = modelsOf(connection);
    const sites = await SamplingPoint.find().lean();
    expect(sites).toHaveLength(36);
    expect(new Set(sites.map((site) => site.region))).toEqual(new Set(['East', 'Central', 'West']));
    expect(new Set(sites.map((site) => site.countyCode)).size).toBe(6);
    const responses = await findResponses(connection, {});
    expect(responses).toHaveLength(expected);
    expect(new Set(responses.map((response) => response.mode))).toEqual(new Set(['capi', 'cawi']));
    expect(new Set(responses.map((response) => response.status)).size).toBeGreaterThan(1);
    expect(responses.filter((response) => response.status === 'complete').every((response) => response.scores !== null)).toBe(true);
    expect(responses.filter((response) => response.mode === 'capi').every((response) => response.interviewer?.startsWith('demo-int-'))).toBe(true);
    expect(await User.findOne({ username: plan.analyst.username, role: 'analyst' })).not.toBeNull();
  }, 300_000);

  it('a second run (another process) stores nothing twice', async () => {
    const summary = await loadDemo(createServerState(connection), plan);
    expect(summary.stored).toBe(0);
    expect(summary.skipped).toBe(summary.total);
    expect(await modelsOf(connection).Response.countDocuments()).toBe(summary.total);
  }, 300_000);
});
