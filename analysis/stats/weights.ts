/** How unequal the final weights are: their distribution and Kish's design effect due to weighting. */

export interface WeightDistribution {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
  /** Standard deviation (divisor n) over the mean. */
  cv: number;
  /** Kish's design effect due to unequal weights, 1 + CV² = n·Σw² / (Σw)². */
  kishDeff: number;
  /** Equal-width bins from min to max, for a small histogram. */
  histogram: { from: number; to: number; count: number }[];
}

/** Quantile as R's default (type 7) computes it, on sorted values. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (h - low) * (sorted[high]! - sorted[low]!);
}

export function weightDistribution(weights: ArrayLike<number>, bins = 20): WeightDistribution {
  const n = weights.length;
  if (n === 0) throw new RangeError('no weights to describe');
  const sorted = Float64Array.from(weights).sort();
  let sum = 0;
  let squares = 0;
  for (const w of sorted) {
    sum += w;
    squares += w * w;
  }
  const mean = sum / n;
  const kishDeff = (n * squares) / (sum * sum);
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  const width = (max - min) / bins;
  const histogram = Array.from({ length: width > 0 ? bins : 1 }, (_, b) => ({ from: min + b * width, to: width > 0 ? min + (b + 1) * width : max, count: 0 }));
  for (const w of sorted) histogram[width > 0 ? Math.min(bins - 1, Math.floor((w - min) / width)) : 0]!.count++;
  return {
    n,
    min,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    max,
    mean,
    cv: Math.sqrt(Math.max(0, kishDeff - 1)),
    kishDeff,
    histogram,
  };
}
