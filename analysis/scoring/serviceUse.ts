/**
 * How the service-use questions of the instrument answer the `use.<code>` process indicators. Each
 * indicator has its eligible population; outside it, or when its question went unanswered, the value is
 * null (not a "no"). "Don't know" counts as not having received the service.
 */
import type { ServiceUseCode } from '../domain/serviceUse';
import { choiceAnswer, choicesAnswer } from './answers';
import type { Answers, RespondentProfile } from './types';

interface ServiceUseRule {
  question: string;
  /** The answer that means the service was received. */
  received: string;
  inPopulation(answers: Answers, profile: RespondentProfile, age: number | null): boolean;
}

const everyone = (): boolean => true;
const withYoungChildren = (answers: Answers): boolean => choiceAnswer(answers, 'children_0_6') === 'yes';
const recentMother = (answers: Answers, profile: RespondentProfile): boolean =>
  profile.sex === 'female' && choiceAnswer(answers, 'birth_last_12m') === 'yes';
const withHypertensionOrDiabetes = (answers: Answers): boolean =>
  (choicesAnswer(answers, 'chronic_conditions') ?? []).some((condition) => condition === 'hypertension' || condition === 'diabetes');

export const SERVICE_USE_RULES: Record<ServiceUseCode, ServiceUseRule> = {
  'health-record': { question: 'use_health_record', received: 'yes', inPopulation: everyone },
  'health-education': { question: 'use_health_education', received: 'yes', inPopulation: everyone },
  'family-doctor': { question: 'use_family_doctor', received: 'yes', inPopulation: everyone },
  'vaccination-record': { question: 'use_vaccination_record', received: 'yes', inPopulation: withYoungChildren },
  'child-check': { question: 'use_child_check', received: 'yes', inPopulation: withYoungChildren },
  'antenatal-check': { question: 'use_antenatal_checks', received: '5-plus', inPopulation: recentMother },
  'postpartum-visit': { question: 'use_postpartum_visit', received: 'yes', inPopulation: recentMother },
  'elderly-check': { question: 'use_elderly_check', received: 'yes', inPopulation: (_answers, _profile, age) => age !== null && age >= 65 },
  'chronic-followup': { question: 'use_chronic_followup', received: 'yes', inPopulation: withHypertensionOrDiabetes },
};

export function serviceUseOf(rule: ServiceUseRule, answers: Answers, profile: RespondentProfile, age: number | null): boolean | null {
  if (!rule.inPopulation(answers, profile, age)) return null;
  const answer = choiceAnswer(answers, rule.question);
  return answer === undefined ? null : answer === rule.received;
}
