import { describe, expect, it } from 'vitest';
import { drawableFirstPage } from '../../../../client/respond/ConsentPage';
import { getInstrument } from '../../../../surveys/catalog';

const consent = {
  name: 'consent',
  elements: [
    { type: 'html', name: 'info', html: { 'zh-cn': '<p>说明</p>', en: '<p>About</p>' } },
    { type: 'radiogroup', name: 'consent', title: { 'zh-cn': '愿意吗？', en: 'Willing?' }, isRequired: true, choices: [{ value: 'yes', text: { 'zh-cn': '愿意', en: 'Yes' } }] },
  ],
};

/** What the respondent page draws before SurveyJS arrives, and what it leaves to SurveyJS. */
describe('drawableFirstPage', () => {
  it("draws the migrant-health instrument's consent page, with the instrument's title", () => {
    const page = drawableFirstPage(getInstrument('migrant-health')!.json as Record<string, unknown>);
    expect(page?.name).toBe('consent');
    expect(page?.surveyTitle).toMatchObject({ 'zh-cn': expect.any(String), en: expect.any(String) });
    expect(page?.elements.map((element) => element.type)).toEqual(['html', 'radiogroup']);
  });

  it('draws a first page of html blocks and single-choice questions', () => {
    expect(drawableFirstPage({ pages: [consent] })).toEqual({ ...consent, pageCount: 1 });
  });

  it('leaves to SurveyJS a first page with another question type, with logic, or with choices it cannot draw exactly', () => {
    const withText = { ...consent, elements: [...consent.elements, { type: 'text', name: 'name', title: 'Name' }] };
    const withLogic = { ...consent, elements: [{ ...consent.elements[1], visibleIf: '{x} = 1' }] };
    const plainChoices = { ...consent, elements: [{ ...consent.elements[1], choices: ['yes', 'no'] }] };
    const pageLogic = { ...consent, visibleIf: '{x} = 1' };
    for (const page of [withText, withLogic, plainChoices, pageLogic]) expect(drawableFirstPage({ pages: [page] })).toBeUndefined();
    expect(drawableFirstPage({})).toBeUndefined();
  });
});
