/**
 * The scoring plan of one instrument version: which questions are scored, how, and against which key.
 * Built from the instrument JSON (its tags) and its answer key, so nothing re-declares the questions.
 */
import { AWARENESS_ASPECTS, SERVICE_CODES, type AwarenessAspect, type ServiceCode } from '../domain/services';
import {
  LITERACY_AREAS,
  LITERACY_DIMENSIONS,
  LITERACY_ITEM_TYPES,
  type LiteracyArea,
  type LiteracyDimension,
  type LiteracyItemType,
} from '../domain/literacy';
import {
  SATISFACTION_ASPECTS,
  SATISFACTION_SERVICES,
  type SatisfactionAspect,
  type SatisfactionService,
} from '../domain/satisfaction';
import { questionsOf, tagOf, type AnswerKey, type InstrumentJson } from './instrumentJson';

export interface KeyedItem {
  name: string;
  /** The right choice value, or every right value of a multiple-choice item. */
  correct: string | string[];
  points: number;
}

export interface AwarenessItem extends KeyedItem {
  service: ServiceCode;
  aspect: AwarenessAspect;
}

export interface LiteracyItem extends KeyedItem {
  dimension: LiteracyDimension;
  area: LiteracyArea;
  itemType: LiteracyItemType;
}

export interface ScoringPlan {
  awareness: AwarenessItem[];
  literacy: LiteracyItem[];
  /** Rating question names per service and aspect. */
  satisfaction: Record<SatisfactionService, Partial<Record<SatisfactionAspect, string>>>;
}

/** The untagged awareness screener and the satisfaction filter questions, named by convention. */
export const HEARD_OF_FREE_SERVICES = 'aw_heard';
export const usedServiceQuestion = (service: SatisfactionService): string => `sat_${service}_used`;

const isOneOf = <T extends string>(values: readonly T[], value: string | undefined): value is T =>
  value !== undefined && (values as readonly string[]).includes(value);

export class ScoringPlanError extends Error {
  constructor(readonly problems: string[]) {
    super(`The instrument and its answer key do not fit together:\n${problems.join('\n')}`);
  }
}

/** Throws ScoringPlanError naming every keyed question without a key (surveys:check reports the rest). */
export function buildScoringPlan(json: InstrumentJson, key: AnswerKey): ScoringPlan {
  const plan: ScoringPlan = { awareness: [], literacy: [], satisfaction: { bphs: {}, fp: {} } };
  const problems: string[] = [];
  const keyed = (name: string): KeyedItem | undefined => {
    const entry = key[name];
    if (!entry) problems.push(`${name}: scored question without an answer key entry`);
    return entry && { name, correct: entry.correct, points: entry.points };
  };
  for (const located of questionsOf(json)) {
    const name = located.element.name;
    if (!name) continue;
    const service = tagOf(located, 'service');
    const aspect = tagOf(located, 'aspect');
    const dimension = tagOf(located, 'dimension');
    if (isOneOf(SERVICE_CODES, service) && isOneOf(AWARENESS_ASPECTS, aspect)) {
      const item = keyed(name);
      if (item) plan.awareness.push({ ...item, service, aspect });
    } else if (isOneOf(SATISFACTION_SERVICES, service) && isOneOf(SATISFACTION_ASPECTS, aspect)) {
      plan.satisfaction[service][aspect] = name;
    } else if (dimension !== undefined) {
      const area = tagOf(located, 'area');
      const itemType = tagOf(located, 'itemType');
      if (!isOneOf(LITERACY_DIMENSIONS, dimension) || !isOneOf(LITERACY_AREAS, area) || !isOneOf(LITERACY_ITEM_TYPES, itemType)) {
        problems.push(`${name}: literacy item needs valid dimension, area and itemType tags`);
        continue;
      }
      const item = keyed(name);
      if (item) plan.literacy.push({ ...item, dimension, area, itemType });
    }
  }
  if (problems.length > 0) throw new ScoringPlanError(problems);
  return plan;
}
