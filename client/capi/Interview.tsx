import { useEffect, useMemo, useRef, useState } from 'react';
import type { Model, Question } from 'survey-core';
import { Survey } from 'survey-react-ui';
import '../shared/survey.css';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import type { Locale } from '../shared/locale';
import type { Draft, OutboxItem } from '../shared/offline/records';
import type { OfflineStore } from '../shared/offline/store';
import { buildSubmission } from '../shared/submission';
import { trackParadata } from '../shared/paradata';
import { createSurveyModel, saveProgressOnChange, surveyLocale } from '../shared/surveyModel';
import type { Instrument } from './fieldwork';

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
  const [locale, setLocale] = useState<Locale>(draft.locale);
  const [progress, setProgress] = useState(() => progressOf(model));
  const [review, setReview] = useState<Question[]>();
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
      void write(() => store.saveDraft({ ...draft, answers: model.data as Draft['answers'], pageNo: model.currentPageNo, locale: surveyLocale(model), paradata: tracker.snapshot(), updatedAt: new Date().toISOString() }));
    };
    const completing = (_: Model, options: { allow: boolean }) => {
      if (confirmed.current) return;
      options.allow = false;
      setReview(unansweredQuestions(model));
    };
    const complete = () => {
      finished = true;
      const item = outboxItemOf(draft, instrument, model, tracker.snapshot());
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
  }, [model, draft, instrument, store, appVersion, onQueued]);

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
          ‹ 保存并返回
        </button>
        <div className="site">{siteName}</div>
        <LanguageSwitch locale={locale} onChange={switchLanguage} />
      </header>
      <div className="progress" aria-label="进度">
        <progress max={100} value={progress} />
        <span data-testid="progress">{progress}%</span>
      </div>
      <Survey model={model} />
      {review && (
        <Review
          unanswered={review}
          onGoTo={goTo}
          onBack={() => setReview(undefined)}
          onFinish={() => {
            confirmed.current = true;
            setReview(undefined);
            model.doComplete();
          }}
        />
      )}
    </div>
  );
}

function Review({ unanswered, onGoTo, onBack, onFinish }: { unanswered: Question[]; onGoTo(question: Question): void; onBack(): void; onFinish(): void }) {
  return (
    <div className="review" role="dialog" aria-modal="true" aria-labelledby="review-title">
      <div className="review-panel">
        <h2 id="review-title">完成前检查</h2>
        {unanswered.length === 0 ? (
          <p>所有问题都已回答。</p>
        ) : (
          <>
            <p>
              还有 <strong data-testid="unanswered-count">{unanswered.length}</strong> 个问题没有回答：
            </p>
            <ul className="unanswered">
              {unanswered.map((question) => (
                <li key={question.name}>
                  <button type="button" onClick={() => onGoTo(question)}>
                    {question.isRequired && <span className="required">必答</span>}
                    {question.processedTitle}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="actions">
          <button type="button" onClick={onBack}>
            返回检查
          </button>
          <button type="button" className="primary" onClick={onFinish}>
            完成并发送
          </button>
        </div>
      </div>
    </div>
  );
}

function openDraft(draft: Draft, instrument: Instrument): Model {
  const model = createSurveyModel(instrument.json, { locale: draft.locale });
  model.data = draft.answers;
  if (draft.pageNo > 0 && draft.pageNo < model.visiblePageCount) model.currentPageNo = draft.pageNo;
  return model;
}

const isAnswerable = (question: Question) => question.hasInput && !question.isReadOnly;

function unansweredQuestions(model: Model): Question[] {
  return (model.getAllQuestions(true) as Question[]).filter((question) => isAnswerable(question) && question.isEmpty());
}

/** Share of the questions the instrument's logic currently shows that have an answer. */
function progressOf(model: Model): number {
  const questions = (model.getAllQuestions(true) as Question[]).filter(isAnswerable);
  if (questions.length === 0) return 0;
  return Math.round((100 * questions.filter((question) => !question.isEmpty()).length) / questions.length);
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
