import { useEffect, useMemo, useState } from 'react';
import type { Model } from 'survey-core';
import { Survey } from 'survey-react-ui';
import '../shared/survey.css';
import type { ResponseScores } from '../../analysis/scoring/types';
import { useApi } from '../analyst/useApi';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import type { Locale } from '../shared/locale';
import { createSurveyModel } from '../shared/surveyModel';
import { instrumentSchema } from '../../contracts/instruments';
import { detailSchema, type Detail } from '../../contracts/review';
import { call, failureText } from './api';
import { NO_DECISION, ReviewStateFields } from './ReviewStateFields';
import type { StringKey } from './strings';
import type { ReviewViewProps } from './SubmissionsView';
import { ListHead } from './ListHead';

const show = (value: unknown) => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));
const when = (value: string | undefined) => (value ? new Date(value).toLocaleString() : '—');

/**
 * One interview: the answers in the instrument's own layout (SurveyJS in display mode, in either
 * language), scores, paradata, flags with their reasons, every version and review event; for admins the
 * review actions, sending it back to its interviewer, and editing answers in the same form with a reason.
 */
export function InterviewView(props: ReviewViewProps & { id: string; onBack(): void }) {
  const { token, t, id, onBack, readOnly, locale } = props;
  const [reload, setReload] = useState(0);
  const detail = useApi(() => call(token, `/api/responses/${id}`, detailSchema), `detail-${id}-${reload}`);
  const version = detail.data?.instrumentVersion;
  const instrument = useApi(
    () => (detail.data ? call(token, `/api/instruments/${encodeURIComponent(detail.data.instrumentId)}?version=${detail.data.instrumentVersion}`, instrumentSchema) : Promise.resolve(undefined)),
    `instrument-${detail.data?.instrumentId}-${version}`,
  );
  const changed = () => setReload(reload + 1);
  const data = detail.data;
  return (
    <section className="interview-review" aria-label={id}>
      <button type="button" onClick={onBack}>
        {t('back')}
      </button>
      {detail.error && <p className="errors">{detail.error}</p>}
      {data && (
        <>
          <h2>
            <code>{data.id}</code> · {t(`state.${data.reviewState}`)}
          </h2>
          <div className="facts">
            <div>
              {t('sites')}
              <strong>{data.siteCode}</strong>
            </div>
            <div>
              {t('interviewer')}
              <strong>{data.interviewer ?? (data.linkId ? `QR ${data.linkId.slice(0, 8)}` : '—')}</strong>
            </div>
            <div>
              {t('status')}
              <strong>{t(`status.${data.status}` as StringKey)}</strong>
            </div>
            <div>
              {t('instrumentVersion')}
              <strong>
                {data.instrumentId} v{data.instrumentVersion} · {t('versions')} {data.version}
              </strong>
            </div>
          </div>
          <h3>{t('flags')}</h3>
          {data.flags.length === 0 ? (
            <p className="muted">{t('noFlags')}</p>
          ) : (
            <ul className="warnings" data-testid="flags">
              {data.flags.map((flag) => (
                <li key={flag.flag}>{locale === 'en' ? flag.explanationEn : flag.explanation}</li>
              ))}
            </ul>
          )}
          {!readOnly && <ReviewActions {...props} detail={data} pages={pageNames(instrument.data?.json)} onChanged={changed} />}
          <Scores t={t} scores={data.scores as ResponseScores | null} />
          <Paradata t={t} detail={data} />
          <History t={t} detail={data} />
          {instrument.data && <Answers {...props} detail={data} json={instrument.data.json} onChanged={changed} />}
        </>
      )}
    </section>
  );
}

interface Page {
  name: string;
  title: string;
}

