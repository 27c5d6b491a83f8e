import type { Writable } from 'node:stream';
import { answerCell, codebookOf, valueLabeller, type CodebookValue, type CodebookVariable, type Label } from '../../../analysis/exports/codebook';
import { divisionLabel } from '../../../analysis/domain/divisions';
import { inLanguage, type Language } from '../../../analysis/domain/label';
import type { LabelMode } from '../../../analysis/exports/estimates';
import { MODE_LABELS, RESPONSE_STATUS_LABELS } from '../../../analysis/domain/profile';
import { PROVINCES, REGION_LABELS, type Region } from '../../../analysis/domain/regions';
import { csvLine, UTF8_BOM } from '../../../analysis/exports/csv';
import { getInstrument } from '../instrumentVersions';
import { pacedWriter } from '../../http/download';
import { problem } from '../../../contracts/problems';
import { exportCursor, type StoredExportFields } from '../../queries/responses';
import { receivedWithin } from '../dateRange';
import { reviewOverlay } from '../reviewOverlay';
import { frameCountyNamer } from '../samplingFrame';
import type { ServerState } from '../../state';

export interface ResponseDataQuery {
  instrumentId: string;
  instrumentVersion?: number;
  /** Typed-in text answers (which may name people or places) only when asked for. */
  freeText: boolean;
  /** Interview dates (received), inclusive, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  /** Rejected interviews (review state) are left out unless this is true. */
  includeRejected?: boolean;
  /** The design weights of the complete interviews (dataFileWeights): base by site, final by response id under a scheme. */
  weights?: DataFileWeights;
  /** Codes as stored (the default, for software), or every coded value by its Chinese or English name, with the places named. */
  labels?: LabelMode;
}

export interface DataFileWeights {
  base: Map<string, number>;
  final: Map<string, number> | null;
}

interface StoredResponse extends StoredExportFields {
  /** Set while exporting: the interview's weights, when it is a complete interview the estimates use. */
  baseWeight?: number;
  finalWeight?: number;
}

/** A column of the data file that is not a question: design fields, paradata and derived scores. */
interface DerivedColumn extends CodebookVariable {
  read(response: StoredResponse): unknown;
}

const derived = (name: string, zh: string, en: string, type: string, read: (response: StoredResponse) => unknown, values: CodebookValue[] = []): DerivedColumn => ({
  name,
  label: { 'zh-cn': zh, en },
  type,
  multiple: false,
  freeText: false,
  values,
  read,
});

const codes = (labels: Record<string, Label>): CodebookValue[] => Object.entries(labels).map(([code, label]) => ({ code, label }));
const MODE_VALUES = codes(MODE_LABELS);
const STATUS_VALUES = codes(RESPONSE_STATUS_LABELS);

/**
 * Who answered is never exported (no interviewer account, no QR link id); the response id is the
 * device's random UUID, kept so a row can be traced back in the database by those allowed to.
 */
export const DERIVED_COLUMNS: readonly DerivedColumn[] = [
  derived('response_id', '问卷编号', 'Response id (random UUID)', 'text', (r) => r.id),
  derived('instrument_version', '问卷版本', 'Instrument version', 'number', (r) => r.instrumentVersion),
  derived('mode', '调查方式', 'Mode (capi: interviewer, cawi: self-completed via QR link)', 'code', (r) => r.mode, MODE_VALUES),
  derived('status', '完成状态', 'Status (complete, partial, refused, ineligible)', 'code', (r) => r.status, STATUS_VALUES),
  derived('stratum', '层（县区）', 'Stratum (county/district)', 'code', (r) => r.stratum),
  derived('site_code', '调查点（初级抽样单位）', 'Site (primary sampling unit)', 'code', (r) => r.siteCode),
  derived('psu', '初级抽样单位（调查点，嵌套于层）', 'Primary sampling unit (the site; nested in its stratum)', 'code', (r) => r.siteCode),
  derived('base_weight', '基础权重', 'Base weight of a complete interview: 1 / site selection probability × site migrant population / completes at the site in this file (empty for other statuses)', 'number', (r) => r.baseWeight),
  derived('province_code', '省代码', 'Province code (GB/T 2260)', 'code', (r) => r.provinceCode, PROVINCES.map((province) => ({ code: province.code, label: { 'zh-cn': province['zh-cn'], en: province.en } }))),
  derived('city_code', '市代码', 'City code (GB/T 2260)', 'code', (r) => r.cityCode),
  derived('county_code', '县区代码', 'County code (GB/T 2260)', 'code', (r) => r.countyCode),
  derived('region', '地区', 'Region (East, Central, West)', 'code', (r) => r.region, codes(REGION_LABELS)),
  derived('interview_date', '调查日期', 'Date received (UTC)', 'date', (r) => r.receivedAt.toISOString().slice(0, 10)),
  derived('duration_seconds', '访问时长（秒）', 'Interview length (seconds)', 'number', (r) => r.paradata?.durationSeconds),
  derived('locale', '作答语言', 'Language answered in', 'code', (r) => r.paradata?.locale),
  derived('age_group', '年龄组', 'Age group', 'code', (r) => r.scores?.profile.ageGroup),
  derived('awareness_correct', '知晓题答对数', 'Awareness questions answered right', 'number', (r) => r.scores?.awareness.correct),
  derived('awareness_asked', '知晓题数', 'Awareness questions asked', 'number', (r) => r.scores?.awareness.asked),
  derived('awareness_full', '全部知晓', 'All awareness questions right (1/0)', 'number', (r) => flag(r.scores?.awareness.full)),
  derived('literacy_score', '健康素养得分', 'Health literacy score', 'number', (r) => r.scores?.literacy.score),
  derived('literacy_full_marks', '健康素养满分', 'Health literacy full marks', 'number', (r) => r.scores?.literacy.fullMarks),
  derived('literate', '具备健康素养', 'Health literate: score ≥ 80% of full marks (1/0)', 'number', (r) => flag(r.scores?.literacy.literate)),
];

