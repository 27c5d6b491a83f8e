import { z } from 'zod';
import type { LonelyPsu } from '../../analysis/stats/design';
import { RELIABILITY_FLAGS, RELIABILITY_REASONS } from '../../analysis/stats/reliability';
import { apiFetch } from '../shared/api';

/** The analyst console's view of the API: sign-in, the fieldwork monitor and the estimates. */
const counts = z.object({ complete: z.number(), partial: z.number(), ineligible: z.number(), refused: z.number() });
const progress = { planned: z.number(), counts, behindPlan: z.boolean() };

export const fieldworkSchema = z.object({
  expectedShare: z.number(),
  totals: z.object({ ...progress, medianDurationSeconds: z.number().nullable() }),
  sites: z.array(z.object({ ...progress, siteCode: z.string(), siteName: z.string(), stratum: z.string(), countyCode: z.string(), region: z.string(), medianDurationSeconds: z.number().nullable() })),
  counties: z.array(z.object({ ...progress, stratum: z.string(), countyCode: z.string(), provinceCode: z.string(), region: z.string(), sites: z.number(), sitesBehindPlan: z.number() })),
  days: z.array(z.object({ date: z.string(), counts })),
  modes: z.array(z.object({ mode: z.string(), counts, medianDurationSeconds: z.number().nullable() })),
  interviewers: z.array(z.object({ interviewer: z.string(), counts, sites: z.number() })),
});
export type Fieldwork = z.infer<typeof fieldworkSchema>;
export type StatusCounts = z.infer<typeof counts>;

export const estimateRowSchema = z.object({
  indicator: z.string(),
  domain: z.record(z.string(), z.string()).nullable(),
  estimate: z.number().nullable(),
  se: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  deff: z.number().nullable(),
  n: z.number(),
  df: z.number().nullable(),
  target: z.number().nullable(),
  status: z.string().nullable(),
  difference: z.number().nullable(),
  pAboveTarget: z.number().nullable(),
  reliability: z.object({ flag: z.enum(RELIABILITY_FLAGS), reasons: z.array(z.enum(RELIABILITY_REASONS)), effectiveN: z.number() }).nullable(),
});
export type EstimateRow = z.infer<typeof estimateRowSchema>;

export const estimatesSchema = z.object({
  methods: z.looseObject({ design: z.string(), designZh: z.string(), weighting: z.string(), weightingZh: z.string(), n: z.number() }),
  rows: z.array(estimateRowSchema),
});
export type Estimates = z.infer<typeof estimatesSchema>;

const labelSchema = z.object({ 'zh-cn': z.string(), en: z.string() });
const levelSchema = z.object({ code: z.string(), label: labelSchema });

/** GET /api/indicators: every indicator's names, family and target, and every breakdown with its levels' names. */
export const registrySchema = z.object({
  indicators: z.array(
    z.object({ id: z.string(), label: labelSchema, shortLabel: labelSchema, family: z.string(), parent: z.string().optional(), main: z.boolean(), kind: z.enum(['prop', 'ratio']), population: labelSchema }),
  ),
  breakdowns: z.array(z.object({ id: z.string(), label: labelSchema, levels: z.array(levelSchema) })),
  statuses: z.array(levelSchema),
});
export type Registry = z.infer<typeof registrySchema>;

export const fetchRegistry = (token: string) => apiFetch('/api/indicators', { token, schema: registrySchema });

const instrumentsSchema = z.array(z.object({ id: z.string(), version: z.number(), title: z.object({ 'zh-cn': z.string(), en: z.string() }) }));

export const fetchInstruments = () => apiFetch('/api/instruments', { schema: instrumentsSchema });

const signInSchema = z.object({ token: z.string(), role: z.string(), username: z.string() });

export const signIn = (username: string, password: string) => apiFetch('/api/auth/login', { body: { username, password }, schema: signInSchema });

export const fetchFieldwork = (token: string, expectedShare: number) =>
  apiFetch(`/api/fieldwork?expectedShare=${expectedShare}`, { token, schema: fieldworkSchema });

export interface EstimateQuery {
  by: string;
  instrumentVersion: string;
  /** ISO dates (received on or after / on or before), or '' for no limit. */
  from: string;
  to: string;
  lonelyPsu: LonelyPsu;
  weighting: Weighting;
}

