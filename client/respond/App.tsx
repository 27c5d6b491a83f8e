import { useCallback, useEffect, useState } from 'react';
import { Survey } from 'survey-react-ui';
import { z } from 'zod';
import { responseStatusOf } from '../../surveys/outcome';
import { ApiError, apiFetch } from '../shared/api';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { DEFAULT_LOCALE, isLocale, localize, type Locale } from '../shared/locale';
import { trackParadata } from '../shared/paradata';
import { createSurveyModel, saveProgressOnChange, surveyLocale } from '../shared/surveyModel';
import { CLOSED_PAGES, TEXT, type ClosedReason } from './messages';
import { completedResponseOf, deviceId, loadDraft, markCompleted, saveDraft, type RespondentDraft } from './phoneStore';

const resolvedLinkSchema = z.object({
  linkId: z.string(),
  samplingPoint: z.string(),
  siteName: z.string(),
  instrument: z.object({ id: z.string(), version: z.number(), json: z.record(z.string(), z.unknown()) }),
});
type ResolvedLink = z.infer<typeof resolvedLinkSchema>;

type Screen = { kind: 'loading' } | { kind: 'closed'; reason: ClosedReason } | { kind: 'survey'; link: ResolvedLink } | { kind: 'thanks' };

/** Retries for a flaky mobile connection: 1, 2, 4, 8 seconds, then a button to try again. */
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];

