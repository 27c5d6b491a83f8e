/**
 * The selected interviews for a calibrated estimate, in weight classes: groups of interviews that share a
 * PSU and their level of every margin variable and breakdown. Base weights are per PSU and calibration
 * (post-stratification, raking, trimming) gives every interview of a class the same factor, so each class
 * is one observation of the design (Design.counts says how many interviews it stands for) and its
 * indicator sums (./psuSums.ts) carry what the estimators, the calibrated variance and the design effect
 * need. The numbers are the element-level engine's (./columns.ts) up to rounding, at a cost that grows
 * with classes × indicators instead of interviews × indicators.
 */
import type { Design } from '../stats/design';
import type { EstimateOptions } from '../stats/estimate';
import { emptyCell, estimateFromSums, SUMS, type IndicatorEstimate } from './psuSums';
import type { Breakdown, Indicator } from './registry';

export interface WeightClassData {
  /** Per class: its stratum, PSU, and level of each variable the classes were made by (null: none). */
  strata: string[];
  psus: string[];
  breakdowns: Map<Breakdown, (string | null)[]>;
  /** Selected interviews in each class. */
  counts: Float64Array;
  /** Per class and indicator (class-major), the SUMS sums over the class's eligible interviews. */
  sums: Float64Array;
}

export class WeightClasses {
  readonly strata: string[];
  readonly psus: string[];
  readonly counts: Float64Array;
  private readonly breakdowns: Map<Breakdown, (string | null)[]>;
  private readonly sums: Float64Array;

  constructor(
    data: WeightClassData,
    private readonly indicators: readonly Indicator[],
  ) {
    ({ strata: this.strata, psus: this.psus, breakdowns: this.breakdowns, counts: this.counts, sums: this.sums } = data);
  }

  /** Classes. */
  get length(): number {
    return this.psus.length;
  }

  /** Each class's level of one of the variables the classes were made by, null where it has none. */
  column(variable: Breakdown): (string | null)[] {
    const column = this.breakdowns.get(variable);
    if (!column) throw new RangeError(`${variable} was not collected`);
    return column;
  }

  /**
   * Every indicator overall and in each level of each breakdown (levels in order of appearance) over a
   * design whose observations are these classes; domains without eligible interviews are left out.
   */
  estimate(design: Design, by: readonly Breakdown[], options: EstimateOptions): IndicatorEstimate[] {
    const domains: { domain: Record<string, string> | null; mask: Uint8Array | null }[] = [{ domain: null, mask: null }];
    for (const breakdown of by) {
      const values = this.column(breakdown);
      for (const level of new Set(values)) {
        if (level !== null) domains.push({ domain: { [breakdown]: level }, mask: Uint8Array.from(values, (value) => (value === level ? 1 : 0)) });
      }
    }
    const block = this.indicators.length * SUMS;
    const cell = emptyCell(this.length);
    const rows: IndicatorEstimate[] = [];
    this.indicators.forEach((indicator, k) => {
      for (const { domain, mask } of domains) {
        cell.mask.fill(0);
        for (let c = 0, at = k * SUMS; c < this.length; c++, at += block) {
          const eligible = this.sums[at]! > 0 && (!mask || mask[c] === 1);
          cell.mask[c] = eligible ? 1 : 0;
          cell.y[c] = eligible ? this.sums[at + 1]! : 0;
          cell.x[c] = eligible ? this.sums[at + 2]! : 0;
          cell.moments.set(this.sums.subarray(at, at + SUMS), c * SUMS);
        }
        const row = estimateFromSums(indicator, domain, design, cell, options);
        if (row) rows.push(row);
      }
    });
    return rows;
  }
}
