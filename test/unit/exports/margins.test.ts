import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../server/http/errors';
import { parseMarginsCsv } from '../../../server/services/margins';

describe('calibration margins CSV', () => {
  it('reads one margin per variable with a total per category', () => {
    expect(parseMarginsCsv('\uFEFFvariable,category,total\nsex,male,61000\nsex,female,67000\nregion,East,55000\n')).toEqual([
      { variable: 'sex', totals: { male: 61000, female: 67000 } },
      { variable: 'region', totals: { East: 55000 } },
    ]);
  });

  it('names every bad line: a missing total, a negative one, a category given twice', () => {
    let error: unknown;
    try {
      parseMarginsCsv('variable,category,total\nsex,male,\nsex,female,-3\nsex,female,100\nsex,female,200\n');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).errors).toEqual([
      { path: 'line 2, total', message: 'expected a positive number of people' },
      { path: 'line 3, total', message: 'expected a positive number of people' },
      { path: 'line 5, category', message: 'sex = female appears twice' },
    ]);
  });

  it('an empty file is an error, not an empty calibration', () => {
    expect(() => parseMarginsCsv('variable,category,total\n')).toThrow(/problem/);
  });
});
