import { describe, expect, it } from 'vitest';
import { CalibrationError, postStratify, type PopulationTotals } from '../../../../analysis/stats/calibration';
import { createDesign } from '../../../../analysis/stats/design';
import { applyScheme } from '../../../../analysis/stats/scheme';
import { weightDistribution } from '../../../../analysis/stats/weights';

describe('weightDistribution', () => {
  it('gives R’s type-7 quartiles, the CV with divisor n and Kish’s 1 + CV²', () => {
    const summary = weightDistribution([10, 1, 4, 2, 3], 3);
    expect(summary).toMatchObject({ n: 5, min: 1, q1: 2, median: 3, q3: 4, max: 10, mean: 4 });
    expect(summary.kishDeff).toBeCloseTo((5 * 130) / 400, 12);
    expect(summary.cv).toBeCloseTo(Math.sqrt(0.625), 12);
    expect(summary.histogram.map((bin) => bin.count)).toEqual([3, 1, 1]);
    expect(summary.histogram[0]).toEqual({ from: 1, to: 4, count: 3 });
    expect(weightDistribution([2.5, 2.5, 2.5])).toMatchObject({ kishDeff: 1, cv: 0, histogram: [{ from: 2.5, to: 2.5, count: 3 }] });
    expect(() => weightDistribution([])).toThrow(RangeError);
  });
});

describe('applyScheme', () => {
  const design = createDesign({ weights: [1, 1, 1, 1, 2, 2], strata: ['a', 'a', 'a', 'b', 'b', 'b'], clusters: ['1', '2', '3', '4', '5', '6'] });
  const sex = ['m', 'm', 'f', 'f', 'f', 'm'];
  const age = ['y', 'o', 'y', 'o', 'y', 'o'];
  const values = (variable: string) => (variable === 'sex' ? sex : age);

  it('post-stratifies exactly as the engine’s postStratify, and refuses more than one variable', () => {
    const totals = { variable: 'sex', totals: { m: 60, f: 40 } };
    const weighted = applyScheme(design, values, { method: 'poststratify', margins: [totals], trimCap: null });
    expect([...weighted.design.weights]).toEqual([...postStratify(design, sex, totals).weights]);
    expect(weighted).toMatchObject({ cap: null, trimmed: 0 });
    expect(() => applyScheme(design, values, { method: 'poststratify', margins: [totals, { variable: 'age', totals: { y: 50, o: 50 } }], trimCap: null })).toThrow(CalibrationError);
  });

  it('rakes to both margins, then trims at the cap × mean weight keeping the total', () => {
    const margins: PopulationTotals[] = [
      { variable: 'sex', totals: { m: 70, f: 30 } },
      { variable: 'age', totals: { y: 50, o: 50 } },
    ];
    const raked = applyScheme(design, values, { method: 'rake', margins, trimCap: null }).design.weights;
    const sum = (mask: (i: number) => boolean, w: ArrayLike<number>) => Array.from(w).reduce((total, x, i) => total + (mask(i) ? x : 0), 0);
    expect(sum((i) => sex[i] === 'm', raked)).toBeCloseTo(70, 4);
    expect(sum((i) => age[i] === 'y', raked)).toBeCloseTo(50, 4);
    const trimmed = applyScheme(design, values, { method: 'rake', margins, trimCap: 1.2 });
    expect(trimmed.cap).toBeCloseTo((1.2 * 100) / 6, 6);
    expect(Math.max(...trimmed.design.weights)).toBeLessThanOrEqual(trimmed.cap! * (1 + 1e-12));
    expect(sum(() => true, trimmed.design.weights)).toBeCloseTo(100, 9);
    expect(trimmed.trimmed).toBeGreaterThan(0);
    expect(trimmed.trimmed).toBe(Array.from(trimmed.design.weights).filter((w) => w >= trimmed.cap! * (1 - 1e-12)).length);
  });
});
