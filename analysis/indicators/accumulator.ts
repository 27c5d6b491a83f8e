/**
 * The streaming path: one pass over scored responses (e.g. a database cursor), keeping only per-PSU sums
 * for every (indicator, domain) cell (./psuSums.ts), so memory grows with PSUs × domains, not with
 * responses. It ends in the same finish() as the in-memory analysis rows (./analysisRows.ts).
 */
import type { EstimateOptions } from '../stats/estimate';
import type { ResponseScores } from '../scoring/types';
import { PsuDomainSums, type IndicatorEstimate, type PsuLabel } from './psuSums';
import { INDICATORS, type Breakdown, type Indicator } from './registry';

export type { IndicatorEstimate, PsuLabel } from './psuSums';

/** What the accumulator needs of one complete response. */
export interface IndicatorRecord {
  stratum: string;
  psu: string;
  scores: ResponseScores;
  breakdowns: Partial<Record<Breakdown, string | null>>;
}

export class IndicatorAccumulator {
  private readonly sums: PsuDomainSums;

  constructor(by: readonly Breakdown[], indicators: readonly Indicator[] = INDICATORS) {
    this.sums = new PsuDomainSums(indicators, by);
  }

  add(record: IndicatorRecord): void {
    const pairs = this.sums.pairsOf(this.sums.psuOf(record.stratum, record.psu), record.breakdowns);
    this.sums.indicators.forEach((indicator, k) => {
      const contribution = indicator.contribution(record.scores);
      if (!contribution) return;
      for (const pair of pairs) this.sums.add(k, pair, contribution[0], contribution[1]);
    });
  }

  /** The PSUs seen so far, for the caller to weight. */
  psus(): readonly PsuLabel[] {
    return this.sums.psus;
  }

  /** Estimates for every cell; weightOf gives each PSU's (common) interview weight. */
  finish(weightOf: (psu: PsuLabel) => number, options: EstimateOptions): IndicatorEstimate[] {
    return this.sums.finish(weightOf, options);
  }
}
