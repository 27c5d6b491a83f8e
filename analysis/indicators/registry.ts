/**
 * The one registry of what the platform reports. Each indicator: its id, its name in Chinese and
 * English, how one response contributes to its numerator and denominator (and what they count), who
 * is eligible, and the target it is held to. Each breakdown: how it is read from a stored response and
 * where its levels and their names come from. The console, the exports, the codebook, the weighting
 * margins and the report take every label from here; nothing parses an id to name it.
 */
import { AREA_LABELS, DIMENSION_LABELS, LITERACY_AREAS, LITERACY_DIMENSIONS } from '../domain/literacy';
import type { Label } from '../domain/label';
import { AGE_GROUP_LABELS, AGE_GROUPS, MODE_LABELS, MODES } from '../domain/profile';
import { PROVINCES, REGION_LABELS, REGIONS, type Region } from '../domain/regions';
import { SATISFACTION_ASPECT_LABELS, SATISFACTION_ASPECTS, SATISFACTION_SERVICE_LABELS, SATISFACTION_SERVICES, SATISFIED_AT_LEAST } from '../domain/satisfaction';
import { SERVICE_CODES, SERVICE_LABELS } from '../domain/services';
import { SERVICE_USE_CODES, SERVICE_USE_LABELS } from '../domain/serviceUse';
import type { ScoringPlan } from '../scoring/plan';
import { SERVICE_USE_RULES } from '../scoring/serviceUse';
import type { RespondentProfile, ResponseScores } from '../scoring/types';
import type { IndicatorFamily } from './families';

/** The evaluation standard's targets: awareness 90% (3.2.1); health literacy by the region's level (3.2.2). */
export const AWARENESS_TARGET = 0.9;
export const LITERACY_TARGET_BY_REGION: Record<Region, number> = { East: 0.24, Central: 0.2, West: 0.16 };

/**
 * What a questionnaire version asks, as far as the indicators go: its scoring plan (the tagged questions)
 * and its question names. An indicator a version does not ask is missing for that version, never a zero.
 */
export interface MeasuringInstrument {
  plan: ScoringPlan;
  questions: ReadonlySet<string>;
}

/** The status of an estimate row for an indicator the selected questionnaire version(s) do not ask (no estimate, n 0). */
export const NOT_MEASURED = 'not-measured';
export const NOT_MEASURED_LABEL: Label = { 'zh-cn': '该版本未测量', en: 'Not measured by this version' };

/** A fixed share, or one per region (a domain's region is read from its region, province or county). */
export type TargetRule = { kind: 'fixed'; value: number; source: Label } | { kind: 'by-region'; values: Record<Region, number>; source: Label };

export interface Indicator {
  id: string;
  label: Label;
  /** The name within its family, for a chart's bars ("健康教育" among the awareness-by-service bars). */
  shortLabel: Label;
  family: IndicatorFamily;
  /** The indicator this one is a part of: a service's awareness of overall awareness, an aspect of its service's satisfaction. */
  parent?: string;
  /** One of the evaluation's headline indicators: the first rows of the summary sheet and the report. */
  main: boolean;
  /** 'prop': a 0/1 outcome per respondent; 'ratio': a sum over a sum. */
  kind: 'prop' | 'ratio';
  numerator: Label;
  denominator: Label;
  /** Who is in the denominator; everyone else contributes nothing. */
  population: Label;
  target: TargetRule | null;
  /** [numerator, denominator] for an eligible respondent, or null outside the eligible population. */
  contribution(scores: ResponseScores): [number, number] | null;
  /** Whether a questionnaire version asks what this indicator needs (by its tags and question names). */
  measuredBy(instrument: MeasuringInstrument): boolean;
}

const ALL_RESPONDENTS: Label = { 'zh-cn': '全部完成调查的流动人口', en: 'all complete interviews' };
const RESPONDENTS: Label = { 'zh-cn': '调查对象人数', en: 'respondents' };

