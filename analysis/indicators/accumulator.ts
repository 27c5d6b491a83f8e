/**
 * One pass over the responses, keeping only per-PSU sums for every (indicator, domain) cell, so
 * memory grows with PSUs × domains, not with responses. Within a PSU (a sampling site) every
 * interview has the same base weight, so unweighted sums suffice and the weight is applied at the end.
 * finish() hands PSU totals to the same estimator and variance functions as the exact engine.
 */
import { createDesign, type LonelyPsu } from '../stats/design';
import { ratio } from '../stats/estimators';
import { interval, type IntervalMethod } from '../stats/intervals';
import { degreesOfFreedom, taylorVariance } from '../stats/variance';
import type { ReportedEstimate } from '../stats/estimate';
import type { ResponseScores } from '../scoring/types';
import { INDICATORS, type Breakdown, type Indicator } from './registry';
import { judge, targetFor, type TargetStatus } from './targets';

/** What the accumulator needs of one complete response. */
export interface IndicatorRecord {
  stratum: string;
  psu: string;
  scores: ResponseScores;
  breakdowns: Partial<Record<Breakdown, string | null>>;
}

export interface IndicatorEstimate extends ReportedEstimate {
  indicator: string;
  domain: Record<string, string> | null;
  target: number | null;
  status: TargetStatus | null;
  difference: number | null;
  note?: 'no data';
}

/** n, Σy, Σx, Σy², Σxy, Σx² of one PSU in one cell. */
const SUMS = 6;

interface Cell {
  indicator: Indicator;
  domain: Record<string, string> | null;
  sums: Map<number, Float64Array>;
}

export class IndicatorAccumulator {
  private readonly psuIndex = new Map<string, number>();
  private readonly psuStratum: string[] = [];
  private readonly psuLabels: string[] = [];
  private readonly cells = new Map<string, Cell>();

  constructor(
    private readonly by: readonly Breakdown[],
    private readonly indicators: readonly Indicator[] = INDICATORS,
  ) {}

  add(record: IndicatorRecord): void {
    const key = `${record.stratum}\u0000${record.psu}`;
    let psu = this.psuIndex.get(key);
    if (psu === undefined) {
      psu = this.psuLabels.length;
      this.psuIndex.set(key, psu);
      this.psuLabels.push(record.psu);
      this.psuStratum.push(record.stratum);
    }
    const domains: (Record<string, string> | null)[] = [null];
    for (const breakdown of this.by) {
      const value = record.breakdowns[breakdown];
      if (value !== null && value !== undefined) domains.push({ [breakdown]: value });
    }
    for (const indicator of this.indicators) {
      const contribution = indicator.contribution(record.scores);
      if (!contribution) continue;
      for (const domain of domains) this.addTo(indicator, domain, psu, contribution);
    }
  }

  private addTo(indicator: Indicator, domain: Record<string, string> | null, psu: number, [y, x]: [number, number]): void {
    const key = `${indicator.id}\u0000${domain ? JSON.stringify(domain) : ''}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { indicator, domain, sums: new Map() };
      this.cells.set(key, cell);
    }
    let sums = cell.sums.get(psu);
    if (!sums) {
      sums = new Float64Array(SUMS);
      cell.sums.set(psu, sums);
    }
    sums[0]! += 1;
    sums[1]! += y;
    sums[2]! += x;
    sums[3]! += y * y;
    sums[4]! += x * y;
    sums[5]! += x * x;
  }

  /** The PSUs seen so far, for the caller to weight. */
  psus(): { stratum: string; psu: string }[] {
    return this.psuLabels.map((psu, i) => ({ stratum: this.psuStratum[i]!, psu }));
  }

  /** Estimates for every cell; weightOf gives each PSU's (common) interview weight, in psus() order. */
  finish(weightOf: (psuIndex: number) => number, options: { lonelyPsu: LonelyPsu; ci: IntervalMethod; level: number }): IndicatorEstimate[] {
    const design = createDesign({
      weights: this.psuLabels.map((_, i) => weightOf(i)),
      strata: this.psuStratum,
      clusters: this.psuLabels,
    });
    const rows: IndicatorEstimate[] = [];
    for (const cell of this.cells.values()) rows.push(this.estimateCell(cell, design, options));
    return rows;
  }

  private estimateCell(
    cell: Cell,
    design: ReturnType<typeof createDesign>,
    options: { lonelyPsu: LonelyPsu; ci: IntervalMethod; level: number },
  ): IndicatorEstimate {
    const numerator = new Float64Array(design.n);
    const denominator = new Float64Array(design.n);
    const mask = new Uint8Array(design.n);
    let n = 0;
    let weightSum = 0;
    let ySquares = 0;
    let xy = 0;
    let xSquares = 0;
    for (const [psu, sums] of cell.sums) {
      const w = design.weights[psu]!;
      numerator[psu] = sums[1]!;
      denominator[psu] = sums[2]!;
      mask[psu] = 1;
      n += sums[0]!;
      weightSum += w * sums[0]!;
      ySquares += w * sums[3]!;
      xy += w * sums[4]!;
      xSquares += w * sums[5]!;
    }
    const target = targetFor(cell.indicator.id, cell.domain);
    const base = { indicator: cell.indicator.id, domain: cell.domain, n, target };
    if (n === 0 || weightSum === 0) {
      return { ...base, estimate: null, se: null, ciLow: null, ciHigh: null, deff: null, df: null, status: null, difference: null, note: 'no data' };
    }
    const linearized = ratio(design, numerator, denominator, mask);
    const estimate = linearized.estimate;
    const variance = taylorVariance(design, linearized.influence, options.lonelyPsu, mask);
    const se = Math.sqrt(variance);
    const df = degreesOfFreedom(design, mask);
    const method = cell.indicator.kind === 'prop' ? options.ci : 'wald';
    const [ciLow, ciHigh] = interval(method, { estimate, se, df, level: options.level, n });
    let totalX = 0;
    for (let i = 0; i < design.n; i++) totalX += design.weights[i]! * denominator[i]!;
    // R's deff for a ratio: the total of r = (y − R·x)/X against its SRS variance; Σ w·r = 0.
    const residualSquares = (ySquares - 2 * estimate * xy + estimate * estimate * xSquares) / (totalX * totalX);
    const elementVariance = ((residualSquares / weightSum) * n) / (n - 1);
    const deff = variance / (elementVariance * weightSum * weightSum * ((weightSum - n) / (weightSum * n)));
    return {
      ...base,
      estimate,
      se,
      ciLow,
      ciHigh,
      deff,
      df,
      ...judge(cell.indicator.id, cell.domain, { estimate, ciLow, ciHigh }),
    };
  }
}
