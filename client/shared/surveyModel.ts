import { Model, type Question, type QuestionRatingModel } from 'survey-core';
import 'survey-core/i18n/simplified-chinese';
import { registerSurveyProperties } from '../../surveys/properties';
import { DEFAULT_LOCALE, type Locale } from './locale';
import { navigateTruthfully, refreshNavigation } from './navigation';

export interface SurveyModelOptions {
  locale?: Locale;
}

/**
 * The one way every app turns an instrument's JSON into a SurveyJS model: our custom tags registered
 * first (so the JSON loads without unknown-property errors), SurveyJS's own buttons and messages in the
 * same language as the questions, and text answers taken as they are typed (not on leaving the field),
 * so an app that saves every change loses nothing when the device dies mid-word.
 */
export function createSurveyModel(json: object, options: SurveyModelOptions = {}): Model {
  registerSurveyProperties();
  const model = new Model(json);
  model.locale = options.locale ?? DEFAULT_LOCALE;
  model.textUpdateMode = 'onTyping';
  keepRatingsAsButtons(model);
  navigateTruthfully(model);
  model.onGetTitleTagName.add((_, options) => {
    options.tagName = titleTagOf(options.element.getType(), (options.element as Question).parent?.isPanel ?? false);
  });
  model.onAfterRenderQuestion.add((_, { question, htmlElement }) => {
    if (question.getType() !== 'rating' && question.getType() !== 'dropdown') return;
    hideDropdownHelperInputs(htmlElement);
    // A rating scale turns into a dropdown only after it has measured the room it has, so watch for it.
    new MutationObserver(() => hideDropdownHelperInputs(htmlElement)).observe(htmlElement, { childList: true, subtree: true });
  });
  return model;
}

/** Puts saved answers into the model and resumes on `page` (its number among the pages the logic shows, or its name), with navigation that follows them. */
export function restoreAnswers(model: Model, answers: Record<string, unknown>, page: number | string = 0): void {
  model.data = answers;
  const pageNo = typeof page === 'string' ? model.visiblePages.findIndex((visible) => visible.name === page) : page;
  if (pageNo >= 0 && pageNo < model.visiblePageCount) model.currentPageNo = pageNo;
  refreshNavigation(model);
}

/**
 * SurveyJS turns a rating scale that does not fit its width (a 5-point satisfaction scale at 360 px) into a
 * dropdown (选择。。。): one more tap, and the scale is hidden. Buttons always; at a phone's width
 * survey.css lets them wrap.
 */
function keepRatingsAsButtons(model: Model): void {
  for (const question of model.getAllQuestions(false) as Question[]) {
    if (question.getType() === 'rating') (question as QuestionRatingModel).displayMode = 'buttons';
  }
}

/**
 * Titles as headings (SurveyJS draws them as plain divs), so that a screen reader can list them and jump
 * from question to question: the survey h1, a page h2, a panel h3, a question h3 (h4 inside a panel).
 */
function titleTagOf(elementType: string, insidePanel: boolean): string {
  if (elementType === 'survey') return 'h1';
  if (elementType === 'page') return 'h2';
  return elementType === 'panel' || !insidePanel ? 'h3' : 'h4';
}

/**
 * A dropdown without search (how SurveyJS shows a rating scale that does not fit a phone's width) is a
 * labelled combobox holding a read-only, unfocusable text input with no label of its own. Screen readers
 * would announce that input as an unnamed edit field; it only draws the chosen value, so it is hidden
 * from them (WCAG 4.1.2, axe-core rule `label`).
 */
function hideDropdownHelperInputs(element: HTMLElement): void {
  for (const input of element.querySelectorAll('[role="combobox"] input[readonly]:not([role])')) input.setAttribute('aria-hidden', 'true');
}

/** The model's language; survey-core reports its own default (English) as an empty string. */
export function surveyLocale(model: Model): Locale {
  return model.locale === 'zh-cn' ? 'zh-cn' : 'en';
}

/**
 * Calls `save` on every answer, every page turn and whenever the page is hidden (a phone locking, the
 * app switching), so progress on the device is never older than the last thing the person did.
 * Returns the function that stops it.
 */
export function saveProgressOnChange(model: Model, save: () => void): () => void {
  const saveOnHide = () => document.visibilityState === 'hidden' && save();
  model.onValueChanged.add(save);
  model.onCurrentPageChanged.add(save);
  document.addEventListener('visibilitychange', saveOnHide);
  return () => {
    model.onValueChanged.remove(save);
    model.onCurrentPageChanged.remove(save);
    document.removeEventListener('visibilitychange', saveOnHide);
  };
}
