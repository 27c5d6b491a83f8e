/**
 * Indicator estimates from the in-memory analysis rows (./analysisStore.ts), never a scan per request.
 * Base or no weights: per-PSU sums of the selected rows (analysis/indicators/psuSums.ts). A weighting
 * scheme (calibration to uploaded margins): the selected rows as columns (analysis/indicators/columns.ts)
 * and the engine's calibration and estimators over them.
 * Used by `analyze indicators`, GET /api/estimates and GET /api/weighting/summary.
 */
import { z } from 'zod';
import type { AnalysisRows } from '../../analysis/indicators/analysisRows';
import type { IndicatorColumns } from '../../analysis/indicators/columns';
import { measurementGaps, measuringVersions, withNotMeasured, type MeasurementGap } from '../../analysis/indicators/measurement';
import { methodsText } from '../../analysis/indicators/methods';
import type { IndicatorEstimate } from '../../analysis/indicators/psuSums';
import { BREAKDOWNS, type Breakdown } from '../../analysis/indicators/registry';
import { baseWeight, CalibrationError } from '../../analysis/stats/calibration';
import { createDesign, DEFAULT_LONELY_PSU, interviewCount, LONELY_PSU_OPTIONS } from '../../analysis/stats/design';
import { LonelyPsuError } from '../../analysis/stats/variance';
import { divisionLabel } from '../../analysis/domain/divisions';
import { applyScheme, type WeightedDesign } from '../../analysis/stats/scheme';
import { weightDistribution, type WeightDistribution } from '../../analysis/stats/weights';
import { MODES } from '../../analysis/domain/profile';
import { REGIONS } from '../../analysis/domain/regions';
import type { FieldError } from '../../contracts/errors';
import { problem } from '../../contracts/problems';
import { fieldedVersions, measuringInstrument } from './instrumentVersions';
import type { DateRange } from '../../contracts/dateRange';
import { receivedWithin } from './dateRange';
import { samplingFrameOf } from './samplingFrame';
import { findScheme, type WeightingScheme } from './weightingSchemes';
import { DEFAULT_INSTRUMENT } from '../../surveys/catalog';
import type { ServerState } from '../state';

/** The questionnaire an estimate is of when the request names none: the main survey. */

export const estimateRequestSchema = z.object({
  by: z.array(z.enum(BREAKDOWNS)).default([]),
  filters: z
    .object({
      /** One questionnaire's interviews only: surveys are never pooled into each other's estimates (README, "Several questionnaires"). */
      instrumentId: z.string().min(1).default(DEFAULT_INSTRUMENT),
      instrumentVersion: z.number().int().positive().optional(),
      region: z.enum(REGIONS).optional(),
      provinceCode: z.string().min(1).optional(),
      stratum: z.string().min(1).optional(),
      mode: z.enum(MODES).optional(),
      /** Received on or after this ISO date. */
      from: z.iso.date().optional(),
      /** Received on or before this ISO date (the whole day, UTC). */
      to: z.iso.date().optional(),
      /** Rejected interviews (review state) are left out unless this is true. */
      includeRejected: z.boolean().optional(),
    })
    .default({ instrumentId: DEFAULT_INSTRUMENT }),
  /** base: 1 / site selection probability × site migrants / site completes; unweighted: every interview 1; otherwise a weighting scheme's id. */
  weighting: z.string().min(1).default('base'),
  lonelyPsu: z.enum(LONELY_PSU_OPTIONS).default(DEFAULT_LONELY_PSU),
  ci: z.enum(['wald', 'logit', 'beta']).default('logit'),
  level: z.number().gt(0).lt(1).default(0.95),
});
export type EstimateRequest = z.input<typeof estimateRequestSchema>;

export interface IndicatorEstimates {
  /** base, unweighted or the scheme's id. */
  weighting: string;
  /** The scheme and how many weights its trimming cut, when weighting names one. */
  scheme?: { scheme: WeightingScheme; trimmed: number };
  responses: number;
  /** Strata (counties/districts) and sites (PSUs) of the selected complete interviews. */
  strata: number;
  sites: number;
  /** Complete interviews the filters select that were left out because they are rejected. */
  rejectedExcluded: number;
  estimates: IndicatorEstimate[];
  /** The instrument versions the selected interviews were made with (pooled by indicator tags when several), or the one version asked for. */
  versions: number[];
  /** The versions among them that do not ask some indicators, and those indicators (reported as not-measured when no version asks them). */
  gaps: MeasurementGap[];
  /** How they were computed, in Chinese and English (analysis/indicators/methods.ts). */
  methods: { zh: string; en: string };
}

export type Filters = z.infer<typeof estimateRequestSchema>['filters'];

/** Estimates of a questionnaire (or version) never fielded are a 404 unknown-instrument, not an empty table. */
export function requireFielded(instrument: string, version?: number): void {
  const fielded = fieldedVersions().some((entry) => entry.id === instrument && (version === undefined || entry.version === version));
  if (!fielded) throw problem('unknown-instrument', { id: instrument, version });
}

