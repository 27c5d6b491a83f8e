/**
 * Reading SurveyJS instrument JSON as plain data (no survey-core), for the scoring plan and the checker.
 * Only the shape we rely on is typed; everything else passes through untouched.
 */
export interface SurveyElementJson {
  type?: string;
  name?: string;
  elements?: SurveyElementJson[];
  templateElements?: SurveyElementJson[];
  [property: string]: unknown;
}

export interface SurveyPageJson {
  name?: string;
  elements?: SurveyElementJson[];
  [property: string]: unknown;
}

export interface InstrumentJson {
  pages: SurveyPageJson[];
  [property: string]: unknown;
}

/** Answer key of one instrument version: question name → the right choice value(s) and the points. */
export type AnswerKey = Record<string, { correct: string | string[]; points: number }>;

export interface LocatedElement {
  element: SurveyElementJson;
  page: SurveyPageJson;
  /** The panels around the element, outermost first (a scenario passage is a panel). */
  parents: SurveyElementJson[];
}

const CONTAINER_TYPES = new Set(['panel', 'paneldynamic']);

/** Every element of the instrument in page order, panels included, with its page and enclosing panels. */
export function* elementsOf(json: InstrumentJson): Generator<LocatedElement> {
  for (const page of json.pages) yield* walk(page.elements ?? [], page, []);
}

function* walk(elements: SurveyElementJson[], page: SurveyPageJson, parents: SurveyElementJson[]): Generator<LocatedElement> {
  for (const element of elements) {
    yield { element, page, parents };
    const children = element.elements ?? element.templateElements;
    if (children) yield* walk(children, page, [...parents, element]);
  }
}

/** Questions only (panels and html blocks carry no answer). */
export function* questionsOf(json: InstrumentJson): Generator<LocatedElement> {
  for (const located of elementsOf(json)) {
    const type = located.element.type ?? '';
    if (!CONTAINER_TYPES.has(type) && type !== 'html' && type !== 'image') yield located;
  }
}

/** A tag of a question, or of the nearest enclosing panel that carries it (a scenario tag on the passage). */
export function tagOf({ element, parents }: LocatedElement, tag: string): string | undefined {
  for (const holder of [element, ...[...parents].reverse()]) {
    const value = holder[tag];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The values a respondent can give to a choice question, as the JSON types them: choices, rating values, none and other items. */
export function choiceValuesOf(element: SurveyElementJson): unknown[] {
  const valueOf = (item: unknown) => (typeof item === 'object' && item !== null ? (item as { value: unknown }).value : item);
  const values = [...((element.choices as unknown[] | undefined) ?? []), ...((element.rateValues as unknown[] | undefined) ?? [])].map(valueOf);
  if (element.type === 'rating' && element.rateValues === undefined) {
    for (let value = Number(element.rateMin ?? 1); value <= Number(element.rateMax ?? 5); value += Number(element.rateStep ?? 1)) values.push(value);
  }
  if (element.showNoneItem) values.push(element.noneValue ?? 'none');
  if (element.showOtherItem) values.push('other');
  return values;
}
