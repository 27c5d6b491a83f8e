import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import type { ResponseStatus } from '../../../analysis/domain/profile';
import type { Answers } from '../../../analysis/scoring/types';
import { answerCheckerOf, modelErrors, planAccepts } from '../../../surveys/answerValidation';
import { shippedVersions } from '../../../surveys/catalog';
import { generateRespondent } from '../../../scripts/synthetic';
import { planLogic } from '../../../surveys/logicPlan';

const STATUSES: ResponseStatus[] = ['complete', 'partial', 'refused', 'ineligible'];
const checker = answerCheckerOf(shippedVersions().find((shipped) => shipped.id === 'migrant-health' && shipped.version === 1)!.json, 'migrant-health version 1', 'en');
const plan = checker.plan!;

/** The two paths of the server's answer check on one answer set: the plan may accept only what the Model accepts. */
function verdicts(answers: Answers, status: ResponseStatus) {
  return { plan: planAccepts(plan, answers, status), model: modelErrors(checker, answers, status).length === 0 };
}

function respondents(count: number, status: ResponseStatus): Answers[] {
  return Array.from({ length: count }, (_, index) => generateRespondent({ seed: `plan-${status}-${index}`, status }).answers);
}

/** Invalid variants of a complete interview, each breaking one rule the Model enforces. */
function brokenVariants(answers: Answers): [string, Answers][] {
  checker.model.data = answers;
  const hidden = checker.model.getAllQuestions(false).find((question) => question.getType() === 'radiogroup' && !question.isVisible)!;
  const required = Object.keys(answers).filter((name) => checker.model.getQuestionByName(name)?.isRequired);
  const thisYear = new Date().getFullYear();
  return [
    ['a required answer missing', Object.fromEntries(Object.entries(answers).filter(([name]) => name !== required[required.length >> 1]))],
    ['an answer to a hidden question', { ...answers, [hidden.name]: hidden.visibleChoices[0]!.value }],
    ['a value outside the choices', { ...answers, education: 'doctorate-of-everything' }],
    ['a number below its minimum', { ...answers, birth_year: 1900 }],
    ['a number above its maxValueExpression', { ...answers, birth_year: thisYear - 5 }],
    ['an expression validator broken', { ...answers, migration_scope: 'cross-province', hukou_province: answers.current_province }],
    ['an unknown question', { ...answers, favourite_colour: 'blue' }],
    ['a wrong type', { ...answers, months_here: 'six' }],
  ];
}

describe('the logic plan agrees with survey-core’s Model', () => {
  it('migrant-health v1 has a plan, so the server takes the fast path for it', () => {
    expect(plan.questions.size).toBe(checker.model.getAllQuestions(false).length);
  });

  it.each(STATUSES)('on generated %s interviews, claimed with every status', (status) => {
    for (const answers of respondents(20, status)) {
      for (const claimed of STATUSES) expect({ claimed, ...verdicts(answers, claimed) }).toEqual({ claimed, plan: claimed === status || claimed === 'partial', model: claimed === status || claimed === 'partial' });
    }
  });

  it('refuses every broken variant, leaving its errors to the Model', () => {
    for (const answers of respondents(15, 'complete')) {
      for (const [why, broken] of brokenVariants(answers)) {
        expect({ why, ...verdicts(broken, 'complete') }).toEqual({ why, plan: false, model: false });
      }
    }
  });

  it('is never laxer than the Model on blank text', () => {
    const [answers] = respondents(1, 'complete');
    const textQuestion = Object.keys(answers!).find((name) => checker.model.getQuestionByName(name)?.getType() === 'text' && typeof answers![name] === 'string');
    if (!textQuestion) return;
    const blank = { ...answers, [textQuestion]: '   ' };
    const { plan: accepted, model } = verdicts(blank, 'complete');
    expect(accepted && !model).toBe(false);
  });
});

describe('planLogic', () => {
  const page = (elements: object[]) => ({ pages: [{ name: 'p1', elements }] });
  it.each([
    ['triggers', { ...page([{ type: 'text', name: 'a' }]), triggers: [{ type: 'complete', expression: '{a} = 1' }] }],
    ['a: requiredIf', page([{ type: 'text', name: 'a', requiredIf: '{b} = 1' }, { type: 'text', name: 'b' }])],
    ['a: type matrix', page([{ type: 'matrix', name: 'a', columns: ['x'], rows: ['y'] }])],
    ['a: showOtherItem', page([{ type: 'radiogroup', name: 'a', choices: ['x'], showOtherItem: true }])],
    ['a: choices with conditions', page([{ type: 'radiogroup', name: 'a', choices: [{ value: 'x', visibleIf: '{b} = 1' }] }])],
    ['calls displayValue()', page([{ type: 'text', name: 'a', visibleIf: "displayValue('b') = 'x'" }])],
  ])('leaves instruments with %s to the full Model', (feature, json) => {
    const result = planLogic(new Model(json));
    expect('unsupported' in result && result.unsupported).toContain(feature.replace(/^calls /, ''));
  });
});
