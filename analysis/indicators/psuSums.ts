/**
 * Per-PSU sufficient statistics of every (indicator, domain) cell: n, Σy, Σx, Σy², Σxy, Σx² of each PSU
 * (a sampling site) in each domain. Within a PSU every interview has the same base weight, so these sums
 * carry everything the ratio estimator, its Taylor variance and R's design effect need; memory grows with
 * PSUs × domains, not with interviews. Both estimation paths fill them: the streaming accumulator from
 * scored records, the in-memory analysis rows from their columns. finish() is the one place the sums
 * become estimates, through the engine's common summary (analysis/stats/estimate.ts).
 *
 * The numbers do not depend on the order rows arrive in: the sums are of small integers (exact), and
 * PSUs and domains are put in label order before any floating-point work.
 */
import { createDesign, type Design } from '../stats/design';
import { summarize, type EstimateOptions } from '../stats/estimate';
import { ratio } from '../stats/estimators';
import type { ReportedEstimate } from '../stats/estimate';
import type { Breakdown, Indicator } from './registry';
import { judge, targetFor, UNJUDGED, type EstimateStatus, type Judgement } from './targets';

export interface IndicatorEstimate extends ReportedEstimate, Omit<Judgement, 'status'> {
  indicator: string;
  domain: Record<string, string> | null;
  /** The target status, or not-measured for an indicator the selected version(s) do not ask (./measurement.ts). */
  status: EstimateStatus | null;
  note?: 'no data';
}

export interface PsuLabel {
  stratum: string;
  psu: string;
}

/** The sums of one (indicator, cell): n, Σy, Σx, Σy², Σxy, Σx². */
export const SUMS = 6;
/** Pair keys are domain × PSU_KEY_SPAN + psu, exact in a double for up to 2^26 PSUs and domains. */
const PSU_KEY_SPAN = 2 ** 26;
const OVERALL = 0;

