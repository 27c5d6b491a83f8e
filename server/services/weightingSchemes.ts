/**
 * Weighting schemes: population margins uploaded as CSV (`variable,level,population`) over the variables
 * every response carries, and the method (post-stratification or raking) and trimming cap to use.
 * All or nothing: every bad row is reported with its line number and nothing is stored.
 */
import type { Label } from '../../analysis/domain/label';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { levelsOf as registryLevels } from '../../analysis/indicators/description';
import { BREAKDOWN_DEFINITIONS, BREAKDOWNS, type Breakdown } from '../../analysis/indicators/registry';
import type { PopulationTotals } from '../../analysis/stats/calibration';
import type { WeightingSpec } from '../../analysis/stats/scheme';
import type { FieldError } from '../../contracts/errors';
import type { SchemeInput } from '../../contracts/weighting';
import { problem } from '../../contracts/problems';
import { allSchemes, findStoredScheme, insertScheme, type StoredScheme } from '../queries/weightingSchemes';
import { fieldedInstruments } from './indicatorRegistry';
import { readCsvUpload } from './csvUpload';

const MARGIN_COLUMNS = ['variable', 'level', 'population'] as const;

export interface WeightingScheme extends WeightingSpec {
  id: string;
  name: string;
  createdBy: string;
  createdAt: Date;
}

/** The levels a margin of each variable may have; a regular expression where the list is open (counties). */
function levelsOf(variable: Breakdown): string[] | RegExp {
  if (BREAKDOWN_DEFINITIONS[variable].levels.kind === 'counties') return /^\d{6}$/;
  return registryLevels(variable, { instruments: fieldedInstruments(), counties: [] }).map((level) => level.code);
}

const levelHint = (levels: string[] | RegExp) => (levels instanceof RegExp ? 'a 6-digit GB/T 2260 county code such as 530102' : `one of ${levels.join(', ')}`);

/** Parses and checks the margins; throws a 400 listing every problem (with its line) when there is any. */
function parseMargins(csv: string, method: WeightingSpec['method']): PopulationTotals[] {
  const records = readCsvUpload(csv, { checkHeader, trim: true, empty: 'empty-margins' });
  const errors: FieldError[] = [];
  const margins = new Map<string, PopulationTotals>();
  const lineOf = new Map<string, number>();
  const levelsByVariable = new Map<Breakdown, string[] | RegExp>();
  for (const { record, line } of records) {
    const where = `line ${line}`;
    const variable = record.variable ?? '';
    if (!(BREAKDOWNS as readonly string[]).includes(variable)) {
      errors.push({ path: `${where}, variable`, message: `unknown variable "${variable}"; expected one of ${BREAKDOWNS.join(', ')}` });
      continue;
    }
    const levels = levelsByVariable.get(variable as Breakdown) ?? levelsOf(variable as Breakdown);
    levelsByVariable.set(variable as Breakdown, levels);
    const level = record.level ?? '';
    if (levels instanceof RegExp ? !levels.test(level) : !levels.includes(level)) {
      errors.push({ path: `${where}, level`, message: `unknown ${variable} level "${level}"; expected ${levelHint(levels)}` });
    }
    const population = Number(record.population);
    if (!/^\d+(\.\d+)?([eE][-+]?\d+)?$/.test(record.population ?? '') || !(population > 0)) {
      errors.push({ path: `${where}, population`, message: `population "${record.population ?? ''}" is not a number above 0` });
    }
    const key = `${variable}\u0000${level}`;
    const earlier = lineOf.get(key);
    if (earlier !== undefined) errors.push({ path: `${where}, level`, message: `${variable} = ${level} already appears on line ${earlier}` });
    lineOf.set(key, line);
    const margin = margins.get(variable) ?? { variable, totals: {} };
    margin.totals[level] = population;
    margins.set(variable, margin);
  }
  if (errors.length === 0) errors.push(...checkMargins([...margins.values()], method));
  if (errors.length > 0) {
    throw problem('invalid-margins', { count: errors.length }, errors);
  }
  return [...margins.values()];
}

function checkHeader(header: string[]): string[] {
  const names = header.map((name) => name.trim().toLowerCase());
  if (MARGIN_COLUMNS.some((column, i) => names[i] !== column) || names.length !== MARGIN_COLUMNS.length) {
    throw problem('invalid-margins-header', { header: header.join(','), expected: MARGIN_COLUMNS.join(',') });
  }
  return names;
}

