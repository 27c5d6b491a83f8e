/**
 * The pure scorer: one response's answers and its instrument version's scoring plan → ResponseScores,
 * stored with the response. Unanswered counts as wrong; a multiple-choice item scores only when the
 * ticked set is exactly the right set.
 */
import { SERVICE_CODES, type ServiceCode } from '../domain/services';
import { LITERACY_AREAS, LITERACY_DIMENSIONS, LITERACY_THRESHOLD } from '../domain/literacy';
import { SATISFACTION_ASPECTS, SATISFACTION_SERVICES, SATISFIED_AT_LEAST, type SatisfactionService } from '../domain/satisfaction';
import { SERVICE_USE_CODES } from '../domain/serviceUse';
import { ageGroupOf } from '../domain/profile';
import { choiceAnswer, choicesAnswer, numberAnswer, yesNoAnswer } from './answers';
import { HEARD_OF_FREE_SERVICES, usedServiceQuestion, type KeyedItem, type LiteracyItem, type ScoringPlan } from './plan';
import { SERVICE_USE_RULES, serviceUseOf } from './serviceUse';
import type { Answers, LiteracySubScore, RespondentProfile, ResponseScores, SatisfactionScore, ServiceAwareness } from './types';

/** Bump whenever a change to scoring would change a stored score, so old and new scores can be told apart. */
export const SCORING_VERSION = 1;

export function scoreResponse(answers: Answers, plan: ScoringPlan, { surveyDate }: { surveyDate: Date }): ResponseScores {
  const profile = profileOf(answers, surveyDate);
  const age = profile.birthYear === null ? null : surveyDate.getUTCFullYear() - profile.birthYear;
  return {
    scoringVersion: SCORING_VERSION,
    awareness: awarenessOf(answers, plan),
    literacy: literacyOf(answers, plan.literacy),
    satisfaction: Object.fromEntries(
      SATISFACTION_SERVICES.map((service) => [service, satisfactionOf(answers, plan, service)]),
    ) as Record<SatisfactionService, SatisfactionScore>,
    serviceUse: Object.fromEntries(
      SERVICE_USE_CODES.map((code) => [code, serviceUseOf(SERVICE_USE_RULES[code], answers, profile, age)]),
    ) as ResponseScores['serviceUse'],
    profile,
  };
}

export function isRight(item: KeyedItem, answers: Answers): boolean {
  if (Array.isArray(item.correct)) {
    const ticked = new Set(choicesAnswer(answers, item.name) ?? []);
    return ticked.size === item.correct.length && item.correct.every((value) => ticked.has(value));
  }
  return choiceAnswer(answers, item.name) === item.correct;
}

function awarenessOf(answers: Answers, plan: ScoringPlan): ResponseScores['awareness'] {
  const services = Object.fromEntries(
    SERVICE_CODES.map((service) => [service, { correct: 0, asked: 0, full: false }]),
  ) as Record<ServiceCode, ServiceAwareness>;
  let correct = 0;
  for (const item of plan.awareness) {
    const score = services[item.service];
    score.asked += 1;
    if (isRight(item, answers)) {
      score.correct += 1;
      correct += 1;
    }
  }
  for (const score of Object.values(services)) score.full = score.asked > 0 && score.correct === score.asked;
  const asked = plan.awareness.length;
  return { heardOfFreeServices: yesNoAnswer(answers, HEARD_OF_FREE_SERVICES), services, correct, asked, full: asked > 0 && correct === asked };
}

function subScore(items: LiteracyItem[], answers: Answers): LiteracySubScore {
  const fullMarks = items.reduce((sum, item) => sum + item.points, 0);
  const score = items.reduce((sum, item) => sum + (isRight(item, answers) ? item.points : 0), 0);
  return { score, fullMarks, had: reachesThreshold(score, fullMarks) };
}

/** ≥ 80% of full marks; the tolerance keeps 0.8 × 66 = 52.800000000000004 from failing a 52.8. */
export function reachesThreshold(score: number, fullMarks: number): boolean {
  return fullMarks > 0 && score >= LITERACY_THRESHOLD * fullMarks - 1e-9;
}

function literacyOf(answers: Answers, items: LiteracyItem[]): ResponseScores['literacy'] {
  const total = subScore(items, answers);
  return {
    score: total.score,
    fullMarks: total.fullMarks,
    literate: total.had,
    dimensions: Object.fromEntries(
      LITERACY_DIMENSIONS.map((dimension) => [dimension, subScore(items.filter((item) => item.dimension === dimension), answers)]),
    ) as ResponseScores['literacy']['dimensions'],
    areas: Object.fromEntries(
      LITERACY_AREAS.map((area) => [area, subScore(items.filter((item) => item.area === area), answers)]),
    ) as ResponseScores['literacy']['areas'],
  };
}

function satisfactionOf(answers: Answers, plan: ScoringPlan, service: SatisfactionService): SatisfactionScore {
  const used = yesNoAnswer(answers, usedServiceQuestion(service));
  if (used !== true) return { used, ratings: {}, satisfied: null };
  const ratings: SatisfactionScore['ratings'] = {};
  for (const aspect of SATISFACTION_ASPECTS) {
    const question = plan.satisfaction[service][aspect];
    const rating = question === undefined ? undefined : numberAnswer(answers, question);
    if (rating !== undefined) ratings[aspect] = rating;
  }
  return { used, ratings, satisfied: ratings.overall === undefined ? null : ratings.overall >= SATISFIED_AT_LEAST };
}

function profileOf(answers: Answers, surveyDate: Date): RespondentProfile {
  const sex = choiceAnswer(answers, 'sex');
  const birthYear = numberAnswer(answers, 'birth_year') ?? null;
  return {
    sex: sex === 'male' || sex === 'female' ? sex : null,
    birthYear,
    ageGroup: birthYear === null ? null : (ageGroupOf(birthYear, surveyDate) ?? null),
    education: choiceAnswer(answers, 'education') ?? null,
    migrationScope: choiceAnswer(answers, 'migration_scope') ?? null,
    monthsHere: numberAnswer(answers, 'months_here') ?? null,
  };
}
