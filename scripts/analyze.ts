/**
 * `npm run analyze -- <command>`: `indicators` reads the survey database (scripts/indicators.ts); every
 * other command works on files and is the pure analysis CLI (analysis/cli/main.ts), which reads argv itself.
 */
import { Problem } from '../contracts/problems';
import { UsageError } from '../analysis/cli/usage';
import { ConfigError } from '../server/config';

/** Bad input (a usage mistake, a bad configuration, a 4xx problem) is exit code 2; a server-side failure (5xx problem) 1. */
export function exitCodeOf(error: unknown): number | undefined {
  if (error instanceof UsageError || error instanceof ConfigError) return 2;
  if (error instanceof Problem) return error.status < 500 ? 2 : 1;
  return undefined;
}

const [command, ...args] = process.argv.slice(2);
if (command === 'indicators') {
  const { indicatorsCommand } = await import('./indicators');
  try {
    await indicatorsCommand(args);
  } catch (error) {
    const exitCode = exitCodeOf(error);
    if (exitCode === undefined) throw error;
    process.stderr.write(`analyze indicators: ${(error as Error).message}\n`);
    process.exitCode = exitCode;
  }
} else {
  await import('../analysis/cli/main');
}
