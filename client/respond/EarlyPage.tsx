import { useId, useState, useSyncExternalStore } from 'react';
import { z } from 'zod';
import { localize, type Locale } from '../shared/locale';
import type { Paradata } from '../shared/paradata';
import { focusOnMount } from './focus';
import { TEXT } from './messages';
import { ProgressLine } from './ProgressLine';

/**
 * The instrument's first pages drawn without SurveyJS (consent, then eligibility), so a phone shows the
 * consent page as soon as this small script runs and, on a slow network, the page after it at once, while
 * the SurveyJS runtime is still on its way. Only what such pages hold is drawn (html blocks, single-choice
 * and number questions, conditions of the form `{question} = 'value'`); the first page that holds
 * anything else is left to SurveyJS, so the instrument decides what is shown and nothing of it is dropped.
 * SurveyJS takes over at the first Next after it has arrived, and checks the early answers again there.
 */
const textSchema = z.union([z.string(), z.object({ 'zh-cn': z.string(), en: z.string() })]);
type InstrumentText = z.infer<typeof textSchema>;
const CONDITION = /^\{([\w-]+)\} = '([^']*)'$/;
const conditionSchema = z.string().regex(CONDITION);
const elementSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('html'), name: z.string(), html: textSchema }),
  z.strictObject({
    type: z.literal('radiogroup'),
    name: z.string(),
    title: textSchema,
    isRequired: z.boolean().optional(),
    visibleIf: conditionSchema.optional(),
    choices: z.array(z.strictObject({ value: z.string(), text: textSchema })).min(1),
  }),
  z.strictObject({
    type: z.literal('text'),
    inputType: z.literal('number'),
    name: z.string(),
    title: textSchema,
    isRequired: z.boolean().optional(),
    visibleIf: conditionSchema.optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
]);
type EarlyElement = z.infer<typeof elementSchema>;
type EarlyQuestion = Exclude<EarlyElement, { type: 'html' }>;
const pageSchema = z.strictObject({ name: z.string(), title: textSchema.optional(), visibleIf: conditionSchema.optional(), elements: z.array(elementSchema).min(1) });
type DrawablePage = z.infer<typeof pageSchema>;

/** The instrument's title (SurveyJS shows it above every page), its leading drawable pages and how many pages it has. */
export interface EarlyPages {
  surveyTitle?: InstrumentText;
  pages: DrawablePage[];
  pageCount: number;
}

export type EarlyAnswerValues = Record<string, string | number>;

/** The early pages' answers, the page Next was tapped on (SurveyJS carries on after it) and the time spent. */
export interface EarlyAnswers {
  answers: EarlyAnswerValues;
  lastPage: string;
  paradata: Pick<Paradata, 'startedAt' | 'durationSeconds' | 'pageSeconds'>;
}

/** The instrument's leading pages this shell can draw exactly (the first one at least), or undefined. */
export function drawableEarlyPages(instrumentJson: Record<string, unknown>): EarlyPages | undefined {
  const pages = instrumentJson.pages;
  if (!Array.isArray(pages)) return undefined;
  const drawable: DrawablePage[] = [];
  for (const page of pages) {
    const parsed = pageSchema.safeParse(page);
    if (!parsed.success) break;
    drawable.push(parsed.data);
  }
  // The first page is always shown: a condition on it is SurveyJS's to judge.
  if (drawable.length === 0 || drawable[0]!.visibleIf !== undefined) return undefined;
  const title = textSchema.safeParse(instrumentJson.title);
  return { pages: drawable, pageCount: pages.length, ...(title.success ? { surveyTitle: title.data } : {}) };
}

function holds(condition: string | undefined, answers: EarlyAnswerValues): boolean {
  if (condition === undefined) return true;
  const [, name, value] = CONDITION.exec(condition)!;
  return answers[name!] === value;
}

/** The early page to draw after page `index` for these answers, or undefined when SurveyJS must carry on. */
export function nextEarlyPage(early: EarlyPages, index: number, answers: EarlyAnswerValues): number | undefined {
  const next = early.pages[index + 1];
  return next && holds(next.visibleIf, answers) ? index + 1 : undefined;
}

/** The answers without those to questions their conditions now hide (SurveyJS would refuse to keep them). */
export function shownAnswers(early: EarlyPages, answers: EarlyAnswerValues): EarlyAnswerValues {
  const shown = { ...answers };
  for (const element of early.pages.flatMap((page) => page.elements)) {
    if (element.type !== 'html' && !holds(element.visibleIf, shown)) delete shown[element.name];
  }
  return shown;
}

function textOf(text: InstrumentText, locale: Locale): string {
  return typeof text === 'string' ? text : text[locale];
}

/** Why a question's answer cannot go on, in the respondent's language, or undefined. */
function problemOf(question: EarlyQuestion, value: string | number | undefined, locale: Locale): string | undefined {
  if (value === undefined) return question.isRequired ? localize(TEXT.required, locale) : undefined;
  if (question.type !== 'text' || typeof value !== 'number') return undefined;
  const { min, max } = question;
  if ((min === undefined || value >= min) && (max === undefined || value <= max)) return undefined;
  const words = min !== undefined && max !== undefined ? TEXT.numberBetween : min !== undefined ? TEXT.numberAtLeast : TEXT.numberAtMost;
  return localize(words, locale).replace('{min}', String(min)).replace('{max}', String(max));
}

