import type { Connection } from 'mongoose';
import { modelsOf } from '../models';

/**
 * autoIndex is off (an index build must not race the first requests), so the indexes — above all the
 * unique ones that make intake idempotent — are created here, at start, before the server listens.
 */
export async function createIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(modelsOf(connection))) await model.createIndexes();
}
