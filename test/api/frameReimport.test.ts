import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsOf } from '../../server/models';
import { withOperationLock } from '../../server/services/operationLocks';
import { FRAME_COLUMNS } from '../../server/services/samplingFrame';
import { importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

/** A frame of `count` sites in one Kunming county, site codes `${prefix}-1` ... */
function frameOf(count: number, prefix: string, population = 1000): string {
  const rows = Array.from({ length: count }, (_, index) => `530102,${prefix}-${index + 1},站点${index + 1},community,53,5301,530102,${population + index},0.5,10`);
  return [FRAME_COLUMNS.join(','), ...rows].join('\n');
}

describe('sampling frame re-import (finding 1)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let adminToken: string;
  beforeAll(async () => {
    api = await startTestApi('frame-reimport');
    adminToken = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(() => api.drop());

  it('imports a 100-row frame twice, and the database still answers afterwards', async () => {
    const csv = frameOf(100, 'RE');
    const first = await importFrame(api.app, adminToken, csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ imported: 100, created: 100, updated: 0, unchanged: 0 });
    const second = await importFrame(api.app, adminToken, frameOf(100, 'RE', 2000));
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ imported: 100, created: 0, updated: 100, unchanged: 0 });
    const third = await importFrame(api.app, adminToken, frameOf(100, 'RE', 2000));
    expect(third.body).toMatchObject({ imported: 100, created: 0, updated: 0, unchanged: 100 });
    const listing = await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${adminToken}`);
    expect(listing.status).toBe(200);
    expect(listing.body.filter((site: { siteCode: string }) => site.siteCode.startsWith('RE-'))).toHaveLength(100);
    expect(await modelsOf(api.connection).SamplingPoint.findOne({ siteCode: 'RE-7' }).lean()).toMatchObject({ migrantPopulation: 2006 });
    expect((await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD)).length).toBeGreaterThan(0);
  }, 60_000);

  it('serialises concurrent imports of the same new frame: never a 500, every row there once', async () => {
    const csv = frameOf(6, 'CC');
    for (let round = 0; round < 5; round += 1) {
      await modelsOf(api.connection).SamplingPoint.deleteMany({ siteCode: /^CC-/ });
      const answers = await Promise.all([importFrame(api.app, adminToken, csv), importFrame(api.app, adminToken, csv)]);
      for (const answer of answers) expect([200, 409], JSON.stringify(answer.body)).toContain(answer.status);
      const applied = answers.filter((answer) => answer.status === 200);
      expect(applied.length).toBeGreaterThan(0);
      for (const answer of answers.filter((each) => each.status === 409)) expect(answer.body.code).toBe('frame-import-in-progress');
      expect(await modelsOf(api.connection).SamplingPoint.countDocuments({ siteCode: /^CC-/ })).toBe(6);
    }
  }, 60_000);

  it('a larger concurrent import leaves the whole frame there, and a re-run completes it idempotently', async () => {
    const csv = frameOf(400, 'BG');
    const answers = await Promise.all([importFrame(api.app, adminToken, csv), importFrame(api.app, adminToken, csv)]);
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
    expect(await modelsOf(api.connection).SamplingPoint.countDocuments({ siteCode: /^BG-/ })).toBe(400);
    const again = await importFrame(api.app, adminToken, csv);
    expect(again.body).toMatchObject({ imported: 400, created: 0, updated: 0, unchanged: 400 });
    const health = await request(api.app).get('/api/health');
    expect(health.body).toEqual({ status: 'ok', db: 'ok' });
  }, 120_000);

  it('answers 409 while another import holds the lock, and takes over a lock whose holder died', async () => {
    let release!: () => void;
    const held = withOperationLock(api.connection, 'sampling-frame-import', () => new Promise<void>((resolve) => (release = resolve)), () => new Error('lock busy'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await importFrame(api.app, adminToken, frameOf(3, 'LK'));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('frame-import-in-progress');
    expect(await modelsOf(api.connection).SamplingPoint.countDocuments({ siteCode: /^LK-/ })).toBe(0);
    release();
    await held;
    await modelsOf(api.connection).OperationLock.collection.insertOne({ _id: 'sampling-frame-import' as never, owner: 'a killed process', expiresAt: new Date(Date.now() - 1000) });
    const taken = await importFrame(api.app, adminToken, frameOf(3, 'LK'));
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ created: 3 });
    expect(await modelsOf(api.connection).OperationLock.countDocuments()).toBe(0);
  });

  it('completes a half-applied import: only the missing and changed sites are written', async () => {
    const csv = frameOf(20, 'HF');
    const { SamplingPoint } = modelsOf(api.connection);
    await importFrame(api.app, adminToken, frameOf(8, 'HF'));
    await SamplingPoint.updateOne({ siteCode: 'HF-2' }, { $set: { migrantPopulation: 1 } });
    const resumed = await importFrame(api.app, adminToken, csv);
    expect(resumed.body).toEqual({ imported: 20, created: 12, updated: 1, unchanged: 7 });
    expect(await SamplingPoint.countDocuments({ siteCode: /^HF-/ })).toBe(20);
    expect((await SamplingPoint.findOne({ siteCode: 'HF-2' }).lean())?.migrantPopulation).toBe(1001);
  });
});
