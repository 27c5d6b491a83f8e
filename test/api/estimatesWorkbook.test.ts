import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS } from '../../analysis/indicators/registry';
import { binaryBody, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { seedEstimationData } from '../helpers/estimationData';
import { convertToPdf } from '../helpers/office';

let api: Awaited<ReturnType<typeof startTestApi>>;
let token: string;

beforeAll(async () => {
  api = await startTestApi('estimates-workbook');
  await seedEstimationData(api.connection, { seedPrefix: 'workbook-', interviewsAt: (k) => 8 + (k % 5), statusOf: () => 'complete', receivedAt: new Date() });
  token = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
}, 120_000);

afterAll(async () => {
  await api?.drop();
});

const MAIN = INDICATORS.filter((indicator) => indicator.main).map((indicator) => indicator.id);
const get = (query: string) => request(api.app).get(`/api/estimates?${query}`).set('Authorization', `Bearer ${token}`);
type Row = { indicator: string; domain: Record<string, string> | null; estimate: number; ciLow: number; ciHigh: number; n: number; target: number | null; status: string | null; reliability: { flag: string } | null };

async function workbookOf(query: string): Promise<{ workbook: ExcelJS.Workbook; bytes: Buffer }> {
  const response = await get(`${query}&format=xlsx`).buffer(true).parse(binaryBody);
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.body as ArrayBuffer);
  return { workbook, bytes: response.body as Buffer };
}