const AWARENESS_RULE: TargetRule = { kind: 'fixed', value: AWARENESS_TARGET, source: { 'zh-cn': '评估标准3.2.1：知晓率≥90%', en: 'Standard 3.2.1: awareness ≥ 90%' } };
const LITERACY_RULE: TargetRule = {
  kind: 'by-region',
  values: LITERACY_TARGET_BY_REGION,
  source: { 'zh-cn': '评估标准3.2.2：东部≥24%、中部≥20%、西部≥16%', en: 'Standard 3.2.2: East ≥ 24%, Central ≥ 20%, West ≥ 16%' },
};

type Definition = Omit<Indicator, 'kind' | 'contribution' | 'measuredBy' | 'shortLabel' | 'main' | 'target' | 'numerator' | 'denominator' | 'population'> &
  Partial<Pick<Indicator, 'shortLabel' | 'main' | 'target' | 'population' | 'parent'>>;

/** A 0/1 outcome; its numerator counts the "yes" answers among the eligible respondents. */
function proportion(definition: Definition & { numerator: Label }, measuredBy: Indicator['measuredBy'], outcome: (s: ResponseScores) => boolean | null): Indicator {
  return {
    shortLabel: definition.label,
    main: false,
    target: null,
    population: ALL_RESPONDENTS,
    denominator: RESPONDENTS,
    ...definition,
    kind: 'prop',
    measuredBy,
    contribution: (scores) => {
      const value = outcome(scores);
      return value === null ? null : [value ? 1 : 0, 1];
    },
  };
}

const AWARENESS_NUMERATOR: Label = { 'zh-cn': '答对的知晓题数', en: 'awareness items answered right' };
const AWARENESS_DENOMINATOR: Label = { 'zh-cn': '问到的知晓题数', en: 'awareness items asked' };
const LITERATE: Label = { 'zh-cn': '得分达到满分80%及以上的人数', en: 'respondents scoring at least 80% of full marks' };
const SATISFIED: Label = { 'zh-cn': '评价为满意或很满意（4或5分）的人数', en: 'respondents rating 4 or 5 (satisfied or very satisfied)' };
const asksAwareness = ({ plan }: MeasuringInstrument) => plan.awareness.length > 0;
const asksLiteracy = ({ plan }: MeasuringInstrument) => plan.literacy.length > 0;
const usersOf = (service: Label): Label => ({ 'zh-cn': `在本地使用过${service['zh-cn']}的调查对象`, en: `respondents who used ${service.en.toLowerCase()} here` });

