import type { Connection } from 'mongoose';
import { responseModel } from './response';
import { samplingPointModel } from './samplingPoint';
import { userModel } from './user';

export { responseModel, samplingPointModel, userModel };

/** The models bound to one connection (each test file has its own database and connection). */
export function modelsOf(connection: Connection) {
  return { Response: responseModel(connection), SamplingPoint: samplingPointModel(connection), User: userModel(connection) };
}

/**
 * autoIndex is off (an index build must not race the first requests), so the indexes — above all the
 * unique ones that make intake idempotent — are created here, at start, before the server listens.
 */
export async function createIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(modelsOf(connection))) await model.createIndexes();
}