const byLabel = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class PsuDomainSums {
  private readonly psuIndex = new Map<string, number>();
  private readonly psuLabels: PsuLabel[] = [];
  private readonly domainIndex = new Map<string, number>();
  /** Domain 0 is the whole selection; the others are one level of one breakdown. */
  private readonly domains: ({ breakdown: Breakdown; level: string } | null)[] = [null];
  private readonly pairIndex = new Map<number, number>();
  private pairDomain = new Int32Array(256);
  private pairPsu = new Int32Array(256);
  private pairCount = 0;
  /** Pair-major: the sums of pair p and indicator k start at (p·K + k)·SUMS, so one interview's sums are adjacent. */
  private sums: Float64Array;
  private readonly block: number;

  constructor(
    readonly indicators: readonly Indicator[],
    readonly by: readonly Breakdown[],
  ) {
    this.block = indicators.length * SUMS;
    this.sums = new Float64Array(this.pairDomain.length * this.block);
  }

  get psus(): readonly PsuLabel[] {
    return this.psuLabels;
  }

  psuOf(stratum: string, psu: string): number {
    const key = `${stratum}\u0000${psu}`;
    let index = this.psuIndex.get(key);
    if (index === undefined) {
      index = this.psuLabels.length;
      this.psuIndex.set(key, index);
      this.psuLabels.push({ stratum, psu });
    }
    return index;
  }

  /** The domain of one level of a breakdown (the whole selection is domain 0). */
  domainOf(breakdown: Breakdown, level: string): number {
    const key = `${breakdown}\u0000${level}`;
    let index = this.domainIndex.get(key);
    if (index === undefined) {
      index = this.domains.length;
      this.domainIndex.set(key, index);
      this.domains.push({ breakdown, level });
    }
    return index;
  }

  /** The slot of a PSU's sums in a domain, shared by every indicator. */
  pairOf(domain: number, psu: number): number {
    const key = domain * PSU_KEY_SPAN + psu;
    let pair = this.pairIndex.get(key);
    if (pair === undefined) {
      pair = this.pairCount++;
      if (pair === this.pairDomain.length) this.grow();
      this.pairIndex.set(key, pair);
      this.pairDomain[pair] = domain;
      this.pairPsu[pair] = psu;
    }
    return pair;
  }

  /** One eligible interview's numerator y and denominator x for indicator k, into one PSU-domain slot. */
  add(k: number, pair: number, y: number, x: number): void {
    const sums = this.sums;
    const at = (pair * this.indicators.length + k) * SUMS;
    sums[at]! += 1;
    sums[at + 1]! += y;
    sums[at + 2]! += x;
    sums[at + 3]! += y * y;
    sums[at + 4]! += x * y;
    sums[at + 5]! += x * x;
  }

  /** Every indicator's sums of a group of interviews (laid out as this class lays out a pair's), into one PSU-domain slot. */
  addSums(pair: number, sums: Float64Array, offset: number): void {
    const at = pair * this.block;
    for (let i = 0; i < this.block; i++) this.sums[at + i]! += sums[offset + i]!;
  }

  /** The slots of a record: the whole selection and each breakdown level it has. */
  pairsOf(psu: number, breakdowns: Partial<Record<Breakdown, string | null>>): number[] {
    const pairs = [this.pairOf(OVERALL, psu)];
    for (const breakdown of this.by) {
      const level = breakdowns[breakdown];
      if (level !== null && level !== undefined) pairs.push(this.pairOf(this.domainOf(breakdown, level), psu));
    }
    return pairs;
  }

  private grow(): void {
    const capacity = this.pairDomain.length * 2;
    const widen = <T extends Int32Array | Float64Array>(array: T, size: number): T => {
      const wider = new (array.constructor as new (size: number) => T)(size);
      wider.set(array);
      return wider;
    };
    this.pairDomain = widen(this.pairDomain, capacity);
    this.pairPsu = widen(this.pairPsu, capacity);
    this.sums = widen(this.sums, capacity * this.block);
  }

  /**
   * Estimates for every indicator in every domain with at least one eligible interview, in registry order,
   * each overall first and then by breakdown (in `by` order) and level (in label order).
   * weightOf gives each PSU's (common) interview weight.
   */
  finish(weightOf: (psu: PsuLabel) => number, options: EstimateOptions): IndicatorEstimate[] {
    const order = this.psuLabels.map((_, p) => p).sort((a, b) => byLabel(this.psuLabels[a]!.stratum, this.psuLabels[b]!.stratum) || byLabel(this.psuLabels[a]!.psu, this.psuLabels[b]!.psu));
    const rank = new Int32Array(order.length);
    order.forEach((p, i) => (rank[p] = i));
    const design = createDesign({
      weights: order.map((p) => weightOf(this.psuLabels[p]!)),
      strata: order.map((p) => this.psuLabels[p]!.stratum),
      clusters: order.map((p) => this.psuLabels[p]!.psu),
    });
    const pairsOfDomain = this.domains.map((): number[] => []);
    for (let pair = 0; pair < this.pairCount; pair++) pairsOfDomain[this.pairDomain[pair]!]!.push(pair);
    const domainOrder = this.domains
      .map((domain, d) => ({ domain, d }))
      .sort((a, b) => {
        if (!a.domain || !b.domain) return a.domain ? 1 : b.domain ? -1 : 0;
        return this.by.indexOf(a.domain.breakdown) - this.by.indexOf(b.domain.breakdown) || byLabel(a.domain.level, b.domain.level);
      });
    const domainDesigns = domainOrder.map(({ d }) => this.domainDesign(pairsOfDomain[d]!, rank, design));
    const rows: IndicatorEstimate[] = [];
    this.indicators.forEach((indicator, k) => {
      domainOrder.forEach(({ domain, d }, j) => {
        const row = this.estimateCell(indicator, k, domain && { [domain.breakdown]: domain.level }, pairsOfDomain[d]!, domainDesigns[j]!, options);
        if (row) rows.push(row);
      });
    });
    return rows;
  }

  /**
   * The design a domain's estimates run over: the PSUs of the strata it has interviews in. An uncalibrated
   * domain's estimate, variance and df only read those strata (the others have no domain rows), so a county
   * reads its own sites instead of every site; the PSUs stay in design order, so the sums are the same.
   * position maps a PSU (as psuOf numbers it) to its place in that design.
   */
  private domainDesign(pairs: number[], rank: Int32Array, design: Design): { design: Design; position: Int32Array; cell: CellSums } {
    const touched = new Uint8Array(design.strataLabels.length);
    for (const pair of pairs) touched[design.stratum[rank[this.pairPsu[pair]!]!]!] = 1;
    const kept: number[] = [];
    for (let i = 0; i < design.n; i++) if (touched[design.stratum[i]!]) kept.push(i);
    const position = new Int32Array(rank.length).fill(-1);
    const psuAt = new Int32Array(design.n);
    rank.forEach((i, p) => (psuAt[i] = p));
    kept.forEach((i, j) => (position[psuAt[i]!] = j));
    const subdesign =
      kept.length === design.n
        ? design
        : createDesign({
            weights: kept.map((i) => design.weights[i]!),
            strata: kept.map((i) => this.psuLabels[psuAt[i]!]!.stratum),
            clusters: kept.map((i) => this.psuLabels[psuAt[i]!]!.psu),
          });
    return { design: subdesign, position, cell: emptyCell(subdesign.n) };
  }

  private estimateCell(
    indicator: Indicator,
    k: number,
    domain: Record<string, string> | null,
    pairs: number[],
    { design, position, cell }: { design: Design; position: Int32Array; cell: CellSums },
    options: EstimateOptions,
  ): IndicatorEstimate | null {
    const sums = this.sums;
    cell.y.fill(0);
    cell.x.fill(0);
    cell.mask.fill(0);
    for (const pair of pairs) {
      const at = (pair * this.indicators.length + k) * SUMS;
      if (sums[at]! === 0) continue;
      const i = position[this.pairPsu[pair]!]!;
      cell.mask[i] = 1;
      cell.y[i] = sums[at + 1]!;
      cell.x[i] = sums[at + 2]!;
      cell.moments.set(sums.subarray(at, at + SUMS), i * SUMS);
    }
    return estimateFromSums(indicator, domain, design, cell, options);
  }
}