export const INDICATORS: readonly Indicator[] = [
  {
    id: 'awareness',
    label: { 'zh-cn': '基本公共卫生服务知晓率', en: 'Awareness of the basic public health services (3.2.1)' },
    shortLabel: { 'zh-cn': '知晓率', en: 'Awareness' },
    family: 'awareness',
    main: true,
    kind: 'ratio',
    numerator: AWARENESS_NUMERATOR,
    denominator: AWARENESS_DENOMINATOR,
    population: ALL_RESPONDENTS,
    target: AWARENESS_RULE,
    measuredBy: asksAwareness,
    contribution: (s) => (s.awareness.asked > 0 ? [s.awareness.correct, s.awareness.asked] : null),
  },
  ...SERVICE_CODES.map(
    (code): Indicator => ({
      id: `awareness.${code}`,
      label: { 'zh-cn': `知晓率：${SERVICE_LABELS[code]['zh-cn']}`, en: `Awareness: ${SERVICE_LABELS[code].en}` },
      shortLabel: SERVICE_LABELS[code],
      family: 'awareness-service',
      parent: 'awareness',
      main: false,
      kind: 'ratio',
      numerator: AWARENESS_NUMERATOR,
      denominator: AWARENESS_DENOMINATOR,
      population: ALL_RESPONDENTS,
      target: AWARENESS_RULE,
      measuredBy: ({ plan }) => plan.awareness.some((item) => item.service === code),
      contribution: (s) => {
        const service = s.awareness.services[code];
        return service && service.asked > 0 ? [service.correct, service.asked] : null;
      },
    }),
  ),
  proportion(
    { id: 'awareness-full', label: { 'zh-cn': '全部知晓率（知晓题全部答对）', en: 'Every awareness item right' }, family: 'awareness', numerator: { 'zh-cn': '知晓题全部答对的人数', en: 'respondents with every awareness item right' } },
    asksAwareness,
    (s) => s.awareness.full,
  ),
  proportion(
    { id: 'literacy', label: { 'zh-cn': '健康素养水平', en: 'Health literacy level (3.2.2)' }, shortLabel: { 'zh-cn': '健康素养', en: 'Health literacy' }, family: 'literacy', main: true, target: LITERACY_RULE, numerator: LITERATE },
    asksLiteracy,
    (s) => s.literacy.literate,
  ),
  ...LITERACY_DIMENSIONS.map((d) =>
    proportion(
      { id: `literacy.${d}`, label: { 'zh-cn': `健康素养：${DIMENSION_LABELS[d]['zh-cn']}`, en: `Health literacy: ${DIMENSION_LABELS[d].en}` }, shortLabel: DIMENSION_LABELS[d], family: 'literacy-dimension', parent: 'literacy', numerator: LITERATE },
      ({ plan }) => plan.literacy.some((item) => item.dimension === d),
      (s) => s.literacy.dimensions[d]?.had ?? null,
    ),
  ),
  ...LITERACY_AREAS.map((a) =>
    proportion(
      { id: `literacy.${a}`, label: { 'zh-cn': `健康素养：${AREA_LABELS[a]['zh-cn']}`, en: `Health literacy: ${AREA_LABELS[a].en}` }, shortLabel: AREA_LABELS[a], family: 'literacy-area', parent: 'literacy', numerator: LITERATE },
      ({ plan }) => plan.literacy.some((item) => item.area === a),
      (s) => s.literacy.areas[a]?.had ?? null,
    ),
  ),
  ...SATISFACTION_SERVICES.map((service) => {
    const name = SATISFACTION_SERVICE_LABELS[service];
    return proportion(
      { id: `satisfaction.${service}`, label: { 'zh-cn': `${name['zh-cn']}满意度`, en: `Satisfaction with ${name.en.toLowerCase()} (3.3)` }, shortLabel: name, family: 'satisfaction', main: true, population: usersOf(name), numerator: SATISFIED },
      ({ plan }) => plan.satisfaction[service].overall !== undefined,
      (s) => s.satisfaction[service]?.satisfied ?? null,
    );
  }),
  // The overall aspect is satisfaction.<service> itself, so it is not repeated here.
  ...SATISFACTION_SERVICES.flatMap((service) =>
    SATISFACTION_ASPECTS.filter((aspect) => aspect !== 'overall').map((aspect) => {
      const name = SATISFACTION_SERVICE_LABELS[service];
      const aspectName = SATISFACTION_ASPECT_LABELS[aspect];
      return proportion(
        {
          id: `satisfaction.${service}.${aspect}`,
          label: { 'zh-cn': `${name['zh-cn']}满意度：${aspectName['zh-cn']}`, en: `Satisfaction with ${name.en.toLowerCase()}: ${aspectName.en.toLowerCase()}` },
          shortLabel: aspectName,
          family: 'satisfaction-aspect',
          parent: `satisfaction.${service}`,
          population: { 'zh-cn': `${usersOf(name)['zh-cn']}中评价了该方面的人`, en: `${usersOf(name).en} who rated this aspect` },
          numerator: SATISFIED,
        },
        ({ plan }) => plan.satisfaction[service][aspect] !== undefined,
        (s) => {
          const rating = s.satisfaction[service]?.ratings[aspect];
          return rating === undefined ? null : rating >= SATISFIED_AT_LEAST;
        },
      );
    }),
  ),
  ...SERVICE_USE_CODES.map((code) => {
    const { population, ...label } = SERVICE_USE_LABELS[code];
    return proportion({ id: `use.${code}`, label, family: 'use', population, numerator: { 'zh-cn': '接受了该服务的人数', en: 'respondents who received the service' } }, ({ questions }) => questions.has(SERVICE_USE_RULES[code].question), (s) => s.serviceUse[code] ?? null);
  }),
];

