import { describe, expect, it } from 'vitest';
import { Model } from 'survey-core';
import { getInstrument, getScoringPlan } from '../../../../surveys/catalog';
import { responseStatusOf } from '../../../../surveys/outcome';
import { registerSurveyProperties } from '../../../../surveys/properties';
import { scoreResponse } from '../../../../analysis/scoring/score';
import { REGIONS } from '../../../../analysis/domain/regions';
import { generateRespondent } from '../../../../scripts/synthetic';
import type { Answers } from '../../../../analysis/scoring/types';

const instrument = getInstrument('migrant-health')!;
const plan = getScoringPlan(instrument.id, instrument.version);
const surveyDate = new Date();
/** Hundreds of full survey-core validations: seconds alone, more while the shared 2 cores are busy. */
const SLOW_ON_A_BUSY_MACHINE = 180_000;
registerSurveyProperties();
const survey = new Model(instrument.json);

/** What the server's intake checks: each answer to a question the logic shows, with a value among its choices. */
function invalidAnswers(answers: Answers): string[] {
  survey.data = answers;
  const problems: string[] = [];
  for (const [name, value] of Object.entries(answers)) {
    const question = survey.getQuestionByName(name);
    if (!question) {
      problems.push(`${name}: no such question`);
      continue;
    }
    if (!question.isVisible || !question.isParentVisible) problems.push(`${name}: hidden by the instrument's logic`);
    const choices = (question as unknown as { visibleChoices?: { value: unknown }[] }).visibleChoices;
    const rateValues = question.getType() === 'rating' ? (question as unknown as { visibleRateValues: { value: unknown }[] }).visibleRateValues : undefined;
    const allowed = (rateValues ?? (question.getType() === 'text' ? undefined : choices))?.map((choice) => choice.value);
    for (const item of Array.isArray(value) ? value : [value]) {
      if (allowed && !allowed.includes(item)) problems.push(`${name}: ${JSON.stringify(item)} is not a choice`);
    }
  }
  if (!survey.validate(false, false)) problems.push('survey-core finds errors');
  return problems;
}

describe('generateRespondent', () => {
  const respondents = Array.from({ length: 200 }, (_, seed) => generateRespondent({ seed, status: 'complete', surveyDate }));

  it('makes 200 complete respondents that survey-core accepts as complete, answering only what they are shown', () => {
    for (const { answers, status } of respondents) {
      expect(status).toBe('complete');
      expect(invalidAnswers(answers)).toEqual([]);
      expect(responseStatusOf(instrument.json, answers)).toBe('complete');
    }
  }, SLOW_ON_A_BUSY_MACHINE);

  it('scores plausibly: partial knowledge, and some but not all literate', () => {
    const scores = respondents.map(({ answers }) => scoreResponse(answers, plan, { surveyDate }));
    const awareness = scores.reduce((sum, score) => sum + score.awareness.correct, 0) / scores.reduce((sum, score) => sum + score.awareness.asked, 0);
    const literate = scores.filter((score) => score.literacy.literate).length / scores.length;
    expect(awareness).toBeGreaterThan(0.3);
    expect(awareness).toBeLessThan(0.9);
    expect(literate).toBeGreaterThan(0.05);
    expect(literate).toBeLessThan(0.6);
  });

  it('knows more in the East than in the West, with more schooling, and when younger', () => {
    const meanLiteracy = (options: object) => {
      const scores = Array.from({ length: 150 }, (_, seed) => generateRespondent({ seed: `m${seed}`, status: 'complete', surveyDate, ...options }));
      return scores.reduce((sum, { answers }) => sum + scoreResponse(answers, plan, { surveyDate }).literacy.score, 0) / scores.length;
    };
    expect(meanLiteracy({ region: 'East' })).toBeGreaterThan(meanLiteracy({ region: 'West' }));
    expect(meanLiteracy({ education: 'university' })).toBeGreaterThan(meanLiteracy({ education: 'primary' }) + 2);
    expect(meanLiteracy({ education: 'junior-high', age: 25 })).toBeGreaterThan(meanLiteracy({ education: 'junior-high', age: 65 }));
  }, SLOW_ON_A_BUSY_MACHINE);

  it('lives in the region and province asked for', () => {
    for (const region of REGIONS) {
      const { answers } = generateRespondent({ seed: region, region, status: 'complete', surveyDate });
      expect(scoreResponse(answers, plan, { surveyDate }).profile.birthYear).not.toBeNull();
      expect(invalidAnswers(answers)).toEqual([]);
    }
    expect(generateRespondent({ seed: 1, province: '53', status: 'complete' }).answers.current_province).toBe('53');
  });

  it('gives the same answers for the same seed', () => {
    expect(generateRespondent({ seed: 'same', surveyDate })).toEqual(generateRespondent({ seed: 'same', surveyDate }));
  });

  it.each(['refused', 'ineligible', 'partial'] as const)('makes a valid %s interview when asked', (status) => {
    for (let seed = 0; seed < 40; seed += 1) {
      const respondent = generateRespondent({ seed, status, surveyDate });
      expect(respondent.status).toBe(status);
      expect(responseStatusOf(instrument.json, respondent.answers)).toBe(status);
      if (status !== 'partial') expect(invalidAnswers(respondent.answers)).toEqual([]);
    }
    if (status === 'refused') expect(generateRespondent({ seed: 3, status, surveyDate }).answers).toEqual({ consent: 'no' });
  });

  it('draws mostly complete interviews when no status is asked for', () => {
    const statuses = Array.from({ length: 100 }, (_, seed) => generateRespondent({ seed: `d${seed}`, surveyDate }).status);
    expect(statuses.filter((status) => status === 'complete').length).toBeGreaterThan(75);
  });
});
