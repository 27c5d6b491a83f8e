/**
 * Indicator estimates straight from the Response collection: one unsorted cursor over the complete
 * interviews, per-PSU sums only (analysis/indicators/accumulator.ts), base weights from the frame.
 * Used by `analyze indicators` and GET /api/estimates.
 */
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { IndicatorAccumulator, type IndicatorEstimate } from '../../analysis/indicators/accumulator';
import { BREAKDOWNS } from '../../analysis/indicators/registry';
import { baseWeight } from '../../analysis/stats/calibration';
import { MODES } from '../../analysis/domain/profile';
import { REGIONS } from '../../analysis/domain/regions';
import type { ResponseScores } from '../../analysis/scoring/types';
import { HttpError } from '../http/errors';
import { modelsOf } from '../models';
import { receivedWithin } from './dateRange';

export const estimateRequestSchema = z.object({
  by: z.array(z.enum(BREAKDOWNS)).default([]),
  filters: z
    .object({
      instrumentId: z.string().min(1).optional(),
      instrumentVersion: z.number().int().positive().optional(),
      region: z.enum(REGIONS).optional(),
      provinceCode: z.string().min(1).optional(),
      stratum: z.string().min(1).optional(),
      mode: z.enum(MODES).optional(),
      /** Received on or after this ISO date. */
      from: z.iso.date().optional(),
      /** Received on or before this ISO date (the whole day, UTC). */
      to: z.iso.date().optional(),
    })
    .default({}),
  /** base: 1 / site selection probability × site migrants / site completes; unweighted: every interview 1. */
  weighting: z.enum(['base', 'unweighted']).default('base'),
  lonelyPsu: z.enum(['fail', 'remove', 'adjust', 'average', 'certainty']).default('fail'),
  ci: z.enum(['wald', 'logit', 'beta']).default('logit'),
  level: z.number().gt(0).lt(1).default(0.95),
});
export type EstimateRequest = z.input<typeof estimateRequestSchema>;

interface StoredResponse {
  stratum: string;
  siteCode: string;
  provinceCode: string;
  countyCode: string;
  region: string;
  mode: string;
  scores?: ResponseScores | null;
}

export interface IndicatorEstimates {
  weighting: 'base' | 'unweighted';
  responses: number;
  sites: number;
  estimates: IndicatorEstimate[];
}

export async function estimateIndicators(connection: Connection, request: EstimateRequest): Promise<IndicatorEstimates> {
  const options = estimateRequestSchema.parse(request);
  const { Response } = modelsOf(connection);
  const accumulator = new IndicatorAccumulator(options.by);
  const completes = new Map<string, number>();
  let responses = 0;
  const { from, to, ...filters } = options.filters;
  const cursor = Response.find({ ...filters, ...receivedWithin({ from, to }), status: 'complete' })
    .select({ stratum: 1, siteCode: 1, provinceCode: 1, countyCode: 1, region: 1, mode: 1, scores: 1 })
    .lean<StoredResponse>()
    .cursor({ batchSize: 1000 });
  for await (const response of cursor) {
    if (!response.scores) continue;
    responses++;
    completes.set(response.siteCode, (completes.get(response.siteCode) ?? 0) + 1);
    const profile = response.scores.profile;
    accumulator.add({
      stratum: response.stratum,
      psu: response.siteCode,
      scores: response.scores,
      breakdowns: {
        region: response.region,
        province: response.provinceCode,
        county: response.countyCode,
        sex: profile?.sex ?? null,
        ageGroup: profile?.ageGroup ?? null,
        education: profile?.education ?? null,
        migrationScope: profile?.migrationScope ?? null,
        mode: response.mode,
      },
    });
  }
  const psus = accumulator.psus();
  const weights = options.weighting === 'unweighted' ? psus.map(() => 1) : await siteWeights(connection, psus.map((p) => p.psu), completes);
  const estimates = accumulator.finish((k) => weights[k]!, { lonelyPsu: options.lonelyPsu, ci: options.ci, level: options.level });
  return { weighting: options.weighting, responses, sites: psus.length, estimates };
}

async function siteWeights(connection: Connection, siteCodes: string[], completes: Map<string, number>): Promise<number[]> {
  const { SamplingPoint } = modelsOf(connection);
  const frame = new Map<string, { selectionProbability: number; migrantPopulation: number }>();
  for await (const point of SamplingPoint.find({}).select({ siteCode: 1, selectionProbability: 1, migrantPopulation: 1 }).lean().cursor()) {
    frame.set(point.siteCode, point);
  }
  const missing = siteCodes.filter((code) => !frame.has(code));
  if (missing.length > 0) {
    throw new HttpError(409, 'site-not-in-frame', `sites ${missing.slice(0, 10).join(', ')} have responses but are not in the sampling frame, so they have no base weight; import them into the frame or use unweighted estimates`);
  }
  return siteCodes.map((code) => baseWeight({ ...frame.get(code)!, completes: completes.get(code)! }));
}
