import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Connection } from 'mongoose';
import { divisionLabel } from '../../analysis/domain/divisions';
import { problem } from '../../contracts/problems';
import type { FrameImportResult, FramePreview } from '../../contracts/samplingPoints';
import { allSamplingPoints, samplingPointsWithCodes } from '../queries/samplingPoints';
import { responseCounts } from './analysisStore';
import { recordAudit } from './audit';
import { applySamplingFrame, changedFields, checkFrameRecords, FRAME_COLUMNS, FRAME_TABLE, siteOf, type FrameRow, type SiteFields } from './samplingFrame';
import { readTableUpload } from './tableUpload';
import type { ServerState } from '../state';

/** The frame in a file as people save it (XLSX, or CSV in UTF-8 or GBK), checked row by row. */
export async function readSamplingFrame(bytes: Buffer) {
  return checkFrameRecords(await readTableUpload(bytes, FRAME_TABLE));
}

/** These two fields make a site's design weight: changing them re-weights every interview already there. */
const WEIGHT_FIELDS: (keyof SiteFields)[] = ['migrantPopulation', 'selectionProbability'];

export interface FieldChange {
  field: keyof SiteFields;
  before: unknown;
  after: unknown;
}


/** What importing these rows would do, site by site and field by field; nothing is written. */
export async function previewSamplingFrame(state: ServerState, rows: FrameRow[]): Promise<FramePreview> {
  const sites = rows.map(siteOf);
  const [storedSites, siteCounts] = await Promise.all([samplingPointsWithCodes(state.connection, sites.map((site) => site.siteCode)), responseCounts(state, 'site')]);
  const stored = new Map(storedSites.map((site) => [site.siteCode, site]));
  const interviews = new Map([...siteCounts].map(([siteCode, counts]) => [siteCode, Object.values(counts).reduce((total, n) => total + n, 0)]));
  const preview: Omit<FramePreview, 'fingerprint'> = { created: [], changed: [], unchanged: [] };
  for (const site of sites) {
    const before = stored.get(site.siteCode);
    const fields = before ? changedFields(before, site) : [];
    if (!before) preview.created.push({ ...site, countyName: divisionLabel(site.countyCode, site.countyName)['zh-cn'] });
    else if (fields.length === 0) preview.unchanged.push(site.siteCode);
    else {
      const changes = fields.map((field) => ({ field, before: before[field] ?? null, after: site[field] }));
      const count = interviews.get(site.siteCode) ?? 0;
      preview.changed.push({ siteCode: site.siteCode, siteName: site.siteName, changes, interviews: count, changesWeights: count > 0 && changes.some((change) => WEIGHT_FIELDS.includes(change.field)) });
    }
  }
  const touched = sites.map((site) => stored.get(site.siteCode)).map((site) => (site ? siteOf(rowOf(site)) : null));
  return { ...preview, fingerprint: createHash('sha256').update(JSON.stringify([sites, touched])).digest('hex').slice(0, 32) };
}

/** A stored site back in the shape of a file row (so stored and uploaded compare field for field). */
function rowOf(site: SiteFields): FrameRow {
  return {
    stratum: site.stratum,
    site_code: site.siteCode,
    site_name: site.siteName,
    site_type: site.siteType,
    province_code: site.provinceCode,
    city_code: site.cityCode,
    county_code: site.countyCode,
    migrant_population: site.migrantPopulation,
    selection_probability: site.selectionProbability,
    planned_interviews: site.plannedInterviews,
    county_name: divisionLabel(site.countyCode, site.countyName)['zh-cn'],
  };
}

/**
 * Applies the rows, but only if the preview the manager confirmed (its fingerprint) still describes what
 * would happen: a frame changed in between (another import) is a 409, and nothing is written.
 */
