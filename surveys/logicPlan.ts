/**
 * The instrument's logic read once from its loaded survey-core Model into a plan that checks an answer set
 * in well under a millisecond: survey-core's own ConditionRunner evaluates every visibleIf, calculated
 * value and expression validator over the plain answers, which is what `model.data = answers` does too,
 * minus the tens of milliseconds survey-core spends updating every question's state for rendering.
 *
 * The plan is a fast path, never the authority: it answers only "this answer set is valid, with this
 * outcome" when it is sure, and otherwise "not sure", upon which the caller runs the full Model (which also
 * words the errors). It covers the SurveyJS features listed in `unsupportedFeature`; an instrument using
 * anything else gets no plan and is always checked by the full Model.
 */
import { ConditionRunner, ConditionsParser, ExpressionRunner, FunctionOperand, Helpers, type Model, type Operand, type PanelModelBase, type Question, type SurveyValidator } from 'survey-core';
import type { Answers } from '../analysis/scoring/types';
import { CONSENT_QUESTION, ELIGIBLE_VARIABLE } from './outcome';

/** How a question's answer is judged: its static metadata, and the conditions that must all hold to show it. */
export interface PlannedQuestion {
  question: Question;
  /** The visibleIf of the question, its panels and its page: each must hold. */
  shownIf: string[];
  hiddenAlways: boolean;
  isRequired: boolean;
  /** The numeric range of a number question; survey-core's minValueExpression / maxValueExpression included. */
  min: Bound;
  max: Bound;
  validators: AnswerRule[];
}

type Bound = (values: Record<string, unknown>) => number | undefined;

/** One of survey-core's validators of a question, as a test of its value against the whole answer set. */
type AnswerRule = (value: unknown, values: Record<string, unknown>) => boolean;

export interface LogicPlan {
  questions: Map<string, PlannedQuestion>;
  read(answers: Answers): AnswerReading;
}

/** An answer set seen through the plan: the values the conditions read (answers and calculated values). */
export interface AnswerReading {
  isShown(planned: PlannedQuestion): boolean;
  /** survey-core's rules for a shown question: required when `requireAnswer`, numeric range, validators. */
  passesRules(planned: PlannedQuestion, requireAnswer: boolean): boolean;
  eligible: boolean;
  refused: boolean;
}

/** Question types whose answers the plan can judge the way survey-core's Model does. */
const PLANNED_TYPES = new Set(['radiogroup', 'dropdown', 'rating', 'checkbox', 'boolean', 'text', 'comment', 'html']);
/** Functions of survey-core's expression language that depend on their arguments alone (no survey state). */
const PURE_FUNCTIONS = new Set(['currentYear', 'currentDate', 'today', 'age', 'iif', 'sum', 'max', 'min', 'avg', 'round', 'trunc', 'getDate', 'year', 'month', 'day', 'diffDays', 'dateDiff', 'dateAdd']);
/** Question properties whose logic the plan does not evaluate. */
const UNPLANNED_PROPERTIES = ['valueName', 'enableIf', 'requiredIf', 'choicesVisibleIf', 'choicesEnableIf', 'resetValueIf', 'setValueIf', 'setValueExpression', 'defaultValueExpression', 'step'];
const UNPLANNED_FLAGS = ['hideIfChoicesEmpty', 'showOtherItem', 'showCommentArea', 'choicesFromQuestion'];

/** The plan of a loaded instrument, or why it has none (then the full Model checks every answer set). */
export function planLogic(model: Model): LogicPlan | { unsupported: string } {
  const problem = unsupportedFeature(model);
  if (problem) return { unsupported: problem };
  const calculated = model.calculatedValues.map((value) => ({ name: value.name, runner: new ExpressionRunner(value.expression) }));
  const questions = new Map(model.getAllQuestions(false).map((question) => [question.name, planQuestion(question)]));
  // A page's condition guards every question on it: one runner per distinct expression, run once per answer set.
  const conditions = new Map([...questions.values()].flatMap((planned) => planned.shownIf).map((expression) => [expression, new ConditionRunner(expression)]));
  return { questions, read: (answers) => readAnswers(answers, calculated, conditions) };
}

function planQuestion(question: Question): PlannedQuestion {
  const containers: (PanelModelBase | Question)[] = [question];
  for (let parent = question.parent; parent; parent = parent.parent) containers.push(parent as PanelModelBase);
  return {
    question,
    shownIf: containers.map((element) => element.visibleIf).filter(Boolean),
    // visibleIf sets `visible` as it runs; only an element without one is hidden for good by `visible: false`.
    hiddenAlways: containers.some((element) => !element.visibleIf && !element.visible),
    isRequired: question.isRequired,
    min: boundOf(question, 'min'),
    max: boundOf(question, 'max'),
    validators: question.validators.map((validator) => ruleOf(validator, question.name)),
  };
}

function boundOf(question: Question, side: 'min' | 'max'): Bound {
  const expression = question.getType() === 'text' ? (question[`${side}ValueExpression`] as string | undefined) : undefined;
  if (expression) {
    const runner = new ExpressionRunner(expression);
    return (values) => numberOrUndefined(runner.runValues(values));
  }
  const fixed = question.getType() === 'text' ? numberOrUndefined(question[side]) : undefined;
  return () => fixed;
}

