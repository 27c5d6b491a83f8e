import { describe, expect, it } from 'vitest';
import type { Model, Question } from 'survey-core';
import { hasPageAfter, progressOf, reachablePages, refreshNavigation } from '../../../../client/shared/navigation';
import { createSurveyModel } from '../../../../client/shared/surveyModel';
import { generateRespondent } from '../../../../scripts/synthetic';
import { getInstrument } from '../../../../surveys/catalog';

const instrument = () => getInstrument('migrant-health')!.json;
/** What the navigation bar shows: SurveyJS's next and complete actions as they are drawn. */
const buttons = (model: Model) => ({
  next: model.navigationBar.getActionById('sv-nav-next').visible,
  complete: model.navigationBar.getActionById('sv-nav-complete').visible,
});

describe('navigation over the pages the survey can still show', () => {
  it('consent: Next until declined, then complete; the refusal leaves one page', () => {
    const model = createSurveyModel(instrument());
    // SurveyJS alone calls consent the last page: every later page is hidden until consent is given.
    expect(model.isLastPage).toBe(true);
    expect(buttons(model)).toEqual({ next: true, complete: false });
    expect(progressOf(model)).toEqual({ page: 1, of: model.pages.length, percent: 0 });
    model.setValue('consent', 'no');
    expect(buttons(model)).toEqual({ next: false, complete: true });
    expect(reachablePages(model).map((page) => page.name)).toEqual(['consent']);
    model.setValue('consent', 'yes');
    expect(buttons(model)).toEqual({ next: true, complete: false });
  });

  it('eligibility: Next while eligibility is open, complete once an answer makes the respondent ineligible', () => {
    const model = createSurveyModel(instrument());
    model.setValue('consent', 'yes');
    expect(model.nextPage()).toBe(true);
    expect(model.currentPage.name).toBe('eligibility');
    expect(buttons(model)).toEqual({ next: true, complete: false });
    model.setValue('age_in_range', 'no');
    expect(buttons(model)).toEqual({ next: false, complete: true });
    expect(progressOf(model)).toEqual({ page: 2, of: 2, percent: 50 });
    model.setValue('age_in_range', 'yes');
    model.setValue('hukou_elsewhere', 'yes');
    model.setValue('months_here', 0);
    expect(buttons(model)).toEqual({ next: false, complete: true });
    model.setValue('months_here', 6);
    expect(buttons(model)).toEqual({ next: true, complete: false });
  });

  it('Next on a page SurveyJS takes for the last checks it: a missing required answer is flagged and the page stays', () => {
    const model = createSurveyModel(instrument());
    let completed = false;
    model.onComplete.add(() => (completed = true));
    model.navigationBar.getActionById('sv-nav-next').action!();
    expect(model.currentPage.name).toBe('consent');
    expect(model.getQuestionByName('consent').errors.length).toBe(1);
    expect(completed).toBe(false);
  });

  it('over a full eligible interview: Next on every page but the last, progress never goes back', () => {
    const answers = generateRespondent({ seed: 11, status: 'complete', province: '53' }).answers as Record<string, unknown>;
    const model = createSurveyModel(instrument());
    const seen: { page: string; percent: number; next: boolean; complete: boolean }[] = [];
    for (;;) {
      const onPage = Object.fromEntries((model.currentPage.questions as Question[]).filter((question) => answers[question.name] !== undefined).map((question) => [question.name, answers[question.name]]));
      model.mergeData(onPage);
      refreshNavigation(model);
      seen.push({ page: model.currentPage.name, percent: progressOf(model).percent, ...buttons(model) });
      if (!hasPageAfter(model)) break;
      expect(model.nextPage(), `leaving ${model.currentPage.name}`).toBe(true);
    }
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.slice(0, -1).every((entry) => entry.next && !entry.complete)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ next: false, complete: true });
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.percent, `${seen[i - 1]!.page} → ${seen[i]!.page}`).toBeGreaterThan(seen[i - 1]!.percent);
  });
});
