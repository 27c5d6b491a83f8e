import { describe, expect, it } from 'vitest';
import { buildScoringPlan, ScoringPlanError } from '../../../../analysis/scoring/plan';
import { SCORING_VERSION, scoreResponse } from '../../../../analysis/scoring/score';
import type { AnswerKey, InstrumentJson } from '../../../../analysis/scoring/instrumentJson';
import type { Answers } from '../../../../analysis/scoring/types';

/** A small hand-made instrument: 2 services × 3 aspects, 7 literacy items worth 10 points, 2 satisfaction blocks. */
const radio = (name: string, tags: Record<string, string>) => ({ type: 'radiogroup', name, choices: ['a', 'b', 'c', 'd', 'true', 'false', 'dk'], ...tags });
const instrument: InstrumentJson = {
  pages: [
    {
      name: 'awareness',
      elements: [
        { type: 'radiogroup', name: 'aw_heard', choices: ['yes', 'no'] },
        radio('aw_records_content', { service: 'records', aspect: 'content' }),
        radio('aw_records_frequency', { service: 'records', aspect: 'frequency' }),
        radio('aw_records_target', { service: 'records', aspect: 'target' }),
        radio('aw_vaccination_content', { service: 'vaccination', aspect: 'content' }),
        radio('aw_vaccination_frequency', { service: 'vaccination', aspect: 'frequency' }),
        radio('aw_vaccination_target', { service: 'vaccination', aspect: 'target' }),
      ],
    },
    {
      name: 'literacy',
      elements: [
        radio('lit_01', { dimension: 'knowledge', area: 'health-view', itemType: 'truefalse' }),
        radio('lit_02', { dimension: 'knowledge', area: 'infectious', itemType: 'single' }),
        radio('lit_03', { dimension: 'lifestyle', area: 'chronic', itemType: 'single' }),
        radio('lit_04', { dimension: 'lifestyle', area: 'safety', itemType: 'truefalse' }),
        {
          type: 'panel',
          name: 'scenario_label',
          scenario: 'medicine-label',
          elements: [
            { type: 'checkbox', name: 'lit_05', dimension: 'skills', area: 'medical', itemType: 'multiple', choices: ['a', 'b', 'c', 'd'] },
            { type: 'checkbox', name: 'lit_06', dimension: 'skills', area: 'information', itemType: 'multiple', choices: ['a', 'b', 'c', 'd'] },
          ],
        },
        { type: 'checkbox', name: 'lit_07', dimension: 'knowledge', area: 'chronic', itemType: 'multiple', choices: ['a', 'b', 'c', 'd'] },
      ],
    },
    {
      name: 'satisfaction',
      elements: ['bphs', 'fp'].flatMap((service) => [
        { type: 'radiogroup', name: `sat_${service}_used`, choices: ['yes', 'no', 'dk'] },
        ...['attitude', 'convenience', 'timeliness', 'quality', 'overall'].map((aspect) => ({
          type: 'rating',
          name: `sat_${service}_${aspect}`,
          service,
          aspect,
        })),
      ]),
    },
  ],
};

const key: AnswerKey = {
  aw_records_content: { correct: 'a', points: 1 },
  aw_records_frequency: { correct: 'b', points: 1 },
  aw_records_target: { correct: 'c', points: 1 },
  aw_vaccination_content: { correct: 'a', points: 1 },
  aw_vaccination_frequency: { correct: 'a', points: 1 },
  aw_vaccination_target: { correct: 'd', points: 1 },
  lit_01: { correct: 'true', points: 1 },
  lit_02: { correct: 'b', points: 1 },
  lit_03: { correct: 'c', points: 1 },
  lit_04: { correct: 'false', points: 1 },
  lit_05: { correct: ['a', 'c'], points: 2 },
  lit_06: { correct: ['b', 'd'], points: 2 },
  lit_07: { correct: ['a', 'b', 'c'], points: 2 },
};

const plan = buildScoringPlan(instrument, key);
const surveyDate = new Date('2026-11-23T08:00:00Z');
const score = (answers: Answers) => scoreResponse(answers, plan, { surveyDate });

const allRight: Answers = {
  consent: 'yes',
  aw_heard: 'yes',
  ...Object.fromEntries(Object.entries(key).map(([name, entry]) => [name, entry.correct])),
};
const allWrong: Answers = {
  consent: 'yes',
  aw_heard: 'no',
  aw_records_content: 'dk',
  aw_records_frequency: 'a',
  aw_records_target: 'a',
  aw_vaccination_content: 'b',
  aw_vaccination_frequency: 'dk',
  aw_vaccination_target: 'a',
  lit_01: 'false',
  lit_02: 'a',
  lit_03: 'dk',
  lit_04: 'true',
  lit_05: ['b'],
  lit_06: ['none'],
  lit_07: ['a', 'b'],
};