/** The instrument's pages, named as the interviewer sees them. */
function pageNames(json: { pages?: unknown } | undefined): Page[] {
  const pages = (json?.pages ?? []) as { name: string; title?: string | Record<string, string> }[];
  return pages.map((page) => ({ name: page.name, title: typeof page.title === 'string' ? page.title : (page.title?.['zh-cn'] ?? page.title?.default ?? page.name) }));
}

function ReviewActions({ token, t, id, detail, pages, onChanged }: ReviewViewProps & { id: string; detail: Detail; pages: Page[]; onChanged(): void }) {
  const [decision, setDecision] = useState(NO_DECISION);
  const { comment } = decision;
  const [page, setPage] = useState('');
  const [error, setError] = useState<string>();
  const act = async (event: React.FormEvent, action: 'review' | 'return') => {
    event.preventDefault();
    setError(undefined);
    try {
      if (action === 'review') await call(token, `/api/responses/${id}/review`, detailSchema, 'PATCH', decision);
      else await call(token, `/api/responses/${id}/return`, detailSchema, 'POST', { comment, ...(page ? { page } : {}) });
      setDecision({ ...decision, comment: '' });
      onChanged();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  const returnable = Boolean(detail.interviewer) && detail.reviewState !== 'returned';
  return (
    <div className="panel">
      <form className="row-form" aria-label="review" onSubmit={(event) => void act(event, 'review')}>
        <ReviewStateFields t={t} decision={decision} onChange={setDecision} />
        <button type="submit">{t('apply')}</button>
        {returnable && (
          <>
            <label>
              {t('pageToCheck')}
              <select name="page" value={page} onChange={(event) => setPage(event.target.value)}>
                <option value="" />
                {pages.map((entry) => (
                  <option key={entry.name} value={entry.name}>
                    {entry.title}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" disabled={!comment.trim()} onClick={(event) => void act(event, 'return')}>
              {t('returnToInterviewer')}
            </button>
          </>
        )}
      </form>
      {error && <p className="errors">{error}</p>}
    </div>
  );
}

function Scores({ t, scores }: { t: ReviewViewProps['t']; scores: ResponseScores | null }) {
  if (!scores) return null;
  return (
    <>
      <h3>{t('scores')}</h3>
      <table className="list" data-testid="scores">
        <tbody>
          <tr>
            <th>{t('literacyScore')}</th>
            <td>
              {scores.literacy.score} / {scores.literacy.fullMarks} · {t('literate')}：{scores.literacy.literate ? t('yes') : t('no')}
            </td>
          </tr>
          <tr>
            <th>{t('awarenessScore')}</th>
            <td>
              {scores.awareness.correct} / {scores.awareness.asked}
            </td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

function Paradata({ t, detail }: { t: ReviewViewProps['t']; detail: Detail }) {
  const paradata = detail.paradata ?? {};
  return (
    <>
      <h3>{t('paradata')}</h3>
      <table className="list" data-testid="paradata">
        <tbody>
          <tr>
            <th>{t('duration')}</th>
            <td>{paradata.durationSeconds === undefined ? '—' : `${(paradata.durationSeconds / 60).toFixed(1)} ${t('minutes')}`}</td>
          </tr>
          <tr>
            <th>{t('started')}</th>
            <td>{when(paradata.startedAt)}</td>
          </tr>
          <tr>
            <th>{t('completed')}</th>
            <td>{when(paradata.completedAt)}</td>
          </tr>
          <tr>
            <th>{t('received')}</th>
            <td>{when(detail.receivedAt)}</td>
          </tr>
          <tr>
            <th>{t('language')}</th>
            <td>{paradata.locale ?? '—'}</td>
          </tr>
          <tr>
            <th>{t('device')}</th>
            <td>
              {paradata.userAgent ?? '—'}
              {paradata.appVersion ? ` · app ${paradata.appVersion}` : ''}
            </td>
          </tr>
          <tr>
            <th>{t('timePerPage')}</th>
            <td>
              {Object.entries(paradata.pageSeconds ?? {})
                .map(([page, seconds]) => `${page} ${seconds}`)
                .join(' · ') || '—'}
            </td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

function History({ t, detail }: { t: ReviewViewProps['t']; detail: Detail }) {
  return (
    <>
      <h3>{t('history')}</h3>
      <table className="list" data-testid="versions">
        <ListHead t={t} columns={['versions', 'time', 'actor', 'action', 'change']} />
        <tbody>
          {detail.versions.map((version) => (
            <tr key={`v${version.version}`}>
              <td>{version.version}</td>
              <td>{when(version.at)}</td>
              <td>{version.by ?? '—'}</td>
              <td>
                {t(`kind.${version.kind}` as StringKey)}
                {version.reason ? `：${version.reason}` : ''}
              </td>
              <td>
                {version.changes.map((change) => (
                  <div key={change.question}>
                    <code>{change.question}</code> {show(change.from)} → {show(change.to)}
                  </div>
                ))}
              </td>
            </tr>
          ))}
          {detail.history.map((event, index) => (
            <tr key={`e${index}`}>
              <td>{event.version}</td>
              <td>{when(event.at)}</td>
              <td>{event.by}</td>
              <td>
                {t(`action.${event.action}` as StringKey)} → {t(`state.${event.state}`)}
                {event.page ? ` (${event.page})` : ''}
              </td>
              <td>{event.comment}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The answers in SurveyJS, read-only; an admin can switch it to editing and save the changed answers with a reason. */
function Answers({ token, t, id, detail, json, readOnly, locale, onChanged }: ReviewViewProps & { id: string; detail: Detail; json: object; onChanged(): void }) {
  const [surveyLocale, setSurveyLocale] = useState<Locale>(locale);
  const [editing, setEditing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const model = useMemo(() => displayModel(json, detail.answers), [json, detail]);
  useEffect(() => {
    model.locale = surveyLocale;
  }, [model, surveyLocale]);
  useEffect(() => {
    model.mode = editing ? 'edit' : 'display';
  }, [model, editing]);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const changes = changedAnswers(detail.answers, model.data as Record<string, unknown>);
    if (Object.keys(changes).length === 0) return setError(t('noEdits'));
    try {
      await call(token, `/api/responses/${id}/answers`, detailSchema, 'PATCH', { changes, reason });
      setEditing(false);
      setReason('');
      onChanged();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  return (
    <>
      <h3>{t('answers')}</h3>
      <div className="row-form">
        <LanguageSwitch locale={surveyLocale} onChange={setSurveyLocale} />
        {!readOnly && !editing && (
          <button type="button" onClick={() => setEditing(true)}>
            {t('editAnswers')}
          </button>
        )}
      </div>
      {editing && (
        <form className="panel row-form" aria-label="edit answers" onSubmit={(event) => void save(event)}>
          <label>
            {t('reason')}
            <input name="reason" value={reason} required onChange={(event) => setReason(event.target.value)} />
          </label>
          <button type="submit">{t('saveEdits')}</button>
          <button type="button" onClick={() => (setEditing(false), onChanged())}>
            {t('cancel')}
          </button>
          {error && <p className="errors">{error}</p>}
        </form>
      )}
      <div data-testid="answers">
        <Survey model={model} />
      </div>
    </>
  );
}

/** Every page at once, read-only, as the respondent's answers left it. */
function displayModel(json: object, answers: Record<string, unknown>): Model {
  const model = createSurveyModel(json);
  model.showTitle = false;
  model.questionsOnPageMode = 'singlePage';
  model.showCompleteButton = false;
  model.showNavigationButtons = false;
  model.data = answers;
  model.mode = 'display';
  return model;
}

/** The answers a reviewer changed, as PATCH /api/responses/:id/answers takes them (null: answer removed). */
function changedAnswers(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const question of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[question] ?? null) !== JSON.stringify(after[question] ?? null)) changes[question] = after[question] ?? null;
  }
  return changes;
}
