/**
 * What a new version changes against the published one, question by question, as the manager reviews it
 * before saving: questions added, removed, reworded (title or description in either locale), and choices
 * changed (values added, removed or relabelled, or the question's type). Pure: both are SurveyJS JSON.
 */
import { choiceValuesOf, questionsOf, type InstrumentJson, type SurveyElementJson } from '../analysis/scoring/instrumentJson';
import type { InstrumentChanges } from '../contracts/instruments';

const wordingOf = (element: SurveyElementJson) => JSON.stringify([element.title, element.description]);
const choicesOf = (element: SurveyElementJson) => JSON.stringify([element.type, choiceValuesOf(element).map(String), element.choices, element.rateValues, element.showNoneItem, element.noneText]);

function byName(json: InstrumentJson): Map<string, SurveyElementJson> {
  return new Map([...questionsOf(json)].filter(({ element }) => element.name).map(({ element }) => [element.name!, element]));
}

/** The changes from `published` to `next`; with no published version, every question is added. */
export function changesBetween(published: InstrumentJson | undefined, next: InstrumentJson): InstrumentChanges {
  const before = published ? byName(published) : new Map<string, SurveyElementJson>();
  const after = byName(next);
  const changes: InstrumentChanges = { added: [], removed: [], reworded: [], choicesChanged: [] };
  for (const [name, element] of after) {
    const old = before.get(name);
    if (!old) changes.added.push(name);
    else {
      if (wordingOf(old) !== wordingOf(element)) changes.reworded.push(name);
      if (choicesOf(old) !== choicesOf(element)) changes.choicesChanged.push(name);
    }
  }
  for (const name of before.keys()) if (!after.has(name)) changes.removed.push(name);
  return changes;
}
