/**
 * The instrument checks behind `npm run surveys:check`: each problem names its file and question so an
 * author can go straight to it. Works on loaded modules and keys, so a test can feed it a broken one.
 */
import { Model } from 'survey-core';
import { AWARENESS_ASPECTS, SERVICE_CODES } from '../analysis/domain/services';
import { LITERACY_AREAS, LITERACY_DIMENSIONS, LITERACY_ITEM_TYPES, POINTS_BY_ITEM_TYPE, type LiteracyItemType } from '../analysis/domain/literacy';
import { SATISFACTION_ASPECTS, SATISFACTION_SERVICES } from '../analysis/domain/satisfaction';
import { HEARD_OF_FREE_SERVICES, usedServiceQuestion } from '../analysis/scoring/plan';
import { choiceValuesOf, elementsOf, questionsOf, tagOf, type AnswerKey, type InstrumentJson, type LocatedElement, type SurveyElementJson } from '../analysis/scoring/instrumentJson';
import { composeInstrument, publishedShapeFile, type AnswerShape, type InstrumentModule, type InstrumentVersion } from './catalog';
import { ELIGIBLE_VARIABLE } from './outcome';
import { registerSurveyProperties, SURVEY_TAGS } from './properties';

export interface Problem {
  file: string;
  /** The question (or panel, page, key entry) concerned, when there is one. */
  question?: string;
  message: string;
}

export const LOCALES = ['zh-cn', 'en'] as const;
export const MIN_LITERACY_ITEMS = 50;
export const MIN_SCENARIOS = 3;
export const MIN_ITEMS_PER_SCENARIO = 2;
export const DONT_KNOW = 'dk';

/** SurveyJS properties that hold text a person reads, so each needs every locale. */
const LOCALIZABLE = new Set([
  'title', 'description', 'html', 'text', 'completedHtml', 'completedBeforeHtml', 'loadingHtml', 'noneText', 'otherText',
  'placeholder', 'commentText', 'minRateDescription', 'maxRateDescription', 'labelTrue', 'labelFalse', 'requiredErrorText',
  'startSurveyText', 'pagePrevText', 'pageNextText', 'completeText', 'otherPlaceholder', 'selectAllText',
]);
const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
/** SurveyJS's generated names: a question without its own name would get a different one after any edit. */
const GENERATED_NAME = /^(question|panel|page)\d+$/;
/** Names kept out of answer sets: a served instrument must not carry its key. */
const KEY_PROPERTIES = new Set(['correctAnswer', 'correct']);

export interface CheckInput {
  instrument: InstrumentVersion;
  modules: InstrumentModule[];
  keys: { file: string; key: AnswerKey }[];
  /** The frozen shape of a published version. */
  publishedShape?: AnswerShape;
}

/** Question name → type and choice values: what a stored answer's meaning depends on. */
export function answerShapeOf(json: InstrumentJson): AnswerShape {
  return Object.fromEntries(
    [...questionsOf(json)]
      .filter(({ element }) => element.name)
      .map(({ element }) => [element.name!, { type: element.type ?? '', values: choiceValues(element) }]),
  );
}

/** A published version may not change what its answers mean: no question renamed, removed, added or retyped, no choice value changed. */
function checkPublished(json: InstrumentJson, shape: AnswerShape, file: string, where: (name?: string) => string, report: Report) {
  const current = answerShapeOf(json);
  const advice = 'a published version is frozen: make a new version (surveys/README.md, "Versions")';
  for (const [name, frozen] of Object.entries(shape)) {
    const now = current[name];
    if (!now) report(file, name, `question removed or renamed; ${advice}`);
    else if (now.type !== frozen.type || now.values.join('|') !== frozen.values.join('|')) {
      report(where(name), name, `type or choice values changed from ${frozen.type} [${frozen.values.join(', ')}]; ${advice}`);
    }
  }
  for (const name of Object.keys(current)) if (!shape[name]) report(where(name), name, `question added; ${advice}`);
}

