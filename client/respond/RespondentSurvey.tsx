import { useEffect, useState } from 'react';
import type { Model } from 'survey-core';
import { Survey } from 'survey-react-ui';
import { version } from '../../package.json';
import { isLinkClosedCode, type ResolvedLink } from '../../contracts/links';
import { submissionReceiptSchema } from '../../contracts/submission';
import { ApiError, apiFetch, serverWords } from '../shared/api';
import { isLocale, localize, type Locale } from '../shared/locale';
import { trackParadata } from '../shared/paradata';
import { buildSubmission } from '../shared/submission';
import '../shared/survey.css';
import { hasPageAfter, progressOf } from '../shared/navigation';
import { createSurveyModel, restoreAnswers, saveProgressOnChange, surveyLocale } from '../shared/surveyModel';
import type { EarlyAnswers, EarlyAnswerValues } from './EarlyPage';
import { focusOnMount } from './focus';
import { ProgressLine } from './ProgressLine';
import { TEXT, type ClosedReason } from './messages';
import { deviceId, loadDraft, markCompleted, saveDraft, type RespondentDraft } from './phoneStore';
import { SiteBar } from './SiteBar';

/** Retries for a flaky mobile connection: 1, 2, 4, 8 seconds, then a button to try again. */
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];
const APP_VERSION = `respond/${version}`;

interface SurveyProps {
  link: ResolvedLink;
  /** The early pages as answered before SurveyJS arrived (EarlyPage): the survey goes on after the last of them. */
  early?: EarlyAnswers;
  token: string;
  locale: Locale;
  onLocale(locale: Locale): void;
  onDone(): void;
  onClosed(reason: ClosedReason): void;
}

/**
 * One model per instrument, built once the runtime is here (while an early page is on screen): it says
 * whether an early page's answers end the survey, and the survey then starts from it rather than
 * building a second one after Next (most of the wait on a slow phone once the runtime has arrived).
 */
const earlyModels = new WeakMap<object, Model>();

function earlyModelOf(instrumentJson: Record<string, unknown>): Model {
  let model = earlyModels.get(instrumentJson);
  if (!model) earlyModels.set(instrumentJson, (model = createSurveyModel(instrumentJson)));
  return model;
}

/** Whether the early page `pageName` answered so leaves a page after it under some answer (else its button is 提交). */
export function continuesAfter(instrumentJson: Record<string, unknown>, pageName: string, answers: EarlyAnswerValues): boolean {
  const model = earlyModelOf(instrumentJson);
  restoreAnswers(model, answers, pageName);
  return hasPageAfter(model);
}

/** The model built for the early pages, once (the survey takes it over), or a new one. */
function surveyModelFor(instrumentJson: Record<string, unknown>, locale: Locale): Model {
  const model = earlyModels.get(instrumentJson);
  if (!model) return createSurveyModel(instrumentJson, { locale });
  earlyModels.delete(instrumentJson);
  model.locale = locale;
  return model;
}

type Sending = { state: 'idle' } | { state: 'sending' } | { state: 'failed'; message: string };

/**
 * The instrument in SurveyJS, resumed from the phone's draft if there is one (or carrying on after the
 * first page), saved on every change, sent with retries. The default export, for React.lazy.
 */
export default function RespondentSurvey({ link, early, token, locale, onLocale, onDone, onClosed }: SurveyProps) {
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  const [sendNow, setSendNow] = useState<() => void>(() => () => undefined);
  const [{ model, resumed, draft, fromEarly }] = useState(() => {
    const saved = loadDraft(link.linkId);
    const start: RespondentDraft = saved ?? { responseId: crypto.randomUUID(), answers: { ...early?.answers }, pageNo: 0, locale, paradata: early && { ...early.paradata, locale, appVersion: APP_VERSION, userAgent: navigator.userAgent } };
    const survey = surveyModelFor(link.instrument.json, isLocale(start.locale) ? start.locale : locale);
    const fromEarly = !saved && early !== undefined;
    restoreAnswers(survey, start.answers, fromEarly ? early.lastPage : start.pageNo);
    return { model: survey, resumed: Boolean(saved && Object.keys(saved.answers).length > 0), draft: start, fromEarly };
  });

  const [progress, setProgress] = useState(() => progressOf(model));

  useEffect(() => {
    onLocale(surveyLocale(model));
    const showProgress = () => setProgress(progressOf(model));
    const tracker = trackParadata(model, { appVersion: APP_VERSION, resumeFrom: draft.paradata });
    const save = () => saveDraft(link.linkId, { responseId: draft.responseId, answers: model.data as Record<string, unknown>, pageNo: model.currentPageNo, locale: surveyLocale(model), paradata: tracker.snapshot() });
    const send = async () => {
      setSending({ state: 'sending' });
      const answers = model.data as Record<string, unknown>;
      const body = buildSubmission({ id: draft.responseId, instrument: link.instrument, samplingPoint: link.samplingPoint, mode: 'cawi', answers, paradata: { ...tracker.snapshot(), device: deviceId() } });
      for (let attempt = 0; ; attempt += 1) {
        try {
          await apiFetch('/api/responses', { body, headers: { 'X-Link-Token': token }, schema: submissionReceiptSchema, timeoutMs: 30_000 });
          markCompleted(link.linkId, draft.responseId);
          onDone();
          return;
        } catch (error) {
          if (error instanceof ApiError && isLinkClosedCode(error.code) && error.code !== 'link-invalid') return onClosed(error.code);
          const delay = RETRY_DELAYS_MS[attempt];
          if (!(error instanceof ApiError) || !error.retryable || delay === undefined) {
            const message = error instanceof ApiError && !error.retryable ? `${localize(TEXT.rejected, surveyLocale(model))}${serverWords(error, surveyLocale(model))}` : localize(TEXT.sendFailed, surveyLocale(model));
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
    const stopSaving = saveProgressOnChange(model, () => {
      save();
      showProgress();
    });
    model.onComplete.add(complete);
    // After the handlers, so early answers that end the survey (consent declined, ineligible) are saved and sent.
    if (fromEarly && model.currentPage?.name === early?.lastPage) {
      if (model.isLastPage) model.completeLastPage();
      else model.nextPage();
    }
    return () => {
      stopSaving();
      model.onComplete.remove(complete);
      tracker.stop();
    };
  }, [model, draft, fromEarly, early, link, token, onLocale, onDone, onClosed]);

  const switchLanguage = (next: Locale) => {
    model.locale = next;
    onLocale(next);
  };

  return (
    <div className="respond-survey">
      <SiteBar siteName={link.siteName} locale={surveyLocale(model)} onLocale={switchLanguage} />
      <main>
        {resumed && (
          <p className="respond-resumed" role="status" data-testid="resumed">
            {localize(TEXT.resumed, surveyLocale(model))}
          </p>
        )}
        {sending.state === 'idle' && <ProgressLine progress={progress} locale={surveyLocale(model)} />}
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

