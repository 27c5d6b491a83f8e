import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONSE_STATUS_LABELS, RESPONSE_STATUSES } from '../../analysis/domain/profile';
import { INDICATOR_FAMILY_LABELS } from '../../analysis/indicators/families';
import { binaryBody, signIn, startTestApi, TEST_ADMIN_PASSWORD } from '../helpers/api';
import { seedEstimationData } from '../helpers/estimationData';
import { convertToPdf } from '../helpers/office';

/** One part of the document as Word stores it (the charts' titles are in it, not in the PDF's text). */
function partOf(docx: Buffer, part: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'report-'));
  try {
    writeFileSync(join(directory, 'report.docx'), docx);
    return execFileSync('unzip', ['-p', join(directory, 'report.docx'), part], { encoding: 'utf8' });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

let api: Awaited<ReturnType<typeof startTestApi>>;
let token: string;

beforeAll(async () => {
  api = await startTestApi('evaluation-report');
  await seedEstimationData(api.connection, { seedPrefix: 'report-', interviewsAt: (k) => 8 + (k % 4), statusOf: (i) => (i === 0 ? 'refused' : 'complete'), receivedAt: new Date() });
  token = await signIn(api.app, 'admin', TEST_ADMIN_PASSWORD);
}, 120_000);

afterAll(async () => {
  await api?.drop();
});

describe('GET /api/reports/evaluation.docx', () => {
  it('is a Word document LibreOffice opens: Chinese throughout, findings against the targets, tables, three charts, compliance, methods', async () => {
    const response = await request(api.app).get('/api/reports/evaluation.docx').set('Authorization', `Bearer ${token}`).buffer(true).parse(binaryBody);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/wordprocessingml/);
    expect(response.headers['content-disposition']).toMatch(/evaluation-report-.*\.docx/);
    const estimates = (await request(api.app).get('/api/estimates?by=region&indicator=literacy').set('Authorization', `Bearer ${token}`)).body.rows as { domain: unknown; estimate: number }[];
    // The charts are titled with their families' names, as the console's are (client/analyst/IndicatorsView.tsx).
    const documentXml = partOf(response.body as Buffer, 'word/document.xml');
    for (const family of ['awareness-service', 'satisfaction-aspect'] as const) expect(documentXml).toContain(`title="${INDICATOR_FAMILY_LABELS[family]['zh-cn']}"`);
    const pdf = convertToPdf(response.body as Buffer, 'docx');
    try {
      expect(pdf.pages).toBeGreaterThanOrEqual(4);
      const all = pdf.pageTexts.join('\n').replace(/[ \t]+/g, ' ');
      for (const words of ['评估调查报告', '一、主要发现', '二、分地区指标', '三、分县（区）指标', '四、县（区）达标情况', '五、数据与方法', '设计效应', '应答率', '如何阅读置信区间', '谨慎解读']) expect(all, words).toContain(words);
      // The outcomes are named as everywhere else (RESPONSE_STATUS_LABELS), not with a word of the report's own.
      for (const status of RESPONSE_STATUSES) expect(all, status).toContain(RESPONSE_STATUS_LABELS[status]['zh-cn']);
      expect(all).not.toContain('不合格');
      const literacy = estimates.find((row) => row.domain === null)!;
      expect(all).toContain(`健康素养水平为 ${(literacy.estimate * 100).toFixed(1)}%`);
      expect(all).toMatch(/3 ?个县（区）中，\d ?个县（区）的健康素养水平达到或超过评估标准/);
      expect(all).not.toMatch(/\?\?\?|\uFFFD|□/);
      expect(execFileSync('pdffonts', [pdf.file], { encoding: 'utf8' })).toMatch(/NotoSansCJK/);
      const images = execFileSync('pdfimages', ['-list', pdf.file], { encoding: 'utf8' }).trim().split('\n').slice(2);
      expect(images.length).toBeGreaterThanOrEqual(3);
    } finally {
      pdf.dispose();
    }
  }, 180_000);

  it('takes the estimates’ filters: a bad one is a 400 naming it; interviewers get 403', async () => {
    const bad = await request(api.app).get('/api/reports/evaluation.docx?lonelyPsu=sometimes').set('Authorization', `Bearer ${token}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('lonelyPsu');
    expect((await request(api.app).get('/api/reports/evaluation.docx')).status).toBe(401);
  });
});
