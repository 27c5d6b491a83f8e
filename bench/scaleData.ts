/**
 * The synthetic data the scale benchmarks store: a frame of 600 sites in 60 strata, and complete interviews
 * (valid, scored as intake scores them) built from a pool of distinct respondents, written in bulk.
 */
import type { Connection } from 'mongoose';
import { regionOf } from '../analysis/domain/regions';
import { modelsOf } from '../server/models';
import { insertResponses } from '../server/queries/responses';
import { generateRespondent } from '../scripts/synthetic';
import { scoreAnswers } from '../surveys/catalog';

const SITES = 600;
const STRATA = 60;
const DISTINCT = 300;
const PROVINCES = ['44', '41', '53'];
const SURVEY_DATE = new Date('2026-05-01T02:00:00Z');

const sites = Array.from({ length: SITES }, (_, s) => {
  const stratum = s % STRATA;
  const provinceCode = PROVINCES[stratum % 3]!;
  const countyCode = `${provinceCode}01${String(10 + Math.floor(stratum / 3)).padStart(2, '0')}`;
  return { siteCode: `S${String(s).padStart(3, '0')}`, stratum: countyCode, provinceCode, cityCode: countyCode.slice(0, 4), countyCode, region: regionOf(provinceCode)! };
});

export function frameDocuments() {
  return sites.map((site, s) => ({ ...site, siteName: `调查点 ${site.siteCode}`, siteType: 'community', migrantPopulation: 800 + 37 * (s % 50), selectionProbability: 0.05 + 0.01 * (s % 10), plannedInterviews: 200 }));
}

/** A pool of distinct synthetic complete interviews, scored as intake scores them. */
export function templates() {
  return Array.from({ length: DISTINCT }, (_, k) => {
    const region = sites[k % SITES]!.region;
    const { answers } = generateRespondent({ seed: `scale/${k}`, region, status: 'complete', surveyDate: SURVEY_DATE });
    return { answers, scores: scoreAnswers('migrant-health', 1, answers, SURVEY_DATE) };
  });
}

export function documentOf(index: number, pool: ReturnType<typeof templates>) {
  const site = sites[index % SITES]!;
  const { answers, scores } = pool[index % DISTINCT]!;
  const id = `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
  const receivedAt = new Date(SURVEY_DATE.getTime() + (index % 30) * 86_400_000);
  return {
    _id: id, id, instrumentId: 'migrant-health', instrumentVersion: 1, mode: index % 3 === 0 ? 'cawi' : 'capi', status: 'complete', answers, scores,
    stratum: site.stratum, siteCode: site.siteCode, provinceCode: site.provinceCode, cityCode: site.cityCode, countyCode: site.countyCode, region: site.region,
    interviewer: index % 3 === 0 ? undefined : `int-${index % SITES}`, paradata: { startedAt: receivedAt, completedAt: receivedAt, durationSeconds: 1200 + (index % 900), locale: 'zh-cn' },
    contentHash: String(index), receivedAt,
  };
}

/** The frame and `total` complete interviews, inserted 1,000 at a time (progress every 20,000). */
export async function storeScaleData(connection: Connection, total: number): Promise<void> {
  await modelsOf(connection).SamplingPoint.insertMany(frameDocuments());
  const pool = templates();
  const seeding = performance.now();
  for (let begin = 0; begin < total; begin += 1000) {
    await insertResponses(connection, Array.from({ length: Math.min(1000, total - begin) }, (_, j) => documentOf(begin + j, pool)));
    if ((begin + 1000) % 20_000 === 0) console.log(`  ${begin + 1000} stored (${((performance.now() - seeding) / 1000).toFixed(0)} s)`);
  }
  console.log(`stored ${total} complete interviews at ${SITES} sites in ${STRATA} strata in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
}