/** The estimate filters of a parsed selection (of a fielded questionnaire). */
export function filtersOf(query: { instrument: string; instrumentVersion?: number; includeRejected?: 'true' | 'false' } & DateRange): Filters {
  requireFielded(query.instrument, query.instrumentVersion);
  return { instrumentId: query.instrument, ...(query.instrumentVersion ? { instrumentVersion: query.instrumentVersion } : {}), from: query.from, to: query.to, includeRejected: query.includeRejected === 'true' };
}

/**
 * The scored complete interviews the filters select, from the in-memory analysis rows (each in its current
 * version); rejected ones are left out unless included, and counted.
 */
export async function selectCompletes(state: ServerState, filters: Filters): Promise<{ rows: AnalysisRows; selected: Uint32Array; completes: Map<string, number>; rejectedExcluded: number }> {
  const rows = await state.analysis.ready();
  const { receivedAt } = receivedWithin(filters);
  const selection = {
    status: 'complete',
    instrumentId: filters.instrumentId,
    instrumentVersion: filters.instrumentVersion,
    stratum: filters.stratum,
    breakdowns: { region: filters.region, province: filters.provinceCode, mode: filters.mode },
    receivedFrom: receivedAt?.$gte?.getTime(),
    receivedBefore: receivedAt?.$lt?.getTime(),
  };
  const withRejected = rows.select({ ...selection, includeRejected: true });
  const selected = filters.includeRejected ? withRejected : rows.withoutRejected(withRejected);
  const rejectedExcluded = withRejected.length - selected.length;
  return { rows, selected, completes: rows.sitesOf(selected), rejectedExcluded };
}

export async function estimateIndicators(state: ServerState, request: EstimateRequest): Promise<IndicatorEstimates> {
  const options = estimateRequestSchema.parse(request);
  const settings = { lonelyPsu: options.lonelyPsu, ci: options.ci, level: options.level };
  const { rows, selected, completes, rejectedExcluded } = await selectCompletes(state, options.filters);
  const versions = options.filters.instrumentVersion ? [options.filters.instrumentVersion] : rows.versionsOf(selected);
  const measuring = measuringOf(options.filters.instrumentId, versions);
  const measured = { versions, gaps: measurementGaps(measuring, versions) };
  if (namesScheme(options.weighting)) {
    const scheme = await findScheme(state.connection, options.weighting);
    const classes = rows.weightClasses(selected, [...(scheme.margins.map((margin) => margin.variable) as Breakdown[]), ...options.by]);
    const weighted = await schemeDesign(state, classes, completes, scheme);
    const estimates = withNotMeasured(explainLonelyPsu(() => classes.estimate(weighted.design, options.by, settings)), measuring);
    const strata = weighted.design.strataLabels.length;
    const methods = methodsText({ strata, psus: weighted.design.psuCount, calibrated: true, ...settings });
    return { weighting: scheme.id, scheme: { scheme, trimmed: weighted.trimmed }, responses: selected.length, strata, sites: completes.size, rejectedExcluded, estimates, ...measured, methods };
  }
  const weights = await weightsBySite(state, completes, options.weighting);
  const estimates = withNotMeasured(explainLonelyPsu(() => rows.estimate(selected, options.by, (psu) => weights.get(psu.psu)!, settings)), measuring);
  const strata = rows.strataOf(selected);
  const methods = methodsText({ strata, psus: completes.size, calibrated: false, ...settings });
  return { weighting: options.weighting, responses: selected.length, strata, sites: completes.size, rejectedExcluded, estimates, ...measured, methods };
}

/** Which of the selected versions ask which indicators (a version not known here measures nothing it could be asked about, so it is left out). */
function measuringOf(instrumentId: string, versions: readonly number[]): Map<string, number[]> {
  const known = versions.flatMap((version) => {
    const instrument = measuringInstrument(instrumentId, version);
    return instrument ? [{ version, instrument }] : [];
  });
  return known.length === 0 ? new Map() : measuringVersions(known);
}

/** Under lonelyPsu=fail a stratum with one site is a 400 naming the strata and the options, never a 500. */
export function explainLonelyPsu<T>(estimate: () => T): T {
  try {
    return estimate();
  } catch (error) {
    if (!(error instanceof LonelyPsuError)) throw error;
    const named = error.strata.map((stratum) => (/^\d{6}$/.test(stratum) ? `${stratum}（${divisionLabel(stratum)['zh-cn']}）` : stratum));
    throw problem(
      'lonely-psu',
      { strata: named.join('、'), strataEn: error.strata.join(', ') },
      error.strata.map((stratum, k) => ({ path: 'lonelyPsu', message: `层 ${named[k]} 只有一个调查点 / stratum ${stratum} has one PSU` })),
    );

  }
}

/**
 * What calibration reads of the selected complete interviews: per observation (one interview, or a weight
 * class of `counts[i]` interviews) its stratum, PSU and levels of the margin variables.
 */
export type CalibrationObservations = Pick<IndicatorColumns, 'length' | 'strata' | 'psus' | 'column'> & { counts?: Float64Array };

