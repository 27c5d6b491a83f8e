/**
 * Every indicator the platform reports: how one response contributes to its numerator and
 * denominator, and who is eligible. A proportion has denominator 1; awareness is a ratio of
 * correct answers to answered items.
 */
import { SERVICE_CODES } from '../domain/services';
import { LITERACY_AREAS, LITERACY_DIMENSIONS } from '../domain/literacy';
import { SATISFACTION_ASPECTS, SATISFACTION_SERVICES, SATISFIED_AT_LEAST } from '../domain/satisfaction';
import { SERVICE_USE_CODES } from '../domain/serviceUse';
import type { ResponseScores } from '../scoring/types';

export interface Indicator {
  id: string;
  label: string;
  /** 'prop': a 0/1 outcome per respondent; 'ratio': a sum over a sum. */
  kind: 'prop' | 'ratio';
  /** [numerator, denominator] for an eligible respondent, or null outside the eligible population. */
  contribution(scores: ResponseScores): [number, number] | null;
}

const proportion = (id: string, label: string, outcome: (s: ResponseScores) => boolean | null): Indicator => ({
  id,
  label,
  kind: 'prop',
  contribution: (scores) => {
    const value = outcome(scores);
    return value === null ? null : [value ? 1 : 0, 1];
  },
});

export const INDICATORS: readonly Indicator[] = [
  {
    id: 'awareness',
    label: 'Awareness of the basic public health services (3.2.1): correct answers / items asked',
    kind: 'ratio',
    contribution: (s) => (s.awareness.asked > 0 ? [s.awareness.correct, s.awareness.asked] : null),
  },
  ...SERVICE_CODES.map(
    (code): Indicator => ({
      id: `awareness.${code}`,
      label: `Awareness of ${code}`,
      kind: 'ratio',
      contribution: (s) => {
        const service = s.awareness.services[code];
        return service && service.asked > 0 ? [service.correct, service.asked] : null;
      },
    }),
  ),
  proportion('awareness-full', 'Every awareness item right', (s) => s.awareness.full),
  proportion('literacy', 'Health literacy level (3.2.2)', (s) => s.literacy.literate),
  ...LITERACY_DIMENSIONS.map((d) => proportion(`literacy.${d}`, `Health literacy: ${d}`, (s) => s.literacy.dimensions[d]?.had ?? null)),
  ...LITERACY_AREAS.map((a) => proportion(`literacy.${a}`, `Health literacy: ${a}`, (s) => s.literacy.areas[a]?.had ?? null)),
  ...SATISFACTION_SERVICES.map((service) =>
    proportion(`satisfaction.${service}`, `Satisfied with ${service} among users (3.3)`, (s) => s.satisfaction[service]?.satisfied ?? null),
  ),
  // The overall aspect is satisfaction.<service> itself, so it is not repeated here.
  ...SATISFACTION_SERVICES.flatMap((service) =>
    SATISFACTION_ASPECTS.filter((aspect) => aspect !== 'overall').map((aspect) =>
      proportion(`satisfaction.${service}.${aspect}`, `Satisfied with ${service}: ${aspect} (rated 4 or 5) among users who rated it`, (s) => {
        const rating = s.satisfaction[service]?.ratings[aspect];
        return rating === undefined ? null : rating >= SATISFIED_AT_LEAST;
      }),
    ),
  ),
  ...SERVICE_USE_CODES.map((code) => proportion(`use.${code}`, `Service use: ${code}`, (s) => s.serviceUse[code] ?? null)),
];

export function findIndicator(id: string): Indicator | undefined {
  return INDICATORS.find((indicator) => indicator.id === id);
}

/** Breakdowns: the respondent attributes an estimate can be split by. */
export const BREAKDOWNS = ['region', 'province', 'county', 'sex', 'ageGroup', 'education', 'migrationScope', 'mode'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