function numberOrUndefined(value: unknown): number | undefined {
  return Helpers.isValueEmpty(value) ? undefined : Number(value);
}

function ruleOf(validator: SurveyValidator, name: string): AnswerRule {
  const expression = (validator as { expression?: string }).expression;
  if (validator.getType() === 'expressionvalidator' && expression) {
    const runner = new ConditionRunner(expression);
    return (_value, values) => runner.runValues(values) === true;
  }
  return (value) => !validator.validate(value, name)?.error;
}

function readAnswers(answers: Answers, calculated: { name: string; runner: ExpressionRunner }[], conditions: Map<string, ConditionRunner>): AnswerReading {
  const values: Record<string, unknown> = { ...answers };
  // survey-core computes a calculated value's dependencies first; passes in declaration order until nothing changes do the same.
  for (let pass = 0; pass <= calculated.length; pass++) {
    let changed = false;
    for (const { name, runner } of calculated) {
      const value = runner.runValues(values);
      if (Helpers.isTwoValueEquals(values[name], value)) continue;
      values[name] = value;
      changed = true;
    }
    if (!changed) break;
  }
  const holds = new Map<string, boolean>();
  const conditionHolds = (expression: string) => {
    let result = holds.get(expression);
    if (result === undefined) holds.set(expression, (result = conditions.get(expression)?.runValues(values) === true));
    return result;
  };
  const isShown = (planned: PlannedQuestion) => !planned.hiddenAlways && planned.shownIf.every(conditionHolds);
  return {
    isShown,
    passesRules: (planned, requireAnswer) => passesRules(planned, values[planned.question.name], values, requireAnswer),
    eligible: values[ELIGIBLE_VARIABLE] === true,
    refused: values[CONSENT_QUESTION] === 'no',
  };
}

function passesRules(planned: PlannedQuestion, value: unknown, values: Record<string, unknown>, requireAnswer: boolean): boolean {
  // Stricter than survey-core on blank text (it may accept spaces): a doubt only sends the answers to the full Model.
  const empty = Helpers.isValueEmpty(value) || (typeof value === 'string' && value.trim() === '');
  if (empty && requireAnswer && planned.isRequired) return false;
  if (!empty && typeof value === 'number') {
    const min = planned.min(values);
    const max = planned.max(values);
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) return false;
  }
  return planned.validators.every((rule) => rule(value, values));
}

/** The first feature of the instrument the plan cannot evaluate as survey-core does, if any. */
export function unsupportedFeature(model: Model): string | undefined {
  if (model.triggers.length > 0) return 'triggers';
  if (!['onComplete', 'none'].includes(model.clearInvisibleValues)) return `clearInvisibleValues "${model.clearInvisibleValues}"`;
  const expressions: (string | undefined)[] = model.calculatedValues.map((value) => value.expression);
  for (const element of [...model.pages, ...model.getAllPanels(false)] as PanelModelBase[]) expressions.push(element.visibleIf);
  for (const question of model.getAllQuestions(false)) {
    const problem = unsupportedQuestionFeature(question);
    if (problem) return `${question.name}: ${problem}`;
    expressions.push(question.visibleIf, question.minValueExpression, question.maxValueExpression, ...question.validators.map((validator) => (validator as { expression?: string }).expression));
  }
  return expressions.filter((expression): expression is string => !!expression).map(unsupportedExpression).find(Boolean);
}

function unsupportedQuestionFeature(question: Question): string | undefined {
  if (!PLANNED_TYPES.has(question.getType())) return `type ${question.getType()}`;
  const property = UNPLANNED_PROPERTIES.find((name) => !Helpers.isValueEmpty((question as unknown as Record<string, unknown>)[name]));
  if (property) return property;
  const flag = UNPLANNED_FLAGS.find((name) => !!(question as unknown as Record<string, unknown>)[name]);
  if (flag) return flag;
  if (question.getType() === 'text' && !['text', 'number'].includes(question.inputType)) return `inputType ${question.inputType}`;
  if (question.getType() === 'checkbox' && (question.minSelectedChoices > 0 || question.maxSelectedChoices > 0)) return 'a limit on the number of choices';
  const choices = (question.choices ?? []) as { visibleIf?: string; enableIf?: string }[];
  if (choices.some((choice) => choice.visibleIf || choice.enableIf)) return 'choices with conditions';
  return undefined;
}

function unsupportedExpression(expression: string): string | undefined {
  const operand = new ConditionsParser().parseExpression(expression);
  if (!operand) return `expression "${expression}" does not parse`;
  const variables = new ConditionRunner(expression).getVariables();
  const nested = variables.find((name) => /[.[\]$]/.test(name));
  if (nested) return `expression "${expression}" reads a nested or special variable {${nested}}`;
  const operands: Operand[] = [];
  operand.addOperandsToList(operands);
  const impure = operands.find((item): item is FunctionOperand => item instanceof FunctionOperand && !PURE_FUNCTIONS.has(item.functionName));
  return impure ? `expression "${expression}" calls ${impure.functionName}()` : undefined;
}
