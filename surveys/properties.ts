/**
 * The custom question properties (tags) of our instruments, registered with survey-core's Serializer so
 * that the same JSON loads without "unknown property" errors in the browser, on the server and in the
 * checker. Imports no JSON, so browser bundles can use it.
 */
import { Serializer } from 'survey-core';
import { AWARENESS_ASPECTS, SERVICE_CODES } from '../analysis/domain/services';
import { LITERACY_AREAS, LITERACY_DIMENSIONS, LITERACY_ITEM_TYPES } from '../analysis/domain/literacy';
import { SATISFACTION_ASPECTS, SATISFACTION_SERVICES } from '../analysis/domain/satisfaction';

/** Tag name → allowed values; `scenario` is a free short id (e.g. `medicine-label`). */
export const SURVEY_TAGS = {
  service: [...SERVICE_CODES, ...SATISFACTION_SERVICES],
  aspect: [...AWARENESS_ASPECTS, ...SATISFACTION_ASPECTS],
  dimension: [...LITERACY_DIMENSIONS],
  area: [...LITERACY_AREAS],
  itemType: [...LITERACY_ITEM_TYPES],
  scenario: undefined,
} as const satisfies Record<string, readonly string[] | undefined>;

export type SurveyTag = keyof typeof SURVEY_TAGS;

/** Scenario passages are panels, so the tags go on panels as well as on questions. */
const TAGGED_CLASSES = ['question', 'panel'] as const;

/** Safe to call any number of times: a property already registered is left alone. */
export function registerSurveyProperties(): void {
  for (const className of TAGGED_CLASSES) {
    for (const [name, choices] of Object.entries(SURVEY_TAGS)) {
      if (Serializer.findProperty(className, name)) continue;
      Serializer.addProperty(className, {
        name,
        category: 'migrant-health',
        ...(choices ? { choices: [...choices] } : {}),
      });
    }
  }
}
