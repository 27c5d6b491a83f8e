import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { REGIONS } from '../../analysis/domain/regions';
import { SITE_TYPES } from '../../contracts/samplingPoints';

/** A first-stage unit (PSU) of the sample: a site where migrants are interviewed. */
const samplingPointSchema = new Schema(
  {
    stratum: { type: String, required: true },
    siteCode: { type: String, required: true },
    siteName: { type: String, required: true },
    siteType: { type: String, required: true, enum: SITE_TYPES },
    provinceCode: { type: String, required: true },
    cityCode: { type: String, required: true },
    countyCode: { type: String, required: true },
    /** The frame's own name for the county, only where it differs from GB/T 2260's (analysis/domain/divisions.ts). */
    countyName: { type: String, default: null },
    region: { type: String, required: true, enum: REGIONS },
    migrantPopulation: { type: Number, required: true },
    selectionProbability: { type: Number, required: true },
    plannedInterviews: { type: Number, required: true },
  },
  { collection: 'samplingPoints', timestamps: true, versionKey: false },
);
samplingPointSchema.index({ siteCode: 1 }, { unique: true });
samplingPointSchema.index({ stratum: 1 });

export type SamplingPointDocument = InferSchemaType<typeof samplingPointSchema>;

export function samplingPointModel(connection: Connection) {
  return connection.model('SamplingPoint', samplingPointSchema);
}
