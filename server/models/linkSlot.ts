import { Schema, type Connection } from 'mongoose';

/**
 * One taken place under a capped link: `slot` is `<linkId>#<n>` with n below the cap, and so is `_id`
 * (places taken before issue 13 have an ObjectId; `slot` stays unique for both). Its unique index
 * makes taking a place a single insert that either wins or gets 11000 — atomic on FerretDB, whose
 * conditional updates are a read then a write and so let concurrent phones overshoot a counter.
 */
const linkSlotSchema = new Schema(
  {
    _id: { type: Schema.Types.Mixed },
    slot: { type: String, required: true },
    linkId: { type: String, required: true },
    /** The response stored under this place, so a full link knows its resends without querying responses. */
    responseId: { type: String },
  },
  { collection: 'linkSlots', versionKey: false },
);
linkSlotSchema.index({ slot: 1 }, { unique: true });

export function linkSlotModel(connection: Connection) {
  return connection.model('LinkSlot', linkSlotSchema);
}