const INDICATOR_BY_ID = new Map(INDICATORS.map((indicator) => [indicator.id, indicator]));

export function findIndicator(id: string): Indicator | undefined {
  return INDICATOR_BY_ID.get(id);
}

/** Breakdowns: the respondent attributes an estimate can be split by. */
export const BREAKDOWNS = ['region', 'province', 'county', 'sex', 'ageGroup', 'education', 'migrationScope', 'mode'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** The fields of a stored response a breakdown is read from (its design fields and scored profile). */
export interface BreakdownSource {
  region?: string | null;
  provinceCode?: string | null;
  countyCode?: string | null;
  mode?: string | null;
  scores?: { profile?: RespondentProfile | null } | null;
}

export interface Level {
  code: string;
  label: Label;
}

/**
 * Where a breakdown's levels come from: a fixed list; the choices of an instrument question (their
 * labels are the questionnaire's own); or the GB/T 2260 counties of the sampling frame.
 */
export type LevelSource = { kind: 'fixed'; levels: readonly Level[] } | { kind: 'question'; question: string } | { kind: 'counties' };

export interface BreakdownDefinition {
  id: Breakdown;
  label: Label;
  read(response: BreakdownSource): string | null;
  levels: LevelSource;
}

const fixed = <Code extends string>(codes: readonly Code[], labels: Record<Code, Label>): LevelSource => ({ kind: 'fixed', levels: codes.map((code) => ({ code, label: labels[code] })) });
const orNull = (value: string | null | undefined): string | null => value ?? null;

export const BREAKDOWN_DEFINITIONS: Record<Breakdown, BreakdownDefinition> = {
  region: { id: 'region', label: { 'zh-cn': '地区', en: 'Region' }, read: (r) => orNull(r.region), levels: fixed(REGIONS, REGION_LABELS) },
  province: {
    id: 'province',
    label: { 'zh-cn': '省份', en: 'Province' },
    read: (r) => orNull(r.provinceCode),
    levels: { kind: 'fixed', levels: PROVINCES.map((province) => ({ code: province.code, label: { 'zh-cn': province['zh-cn'], en: province.en } })) },
  },
  county: { id: 'county', label: { 'zh-cn': '县（区）', en: 'County/district' }, read: (r) => orNull(r.countyCode), levels: { kind: 'counties' } },
  sex: { id: 'sex', label: { 'zh-cn': '性别', en: 'Sex' }, read: (r) => orNull(r.scores?.profile?.sex), levels: { kind: 'question', question: 'sex' } },
  ageGroup: { id: 'ageGroup', label: { 'zh-cn': '年龄组', en: 'Age group' }, read: (r) => orNull(r.scores?.profile?.ageGroup), levels: fixed(AGE_GROUPS, AGE_GROUP_LABELS) },
  education: { id: 'education', label: { 'zh-cn': '文化程度', en: 'Education' }, read: (r) => orNull(r.scores?.profile?.education), levels: { kind: 'question', question: 'education' } },
  migrationScope: { id: 'migrationScope', label: { 'zh-cn': '流动范围', en: 'Migration scope' }, read: (r) => orNull(r.scores?.profile?.migrationScope), levels: { kind: 'question', question: 'migration_scope' } },
  mode: { id: 'mode', label: { 'zh-cn': '调查方式', en: 'Mode' }, read: (r) => orNull(r.mode), levels: fixed(MODES, MODE_LABELS) },
};

/** Every breakdown of a stored response, as the estimators take them. */
export function breakdownsOf(response: BreakdownSource): Record<Breakdown, string | null> {
  return Object.fromEntries(BREAKDOWNS.map((breakdown) => [breakdown, BREAKDOWN_DEFINITIONS[breakdown].read(response)])) as Record<Breakdown, string | null>;
}