export function checkInstrument({ instrument, modules, keys, publishedShape }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (file, question, message) => problems.push({ file, question, message });
  const fileOf = new Map<string, string>();
  for (const { file, json } of modules) checkFile(json, file, fileOf, report);
  let json;
  try {
    json = composeInstrument(instrument, modules);
  } catch (error) {
    report(modules[0]?.file ?? instrument.id, undefined, (error as Error).message);
    return problems;
  }
  const calculates = (json.calculatedValues as { name?: string }[] | undefined)?.some((value) => value.name === ELIGIBLE_VARIABLE);
  if (modules.length > 1 && !calculates) {
    report(modules[0]!.file, undefined, `the first module must calculate "${ELIGIBLE_VARIABLE}" (calculatedValues): the pages of every later module are shown only when it is true`);
  }
  const where = (name: string | undefined) => (name && fileOf.get(name)) ?? modules[0]?.file ?? instrument.id;
  if (instrument.published) {
    if (publishedShape) checkPublished(json, publishedShape, publishedShapeFile(instrument), where, report);
    else report(publishedShapeFile(instrument), undefined, 'published version without its frozen shape; write it with npm run surveys:check -- --freeze');
  }
  checkComposed(json, keys, where, instrument.id, report);
  return problems;
}

/** Where an uploaded instrument's problems are reported: the instrument JSON, or the answer-key file. */
export const UPLOADED_JSON = 'json';
export const UPLOADED_KEY = 'key';

/**
 * The same rules for an instrument uploaded whole (one composed SurveyJS JSON and one answer key, as the
 * platform stores versions): every problem, each naming the question it concerns.
 */
export function checkUploadedInstrument(json: InstrumentJson, key: AnswerKey): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (file, question, message) => problems.push({ file, question, message });
  if (!Array.isArray(json.pages) || json.pages.length === 0) {
    report(UPLOADED_JSON, undefined, 'an instrument is a SurveyJS JSON with "pages": [...]');
    return problems;
  }
  const title = json.title as Record<string, unknown> | undefined;
  if (typeof title !== 'object' || title === null) report(UPLOADED_JSON, 'title', 'the instrument needs a "title" with {"zh-cn": …, "en": …}');
  checkFile(json, UPLOADED_JSON, new Map(), report);
  checkComposed(json, [{ file: UPLOADED_KEY, key }], () => UPLOADED_JSON, UPLOADED_JSON, report);
  return problems;
}

/** The rules of one file: every string in every locale, every element with its own unique name. */
function checkFile(json: InstrumentJson, file: string, fileOf: Map<string, string>, report: Report): void {
  checkLocales(json, file, undefined, report);
  for (const { element, page } of elementsOf(json)) checkName(element, page.name, file, fileOf, report);
}

/** The rules of a whole instrument: it loads in survey-core, holds no key, its tags and keys fit the indicators. */
function checkComposed(json: InstrumentJson, keys: CheckInput['keys'], where: (name?: string) => string, fallbackFile: string, report: Report): void {
  registerSurveyProperties();
  for (const error of new Model(json).jsonErrors ?? []) {
    const elementName = (error as { element?: { name?: string } }).element?.name;
    report(where(elementName), elementName, `survey-core cannot load it: ${error.message}`);
  }
  for (const [name, property] of keyPropertiesIn(json)) report(where(name), name, `served JSON holds "${property}"; answers belong in surveys/keys/`);
  const { key, keyFileOf } = mergeKeys(keys, report);
  const questions = [...questionsOf(json)];
  checkTags(questions, where, report);
  checkKeys(questions, key, where, (name) => keyFileOf.get(name) ?? fallbackFile, report);
  checkCoverage(questions, where, report);
}

type Report = (file: string, question: string | undefined, message: string) => void;

/** One key for the version, remembering which file each entry came from. */
function mergeKeys(keys: CheckInput['keys'], report: Report): { key: AnswerKey; keyFileOf: Map<string, string> } {
  const key: AnswerKey = {};
  const keyFileOf = new Map<string, string>();
  for (const { file, key: entries } of keys) {
    for (const [name, entry] of Object.entries(entries)) {
      if (key[name]) report(file, name, `key entry already defined in ${keyFileOf.get(name)}`);
      key[name] = entry;
      keyFileOf.set(name, file);
    }
  }
  return { key, keyFileOf };
}

function checkName(element: SurveyElementJson, pageName: string | undefined, file: string, fileOf: Map<string, string>, report: Report) {
  const name = element.name;
  if (!name) {
    report(file, pageName, `a ${element.type ?? 'element'} on this page has no name; every element needs a stable one`);
    return;
  }
  if (!NAME_PATTERN.test(name) || GENERATED_NAME.test(name)) report(file, name, 'name must be lower-case letters, digits and _ and chosen by the author (not questionN)');
  const earlier = fileOf.get(name);
  if (earlier) report(file, name, `name already used in ${earlier}`);
  else fileOf.set(name, file);
}

