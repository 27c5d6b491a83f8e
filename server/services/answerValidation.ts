import type { Model, Question } from 'survey-core';
import type { ResponseStatus } from '../../analysis/domain/profile';
import type { Answers } from '../../analysis/scoring/types';
import { getInstrument } from './instrumentVersions';
import { type LogicPlan, planLogic } from '../../surveys/logicPlan';
import { instrumentModel, isEligible, statusOfLoadedSurvey } from '../../surveys/outcome';
import type { FieldError } from '../../contracts/errors';
import { contentHash } from './contentHash';

/** Free text longer than this is refused unless the question sets its own maxLength. */
const DEFAULT_MAX_TEXT_LENGTH = 2000;

/**
 * Per instrument version: its survey-core Model (surveys/outcome.ts keeps one per instrument JSON), reused
 * because building one costs far more than setting its data, and validation is synchronous, so two
 * requests never share it at once; and the logic plan read from it, when the instrument allows one.
 */
interface InstrumentChecker {
  model: Model;
  plan?: LogicPlan;
}
const checkers = new Map<string, InstrumentChecker>();

export function checkerOf(id: string, version: number): InstrumentChecker | undefined {
  const cacheKey = `${id}@${version}`;
  let checker = checkers.get(cacheKey);
  if (!checker) {
    const instrument = getInstrument(id, version);
    if (!instrument) return undefined;
    const model = instrumentModel(instrument.json);
    // Server messages are read by developers and interviewers' supervisors in the logs: English.
    model.locale = 'en';
    const plan = planLogic(model);
    checker = 'unsupported' in plan ? { model } : { model, plan };
    checkers.set(cacheKey, checker);
  }
  return checker;
}

/**
 * Checks a set of answers with the instrument's own logic, running survey-core as the browser does:
 * every answer names a question the logic shows, has the question's type and one of its choices, passes
 * its validators and ranges; a complete interview answers every required question, and the status agrees
 * with what the consent and screening answers say.
 */
export function validateAnswers(instrumentId: string, instrumentVersion: number, answers: Answers, status: ResponseStatus): FieldError[] {
  const key = contentHash({ instrumentId, instrumentVersion, answers, status });
  const known = verdicts.get(key);
  if (known) return known;
  const verdict = checkAnswers(instrumentId, instrumentVersion, answers, status);
  if (verdicts.size >= REMEMBERED_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(key, verdict);
  return verdict;
}

/**
 * Validation is a pure function of the instrument version, the answers and the status, and costs tens of
 * milliseconds; a tablet retrying after a lost acknowledgement resends exactly the same payload. So the
 * latest verdicts are remembered by content hash, and a resend skips straight to the duplicate check.
 */
const REMEMBERED_VERDICTS = 2000;
const verdicts = new Map<string, FieldError[]>();

function checkAnswers(instrumentId: string, instrumentVersion: number, answers: Answers, status: ResponseStatus): FieldError[] {
  const checker = checkerOf(instrumentId, instrumentVersion);
  if (!checker) return [{ path: 'instrumentVersion', message: `no instrument ${instrumentId} version ${instrumentVersion}` }];
  const keyErrors = unstorableKeys(answers, 'answers');
  if (keyErrors.length > 0) return keyErrors;
  if (checker.plan && planAccepts(checker.plan, answers, status)) return [];
  return modelErrors(checker.model, `${instrumentId} version ${instrumentVersion}`, answers, status);
}

/**
 * The fast path: true only when the logic plan is sure the answers pass every check that `modelErrors`
 * makes. Anything else, including every invalid answer set, goes to the full Model, which words the errors.
 */
export function planAccepts(plan: LogicPlan, answers: Answers, status: ResponseStatus): boolean {
  const reading = plan.read(answers);
  for (const [name, value] of Object.entries(answers)) {
    const planned = plan.questions.get(name);
    if (!planned || !reading.isShown(planned) || valueProblem(planned.question, value) || !reading.passesRules(planned, false)) return false;
  }
  const finished = [...plan.questions.values()].every((planned) => !reading.isShown(planned) || reading.passesRules(planned, true));
  if (status === 'complete') return finished && reading.eligible;
  if (status === 'partial') return true;
  const outcome = reading.refused ? 'refused' : !finished ? 'partial' : reading.eligible ? 'complete' : 'ineligible';
  return outcome === status;
}

/** Every problem of an answer set, found by survey-core's Model holding the answers, in its words. */
export function modelErrors(model: Model, instrument: string, answers: Answers, status: ResponseStatus): FieldError[] {
  model.data = answers;
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(answers)) {
    const question = model.getQuestionByName(name);
    if (!question) {
      errors.push({ path: `answers.${name}`, message: `"${name}" is not a question of ${instrument}` });
      continue;
    }
    if (!isShown(question)) {
      errors.push({ path: `answers.${name}`, message: 'the instrument hides this question for these answers, so it cannot be answered' });
      continue;
    }
    const problem = valueProblem(question, value);
    if (problem) errors.push({ path: `answers.${name}`, message: problem });
  }
  if (errors.length > 0) return errors;
  errors.push(...ruleErrors(model, answers, status));
  if (errors.length > 0) return errors;
  // A complete interview just passed every check on every question shown, so only eligibility is left to read.
  const outcome = status === 'complete' ? (isEligible(model) ? 'complete' : 'ineligible') : statusOfLoadedSurvey(model);
  if (status !== 'partial' && outcome !== status) {
    errors.push({ path: 'status', message: `the answers describe an interview that is ${outcome}, not ${status}` });
  }
  return errors;
}

