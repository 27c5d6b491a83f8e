import { z } from 'zod';
import { countyNameOverride, countyNamer, placeNamesOf } from '../../analysis/domain/divisions';
import type { Label } from '../../analysis/domain/label';
import { provinceOf, regionOf } from '../../analysis/domain/regions';
import { SITE_TYPES, type FrameImportResult, type SiteProgress } from '../../contracts/samplingPoints';
import { problem } from '../../contracts/problems';
import { noCounts } from '../../analysis/indicators/analysisRows';
import { DEFAULT_INSTRUMENT } from '../../surveys/catalog';
import { allSamplingPoints, findSamplingPoint, insertSamplingPoints, updateSamplingPoint, type SiteFields, type SamplingPointDocument } from '../queries/samplingPoints';
import { readCsvUpload, validateRows, type CsvRow } from './csvUpload';
import { responseCounts } from './analysisStore';
import { withOperationLock } from './operationLocks';
import type { ServerState } from '../state';

export const FRAME_COLUMNS = [
  'stratum',
  'site_code',
  'site_name',
  'site_type',
  'province_code',
  'city_code',
  'county_code',
  'migrant_population',
  'selection_probability',
  'planned_interviews',
] as const;

const number = (what: string) => z.string().trim().regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, `expected ${what}`).transform(Number);

const frameRowSchema = z
  .object({
    stratum: z.string().trim().min(1, 'stratum is empty'),
    site_code: z.string().trim().regex(/^[\w.-]{1,40}$/, 'expected a site code of letters, digits, dots, dashes or underscores'),
    site_name: z.string().trim().min(1, 'site_name is empty'),
    site_type: z.enum(SITE_TYPES, { message: `expected one of ${SITE_TYPES.join(', ')}` }),
    province_code: z.string().trim().refine((code) => /^\d{2}$/.test(code) && provinceOf(code) !== undefined, 'expected a GB/T 2260 province code such as 53'),
    city_code: z.string().trim().regex(/^\d{4}$/, 'expected a 4-digit GB/T 2260 city code such as 5301'),
    county_code: z.string().trim().regex(/^\d{6}$/, 'expected a 6-digit GB/T 2260 county code such as 530102'),
    migrant_population: number('a whole number of migrants').pipe(z.number().int('expected a whole number').positive('expected more than 0')),
    selection_probability: number('a probability').pipe(z.number().gt(0, 'expected more than 0').lte(1, 'expected at most 1')),
    planned_interviews: number('a whole number of interviews').pipe(z.number().int('expected a whole number').positive('expected more than 0')),
    /** Optional: the county's name where the frame's differs from GB/T 2260's (a renamed or new district). */
    county_name: z.string().trim().max(40, 'expected a county name of at most 40 characters').optional(),
  })
  .superRefine((row, context) => {
    if (!row.city_code.startsWith(row.province_code)) context.addIssue({ code: 'custom', path: ['city_code'], message: `city ${row.city_code} is not in province ${row.province_code}` });
    if (!row.county_code.startsWith(row.city_code)) context.addIssue({ code: 'custom', path: ['county_code'], message: `county ${row.county_code} is not in city ${row.city_code}` });
  });

export type FrameRow = z.infer<typeof frameRowSchema>;

/**
 * Imports the sampling frame from CSV: every bad row is reported with its line number (nothing is
 * written then), so the person fixing the spreadsheet sees every problem at once.
 */
export async function importSamplingFrame(state: ServerState, csv: string): Promise<FrameImportResult> {
  return applySamplingFrame(state, parseSamplingFrame(csv));
}

/** Writes per database command: a frame of thousands of sites never becomes one long write. */
const FRAME_WRITE_CHUNK = 50;
const FRAME_IMPORT_LOCK = 'sampling-frame-import';

/**
 * Applies checked frame rows: new site codes are inserted, changed sites updated by site code, identical
 * ones left alone. Without transactions this cannot be all-or-nothing, so it is idempotent and resumable
 * instead: a run cut short (database down, process killed) is completed by importing the same rows again,
 * which writes only what is still missing or different. Writes go in short commands (inserts in chunks,
 * updates one by one) so no request holds the database for long; one import runs at a time across all
 * server processes, a concurrent one gets 409 `frame-import-in-progress`.
 */
