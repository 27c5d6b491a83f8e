/**
 * The instruments we field, by id and version, composed from their module files, and their answer keys.
 * Node only: it reads the JSON files and the keys, which must never reach a browser. A published version
 * never changes; a change is a new version (a new folder and a new entry below) and old versions stay
 * loadable, because stored responses refer to `id` + `version`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { buildScoringPlan, type ScoringPlan } from '../analysis/scoring/plan';
import { scoreResponse } from '../analysis/scoring/score';
import type { AnswerKey, InstrumentJson, SurveyPageJson } from '../analysis/scoring/instrumentJson';
import type { Answers, ResponseScores } from '../analysis/scoring/types';
import { ELIGIBLE_VARIABLE } from './outcome';

export type LocalizedText = { 'zh-cn': string; en: string };

export interface InstrumentVersion {
  id: string;
  version: number;
  title: LocalizedText;
  /** Module files in the order they are asked; the first is consent and eligibility (see composeInstrument). */
  modules: string[];
  /** Answer-key files of the keyed modules. */
  keys: string[];
  /** Fielded: its answer shape (question names, types, choice values) is frozen in `publishedShapeFile`. */
  published: boolean;
}

/** Kept with the contracts, whose queries default to it; read here beside the versions it names. */
export { DEFAULT_INSTRUMENT } from '../contracts/instruments';

export const INSTRUMENT_VERSIONS: readonly InstrumentVersion[] = [
  {
    id: 'migrant-health',
    version: 1,
    title: { 'zh-cn': '流动人口基本公共卫生服务与健康素养调查', en: 'Survey of migrants: basic public health services and health literacy' },
    modules: ['consent', 'profile', 'awareness', 'literacy', 'service-use', 'satisfaction'],
    keys: ['awareness', 'literacy'],
    published: false,
  },
  {
    // A short follow-up fielded beside the main survey: the same service-use questions (so the same use.* indicators, estimated from its own interviews only), nothing keyed (its key file is empty).
    id: 'followup',
    version: 1,
    title: { 'zh-cn': '流动人口健康服务随访调查', en: 'Follow-up survey of migrants: health services' },
    modules: ['consent', 'followup'],
    keys: ['followup'],
    published: false,
  },
];

/** File names are relative to the project root, as the checker prints them. */
const projectRoot = new URL('../', import.meta.url);
export const moduleFile = (instrument: InstrumentVersion, module: string): string =>
  `surveys/instruments/${instrument.id}/v${instrument.version}/${module}.json`;
export const keyFile = (instrument: InstrumentVersion, module: string): string =>
  `surveys/keys/${instrument.id}/v${instrument.version}/${module}.json`;

export const publishedShapeFile = (instrument: InstrumentVersion): string => `surveys/published/${instrument.id}-v${instrument.version}.json`;

