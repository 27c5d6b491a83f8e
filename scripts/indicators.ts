/**
 * `analyze indicators`: the indicator registry estimated from the database (MONGODB_URI). It reads the
 * database through the server's services, so it lives here and not in the pure analysis/ CLI.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { toCsv } from '../analysis/cli/output';
import { UsageError } from '../analysis/cli/usage';
import { BREAKDOWNS } from '../analysis/indicators/registry';
import { DEFAULT_LONELY_PSU, LONELY_PSU_OPTIONS } from '../analysis/stats/design';
import { loadConfig } from '../server/config';
import { connectDatabase } from '../server/db/connection';
import { createServerState } from '../server/state';
import { estimateIndicators } from '../server/services/estimates';
import { estimatesFile } from '../server/services/exports/estimates';
import { writeEstimatesWorkbook } from '../server/services/exports/estimatesWorkbook';

const optionsSchema = z.object({
  by: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((b) => b.trim()).filter(Boolean))
    .pipe(z.array(z.enum(BREAKDOWNS, { message: `--by takes a comma-separated list of ${BREAKDOWNS.join(', ')}` }))),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  out: z.string().min(1).optional(),
  weighting: z.string().regex(/^(base|unweighted|[0-9a-f-]{36})$/, 'takes base, unweighted or the id of a weighting scheme uploaded in the console').default('base'),
  ci: z.enum(['wald', 'logit', 'beta']).default('logit'),
  level: z.coerce.number().gt(0).lt(1).default(0.95),
  'lonely-psu': z.enum(LONELY_PSU_OPTIONS).default(DEFAULT_LONELY_PSU),
});

export const INDICATOR_COLUMNS = ['indicator', 'domain', 'estimate', 'se', 'ciLow', 'ciHigh', 'deff', 'n', 'df', 'target', 'status', 'difference'] as const;

function parseOptions(args: string[]) {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args,
      strict: true,
      options: {
        by: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, weighting: { type: 'string' },
        ci: { type: 'string' }, level: { type: 'string' }, 'lonely-psu': { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const result = optionsSchema.safeParse(values);
  if (!result.success) throw new UsageError(result.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  if (result.data.format === 'xlsx' && !result.data.out) throw new UsageError('--format xlsx needs --out FILE.xlsx');
  return result.data;
}

export async function indicatorsCommand(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const uri = loadConfig(process.env).MONGODB_URI;
  if (!uri) throw new UsageError('set MONGODB_URI to the survey database, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/migrant_health');
  const connection = await connectDatabase(uri);
  const state = createServerState(connection);
  try {
    if (options.format === 'xlsx') {
      // The API's workbook (指标汇总, detail sheets, 方法说明), from the same selection and writer as GET /api/estimates?format=xlsx.
      const file = await estimatesFile(state, {
        instrument: 'migrant-health', by: options.by, indicators: [], weighting: options.weighting, ci: options.ci, level: options.level, lonelyPsu: options['lonely-psu'], includeRejected: false,
      });
      const output = createWriteStream(options.out!);
      await writeEstimatesWorkbook(output, file.rows, file.registry, file.methods);
      await finished(output.end());
      return;
    }
    const result = await estimateIndicators(state, {
      by: options.by, weighting: options.weighting, ci: options.ci, level: options.level, lonelyPsu: options['lonely-psu'],
    });
    const text = options.format === 'csv' ? toCsv(INDICATOR_COLUMNS, result.estimates) : `${JSON.stringify(result, null, 2)}\n`;
    if (options.out) writeFileSync(options.out, text);
    else process.stdout.write(text);
  } finally {
    await connection.close();
  }
}
