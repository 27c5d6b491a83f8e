import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsOf } from '../../server/models';
import { createInterviewer, importFrame, SAMPLE_FRAME_CSV, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

describe('sampling frame', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let adminToken: string;
  beforeAll(async () => {
    api = await startTestApi('frame');
    adminToken = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(() => api.drop());

  it('imports every row with its region, then updates by site code on re-import', async () => {
    const first = await importFrame(api.app, adminToken);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ imported: 3, created: 3, updated: 0, unchanged: 0 });
    const changed = SAMPLE_FRAME_CSV.replace('KM-01,五华区红云社区,community,53,5301,530102,1200', 'KM-01,五华区红云社区,community,53,5301,530102,1500');
    expect((await importFrame(api.app, adminToken, changed)).body).toEqual({ imported: 3, created: 0, updated: 1, unchanged: 2 });
    const { SamplingPoint } = modelsOf(api.connection);
    expect(await SamplingPoint.countDocuments()).toBe(3);
    const site = await SamplingPoint.findOne({ siteCode: 'KM-01' }).lean();
    expect(site).toMatchObject({ stratum: '530102', region: 'West', migrantPopulation: 1500, selectionProbability: 0.25, plannedInterviews: 20 });
    expect((await SamplingPoint.findOne({ siteCode: 'ZZ-01' }).lean())?.region).toBe('Central');
  });

  it('answers 400 listing every bad row by line number, and imports nothing', async () => {
    const csv = [
      SAMPLE_FRAME_CSV.split('\n')[0],
      '110101,BJ-01,东城区社区,community,11,1101,110101,900,0.3,20',
      '110101,BJ-02,东城区工地,spaceship,11,1101,110101,900,0.3,20',
      '110101,BJ-03,东城区市场,market,99,1101,110101,-5,1.5,20',
      '110101,BJ-01,重复站点,market,11,1101,110101,900,0.3,20',
      '110101,BJ-04,错城市,market,11,1201,120101,900,0.3,20',
    ].join('\n');
    const response = await importFrame(api.app, adminToken, csv);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid-frame');
    const byLine = (line: number) => response.body.errors.filter((error: { path: string }) => error.path.startsWith(`line ${line},`));
    expect(byLine(2)).toEqual([]);
    expect(byLine(3)).toEqual([expect.objectContaining({ path: 'line 3, site_type' })]);
    expect(byLine(4).map((error: { path: string }) => error.path).sort()).toEqual(['line 4, city_code', 'line 4, migrant_population', 'line 4, province_code', 'line 4, selection_probability']);
    expect(byLine(5)).toEqual([expect.objectContaining({ path: 'line 5, site_code', message: expect.stringContaining('line 2') })]);
    expect(byLine(6)).toEqual([expect.objectContaining({ path: 'line 6, city_code' })]);
    expect(await modelsOf(api.connection).SamplingPoint.countDocuments({ siteCode: /^BJ-/ })).toBe(0);
  });

  it('answers 400 for a wrong header, 415 for a non-CSV body, 403 for a non-admin', async () => {
    const header = await importFrame(api.app, adminToken, 'stratum,site\n1,2');
    expect(header.status).toBe(400);
    expect(header.body.message).toContain('site_code');
    const json = await request(api.app).post('/api/sampling-points/import').set('Authorization', `Bearer ${adminToken}`).send({ rows: [] });
    expect(json.status).toBe(415);
    const interviewerToken = await createInterviewer(api.app, adminToken, 'frame.interviewer', ['KM-01']);
    expect((await importFrame(api.app, interviewerToken)).status).toBe(403);
  });

  it('lists all sites with progress for an admin, only the assigned ones for an interviewer', async () => {
    const all = await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${adminToken}`);
    expect(all.body.map((site: { siteCode: string }) => site.siteCode)).toEqual(['KM-01', 'KM-02', 'ZZ-01']);
    expect(all.body[0].counts).toEqual({ complete: 0, partial: 0, ineligible: 0, refused: 0 });
    const interviewerToken = await signIn(api.app, 'frame.interviewer', 'interviewer-password');
    const own = await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${interviewerToken}`);
    expect(own.body.map((site: { siteCode: string }) => site.siteCode)).toEqual(['KM-01']);
  });
});
