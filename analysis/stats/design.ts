/**
 * A complex sample design as R's svydesign(ids = ~psu, strata = ~stratum, fpc = ..., weights = ...,
 * nest = TRUE) holds it: every observation's weight, stratum and first-stage cluster (PSU).
 */

/** What to do with a stratum that has one PSU, as R's options(survey.lonely.psu = …). */
export const LONELY_PSU_OPTIONS = ['fail', 'remove', 'adjust', 'average', 'certainty'] as const;
export type LonelyPsu = (typeof LONELY_PSU_OPTIONS)[number];
/**
 * The platform's default: 'adjust' (the lonely PSU's deviation from the grand mean, not the stratum
 * mean: conservative), so an early fieldwork stratum with one site still gets an honest interval.
 */
export const DEFAULT_LONELY_PSU: LonelyPsu = 'adjust';

/** One calibration step, remembered so the variance can take the calibration into account. */
export type CalibrationStep =
  | { kind: 'poststratify'; cell: Int32Array; weights: Float64Array; oldWeights: Float64Array }
  | { kind: 'raking'; margins: { cell: Int32Array; weights: Float64Array }[] };

export interface Design {
  n: number;
  weights: Float64Array;
  /** Stratum index of each observation, into strataLabels. */
  stratum: Int32Array;
  strataLabels: string[];
  /** PSU index of each observation (PSUs are nested in strata). */
  psu: Int32Array;
  psuCount: number;
  /** Number of sampled PSUs per stratum. */
  psusInStratum: Int32Array;
  /** Population number of PSUs per stratum (Infinity without an fpc). */
  populationPsus: Float64Array;
  calibration: CalibrationStep[];
  /**
   * How many interviews each observation stands for, when observations are groups of interviews that share
   * weight, stratum, PSU and calibration cells (a weight class); absent, each observation is one interview.
   */
  counts?: Float64Array;
}

/** The interviews a design's observations stand for. */
export function interviewCount(design: Design): number {
  if (!design.counts) return design.n;
  let total = 0;
  for (const count of design.counts) total += count;
  return total;
}

export interface DesignInput {
  weights: ArrayLike<number>;
  /** Stratum of each observation: labels, or integer codes for columns already coded. */
  strata?: ArrayLike<string | number>;
  /** First-stage cluster (PSU) of each observation, nested in its stratum. */
  clusters?: ArrayLike<string | number>;
  /** Population PSUs in the stratum, or the sampling fraction when every value is at most 1 (as R reads fpc). */
  fpc?: ArrayLike<number>;
  /** How many interviews each observation stands for (Design.counts); 1 each when left out. */
  counts?: ArrayLike<number>;
}

export class DesignError extends Error {}

/** Integer codes below this are renumbered through a lookup table rather than a Map. */
const TABLE_LIMIT = 1 << 24;

function indexCodes(codes: Int32Array, n: number): { index: Int32Array; levels: number[] } | undefined {
  let max = -1;
  for (let i = 0; i < n; i++) {
    if (codes[i]! < 0) return undefined;
    if (codes[i]! > max) max = codes[i]!;
  }
  if (max >= TABLE_LIMIT) return undefined;
  const table = new Int32Array(max + 1).fill(-1);
  const index = new Int32Array(n);
  const levels: number[] = [];
  for (let i = 0; i < n; i++) {
    if (table[codes[i]!]! < 0) {
      table[codes[i]!] = levels.length;
      levels.push(codes[i]!);
    }
    index[i] = table[codes[i]!]!;
  }
  return { index, levels };
}

function indexLabels(labels: ArrayLike<string | number>, n: number): { index: Int32Array; levels: (string | number)[] } {
  const coded = labels instanceof Int32Array ? indexCodes(labels, n) : undefined;
  if (coded) return coded;
  const ids = new Map<string | number, number>();
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let id = ids.get(labels[i]!);
    if (id === undefined) {
      id = ids.size;
      ids.set(labels[i]!, id);
    }
    index[i] = id;
  }
  return { index, levels: [...ids.keys()] };
}

