import { describe, expect, it } from 'vitest';
import { Model, Serializer } from 'survey-core';
import { registerSurveyProperties } from '../../../surveys/properties';

describe('registerSurveyProperties', () => {
  it('lets tagged questions and panels load without JSON errors, and can be called again', () => {
    registerSurveyProperties();
    registerSurveyProperties();
    const survey = new Model({
      pages: [
        {
          elements: [
            { type: 'radiogroup', name: 'aw_tb_target', service: 'tb', aspect: 'target', choices: ['a'] },
            { type: 'panel', name: 'label', scenario: 'food-label', elements: [{ type: 'checkbox', name: 'lit_09', dimension: 'skills', area: 'information', itemType: 'multiple', choices: ['a'] }] },
          ],
        },
      ],
    });
    expect(survey.jsonErrors).toBeNull();
    expect(survey.getQuestionByName('aw_tb_target').getPropertyValue('service')).toBe('tb');
    expect(survey.getPanelByName('label').getPropertyValue('scenario')).toBe('food-label');
    expect(Serializer.getProperties('question').filter((property) => property.name === 'service')).toHaveLength(1);
  });

  it('offers the domain codes as the choices of each tag', () => {
    registerSurveyProperties();
    expect(Serializer.findProperty('question', 'service').choices).toContain('bphs');
    expect(Serializer.findProperty('question', 'itemType').choices).toEqual(['truefalse', 'single', 'multiple']);
  });
});
