/** `analyze estimate`: design-based estimates from a CSV file. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createDesign, LONELY_PSU_OPTIONS, type Design } from '../stats/design';
import { postStratify, rake } from '../stats/calibration';
import { estimateStatistic, type DomainEstimate, type ReportedEstimate, type Statistic } from '../stats/estimate';
import { type Table } from './csv';
import { UsageError } from './usage';

const column = z.string().min(1);
export const estimateOptionsSchema = z.object({
  input: z.string({ message: '--input FILE.csv is required' }).min(1),
  weight: z.string({ message: '--weight COL is required' }).min(1),
  strata: column.optional(),
  cluster: column.optional(),
  fpc: column.optional(),
  mean: z.array(column).default([]),
  prop: z.array(column).default([]),
  total: z.array(column).default([]),
  ratio: z.array(z.string().regex(/^[^:]+:[^:]+$/, '--ratio takes NUM:DEN, two column names')).default([]),
  by: column.optional(),
  'lonely-psu': z.enum(LONELY_PSU_OPTIONS).default('fail'),
  ci: z.enum(['wald', 'logit', 'beta']).default('wald'),
  level: z.coerce.number().gt(0, '--level must be between 0 and 1').lt(1, '--level must be between 0 and 1').default(0.95),
  rake: z.string().optional(),
  poststratify: z.string().optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type EstimateCliOptions = z.infer<typeof estimateOptionsSchema>;

const totalsSchema = z.object({
  variable: z.string().min(1),
  totals: z.record(z.string(), z.number().nonnegative()),
});
const rakeFileSchema = z.object({
  margins: z.array(totalsSchema).min(1),
  epsilon: z.number().positive().default(1),
  maxIter: z.number().int().positive().default(10),
});

export type ResultRow = {
  statistic: Statistic['statistic'];
  variable: string;
  domain: Record<string, string> | null;
} & ReportedEstimate;

function numbers(table: Table, name: string, what: string): Float64Array {
  const values = table.numbers(name);
  let bad = -1;
  for (let i = 0; i < values.length && bad < 0; i++) if (!Number.isFinite(values[i]!)) bad = i;
  if (bad >= 0) throw new UsageError(`${what} column "${name}", line ${bad + 2} of ${table.source}: "${table.column(name)[bad]}" is not a number`);
  return values;
}

function readJson<T>(path: string, schema: z.ZodType<T>, option: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${option} ${path}: ${(error as Error).message}`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new UsageError(`${option} ${path}: ${result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}

function buildDesign(table: Table, options: EstimateCliOptions): Design {
  const weights = numbers(table, options.weight, 'weight');
  for (let i = 0; i < weights.length; i++) {
    if (weights[i]! < 0) throw new UsageError(`weight column "${options.weight}", line ${i + 2} of ${table.source}: ${weights[i]} is negative; weights must be 0 or more`);
  }
  const strata = options.strata ? table.codes(options.strata) : undefined;
  let design = createDesign({
    weights,
    strata: strata?.codes,
    clusters: options.cluster ? table.codes(options.cluster).codes : undefined,
    fpc: options.fpc ? numbers(table, options.fpc, 'fpc') : undefined,
  });
  // Coded strata are labelled by their codes; messages (a lonely PSU's stratum) name them as the file does.
  if (strata) design = { ...design, strataLabels: design.strataLabels.map((code) => strata.levels[Number(code)]!) };
  if (options.poststratify) {
    const spec = readJson(options.poststratify, totalsSchema, '--poststratify');
    design = postStratify(design, table.column(spec.variable), spec);
  }
  if (options.rake) {
    const spec = readJson(options.rake, rakeFileSchema, '--rake');
    design = rake(design, spec.margins.map((m) => table.column(m.variable)), spec);
  }
  return design;
}

function statistics(table: Table, options: EstimateCliOptions): Statistic[] {
  const list: Statistic[] = [];
  for (const name of options.mean) list.push({ statistic: 'mean', variable: name, values: numbers(table, name, '--mean') });
  for (const name of options.prop) {
    const values = numbers(table, name, '--prop');
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== 0 && values[i] !== 1) throw new UsageError(`--prop column "${name}", line ${i + 2} of ${table.source}: ${values[i]} is not 0 or 1`);
    }
    list.push({ statistic: 'prop', variable: name, values });
  }
  for (const name of options.total) list.push({ statistic: 'total', variable: name, values: numbers(table, name, '--total') });
  for (const pair of options.ratio) {
    const [num = '', den = ''] = pair.split(':');
    list.push({
      statistic: 'ratio',
      variable: `${num}/${den}`,
      numerator: numbers(table, num, '--ratio numerator'),
      denominator: numbers(table, den, '--ratio denominator'),
    });
  }
  if (list.length === 0) throw new UsageError('nothing to estimate: give at least one of --mean, --prop, --total, --ratio');
  return list;
}

function row(statistic: Statistic, domain: Record<string, string> | null, result: DomainEstimate): ResultRow {
  const { estimate, se, ciLow, ciHigh, deff, n, df } = result;
  return { statistic: statistic.statistic, variable: statistic.variable, domain, estimate, se, ciLow, ciHigh, deff, n, df };
}

export function runEstimate(table: Table, options: EstimateCliOptions): { design: Record<string, unknown>; results: ResultRow[] } {
  const design = buildDesign(table, options);
  const wanted = statistics(table, options);
  const settings = { lonelyPsu: options['lonely-psu'], ci: options.ci, level: options.level };
  const results: ResultRow[] = [];
  const by = options.by ? table.codes(options.by) : { codes: new Int32Array(0), levels: [] };
  const domains = by.levels
    .map((level, code) => {
      const mask = new Uint8Array(by.codes.length);
      for (let i = 0; i < mask.length; i++) mask[i] = by.codes[i] === code ? 1 : 0;
      return { level, mask };
    })
    .sort((a, b) => (a.level < b.level ? -1 : a.level > b.level ? 1 : 0));
  for (const statistic of wanted) {
    results.push(row(statistic, null, estimateStatistic(design, statistic, settings)));
    for (const { level, mask } of domains) results.push(row(statistic, { [options.by ?? '']: level }, estimateStatistic(design, statistic, settings, mask)));
  }
  return {
    design: {
      input: options.input,
      observations: design.n,
      weight: options.weight,
      strata: options.strata ?? null,
      cluster: options.cluster ?? null,
      fpc: options.fpc ?? null,
      strataCount: design.strataLabels.length,
      psuCount: design.psuCount,
      lonelyPsu: options['lonely-psu'],
      calibration: [options.poststratify ? 'poststratify' : null, options.rake ? 'rake' : null].filter(Boolean),
      ci: options.ci,
      level: options.level,
    },
    results,
  };
}
