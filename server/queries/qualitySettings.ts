/**
 * Every read and write of the `qualitySettings` collection (the quality thresholds in force: one document,
 * `_id` "current"), as ODK Central's lib/model/query/: services call these named queries and never the model.
 */
import type { Connection } from 'mongoose';
import { modelsOf } from '../models';

const SETTINGS_ID = 'current';

export interface StoredQualitySettings {
  settings: unknown;
  updatedBy: string;
  updatedAt: Date;
}

const qualitySettings = (connection: Connection) => modelsOf(connection).QualitySettings;

/** The thresholds in force, if anyone has saved any. */
export function storedQualitySettings(connection: Connection): Promise<StoredQualitySettings | null> {
  return qualitySettings(connection).findById(SETTINGS_ID).lean<StoredQualitySettings>();
}

/** Replaces the settings document whole, inserting it the first time (two first saves at once: the later replaces). */
export async function replaceQualitySettings(connection: Connection, document: StoredQualitySettings): Promise<void> {
  const { collection } = qualitySettings(connection);
  const replaced = await collection.replaceOne({ _id: SETTINGS_ID as never }, document);
  if (replaced.matchedCount > 0) return;
  try {
    await collection.insertOne({ _id: SETTINGS_ID as never, ...document });
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    await collection.replaceOne({ _id: SETTINGS_ID as never }, document);
  }
}