const moduleSchema = z.looseObject({ pages: z.array(z.looseObject({})) });
/** An answer key file: question name → the right value(s) and the points. */
export const answerKeySchema = z.record(
  z.string(),
  z.strictObject({ correct: z.union([z.string(), z.array(z.string()).min(1)]), points: z.number().positive() }),
);

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  let text: string;
  try {
    text = readFileSync(new URL(file, projectRoot), 'utf8');
  } catch {
    throw new Error(`${file} is missing: every module and key an instrument version lists must exist`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new Error(`${file} has the wrong shape: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const answerShapeSchema = z.record(z.string(), z.strictObject({ type: z.string(), values: z.array(z.string()) }));
/** What stored answers depend on: each question's name, type and choice values. */
export type AnswerShape = z.infer<typeof answerShapeSchema>;

/** The frozen shape of a published version; undefined for a version not yet published. */
export function readPublishedShape(instrument: InstrumentVersion): AnswerShape | undefined {
  return instrument.published ? readJson(publishedShapeFile(instrument), answerShapeSchema) : undefined;
}

export interface InstrumentModule {
  file: string;
  json: InstrumentJson;
}

export function readModules(instrument: InstrumentVersion): InstrumentModule[] {
  return instrument.modules.map((module) => {
    const file = moduleFile(instrument, module);
    return { file, json: readJson(file, moduleSchema) as InstrumentJson };
  });
}

export function readAnswerKeys(instrument: InstrumentVersion): { file: string; key: AnswerKey }[] {
  return instrument.keys.map((module) => {
    const file = keyFile(instrument, module);
    return { file, key: readJson(file, answerKeySchema) };
  });
}

/**
 * One SurveyJS survey from the modules: pages in order, list-valued survey settings (calculated values,
 * completion texts, triggers) concatenated, other settings taken from the one module that sets them. Pages
 * after the first module are gated on the eligible variable, so a refusal or an ineligible respondent
 * finishes right after screening and can have no answers beyond it.
 */
export function composeInstrument(instrument: InstrumentVersion, modules: InstrumentModule[]): InstrumentJson {
  const json: InstrumentJson = { title: instrument.title, locale: 'zh-cn', pages: [] };
  modules.forEach(({ file, json: { pages, ...settings } }, index) => {
    for (const [name, value] of Object.entries(settings)) {
      const existing = json[name];
      if (Array.isArray(value) && (existing === undefined || Array.isArray(existing))) json[name] = [...(existing ?? []), ...value];
      else if (existing === undefined) json[name] = value;
      else throw new Error(`${file}: survey setting "${name}" is already set by an earlier module`);
    }
    json.pages.push(...(index === 0 ? pages : pages.map(gateOnEligibility)));
  });
  return json;
}

function gateOnEligibility(page: SurveyPageJson): SurveyPageJson {
  const gate = `{${ELIGIBLE_VARIABLE}} = true`;
  return { ...page, visibleIf: typeof page.visibleIf === 'string' ? `${gate} and (${page.visibleIf})` : gate };
}

function findVersion(id: string, version?: number): InstrumentVersion | undefined {
  const versions = INSTRUMENT_VERSIONS.filter((instrument) => instrument.id === id);
  if (version === undefined) return versions.reduce<InstrumentVersion | undefined>((latest, v) => (!latest || v.version > latest.version ? v : latest), undefined);
  return versions.find((instrument) => instrument.version === version);
}

interface LoadedInstrument {
  json: InstrumentJson;
  key: AnswerKey;
  plan: ScoringPlan;
}

const loaded = new Map<string, LoadedInstrument>();

function load(instrument: InstrumentVersion): LoadedInstrument {
  const cacheKey = `${instrument.id}@${instrument.version}`;
  let entry = loaded.get(cacheKey);
  if (!entry) {
    const json = composeInstrument(instrument, readModules(instrument));
    const key = Object.assign({}, ...readAnswerKeys(instrument).map((file) => file.key)) as AnswerKey;
    entry = { json, key, plan: buildScoringPlan(json, key) };
    loaded.set(cacheKey, entry);
  }
  return entry;
}

/** Each shipped version whole, as the platform stores it: the composed JSON and its one merged answer key (the seed of the instruments collection). */
export function shippedVersions(): { id: string; version: number; title: LocalizedText; json: InstrumentJson; key: AnswerKey }[] {
  return INSTRUMENT_VERSIONS.map((instrument) => ({ id: instrument.id, version: instrument.version, title: instrument.title, json: structuredClone(load(instrument).json), key: load(instrument).key }));
}

export function listInstruments(): { id: string; version: number; title: LocalizedText }[] {
  return INSTRUMENT_VERSIONS.map(({ id, version, title }) => ({ id, version, title }));
}

/** The public SurveyJS JSON (no answer keys: they live in separate files); no version = the latest. A fresh copy each call. */
export function getInstrument(id: string, version?: number): { id: string; version: number; title: LocalizedText; json: InstrumentJson } | undefined {
  const instrument = findVersion(id, version);
  if (!instrument) return undefined;
  return { id: instrument.id, version: instrument.version, title: instrument.title, json: structuredClone(load(instrument).json) };
}

export function getScoringPlan(id: string, version: number): ScoringPlan {
  const instrument = findVersion(id, version);
  if (!instrument) throw new Error(`No instrument ${id} version ${version}`);
  return load(instrument).plan;
}

/** The derived scores stored with a response, scored with its own instrument version's key. */
export function scoreAnswers(id: string, version: number, answers: Answers, surveyDate: Date): ResponseScores {
  return scoreResponse(answers, getScoringPlan(id, version), { surveyDate });
}
