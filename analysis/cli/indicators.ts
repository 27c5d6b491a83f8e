import { UsageError } from './usage';

export async function indicatorsCommand(_args: string[]): Promise<void> {
  throw new UsageError('indicators: not available yet');
}
