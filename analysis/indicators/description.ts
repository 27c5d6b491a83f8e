/**
 * The registry as plain data (what GET /api/indicators answers), with every breakdown's levels resolved:
 * the questionnaire's choices and the frame's counties by GB/T 2260 name (or the frame's own).
 */
import { codebookOf } from '../exports/codebook';
import { divisionLabel } from '../domain/divisions';
import type { Label } from '../domain/label';
import type { InstrumentJson } from '../scoring/instrumentJson';
import { BREAKDOWN_DEFINITIONS, BREAKDOWNS, INDICATORS, type Breakdown, type Indicator, type Level } from './registry';
import { ESTIMATE_STATUS_LABELS, ESTIMATE_STATUSES } from './targets';

export type IndicatorDescription = Omit<Indicator, 'contribution' | 'measuredBy'>;

export interface RegistryDescription {
  indicators: IndicatorDescription[];
  breakdowns: { id: Breakdown; label: Label; levels: Level[] }[];
  statuses: Level[];
}

export interface LevelContext {
  /** Every fielded version of the instrument, whose choices name the question-based levels. */
  instruments: readonly InstrumentJson[];
  /** The counties of the sampling frame, with the frame's own name where it gives one. */
  counties: readonly { code: string; name?: string | null }[];
}

/** The levels of a breakdown, in their natural order, with their Chinese and English names. */
export function levelsOf(breakdown: Breakdown, context: LevelContext): Level[] {
  const source = BREAKDOWN_DEFINITIONS[breakdown].levels;
  if (source.kind === 'fixed') return [...source.levels];
  if (source.kind === 'counties') return [...context.counties].sort((a, b) => a.code.localeCompare(b.code)).map(({ code, name }) => ({ code, label: divisionLabel(code, name) }));
  const levels = new Map<string, Level>();
  for (const json of context.instruments) {
    for (const value of codebookOf(json).find((variable) => variable.name === source.question)?.values ?? []) {
      if (!levels.has(value.code)) levels.set(value.code, { code: value.code, label: value.label });
    }
  }
  return [...levels.values()];
}

export function describeRegistry(context: LevelContext): RegistryDescription {
  return {
    indicators: INDICATORS.map(({ contribution: _contribution, measuredBy: _measuredBy, ...description }) => description),
    breakdowns: BREAKDOWNS.map((id) => ({ id, label: BREAKDOWN_DEFINITIONS[id].label, levels: levelsOf(id, context) })),
    statuses: ESTIMATE_STATUSES.map((code) => ({ code, label: ESTIMATE_STATUS_LABELS[code] })),
  };
}

