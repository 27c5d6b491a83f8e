import { describe, expect, it } from 'vitest';
import { generateRespondent } from '../../../scripts/synthetic';
import { answerCheckerOf, answerProblems, unstorableKeys } from '../../../surveys/answerValidation';
import { shippedVersions } from '../../../surveys/catalog';

const json = shippedVersions().find((shipped) => shipped.id === 'migrant-health' && shipped.version === 1)!.json;
const english = answerCheckerOf(json, 'migrant-health version 1', 'en');
const chinese = answerCheckerOf(json, 'migrant-health 第 1 版', 'zh-cn');
const complete = generateRespondent({ seed: 'answer-check', status: 'complete' }).answers;

describe('the answer check of surveys/ (the server’s intake and the interviewer’s tablet)', () => {
  it('a synthetic interview of each status passes, in both languages', () => {
    for (const status of ['complete', 'partial', 'refused', 'ineligible'] as const) {
      const { answers } = generateRespondent({ seed: `answer-check-${status}`, status });
      expect(answerProblems(english, answers, status), status).toEqual([]);
      expect(answerProblems(chinese, answers, status), status).toEqual([]);
    }
  });

  it('an unknown question and a value outside the choices: each named by its path, in English for the server', () => {
    const problems = answerProblems(english, { ...complete, favourite_colour: 'blue', education: 'doctorate' }, 'complete');
    expect(problems).toEqual([
      { path: 'answers.education', message: expect.stringMatching(/^"doctorate" is not one of the choices \(/) },
      { path: 'answers.favourite_colour', message: '"favourite_colour" is not a question of migrant-health version 1' },
    ]);
  });

  it('the same problems in Chinese for the interviewer', () => {
    const problems = answerProblems(chinese, { ...complete, favourite_colour: 'blue', education: 'doctorate' }, 'complete');
    expect(problems.map((problem) => problem.path)).toEqual(['answers.education', 'answers.favourite_colour']);
    expect(problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/^"doctorate" 不是选项之一（/), '“favourite_colour”不是问卷 migrant-health 第 1 版的问题']);
  });

  it('a status the answers do not describe, and a required answer missing from a complete interview', () => {
    expect(answerProblems(chinese, complete, 'refused')).toEqual([{ path: 'status', message: '按这些回答，这次访问是“完成”，不是“拒访”' }]);
    const { birth_year: _missing, ...withoutBirthYear } = complete;
    const missing = answerProblems(english, withoutBirthYear, 'complete');
    expect(missing).toEqual([expect.objectContaining({ path: 'answers.birth_year' })]);
    expect(answerProblems(english, withoutBirthYear, 'partial')).toEqual([]);
  });

  it('keys MongoDB cannot store, at any depth, in either language', () => {
    expect(unstorableKeys({ a: [{ $where: 1 }], 'b.c': 2 }, 'answers')).toEqual([
      { path: 'answers.a[0].$where', message: 'keys may not start with "$" or contain "."' },
      { path: 'answers.b.c', message: 'keys may not start with "$" or contain "."' },
    ]);
    expect(answerProblems(chinese, { ...complete, $set: 1 }, 'complete')).toEqual([{ path: 'answers.$set', message: '名称不能以“$”开头，也不能含“.”' }]);
  });
});