export async function importPreviewedFrame(state: ServerState, rows: FrameRow[], confirm: string | undefined, actor: string): Promise<FrameImportResult> {
  const preview = await previewSamplingFrame(state, rows);
  if (confirm !== undefined && confirm !== preview.fingerprint) {
    throw problem('frame-changed-since-preview');
  }
  const result = await applySamplingFrame(state, rows);
  if (preview.created.length + preview.changed.length > 0) {
    await recordAudit(state.connection, {
      actor,
      action: 'frame.imported',
      target: `${rows.length} sites`,
      before: { changed: preview.changed.map(({ siteCode, changes }) => ({ siteCode, ...Object.fromEntries(changes.map((change) => [change.field, change.before])) })) },
      after: { created: preview.created.map((site) => site.siteCode), changed: preview.changed.map(({ siteCode, changes }) => ({ siteCode, ...Object.fromEntries(changes.map((change) => [change.field, change.after])) })) },
    });
  }
  return result;
}

/** The import's columns and, last, the optional county name (what a downloaded frame holds). */
const FILE_COLUMNS = [...FRAME_COLUMNS, 'county_name'] as const;

/** What each column holds, for the template's notes (Chinese, as the manager reads it). */
const COLUMN_NOTES: Record<(typeof FILE_COLUMNS)[number], string> = {
  stratum: '抽样层（通常为县区代码）。同一层的调查点属于同一县区。',
  site_code: '调查点编码：字母、数字、点、横线或下划线，最多 40 个字符；每行唯一。再次导入同一编码会更新该调查点。',
  site_name: '调查点名称，会印在海报和手机页面上，例如“五华区红云社区”。',
  site_type: '调查点类型：community（社区）、enterprise（企业）、market（市场）、construction-site（工地）、health-house（健康小屋）、village（村）、other（其他）。',
  province_code: '省级行政区划代码（GB/T 2260，2 位），例如 53（云南省）。',
  city_code: '地市代码（4 位），须以省代码开头，例如 5301（昆明市）。',
  county_code: '县区代码（6 位），须以地市代码开头，例如 530102（五华区）。',
  migrant_population: '该调查点的流动人口数（整数，大于 0），用于计算权重。',
  selection_probability: '该调查点的入样概率（大于 0，不超过 1），用于计算权重。已有访问的调查点修改此值会改变其权重。',
  planned_interviews: '计划完成的访问数（整数，大于 0）。',
  county_name: '县区名称（可不填）：不填时按 GB/T 2260 代码显示（如 530102 为五华区）；填写的名称与代码表不同时（新设或更名的区县），以填写的为准，印在海报和各类报表上。',
};
const EXAMPLE_ROW = ['530102', 'KM-01', '五华区红云社区', 'community', '53', '5301', '530102', 1200, 0.25, 20];

async function writeFrameWorkbook(output: Writable, rows: (string | number)[][], withNotes: boolean): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('抽样框');
  sheet.columns = FILE_COLUMNS.map((key) => ({ header: key, key, width: key === 'site_name' ? 28 : 16 }));
  sheet.getRow(1).font = { bold: true };
  if (withNotes) FILE_COLUMNS.forEach((column, index) => (sheet.getRow(1).getCell(index + 1).note = COLUMN_NOTES[column]));
  for (const row of rows) sheet.addRow(row);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  await workbook.xlsx.write(output);
}

/** The template: the header, one example row and a note on every column. */
export function writeFrameTemplate(output: Writable): Promise<void> {
  return writeFrameWorkbook(output, [[...EXAMPLE_ROW, divisionLabel('530102')['zh-cn']]], true);
}

/** The frame as stored, in the import's own columns (so it can be edited and imported again), with county names. */
export async function writeCurrentFrame(connection: Connection, output: Writable): Promise<void> {
  const sites = (await allSamplingPoints(connection)).sort((a, b) => a.siteCode.localeCompare(b.siteCode));
  const rows = sites.map((site) => Object.values(rowOf(site)) as (string | number)[]);
  await writeFrameWorkbook(output, rows, false);
}
