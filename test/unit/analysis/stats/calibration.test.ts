import { describe, expect, it } from 'vitest';
import { createDesign, DesignError } from '../../../../analysis/stats/design';
import { baseWeight, CalibrationError, postStratify, rake, trimWeights, type RakeSpec } from '../../../../analysis/stats/calibration';
import { estimateStatistic } from '../../../../analysis/stats/estimate';

const design = createDesign({ weights: [10, 20, 30, 40, 100], strata: ['a', 'a', 'b', 'b', 'b'], clusters: ['1', '2', '3', '4', '5'] });

describe('calibration inputs and weights', () => {
  it('trims weights at the cap and keeps the total', () => {
    const trimmed = trimWeights(design, 50);
    expect(Math.max(...trimmed.weights)).toBeLessThanOrEqual(50 + 1e-9);
    expect(trimmed.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(200, 9);
  });

  it('computes base weights from the frame: 1 / selection probability × migrants / completes', () => {
    expect(baseWeight({ selectionProbability: 0.25, migrantPopulation: 600, completes: 30 })).toBe(80);
  });

  it('refuses a post-stratum with population but no sample, and a value with no total', () => {
    expect(() => postStratify(design, ['x', 'x', 'x', 'x', 'x'], { variable: 'g', totals: { x: 5, y: 3 } })).toThrow(CalibrationError);
    expect(() => postStratify(design, ['x', 'x', 'z', 'x', 'x'], { variable: 'g', totals: { x: 5 } })).toThrow(/g = "z" \(observation 3\) has no population total/);
  });

  it('refuses margins that do not add up to the same total', () => {
    const spec: RakeSpec = { margins: [{ variable: 'g', totals: { x: 100, y: 100 } }, { variable: 's', totals: { F: 50, M: 60 } }], epsilon: 1e-9, maxIter: 50 };
    expect(() => rake(design, [['x', 'y', 'x', 'y', 'x'], ['F', 'M', 'M', 'F', 'F']], spec)).toThrow(/margin s adds up to 110 but g to 200/);
  });

  it('refuses negative weights and an fpc below the sampled PSUs', () => {
    expect(() => createDesign({ weights: [1, -2] })).toThrow(DesignError);
    expect(() => createDesign({ weights: [1, 1], strata: ['a', 'a'], clusters: ['1', '2'], fpc: [1.5, 1.5] })).toThrow(/below its 2 sampled PSUs/);
  });

  it('gives "no data" for an empty domain', () => {
    const row = estimateStatistic(design, { statistic: 'mean', variable: 'y', values: [1, 2, 3, 4, 5] }, { lonelyPsu: 'fail', ci: 'wald', level: 0.95 }, new Uint8Array(5));
    expect(row).toMatchObject({ estimate: null, n: 0, note: 'no data' });
  });
});
