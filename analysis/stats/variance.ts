/**
 * One Taylor-linearization variance for every estimator, as R's svyrecvar: with-replacement at the
 * PSU level, first-stage fpc, calibration residuals, and the lonely-PSU options.
 */
import type { Design, LonelyPsu } from './design';

export class LonelyPsuError extends Error {
  constructor(readonly strata: string[]) {
    super(
      `Stratum (${strata.join(', ')}) has only one PSU at stage 1; choose a lonely-PSU option (remove, adjust, average, certainty) or merge strata`,
    );
  }
}

function cellCount(cell: Int32Array): number {
  let max = -1;
  for (const c of cell) if (c > max) max = c;
  return max + 1;
}

/**
 * Residuals of the weighted influence values after post-stratification or raking (svyrecvar's postStrata
 * loop). An observation that stands for several interviews (Design.counts) carries their summed influence,
 * so it counts that many times in a cell's mean and takes that many times its share of the adjustment.
 */
function calibrationResiduals(design: Design, x: Float64Array): Float64Array {
  const countOf = (i: number) => (design.counts ? design.counts[i]! : 1);
  let z = x;
  for (const step of design.calibration) {
    z = Float64Array.from(z);
    if (step.kind === 'poststratify') {
      const cells = cellCount(step.cell);
      const sums = new Float64Array(cells);
      const oldTotals = new Float64Array(cells);
      const psw = Float64Array.from(step.weights, (w, i) => (w === 0 && step.oldWeights[i]! === 0 ? 1 : w));
      for (let i = 0; i < z.length; i++) {
        sums[step.cell[i]!]! += (z[i]! * step.oldWeights[i]!) / psw[i]!;
        oldTotals[step.cell[i]!]! += step.oldWeights[i]! * countOf(i);
      }
      for (let i = 0; i < z.length; i++) z[i]! -= (sums[step.cell[i]!]! / oldTotals[step.cell[i]!]!) * psw[i]! * countOf(i);
    } else {
      // R repeats the margins' residualization ten times.
      for (let iteration = 0; iteration < 10; iteration++) {
        for (const margin of step.margins) {
          const cells = cellCount(margin.cell);
          const sums = new Float64Array(cells);
          const counts = new Float64Array(cells);
          for (let i = 0; i < z.length; i++) {
            sums[margin.cell[i]!]! += z[i]! / margin.weights[i]!;
            counts[margin.cell[i]!]! += countOf(i);
          }
          for (let i = 0; i < z.length; i++) z[i]! -= margin.weights[i]! * countOf(i) * (sums[margin.cell[i]!]! / counts[margin.cell[i]!]!);
        }
      }
    }
  }
  return z;
}

/**
 * Variance of an estimator with weighted influence values x (x_i = w_i · influence_i).
 * `rows` marks the observations of the (sub)design: R drops the rest of an uncalibrated design
 * when it takes a domain, so strata without domain rows do not count (this matters for 'average').
 */
export function taylorVariance(design: Design, x: Float64Array, lonelyPsu: LonelyPsu, rows?: Uint8Array): number {
  const z = calibrationResiduals(design, x);
  const psuTotals = new Float64Array(design.psuCount);
  const present = new Uint8Array(design.strataLabels.length);
  const keepAll = design.calibration.length > 0 || !rows;
  for (let i = 0; i < design.n; i++) {
    psuTotals[design.psu[i]!]! += z[i]!;
    if (keepAll || rows[i]!) present[design.stratum[i]!] = 1;
  }
  const stratumSum = new Float64Array(design.strataLabels.length);
  const stratumSquares = new Float64Array(design.strataLabels.length);
  const psuStratum = new Int32Array(design.psuCount);
  for (let i = 0; i < design.n; i++) psuStratum[design.psu[i]!] = design.stratum[i]!;
  for (let p = 0; p < design.psuCount; p++) stratumSum[psuStratum[p]!]! += psuTotals[p]!;
  for (let p = 0; p < design.psuCount; p++) {
    const h = psuStratum[p]!;
    const deviation = psuTotals[p]! - stratumSum[h]! / design.psusInStratum[h]!;
    stratumSquares[h]! += deviation * deviation;
  }
  let variance = 0;
  let strata = 0;
  let okStrata = 0;
  const lonely: string[] = [];
  for (let h = 0; h < present.length; h++) {
    if (!present[h]!) continue;
    strata++;
    const sampled = design.psusInStratum[h]!;
    const population = design.populationPsus[h]!;
    const f = population === Infinity ? 1 : (population - sampled) / population;
    if (f < 1e-7) {
      okStrata++;
      continue;
    }
    if (sampled > 1) {
      variance += ((f * sampled) / (sampled - 1)) * stratumSquares[h]!;
      okStrata++;
      continue;
    }
    if (lonelyPsu === 'fail') lonely.push(design.strataLabels[h]!);
    else if (lonelyPsu === 'adjust') {
      variance += f * stratumSum[h]! * stratumSum[h]!;
      okStrata++;
    } else if (lonelyPsu !== 'average') okStrata++;
  }
  if (lonely.length > 0) throw new LonelyPsuError(lonely);
  return (variance * strata) / okStrata;
}

/** Degrees of freedom as R's degf(): PSUs minus strata among the observations with a non-zero weight. */
export function degreesOfFreedom(design: Design, rows?: Uint8Array): number {
  const psus = new Uint8Array(design.psuCount);
  const strata = new Uint8Array(design.strataLabels.length);
  for (let i = 0; i < design.n; i++) {
    if (design.weights[i]! !== 0 && (!rows || rows[i]!)) {
      psus[design.psu[i]!] = 1;
      strata[design.stratum[i]!] = 1;
    }
  }
  let count = 0;
  for (const seen of psus) count += seen;
  for (const seen of strata) count -= seen;
  return count;
}