/** One (indicator, domain) cell over a design whose observations each stand for a group of interviews: their Σy, Σx, a mask of the groups with eligible interviews in the domain, and their SUMS sums each. */
export interface CellSums {
  y: Float64Array;
  x: Float64Array;
  mask: Uint8Array;
  moments: Float64Array;
}

export const emptyCell = (n: number): CellSums => ({ y: new Float64Array(n), x: new Float64Array(n), mask: new Uint8Array(n), moments: new Float64Array(n * SUMS) });

/**
 * One indicator in one domain from the sums of the design's observations, where all the interviews an
 * observation stands for share its weight (a PSU under base weights, a weight class under calibration);
 * null where no interview is eligible.
 */
export function estimateFromSums(indicator: Indicator, domain: Record<string, string> | null, design: Design, cell: CellSums, options: EstimateOptions): IndicatorEstimate | null {
  // In design order, so that the floating-point sums do not depend on the order rows arrived in.
  let n = 0;
  let weightSum = 0;
  let ySquares = 0;
  let xy = 0;
  let xSquares = 0;
  let totalX = 0;
  for (let i = 0; i < design.n; i++) {
    if (!cell.mask[i]) continue;
    const w = design.weights[i]!;
    const at = i * SUMS;
    n += cell.moments[at]!;
    weightSum += w * cell.moments[at]!;
    ySquares += w * cell.moments[at + 3]!;
    xy += w * cell.moments[at + 4]!;
    xSquares += w * cell.moments[at + 5]!;
    totalX += w * cell.x[i]!;
  }
  if (n === 0) return null;
  const target = targetFor(indicator.id, domain);
  const base = { indicator: indicator.id, domain, n, target };
  if (weightSum === 0) {
    return { ...base, estimate: null, se: null, ciLow: null, ciHigh: null, deff: null, df: null, ...UNJUDGED, note: 'no data' };
  }
  const linearized = ratio(design, cell.y, cell.x, cell.mask);
  const estimate = linearized.estimate;
  // R's deff for a ratio: the total of r = (y − R·x)/X against its SRS variance; Σ w·r = 0, so the spread is Σ w·r².
  const spread = (ySquares - 2 * estimate * xy + estimate * estimate * xSquares) / (totalX * totalX);
  const ci = indicator.kind === 'prop' ? options.ci : 'wald';
  const summary = summarize(design, linearized, { ...options, ci }, cell.mask, { weightSum, observations: n, rows: n, spread });
  return { ...base, ...summary, n, ...judge(indicator.id, domain, summary) };
}
