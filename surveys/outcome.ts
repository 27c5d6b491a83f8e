/**
 * What an answer set says about the interview, read through the instrument's own logic (survey-core), so
 * the browser apps, the server and the synthetic respondents agree. Imports no JSON: browser-safe.
 */
import { Model } from 'survey-core';
import type { ResponseStatus } from '../analysis/domain/profile';
import type { Answers } from '../analysis/scoring/types';
import { registerSurveyProperties } from './properties';

/** The consent question of the first module and the variable its screening calculates. */
export const CONSENT_QUESTION = 'consent';
export const ELIGIBLE_VARIABLE = 'eligible';

/**
 * refused: consent declined; ineligible: consented, screening finished and failed; complete: consented,
 * eligible and every question the logic shows is answered as required; partial: anything short of these.
 */
export function responseStatusOf(instrumentJson: object, answers: Answers): ResponseStatus {
  if (answers[CONSENT_QUESTION] === 'no') return 'refused';
  const survey = instrumentModel(instrumentJson);
  survey.data = answers;
  return statusOfLoadedSurvey(survey);
}

/** The same, for a Model that already holds the answers (the server's validation has set them once). */
export function statusOfLoadedSurvey(survey: Model): ResponseStatus {
  if (survey.getValue(CONSENT_QUESTION) === 'no') return 'refused';
  const finished = survey.validate(false, false);
  if (!finished) return 'partial';
  return isEligible(survey) ? 'complete' : 'ineligible';
}

/** What the screening questions concluded, as the instrument's own calculated value says. */
export function isEligible(survey: Model): boolean {
  return survey.getVariable(ELIGIBLE_VARIABLE) === true;
}

/** Building a Model costs far more than setting its data, so each instrument JSON object keeps one. */
const models = new WeakMap<object, Model>();
export function instrumentModel(instrumentJson: object): Model {
  let survey = models.get(instrumentJson);
  if (!survey) {
    registerSurveyProperties();
    models.set(instrumentJson, (survey = new Model(instrumentJson)));
  }
  return survey;
}
