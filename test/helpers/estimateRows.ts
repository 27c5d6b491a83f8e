import type { IndicatorEstimate } from '../../analysis/indicators/accumulator';

const row = (indicator: string, domain: IndicatorEstimate['domain'], estimate: number | null, n: number): IndicatorEstimate => ({
  indicator,
  domain,
  estimate,
  se: estimate === null ? null : 0.0123456789012345,
  ciLow: estimate === null ? null : estimate - 0.1 / 3,
  ciHigh: estimate === null ? null : estimate + 0.1 / 3,
  deff: 1.7320508075688772,
  n,
  df: 33,
  target: indicator === 'literacy' ? 0.24 : null,
  status: indicator === 'literacy' ? 'inconclusive' : null,
  difference: indicator === 'literacy' && estimate !== null ? estimate - 0.24 : null,
  pAboveTarget: indicator === 'literacy' && estimate !== null ? 0.125 : null,
  reliability: null,
});

/**
 * Estimate rows for the estimate files (CSV in analysis/, XLSX in server/): a total, a region, an empty
 * domain (no estimate, n = 0) and a crossed one, with numbers that need every digit to read back exactly.
 */
export const ESTIMATE_ROWS: IndicatorEstimate[] = [
  row('literacy', null, 0.2345678901234567, 1980),
  row('literacy', { region: 'East' }, 0.31 + 1e-15, 700),
  row('literacy', { region: 'West' }, null, 0),
  row('awareness.records', { region: 'Central', sex: 'female' }, 2 / 3, 301),
];