describe('buildScoringPlan', () => {
  it('collects the keyed questions by their tags, a scenario panel included', () => {
    expect(plan.awareness.map((item) => item.name)).toHaveLength(6);
    expect(plan.literacy.map((item) => [item.name, item.itemType, item.points])).toContainEqual(['lit_05', 'multiple', 2]);
    expect(plan.satisfaction.fp.overall).toBe('sat_fp_overall');
  });

  it('names every scored question the key lacks', () => {
    const { lit_02: _lit02, aw_records_target: _target, ...partialKey } = key;
    expect(() => buildScoringPlan(instrument, partialKey)).toThrow(ScoringPlanError);
    try {
      buildScoringPlan(instrument, partialKey);
    } catch (error) {
      expect((error as ScoringPlanError).problems).toEqual([
        'aw_records_target: scored question without an answer key entry',
        'lit_02: scored question without an answer key entry',
      ]);
    }
  });
});

describe('scoreResponse: awareness', () => {
  it('all right: every service fully known', () => {
    const { awareness, scoringVersion } = score(allRight);
    expect(scoringVersion).toBe(SCORING_VERSION);
    expect(awareness).toMatchObject({ heardOfFreeServices: true, correct: 6, asked: 6, full: true });
    expect(awareness.services.records).toEqual({ correct: 3, asked: 3, full: true });
    // A service the instrument does not ask about is neither known nor unknown.
    expect(awareness.services.tb).toEqual({ correct: 0, asked: 0, full: false });
  });

  it('all wrong ("don\'t know" included) scores nothing', () => {
    const { awareness } = score(allWrong);
    expect(awareness).toMatchObject({ heardOfFreeServices: false, correct: 0, asked: 6, full: false });
  });

  it('two of three right on a service is not full awareness of it', () => {
    const { awareness } = score({ ...allRight, aw_vaccination_target: 'dk' });
    expect(awareness.services.vaccination).toEqual({ correct: 2, asked: 3, full: false });
    expect(awareness.services.records.full).toBe(true);
    expect(awareness).toMatchObject({ correct: 5, asked: 6, full: false });
  });
});

describe('scoreResponse: literacy (10 points, literate at 8)', () => {
  it('all right: 10 of 10, literate in every dimension and area asked', () => {
    const { literacy } = score(allRight);
    expect(literacy).toMatchObject({ score: 10, fullMarks: 10, literate: true });
    expect(literacy.dimensions).toEqual({
      knowledge: { score: 4, fullMarks: 4, had: true },
      lifestyle: { score: 2, fullMarks: 2, had: true },
      skills: { score: 4, fullMarks: 4, had: true },
    });
    expect(literacy.areas.chronic).toEqual({ score: 3, fullMarks: 3, had: true });
  });

  it('all wrong: 0 points', () => {
    const { literacy } = score(allWrong);
    expect(literacy).toMatchObject({ score: 0, fullMarks: 10, literate: false });
    expect(literacy.dimensions.skills).toEqual({ score: 0, fullMarks: 4, had: false });
  });

  it('exactly 80%: 8 of 10 is literate; knowledge at 2 of 4 is not had', () => {
    const { literacy } = score({ ...allRight, lit_01: 'false', lit_02: 'dk' });
    expect(literacy).toMatchObject({ score: 8, literate: true });
    expect(literacy.dimensions.knowledge).toEqual({ score: 2, fullMarks: 4, had: false });
    expect(literacy.areas['health-view']).toEqual({ score: 0, fullMarks: 1, had: false });
  });

  it('one point below 80%: 7 of 10 is not literate', () => {
    const { literacy } = score({ ...allRight, lit_01: 'false', lit_02: 'dk', lit_03: 'a' });
    expect(literacy).toMatchObject({ score: 7, literate: false });
    expect(literacy.dimensions.lifestyle).toEqual({ score: 1, fullMarks: 2, had: false });
  });

  it('a partially right multiple-choice item scores 0: a right option missing or a wrong one added', () => {
    expect(score({ ...allRight, lit_05: ['a'] }).literacy.score).toBe(8);
    expect(score({ ...allRight, lit_05: ['a', 'c', 'd'] }).literacy.score).toBe(8);
    expect(score({ ...allRight, lit_05: ['c', 'a'] }).literacy.score).toBe(10);
  });

  it('skipped items count as wrong, in the total and in their sub-scores', () => {
    const { lit_05: _skipped, lit_06: _alsoSkipped, ...answers } = allRight;
    const { literacy } = score(answers);
    expect(literacy).toMatchObject({ score: 6, fullMarks: 10, literate: false });
    expect(literacy.dimensions.skills).toEqual({ score: 0, fullMarks: 4, had: false });
  });

  it('true/false answers given as booleans score like their string values', () => {
    expect(score({ ...allRight, lit_01: true, lit_04: false }).literacy.score).toBe(10);
  });
});

