import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { ApiError, apiFetch } from '../shared/api';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { DEFAULT_LOCALE, LANGUAGE_TAGS, localize, type Locale } from '../shared/locale';
import { drawableEarlyPages, EarlyPage, nextEarlyPage, type EarlyAnswers, type EarlyPages } from './EarlyPage';
import { isLinkClosedCode, resolvedLinkSchema, type InlinedLink, type ResolvedLink } from '../../contracts/links';
import { focusOnMount } from './focus';
import { CLOSED_PAGES, TEXT, type ClosedReason } from './messages';
import { completedResponseOf, loadDraft } from './phoneStore';
import { SiteBar } from './SiteBar';

/**
 * The SurveyJS runtime (survey-core, its React UI and styles) is most of the page's weight, so it comes
 * in a chunk of its own: fetched as soon as a link is open, while the respondent reads the consent page.
 */
const loadSurvey = () => import('./RespondentSurvey');
const RespondentSurvey = lazy(loadSurvey);

type Screen =
  | { kind: 'loading' }
  | { kind: 'closed'; reason: ClosedReason }
  | { kind: 'early-page'; link: ResolvedLink; early: EarlyPages; index: number; before?: EarlyAnswers }
  | { kind: 'survey'; link: ResolvedLink; early?: EarlyAnswers }
  | { kind: 'thanks' };

export interface AppProps {
  token: string;
  /** The link as the server resolved it inside the page; without it the page asks the API. */
  inlined?: InlinedLink;
}

/**
 * The respondent page. With the link inlined, the first render depends on nothing but the page, so the
 * server renders it into the HTML (server/routes/respondentPage.ts) and the browser hydrates it; what the
 * phone itself holds (a draft to resume, a response already sent) is looked at after that.
 */
export function App({ token, inlined }: AppProps) {
  const [screen, setScreen] = useState<Screen>(() => (inlined ? screenOfInlined(inlined) : { kind: 'loading' }));
  const [locale, setLocale] = useState<Locale>(DEFAULT_LOCALE);

  useEffect(() => {
    if (inlined) {
      const onThisPhone = 'link' in inlined ? screenOnThisPhone(inlined.link) : undefined;
      if (onThisPhone) setScreen(onThisPhone);
      return;
    }
    apiFetch(`/api/links/resolve/${encodeURIComponent(token)}`, { schema: resolvedLinkSchema, timeoutMs: 30_000 })
      .then((link) => setScreen(screenOnThisPhone(link) ?? openScreenOf(link)))
      .catch((error: unknown) => setScreen({ kind: 'closed', reason: closedReasonOf(error) }));
  }, [token, inlined]);

  const needsSurvey = screen.kind === 'early-page' || screen.kind === 'survey';
  const [surveyModule, setSurveyModule] = useState<Awaited<ReturnType<typeof loadSurvey>>>();
  useEffect(() => {
    if (needsSurvey) void loadSurvey().then(setSurveyModule);
  }, [needsSurvey]);

  useEffect(() => {
    document.documentElement.lang = LANGUAGE_TAGS[locale];
  }, [locale]);

  const onDone = useCallback(() => setScreen({ kind: 'thanks' }), []);
  const onClosed = useCallback((reason: ClosedReason) => setScreen({ kind: 'closed', reason }), []);

  if (screen.kind === 'early-page') {
    const { link, early, index, before } = screen;
    // SurveyJS carries on once it is here; until then the next early page, if there is one for these answers.
    const onNext = (answered: EarlyAnswers) => {
      const next = surveyModule ? undefined : nextEarlyPage(early, index, answered.answers);
      setScreen(next === undefined ? { kind: 'survey', link, early: answered } : { kind: 'early-page', link, early, index: next, before: answered });
    };
    return (
      <div className="respond-survey">
        <SiteBar siteName={link.siteName} locale={locale} onLocale={setLocale} />
        <main>
          <EarlyPage
            key={index}
            early={early}
            index={index}
            before={before}
            locale={locale}
            continues={surveyModule && ((pageName, answers) => surveyModule.continuesAfter(link.instrument.json, pageName, answers))}
            onNext={onNext}
          />
        </main>
      </div>
    );
  }
  if (screen.kind === 'survey') {
    return (
      <Suspense fallback={<LoadingNextPage siteName={screen.link.siteName} locale={locale} onLocale={setLocale} />}>
        <RespondentSurvey link={screen.link} early={screen.early} token={token} locale={locale} onLocale={setLocale} onDone={onDone} onClosed={onClosed} />
      </Suspense>
    );
  }
  return (
    <div className="respond-page">
      <header>
        <LanguageSwitch locale={locale} onChange={setLocale} />
      </header>
      <main>
        {screen.kind === 'loading' && <Loading />}
        {screen.kind === 'closed' && <Notice title={localize(CLOSED_PAGES[screen.reason].title, locale)} body={localize(CLOSED_PAGES[screen.reason].body, locale)} testId={screen.reason} />}
        {screen.kind === 'thanks' && <Notice title={localize(TEXT.thanksTitle, locale)} body={localize(TEXT.thanksBody, locale)} testId="thanks" />}
      </main>
    </div>
  );
}

function Loading() {
  return (
    <p className="respond-loading">
      {TEXT.loading['zh-cn']} / <span lang="en">{TEXT.loading.en}</span>
    </p>
  );
}

/**
 * What the phone shows between Next on the first page and SurveyJS taking over, when the runtime is still
 * on its way (a slow network): the bar and language switch as before, and a moving bar saying why.
 */
function LoadingNextPage({ siteName, locale, onLocale }: { siteName: string; locale: Locale; onLocale(locale: Locale): void }) {
  return (
    <div className="respond-survey">
      <SiteBar siteName={siteName} locale={locale} onLocale={onLocale} />
      <main>
        <div className="respond-loading-next" role="status" data-testid="loading-next">
          <progress aria-label={localize(TEXT.loadingNext, locale)} />
          <p>{localize(TEXT.loadingNext, locale)}</p>
        </div>
      </main>
    </div>
  );
}

/** A page of its own (thank-you, a closed link); its heading takes the focus. */
function Notice({ title, body, testId }: { title: string; body: string; testId: string }) {
  return (
    <section className="respond-notice" data-testid={testId}>
      <h1 tabIndex={-1} ref={focusOnMount}>
        {title}
      </h1>
      <p>{body}</p>
    </section>
  );
}

function screenOfInlined(inlined: InlinedLink): Screen {
  if ('link' in inlined) return openScreenOf(inlined.link);
  return { kind: 'closed', reason: closedReasonOf(new ApiError(inlined.error.status, inlined.error.code, inlined.error.message, inlined.error.errors, inlined.error.messageEn)) };
}

/** An open link: its first page, drawn at once if this page can, or SurveyJS from the start. */
function openScreenOf(link: ResolvedLink): Screen {
  const early = drawableEarlyPages(link.instrument.json);
  return early ? { kind: 'early-page', link, early, index: 0 } : { kind: 'survey', link };
}

/** Done on this phone: thanks; a draft: resume it in SurveyJS. */
function screenOnThisPhone(link: ResolvedLink): Screen | undefined {
  if (completedResponseOf(link.linkId)) return { kind: 'thanks' };
  if (loadDraft(link.linkId)) return { kind: 'survey', link };
  return undefined;
}

function closedReasonOf(error: unknown): ClosedReason {
  if (!(error instanceof ApiError)) return 'unreachable';
  if (error.status === 429) return 'rate-limited';
  if (isLinkClosedCode(error.code)) return error.code;
  if (error.status === 0 || error.status >= 500) return 'unreachable';
  return 'link-invalid';
}
