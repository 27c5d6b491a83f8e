/**
 * The selected responses held in memory in the engine's column form, for estimates whose weights depend
 * on every response at once (calibration): per indicator a numerator and a denominator column (NaN
 * outside its eligible population), plus the design and breakdown columns. Memory grows with responses ×
 * indicators (8 bytes each), unlike the one-pass accumulator; the estimates come from the exact engine.
 */
import type { Design, LonelyPsu } from '../stats/design';
import { estimateStatistic } from '../stats/estimate';
import type { IntervalMethod } from '../stats/intervals';
import type { IndicatorEstimate } from './psuSums';
import { INDICATORS, type Breakdown, type Indicator } from './registry';
import { judge, targetFor, UNJUDGED } from './targets';

/** The columns of the selected responses, one entry per response. */
export interface IndicatorColumnData {
  strata: string[];
  psus: string[];
  breakdowns: Map<Breakdown, (string | null)[]>;
  /** Per indicator, in registry order: numerator and denominator, NaN outside the eligible population. */
  numerators: Float64Array[];
  denominators: Float64Array[];
}

export class IndicatorColumns {
  readonly strata: string[];
  readonly psus: string[];
  private readonly breakdowns: Map<Breakdown, (string | null)[]>;
  private readonly numerators: Float64Array[];
  private readonly denominators: Float64Array[];

  constructor(
    data: IndicatorColumnData,
    private readonly indicators: readonly Indicator[] = INDICATORS,
  ) {
    ({ strata: this.strata, psus: this.psus, breakdowns: this.breakdowns, numerators: this.numerators, denominators: this.denominators } = data);
  }

  get length(): number {
    return this.psus.length;
  }

  /** The values of one of the variables given to the constructor, null where a response lacks it. */
  column(variable: Breakdown): (string | null)[] {
    const column = this.breakdowns.get(variable);
    if (!column) throw new RangeError(`${variable} was not collected`);
    return column;
  }

  /** One indicator's numerator and denominator per response, NaN outside its eligible population. */
  values(indicatorId: string): { numerator: Float64Array; denominator: Float64Array } {
    const k = this.indicators.findIndex((indicator) => indicator.id === indicatorId);
    if (k < 0) throw new RangeError(`${indicatorId} was not collected`);
    return { numerator: this.numerators[k]!, denominator: this.denominators[k]! };
  }

  /** Every indicator overall and in each level of each breakdown (levels in order of appearance); domains without eligible responses are left out, as the accumulator does. */
  estimate(design: Design, by: readonly Breakdown[], options: { lonelyPsu: LonelyPsu; ci: IntervalMethod; level: number }): IndicatorEstimate[] {
    const domains: { domain: Record<string, string> | null; mask: Uint8Array | null }[] = [{ domain: null, mask: null }];
    for (const breakdown of by) {
      const values = this.column(breakdown);
      for (const level of new Set(values)) {
        if (level !== null) domains.push({ domain: { [breakdown]: level }, mask: Uint8Array.from(values, (value) => (value === level ? 1 : 0)) });
      }
    }
    const rows: IndicatorEstimate[] = [];
    this.indicators.forEach((indicator, k) => {
      const numerator = Float64Array.from(this.numerators[k]!);
      const denominator = Float64Array.from(this.denominators[k]!);
      const eligible = Uint8Array.from(numerator, (y) => (Number.isNaN(y) ? 0 : 1));
      // Outside the eligible population the values are never read (the mask is 0), but must be numbers.
      for (let i = 0; i < numerator.length; i++) if (!eligible[i]) numerator[i] = denominator[i] = 0;
      for (const { domain, mask } of domains) {
        const inDomain = mask ? Uint8Array.from(eligible, (e, i) => e & mask[i]!) : eligible;
        if (!inDomain.includes(1)) continue;
        const statistic =
          indicator.kind === 'prop'
            ? { statistic: 'prop' as const, variable: indicator.id, values: numerator }
            : { statistic: 'ratio' as const, variable: indicator.id, numerator, denominator };
        const result = estimateStatistic(design, statistic, options, inDomain);
        const base = { indicator: indicator.id, domain };
        if (result.estimate === null) {
          rows.push({ ...base, ...result, target: targetFor(indicator.id, domain), ...UNJUDGED });
        } else {
          const { estimate, se, ciLow, ciHigh, deff, n, df } = result;
          rows.push({ ...base, estimate, se, ciLow, ciHigh, deff, n, df, ...judge(indicator.id, domain, result) });
        }
      }
    });
    return rows;
  }
}
