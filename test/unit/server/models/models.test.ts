import mongoose, { type Schema } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROLES } from '../../../../contracts/accounts';
import { paradataSchema, submissionSchema } from '../../../../contracts/submission';
import { STORED_INSTRUMENT_STATES } from '../../../../contracts/instruments';
import { SITE_TYPES, siteProgressSchema } from '../../../../contracts/samplingPoints';
import { WEIGHTING_METHODS } from '../../../../contracts/weighting';
import { modelsOf } from '../../../../server/models';
import { PACKED_FIELDS, packedParadataSchema } from '../../../../server/models/response';

/**
 * The mongoose schemas stay (they cast and index what is stored), but what they store must be what the
 * contracts let through: these fail when a field is added, renamed or given other values on one side only.
 */
const connection = mongoose.createConnection();
const models = modelsOf(connection);
afterAll(() => connection.close());

const enumOf = (schema: Schema, path: string) => (schema.path(path) as unknown as { enumValues?: string[] }).enumValues;

describe('the stored shapes match the contracts', () => {
  it('a response stores every field of the submission, under the same names and values', () => {
    const stored = models.Response.schema;
    const { samplingPoint: _siteCodeOnDisk, ...sameName } = submissionSchema.shape;
    for (const field of Object.keys(sameName)) expect(stored.path(field), field).toBeDefined();
    expect(stored.path('siteCode')).toBeDefined();
    expect(enumOf(stored, 'mode')).toEqual([...(submissionSchema.shape.mode.options as readonly string[])]);
    expect(enumOf(stored, 'status')).toEqual([...(submissionSchema.shape.status.options as readonly string[])]);
    // Packed as JSON strings, described field by field by the packed paradata's schema.
    for (const field of PACKED_FIELDS) expect(stored.path(field).instance, field).toBe('String');
    expect(Object.keys(packedParadataSchema.paths).sort()).toEqual(Object.keys(paradataSchema.shape).sort());
    // The duration the analysis rows and the listing read stands beside the packed paradata, as the same type.
    expect(stored.path('durationSeconds').instance).toBe(packedParadataSchema.path('durationSeconds').instance);
  });

  it('dates of the packed paradata are read back as dates, numbers as numbers', () => {
    for (const [field, schema] of Object.entries(paradataSchema.shape)) {
      const inner = (schema as z.ZodOptional<z.ZodType>).unwrap();
      const expected = inner instanceof z.ZodISODateTime ? 'Date' : inner instanceof z.ZodNumber ? 'Number' : inner instanceof z.ZodString ? 'String' : 'Mixed';
      expect(packedParadataSchema.path(field).instance, field).toBe(expected);
    }
  });

  it('accounts, weighting schemes and sampling points', () => {
    expect(enumOf(models.User.schema, 'role')).toEqual([...ROLES]);
    expect(enumOf(models.WeightingScheme.schema, 'method')).toEqual([...WEIGHTING_METHODS]);
    const { counts: _countedNotStored, provinceName: _province, cityName: _city, countyName: _namedFromTheCodes, ...stored } = siteProgressSchema.shape;
    for (const field of Object.keys(stored)) expect(models.SamplingPoint.schema.path(field), field).toBeDefined();
    expect(enumOf(models.SamplingPoint.schema, 'siteType')).toEqual([...SITE_TYPES]);
  });

  it('instrument versions store the states the contract names', () => {
    expect(enumOf(models.InstrumentVersion.schema, 'state')).toEqual([...STORED_INSTRUMENT_STATES]);
  });
});
