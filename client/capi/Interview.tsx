import { useEffect, useMemo, useRef, useState } from 'react';
import type { Model, Question } from 'survey-core';
import { Survey } from 'survey-react-ui';
import '../shared/survey.css';
import { RESPONSE_STATUS_LABELS, type ResponseStatus } from '../../analysis/domain/profile';
import type { FieldError } from '../../contracts/errors';
import { answerCheckerOf, answerProblems } from '../../surveys/answerValidation';
import { responseStatusOf } from '../../surveys/outcome';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import type { Locale } from '../shared/locale';
import type { Draft, OutboxItem } from '../shared/offline/records';
import type { OfflineStore } from '../shared/offline/store';
import { buildSubmission } from '../shared/submission';
import { trackParadata } from '../shared/paradata';
import { progressOf } from '../shared/navigation';
import { createSurveyModel, restoreAnswers, saveProgressOnChange, surveyLocale } from '../shared/surveyModel';
import type { Instrument } from './fieldwork';
import { useText } from './text';

export interface InterviewProps {
  draft: Draft;
  instrument: Instrument;
  siteName: string;
  store: OfflineStore;
  appVersion: string;
  onQueued(): void;
  onExit(): void;
}

/**
 * One interview. Every answer, page turn and language switch is written to the draft at once, in order;
 * "finish and send" first shows what is still unanswered, then moves the interview to the outbox.
 */
export function Interview({ draft, instrument, siteName, store, appVersion, onQueued, onExit }: InterviewProps) {
  const model = useMemo(() => openDraft(draft, instrument), [draft, instrument]);
  // The server's own check (surveys/answerValidation.ts), worded in Chinese for the interviewer.
  const checker = useMemo(() => answerCheckerOf(instrument.json, `${instrument.id} 第 ${instrument.version} 版`, 'zh-cn'), [instrument]);
  const [problems, setProblems] = useState<FieldError[]>();
  const [locale, setLocale] = useState<Locale>(draft.locale);
  const [progress, setProgress] = useState(() => progressOf(model));
  const [review, setReview] = useState<{ unanswered: Question[]; status: ResponseStatus }>();
  const { text } = useText();
  const confirmed = useRef(false);
  const saveNow = useRef<() => void>(() => undefined);

  useEffect(() => {
    const tracker = trackParadata(model, { appVersion, resumeFrom: draft.paradata });
    let writes = Promise.resolve();
    let finished = false;
    // One chain for every write, so a late save can never bring a draft back after it was queued.
    const write = (operation: () => Promise<void>) => {
      writes = writes.then(operation).catch((error: unknown) => console.error('Saving the interview failed', error));
      return writes;
    };
    const save = () => {
      setProgress(progressOf(model));
      if (finished) return;
      void write(() => store.saveDraft({ ...draft, openAtPage: undefined, answers: model.data as Draft['answers'], pageNo: model.currentPageNo, locale: surveyLocale(model), paradata: tracker.snapshot(), updatedAt: new Date().toISOString() }));
    };
    const completing = (_: Model, options: { allow: boolean }) => {
      if (confirmed.current) return;
      options.allow = false;
      setReview({ unanswered: unansweredQuestions(model), status: responseStatusOf(instrument.json, model.data as Draft['answers']) });
    };
    const complete = () => {
      const item = outboxItemOf(draft, instrument, model, tracker.snapshot());
      const found = answerProblems(checker, item.submission.answers, item.submission.status);
      if (found.length > 0) {
        // Queued, it would only come back refused: the interview stays open as a draft, where it was.
        confirmed.current = false;
        model.clear(false, false);
        setProblems(found);
        return;
      }
      finished = true;
      void write(() => store.queue(item)).then(onQueued);
    };
    saveNow.current = save;
    const stopSaving = saveProgressOnChange(model, save);
    model.onCompleting.add(completing);
    model.onComplete.add(complete);
    return () => {
      stopSaving();
      model.onCompleting.remove(completing);
      model.onComplete.remove(complete);
      tracker.stop();
      save();
    };
  }, [model, checker, draft, instrument, store, appVersion, onQueued]);

  const switchLanguage = (next: Locale) => {
    model.locale = next;
    setLocale(next);
    saveNow.current();
  };

  const goTo = (question: Question) => {
    setReview(undefined);
    model.currentPage = question.page;
    question.focus();
  };

  return (
    <div className="interview">
      <header className="interview-bar">
        <button type="button" onClick={onExit}>
          {text('saveAndExit')}
        </button>
        <div className="site">{siteName}</div>
        <div className="progress" role="group" aria-label={text('progress')}>
          <progress max={100} value={progress.percent} aria-label={text('progress')} />
          <span data-testid="progress">{progress.percent}%</span>
          <span className="page-of" data-testid="page-of">
            {text('pageOf', { page: progress.page, of: progress.of })}
          </span>
        </div>
        <LanguageSwitch locale={locale} onChange={switchLanguage} />
      </header>
      {draft.review && (
        <p className="notice" role="note" data-testid="review-comment">
          {text('reviewerComment', { comment: draft.review.comment })}
        </p>
      )}
      <Survey model={model} />
      {review && (
        <Review
          unanswered={review.unanswered}
          status={review.status}
          onGoTo={goTo}
          onBack={() => setReview(undefined)}
          onFinish={() => {
            confirmed.current = true;
            setReview(undefined);
            model.doComplete();
          }}
        />
      )}
      {problems && <CheckFailed problems={problems} model={model} onGoTo={(question) => (setProblems(undefined), goTo(question))} onBack={() => setProblems(undefined)} />}
    </div>
  );
}