/** 'base' (weights from the frame), 'unweighted' (every interview once, to see what weighting changes) or a weighting scheme's id. */
export type Weighting = string;

export const schemeSchema = z.object({
  id: z.string(),
  name: z.string(),
  method: z.enum(['poststratify', 'rake']),
  trimCap: z.number().nullable(),
  margins: z.array(z.object({ variable: z.string(), totals: z.record(z.string(), z.number()) })),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Scheme = z.infer<typeof schemeSchema>;

export const fetchSchemes = (token: string) => apiFetch('/api/weighting/schemes', { token, schema: z.array(schemeSchema) });

export const uploadScheme = (token: string, scheme: { name: string; method: Scheme['method']; trimCap: number | null; csv: string }) =>
  apiFetch('/api/weighting/schemes', { token, body: scheme, schema: schemeSchema });

export const weightSummarySchema = z.object({
  weighting: z.string(),
  trimmed: z.number(),
  distribution: z.object({
    n: z.number(),
    min: z.number(),
    q1: z.number(),
    median: z.number(),
    q3: z.number(),
    max: z.number(),
    mean: z.number(),
    cv: z.number(),
    kishDeff: z.number(),
    histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })),
  }),
});
export type WeightSummary = z.infer<typeof weightSummarySchema>;

/** The distribution of the final weights of the interviews the filters select. */
export function fetchWeightSummary(token: string, query: Omit<EstimateQuery, 'by' | 'lonelyPsu'>) {
  const params = new URLSearchParams({ weighting: query.weighting });
  for (const name of ['instrumentVersion', 'from', 'to'] as const) if (query[name]) params.set(name, query[name]);
  return apiFetch(`/api/weighting/summary?${params}`, { token, schema: weightSummarySchema });
}

/** The selection every estimate-based request shares: weighting, lonely-PSU option, version, dates. */
function selectionParams(query: Omit<EstimateQuery, 'by'>, format: string): URLSearchParams {
  const params = new URLSearchParams({ format, weighting: query.weighting, lonelyPsu: query.lonelyPsu });
  for (const name of ['instrumentVersion', 'from', 'to'] as const) if (query[name]) params.set(name, query[name]);
  return params;
}

/** The query string of GET /api/estimates (also the XLSX/CSV download links). */
export function estimatesUrl(query: EstimateQuery, format: 'json' | 'csv' | 'xlsx'): string {
  const params = selectionParams(query, format);
  if (query.by) params.set('by', query.by);
  return `/api/estimates?${params}`;
}

/** County compliance (GET /api/compliance) as JSON or its XLSX. */
export const complianceUrl = (query: Omit<EstimateQuery, 'by'>, format: 'json' | 'xlsx') => `/api/compliance?${selectionParams(query, format)}`;

/** The evaluation report (Word) for the same selection. */
export function reportUrl(query: Omit<EstimateQuery, 'by'>): string {
  const params = selectionParams(query, 'docx');
  params.delete('format');
  return `/api/reports/evaluation.docx?${params}`;
}

export const complianceSchema = z.object({
  counties: z.number(),
  summary: labelSchema,
  indicators: z.array(
    z.object({
      indicator: z.string(),
      label: labelSchema,
      rule: labelSchema,
      counties: z.number(),
      met: z.number(),
      notMet: z.number(),
      inconclusive: z.number(),
      headline: labelSchema,
      sentence: labelSchema,
      judgements: z.array(z.object({ county: z.string(), name: labelSchema, region: z.string().nullable(), estimate: estimateRowSchema })),
    }),
  ),
});
export type Compliance = z.infer<typeof complianceSchema>;

export const fetchCompliance = (token: string, query: Omit<EstimateQuery, 'by'>) => apiFetch(complianceUrl(query, 'json'), { token, schema: complianceSchema });

export const fetchEstimates = (token: string, query: EstimateQuery) => apiFetch(estimatesUrl(query, 'json'), { token, schema: estimatesSchema });

/** The de-identified data file, limited to the date range when one is set. */
export function responsesUrl(filters: { instrumentVersion: string; from: string; to: string }): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ version: filters.instrumentVersion, from: filters.from, to: filters.to })) if (value) params.set(name, value);
  return `/api/exports/responses.csv?${params}`;
}
