import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionLabel } from '../../analysis/domain/divisions';
import { INDICATORS } from '../../analysis/indicators/registry';
import { binaryBody, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { seedEstimationData } from '../helpers/estimationData';

let api: Awaited<ReturnType<typeof startTestApi>>;
let token: string;

beforeAll(async () => {
  api = await startTestApi('compliance');
  await seedEstimationData(api.connection, { seedPrefix: 'compliance-', interviewsAt: (k) => 8 + (k % 3), statusOf: () => 'complete', receivedAt: new Date() });
  token = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
}, 120_000);

afterAll(async () => {
  await api?.drop();
});

const get = (query: string) => request(api.app).get(`/api/compliance?${query}`).set('Authorization', `Bearer ${token}`);
type Judgement = { county: string; name: { 'zh-cn': string }; region: string; estimate: { indicator: string; target: number; status: string } };
type Item = { indicator: string; counties: number; met: number; notMet: number; inconclusive: number; headline: { 'zh-cn': string }; sentence: { 'zh-cn': string }; judgements: Judgement[] };

describe('GET /api/compliance', () => {
  it('judges every county against each targeted indicator, literacy against its own region’s 24/20/16%, by name, with the reports’ sentences', async () => {
    const response = await get('');
    expect(response.status).toBe(200);
    const items = response.body.indicators as Item[];
    expect(items.map((item) => item.indicator)).toEqual(INDICATORS.filter((indicator) => indicator.target).map((indicator) => indicator.id));
    const literacy = items.find((item) => item.indicator === 'literacy')!;
    expect(literacy.counties).toBe(3);
    const targets = Object.fromEntries(literacy.judgements.map((judgement) => [judgement.county, [judgement.region, judgement.estimate.target]]));
    expect(targets).toEqual({ '310101': ['East', 0.24], '410101': ['Central', 0.2], '530101': ['West', 0.16] });
    for (const judgement of literacy.judgements) expect(judgement.name['zh-cn']).toBe(divisionLabel(judgement.county)['zh-cn']);

    const byCounty = await request(api.app).get('/api/estimates?by=county').set('Authorization', `Bearer ${token}`);
    for (const item of items) {
      const rows = (byCounty.body.rows as { indicator: string; domain: { county?: string } | null; status: string }[]).filter((row) => row.indicator === item.indicator && row.domain?.county);
      const count = (status: string) => rows.filter((row) => row.status === status).length;
      expect([item.met, item.notMet, item.inconclusive], item.indicator).toEqual([count('met'), count('not met'), count('inconclusive')]);
      expect(item.met + item.notMet + item.inconclusive).toBe(item.counties);
      expect(item.headline['zh-cn']).toBe(`${item.counties}个县（区）中${item.met}个达标`);
      expect(item.sentence['zh-cn']).toMatch(new RegExp(`^${item.counties}个县（区）中，${item.met}个县（区）的`));
    }
    expect(response.body.summary['zh-cn']).toMatch(/^3个县（区）中，\d个县（区）的基本公共卫生服务知晓率、\d个县（区）的健康素养水平达到或超过评估标准。$/);
  });

  it('as XLSX: 县区达标汇总 with the counts and 县区明细 with every county’s region target', async () => {
    const response = await get('format=xlsx').buffer(true).parse(binaryBody);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/compliance-.*\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['县区达标汇总', '县区明细']);
    const json = (await get('')).body.indicators as Item[];
    const literacy = json.find((item) => item.indicator === 'literacy')!;
    const summary = workbook.getWorksheet('县区达标汇总')!;
    let found = false;
    summary.eachRow((row) => {
      if (row.getCell(1).value !== '健康素养水平') return;
      found = true;
      expect([row.getCell(3).value, row.getCell(4).value, row.getCell(5).value, row.getCell(6).value]).toEqual([3, literacy.met, literacy.notMet, literacy.inconclusive]);
      expect(row.getCell(7).value).toBe(literacy.headline['zh-cn']);
    });
    expect(found).toBe(true);
    const detail: unknown[][] = [];
    workbook.getWorksheet('县区明细')!.eachRow((row, number) => number > 2 && detail.push((row.values as unknown[]).slice(1)));
    const yunnan = detail.find((row) => row[1] === '530101' && row[3] === '健康素养水平')!;
    expect(yunnan[2]).toBe('西部（目标16%）');
    expect(yunnan[8]).toBe(0.16);
  });

  it('bad input is a 400 naming the parameter', async () => {
    const response = await get('format=pdf');
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('format');
  });
});