describe('GET /api/estimates?format=xlsx: the workbook a commission files', () => {
  it('指标汇总 holds the JSON numbers by region, formatted as percentages, frozen and set up for A4 landscape; detail sheets are Chinese; 方法说明 is Chinese then English', async () => {
    const json = await get('by=region');
    const rows = json.body.rows as Row[];
    const { workbook } = await workbookOf('by=region');
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names[0]).toBe('指标汇总');
    expect(names.at(-1)).toBe('方法说明');
    expect(names).toEqual(expect.arrayContaining(['知晓率', '各项服务知晓率', '健康素养水平', '满意度', '分方面满意度']));
    for (const name of names) expect(name.length).toBeLessThanOrEqual(31);
    expect(names.some((name) => /^[a-z.]+$/.test(name))).toBe(false);

    const summary = workbook.getWorksheet('指标汇总')!;
    expect(summary.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 4 });
    expect(summary.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:4' });
    const groups = ['东部', '中部', '西部', '合计'];
    const groupColumn = new Map<string, number>();
    summary.getRow(3).eachCell((cell, column) => {
      const name = String(cell.value).split(' ')[0]!;
      if (groups.includes(name) && !groupColumn.has(name)) groupColumn.set(name, column);
    });
    expect([...groupColumn.keys()]).toEqual(groups);
    expect(String(summary.getCell(4, 2).value)).toMatch(/^估计值/);
    const lineOf = new Map<string, number>();
    summary.eachRow((row, number) => {
      if (number > 4) lineOf.set(String(row.getCell(1).value), number);
    });
    // One row per indicator, main indicators first.
    const indicators = [...new Set(rows.map((row) => row.indicator))];
    expect(summary.getCell(5, 1).value).toBe('基本公共卫生服务知晓率');
    const regionCode: Record<string, string | null> = { 东部: 'East', 中部: 'Central', 西部: 'West', 合计: null };
    const labelOf = new Map(INDICATORS.map((indicator) => [indicator.id, indicator.label['zh-cn']]));
    for (const indicator of indicators) {
      const line = lineOf.get(labelOf.get(indicator)!);
      expect(line, indicator).toBeDefined();
      for (const group of groups) {
        const row = rows.find((candidate) => candidate.indicator === indicator && (candidate.domain?.region ?? null) === regionCode[group]);
        const column = groupColumn.get(group)!;
        const cell = (offset: number) => summary.getCell(line!, column + offset);
        if (!row) {
          expect(cell(0).value, `${indicator} ${group}: no estimate, an empty cell`).toBeNull();
          continue;
        }
        expect(cell(0).value, `${indicator} ${group}`).toBe(row.estimate);
        expect(cell(0).numFmt).toBe('0.0%');
        expect(cell(1).value).toBe(row.ciLow);
        expect(cell(2).value).toBe(row.ciHigh);
        expect(cell(3).value).toBe(row.n);
        expect(cell(4).value).toBe(row.target);
        expect(cell(5).value).toBe({ met: '达标', 'not met': '未达标', inconclusive: '无法判定' }[row.status ?? ''] ?? '—');
        expect(cell(6).value).toBe({ unreliable: '谨慎解读', review: '需复核' }[row.reliability?.flag ?? ''] ?? '');
      }
    }
    const literacyWest = rows.find((row) => row.indicator === 'literacy' && row.domain?.region === 'West')!;
    expect(summary.getCell(lineOf.get('健康素养水平')!, groupColumn.get('西部')! + 4).value).toBe(0.16);
    expect(literacyWest.target).toBe(0.16);

    const detail = workbook.getWorksheet('健康素养水平')!;
    expect((detail.getRow(1).values as unknown[]).slice(1, 6)).toEqual(['指标', '指标代码', '分组变量', '分组', '分组代码']);
    expect((detail.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['Indicator', 'Indicator id']);
    const east = detail.getRow(3 + rows.filter((row) => row.indicator === 'literacy').findIndex((row) => row.domain?.region === 'East'));
    expect(east.getCell(4).value).toBe('东部');
    expect(east.getCell(6).value).toBe(rows.find((row) => row.indicator === 'literacy' && row.domain?.region === 'East')!.estimate);
    expect(east.getCell(6).numFmt).toBe('0.0%');

    const methods: string[][] = [];
    workbook.getWorksheet('方法说明')!.eachRow((row) => methods.push([String(row.getCell(1).value ?? ''), String(row.getCell(2).value ?? '')]));
    const at = (item: string) => methods.find(([name]) => name === item)?.[1];
    expect(methods[0]![0]).toBe('方法说明');
    expect(at('层数与调查点数')).toBe(`6 层（县、市、区），18 个调查点（初级抽样单位），${json.body.methods.n} 份完成问卷`);
    expect(at('单调查点层的处理')).toMatch(/^lonelyPsu=adjust：/);
    expect(at('置信区间与自由度')).toMatch(/设计自由度.*全样本为 12/);
    expect(at('Strata and sites')).toMatch(/^6 strata/);
    expect(methods.findIndex(([name]) => name === 'Methods')).toBeGreaterThan(methods.findIndex(([name]) => name === '生成时间'));
    for (const name of ['抽样设计', '加权', '权重校准', '筛选条件', '调查日期范围', '问卷版本', '软件版本', '生成时间']) expect(at(name), name).toBeTruthy();
  });

  it('LibreOffice prints the main indicators by region on one page, in Chinese, and the methods whole', async () => {
    const { bytes } = await workbookOf(`by=region&indicator=${MAIN.join(',')}`);
    const pdf = convertToPdf(bytes, 'xlsx');
    try {
      const summaryPages = pdf.pageTexts.filter((text) => text.includes('指标汇总'));
      expect(summaryPages).toHaveLength(1);
      for (const name of ['基本公共卫生服务知晓率', '健康素养水平', '东部', '中部', '西部', '合计', '达标状态']) expect(summaryPages[0], name).toContain(name);
      const all = pdf.pageTexts.join('\n');
      expect(all).not.toMatch(/\?\?\?|\uFFFD/);
      expect(all).toContain('方法说明');
      // The last methods item, in English at the end of the sheet, is printed: nothing is cut.
      expect(all).toMatch(/Generated at\s+\d{4}-\d\d-\d\dT/);
      expect(pdf.pages).toBeLessThanOrEqual(6);
    } finally {
      pdf.dispose();
    }
  }, 180_000);

  it('the estimates CSV names things in Chinese beside the codes by default; labels=en and labels=codes', async () => {
    const zh = parse((await get('by=region&format=csv')).text, { columns: true, bom: true }) as Record<string, string>[];
    const literacyWest = zh.find((record) => record['指标代码'] === 'literacy' && record['分组代码'] === 'West')!;
    expect(literacyWest).toMatchObject({ 指标: '健康素养水平', 分组变量: '地区', 分组: '西部', 目标值: '0.16' });
    expect(['达标', '未达标', '无法判定']).toContain(literacyWest['达标状态']);
    const en = parse((await get('by=region&format=csv&labels=en')).text, { columns: true, bom: true }) as Record<string, string>[];
    expect(en.find((record) => record['Indicator id'] === 'literacy' && record['Group code'] === 'West')).toMatchObject({ Indicator: 'Health literacy level (3.2.2)', Group: 'West', Breakdown: 'Region' });
    const codes = parse((await get('by=region&format=csv&labels=codes')).text, { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(codes[0]!).slice(0, 4)).toEqual(['indicator', 'breakdown', 'group', 'estimate']);
    expect((await get('format=csv&labels=fr')).status).toBe(400);
  });
});