/** The place codes keep their codes in a labelled file: their names have columns of their own (placeNameColumns). */
const PLACE_CODES = new Set(['province_code', 'region']);

/** In a labelled file, after `region`: the names of the province, county (the frame's own name first) and region. */
function placeNameColumns(language: Language, countyName: (countyCode: string) => Label): DerivedColumn[] {
  return [
    derived('province_name', '省名称', 'Province name (GB/T 2260)', 'text', (r) => inLanguage(divisionLabel(r.provinceCode), language)),
    derived('county_name', '县区名称', "County name (the sampling frame's name where it gives one, else GB/T 2260)", 'text', (r) => inLanguage(countyName(r.countyCode), language)),
    derived('region_name', '地区名称', 'Region name', 'text', (r) => (r.region in REGION_LABELS ? inLanguage(REGION_LABELS[r.region as Region], language) : r.region)),
  ];
}

/** Only with a weighting scheme (weighting=<scheme id>): the calibrated, trimmed weight the estimates use. */
export const FINAL_WEIGHT_COLUMN: DerivedColumn = derived('final_weight', '最终权重（校准后）', 'Final weight: the base weight calibrated to the weighting scheme (and trimmed), as the estimates use it', 'number', (r) => r.finalWeight);

/**
 * The design, paradata and score columns of a data file: final_weight when it carries a scheme's weights, and
 * in a labelled file (labels=zh|en) the place names after `region`. Its codebook lists the same columns.
 */
export function dataFileColumns(mode: LabelMode, withFinalWeight: boolean, countyName: (countyCode: string) => Label = divisionLabel): readonly DerivedColumn[] {
  const columns = withFinalWeight ? [...DERIVED_COLUMNS, FINAL_WEIGHT_COLUMN] : DERIVED_COLUMNS;
  if (mode === 'codes') return columns;
  const region = columns.findIndex((column) => column.name === 'region') + 1;
  return [...columns.slice(0, region), ...placeNameColumns(mode, countyName), ...columns.slice(region)];
}

const flag = (value: boolean | undefined): number | undefined => (value === undefined ? undefined : value ? 1 : 0);

/** The instrument version to export, latest unless named; a clear 404 otherwise. */
export function instrumentFor(instrumentId: string, version?: number) {
  const instrument = getInstrument(instrumentId, version);
  if (!instrument) throw problem('unknown-instrument', { id: instrumentId, version });
  return instrument;
}

/** The question variables of the data file (free text only on request), in the instrument's order. */
export function questionVariables(instrumentId: string, version: number | undefined, freeText: boolean): CodebookVariable[] {
  return codebookOf(instrumentFor(instrumentId, version).json).filter((variable) => freeText || !variable.freeText);
}

/**
 * Streams the de-identified responses of one instrument version as CSV, one row per response, from one
 * unsorted cursor, each in its current version and without the rejected ones unless included; writes wait for the reader (backpressure), so memory stays flat however many rows.
 */
export async function writeResponseCsv(state: ServerState, query: ResponseDataQuery, output: Writable): Promise<number> {
  const instrument = instrumentFor(query.instrumentId, query.instrumentVersion);
  const variables = questionVariables(instrument.id, instrument.version, query.freeText);
  const filter = { instrumentId: instrument.id, instrumentVersion: instrument.version, ...receivedWithin(query) };
  const overlay = await reviewOverlay(state.connection);
  const write = pacedWriter(output);
  const table = await dataFileTable(state, query, variables);
  await write(UTF8_BOM + csvLine(table.header));
  let rows = 0;
  for await (const stored of exportCursor(state.connection, filter)) {
    if (!query.includeRejected && overlay.rejected.has(stored.id)) continue;
    const current = overlay.current.get(stored.id);
    const response: StoredResponse = current ? { ...stored, status: current.status, answers: current.answers, scores: current.scores } : { ...stored };
    if (response.status === 'complete' && response.scores) {
      response.baseWeight = query.weights?.base.get(response.siteCode);
      response.finalWeight = query.weights?.final?.get(response.id);
    }
    await write(csvLine(table.cells(response)));
    rows += 1;
  }
  return rows;
}

/**
 * The data file's header and row cells. The header is the codebook's variable names in every mode, so the same
 * scripts read any of them; `labels=zh|en` names each coded value (mode, status, every choice) in that
 * language and adds the place names after `region`, beside the place codes.
 */
async function dataFileTable(state: ServerState, query: ResponseDataQuery, variables: CodebookVariable[]): Promise<{ header: string[]; cells(response: StoredResponse): unknown[] }> {
  const mode = query.labels ?? 'codes';
  const derivedColumns = dataFileColumns(mode, Boolean(query.weights?.final), mode === 'codes' ? undefined : await frameCountyNamer(state));
  const named = (column: Pick<CodebookVariable, 'values'>) => (mode === 'codes' ? (cell: unknown) => cell : valueLabeller(column, mode));
  const derivedCells = derivedColumns.map((column) => ({ read: column.read, name: PLACE_CODES.has(column.name) ? named({ values: [] }) : named(column) }));
  const answerCells = variables.map((variable) => ({ variable, name: named(variable) }));
  return {
    header: [...derivedColumns.map((column) => column.name), ...variables.map((variable) => variable.name)],
    cells: (response) => {
      const answers = response.answers ?? {};
      return [...derivedCells.map(({ read, name }) => name(read(response))), ...answerCells.map(({ variable, name }) => name(answerCell(variable, answers[variable.name])))];
    },
  };
}
