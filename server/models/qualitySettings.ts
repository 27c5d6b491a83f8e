import { Schema, type Connection } from 'mongoose';

/** The quality thresholds in force: one document, `_id` "current", replaced whole by PUT /api/quality/settings. */
const qualitySettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    settings: { type: Schema.Types.Mixed, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'qualitySettings', versionKey: false, minimize: false, id: false },
);

export function qualitySettingsModel(connection: Connection) {
  return connection.model('QualitySettings', qualitySettingsSchema);
}