/** MongoDB cannot store these keys safely (and no question is named so): `$…` and dotted keys, at any depth. */
export function unstorableKeys(root: unknown, rootPath: string): FieldError[] {
  const errors: FieldError[] = [];
  // An explicit stack, not recursion: the value comes from a client (its depth is limited, but not here).
  const stack: { value: unknown; path: string; badKey?: true }[] = [{ value: root, path: rootPath }];
  while (stack.length > 0) {
    const { value, path, badKey } = stack.pop()!;
    if (badKey) errors.push({ path, message: 'keys may not start with "$" or contain "."' });
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

function valueProblem(question: Question, value: unknown): string | undefined {
  switch (question.getType()) {
    case 'radiogroup':
    case 'dropdown':
    case 'rating':
      return choiceProblem(question, value);
    case 'checkbox':
      return checkboxProblem(question, value);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected true or false';
    case 'text':
      if (question.inputType === 'number') return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
      return textProblem(question, value);
    case 'comment':
      return textProblem(question, value);
    default:
      return `questions of type ${question.getType()} cannot take answers through the API`;
  }
}

function allowedValues(question: Question): unknown[] {
  const items = question.getType() === 'rating' ? question.visibleRateValues : question.visibleChoices;
  return (items as { value: unknown }[]).map((item) => item.value);
}

function choiceProblem(question: Question, value: unknown): string | undefined {
  const allowed = allowedValues(question);
  if (allowed.some((choice) => choice === value)) return undefined;
  return `${JSON.stringify(value)} is not one of the choices (${allowed.map((choice) => JSON.stringify(choice)).join(', ')})`;
}

function checkboxProblem(question: Question, value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return 'expected a non-empty list of choices';
  if (new Set(value).size !== value.length) return 'a choice is listed twice';
  const allowed = allowedValues(question);
  const unknown = value.filter((item) => !allowed.includes(item));
  if (unknown.length > 0) return `${unknown.map((item) => JSON.stringify(item)).join(', ')} not among the choices (${allowed.map((choice) => JSON.stringify(choice)).join(', ')})`;
  if (value.length > 1 && value.includes(question.noneItem?.value)) return `"${question.noneItem.value}" (don't know) cannot be combined with other choices`;
  return undefined;
}

function textProblem(question: Question, value: unknown): string | undefined {
  if (typeof value !== 'string') return 'expected text';
  const limit = question.maxLength > 0 ? question.maxLength : DEFAULT_MAX_TEXT_LENGTH;
  return value.length > limit ? `text of ${value.length} characters is over the limit of ${limit}` : undefined;
}

const READABLE_ERRORS: Record<string, string> = { required: 'a complete interview must answer this question' };

/**
 * survey-core's own checks (validators, numeric ranges, required). A complete interview must pass them on
 * every question shown; a partial, refused or ineligible one only on the questions it answered.
 */
function ruleErrors(model: Model, answers: Answers, status: ResponseStatus): FieldError[] {
  const checked = status === 'complete' ? model.getAllQuestions(true) : model.getAllQuestions(true).filter((question) => question.name in answers);
  return checked.filter(isShown).flatMap((question) => {
    question.validate(true);
    return question.errors
      .filter((error) => status === 'complete' || error.getErrorType() !== 'required')
      .map((error) => ({ path: `answers.${question.name}`, message: error.text || READABLE_ERRORS[error.getErrorType()] || error.getErrorType() }));
  });
}
