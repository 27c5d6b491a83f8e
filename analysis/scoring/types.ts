/**
 * The contract between scoring (one response's answers → derived scores, stored with the response)
 * and everything that reads scores: intake, the indicator registry, exports.
 */
import type { ServiceCode } from '../domain/services';
import type { LiteracyArea, LiteracyDimension } from '../domain/literacy';
import type { SatisfactionAspect, SatisfactionService } from '../domain/satisfaction';
import type { ServiceUseCode } from '../domain/serviceUse';
import type { AgeGroup } from '../domain/profile';

/** Answers as SurveyJS produces them: question name → value. */
export type Answers = Record<string, unknown>;

export interface ServiceAwareness {
  /** Keyed questions on this service answered right (content, frequency, target). */
  correct: number;
  /** Keyed questions on this service (3); unanswered ones count as wrong. */
  asked: number;
  /** All of them right. */
  full: boolean;
}

export interface LiteracySubScore {
  score: number;
  fullMarks: number;
  /** score ≥ 80% of fullMarks. */
  had: boolean;
}

export interface SatisfactionScore {
  /** Used the service here in the last 12 months; null when not asked or not answered. */
  used: boolean | null;
  /** 1–5 per aspect, only for users who answered. */
  ratings: Partial<Record<SatisfactionAspect, number>>;
  /** Overall rating of 4 or 5; null for non-users. */
  satisfied: boolean | null;
}

export interface RespondentProfile {
  sex: 'male' | 'female' | null;
  birthYear: number | null;
  ageGroup: AgeGroup | null;
  /** The instrument's choice value for the education question. */
  education: string | null;
  /** 'cross-province' | 'cross-city' | 'cross-county', the instrument's choice values. */
  migrationScope: string | null;
  monthsHere: number | null;
}

export interface ResponseScores {
  scoringVersion: number;
  awareness: {
    heardOfFreeServices: boolean | null;
    services: Record<ServiceCode, ServiceAwareness>;
    correct: number;
    asked: number;
    /** Every keyed awareness question right. */
    full: boolean;
  };
  literacy: {
    score: number;
    fullMarks: number;
    literate: boolean;
    dimensions: Record<LiteracyDimension, LiteracySubScore>;
    areas: Record<LiteracyArea, LiteracySubScore>;
  };
  satisfaction: Record<SatisfactionService, SatisfactionScore>;
  /** true / false inside the indicator's eligible population, null outside it. */
  serviceUse: Record<ServiceUseCode, boolean | null>;
  profile: RespondentProfile;
}
