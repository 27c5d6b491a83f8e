/**
 * A weighting scheme applied to a design: calibration to population margins (post-stratification on one
 * variable, or raking on several) and then, optionally, trimming at a multiple of the mean weight.
 * The math is calibration.ts's; this only chains its steps as a stored scheme describes them.
 */
import { postStratify, rake, trimWeights, CalibrationError, type PopulationTotals } from './calibration';
import { interviewCount, type Design } from './design';

export interface WeightingSpec {
  method: 'poststratify' | 'rake';
  margins: PopulationTotals[];
  /** Largest weight allowed, as a multiple of the mean calibrated weight; null: no trimming. */
  trimCap: number | null;
}

/** Raking stops when no cell of the margins' cross-table moves by more than this fraction of the total weight. */
const RAKE_EPSILON = 1e-7;
const RAKE_MAX_ITERATIONS = 100;

export interface WeightedDesign {
  design: Design;
  /** The weight cap in weight units, or null without trimming. */
  cap: number | null;
  /** Interviews whose weight was cut to the cap. */
  trimmed: number;
}

/** values(variable) gives every observation's level of a margin variable, in design order. */
export function applyScheme(design: Design, values: (variable: string) => ArrayLike<string>, spec: WeightingSpec): WeightedDesign {
  if (spec.method === 'poststratify' && spec.margins.length !== 1) {
    throw new CalibrationError(`post-stratification uses one variable, not ${spec.margins.length}; rake to weight on several margins`);
  }
  const calibrated =
    spec.method === 'poststratify'
      ? postStratify(design, values(spec.margins[0]!.variable), spec.margins[0]!)
      : rake(design, spec.margins.map((margin) => values(margin.variable)), { margins: spec.margins, epsilon: RAKE_EPSILON, maxIter: RAKE_MAX_ITERATIONS });
  if (spec.trimCap === null) return { design: calibrated, cap: null, trimmed: 0 };
  const countOf = (i: number) => (calibrated.counts ? calibrated.counts[i]! : 1);
  let total = 0;
  for (let i = 0; i < calibrated.n; i++) total += calibrated.weights[i]! * countOf(i);
  const cap = (spec.trimCap * total) / interviewCount(calibrated);
  const trimmedDesign = trimWeights(calibrated, cap);
  let trimmed = 0;
  for (let i = 0; i < trimmedDesign.n; i++) if (trimmedDesign.weights[i]! >= cap * (1 - 1e-12)) trimmed += countOf(i);
  return { design: trimmedDesign, cap, trimmed };
}
