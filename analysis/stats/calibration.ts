/**
 * Calibration to known population totals, as R's postStratify() and rake(); each returns a new
 * design whose calibration steps let taylorVariance compute R's variance after calibration.
 */
import type { CalibrationStep, Design } from './design';

export class CalibrationError extends Error {}

export interface PopulationTotals {
  variable: string;
  totals: Record<string, number>;
}

export interface RakeSpec {
  margins: PopulationTotals[];
  /** Below 1: a fraction of the total weight (as R's rake reads control$epsilon). */
  epsilon: number;
  maxIter: number;
}

function cellsOf(values: ArrayLike<string>, totals: PopulationTotals): { cell: Int32Array; targets: number[] } {
  const labels = Object.keys(totals.totals);
  const index = new Map(labels.map((label, i) => [label, i]));
  const cell = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const c = index.get(values[i]!);
    if (c === undefined) {
      throw new CalibrationError(`${totals.variable} = "${values[i]!}" (observation ${i + 1}) has no population total; add it to the totals`);
    }
    cell[i] = c;
  }
  return { cell, targets: labels.map((label) => totals.totals[label]!) };
}

/** An observation's weight times the interviews it stands for (Design.counts). */
const weighted = (weights: Float64Array, counts: Float64Array | undefined, i: number): number => (counts ? weights[i]! * counts[i]! : weights[i]!);

function poststratifyWeights(weights: Float64Array, cell: Int32Array, targets: number[], variable: string, labels: string[], counts?: Float64Array): Float64Array {
  const sampled = new Float64Array(targets.length);
  for (let i = 0; i < weights.length; i++) sampled[cell[i]!]! += weighted(weights, counts, i);
  for (let c = 0; c < targets.length; c++) {
    if (sampled[c]! === 0 && targets[c]! !== 0) {
      throw new CalibrationError(`${variable} = "${labels[c]!}" has a population total of ${targets[c]!} but no sampled weight; merge it with another cell`);
    }
  }
  return Float64Array.from(weights, (w, i) => (w * targets[cell[i]!]!) / sampled[cell[i]!]!);
}

/** Post-stratification on one variable. */
export function postStratify(design: Design, values: ArrayLike<string>, totals: PopulationTotals): Design {
  const { cell, targets } = cellsOf(values, totals);
  const weights = poststratifyWeights(design.weights, cell, targets, totals.variable, Object.keys(totals.totals), design.counts);
  const step: CalibrationStep = { kind: 'poststratify', cell, weights, oldWeights: design.weights };
  return { ...design, weights, calibration: [...design.calibration, step] };
}

/** Weighted counts of every combination of the margins' categories (R's svytable over all of them). */
function crossTable(weights: Float64Array, cells: Int32Array[], sizes: number[], counts?: Float64Array): Float64Array {
  const table = new Float64Array(sizes.reduce((a, b) => a * b, 1));
  for (let i = 0; i < weights.length; i++) {
    let key = 0;
    for (let m = 0; m < cells.length; m++) key = key * sizes[m]! + cells[m]![i]!;
    table[key]! += weighted(weights, counts, i);
  }
  return table;
}

/** Raking (iterative proportional fitting) over several margins, stopping as R's rake does. */
export function rake(design: Design, values: ArrayLike<string>[], spec: RakeSpec): Design {
  if (values.length !== spec.margins.length) throw new CalibrationError('one column of values is needed per margin');
  const margins = spec.margins.map((margin, m) => ({ ...cellsOf(values[m]!, margin), margin }));
  let grand = 0;
  for (let i = 0; i < design.n; i++) grand += weighted(design.weights, design.counts, i);
  for (const { margin } of margins.slice(1)) {
    const first = Object.values(spec.margins[0]!.totals).reduce((a, b) => a + b, 0);
    const sum = Object.values(margin.totals).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - first) > 1e-9 * Math.max(first, 1)) {
      throw new CalibrationError(`margin ${margin.variable} adds up to ${sum} but ${spec.margins[0]!.variable} to ${first}; margins must have the same total`);
    }
  }
  const epsilon = spec.epsilon < 1 ? spec.epsilon * grand : spec.epsilon;
  const sizes = margins.map((m) => m.targets.length);
  const cells = margins.map((m) => m.cell);
  let weights = design.weights;
  let previous = crossTable(weights, cells, sizes, design.counts);
  for (let iteration = 0; iteration < spec.maxIter; iteration++) {
    const steps: { cell: Int32Array; weights: Float64Array }[] = [];
    for (const { cell, targets, margin } of margins) {
      weights = poststratifyWeights(weights, cell, targets, margin.variable, Object.keys(margin.totals), design.counts);
      steps.push({ cell, weights });
    }
    const table = crossTable(weights, cells, sizes, design.counts);
    let delta = 0;
    for (let k = 0; k < table.length; k++) delta = Math.max(delta, Math.abs(table[k]! - previous[k]!));
    if (delta < epsilon) {
      return { ...design, weights, calibration: [...design.calibration, { kind: 'raking', margins: steps }] };
    }
    previous = table;
  }
  throw new CalibrationError(`raking did not converge within ${spec.maxIter} iterations (epsilon ${spec.epsilon}); raise maxIter or epsilon`);
}

/** Caps weights at `cap`, spreading the trimmed weight over the untrimmed observations so the total is kept. */
export function trimWeights(design: Design, cap: number): Design {
  const weights = Float64Array.from(design.weights);
  for (let round = 0; round < 100; round++) {
    let excess = 0;
    let free = 0;
    for (let i = 0; i < weights.length; i++) {
      const count = design.counts ? design.counts[i]! : 1;
      if (weights[i]! > cap) {
        excess += (weights[i]! - cap) * count;
        weights[i] = cap;
      } else if (weights[i]! < cap) free += weights[i]! * count;
    }
    if (excess === 0 || free === 0) break;
    for (let i = 0; i < weights.length; i++) if (weights[i]! < cap) weights[i]! *= 1 + excess / free;
  }
  return { ...design, weights };
}

/** Base weight of an interview: 1 / site selection probability × site migrant population / completed interviews at the site. */
export function baseWeight(site: { selectionProbability: number; migrantPopulation: number; completes: number }): number {
  return (1 / site.selectionProbability) * (site.migrantPopulation / site.completes);
}