/** Builds a design; throws DesignError for weights that are not finite and non-negative or an fpc that varies within a stratum. */
export function createDesign(input: DesignInput): Design {
  const n = input.weights.length;
  const weights = Float64Array.from(input.weights);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(weights[i]!) || weights[i]! < 0) {
      throw new DesignError(`weight of observation ${i + 1} is ${input.weights[i]!}; weights must be finite and not negative`);
    }
  }
  const strata = indexLabels(input.strata ?? new Int32Array(n), n);
  const psus = indexPsus(input.clusters, strata.index, n);
  const psusInStratum = new Int32Array(strata.levels.length);
  const seen = new Uint8Array(psus.count);
  for (let i = 0; i < n; i++) {
    if (!seen[psus.index[i]!]!) {
      seen[psus.index[i]!] = 1;
      psusInStratum[strata.index[i]!]!++;
    }
  }
  return {
    n,
    weights,
    stratum: strata.index,
    strataLabels: strata.levels.map(String),
    psu: psus.index,
    psuCount: psus.count,
    psusInStratum,
    populationPsus: populationPsus(input.fpc, strata.index, strata.levels.map(String), psusInStratum),
    calibration: [],
    ...(input.counts ? { counts: Float64Array.from(input.counts) } : {}),
  };
}

/** PSU of each observation, numbered so that equal cluster labels in different strata are different PSUs. */
function indexPsus(clusters: ArrayLike<string | number> | undefined, stratum: Int32Array, n: number): { index: Int32Array; count: number } {
  if (!clusters) return { index: Int32Array.from({ length: n }, (_, i) => i), count: n };
  const labels = indexLabels(clusters, n);
  const keys = new Int32Array(n);
  let strata = 0;
  for (let i = 0; i < n; i++) strata = Math.max(strata, stratum[i]! + 1);
  for (let i = 0; i < n; i++) keys[i] = stratum[i]! * labels.levels.length + labels.index[i]!;
  // A lookup table is much faster than a Map when the (stratum, cluster) pairs are few enough.
  if (strata * labels.levels.length > TABLE_LIMIT) {
    const renumbered = indexLabels(keys, n);
    return { index: renumbered.index, count: renumbered.levels.length };
  }
  const table = new Int32Array(strata * labels.levels.length).fill(-1);
  const index = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (table[keys[i]!]! < 0) table[keys[i]!] = count++;
    index[i] = table[keys[i]!]!;
  }
  return { index, count };
}

function populationPsus(
  fpc: ArrayLike<number> | undefined,
  stratum: Int32Array,
  labels: string[],
  psusInStratum: Int32Array,
): Float64Array {
  const population = new Float64Array(labels.length).fill(Infinity);
  if (!fpc) return population;
  let asFraction = true;
  for (let i = 0; i < fpc.length; i++) if (fpc[i]! > 1) asFraction = false;
  const given = new Float64Array(labels.length).fill(NaN);
  for (let i = 0; i < fpc.length; i++) {
    const h = stratum[i]!;
    if (!Number.isFinite(fpc[i]!) || fpc[i]! <= 0) throw new DesignError(`fpc of observation ${i + 1} is ${fpc[i]!}; it must be positive`);
    if (Number.isNaN(given[h]!)) given[h] = fpc[i]!;
    else if (given[h]! !== fpc[i]!) throw new DesignError(`fpc varies within stratum ${labels[h]!}`);
  }
  for (let h = 0; h < labels.length; h++) {
    population[h] = asFraction ? psusInStratum[h]! / given[h]! : given[h]!;
    if (population[h]! < psusInStratum[h]!) {
      throw new DesignError(`fpc of stratum ${labels[h]!} (${given[h]!}) is below its ${psusInStratum[h]!} sampled PSUs`);
    }
  }
  return population;
}