interface CheckFailedProps {
  problems: FieldError[];
  model: Model;
  onGoTo(question: Question): void;
  onBack(): void;
}

/** Why a finished interview was not queued: each problem under its question's title (a tap goes there). */
function CheckFailed({ problems, model, onGoTo, onBack }: CheckFailedProps) {
  const { text } = useText();
  return (
    <div className="review" role="alertdialog" aria-modal="true" aria-labelledby="check-failed-title" data-testid="check-failed">
      <div className="review-panel">
        <h2 id="check-failed-title">{text('checkFailedTitle')}</h2>
        <p>{text('checkFailedHint')}</p>
        <ul className="unanswered">
          {problems.map((problem) => {
            const question = model.getQuestionByName(problem.path.replace(/^answers\./, '')) as Question | null;
            return (
              <li key={problem.path} lang="zh-CN">
                {question?.isVisible ? (
                  <button type="button" onClick={() => onGoTo(question)}>
                    {question.processedTitle}：{problem.message}
                  </button>
                ) : (
                  problem.message
                )}
              </li>
            );
          })}
        </ul>
        <div className="actions">
          <button type="button" className="primary" onClick={onBack}>
            {text('backToInterview')}
          </button>
        </div>
      </div>
    </div>
  );
}

interface ReviewProps {
  unanswered: Question[];
  /** What the interview will be recorded as. */
  status: ResponseStatus;
  onGoTo(question: Question): void;
  onBack(): void;
  onFinish(): void;
}

function Review({ unanswered, status, onGoTo, onBack, onFinish }: ReviewProps) {
  const { locale, text } = useText();
  return (
    <div className="review" role="dialog" aria-modal="true" aria-labelledby="review-title">
      <div className="review-panel">
        <h2 id="review-title">{text('reviewTitle')}</h2>
        {(status === 'refused' || status === 'ineligible') && (
          <p className="outcome" data-testid="review-outcome">
            <span className={`status-tag ${status}`}>{RESPONSE_STATUS_LABELS[status][locale]}</span>
            {text(status === 'refused' ? 'recordedAsRefused' : 'recordedAsIneligible')}
          </p>
        )}
        {unanswered.length === 0 ? (
          status === 'complete' && <p>{text('allAnswered')}</p>
        ) : (
          <>
            <p data-testid="unanswered">{text('unanswered', { count: unanswered.length })}</p>
            <ul className="unanswered">
              {unanswered.map((question) => (
                <li key={question.name}>
                  <button type="button" onClick={() => onGoTo(question)}>
                    {question.isRequired && <span className="required">{text('required')}</span>}
                    {question.processedTitle}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="actions">
          <button type="button" onClick={onBack}>
            {text('backToCheck')}
          </button>
          <button type="button" className="primary" onClick={onFinish}>
            {text('finishAndSend')}
          </button>
        </div>
      </div>
    </div>
  );
}

function openDraft(draft: Draft, instrument: Instrument): Model {
  const model = createSurveyModel(instrument.json, { locale: draft.locale });
  // The interview bar names the site; the instrument's title above every page only takes room.
  model.showTitle = false;
  restoreAnswers(model, draft.answers, draft.pageNo);
  const flagged = draft.openAtPage ? model.getPageByName(draft.openAtPage) : undefined;
  if (flagged?.isVisible) model.currentPage = flagged;
  return model;
}

const isAnswerable = (question: Question) => question.hasInput && !question.isReadOnly;

function unansweredQuestions(model: Model): Question[] {
  return (model.getAllQuestions(true) as Question[]).filter((question) => isAnswerable(question) && question.isEmpty());
}


function outboxItemOf(draft: Draft, instrument: Instrument, model: Model, paradata: Draft['paradata']): OutboxItem {
  const answers = model.data as Draft['answers'];
  return {
    id: draft.id,
    interviewer: draft.interviewer,
    queuedAt: new Date().toISOString(),
    attempts: 0,
    state: 'waiting',
    submission: buildSubmission({ id: draft.id, instrument, samplingPoint: draft.samplingPoint, mode: 'capi', answers, paradata }),
  };
}
