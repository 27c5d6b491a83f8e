import { z } from 'zod';
import { LABEL_MODES } from '../analysis/exports/estimates';
import { BREAKDOWNS } from '../analysis/indicators/registry';
import { DEFAULT_LONELY_PSU, LONELY_PSU_OPTIONS } from '../analysis/stats/design';
import { dateRangeQuery, inDateOrder } from './dateRange';
import { GROUP_KINDS } from './differences';
import { DEFAULT_INSTRUMENT } from './instruments';

/** The query fields that choose which complete interviews an estimate uses and how they are weighted (GET /api/estimates, GET /api/weighting/summary). */
export const selectionQuery = {
  instrument: z.string().min(1).default(DEFAULT_INSTRUMENT),
  instrumentVersion: z.coerce.number<string>({ message: 'expected a version number' }).int().positive().optional(),
  weighting: z
    .string()
    .regex(/^(base|unweighted|[0-9a-f-]{36})$/, 'expected base, unweighted or the id of a weighting scheme (GET /api/weighting/schemes)')
    .default('base'),
  ...dateRangeQuery,
  includeRejected: z.enum(['true', 'false'], { message: 'expected true or false' }).default('false'),
};

/** How a stratum with one site is handled (analysis/stats/design.ts), asked the same way by every estimate-based query. */
export const lonelyPsu = z.enum(LONELY_PSU_OPTIONS, { message: `expected one of ${LONELY_PSU_OPTIONS.join(', ')}` }).default(DEFAULT_LONELY_PSU);

export const ESTIMATE_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type EstimateFormat = (typeof ESTIMATE_FORMATS)[number];

const list = z
  .string()
  .optional()
  .transform((value) => (value ? value.split(',').map((item) => item.trim()).filter(Boolean) : []));

/** GET /api/estimates: which indicators by which breakdowns, in which file, over the selection. */
export const estimatesQuerySchema = inDateOrder(
  z.strictObject({
    indicator: list,
    by: list.pipe(z.array(z.enum(BREAKDOWNS, { message: `expected breakdowns among ${BREAKDOWNS.join(', ')}` }))),
    format: z.enum(ESTIMATE_FORMATS, { message: 'expected json, csv or xlsx' }).default('json'),
    /** The CSV's names: Chinese (default) or English labels beside the codes, or the codes alone. */
    labels: z.enum(LABEL_MODES, { message: 'expected zh, en or codes' }).optional(),
    lonelyPsu,
    ...selectionQuery,
  }),
);
/** The query string as a client writes it, before the server's defaults and parsing. */
export type EstimatesQueryText = z.input<typeof estimatesQuerySchema>;

/** GET /api/estimates/differences: one indicator in two groups (a level of a breakdown, a version or a date range). */
export const differencesQuerySchema = inDateOrder(
  z.strictObject({
    indicator: z.string({ message: 'required: one indicator id, such as literacy (GET /api/indicators)' }).min(1),
    by: z.enum(GROUP_KINDS, { message: `expected one of ${GROUP_KINDS.join(', ')}` }).optional(),
    a: z.string({ message: 'required: the first group, such as East or region:East' }).min(1),
    b: z.string({ message: 'required: the second group, such as West or region:West' }).min(1),
    lonelyPsu,
    ci: z.enum(['wald', 'logit', 'beta'], { message: 'expected wald, logit or beta' }).default('logit'),
    ...selectionQuery,
  }),
);

/** GET /api/compliance: every county against the targets, as JSON or XLSX. */
export const complianceQuerySchema = inDateOrder(
  z.strictObject({
    format: z.enum(['json', 'xlsx'], { message: 'expected json or xlsx' }).default('json'),
    lonelyPsu,
    ...selectionQuery,
  }),
);

/** GET /api/reports/evaluation.docx: the report of the selection. */
export const reportQuerySchema = inDateOrder(z.strictObject({ lonelyPsu, ...selectionQuery }));

/** GET /api/weighting/summary: the distribution of the selection's final weights. */
export const weightSummaryQuerySchema = inDateOrder(z.strictObject(selectionQuery));
