import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { ResponseStatus } from '../../analysis/domain/profile';
import type { ResponseScores } from '../../analysis/scoring/types';
import { baseWeight } from '../../analysis/stats/calibration';
import { createDesign, type Design } from '../../analysis/stats/design';
import { modelsOf } from '../../server/models';
import { generateRespondent } from '../../scripts/synthetic';
import { scoreAnswers } from '../../surveys/catalog';
import { insertResponses } from '../../server/queries/responses';

/** The date the seeded interviews were answered (ages and scores are computed against it). */
export const SURVEY_DATE = new Date('2026-06-01T00:00:00Z');

/** A frame of 3 regions × 2 strata × 3 sites with unequal populations and selection probabilities. */
export const ESTIMATION_SITES = (['East', 'Central', 'West'] as const).flatMap((region, r) =>
  [0, 1].flatMap((h) =>
    [0, 1, 2].map((s) => ({
      region,
      stratum: `${region}-${h}`,
      siteCode: `${region}-${h}-${s}`,
      provinceCode: ['31', '41', '53'][r]!,
      migrantPopulation: 500 + 137 * s + 61 * h,
      selectionProbability: 0.1 + 0.05 * s,
    })),
  ),
);
export type EstimationSite = (typeof ESTIMATION_SITES)[number];
export interface SeededInterview {
  site: EstimationSite;
  scores: ResponseScores;
}

/**
 * Writes the frame and synthetic interviews straight into the collections (the intake path is tested
 * elsewhere; this is fast) and returns the complete interviews, which the estimates are made of.
 */
export async function seedEstimationData(
  connection: Connection,
  options: { seedPrefix: string; interviewsAt: (siteIndex: number) => number; statusOf: (interviewIndex: number) => ResponseStatus; receivedAt: Date },
): Promise<SeededInterview[]> {
  const { SamplingPoint } = modelsOf(connection);
  const place = (site: EstimationSite) => ({ cityCode: `${site.provinceCode}01`, countyCode: `${site.provinceCode}0101` });
  await SamplingPoint.insertMany(ESTIMATION_SITES.map((site) => ({ ...site, ...place(site), siteName: site.siteCode, siteType: 'community', plannedInterviews: 10 })));
  const completes: SeededInterview[] = [];
  const documents = [];
  for (const [k, site] of ESTIMATION_SITES.entries()) {
    for (let i = 0; i < options.interviewsAt(k); i++) {
      const status = options.statusOf(i);
      const respondent = generateRespondent({ seed: `${options.seedPrefix}${site.siteCode}-${i}`, region: site.region, status, surveyDate: SURVEY_DATE });
      const scores = scoreAnswers('migrant-health', 1, respondent.answers, SURVEY_DATE);
      if (status === 'complete') completes.push({ site, scores });
      const id = randomUUID();
      documents.push({
        _id: id, id, instrumentId: 'migrant-health', instrumentVersion: 1, mode: i % 2 ? 'capi' : 'cawi', status,
        answers: respondent.answers, scores, stratum: site.stratum, siteCode: site.siteCode, provinceCode: site.provinceCode, ...place(site),
        region: site.region, paradata: { completedAt: SURVEY_DATE }, contentHash: id, receivedAt: options.receivedAt,
      });
    }
  }
  await insertResponses(connection, documents);
  return completes;
}

/** The design the server builds from the frame: base weights 1/π × N/n, strata, sites as PSUs. */
export function baseWeightedDesign(interviews: SeededInterview[]): Design {
  const completes = new Map<string, number>();
  for (const { site } of interviews) completes.set(site.siteCode, (completes.get(site.siteCode) ?? 0) + 1);
  return createDesign({
    weights: interviews.map(({ site }) => baseWeight({ ...site, completes: completes.get(site.siteCode)! })),
    strata: interviews.map(({ site }) => site.stratum),
    clusters: interviews.map(({ site }) => site.siteCode),
  });
}
