import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { importFrame, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';

let api: Awaited<ReturnType<typeof startTestApi>>;
let token: string;

beforeAll(async () => {
  api = await startTestApi('indicators');
  token = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
  expect((await importFrame(api.app, token)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await api?.drop();
});

describe('GET /api/indicators', () => {
  it('answers the registry with the frame’s counties named by GB/T 2260', async () => {
    const response = await request(api.app).get('/api/indicators').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    const literacy = response.body.indicators.find((indicator: { id: string }) => indicator.id === 'literacy');
    expect(literacy.label['zh-cn']).toBe('健康素养水平');
    expect(literacy.target).toMatchObject({ kind: 'by-region', values: { East: 0.24, Central: 0.2, West: 0.16 } });
    const county = response.body.breakdowns.find((breakdown: { id: string }) => breakdown.id === 'county');
    expect(county.levels).toEqual([
      { code: '410105', label: { 'zh-cn': '金水区', en: '金水区 (410105)' } },
      { code: '530102', label: { 'zh-cn': '五华区', en: '五华区 (530102)' } },
    ]);
    expect(response.body.statuses.map((status: { label: { 'zh-cn': string } }) => status.label['zh-cn'])).toEqual(['达标', '未达标', '无法判定', '该版本未测量']);
  });

  it('is for analysts and admins only', async () => {
    expect((await request(api.app).get('/api/indicators')).status).toBe(401);
  });
});
