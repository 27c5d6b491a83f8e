/**
 * Every read and write of the `weightingSchemes` collection (uploaded population margins), as ODK
 * Central's lib/model/query/: services call these named queries and never the model. A scheme is written
 * once by an insert and never updated.
 */
import type { Connection } from 'mongoose';
import type { WeightingSpec } from '../../analysis/stats/scheme';
import { modelsOf } from '../models';

/** A scheme as stored (without its `_id`, which is its `id`). */
export interface StoredScheme {
  id: string;
  name: string;
  method: WeightingSpec['method'];
  trimCap?: number | null;
  margins: { variable: string; levels: { level: string; population: number }[] }[];
  createdBy: string;
  createdAt: Date;
}

const weightingSchemes = (connection: Connection) => modelsOf(connection).WeightingScheme;

export async function insertScheme(connection: Connection, scheme: StoredScheme & { _id: string }): Promise<void> {
  await weightingSchemes(connection).create(scheme);
}

/** Every scheme, in no order. */
export function allSchemes(connection: Connection): Promise<StoredScheme[]> {
  return weightingSchemes(connection).find({}, { _id: 0 }).lean<StoredScheme[]>();
}

export function findStoredScheme(connection: Connection, id: string): Promise<StoredScheme | null> {
  return weightingSchemes(connection).findById(id, { _id: 0 }).lean<StoredScheme>();
}