export function App({ token, appVersion }: { token: string; appVersion: string }) {
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [locale, setLocale] = useState<Locale>(DEFAULT_LOCALE);

  useEffect(() => {
    apiFetch(`/api/links/resolve/${encodeURIComponent(token)}`, { schema: resolvedLinkSchema, timeoutMs: 30_000 })
      .then((link) => setScreen(completedResponseOf(link.linkId) ? { kind: 'thanks' } : { kind: 'survey', link }))
      .catch((error: unknown) => setScreen({ kind: 'closed', reason: closedReasonOf(error) }));
  }, [token]);

  useEffect(() => {
    document.documentElement.lang = locale === 'zh-cn' ? 'zh-CN' : 'en';
  }, [locale]);

  const onDone = useCallback(() => setScreen({ kind: 'thanks' }), []);
  const onClosed = useCallback((reason: ClosedReason) => setScreen({ kind: 'closed', reason }), []);

  if (screen.kind === 'survey') {
    return <RespondentSurvey link={screen.link} token={token} appVersion={appVersion} locale={locale} onLocale={setLocale} onDone={onDone} onClosed={onClosed} />;
  }
  return (
    <div className="respond-page">
      <header>
        <LanguageSwitch locale={locale} onChange={setLocale} />
      </header>
      <main>
        {screen.kind === 'loading' && (
          <p className="respond-loading">
            正在打开问卷… / <span lang="en">Loading…</span>
          </p>
        )}
        {screen.kind === 'closed' && <Notice title={localize(CLOSED_PAGES[screen.reason].title, locale)} body={localize(CLOSED_PAGES[screen.reason].body, locale)} testId={screen.reason} />}
        {screen.kind === 'thanks' && <Notice title={localize(TEXT.thanksTitle, locale)} body={localize(TEXT.thanksBody, locale)} testId="thanks" />}
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

function closedReasonOf(error: unknown): ClosedReason {
  if (!(error instanceof ApiError)) return 'unreachable';
  if (error.status === 429) return 'rate-limited';
  if (error.code === 'link-expired' || error.code === 'link-revoked' || error.code === 'link-capped') return error.code;
  if (error.status === 0 || error.status >= 500) return 'unreachable';
  return 'link-invalid';
}

interface SurveyProps {
  link: ResolvedLink;
  token: string;
  appVersion: string;
  locale: Locale;
  onLocale(locale: Locale): void;
  onDone(): void;
  onClosed(reason: ClosedReason): void;
}

type Sending = { state: 'idle' } | { state: 'sending' } | { state: 'failed'; message: string };

/** The instrument, resumed from the phone's draft if there is one, saved on every change, sent with retries. */
function RespondentSurvey({ link, token, appVersion, locale, onLocale, onDone, onClosed }: SurveyProps) {
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  const [sendNow, setSendNow] = useState<() => void>(() => () => undefined);
  const [{ model, resumed, draft }] = useState(() => {
    const saved = loadDraft(link.linkId);
    const start: RespondentDraft = saved ?? { responseId: crypto.randomUUID(), answers: {}, pageNo: 0, locale };
    const survey = createSurveyModel(link.instrument.json, { locale: isLocale(start.locale) ? start.locale : locale });
    survey.data = start.answers;
    if (start.pageNo > 0) survey.currentPageNo = start.pageNo;
    return { model: survey, resumed: Boolean(saved && Object.keys(saved.answers).length > 0), draft: start };
  });

  useEffect(() => {
    onLocale(surveyLocale(model));
    const tracker = trackParadata(model, { appVersion, resumeFrom: draft.paradata });
    const save = () => saveDraft(link.linkId, { responseId: draft.responseId, answers: model.data as Record<string, unknown>, pageNo: model.currentPageNo, locale: surveyLocale(model), paradata: tracker.snapshot() });
    const send = async () => {
      setSending({ state: 'sending' });
      const answers = model.data as Record<string, unknown>;
      const body = {
        id: draft.responseId,
        instrumentId: link.instrument.id,
        instrumentVersion: link.instrument.version,
        samplingPoint: link.samplingPoint,
        mode: 'cawi',
        status: responseStatusOf(link.instrument.json, answers as never),
        answers,
        paradata: { ...tracker.snapshot(), device: deviceId() },
      };
      for (let attempt = 0; ; attempt += 1) {
        try {
          await apiFetch('/api/responses', { body, headers: { 'X-Link-Token': token }, schema: z.object({ id: z.string() }), timeoutMs: 30_000 });
          markCompleted(link.linkId, draft.responseId);
          onDone();
          return;
        } catch (error) {
          if (error instanceof ApiError && (error.code === 'link-expired' || error.code === 'link-revoked' || error.code === 'link-capped')) return onClosed(error.code);
          const delay = RETRY_DELAYS_MS[attempt];
          if (!(error instanceof ApiError) || !error.retryable || delay === undefined) {
            const message = error instanceof ApiError && !error.retryable ? `${localize(TEXT.rejected, surveyLocale(model))}${error.message}` : localize(TEXT.sendFailed, surveyLocale(model));
            setSending({ state: 'failed', message });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    };
    const complete = () => {
      save();
      void send();
    };
    setSendNow(() => () => void send());
    const stopSaving = saveProgressOnChange(model, save);
    model.onComplete.add(complete);
    return () => {
      stopSaving();
      model.onComplete.remove(complete);
      tracker.stop();
    };
  }, [model, draft, link, token, appVersion, onLocale, onDone, onClosed]);

  const switchLanguage = (next: Locale) => {
    model.locale = next;
    onLocale(next);
  };

  return (
    <div className="respond-survey">
      <header className="respond-bar">
        {/* Site names come from the sampling frame, in Chinese whatever language the survey is in. */}
        <span className="respond-site" lang="zh-CN">
          {link.siteName}
        </span>
        <LanguageSwitch locale={surveyLocale(model)} onChange={switchLanguage} />
      </header>
      <main>
        {resumed && (
          <p className="respond-resumed" role="status" data-testid="resumed">
            {localize(TEXT.resumed, surveyLocale(model))}
          </p>
        )}
        {sending.state === 'idle' && <Survey model={model} />}
        <section className="respond-send">
          {/* Always in the page, so that screen readers announce each change of the sending status. */}
          <div className="respond-notice" role="status" data-testid="send-status">
            {sending.state === 'sending' && <p>{localize(TEXT.sending, surveyLocale(model))}</p>}
            {sending.state === 'failed' && <p>{sending.message}</p>}
          </div>
          {sending.state === 'failed' && (
            <button type="button" className="respond-button" onClick={sendNow} ref={focusOnMount}>
              {localize(TEXT.retry, surveyLocale(model))}
            </button>
          )}
        </section>
      </main>
    </div>
  );
}

/**
 * Focus for what replaces the survey on screen (a page of its own, the retry button after a failed send):
 * a screen reader then reads it at once instead of staying silent where the survey used to be.
 */
function focusOnMount(element: HTMLElement | null): void {
  element?.focus();
}