/** Every readable string is a {"zh-cn", "en"} object; a bare choice value shows the code, not words. */
function checkLocales(value: unknown, file: string, question: string | undefined, report: Report, property?: string): void {
  if (Array.isArray(value)) {
    const isChoiceList = property === 'choices' || property === 'rateValues';
    for (const item of value) {
      if (isChoiceList && (typeof item !== 'object' || item === null || !('text' in item))) {
        report(file, question, `choice ${JSON.stringify(item)} has no text; write {"value": …, "text": {"zh-cn": …, "en": …}}`);
      }
      checkLocales(item, file, question, report, property);
    }
    return;
  }
  if (typeof value !== 'object' || value === null) {
    if (property && LOCALIZABLE.has(property) && typeof value === 'string') report(file, question, `"${property}" is a plain string; give {"zh-cn": …, "en": …}`);
    return;
  }
  const record = value as Record<string, unknown>;
  if (property && LOCALIZABLE.has(property)) {
    for (const locale of LOCALES) {
      if (typeof record[locale] !== 'string' || record[locale] === '') report(file, question, `"${property}" has no ${locale} text`);
    }
    return;
  }
  const isElement = typeof record.name === 'string' && (typeof record.type === 'string' || Array.isArray(record.elements));
  const name = isElement ? (record.name as string) : question;
  for (const [child, childValue] of Object.entries(record)) checkLocales(childValue, file, name, report, child);
}

function* keyPropertiesIn(value: unknown): Generator<[string, string]> {
  if (Array.isArray(value)) for (const item of value) yield* keyPropertiesIn(item);
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const [property, child] of Object.entries(record)) {
      if (KEY_PROPERTIES.has(property)) yield [String(record.name ?? ''), property];
      yield* keyPropertiesIn(child);
    }
  }
}

function checkTags(questions: LocatedElement[], where: (name?: string) => string, report: Report) {
  for (const located of questions) {
    const name = located.element.name;
    if (tagOf(located, 'dimension') !== undefined) {
      const missing = ['area', 'itemType'].filter((tag) => tagOf(located, tag) === undefined);
      if (missing.length > 0) report(where(name), name, `literacy item without ${missing.join(' and ')} tag`);
    }
    const service = tagOf(located, 'service');
    if (service !== undefined) {
      const aspects: readonly string[] = (SATISFACTION_SERVICES as readonly string[]).includes(service) ? SATISFACTION_ASPECTS : AWARENESS_ASPECTS;
      const aspect = tagOf(located, 'aspect');
      if (aspect === undefined || !aspects.includes(aspect)) report(where(name), name, `service "${service}" needs an aspect tag among ${aspects.join(', ')}`);
    }
    for (const [tag, allowed] of Object.entries(SURVEY_TAGS)) {
      const value = tagOf(located, tag);
      if (value !== undefined && allowed && !(allowed as readonly string[]).includes(value)) {
        report(where(name), name, `${tag} "${value}" is not one of ${allowed.join(', ')}`);
      }
    }
  }
}

/** Choice values compared as the key writes them, as strings. */
const choiceValues = (element: SurveyElementJson): string[] => choiceValuesOf(element).map(String);

const isKeyed = (located: LocatedElement): boolean =>
  tagOf(located, 'dimension') !== undefined || (SERVICE_CODES as readonly string[]).includes(tagOf(located, 'service') ?? '');

function checkKeys(questions: LocatedElement[], key: AnswerKey, where: (name?: string) => string, keyWhere: (name: string) => string, report: Report) {
  const byName = new Map(questions.map((located) => [located.element.name, located]));
  for (const located of questions.filter(isKeyed)) {
    const { element } = located;
    const name = element.name ?? '';
    const file = where(name);
    const values = choiceValues(element);
    const offersDontKnow = values.includes(DONT_KNOW) || (element.showNoneItem === true && String(element.noneValue ?? 'none') === DONT_KNOW) || (element.type === 'checkbox' && element.showNoneItem === true);
    if (!offersDontKnow) report(file, name, `keyed question must offer "don't know" (value "${DONT_KNOW}", or the none item of a checkbox)`);
    if (element.isRequired !== true) report(file, name, 'keyed question must be isRequired, so a complete interview answers it');
    if (!key[name]) report(file, name, 'keyed question has no answer key entry');
  }
  for (const [name, entry] of Object.entries(key)) {
    const file = keyWhere(name);
    const located = byName.get(name);
    if (!located) {
      report(file, name, 'key entry for a question that does not exist');
      continue;
    }
    if (!isKeyed(located)) report(file, name, 'key entry for a question without service/aspect or dimension tags');
    const values = choiceValues(located.element);
    const correct = Array.isArray(entry.correct) ? entry.correct : [entry.correct];
    for (const value of correct) {
      if (!values.includes(value)) report(file, name, `key value "${value}" is not a choice of the question (${values.join(', ')})`);
      if (value === DONT_KNOW) report(file, name, '"don\'t know" cannot be the right answer');
    }
    const itemType = tagOf(located, 'itemType') as LiteracyItemType | undefined;
    const expectedPoints = itemType && (LITERACY_ITEM_TYPES as readonly string[]).includes(itemType) ? POINTS_BY_ITEM_TYPE[itemType] : 1;
    if (entry.points !== expectedPoints) report(file, name, `worth ${entry.points} points; ${itemType ?? 'an awareness item'} is worth ${expectedPoints}`);
    const multiple = itemType === 'multiple';
    if (multiple !== Array.isArray(entry.correct)) report(file, name, multiple ? 'a multiple-choice key lists its right values as an array' : 'a single-answer key is one value, not an array');
    const expectedType = multiple ? 'checkbox' : 'radiogroup';
    if (located.element.type !== expectedType) report(where(name), name, `a ${itemType ?? 'awareness'} item is a ${expectedType}, not a ${located.element.type}`);
    if (itemType === 'truefalse' && !['true', 'false'].every((value) => values.includes(value))) report(where(name), name, 'a true/false item offers the values true and false');
  }
}

