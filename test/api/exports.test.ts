import ExcelJS from 'exceljs';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, loadDemo } from '../../scripts/demo/load';
import { divisionLabel } from '../../analysis/domain/divisions';
import { MODE_LABELS, RESPONSE_STATUS_LABELS } from '../../analysis/domain/profile';
import { REGION_LABELS } from '../../analysis/domain/regions';
import { modelsOf } from '../../server/models';
import { forgetSamplingFrame } from '../../server/services/samplingFrame';
import type { ServerState } from '../../server/state';
import { binaryBody, signIn, startTestApi } from '../helpers/api';
import { findResponses } from '../../server/queries/responses';

describe('fieldwork monitor and response data exports', () => {
  let app: Express;
  let connection: Connection;
  let state: ServerState;
  let drop: () => Promise<void>;
  let analyst: string;
  let interviewer: string;
  const plan = buildDemo({ seed: 'exports-test', scale: 0.04 });

  beforeAll(async () => {
    ({ app, connection, state, drop } = await startTestApi('exports'));
    await loadDemo(state, plan);
    analyst = await signIn(app, plan.analyst.username, plan.analyst.password);
    interviewer = await signIn(app, plan.sites[0]!.interviewer, plan.interviewerPassword);
  }, 300_000);
  afterAll(async () => drop());

  it('refuses interviewers (403) and anonymous requests (401)', async () => {
    for (const path of ['/api/fieldwork', '/api/exports/responses.csv', '/api/exports/codebook.xlsx', '/api/estimates', '/api/estimates?format=xlsx']) {
      expect((await request(app).get(path).set('Authorization', `Bearer ${interviewer}`)).status).toBe(403);
      expect((await request(app).get(path)).status).toBe(401);
    }
  });

  it('fieldwork: counts by site, county, day, mode and interviewer add up to what is stored, with behind-plan flags', async () => {
    const response = await request(app).get('/api/fieldwork').set('Authorization', `Bearer ${analyst}`);
    expect(response.status).toBe(200);
    const report = response.body;
    const { Response } = modelsOf(connection);
    const stored = await Response.countDocuments();
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total(report.totals.counts)).toBe(stored);
    expect(report.totals.counts.complete).toBe(await Response.countDocuments({ status: 'complete' }));
    expect(report.sites).toHaveLength(36);
    expect(report.counties).toHaveLength(6);
    for (const breakdown of [report.sites, report.counties, report.days, report.modes]) {
      expect(breakdown.reduce((sum: number, row: { counts: Record<string, number> }) => sum + total(row.counts), 0)).toBe(stored);
    }
    expect(report.interviewers.reduce((sum: number, row: { counts: Record<string, number> }) => sum + total(row.counts), 0)).toBe(await Response.countDocuments({ mode: 'capi' }));
    for (const site of report.sites) expect(site.behindPlan).toBe(site.counts.complete < site.planned);
    expect(report.totals.medianDurationSeconds).toBeGreaterThan(0);

    const halfway = await request(app).get('/api/fieldwork?expectedShare=0').set('Authorization', `Bearer ${analyst}`);
    expect(halfway.body.sites.some((site: { behindPlan: boolean }) => site.behindPlan)).toBe(false);
  });

  it('fieldwork: a bad expectedShare is a 400 naming the parameter', async () => {
    const response = await request(app).get('/api/fieldwork?expectedShare=2').set('Authorization', `Bearer ${analyst}`);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('expectedShare');
  });

  it('responses.csv: one row per stored response, the stored scores, no free text unless asked for', async () => {
    const response = await request(app).get('/api/exports/responses.csv').set('Authorization', `Bearer ${analyst}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/migrant-health-v1-responses\.csv/);
    const rows = parse(response.text, { columns: true, bom: true }) as Record<string, string>[];
    const stored = await findResponses(connection, {});
    expect(rows).toHaveLength(stored.length);
    const columns = Object.keys(rows[0]!);
    expect(columns).toEqual(expect.arrayContaining(['response_id', 'stratum', 'site_code', 'literacy_score', 'sex', 'lit_01', 'aw_records_content']));
    expect(columns).not.toContain('current_city');
    expect(columns).not.toContain('interviewer');
    for (const doc of stored) {
      const row = rows.find((candidate) => candidate.response_id === doc.id)!;
      expect(row.status).toBe(doc.status);
      expect(row.site_code).toBe(doc.siteCode);
      const scores = doc.scores as { literacy: { score: number } } | null;
      expect(row.literacy_score).toBe(scores ? String(scores.literacy.score) : '');
      const answers = doc.answers as Record<string, unknown>;
      expect(row.sex).toBe(answers.sex === undefined ? '' : String(answers.sex));
    }
    const withText = await request(app).get('/api/exports/responses.csv?freeText=true').set('Authorization', `Bearer ${analyst}`);
    expect(Object.keys((parse(withText.text, { columns: true, bom: true }) as Record<string, string>[])[0]!)).toContain('current_city');
  });

  it('responses.csv: a date range keeps only the interviews received in it; a bad or reversed date is a 400', async () => {
    const day = '2026-05-10';
    const response = await request(app).get(`/api/exports/responses.csv?from=${day}&to=${day}`).set('Authorization', `Bearer ${analyst}`);
    const rows = parse(response.text, { columns: true, bom: true }) as Record<string, string>[];
    const stored = await modelsOf(connection).Response.countDocuments({ receivedAt: { $gte: new Date(`${day}T00:00:00Z`), $lt: new Date('2026-05-11T00:00:00Z') } });
    expect(rows).toHaveLength(stored);
    expect(rows.every((row) => row.interview_date === day)).toBe(true);
    const bad = await request(app).get('/api/exports/responses.csv?from=10/05/2026').set('Authorization', `Bearer ${analyst}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('from');
    const reversed = await request(app).get('/api/exports/responses.csv?from=2026-05-12&to=2026-05-08').set('Authorization', `Bearer ${analyst}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors[0].path).toBe('to');
    expect((await request(app).get('/api/exports/responses.csv?version=9').set('Authorization', `Bearer ${analyst}`)).status).toBe(404);
  });

  it('responses.csv labels=zh|en|codes: the same variable names, coded values named, places named after region (the frame\'s county name first); a bad labels is a 400', async () => {
    const { SamplingPoint } = modelsOf(connection);
    // The frame's own county name for one county wins over GB/T 2260's.
    const renamed = (await SamplingPoint.findOne().lean())!;
    await SamplingPoint.updateMany({ countyCode: renamed.countyCode }, { $set: { countyName: '测试新区' } });
    forgetSamplingFrame(state);
    const file = async (labels?: string) => {
      const response = await request(app).get(`/api/exports/responses.csv${labels ? `?labels=${labels}` : ''}`).set('Authorization', `Bearer ${analyst}`);
      expect(response.status, labels).toBe(200);
      const rows = parse(response.text, { columns: true, bom: true }) as Record<string, string>[];
      return { header: Object.keys(rows[0]!), byId: new Map(rows.map((row) => [row.response_id!, row])) };
    };
    const [codes, explicitCodes, zh, en] = await Promise.all([file(), file('codes'), file('zh'), file('en')]);
    expect(explicitCodes.header).toEqual(codes.header);
    expect(codes.header).not.toContain('county_name');
    expect(codes.header).toEqual(expect.arrayContaining(['base_weight', 'psu', 'stratum']));
    const afterRegion = codes.header.indexOf('region') + 1;
    const labelledHeader = [...codes.header.slice(0, afterRegion), 'province_name', 'county_name', 'region_name', ...codes.header.slice(afterRegion)];
    expect(zh.header).toEqual(labelledHeader);
    expect(en.header).toEqual(labelledHeader);

    const stored = await findResponses(connection, {});
    expect(zh.byId.size).toBe(stored.length);
    const sexes = { male: ['男', 'Male'], female: ['女', 'Female'] } as Record<string, [string, string]>;
    for (const doc of stored) {
      const code = codes.byId.get(doc.id)!;
      const [chinese, english] = [zh.byId.get(doc.id)!, en.byId.get(doc.id)!];
      expect(code.mode).toBe(doc.mode);
      expect(chinese.mode).toBe(MODE_LABELS[doc.mode as 'capi' | 'cawi']['zh-cn']);
      expect(english.mode).toBe(MODE_LABELS[doc.mode as 'capi' | 'cawi'].en);
      expect(chinese.status).toBe(RESPONSE_STATUS_LABELS[doc.status as 'complete']['zh-cn']);
      expect(chinese.region_name).toBe(REGION_LABELS[doc.region as 'East']['zh-cn']);
      expect(english.region_name).toBe(REGION_LABELS[doc.region as 'East'].en);
      expect(chinese.province_name).toBe(divisionLabel(doc.provinceCode)['zh-cn']);
      expect(chinese.county_name).toBe(doc.countyCode === renamed.countyCode ? '测试新区' : divisionLabel(doc.countyCode)['zh-cn']);
      // Codes and numbers stay as they are: the codes beside the names, the weights, the scores.
      for (const name of ['county_code', 'province_code', 'region', 'base_weight', 'literacy_score', 'psu']) expect(chinese[name], name).toBe(code[name]);
      const sex = (doc.answers as Record<string, unknown>).sex as string | undefined;
      expect(chinese.sex).toBe(sex === undefined ? '' : (sexes[sex]?.[0] ?? sex));
      expect(english.sex).toBe(sex === undefined ? '' : (sexes[sex]?.[1] ?? sex));
    }
    expect([...zh.byId.values()].some((row) => row.county_name === '测试新区')).toBe(true);
    expect([...zh.byId.values()].some((row) => row.county_name !== '测试新区' && /[\u4e00-\u9fff]/u.test(row.county_name!))).toBe(true);

    const bad = await request(app).get('/api/exports/responses.csv?labels=fr').set('Authorization', `Bearer ${analyst}`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid-query');
    expect(bad.body.message).toMatch(/[\u4e00-\u9fff]/u);
    expect(bad.body.errors).toEqual([{ path: 'labels', message: expect.stringContaining('zh') }]);
    // The replication kit's scripts read codes: its data file takes no labels.
    expect((await request(app).get('/api/exports/replication.zip?labels=zh').set('Authorization', `Bearer ${analyst}`)).status).toBe(400);
    await SamplingPoint.updateMany({ countyCode: renamed.countyCode }, { $set: { countyName: null } });
    forgetSamplingFrame(state);
  });

  it('codebook.xlsx: every data column with its Chinese and English label and its value codes', async () => {
    const [csv, xlsx] = await Promise.all([
      request(app).get('/api/exports/responses.csv').set('Authorization', `Bearer ${analyst}`),
      request(app).get('/api/exports/codebook.xlsx').set('Authorization', `Bearer ${analyst}`).buffer(true).parse(binaryBody),
    ]);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const variables = workbook.getWorksheet('variables')!;
    const named = new Map<string, unknown[]>();
    variables.eachRow((row, index) => {
      if (index > 2) named.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1));
    });
    const columns = Object.keys((parse(csv.text, { columns: true, bom: true }) as Record<string, string>[])[0]!);
    expect([...named.keys()]).toEqual(columns);
    expect(named.get('sex')?.slice(0, 3)).toEqual(['sex', '您的性别', 'Your sex']);
    const values: unknown[][] = [];
    workbook.getWorksheet('values')!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    expect(values).toContainEqual(['sex', 'male', '男', 'Male']);
    expect(values).toContainEqual(['sat_bphs_overall', '5', '非常满意', 'Very satisfied']);
    expect(values).toContainEqual(['lit_08', 'none', '不知道', "Don't know"]);
    expect(values).toContainEqual(['status', 'refused', '拒访', 'Refused']);
    expect(values).toContainEqual(['province_code', '53', '云南', 'Yunnan']);
  });

  it('codebook.xlsx?labels=zh lists the labelled file\'s columns, the place names included; a bad labels is a 400', async () => {
    const [csv, xlsx] = await Promise.all([
      request(app).get('/api/exports/responses.csv?labels=zh').set('Authorization', `Bearer ${analyst}`),
      request(app).get('/api/exports/codebook.xlsx?labels=zh').set('Authorization', `Bearer ${analyst}`).buffer(true).parse(binaryBody),
    ]);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const listed: unknown[][] = [];
    workbook.getWorksheet('variables')!.eachRow((row, index) => {
      if (index > 2) listed.push((row.values as unknown[]).slice(1, 4));
    });
    const columns = Object.keys((parse(csv.text, { columns: true, bom: true }) as Record<string, string>[])[0]!);
    expect(listed.map(([name]) => name)).toEqual(columns);
    expect(listed).toContainEqual(['county_name', '县区名称', "County name (the sampling frame's name where it gives one, else GB/T 2260)"]);
    const refused = await request(app).get('/api/exports/codebook.xlsx?labels=fr').set('Authorization', `Bearer ${analyst}`);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('invalid-query');
  });

  it('estimates: the XLSX detail sheets and the code CSV hold exactly the numbers of the JSON', async () => {
    const get = (format: string) => request(app).get(`/api/estimates?by=region&format=${format}`).set('Authorization', `Bearer ${analyst}`);
    const json = await get('json');
    expect(json.status).toBe(200);
    const rows = json.body.rows as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(20);
    const literacyEast = rows.find((row) => row.indicator === 'literacy' && (row.domain as { region?: string } | null)?.region === 'East');
    expect(literacyEast).toMatchObject({ target: 0.24 });
    expect(json.body.methods.n).toBe(await modelsOf(connection).Response.countDocuments({ status: 'complete' }));

    const xlsx = await get('xlsx').buffer(true).parse(binaryBody);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toMatch(/estimates-.*\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect([names[0], names.at(-1)]).toEqual(['指标汇总', '方法说明']);
    const numbers = ['estimate', 'se', 'ciLow', 'ciHigh', 'deff', 'n', 'df', 'target', 'difference'] as const;
    const domainOf = (row: Record<string, unknown>) => (row.domain ? Object.values(row.domain as object).join('×') : 'all');
    const sheetRows: Record<string, unknown>[] = [];
    for (const sheet of workbook.worksheets.slice(1, -1)) {
      let header: string[] = [];
      sheet.eachRow((sheetRow, index) => {
        const values = (sheetRow.values as unknown[]).slice(1);
        if (index === 2) header = values as string[];
        if (index > 2) sheetRows.push(Object.fromEntries(header.map((name, column) => [name, values[column] ?? null])));
      });
    }
    expect(sheetRows).toHaveLength(rows.length);
    const english = { estimate: 'Estimate', se: 'SE', ciLow: '95% CI low', ciHigh: '95% CI high', deff: 'Design effect', n: 'n (unweighted)', df: 'df', target: 'Target', difference: 'Difference from target' };
    for (const row of rows) {
      const sheetRow = sheetRows.find((candidate) => candidate['Indicator id'] === row.indicator && candidate['Group code'] === domainOf(row))!;
      expect(sheetRow, `${row.indicator} ${domainOf(row)}`).toBeDefined();
      for (const name of numbers) expect(sheetRow[english[name]]).toBe(row[name] ?? null);
      expect(sheetRow['Status code']).toBe(row.status ?? null);
    }
    const methods = new Map<string, unknown>();
    workbook.getWorksheet('方法说明')!.eachRow((sheetRow) => methods.set(String(sheetRow.getCell(1).value), sheetRow.getCell(2).value));
    expect(String(methods.get('层数与调查点数'))).toContain(`${json.body.methods.n} 份完成问卷`);
    expect(String(methods.get('软件版本'))).toMatch(/migrant-health-survey/);

    const csv = await get('csv&labels=codes');
    const records = parse(csv.text, { columns: true, bom: true }) as Record<string, string>[];
    expect(records).toHaveLength(rows.length);
    records.forEach((record, index) => {
      for (const name of numbers) expect(record[name] === '' ? null : Number(record[name])).toBe(rows[index]![name] ?? null);
    });
  });

  it('estimates: from/to keep the complete interviews received in the range, in the JSON and the XLSX methods sheet; bad dates are a 400', async () => {
    const range = 'from=2026-05-08&to=2026-05-12';
    const json = await request(app).get(`/api/estimates?${range}`).set('Authorization', `Bearer ${analyst}`);
    expect(json.status).toBe(200);
    const inRange = await modelsOf(connection).Response.countDocuments({
      status: 'complete',
      receivedAt: { $gte: new Date('2026-05-08T00:00:00Z'), $lt: new Date('2026-05-13T00:00:00Z') },
    });
    expect(inRange).toBeGreaterThan(0);
    expect(inRange).toBeLessThan(await modelsOf(connection).Response.countDocuments({ status: 'complete' }));
    expect(json.body.methods.n).toBe(inRange);
    expect(json.body.methods.filters).toMatch(/received 2026-05-08 to 2026-05-12/);
    const literacy = json.body.rows.find((row: { indicator: string; domain: unknown }) => row.indicator === 'literacy' && row.domain === null);
    expect(literacy.n).toBeLessThanOrEqual(inRange);

    const xlsx = await request(app).get(`/api/estimates?${range}&format=xlsx`).set('Authorization', `Bearer ${analyst}`).buffer(true).parse(binaryBody);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const methods = new Map<string, unknown>();
    workbook.getWorksheet('方法说明')!.eachRow((sheetRow) => methods.set(String(sheetRow.getCell(1).value), sheetRow.getCell(2).value));
    expect(String(methods.get('层数与调查点数'))).toContain(`${inRange} 份完成问卷`);
    expect(String(methods.get('调查日期范围'))).toMatch(/^2026-05-08 至 2026-05-12/);
    expect(String(methods.get('Date range'))).toMatch(/received 2026-05-08 to 2026-05-12/);

    const badDate = await request(app).get('/api/estimates?from=08/05/2026').set('Authorization', `Bearer ${analyst}`);
    expect(badDate.status).toBe(400);
    expect(badDate.body.code).toBe('invalid-query');
    expect(badDate.body.errors).toEqual([{ path: 'from', message: 'expected a date such as 2026-05-01' }]);
    const impossible = await request(app).get('/api/estimates?to=2026-02-30').set('Authorization', `Bearer ${analyst}`);
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors[0].path).toBe('to');
    const reversed = await request(app).get('/api/estimates?from=2026-05-12&to=2026-05-08').set('Authorization', `Bearer ${analyst}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([{ path: 'to', message: 'the end date is before the start date; swap from and to' }]);
  });

  it('estimates: an unknown indicator or breakdown is a 400 naming it; indicator= keeps only those asked for', async () => {
    const unknown = await request(app).get('/api/estimates?indicator=literacy,happiness').set('Authorization', `Bearer ${analyst}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/happiness/);
    const badBy = await request(app).get('/api/estimates?by=shoe-size').set('Authorization', `Bearer ${analyst}`);
    expect(badBy.status).toBe(400);
    expect(badBy.body.errors[0].path).toMatch(/^by/);
    const only = await request(app).get('/api/estimates?indicator=literacy,awareness').set('Authorization', `Bearer ${analyst}`);
    expect(new Set(only.body.rows.map((row: { indicator: string }) => row.indicator))).toEqual(new Set(['literacy', 'awareness']));
  });
});
