import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { seedEstimationData } from '../helpers/estimationData';
import { signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

let api: Awaited<ReturnType<typeof startTestApi>>;
let token: string;

/** Stratum East-0 keeps only its first site (as early in fieldwork): a lonely PSU. */
beforeAll(async () => {
  api = await startTestApi('lonely-psu');
  await seedEstimationData(api.connection, { seedPrefix: 'lonely-', interviewsAt: (k) => (k === 1 || k === 2 ? 0 : 5), statusOf: () => 'complete', receivedAt: new Date() });
  token = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
}, 120_000);

afterAll(async () => {
  await api?.drop();
});

const estimates = (query: string) => request(api.app).get(`/api/estimates?indicator=literacy,awareness${query}`).set('Authorization', `Bearer ${token}`);
const seOf = (body: { rows: { indicator: string; domain: unknown; se: number }[] }) => body.rows.find((row) => row.indicator === 'literacy' && row.domain === null)!.se;

describe('GET /api/estimates with a stratum of one site', () => {
  it('answers 200 under every lonely-PSU option, adjust by default, and names the option in the methods', async () => {
    const se: Record<string, number> = {};
    for (const option of ['remove', 'adjust', 'average', 'certainty']) {
      const response = await estimates(`&by=region&lonelyPsu=${option}`);
      expect(response.status, option).toBe(200);
      expect(response.body.methods.lonelyPsu).toBe(option);
      expect(response.body.rows.every((row: { se: number | null }) => row.se !== null && Number.isFinite(row.se))).toBe(true);
      se[option] = seOf(response.body);
    }
    const byDefault = await estimates('');
    expect(byDefault.status).toBe(200);
    expect(seOf(byDefault.body)).toBe(se.adjust);
    // remove and certainty both drop the lonely stratum's term; with no fpc they agree (as in R).
    expect(se.remove).toBeCloseTo(se.certainty!, 15);
    expect(se.adjust).not.toBe(se.remove);
  });

  it('under lonelyPsu=fail answers 400 naming the stratum and the options to choose', async () => {
    const response = await estimates('&lonelyPsu=fail');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('lonely-psu');
    expect(response.body.message).toContain('East-0');
    expect(response.body.message).toMatch(/adjust.*average.*remove.*certainty/);
    expect(response.body.errors).toEqual([{ path: 'lonelyPsu', message: expect.stringContaining('East-0') }]);
    const unknown = await estimates('&lonelyPsu=drop');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('lonelyPsu');
  });
});
