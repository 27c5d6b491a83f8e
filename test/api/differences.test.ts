import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differenceReplySchema } from '../../contracts/differences';
import { modelsOf } from '../../server/models';
import { seedEstimationData } from '../helpers/estimationData';
import { signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

let api: Awaited<ReturnType<typeof startTestApi>>;
let token: string;

/** 18 sites in 3 regions (strata nested in regions), 6 interviews each, CAPI and CAWI at every site; two rounds by date. */
beforeAll(async () => {
  api = await startTestApi('differences');
  await seedEstimationData(api.connection, { seedPrefix: 'diff-', interviewsAt: () => 6, statusOf: () => 'complete', receivedAt: new Date('2026-05-20T08:00:00Z') });
  const { Response } = modelsOf(api.connection);
  // The first round: half of every site's interviews (each site is in both rounds).
  await Response.updateMany({ mode: 'cawi' }, { $set: { receivedAt: new Date('2026-05-05T08:00:00Z') } });
  token = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
}, 120_000);

afterAll(async () => {
  await api?.drop();
});

const get = (path: string) => request(api.app).get(path).set('Authorization', `Bearer ${token}`);
const differences = (query: string) => get(`/api/estimates/differences?${query}`);
const rowOf = (body: { rows: { indicator: string; domain: Record<string, string> | null; estimate: number; se: number }[] }, indicator: string, domain: Record<string, string> | null) =>
  body.rows.find((row) => row.indicator === indicator && JSON.stringify(row.domain) === JSON.stringify(domain))!;

describe('GET /api/estimates/differences', () => {
  it('East vs West: each side is its row of /api/estimates; independent strata give zero covariance', async () => {
    const response = await differences('indicator=literacy&by=region&a=East&b=West');
    expect(response.status).toBe(200);
    // The reply is the contract's shape (the console parses it with this schema).
    expect(differenceReplySchema.parse(response.body)).toEqual(response.body);
    const estimates = (await get('/api/estimates?indicator=literacy&by=region')).body;
    const { a, b, difference } = response.body;
    for (const [side, level] of [[a, 'East'], [b, 'West']] as const) {
      const row = rowOf(estimates, 'literacy', { region: level });
      expect(side.estimate.estimate).toBeCloseTo(row.estimate, 12);
      expect(side.estimate.se).toBeCloseTo(row.se, 12);
    }
    expect(a.label['zh-cn']).toBe('地区：东部');
    expect(difference.estimate).toBeCloseTo(a.estimate.estimate - b.estimate.estimate, 14);
    // The regions' strata and sites are disjoint: the covariance is 0 and the SE is that of independent samples.
    expect(Math.abs(difference.covariance)).toBeLessThan(1e-15);
    expect(difference.se).toBeCloseTo(difference.independentSe, 12);
    expect(difference.ciLow).toBeLessThan(difference.estimate);
    expect(difference.pValue).toBeGreaterThan(0);
    expect(difference.pValue).toBeLessThanOrEqual(1);
    expect(response.body.overlap).toBe(0);
    expect(response.body.methods.zh).toContain('联合抽样设计');
  });

  it('CAPI vs CAWI at the same sites: the covariance through shared sites enters the SE (a ratio indicator)', async () => {
    const response = await differences('indicator=awareness&a=mode:capi&b=mode:cawi');
    expect(response.status).toBe(200);
    differenceReplySchema.parse(response.body);
    const { difference } = response.body;
    expect(Math.abs(difference.covariance)).toBeGreaterThan(0);
    const { a, b } = response.body;
    expect(difference.se ** 2).toBeCloseTo(a.estimate.se ** 2 + b.estimate.se ** 2 - 2 * difference.covariance, 14);
    expect(difference.se).not.toBeCloseTo(difference.independentSe, 6);
  });

  it('a county against its province (overlapping groups): the shared interviews cancel', async () => {
    const response = await differences('indicator=literacy&a=county:310101&b=province:31');
    expect(response.status).toBe(200);
    // Every seeded site of province 31 is in county 310101: the groups are the same interviews.
    expect(response.body.overlap).toBe(response.body.a.estimate.n);
    expect(response.body.difference.estimate).toBeCloseTo(0, 14);
    expect(response.body.difference.se).toBeLessThan(1e-9);
    expect(response.body.a.label['zh-cn']).toMatch(/^县（区）：/);
  });

  // Each round is a domain of the two rounds stacked (as R's svyby over a round column): with every site in both
  // rounds that is the round's own estimate; a site surveyed in one round only would count as a zero in the other.
  it('two rounds by date: each round is weighted on its own and equals /api/estimates for its dates', async () => {
    const response = await differences('indicator=literacy&by=dates&a=..2026-05-10&b=2026-05-11..');
    expect(response.status).toBe(200);
    const first = rowOf((await get('/api/estimates?indicator=literacy&to=2026-05-10')).body, 'literacy', null);
    const second = rowOf((await get('/api/estimates?indicator=literacy&from=2026-05-11')).body, 'literacy', null);
    differenceReplySchema.parse(response.body);
    expect(response.body.a.estimate.estimate).toBeCloseTo(first.estimate, 12);
    expect(response.body.a.estimate.se).toBeCloseTo(first.se, 12);
    expect(response.body.b.estimate.estimate).toBeCloseTo(second.estimate, 12);
    expect(response.body.b.estimate.n + response.body.a.estimate.n).toBe(108);
    expect(response.body.a.label['zh-cn']).toContain('2026-05-10');
  });

  it('bad input: 400 with a Chinese message naming the parameter, for each kind of mistake', async () => {
    const unknown = await differences('indicator=literacy&by=region&a=East&b=North');
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('unknown-group');
    expect(unknown.body.message).toContain('地区没有“North”这一组');
    expect(unknown.body.message).toContain('East（东部）');
    expect(unknown.body.errors).toEqual([{ path: 'b', message: expect.any(String) }]);

    const cases: [string, string, string][] = [
      ['indicator=literacy&a=East&b=West', 'invalid-group', 'a'],
      ['indicator=literacy&by=region&a=East', 'invalid-query', 'b'],
      ['indicator=nope&by=region&a=East&b=West', 'unknown-indicator', 'indicator'],
      ['indicator=literacy&a=region:East&b=dates:2026-05-01..2026-05-10', 'groups-not-comparable', 'b'],
      ['indicator=literacy&a=dates:2026-05-01..2026-05-31&b=dates:2026-05-10..2026-05-20', 'rounds-overlap', 'b'],
      ['indicator=literacy&a=dates:2026-05-40..&b=dates:2026-05-01..', 'invalid-group', 'a'],
      ['indicator=literacy&a=version:0&b=version:1', 'invalid-group', 'a'],
      ['indicator=literacy&a=colour:red&b=colour:blue', 'invalid-group', 'a'],
      ['indicator=literacy&by=county&a=310101&b=999999', 'unknown-group', 'b'],
      ['indicator=literacy&by=dates&a=2026-04-01..2026-04-30&b=2026-05-01..', 'group-empty', 'a'],
    ];
    for (const [query, code, path] of cases) {
      const response = await differences(query);
      expect(response.status, query).toBe(400);
      expect(response.body.code, query).toBe(code);
      expect(response.body.errors?.[0]?.path, query).toBe(path);
      // The query check's generic message is the framework's; our own problems say what to fix in Chinese.
      if (code !== 'invalid-query') expect(response.body.message, query).toMatch(/[\u4e00-\u9fff]/u);
    }
  });
});
