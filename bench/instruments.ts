/**
 * `node --import tsx bench/instruments.ts`: how fast the instrument side runs for one response —
 * making a synthetic respondent, scoring it, and deriving its status through survey-core — bounded to a
 * few thousand responses so it finishes in seconds.
 */
import { performance } from 'node:perf_hooks';
import { generateRespondent } from '../scripts/synthetic';
import { getInstrument, getScoringPlan } from '../surveys/catalog';
import { responseStatusOf } from '../surveys/outcome';
import { scoreResponse } from '../analysis/scoring/score';

const RESPONDENTS = 2_000;
const SCORINGS = 100_000;
const STATUSES = 200;

const instrument = getInstrument('migrant-health')!;
const plan = getScoringPlan(instrument.id, instrument.version);
const surveyDate = new Date();

function time(label: string, count: number, run: (index: number) => void): void {
  const start = performance.now();
  for (let index = 0; index < count; index += 1) run(index);
  const milliseconds = performance.now() - start;
  console.log(`${label}: ${count} in ${(milliseconds / 1000).toFixed(2)} s, ${(milliseconds / count).toFixed(3)} ms each`);
}

const respondents = Array.from({ length: 50 }, (_, seed) => generateRespondent({ seed, status: 'complete', surveyDate }).answers);
time('generateRespondent', RESPONDENTS, (seed) => generateRespondent({ seed: `bench${seed}`, surveyDate }));
time('scoreResponse', SCORINGS, (index) => scoreResponse(respondents[index % respondents.length]!, plan, { surveyDate }));
time('responseStatusOf (survey-core Model, reused)', STATUSES, (index) => responseStatusOf(instrument.json, respondents[index % respondents.length]!));
console.log(`heap used: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