/** The tag counts the indicators need, for each question family the instrument has at all. */
function checkCoverage(questions: LocatedElement[], where: (name?: string) => string, report: Report) {
  const tagged = (tag: string, values: readonly string[]) => questions.filter((located) => values.includes(tagOf(located, tag) ?? ''));
  const awareness = tagged('service', SERVICE_CODES);
  // A family's problems are reported against the module its first question is in.
  let file = where(awareness[0]?.element.name);
  if (awareness.length > 0) {
    for (const service of SERVICE_CODES) {
      for (const aspect of AWARENESS_ASPECTS) {
        const count = awareness.filter((located) => tagOf(located, 'service') === service && tagOf(located, 'aspect') === aspect).length;
        if (count !== 1) report(file, `aw_${service}_${aspect}`, `awareness needs exactly one ${service} × ${aspect} question, found ${count}`);
      }
    }
    if (!questions.some((located) => located.element.name === HEARD_OF_FREE_SERVICES)) report(file, HEARD_OF_FREE_SERVICES, 'awareness needs the "heard of the free services" question');
  }
  const literacy = questions.filter((located) => tagOf(located, 'dimension') !== undefined);
  file = where(literacy[0]?.element.name);
  if (literacy.length > 0) {
    if (literacy.length < MIN_LITERACY_ITEMS) report(file, undefined, `literacy has ${literacy.length} items, needs at least ${MIN_LITERACY_ITEMS}`);
    const missing = (tag: string, values: readonly string[]) => values.filter((value) => !literacy.some((located) => tagOf(located, tag) === value));
    for (const [tag, values] of [['dimension', LITERACY_DIMENSIONS], ['area', LITERACY_AREAS], ['itemType', LITERACY_ITEM_TYPES]] as const) {
      const absent = missing(tag, values);
      if (absent.length > 0) report(file, undefined, `literacy has no item with ${tag} ${absent.join(', ')}`);
    }
    const perScenario = new Map<string, number>();
    for (const located of literacy) {
      const scenario = tagOf(located, 'scenario');
      if (scenario) perScenario.set(scenario, (perScenario.get(scenario) ?? 0) + 1);
    }
    for (const [scenario, count] of perScenario) {
      if (count < MIN_ITEMS_PER_SCENARIO) report(file, scenario, `scenario has ${count} item, needs at least ${MIN_ITEMS_PER_SCENARIO}`);
    }
    if (perScenario.size < MIN_SCENARIOS) report(file, undefined, `literacy has ${perScenario.size} scenarios, needs at least ${MIN_SCENARIOS}`);
  }
  const satisfaction = tagged('service', SATISFACTION_SERVICES);
  file = where(satisfaction[0]?.element.name);
  if (satisfaction.length > 0) {
    for (const service of SATISFACTION_SERVICES) {
      if (!questions.some((located) => located.element.name === usedServiceQuestion(service))) report(file, usedServiceQuestion(service), 'satisfaction needs its "used in the last 12 months" question');
      for (const aspect of SATISFACTION_ASPECTS) {
        const count = satisfaction.filter((located) => tagOf(located, 'service') === service && tagOf(located, 'aspect') === aspect).length;
        if (count !== 1) report(file, `sat_${service}_${aspect}`, `satisfaction needs exactly one ${service} × ${aspect} rating, found ${count}`);
      }
    }
  }
}