/** Base weights, then the scheme's calibration and trimming; a 400 saying what to fix when the data do not fit the margins. */
export async function schemeDesign(state: ServerState, observations: CalibrationObservations, completes: Map<string, number>, scheme: WeightingScheme): Promise<WeightedDesign> {
  if (observations.length === 0) throw problem('no-responses');
  const siteWeight = await weightsBySite(state, completes, 'base');
  const { counts } = observations;
  const design = createDesign({ weights: observations.psus.map((psu) => siteWeight.get(psu)!), strata: observations.strata, clusters: observations.psus, counts });
  const countOf = (i: number) => (counts ? counts[i]! : 1);
  const interviews = interviewCount(design);
  const errors: FieldError[] = [];
  for (const margin of scheme.margins) {
    const values = observations.column(margin.variable as Breakdown);
    let missing = 0;
    values.forEach((value, i) => (missing += value === null ? countOf(i) : 0));
    if (missing > 0) errors.push({ path: margin.variable, message: `${missing} of ${interviews} complete interviews have no ${margin.variable}; weight on variables every interview answers, or filter those interviews out` });
    const unknown = new Map<string, number>();
    values.forEach((value, i) => {
      if (value !== null && !(value in margin.totals)) unknown.set(value, (unknown.get(value) ?? 0) + countOf(i));
    });
    for (const [level, count] of unknown) {
      errors.push({ path: margin.variable, message: `${count} complete interviews have ${margin.variable} = ${level}, which the margins do not list; add a row ${margin.variable},${level},<population>` });
    }
  }
  if (errors.length > 0) throw problem('margins-do-not-fit', { scheme: scheme.name }, errors);
  try {
    return applyScheme(design, (variable) => observations.column(variable as Breakdown) as string[], scheme);
  } catch (error) {
    if (error instanceof CalibrationError) throw problem('calibration-failed', { scheme: scheme.name, detail: error.message });
    throw error;
  }
}

/** The final weights of the selected complete interviews under base weights or a scheme: their distribution and Kish's design effect. */
export async function weightingSummary(state: ServerState, request: Pick<EstimateRequest, 'filters' | 'weighting'>): Promise<{ weighting: string; scheme: WeightingScheme | null; trimmed: number; distribution: WeightDistribution }> {
  const options = estimateRequestSchema.parse(request);
  const scheme = namesScheme(options.weighting) ? await findScheme(state.connection, options.weighting) : null;
  const { rows, selected, completes } = await selectCompletes(state, options.filters);
  const columns = rows.columns(selected, scheme ? (scheme.margins.map((margin) => margin.variable) as Breakdown[]) : [], []);
  if (columns.length === 0) throw problem('no-responses');
  if (!scheme) {
    const siteWeight = await weightsBySite(state, completes, options.weighting);
    return { weighting: options.weighting, scheme: null, trimmed: 0, distribution: weightDistribution(columns.psus.map((psu) => siteWeight.get(psu)!)) };
  }
  const weighted = await schemeDesign(state, columns, completes, scheme);
  return { weighting: scheme.id, scheme, trimmed: weighted.trimmed, distribution: weightDistribution(weighted.design.weights) };
}

/** `weighting` is base, unweighted, or else the id of a weighting scheme. */
export const namesScheme = (weighting: string) => weighting !== 'base' && weighting !== 'unweighted';

/**
 * The weights the data file carries, as the estimates with the same filters use them: each site's base
 * weight (sites missing from the frame have none) and, under a weighting scheme, each complete interview's
 * final (calibrated, trimmed) weight by response id.
 */
export async function dataFileWeights(state: ServerState, filters: Filters, weighting: string): Promise<{ base: Map<string, number>; final: Map<string, number> | null }> {
  const { rows, selected, completes } = await selectCompletes(state, filters);
  const base = await weightsBySite(state, completes, 'base', { missingSites: 'skip' });
  if (!namesScheme(weighting)) return { base, final: null };
  const scheme = await findScheme(state.connection, weighting);
  const columns = rows.columns(selected, scheme.margins.map((margin) => margin.variable) as Breakdown[], []);
  const weighted = await schemeDesign(state, columns, completes, scheme);
  const ids = rows.idsOf(selected);
  return { base, final: new Map(ids.map((id, i) => [id, weighted.design.weights[i]!])) };
}

/** Each site's weight for its complete interviews: 1 unweighted, else the base weight from the frame (a site missing from it is a 409, or left out with missingSites: 'skip'). */
export async function weightsBySite(state: ServerState, completes: Map<string, number>, weighting: string, { missingSites = 'fail' }: { missingSites?: 'fail' | 'skip' } = {}): Promise<Map<string, number>> {
  const siteCodes = [...completes.keys()];
  if (weighting === 'unweighted') return new Map(siteCodes.map((code) => [code, 1]));
  const frame = new Map((await samplingFrameOf(state)).map((point) => [point.siteCode, point]));
  const missing = siteCodes.filter((code) => !frame.has(code));
  if (missing.length > 0 && missingSites === 'fail') {
    throw problem('site-not-in-frame', { sites: missing.slice(0, 10).join(', ') });
  }
  return new Map(siteCodes.filter((code) => frame.has(code)).map((code) => [code, baseWeight({ ...frame.get(code)!, completes: completes.get(code)! })]));
}
