/**
 * The check of a set of answers against its instrument, by the instrument's own logic (survey-core), the
 * same in the server's intake and on the interviewer's tablet before an interview is queued. Pure: it is
 * given the instrument's JSON, and says what is wrong in the reader's language (the server's messages are
 * English, for developers and the logs; the tablet's Chinese, for the interviewer).
 */
import { Model, type Question } from 'survey-core';
import { RESPONSE_STATUS_LABELS, type ResponseStatus } from '../analysis/domain/profile';
import type { Answers } from '../analysis/scoring/types';
import type { FieldError } from '../contracts/errors';
import { type LogicPlan, planLogic } from './logicPlan';
import { isEligible, statusOfLoadedSurvey } from './outcome';
import { registerSurveyProperties } from './properties';

/** The languages the check words its problems in. */
export type CheckLocale = 'zh-cn' | 'en';

/** Free text longer than this is refused unless the question sets its own maxLength. */
export const DEFAULT_MAX_TEXT_LENGTH = 2000;

const listed = (values: unknown[]) => values.map((value) => JSON.stringify(value)).join(', ');

/** Every message the check writes itself (survey-core words its validators' own). */
const MESSAGES = {
  'zh-cn': {
    unstorableKey: '名称不能以“$”开头，也不能含“.”',
    notAQuestion: (name: string, instrument: string) => `“${name}”不是问卷 ${instrument}的问题`,
    hidden: '按这些回答，问卷不显示这道题，所以不能作答',
    notBoolean: '应为“是”或“否”',
    notNumber: '应为数字',
    notText: '应为文字',
    tooLong: (length: number, limit: number) => `文字有 ${length} 个字，超过上限 ${limit} 个字`,
    unsupported: (type: string) => `${type} 类型的题目不能这样作答`,
    notAChoice: (value: unknown, allowed: unknown[]) => `${JSON.stringify(value)} 不是选项之一（${listed(allowed)}）`,
    emptyList: '应至少选择一项',
    listedTwice: '同一选项选了两次',
    notAmongChoices: (unknown: unknown[], allowed: unknown[]) => `${listed(unknown)} 不在选项中（${listed(allowed)}）`,
    dontKnowCombined: (none: unknown) => `“${String(none)}”（不知道）不能和其他选项同时选`,
    required: '完成的访问必须回答这道题',
    statusDisagrees: (outcome: ResponseStatus, status: ResponseStatus) => `按这些回答，这次访问是“${RESPONSE_STATUS_LABELS[outcome]['zh-cn']}”，不是“${RESPONSE_STATUS_LABELS[status]['zh-cn']}”`,
  },
  en: {
    unstorableKey: 'keys may not start with "$" or contain "."',
    notAQuestion: (name: string, instrument: string) => `"${name}" is not a question of ${instrument}`,
    hidden: 'the instrument hides this question for these answers, so it cannot be answered',
    notBoolean: 'expected true or false',
    notNumber: 'expected a number',
    notText: 'expected text',
    tooLong: (length: number, limit: number) => `text of ${length} characters is over the limit of ${limit}`,
    unsupported: (type: string) => `questions of type ${type} cannot take answers through the API`,
    notAChoice: (value: unknown, allowed: unknown[]) => `${JSON.stringify(value)} is not one of the choices (${listed(allowed)})`,
    emptyList: 'expected a non-empty list of choices',
    listedTwice: 'a choice is listed twice',
    notAmongChoices: (unknown: unknown[], allowed: unknown[]) => `${listed(unknown)} not among the choices (${listed(allowed)})`,
    dontKnowCombined: (none: unknown) => `"${String(none)}" (don't know) cannot be combined with other choices`,
    required: 'a complete interview must answer this question',
    statusDisagrees: (outcome: ResponseStatus, status: ResponseStatus) => `the answers describe an interview that is ${outcome}, not ${status}`,
  },
} satisfies Record<CheckLocale, unknown>;
type Messages = (typeof MESSAGES)['en'];

/**
 * One instrument version, ready to check answer sets: its own survey-core Model (reused, because building
 * one costs far more than setting its data; the check is synchronous, so two checks never share it at once)
 * and the logic plan read from it, when the instrument allows one.
 */
export interface AnswerChecker {
  /** How the problems name the instrument, e.g. `migrant-health version 1`. */
  instrument: string;
  model: Model;
  plan?: LogicPlan;
  locale: CheckLocale;
}

export function answerCheckerOf(json: object, instrument: string, locale: CheckLocale): AnswerChecker {
  registerSurveyProperties();
  const model = new Model(json);
  model.locale = locale;
  const plan = planLogic(model);
  return 'unsupported' in plan ? { instrument, model, locale } : { instrument, model, plan, locale };
}

/**
 * Every problem of a set of answers: every answer names a question the logic shows, has the question's type
 * and one of its choices, passes its validators and ranges; a complete interview answers every required
 * question, and the status agrees with what the consent and screening answers say. None: it may be sent.
 */
export function answerProblems(checker: AnswerChecker, answers: Answers, status: ResponseStatus): FieldError[] {
  const keyErrors = unstorableKeys(answers, 'answers', checker.locale);
  if (keyErrors.length > 0) return keyErrors;
  if (checker.plan && planAccepts(checker.plan, answers, status)) return [];
  return modelErrors(checker, answers, status);
}

/**
 * The fast path: true only when the logic plan is sure the answers pass every check that `modelErrors`
 * makes. Anything else, including every invalid answer set, goes to the full Model, which words the errors.
 */
