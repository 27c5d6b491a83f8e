import { useId, useState, useSyncExternalStore } from 'react';
import { z } from 'zod';
import { localize, type Locale } from '../shared/locale';
import type { Paradata } from '../shared/paradata';
import { TEXT } from './messages';
import { ProgressLine } from './ProgressLine';

/**
 * The instrument's first page drawn without SurveyJS, so a phone shows the consent page as soon as this
 * small script runs while the SurveyJS runtime is still on its way. Only what such a page holds is drawn
 * (html blocks and single-choice questions, no logic); any other first page is left to SurveyJS, so
 * the instrument decides what is shown and nothing of it is ever dropped.
 */
const textSchema = z.union([z.string(), z.object({ 'zh-cn': z.string(), en: z.string() })]);
type InstrumentText = z.infer<typeof textSchema>;
const elementSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('html'), name: z.string(), html: textSchema }),
  z.strictObject({
    type: z.literal('radiogroup'),
    name: z.string(),
    title: textSchema,
    isRequired: z.boolean().optional(),
    choices: z.array(z.strictObject({ value: z.string(), text: textSchema })).min(1),
  }),
]);
const firstPageSchema = z.strictObject({ name: z.string(), elements: z.array(elementSchema).min(1) });
/** The instrument's title (SurveyJS shows it above every page), its first page and how many pages it has. */
export type FirstPage = z.infer<typeof firstPageSchema> & { surveyTitle?: InstrumentText; pageCount: number };

/** The instrument's first page if this shell can draw it exactly, or undefined. */
export function drawableFirstPage(instrumentJson: Record<string, unknown>): FirstPage | undefined {
  const pages = instrumentJson.pages;
  if (!Array.isArray(pages)) return undefined;
  const parsed = firstPageSchema.safeParse(pages[0]);
  const title = textSchema.safeParse(instrumentJson.title);
  // Before the first answer every page may still be shown (the progress SurveyJS reports from the next page on).
  return parsed.success ? { ...parsed.data, pageCount: pages.length, ...(title.success ? { surveyTitle: title.data } : {}) } : undefined;
}

/** The first page's answers and the time spent on it, for SurveyJS to carry on from. */
export interface FirstPageAnswers {
  answers: Record<string, string>;
  paradata: Pick<Paradata, 'startedAt' | 'durationSeconds' | 'pageSeconds'>;
}

function textOf(text: InstrumentText, locale: Locale): string {
  return typeof text === 'string' ? text : text[locale];
}

/** False in the server's HTML and while hydrating, true once React runs the page: controls wait for it. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    () => () => undefined,
    () => true,
    () => false,
  );
}

export interface ConsentPageProps {
  page: FirstPage;
  locale: Locale;
  /**
   * Whether these answers leave a page after this one (the instrument's logic, once the SurveyJS runtime
   * has arrived); until then the button says Next, and a survey the answers end is completed right after.
   */
  continues?(answers: Record<string, string>): boolean;
  onNext(result: FirstPageAnswers): void;
}

export function ConsentPage({ page, locale, continues, onNext }: ConsentPageProps) {
  const hydrated = useHydrated();
  const [shownAt] = useState(() => Date.now());
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [showErrors, setShowErrors] = useState(false);
  const id = useId();
  const missing = page.elements.filter((element) => element.type === 'radiogroup' && element.isRequired && answers[element.name] === undefined);

  const next = () => {
    if (missing.length > 0) return setShowErrors(true);
    const seconds = Math.round((Date.now() - shownAt) / 100) / 10;
    onNext({ answers, paradata: { startedAt: new Date(shownAt).toISOString(), durationSeconds: seconds, pageSeconds: { [page.name]: seconds } } });
  };

  return (
    <form
      className="respond-consent"
      data-testid="consent-page"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        next();
      }}
    >
      <ProgressLine progress={{ page: 1, of: page.pageCount, percent: 0 }} locale={locale} />
      {page.surveyTitle !== undefined && <h1 className="respond-title">{textOf(page.surveyTitle, locale)}</h1>}
      {page.elements.map((element) => {
        if (element.type === 'html') return <div key={element.name} dangerouslySetInnerHTML={{ __html: textOf(element.html, locale) }} />;
        const errorId = `${id}-${element.name}-error`;
        const titleId = `${id}-${element.name}-title`;
        const invalid = showErrors && missing.includes(element);
        // A radiogroup, not a plain fieldset (a group), may say it is required (axe-core rule aria-allowed-attr).
        return (
          <fieldset key={element.name} className="respond-question" role="radiogroup" aria-labelledby={titleId} aria-required={element.isRequired} aria-invalid={invalid} aria-describedby={invalid ? errorId : undefined}>
            <legend id={titleId}>{textOf(element.title, locale)}</legend>
            {invalid && (
              <p id={errorId} className="respond-error" role="alert">
                {localize(TEXT.required, locale)}
              </p>
            )}
            {element.choices.map((choice) => (
              <label key={choice.value} className="respond-choice">
                <input type="radio" disabled={!hydrated} name={element.name} value={choice.value} checked={answers[element.name] === choice.value} onChange={() => setAnswers({ ...answers, [element.name]: choice.value })} />
                {textOf(choice.text, locale)}
              </label>
            ))}
          </fieldset>
        );
      })}
      <button type="submit" className="respond-button" disabled={!hydrated}>
        {localize(continues && !continues(answers) ? TEXT.submit : TEXT.next, locale)}
      </button>
    </form>
  );
}
