import { questionsOf, tagOf, type InstrumentJson } from '../scoring/instrumentJson';

/** What the quality rules need to know about one instrument version, read once from its JSON. */
export interface QualityInstrument {
  /** Every question, in the instrument's order: the answer vector compared for near-duplicates. */
  questions: string[];
  /** Page name → number of questions on it, for the reading floor. */
  questionsPerPage: Record<string, number>;
  /** The satisfaction rating questions (tagged with a service and an aspect). */
  satisfactionRatings: string[];
  /** The literacy single-answer items (tagged with a dimension, radio groups), in order. */
  literacySingleItems: string[];
}

export function qualityInstrumentOf(json: InstrumentJson): QualityInstrument {
  const result: QualityInstrument = { questions: [], questionsPerPage: {}, satisfactionRatings: [], literacySingleItems: [] };
  for (const located of questionsOf(json)) {
    const { element, page } = located;
    if (!element.name) continue;
    result.questions.push(element.name);
    if (page.name) result.questionsPerPage[page.name] = (result.questionsPerPage[page.name] ?? 0) + 1;
    if (element.type === 'rating' && tagOf(located, 'aspect')) result.satisfactionRatings.push(element.name);
    if (element.type === 'radiogroup' && tagOf(located, 'dimension')) result.literacySingleItems.push(element.name);
  }
  return result;
}