/** False in the server's HTML and while hydrating, true once React runs the page: controls wait for it. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    () => () => undefined,
    () => true,
    () => false,
  );
}

export interface EarlyPageProps {
  early: EarlyPages;
  index: number;
  /** What the early pages before this one were answered with. */
  before?: EarlyAnswers;
  locale: Locale;
  /**
   * Whether these answers leave a page after this one (the instrument's logic, once the SurveyJS runtime
   * has arrived); until then the button says Next, and a survey the answers end is completed right after.
   */
  continues?(pageName: string, answers: EarlyAnswerValues): boolean;
  onNext(result: EarlyAnswers): void;
}

export function EarlyPage({ early, index, before, locale, continues, onNext }: EarlyPageProps) {
  const page = early.pages[index]!;
  const hydrated = useHydrated();
  const [shownAt] = useState(() => Date.now());
  const [answers, setAnswers] = useState<EarlyAnswerValues>(() => ({ ...before?.answers }));
  const [showErrors, setShowErrors] = useState(false);
  const id = useId();
  const questions = page.elements.filter((element): element is EarlyQuestion => element.type !== 'html' && holds(element.visibleIf, answers));
  const problems = new Map(questions.flatMap((question) => {
    const problem = problemOf(question, answers[question.name], locale);
    return problem === undefined ? [] : [[question.name, problem] as const];
  }));
  const answer = (name: string, value: string | number | undefined) => {
    const changed = { ...answers, [name]: value };
    if (value === undefined) delete changed[name];
    setAnswers(shownAnswers(early, changed as EarlyAnswerValues));
  };

  const next = () => {
    if (problems.size > 0) return setShowErrors(true);
    const seconds = Math.round((Date.now() - shownAt) / 100) / 10;
    const spent = before?.paradata;
    onNext({
      answers,
      lastPage: page.name,
      paradata: {
        startedAt: spent?.startedAt ?? new Date(shownAt).toISOString(),
        durationSeconds: Math.round(((spent?.durationSeconds ?? 0) + seconds) * 10) / 10,
        pageSeconds: { ...spent?.pageSeconds, [page.name]: seconds },
      },
    });
  };

  return (
    <form
      className="respond-consent"
      data-testid="early-page"
      data-page={page.name}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        next();
      }}
    >
      <ProgressLine progress={{ page: index + 1, of: early.pageCount, percent: Math.round((100 * index) / early.pageCount) }} locale={locale} />
      {early.surveyTitle !== undefined && <h1 className="respond-title">{textOf(early.surveyTitle, locale)}</h1>}
      {page.title !== undefined && (
        // A page drawn after Next: its heading takes the focus, as a new page would.
        <h2 className="respond-page-title" tabIndex={-1} ref={index > 0 ? focusOnMount : undefined}>
          {textOf(page.title, locale)}
        </h2>
      )}
      {page.elements.map((element) => {
        if (element.type === 'html') return <div key={element.name} dangerouslySetInnerHTML={{ __html: textOf(element.html, locale) }} />;
        if (!holds(element.visibleIf, answers)) return null;
        const errorId = `${id}-${element.name}-error`;
        const titleId = `${id}-${element.name}-title`;
        const problem = showErrors ? problems.get(element.name) : undefined;
        const error = problem !== undefined && (
          <p id={errorId} className="respond-error" role="alert">
            {problem}
          </p>
        );
        if (element.type === 'text') {
          return (
            <div key={element.name} className="respond-question">
              <label id={titleId} htmlFor={`${id}-${element.name}`} className="respond-question-title">
                {textOf(element.title, locale)}
              </label>
              {error}
              <input
                id={`${id}-${element.name}`}
                className="respond-number"
                type="number"
                inputMode="numeric"
                name={element.name}
                min={element.min}
                max={element.max}
                required={element.isRequired}
                aria-invalid={problem !== undefined}
                aria-describedby={problem !== undefined ? errorId : undefined}
                disabled={!hydrated}
                onChange={(event) => answer(element.name, event.target.value === '' || Number.isNaN(event.target.valueAsNumber) ? undefined : event.target.valueAsNumber)}
              />
            </div>
          );
        }
        // A radiogroup, not a plain fieldset (a group), may say it is required (axe-core rule aria-allowed-attr).
        return (
          <fieldset key={element.name} className="respond-question" role="radiogroup" aria-labelledby={titleId} aria-required={element.isRequired} aria-invalid={problem !== undefined} aria-describedby={problem !== undefined ? errorId : undefined}>
            <legend id={titleId}>{textOf(element.title, locale)}</legend>
            {error}
            {element.choices.map((choice) => (
              <label key={choice.value} className="respond-choice">
                <input type="radio" disabled={!hydrated} name={element.name} value={choice.value} checked={answers[element.name] === choice.value} onChange={() => answer(element.name, choice.value)} />
                {textOf(choice.text, locale)}
              </label>
            ))}
          </fieldset>
        );
      })}
      <button type="submit" className="respond-button" disabled={!hydrated}>
        {localize(continues && !continues(page.name, shownAnswers(early, answers)) ? TEXT.submit : TEXT.next, locale)}
      </button>
    </form>
  );
}
