import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { WEIGHTING_METHODS } from '../../contracts/weighting';

const marginSchema = new Schema(
  {
    variable: { type: String, required: true },
    /** Levels as an array rather than an object: province codes and age groups are not safe field names everywhere. */
    levels: [{ _id: false, level: { type: String, required: true }, population: { type: Number, required: true } }],
  },
  { _id: false },
);

/** Population margins an analyst uploaded, and how to weight to them. Written once by an insert, never updated. */
const weightingSchemeSchema = new Schema(
  {
    _id: { type: String, required: true },
    id: { type: String, required: true },
    name: { type: String, required: true },
    method: { type: String, required: true, enum: WEIGHTING_METHODS },
    /** Largest weight as a multiple of the mean weight; null: no trimming. */
    trimCap: { type: Number, default: null },
    margins: { type: [marginSchema], required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'weightingSchemes', versionKey: false, id: false },
);

export type WeightingSchemeDocument = InferSchemaType<typeof weightingSchemeSchema>;

export function weightingSchemeModel(connection: Connection) {
  return connection.model('WeightingScheme', weightingSchemeSchema);
}
