import { z } from 'zod';
import { signInReplySchema } from '../../contracts/accounts';
import { complianceSchema, type Compliance } from '../../contracts/compliance';
import { differenceReplySchema, type DifferenceReply } from '../../contracts/differences';
import { estimatesReplySchema, type EstimateRow, type EstimatesReply } from '../../contracts/estimates';
import type { EstimatesQueryText } from '../../contracts/estimatesQuery';
import { fieldworkReportSchema, type FieldworkReport, type StatusCounts } from '../../contracts/fieldwork';
import { indicatorRegistrySchema, type IndicatorRegistry } from '../../contracts/indicators';
import { instrumentListSchema } from '../../contracts/instruments';
import { weightingSchemeSchema, weightSummarySchema, type SchemeInput, type WeightingSchemeView, type WeightSummary } from '../../contracts/weighting';
import { apiFetch } from '../shared/api';

/** The analyst console's view of the API: sign-in, the fieldwork monitor and the estimates (shapes from contracts/). */
export type Fieldwork = FieldworkReport;
export type Estimates = EstimatesReply;
export type { Compliance, DifferenceReply, EstimateRow, StatusCounts, WeightSummary };

export const fetchInstruments = () => apiFetch('/api/instruments', { schema: instrumentListSchema });

export const signIn = (username: string, password: string) => apiFetch('/api/auth/login', { body: { username, password }, schema: signInReplySchema });

export type Registry = IndicatorRegistry;

export const fetchRegistry = (token: string) => apiFetch('/api/indicators', { token, schema: indicatorRegistrySchema });

export const fetchFieldwork = (token: string, instrument: string, expectedShare: number) =>
  apiFetch(`/api/fieldwork?${new URLSearchParams({ instrument, expectedShare: String(expectedShare) })}`, { token, schema: fieldworkReportSchema });

/** The console's selection as GET /api/estimates reads it (contracts/estimatesQuery.ts), every field given: '' is no limit. */
export type EstimateQuery = Required<Pick<EstimatesQueryText, 'by' | 'instrument' | 'instrumentVersion' | 'from' | 'to' | 'lonelyPsu' | 'weighting'>>;

/** 'base' (weights from the frame), 'unweighted' (every interview once, to see what weighting changes) or a weighting scheme's id. */
export type Weighting = string;

export type Scheme = WeightingSchemeView;

export const fetchSchemes = (token: string) => apiFetch('/api/weighting/schemes', { token, schema: z.array(weightingSchemeSchema) });

export const uploadScheme = (token: string, scheme: SchemeInput) =>
  apiFetch('/api/weighting/schemes', { token, body: scheme, schema: weightingSchemeSchema });

/** The distribution of the final weights of the interviews the filters select. */
export function fetchWeightSummary(token: string, query: Omit<EstimateQuery, 'by' | 'lonelyPsu'>) {
  const params = new URLSearchParams({ weighting: query.weighting });
  for (const name of ['instrument', 'instrumentVersion', 'from', 'to'] as const) if (query[name]) params.set(name, query[name]);
  return apiFetch(`/api/weighting/summary?${params}`, { token, schema: weightSummarySchema });
}

/** The selection every estimate-based request shares: weighting, lonely-PSU option, version, dates. */
function selectionParams(query: Omit<EstimateQuery, 'by'>, format: string): URLSearchParams {
  const params = new URLSearchParams({ format, weighting: query.weighting, lonelyPsu: query.lonelyPsu });
  for (const name of ['instrument', 'instrumentVersion', 'from', 'to'] as const) if (query[name]) params.set(name, query[name]);
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

export const fetchCompliance = (token: string, query: Omit<EstimateQuery, 'by'>) => apiFetch(complianceUrl(query, 'json'), { token, schema: complianceSchema });

export const fetchEstimates = (token: string, query: EstimateQuery) => apiFetch(estimatesUrl(query, 'json'), { token, schema: estimatesReplySchema });

/** One indicator in two groups (`region:East`, `county:440106`, `version:2`, `dates:2026-05-01..2026-05-15`) and A − B. */
export function fetchDifference(token: string, query: Omit<EstimateQuery, 'by'> & { indicator: string; a: string; b: string }) {
  const params = selectionParams(query, 'json');
  params.delete('format');
  for (const name of ['indicator', 'a', 'b'] as const) params.set(name, query[name]);
  return apiFetch(`/api/estimates/differences?${params}`, { token, schema: differenceReplySchema });
}

/** The de-identified data file, limited to the date range when one is set; codes, or coded values by their Chinese names. */
export function responsesUrl(filters: { instrument: string; instrumentVersion: string; from: string; to: string }, labels: 'codes' | 'zh' = 'codes'): string {
  const params = new URLSearchParams(labels === 'codes' ? {} : { labels });
  for (const [name, value] of Object.entries({ instrument: filters.instrument, version: filters.instrumentVersion, from: filters.from, to: filters.to })) if (value) params.set(name, value);
  return `/api/exports/responses.csv?${params}`;
}
