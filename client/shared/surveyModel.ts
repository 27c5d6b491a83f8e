import { Model } from 'survey-core';
import 'survey-core/i18n/simplified-chinese';
import { registerSurveyProperties } from '../../surveys/properties';
import { DEFAULT_LOCALE, type Locale } from './locale';

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
  return model;
}

/** The model's language; survey-core reports its own default (English) as an empty string. */
export function surveyLocale(model: Model): Locale {
  return model.locale === 'zh-cn' ? 'zh-cn' : 'en';
}
