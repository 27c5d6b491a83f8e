/**
 * Synthetic respondents for the `migrant-health` instrument: plausible, valid answer sets made by walking
 * the instrument's own logic in survey-core, so every answer is to a question the respondent would see
 * and within its choices. Knowledge (awareness and literacy) rises with education, falls with age and is
 * higher in the East, as in the national surveys; everything else follows simple, plausible rates.
 */
import { ConditionRunner, ExpressionRunner } from 'survey-core';
import { PROVINCES, type Province, type Region } from '../../analysis/domain/regions';
import type { ResponseStatus } from '../../analysis/domain/profile';
import type { ScoringPlan, KeyedItem } from '../../analysis/scoring/plan';
import { choiceValuesOf, type InstrumentJson, type SurveyElementJson, type SurveyPageJson } from '../../analysis/scoring/instrumentJson';
import type { Answers } from '../../analysis/scoring/types';
import { getInstrument, getScoringPlan } from '../../surveys/catalog';
import { createRandom, hashSeed, type Random } from './random';

export const EDUCATION_LEVELS = ['none', 'primary', 'junior-high', 'senior-high', 'college', 'university'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export interface RespondentOptions {
  seed: string | number;
  /** Where the respondent lives now; a random province in it unless `province` is given. */
  region?: Region;
  /** GB/T 2260 province code of where the respondent lives now. */
  province?: string;
  city?: string;
  county?: string;
  education?: EducationLevel;
  sex?: 'male' | 'female';
  /** 15-69. */
  age?: number;
  /** Default: drawn, mostly complete (88%), else partial, refused or ineligible. */
  status?: ResponseStatus;
  surveyDate?: Date;
  /** Another instrument version and its plan; default the latest `migrant-health`. */
  instrument?: { json: InstrumentJson; plan: ScoringPlan };
}

export interface SyntheticRespondent {
  answers: Answers;
  status: ResponseStatus;
}

interface Traits {
  province: Province;
  hukouProvince: Province;
  migrationScope: 'cross-province' | 'cross-city' | 'cross-county';
  sex: 'male' | 'female';
  age: number;
  education: EducationLevel;
  /** Latent knowledge on the logit scale. */
  literacy: number;
  awareness: number;
  usesServices: number;
}

const REGION_WEIGHTS: Record<Region, number> = { East: 0.5, Central: 0.3, West: 0.2 };
const REGION_EFFECT: Record<Region, number> = { East: 0.3, Central: 0, West: -0.3 };
const EDUCATION_EFFECT: Record<EducationLevel, number> = {
  none: -1.8,
  primary: -1.1,
  'junior-high': -0.35,
  'senior-high': 0.3,
  college: 0.85,
  university: 1.35,
};
/** Migrants are young; and the younger, the more schooling. */
const AGE_BANDS: readonly (readonly [[number, number], number])[] = [[[15, 24], 0.14], [[25, 34], 0.32], [[35, 44], 0.26], [[45, 59], 0.22], [[60, 69], 0.06]];
const educationWeights = (age: number): Record<EducationLevel, number> =>
  age < 30
    ? { none: 1, primary: 5, 'junior-high': 35, 'senior-high': 28, college: 18, university: 13 }
    : age < 45
      ? { none: 2, primary: 12, 'junior-high': 45, 'senior-high': 22, college: 11, university: 8 }
      : { none: 6, primary: 30, 'junior-high': 45, 'senior-high': 14, college: 3, university: 2 };
const STATUS_WEIGHTS: Record<ResponseStatus, number> = { complete: 88, partial: 5, refused: 4, ineligible: 3 };

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const DONT_KNOW = 'dk';

function drawTraits(options: RespondentOptions, random: Random): Traits {
  const province =
    PROVINCES.find((candidate) => candidate.code === options.province) ??
    random.pick(PROVINCES.filter((candidate) => candidate.region === (options.region ?? random.weighted(REGION_WEIGHTS))));
  const migrationScope = random.weighted({ 'cross-province': 50, 'cross-city': 30, 'cross-county': 20 } as const);
  const hukouProvince = migrationScope === 'cross-province' ? random.pick(PROVINCES.filter((other) => other.code !== province.code)) : province;
  const [low, high] = random.weighted(AGE_BANDS.map(([band, weight]) => [band.join('-'), weight] as const)).split('-').map(Number) as [number, number];
  const age = options.age ?? random.integer(low, high);
  const education = options.education ?? random.weighted(educationWeights(age));
  const literacy = REGION_EFFECT[province.region] + EDUCATION_EFFECT[education] - 0.02 * (age - 35) + 0.6 * random.normal();
  return {
    province,
    hukouProvince,
    migrationScope,
    sex: options.sex ?? (random.chance(0.52) ? 'male' : 'female'),
    age,
    education,
    literacy,
    awareness: 0.7 * literacy + 0.5 * random.normal(),
    usesServices: 0.3 * literacy + 0.8 * random.normal(),
  };
}

/** Item ease from its name, so the same item is as hard for everyone (a stable, spread difficulty). */
const easeOf = (name: string): number => (hashSeed(name) % 1000) / 1000;

export function generateRespondent(options: RespondentOptions): SyntheticRespondent {
  const random = createRandom(options.seed);
  const instrument = options.instrument ?? latestInstrument();
  const traits = drawTraits(options, random);
  const status = options.status ?? random.weighted(STATUS_WEIGHTS);
  const surveyDate = options.surveyDate ?? new Date();
  const keyed = new Map<string, { item: KeyedItem; ability: number }>([
    ...instrument.plan.awareness.map((item) => [item.name, { item, ability: traits.awareness + 0.9 * easeOf(item.name) + 0.2 }] as const),
    ...instrument.plan.literacy.map((item) => {
      const typeEffect = item.itemType === 'multiple' ? -0.7 : item.itemType === 'truefalse' ? 0.6 : 0;
      return [item.name, { item, ability: traits.literacy + 3.0 * easeOf(item.name) + typeEffect - 0.45 }] as const;
    }),
  ]);
  const answerer = new Answerer(random, traits, options, surveyDate, status, keyed);
  const answers = walk(instrument.json, answerer, random, status);
  return { answers, status };
}

let latest: { json: InstrumentJson; plan: ScoringPlan } | undefined;
function latestInstrument(): { json: InstrumentJson; plan: ScoringPlan } {
  if (!latest) {
    const instrument = getInstrument('migrant-health');
    if (!instrument) throw new Error('The migrant-health instrument is not in the catalog');
    latest = { json: instrument.json, plan: getScoringPlan(instrument.id, instrument.version) };
  }
  return latest;
}

/** Conditions compiled once per expression: the same few dozen serve every respondent. */
const conditions = new Map<string, ConditionRunner>();
const expressions = new Map<string, ExpressionRunner>();

function isShown(element: SurveyElementJson | SurveyPageJson, values: Answers): boolean {
  if (typeof element.visibleIf !== 'string') return true;
  let runner = conditions.get(element.visibleIf);
  if (!runner) conditions.set(element.visibleIf, (runner = new ConditionRunner(element.visibleIf)));
  return runner.runValues(values);
}

/** The answers plus the survey's calculated values (such as `eligible`), as survey-core's conditions see them. */
function valuesFor(json: InstrumentJson, answers: Answers): Answers {
  const values = { ...answers };
  for (const { name, expression } of (json.calculatedValues ?? []) as { name: string; expression: string }[]) {
    let runner = expressions.get(expression);
    if (!runner) expressions.set(expression, (runner = new ExpressionRunner(expression)));
    values[name] = runner.runValues(values);
  }
  return values;
}

/**
 * Page by page, element by element, answering each question the instrument's visibleIf logic shows at
 * that moment (evaluated by survey-core's own condition runner; the tests confirm every answer set with a
 * full survey-core Model). A partial interview stops part-way through a page after the screening.
 */
function walk(json: InstrumentJson, answerer: Answerer, random: Random, status: ResponseStatus): Answers {
  const answers: Answers = {};
  const stopAtPage = status === 'partial' ? random.integer(2, Math.max(2, json.pages.length - 4)) : Infinity;
  const visit = (elements: SurveyElementJson[], stopAt: number): boolean => {
    for (const [position, element] of elements.entries()) {
      if (position >= stopAt) return false;
      if (!isShown(element, valuesFor(json, answers))) continue;
      const children = element.elements;
      if (children) {
        if (!visit(children, Infinity)) return false;
        continue;
      }
      if (!element.name || element.type === 'html' || element.type === 'image') continue;
      const value = answerer.answer(element);
      if (value !== undefined) answers[element.name] = value;
    }
    return true;
  };
  for (const [index, page] of json.pages.entries()) {
    if (index > stopAtPage) break;
    if (!isShown(page, valuesFor(json, answers))) continue;
    const elements = page.elements ?? [];
    const stopAt = index === stopAtPage ? random.integer(0, Math.max(0, elements.length - 1)) : Infinity;
    if (!visit(elements, stopAt)) break;
  }
  return answers;
}

const SCREENING_QUESTIONS = ['age_in_range', 'hukou_elsewhere', 'months_here'] as const;

class Answerer {
  /** Which screening question fails for an ineligible respondent. */
  private readonly failingScreen: (typeof SCREENING_QUESTIONS)[number];
  private overall: number | undefined;

  constructor(
    private readonly random: Random,
    private readonly traits: Traits,
    private readonly options: RespondentOptions,
    private readonly surveyDate: Date,
    private readonly status: ResponseStatus,
    private readonly keyed: Map<string, { item: KeyedItem; ability: number }>,
  ) {
    this.failingScreen = random.pick(SCREENING_QUESTIONS);
  }

  answer(question: SurveyElementJson): unknown {
    const name = question.name ?? '';
    const key = this.keyed.get(name);
    if (key) return this.keyedAnswer(question, key.item, key.ability);
    const specific = this.specific(name);
    return specific === undefined ? this.anyAnswer(question) : specific;
  }

  private yesNo(probability: number, dontKnow = 0): string {
    const draw = this.random.next();
    return draw < probability ? 'yes' : draw < probability + dontKnow ? DONT_KNOW : 'no';
  }

  /** Questions whose answers shape the rest of the interview or its indicators. */
  private specific(name: string): unknown {
    const { traits, random } = this;
    const screening = (question: typeof this.failingScreen, pass: unknown, fail: unknown) =>
      this.status === 'ineligible' && this.failingScreen === question ? fail : pass;
    const services = sigmoid(traits.usesServices);
    switch (name) {
      case 'consent':
        return this.status === 'refused' ? 'no' : 'yes';
      case 'age_in_range':
        return screening('age_in_range', 'yes', 'no');
      case 'hukou_elsewhere':
        return screening('hukou_elsewhere', 'yes', 'no');
      case 'months_here':
        return screening('months_here', Math.min(840, Math.round(Math.exp(1 + 3.2 * random.next()))), 0);
      case 'sex':
        return traits.sex;
      case 'birth_year':
        return this.surveyDate.getUTCFullYear() - traits.age;
      case 'education':
        return traits.education;
      case 'current_province':
        return traits.province.code;
      case 'current_city':
        return this.options.city ?? `${traits.province['zh-cn']}第${random.integer(1, 3)}市`;
      case 'current_county':
        return this.options.county ?? `第${random.integer(1, 5)}区`;
      case 'hukou_province':
        return traits.hukouProvince.code;
      case 'migration_scope':
        return traits.migrationScope;
      case 'marital_status':
        return traits.age < 25 ? random.weighted({ 'never-married': 75, married: 25 }) : random.weighted({ 'never-married': 8, married: 86, divorced: 4, widowed: 2 });
      case 'children_0_6':
        return this.yesNo(traits.age >= 22 && traits.age <= 42 ? 0.38 : 0.04);
      case 'chronic_conditions': {
        const conditions = [
          ...(random.chance(sigmoid((traits.age - 55) / 7)) ? ['hypertension'] : []),
          ...(random.chance(sigmoid((traits.age - 62) / 7)) ? ['diabetes'] : []),
          ...(random.chance(0.05) ? ['other'] : []),
        ];
        return conditions.length > 0 ? conditions : ['none'];
      }
      case 'birth_last_12m':
        return this.yesNo(traits.age >= 20 && traits.age <= 40 ? 0.1 : 0);
      case 'aw_heard':
        return this.yesNo(sigmoid(traits.awareness + 1));
      case 'use_health_record':
        return this.yesNo(0.9 * services, 0.1);
      case 'use_health_education':
        return this.yesNo(0.3 + 0.6 * services, 0.05);
      case 'use_family_doctor':
        return this.yesNo(0.6 * services, 0.1);
      case 'use_vaccination_record':
        return this.yesNo(0.88, 0.04);
      case 'use_child_check':
        return this.yesNo(0.75, 0.05);
      case 'use_antenatal_checks':
        return random.weighted({ '5-plus': 78, '1-4': 18, none: 2, dk: 2 });
      case 'use_postpartum_visit':
        return this.yesNo(0.6, 0.05);
      case 'use_elderly_check':
        return this.yesNo(0.5, 0.05);
      case 'use_chronic_followup':
        return this.yesNo(0.65, 0.05);
      case 'sat_bphs_used':
        return this.yesNo(0.2 + 0.6 * services, 0.05);
      case 'sat_fp_used':
        return this.yesNo(traits.age < 45 ? 0.3 : 0.08, 0.05);
      default:
        return name.startsWith('sat_') && /_(attitude|convenience|timeliness|quality|overall)$/.test(name) ? this.rating() : undefined;
    }
  }

  /** Ratings of one respondent hang together around an overall impression. */
  private rating(): number {
    this.overall ??= Number(this.random.weighted({ 1: 2, 2: 5, 3: 18, 4: 45, 5: 30 }));
    return Math.min(5, Math.max(1, this.overall + Math.round(0.7 * this.random.normal())));
  }

  private keyedAnswer(question: SurveyElementJson, item: KeyedItem, ability: number): unknown {
    const values = choiceValuesOf(question).map(String);
    const right = this.random.chance(sigmoid(ability));
    if (Array.isArray(item.correct)) {
      if (right) return [...item.correct];
      const noneValue = values.find((value) => value === DONT_KNOW || value === 'none');
      const options = values.filter((value) => value !== noneValue);
      if (noneValue && this.random.chance(0.25)) return [noneValue];
      const partial = item.correct.filter(() => this.random.chance(0.6));
      const extra = options.filter((value) => !item.correct.includes(value) && this.random.chance(0.3));
      const ticked = [...partial, ...extra];
      const sameAsRight = ticked.length === item.correct.length && item.correct.every((value) => ticked.includes(value));
      return ticked.length === 0 || sameAsRight ? [noneValue ?? options.find((value) => !item.correct.includes(value))] : ticked;
    }
    if (right) return typedChoice(question, item.correct);
    const wrong = values.filter((value) => value !== item.correct && value !== DONT_KNOW);
    const choice = values.includes(DONT_KNOW) && (wrong.length === 0 || this.random.chance(0.3)) ? DONT_KNOW : this.random.pick(wrong);
    return typedChoice(question, choice);
  }

  /** Any other question: a random but valid answer of its type. */
  private anyAnswer(question: SurveyElementJson): unknown {
    const { random } = this;
    const values = choiceValuesOf(question);
    if (question.type === 'checkbox') {
      const options = values.filter((value) => value !== (question.noneValue ?? 'none') && value !== DONT_KNOW);
      const ticked = options.filter(() => random.chance(1.5 / Math.max(1, options.length)));
      return ticked.length > 0 ? ticked : [random.pick(options)];
    }
    if (values.length > 0) return random.pick(values);
    if (question.type === 'boolean') return random.chance(0.5);
    if (question.type === 'text' && question.inputType === 'number') {
      const min = Number(question.min ?? 0);
      return random.integer(min, Math.min(Number(question.max ?? min + 100), min + 100));
    }
    return question.isRequired ? '—' : undefined;
  }
}

/** The choice's own value (true/false items may use booleans), for a value held as a string. */
function typedChoice(question: SurveyElementJson, value: string): unknown {
  return choiceValuesOf(question).find((choice) => String(choice) === value) ?? value;
}
