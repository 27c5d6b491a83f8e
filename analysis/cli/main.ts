/**
 * The analysts' command line: `migrant-analyze estimate ...` (the compiled dist/analyze.js, `npm run
 * build:cli`; or `npm run --silent analyze -- estimate ...` from the sources) and `... indicators ...`.
 * `--help` prints the usage; bad input ends with one message on stderr and exit code 2.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError } from '../../server/config';
import { HttpError } from '../../server/http/errors';
import { CalibrationError } from '../stats/calibration';
import { DesignError } from '../stats/design';
import { LonelyPsuError } from '../stats/variance';
import { CsvError, readCsv } from './csv';
import { estimateOptionsSchema, runEstimate } from './estimate';
import { toCsv } from './output';
import { UsageError } from './usage';

const USAGE = `usage:
  migrant-analyze estimate --input FILE.csv --weight COL [--strata COL] [--cluster COL] [--fpc COL]
                           [--mean COL]... [--prop COL]... [--total COL]... [--ratio NUM:DEN]... [--by COL]
                           [--lonely-psu fail|remove|adjust|average|certainty] [--ci wald|logit|beta] [--level 0.95]
                           [--rake FILE.json] [--poststratify FILE.json] [--format json|csv]
  migrant-analyze indicators [--by region,...] [--format json|csv|xlsx] [--out FILE]`;

const ESTIMATE_OPTIONS = {
  input: { type: 'string' },
  weight: { type: 'string' },
  strata: { type: 'string' },
  cluster: { type: 'string' },
  fpc: { type: 'string' },
  mean: { type: 'string', multiple: true },
  prop: { type: 'string', multiple: true },
  total: { type: 'string', multiple: true },
  ratio: { type: 'string', multiple: true },
  by: { type: 'string' },
  'lonely-psu': { type: 'string' },
  ci: { type: 'string' },
  level: { type: 'string' },
  rake: { type: 'string' },
  poststratify: { type: 'string' },
  format: { type: 'string' },
} as const;

export const RESULT_COLUMNS = ['statistic', 'variable', 'domain', 'estimate', 'se', 'ciLow', 'ciHigh', 'deff', 'n', 'df'] as const;

function parse<T>(schema: z.ZodType<T>, values: unknown): T {
  const result = schema.safeParse(values);
  if (!result.success) {
    throw new UsageError(result.error.issues.map((i) => (i.path.length ? `--${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
  }
  return result.data;
}

function estimate(args: string[]): string {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args, options: ESTIMATE_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const options = parse(estimateOptionsSchema, values);
  const output = runEstimate(readCsv(options.input), options);
  return options.format === 'csv' ? toCsv(RESULT_COLUMNS, output.results) : `${JSON.stringify(output, null, 2)}\n`;
}

const HELP = ['--help', '-h', 'help'];

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (HELP.includes(command ?? '') || (command === 'estimate' && args.some((arg) => HELP.includes(arg)))) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    if (command === 'estimate') process.stdout.write(estimate(args));
    else if (command === 'indicators') {
      const { indicatorsCommand } = await import('./indicators');
      await indicatorsCommand(args);
    } else throw new UsageError(`unknown command "${command ?? ''}"\n${USAGE}`);
    return 0;
  } catch (error) {
    const bad = [UsageError, CsvError, DesignError, CalibrationError, LonelyPsuError, ConfigError, HttpError].some((kind) => error instanceof kind);
    if (!bad) throw error;
    process.stderr.write(`analyze ${command}: ${(error as Error).message}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