const sumOf = (margin: PopulationTotals) => Object.values(margin.totals).reduce((a, b) => a + b, 0);

/** One variable to post-stratify; margins to rake must describe the same population (equal totals). */
function checkMargins(margins: PopulationTotals[], method: WeightingSpec['method']): FieldError[] {
  if (method === 'poststratify' && margins.length !== 1) {
    return [{ path: 'method', message: `post-stratification uses one variable but the CSV has ${margins.length} (${margins.map((m) => m.variable).join(', ')}); choose rake to weight on several margins` }];
  }
  const first = margins[0]!;
  return margins
    .slice(1)
    .filter((margin) => Math.abs(sumOf(margin) - sumOf(first)) > 1e-9 * sumOf(first))
    .map((margin) => ({ path: margin.variable, message: `the ${margin.variable} margin adds up to ${sumOf(margin)} but ${first.variable} to ${sumOf(first)}; raking needs margins of the same population` }));
}

function schemeOf(stored: StoredScheme): WeightingScheme {
  return {
    id: stored.id,
    name: stored.name,
    method: stored.method,
    trimCap: stored.trimCap ?? null,
    margins: stored.margins.map((margin) => ({ variable: margin.variable, totals: Object.fromEntries(margin.levels.map((l) => [l.level, l.population])) })),
    createdBy: stored.createdBy,
    createdAt: stored.createdAt,
  };
}

/** Checks the input and stores the scheme with one insert. */
export async function createScheme(connection: Connection, input: SchemeInput, createdBy: string): Promise<WeightingScheme> {
  const margins = parseMargins(input.csv, input.method);
  const id = randomUUID();
  const document = {
    _id: id,
    id,
    name: input.name,
    method: input.method,
    trimCap: input.trimCap,
    margins: margins.map((margin) => ({ variable: margin.variable, levels: Object.entries(margin.totals).map(([level, population]) => ({ level, population })) })),
    createdBy,
    createdAt: new Date(),
  };
  await insertScheme(connection, document);
  return schemeOf(document);
}

export async function listSchemes(connection: Connection): Promise<WeightingScheme[]> {
  const stored = await allSchemes(connection);
  return stored.map(schemeOf).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** The scheme a `weighting=<id>` names; a 400 when there is none. */
export async function findScheme(connection: Connection, id: string): Promise<WeightingScheme> {
  const stored = await findStoredScheme(connection, id);
  if (!stored) {
    throw problem('unknown-weighting', { id }, [{ path: 'weighting', message: 'unknown weighting scheme' }]);
  }
  return schemeOf(stored);
}

/** The scheme in a sentence, for the methods sheet. */
export function describeScheme(scheme: WeightingScheme, trimmed: number | null): Label {
  const margins = scheme.margins.map((margin) => `${margin.variable} (${Object.keys(margin.totals).length} levels)`).join(', ');
  const marginsZh = scheme.margins.map((margin) => `${margin.variable}（${Object.keys(margin.totals).length} 类）`).join('、');
  const how = scheme.method === 'poststratify' ? `post-stratified on ${margins}` : `raked on ${margins}`;
  const howZh = scheme.method === 'poststratify' ? `按 ${marginsZh} 事后分层` : `按 ${marginsZh} 迭代比例调整（raking）`;
  const trim = scheme.trimCap === null ? 'no trimming' : `trimmed at ${scheme.trimCap} × the mean weight${trimmed === null ? '' : ` (${trimmed} weights cut)`}`;
  const trimZh = scheme.trimCap === null ? '不截尾' : `权重截尾于平均权重的 ${scheme.trimCap} 倍${trimmed === null ? '' : `（截尾 ${trimmed} 个权重）`}`;
  return {
    'zh-cn': `加权方案“${scheme.name}”（编号 ${scheme.id}）：以抽样框的基础权重为起点，${howZh}，${trimZh}；方差用线性化法估计并计入校准（与 R survey 包一致）`,
    en: `scheme "${scheme.name}" (id ${scheme.id}): base weights from the frame, ${how}, ${trim}; variance by linearization taking the calibration into account, as R's survey package`,
  };
}
