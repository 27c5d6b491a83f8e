import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelsOf } from '../../server/models';
import { frameCountyNamer } from '../../server/services/samplingFrame';
import { createUser } from '../../server/services/users';
import { binaryBody, createInterviewer, SAMPLE_FRAME_CSV, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { queuedInterview } from '../helpers/fieldwork';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('sampling frame files: encodings, XLSX, preview and confirm, template and download', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let adminToken: string;
  const upload = (body: Buffer | string, query = '', type = 'text/csv') => request(api.app).post(`/api/sampling-points/import${query}`).set('Authorization', `Bearer ${adminToken}`).set('Content-Type', type).send(body);
  const siteNames = async () => (await modelsOf(api.connection).SamplingPoint.find({}).lean()).map((site) => site.siteName).sort();

  beforeAll(async () => {
    api = await startTestApi('frame_files');
    adminToken = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(() => api.drop());

  it('reads a GBK CSV (Excel on Chinese Windows) and a UTF-8 CSV with BOM into the same Chinese names', async () => {
    expect((await upload(iconv.encode(SAMPLE_FRAME_CSV, 'gbk'))).body).toMatchObject({ created: 3 });
    expect(await siteNames()).toEqual(['五华区篆新农贸市场', '五华区红云社区', '金水区富士康园区'].sort());
    expect((await upload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE_FRAME_CSV)]))).body).toMatchObject({ unchanged: 3 });
    expect((await upload(iconv.encode(SAMPLE_FRAME_CSV, 'gb18030'))).body).toMatchObject({ unchanged: 3 });
  });

  it('refuses a file it cannot read (not UTF-8 nor GBK, old .xls) with a clear error, storing nothing', async () => {
    const before = await siteNames();
    const latin1 = await upload(Buffer.concat([Buffer.from(SAMPLE_FRAME_CSV.split('\n')[0]! + '\n'), Buffer.from([0x61, 0xe9, 0x2c, 0xff, 0xfe, 0x0a])]));
    expect(latin1.status).toBe(400);
    expect(latin1.body).toMatchObject({ code: 'unreadable-encoding', message: expect.stringContaining('UTF-8') });
    const xls = await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), '', 'application/vnd.ms-excel');
    expect(xls.body.code).toBe('old-excel-format');
    expect((await upload(Buffer.from('PK\u0003\u0004garbage'), '', XLSX)).body.code).toBe('invalid-xlsx');
    expect(await siteNames()).toEqual(before);
  });

  it('previews an XLSX: new sites, changed sites field by field (a population change of a site with interviews flagged), unchanged ones; nothing stored; confirm applies it', async () => {
    const interviewer = await createInterviewer(api.app, adminToken, 'li.ming', ['KM-01', 'KM-02']);
    expect((await request(api.app).post('/api/responses').set('Authorization', `Bearer ${interviewer}`).send(queuedInterview('frame', 0).submission)).status).toBe(201);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('frame');
    const [header, ...rows] = SAMPLE_FRAME_CSV.split('\n').map((line) => line.split(','));
    sheet.addRow(header!);
    const typed = (row: string[]) => row.map((cell, index) => (index >= 7 ? Number(cell) : cell));
    sheet.addRow(typed(rows[0]!.map((cell, index) => (index === 7 ? '1500' : cell))));
    sheet.addRow(typed(rows[1]!.map((cell, index) => (index === 2 ? '五华区篆新市场' : cell))));
    sheet.addRow(typed(rows[2]!));
    sheet.addRow(typed(['530103', 'KM-03', '盘龙区拓东社区', 'community', '53', '5301', '530103', '900', '0.3', '20']));
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const preview = await upload(xlsx, '?preview=true', XLSX);
    expect(preview.status).toBe(200);
    expect(preview.body.created.map((site: { siteCode: string }) => site.siteCode)).toEqual(['KM-03']);
    expect(preview.body.created[0].countyName).toBe('盘龙区');
    expect(preview.body.unchanged).toEqual(['ZZ-01']);
    const km01 = preview.body.changed.find((site: { siteCode: string }) => site.siteCode === 'KM-01');
    expect(km01).toMatchObject({ changes: [{ field: 'migrantPopulation', before: 1200, after: 1500 }], changesWeights: true });
    expect(km01.interviews).toBeGreaterThan(0);
    expect(preview.body.changed.find((site: { siteCode: string }) => site.siteCode === 'KM-02')).toMatchObject({ changes: [{ field: 'siteName', before: '五华区篆新农贸市场', after: '五华区篆新市场' }], changesWeights: false });
    expect(await modelsOf(api.connection).SamplingPoint.countDocuments()).toBe(3);
    const applied = await upload(xlsx, `?confirm=${preview.body.fingerprint}`, XLSX);
    expect(applied.body).toMatchObject({ created: 1, updated: 2, unchanged: 1 });
    expect((await modelsOf(api.connection).SamplingPoint.findOne({ siteCode: 'KM-01' }).lean())?.migrantPopulation).toBe(1500);
    const audit = await modelsOf(api.connection).AuditEntry.findOne({ action: 'frame.imported' }).sort({ at: -1 }).lean();
    expect(audit).toMatchObject({ actor: 'admin', before: { changed: expect.arrayContaining([{ siteCode: 'KM-01', migrantPopulation: 1200 }]) }, after: { created: ['KM-03'] } });
  });

  it('refuses to confirm a preview the frame no longer matches (409, nothing written)', async () => {
    const changed = SAMPLE_FRAME_CSV.replace('1200,0.25', '1300,0.25');
    const preview = await upload(changed, '?preview=true');
    await upload(SAMPLE_FRAME_CSV.replace('1200,0.25', '1250,0.25'));
    const stale = await upload(changed, `?confirm=${preview.body.fingerprint}`);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('frame-changed-since-preview');
    expect((await modelsOf(api.connection).SamplingPoint.findOne({ siteCode: 'KM-01' }).lean())?.migrantPopulation).toBe(1250);
  });

  it('a bad row in a preview is named by line, and nothing is stored', async () => {
    const bad = await upload(`${SAMPLE_FRAME_CSV}\n530102,KM-09,,market,53,5301,530102,-5,0.2,20`, '?preview=true');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(['line 5, site_name', 'line 5, migrant_population']);
  });

  it('downloads the template (header, an example row, a Chinese note per column) and the current frame, which imports back unchanged', async () => {
    const template = await request(api.app).get('/api/sampling-points/template.xlsx').set('Authorization', `Bearer ${adminToken}`).buffer(true).parse(binaryBody);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('stratum');
    expect(String(sheet.getRow(1).getCell(2).note)).toContain('调查点编码');
    expect(sheet.getRow(2).getCell(3).value).toBe('五华区红云社区');
    const frame = await request(api.app).get('/api/sampling-points/frame.xlsx').set('Authorization', `Bearer ${adminToken}`).buffer(true).parse(binaryBody);
    const again = await upload(frame.body as Buffer, '?preview=true', XLSX);
    expect(again.body).toMatchObject({ created: [], changed: [] });
    expect(again.body.unchanged).toHaveLength(4);
  });

  it('an optional county_name column overrides the GB/T 2260 name: previewed, stored, listed with the province and city, downloaded, and cleared when left empty', async () => {
    const header = `${SAMPLE_FRAME_CSV.split('\n')[0]},county_name`;
    const zz01 = (name: string) => iconv.encode(`${header}\n410105,ZZ-01,金水区富士康园区,enterprise,41,4101,410105,5000,0.5,30,${name}`, 'gbk');
    const preview = await upload(zz01('郑东新区'), '?preview=true');
    expect(preview.body.changed).toEqual([expect.objectContaining({ siteCode: 'ZZ-01', changes: [{ field: 'countyName', before: null, after: '郑东新区' }], changesWeights: false })]);
    expect((await upload(zz01('郑东新区'), `?confirm=${preview.body.fingerprint}`)).body).toMatchObject({ updated: 1 });
    const sites = (await request(api.app).get('/api/sampling-points').set('Authorization', `Bearer ${adminToken}`)).body as { siteCode: string }[];
    expect(sites.find((site) => site.siteCode === 'ZZ-01')).toMatchObject({ provinceName: '河南', cityName: '郑州市', countyCode: '410105', countyName: '郑东新区' });
    expect(sites.find((site) => site.siteCode === 'KM-01')).toMatchObject({ provinceName: '云南', cityName: '昆明市', countyName: '五华区' });
    const name = await frameCountyNamer(api.state);
    expect([name('410105')['zh-cn'], name('530102')['zh-cn']]).toEqual(['郑东新区', '五华区']);
    // The registry names the county levels of estimates, compliance and the fieldwork monitor by it too.
    expect(JSON.stringify((await request(api.app).get('/api/indicators').set('Authorization', `Bearer ${adminToken}`)).body)).toContain('郑东新区');
    const frame = await request(api.app).get('/api/sampling-points/frame.xlsx').set('Authorization', `Bearer ${adminToken}`).buffer(true).parse(binaryBody);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(frame.body as unknown as ArrayBuffer);
    const names = workbook.worksheets[0]!.getColumn(11).values.slice(1);
    expect(names).toEqual(['county_name', '五华区', '五华区', '盘龙区', '郑东新区']);
    expect((await upload(frame.body as Buffer, '?preview=true', XLSX)).body.changed).toEqual([]);
    expect((await upload(zz01('郑东新区'), '?preview=true')).body.unchanged).toEqual(['ZZ-01']);
    expect((await upload(zz01(''))).body).toMatchObject({ updated: 1 });
    expect((await modelsOf(api.connection).SamplingPoint.findOne({ siteCode: 'ZZ-01' }).lean())?.countyName).toBeNull();
  });

  it('401 anonymous, 403 for interviewers and analysts', async () => {
    await createUser(api.connection, { username: 'zhao.analyst', password: 'analyst-password', role: 'analyst' });
    const analyst = await signIn(api.app, 'zhao.analyst', 'analyst-password');
    const interviewer = await signIn(api.app, 'li.ming', 'interviewer-password');
    for (const [method, path] of [
      ['post', '/api/sampling-points/import?preview=true'],
      ['get', '/api/sampling-points/template.xlsx'],
      ['get', '/api/sampling-points/frame.xlsx'],
    ] as const) {
      expect((await request(api.app)[method](path)).status).toBe(401);
      expect((await request(api.app)[method](path).set('Authorization', `Bearer ${analyst}`)).status).toBe(403);
      expect((await request(api.app)[method](path).set('Authorization', `Bearer ${interviewer}`)).status).toBe(403);
    }
  });
});
