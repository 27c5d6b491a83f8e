import { describe, expect, it } from 'vitest';
import { Model } from 'survey-core';
import { composeInstrument, getInstrument, getScoringPlan, listInstruments, readModules, scoreAnswers, INSTRUMENT_VERSIONS } from '../../../surveys/catalog';
import { registerSurveyProperties } from '../../../surveys/properties';
import { SCORING_VERSION } from '../../../analysis/scoring/score';

describe('the instrument catalog', () => {
  it('lists migrant-health version 1 with a bilingual title', () => {
    expect(listInstruments()).toContainEqual({
      id: 'migrant-health',
      version: 1,
      title: { 'zh-cn': expect.any(String), en: expect.any(String) },
    });
  });

  it('serves the latest version when none is asked for, any listed version when asked, and nothing for an unknown one', () => {
    const latest = Math.max(...INSTRUMENT_VERSIONS.filter((instrument) => instrument.id === 'migrant-health').map((instrument) => instrument.version));
    expect(getInstrument('migrant-health')?.version).toBe(latest);
    for (const { id, version } of listInstruments()) expect(getInstrument(id, version)?.version).toBe(version);
    expect(getInstrument('migrant-health', 999)).toBeUndefined();
    expect(getInstrument('no-such-survey')).toBeUndefined();
  });

  it('serves JSON that loads in survey-core in Chinese by default and holds no answer key', () => {
    const served = getInstrument('migrant-health', 1)!.json;
    registerSurveyProperties();
    const survey = new Model(served);
    expect(survey.jsonErrors).toBeNull();
    expect(survey.locale).toBe('zh-cn');
    expect(survey.getQuestionByName('aw_heard')).toBeTruthy();
    const text = JSON.stringify(served);
    expect(text).not.toMatch(/"correct(Answer)?"\s*:/);
    expect(text).not.toMatch(/"points"\s*:/);
  });

  it('gives a fresh copy each time, so a caller cannot change what others are served', () => {
    const first = getInstrument('migrant-health', 1)!;
    first.json.pages.length = 0;
    expect(getInstrument('migrant-health', 1)!.json.pages.length).toBeGreaterThan(0);
  });

  it('shows every page after consent and eligibility only to eligible, consenting respondents', () => {
    const { json } = getInstrument('migrant-health', 1)!;
    const survey = new Model(json);
    survey.data = { consent: 'no' };
    expect(survey.visiblePages.map((page) => page.name)).toEqual(['consent']);
    survey.data = { consent: 'yes', age_in_range: 'yes', hukou_elsewhere: 'yes', months_here: 0 };
    expect(survey.visiblePages.map((page) => page.name)).toEqual(['consent', 'eligibility']);
    survey.data = { consent: 'yes', age_in_range: 'yes', hukou_elsewhere: 'yes', months_here: 1 };
    expect(survey.visiblePages.length).toBeGreaterThan(10);
  });

  it('refuses to compose modules that set the same survey setting twice', () => {
    const instrument = { ...INSTRUMENT_VERSIONS[0]!, modules: ['consent', 'consent'] };
    expect(() => composeInstrument(instrument, readModules(instrument))).toThrow(
      'surveys/instruments/migrant-health/v1/consent.json: survey setting "completedHtml" is already set by an earlier module',
    );
  });

  it('scores answers with the version\'s own key: every keyed answer right gives full marks', () => {
    const plan = getScoringPlan('migrant-health', 1);
    const answers = Object.fromEntries([...plan.awareness, ...plan.literacy].map((item) => [item.name, item.correct]));
    const scores = scoreAnswers('migrant-health', 1, answers, new Date('2026-11-23'));
    expect(scores.scoringVersion).toBe(SCORING_VERSION);
    expect(scores.awareness).toMatchObject({ correct: 36, asked: 36, full: true });
    expect(scores.literacy.score).toBe(scores.literacy.fullMarks);
    expect(scores.literacy.literate).toBe(true);
  });
});
