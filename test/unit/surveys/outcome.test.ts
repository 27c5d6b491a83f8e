import { describe, expect, it } from 'vitest';
import { getInstrument } from '../../../surveys/catalog';
import { responseStatusOf } from '../../../surveys/outcome';
import { generateRespondent } from '../../../scripts/synthetic';

const { json } = getInstrument('migrant-health', 1)!;
const screened = { consent: 'yes', age_in_range: 'yes', hukou_elsewhere: 'yes', months_here: 6 };

describe('responseStatusOf', () => {
  it('declined consent is a refusal', () => {
    expect(responseStatusOf(json, { consent: 'no' })).toBe('refused');
  });

  it.each([
    ['outside 15-69', { consent: 'yes', age_in_range: 'no' }],
    ['hukou in this county', { consent: 'yes', age_in_range: 'yes', hukou_elsewhere: 'no' }],
    ['here less than a month', { ...screened, months_here: 0 }],
  ])('a finished screening that fails is ineligible: %s', (_why, answers) => {
    expect(responseStatusOf(json, answers)).toBe('ineligible');
  });

  it('an unfinished screening, or an eligible respondent with questions left, is partial', () => {
    expect(responseStatusOf(json, {})).toBe('partial');
    expect(responseStatusOf(json, { consent: 'yes', age_in_range: 'yes' })).toBe('partial');
    expect(responseStatusOf(json, screened)).toBe('partial');
  });

  it('an eligible respondent who answered everything shown is complete; dropping one required answer makes it partial', () => {
    const { answers } = generateRespondent({ seed: 'outcome', status: 'complete' });
    expect(responseStatusOf(json, answers)).toBe('complete');
    const { education: _dropped, ...withoutEducation } = answers;
    expect(responseStatusOf(json, withoutEducation)).toBe('partial');
  });
});
