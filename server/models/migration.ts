import { Schema, type Connection } from 'mongoose';

/**
 * A one-time rewrite of stored documents that has finished (its name as `_id`): the start-up migration
 * looks here first, so a finished one costs one lookup at each start instead of a scan of the collection.
 */
const migrationSchema = new Schema(
  {
    _id: { type: String, required: true },
    completedAt: { type: Date, required: true },
    /** How many documents it rewrote. */
    rewritten: { type: Number, required: true },
  },
  { collection: 'migrations', versionKey: false },
);

export function migrationModel(connection: Connection) {
  return connection.model('Migration', migrationSchema);
}