export async function applySamplingFrame(state: ServerState, rows: FrameRow[]): Promise<FrameImportResult> {
  const busy = () => problem('frame-import-in-progress');
  return withOperationLock(state.connection, FRAME_IMPORT_LOCK, async (lock) => {
    const stored = new Map((await allSamplingPoints(state.connection)).map((site) => [site.siteCode, site]));
    const sites = rows.map(siteOf);
    const toCreate = sites.filter((site) => !stored.has(site.siteCode));
    const toUpdate = sites.filter((site) => stored.has(site.siteCode) && !sameSite(stored.get(site.siteCode)!, site));
    let applied = 0;
    try {
      for (let start = 0; start < toCreate.length; start += FRAME_WRITE_CHUNK) {
        await insertSamplingPoints(state.connection, toCreate.slice(start, start + FRAME_WRITE_CHUNK));
        applied += Math.min(FRAME_WRITE_CHUNK, toCreate.length - start);
        await lock.renew();
      }
      for (const site of toUpdate) {
        await updateSamplingPoint(state.connection, site);
        applied += 1;
        if (applied % FRAME_WRITE_CHUNK === 0) await lock.renew();
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw problem('frame-import-interrupted', { applied, total: toCreate.length + toUpdate.length, detail: reason });
    } finally {
      forgetSamplingFrame(state);
    }
    return { imported: rows.length, created: toCreate.length, updated: toUpdate.length, unchanged: rows.length - toCreate.length - toUpdate.length };
  }, busy);
}

export type { SiteFields };

export function siteOf(row: FrameRow): SiteFields {
  const region = regionOf(row.province_code);
  if (!region) throw new Error(`province ${row.province_code} passed the frame check without a region`);
  return {
    siteCode: row.site_code,
    stratum: row.stratum,
    siteName: row.site_name,
    siteType: row.site_type,
    provinceCode: row.province_code,
    cityCode: row.city_code,
    countyCode: row.county_code,
    countyName: countyNameOverride(row.county_code, row.county_name),
    region,
    migrantPopulation: row.migrant_population,
    selectionProbability: row.selection_probability,
    plannedInterviews: row.planned_interviews,
  };
}

/** The fields in which a stored site differs from the wanted one (a field a site stored before it existed reads as null). */
export function changedFields(stored: SiteFields, wanted: SiteFields): (keyof SiteFields)[] {
  return (Object.keys(wanted) as (keyof SiteFields)[]).filter((field) => (stored[field] ?? null) !== (wanted[field] ?? null));
}

export function sameSite(stored: SiteFields, wanted: SiteFields): boolean {
  return changedFields(stored, wanted).length === 0;
}

/**
 * Names of county codes as this deployment's frame has them (its own county names first, else GB/T 2260),
 * for anything that carries only a code: responses, exports, estimates by county.
 */
export async function frameCountyNamer(state: ServerState): Promise<(countyCode: string) => Label> {
  return countyNamer(await samplingFrameOf(state));
}

/** The frame changes by import only; every response copies its site's design fields, so they are kept at hand (ServerState). */
export const FRAME_CACHE_SECONDS = 60;

/**
 * Every sampling point, as the frame (at most a minute old; at once after an import through this server)
 * has it: what site lists, fieldwork, base weights and county names read, instead of a collection read per
 * request (600 sites took ~0.8 s on the embedded database under load).
 */
export async function samplingFrameOf(state: ServerState): Promise<SamplingPointDocument[]> {
  return (await state.samplingFrame.read('frame', () => allSamplingPoints(state.connection))) ?? [];
}

/** After any write to the sampling points: this server reads the frame again at once. */
export function forgetSamplingFrame(state: ServerState): void {
  state.samplingPoints.forget();
  state.samplingFrame.forget();
}

/** The sampling point with this site code, as the frame (at most a minute old) has it. */
export function samplingPointOf(state: ServerState, siteCode: string): Promise<SamplingPointDocument | undefined> {
  return state.samplingPoints.read(siteCode, () => findSamplingPoint(state.connection, siteCode));
}

/** The frame's rows, checked; a 400 listing every bad row by line when any is bad. */
export function parseSamplingFrame(csv: string): FrameRow[] {
  return checkFrameRecords(readCsvUpload(csv, FRAME_TABLE));
}

/** How a frame file is read: its header checked, an empty file refused. */
export const FRAME_TABLE = { checkHeader, trim: false, empty: 'empty-frame' as const };

export function checkFrameRecords(records: CsvRow[]): FrameRow[] {
  const { rows, errors } = validateRows(records, frameRowSchema, 'site_code', (row) => row.site_code);
  if (errors.length > 0) throw problem('invalid-frame', { count: errors.length }, errors);
  return rows.map(({ line: _line, ...row }) => row);
}

function checkHeader(header: string[]): string[] {
  const names = header.map((name) => name.trim());
  const missing = FRAME_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw problem('invalid-frame-header', { missing: missing.join(', '), expected: FRAME_COLUMNS.join(',') });
  }
  return names;
}

/** Sampling points (optionally only some) with fieldwork counts by status, from the in-memory analysis rows. */
export async function samplingPointsWithProgress(state: ServerState, onlySiteCodes?: string[]): Promise<SiteProgress[]> {
  const only = onlySiteCodes && new Set(onlySiteCodes);
  const [frame, counts] = await Promise.all([samplingFrameOf(state), responseCounts(state, 'site', DEFAULT_INSTRUMENT)]);
  const points = only ? frame.filter((point) => only.has(point.siteCode)) : frame;
  return points
    .map((point) => ({
      siteCode: point.siteCode,
      siteName: point.siteName,
      siteType: point.siteType,
      stratum: point.stratum,
      provinceCode: point.provinceCode,
      cityCode: point.cityCode,
      countyCode: point.countyCode,
      ...placeNamesOf(point),
      region: point.region,
      migrantPopulation: point.migrantPopulation,
      selectionProbability: point.selectionProbability,
      plannedInterviews: point.plannedInterviews,
      counts: counts.get(point.siteCode) ?? noCounts(),
    }))
    .sort((a, b) => a.siteCode.localeCompare(b.siteCode));
}