export function planAccepts(plan: LogicPlan, answers: Answers, status: ResponseStatus): boolean {
  const reading = plan.read(answers);
  for (const [name, value] of Object.entries(answers)) {
    const planned = plan.questions.get(name);
    if (!planned || !reading.isShown(planned) || valueProblem(planned.question, value, MESSAGES.en) || !reading.passesRules(planned, false)) return false;
  }
  const finished = [...plan.questions.values()].every((planned) => !reading.isShown(planned) || reading.passesRules(planned, true));
  if (status === 'complete') return finished && reading.eligible;
  if (status === 'partial') return true;
  const outcome = reading.refused ? 'refused' : !finished ? 'partial' : reading.eligible ? 'complete' : 'ineligible';
  return outcome === status;
}

/** Every problem of an answer set, found by survey-core's Model holding the answers, in its words. */
export function modelErrors({ model, instrument, locale }: AnswerChecker, answers: Answers, status: ResponseStatus): FieldError[] {
  const messages = MESSAGES[locale];
  model.data = answers;
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(answers)) {
    const question = model.getQuestionByName(name);
    if (!question) {
      errors.push({ path: `answers.${name}`, message: messages.notAQuestion(name, instrument) });
      continue;
    }
    if (!isShown(question)) {
      errors.push({ path: `answers.${name}`, message: messages.hidden });
      continue;
    }
    const problem = valueProblem(question, value, messages);
    if (problem) errors.push({ path: `answers.${name}`, message: problem });
  }
  if (errors.length > 0) return errors;
  errors.push(...ruleErrors(model, answers, status, messages));
  if (errors.length > 0) return errors;
  // A complete interview just passed every check on every question shown, so only eligibility is left to read.
  const outcome = status === 'complete' ? (isEligible(model) ? 'complete' : 'ineligible') : statusOfLoadedSurvey(model);
  if (status !== 'partial' && outcome !== status) errors.push({ path: 'status', message: messages.statusDisagrees(outcome, status) });
  return errors;
}

/** MongoDB cannot store these keys safely (and no question is named so): `$…` and dotted keys, at any depth. */
export function unstorableKeys(root: unknown, rootPath: string, locale: CheckLocale = 'en'): FieldError[] {
  const errors: FieldError[] = [];
  // An explicit stack, not recursion: the value comes from a client (its depth is limited, but not here).
  const stack: { value: unknown; path: string; badKey?: true }[] = [{ value: root, path: rootPath }];
  while (stack.length > 0) {
    const { value, path, badKey } = stack.pop()!;
    if (badKey) errors.push({ path, message: MESSAGES[locale].unstorableKey });
    else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) stack.push({ value: value[index], path: `${path}[${index}]` });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value).reverse()) {
        stack.push({ value: inner, path: `${path}.${key}`, ...(key.startsWith('$') || key.includes('.') ? { badKey: true as const } : {}) });
      }
    }
  }
  return errors;
}

function isShown(question: Question): boolean {
  return question.isVisible && question.isParentVisible && (question.page?.isVisible ?? true);
}

function valueProblem(question: Question, value: unknown, messages: Messages): string | undefined {
  switch (question.getType()) {
    case 'radiogroup':
    case 'dropdown':
    case 'rating':
      return choiceProblem(question, value, messages);
    case 'checkbox':
      return checkboxProblem(question, value, messages);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : messages.notBoolean;
    case 'text':
      if (question.inputType === 'number') return typeof value === 'number' && Number.isFinite(value) ? undefined : messages.notNumber;
      return textProblem(question, value, messages);
    case 'comment':
      return textProblem(question, value, messages);
    default:
      return messages.unsupported(question.getType());
  }
}

function allowedValues(question: Question): unknown[] {
  const items = question.getType() === 'rating' ? question.visibleRateValues : question.visibleChoices;
  return (items as { value: unknown }[]).map((item) => item.value);
}

function choiceProblem(question: Question, value: unknown, messages: Messages): string | undefined {
  const allowed = allowedValues(question);
  return allowed.some((choice) => choice === value) ? undefined : messages.notAChoice(value, allowed);
}

function checkboxProblem(question: Question, value: unknown, messages: Messages): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return messages.emptyList;
  if (new Set(value).size !== value.length) return messages.listedTwice;
  const allowed = allowedValues(question);
  const unknown = value.filter((item) => !allowed.includes(item));
  if (unknown.length > 0) return messages.notAmongChoices(unknown, allowed);
  if (value.length > 1 && value.includes(question.noneItem?.value)) return messages.dontKnowCombined(question.noneItem.value);
  return undefined;
}

function textProblem(question: Question, value: unknown, messages: Messages): string | undefined {
  if (typeof value !== 'string') return messages.notText;
  const limit = question.maxLength > 0 ? question.maxLength : DEFAULT_MAX_TEXT_LENGTH;
  return value.length > limit ? messages.tooLong(value.length, limit) : undefined;
}

/**
 * survey-core's own checks (validators, numeric ranges, required). A complete interview must pass them on
 * every question shown; a partial, refused or ineligible one only on the questions it answered.
 */
function ruleErrors(model: Model, answers: Answers, status: ResponseStatus, messages: Messages): FieldError[] {
  const checked = status === 'complete' ? model.getAllQuestions(true) : model.getAllQuestions(true).filter((question) => question.name in answers);
  return checked.filter(isShown).flatMap((question) => {
    question.validate(true);
    return question.errors
      .filter((error) => status === 'complete' || error.getErrorType() !== 'required')
      .map((error) => ({ path: `answers.${question.name}`, message: error.text || (error.getErrorType() === 'required' ? messages.required : error.getErrorType()) }));
  });
}
