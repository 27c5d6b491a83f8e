import { describe, expect, it } from 'vitest';
import { drawableEarlyPages, nextEarlyPage, shownAnswers } from '../../../../client/respond/EarlyPage';
import { getInstrument } from '../../../../surveys/catalog';

const consent = {
  name: 'consent',
  elements: [
    { type: 'html', name: 'info', html: { 'zh-cn': '<p>说明</p>', en: '<p>About</p>' } },
    { type: 'radiogroup', name: 'consent', title: { 'zh-cn': '愿意吗？', en: 'Willing?' }, isRequired: true, choices: [{ value: 'yes', text: { 'zh-cn': '愿意', en: 'Yes' } }] },
  ],
};
const migrantHealth = () => drawableEarlyPages(getInstrument('migrant-health')!.json as Record<string, unknown>)!;

/** What the respondent page draws before SurveyJS arrives, and what it leaves to SurveyJS. */
describe('drawableEarlyPages', () => {
  it("draws the migrant-health instrument's consent and eligibility pages, with the instrument's title, and leaves the profile to SurveyJS", () => {
    const early = migrantHealth();
    expect(early.pages.map((page) => page.name)).toEqual(['consent', 'eligibility']);
    expect(early.pageCount).toBe(getInstrument('migrant-health')!.json.pages.length);
    expect(early.surveyTitle).toMatchObject({ 'zh-cn': expect.any(String), en: expect.any(String) });
    expect(early.pages[1]!.elements.map((element) => element.type)).toEqual(['radiogroup', 'radiogroup', 'text']);
  });

  it('draws a first page of html blocks and single-choice questions', () => {
    expect(drawableEarlyPages({ pages: [consent] })).toEqual({ pages: [consent], pageCount: 1 });
  });

  it('leaves to SurveyJS a first page with another question type, logic it cannot evaluate, a condition of its own, or choices it cannot draw exactly', () => {
    const withText = { ...consent, elements: [...consent.elements, { type: 'text', name: 'name', title: 'Name' }] };
    const withLogic = { ...consent, elements: [{ ...consent.elements[1], visibleIf: '{x} = 1' }] };
    const withExpression = { ...consent, elements: [{ ...consent.elements[1], visibleIf: "{x} = 'a' or {y} = 'b'" }] };
    const plainChoices = { ...consent, elements: [{ ...consent.elements[1], choices: ['yes', 'no'] }] };
    const pageCondition = { ...consent, visibleIf: "{x} = 'a'" };
    for (const page of [withText, withLogic, withExpression, plainChoices, pageCondition]) expect(drawableEarlyPages({ pages: [page] })).toBeUndefined();
    expect(drawableEarlyPages({})).toBeUndefined();
  });

  it('draws the pages after the first while they hold only what it can draw', () => {
    const ageCheck = { name: 'age', visibleIf: "{consent} = 'yes'", elements: [{ type: 'text', inputType: 'number', name: 'age', title: 'Age', min: 15, max: 69 }] };
    const withExpression = { name: 'later', elements: [{ type: 'text', inputType: 'number', name: 'year', title: 'Year', maxValueExpression: 'currentYear()' }] };
    expect(drawableEarlyPages({ pages: [consent, ageCheck, withExpression, ageCheck] })?.pages.map((page) => page.name)).toEqual(['consent', 'age']);
  });
});

describe('nextEarlyPage and shownAnswers', () => {
  it('goes on to eligibility only after consent is given, and leaves every page after eligibility to SurveyJS', () => {
    const early = migrantHealth();
    expect(nextEarlyPage(early, 0, { consent: 'yes' })).toBe(1);
    expect(nextEarlyPage(early, 0, { consent: 'no' })).toBeUndefined();
    expect(nextEarlyPage(early, 1, { consent: 'yes', age_in_range: 'yes', hukou_elsewhere: 'yes', months_here: 3 })).toBeUndefined();
  });

  it('drops the answers to questions an earlier answer now hides, down the chain', () => {
    const early = migrantHealth();
    const eligible = { consent: 'yes', age_in_range: 'yes', hukou_elsewhere: 'yes', months_here: 3 };
    expect(shownAnswers(early, eligible)).toEqual(eligible);
    expect(shownAnswers(early, { ...eligible, age_in_range: 'no' })).toEqual({ consent: 'yes', age_in_range: 'no' });
    expect(shownAnswers(early, { ...eligible, hukou_elsewhere: 'no' })).toEqual({ consent: 'yes', age_in_range: 'yes', hukou_elsewhere: 'no' });
  });
});
