import { describe, expect, it } from 'vitest';
import { createSurveyModel, surveyLocale } from '../../../../client/shared/surveyModel';
import { trackParadata } from '../../../../client/shared/paradata';

const instrument = {
  locale: 'zh-cn',
  pages: [
    { name: 'intro', elements: [{ type: 'radiogroup', name: 'aw_tb_target', service: 'tb', aspect: 'target', title: { 'zh-cn': '谁可以得到', en: 'Who gets it' }, choices: ['a', 'dk'] }] },
    { name: 'age', elements: [{ type: 'text', inputType: 'number', name: 'birth_year', title: { 'zh-cn': '出生年份', en: 'Year of birth' } }] },
  ],
};

describe('createSurveyModel', () => {
  it('loads tagged instruments without JSON errors, in Chinese by default with Chinese buttons', () => {
    const model = createSurveyModel(instrument);
    expect(model.jsonErrors).toBeNull();
    expect(surveyLocale(model)).toBe('zh-cn');
    expect(model.getQuestionByName('aw_tb_target').title).toBe('谁可以得到');
    expect(model.completeText).toBe('提交问卷');
    expect(model.textUpdateMode).toBe('onTyping');
  });

  it('renders titles as headings a screen reader can jump between: page h2, question h3, a question inside a panel h4', () => {
    const model = createSurveyModel({
      title: 'Survey',
      pages: [{ name: 'p', title: 'Page', elements: [{ type: 'text', name: 'alone' }, { type: 'panel', name: 'box', title: 'Box', elements: [{ type: 'text', name: 'inside' }] }] }],
    });
    expect(model.getElementTitleTagName(model, 'div')).toBe('h1');
    expect(model.pages[0]!.titleTagName).toBe('h2');
    expect(model.getPanelByName('box').titleTagName).toBe('h3');
    expect(model.getQuestionByName('alone').titleTagName).toBe('h3');
    expect(model.getQuestionByName('inside').titleTagName).toBe('h4');
  });

  it('switches both the questions and the buttons to English and back', () => {
    const model = createSurveyModel(instrument, { locale: 'en' });
    expect(surveyLocale(model)).toBe('en');
    expect(model.getQuestionByName('birth_year').title).toBe('Year of birth');
    expect(model.completeText).toBe('Complete');
    model.locale = 'zh-cn';
    expect(model.getQuestionByName('birth_year').title).toBe('出生年份');
  });
});

describe('trackParadata', () => {
  it('sums seconds per page over every visit and records start, completion and the final language', () => {
    let clock = Date.parse('2026-05-01T08:00:00Z');
    const model = createSurveyModel(instrument);
    const tracker = trackParadata(model, { appVersion: 'test-1', userAgent: 'vitest', now: () => clock });
    clock += 12_000;
    model.nextPage();
    clock += 5_000;
    model.prevPage();
    clock += 3_000;
    model.nextPage();
    model.locale = 'en';
    clock += 4_000;
    model.doComplete();
    clock += 60_000;
    expect(tracker.snapshot()).toEqual({
      startedAt: '2026-05-01T08:00:00.000Z',
      completedAt: '2026-05-01T08:00:24.000Z',
      durationSeconds: 24,
      pageSeconds: { intro: 15, age: 9 },
      locale: 'en',
      appVersion: 'test-1',
      userAgent: 'vitest',
    });
  });

  it('resumes a draft without counting the time the app was closed', () => {
    let clock = Date.parse('2026-05-01T09:00:00Z');
    const saved = { startedAt: '2026-05-01T08:00:00.000Z', durationSeconds: 7, pageSeconds: { intro: 7 }, locale: 'zh-cn' as const, appVersion: 'test-1', userAgent: 'vitest' };
    const model = createSurveyModel(instrument);
    const tracker = trackParadata(model, { appVersion: 'test-2', userAgent: 'vitest', now: () => clock, resumeFrom: saved });
    clock += 2_000;
    const snapshot = tracker.snapshot();
    expect(snapshot.startedAt).toBe(saved.startedAt);
    expect(snapshot.pageSeconds).toEqual({ intro: 9 });
    expect(snapshot.completedAt).toBeUndefined();
    tracker.stop();
    model.nextPage();
    clock += 2_000;
    expect(tracker.snapshot().pageSeconds).toEqual({ intro: 11 });
  });
});