describe('scoreResponse: satisfaction among users only', () => {
  const ratings = (service: string, values: number[]) =>
    Object.fromEntries(['attitude', 'convenience', 'timeliness', 'quality', 'overall'].map((aspect, i) => [`sat_${service}_${aspect}`, values[i]]));

  it('a user rates every aspect; overall 4 or 5 is satisfied, 3 is not', () => {
    const { satisfaction } = score({ sat_bphs_used: 'yes', ...ratings('bphs', [5, 4, 3, 2, 4]), sat_fp_used: 'yes', ...ratings('fp', [3, 3, 3, 3, 3]) });
    expect(satisfaction.bphs).toEqual({ used: true, ratings: { attitude: 5, convenience: 4, timeliness: 3, quality: 2, overall: 4 }, satisfied: true });
    expect(satisfaction.fp.satisfied).toBe(false);
  });

  it('a non-user, or one who does not know, has no ratings and no satisfaction; unasked is null', () => {
    const { satisfaction } = score({ sat_bphs_used: 'no', sat_fp_used: 'dk' });
    expect(satisfaction.bphs).toEqual({ used: false, ratings: {}, satisfied: null });
    expect(satisfaction.fp).toEqual({ used: false, ratings: {}, satisfied: null });
    expect(score({}).satisfaction.bphs).toEqual({ used: null, ratings: {}, satisfied: null });
  });
});

describe('scoreResponse: service use within each population', () => {
  it('a man of 40 with hypertension and no young children: record yes, follow-up no, mother and child items null', () => {
    const { serviceUse } = score({
      sex: 'male',
      birth_year: 1986,
      children_0_6: 'no',
      chronic_conditions: ['hypertension'],
      use_health_record: 'yes',
      use_health_education: 'dk',
      use_family_doctor: 'no',
      use_chronic_followup: 'no',
    });
    expect(serviceUse).toEqual({
      'health-record': true,
      'health-education': false,
      'family-doctor': false,
      'vaccination-record': null,
      'child-check': null,
      'antenatal-check': null,
      'postpartum-visit': null,
      'elderly-check': null,
      'chronic-followup': false,
    });
  });

  it('a recent mother with a young child: antenatal checks count only at 5 or more', () => {
    const mother = { sex: 'female', birth_year: 1996, children_0_6: 'yes', birth_last_12m: 'yes', use_vaccination_record: 'yes', use_child_check: 'no', use_postpartum_visit: 'yes' };
    expect(score({ ...mother, use_antenatal_checks: '5-plus' }).serviceUse).toMatchObject({
      'vaccination-record': true,
      'child-check': false,
      'antenatal-check': true,
      'postpartum-visit': true,
      'chronic-followup': null,
    });
    expect(score({ ...mother, use_antenatal_checks: '1-4' }).serviceUse['antenatal-check']).toBe(false);
  });

  it('the elderly check counts from 65 at the survey date; a 64-year-old has none', () => {
    expect(score({ birth_year: 1961, use_elderly_check: 'yes' }).serviceUse['elderly-check']).toBe(true);
    expect(score({ birth_year: 1962, use_elderly_check: 'yes' }).serviceUse['elderly-check']).toBeNull();
  });

  it('inside the population but unanswered is null, not "no"', () => {
    expect(score({ chronic_conditions: ['diabetes'] }).serviceUse['chronic-followup']).toBeNull();
  });
});

describe('scoreResponse: profile', () => {
  it('reads sex, birth year and age group at the survey date, education, migration scope, months here', () => {
    expect(score({ sex: 'female', birth_year: 2002, education: 'senior-high', migration_scope: 'cross-city', months_here: '18' }).profile).toEqual({
      sex: 'female',
      birthYear: 2002,
      ageGroup: '15-24',
      education: 'senior-high',
      migrationScope: 'cross-city',
      monthsHere: 18,
    });
    expect(score({ birth_year: 2001 }).profile.ageGroup).toBe('25-34');
  });
});

describe('scoreResponse: an ineligible respondent', () => {
  it('has only screening answers: nothing known, nothing scored, no profile, no service use', () => {
    const scores = score({ consent: 'yes', age_in_range: 'yes', hukou_elsewhere: 'no', months_here: 30 });
    expect(scores.awareness).toMatchObject({ heardOfFreeServices: null, correct: 0, asked: 6, full: false });
    expect(scores.literacy).toMatchObject({ score: 0, fullMarks: 10, literate: false });
    expect(scores.satisfaction.bphs.used).toBeNull();
    expect(Object.values(scores.serviceUse).every((value) => value === null)).toBe(true);
    expect(scores.profile).toEqual({ sex: null, birthYear: null, ageGroup: null, education: null, migrationScope: null, monthsHere: 30 });
  });
});
