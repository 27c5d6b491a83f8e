import { useState } from 'react';
import { serverWords } from '../shared/api';
import { RESPONSE_STATUS_LABELS, type ResponseStatus } from '../../analysis/domain/profile';
import type { Draft, OutboxItem, ReturnedInterview } from '../shared/offline/records';
import { ConfirmDialog } from './ConfirmDialog';
import type { SamplingPoint } from './fieldwork';
import { formatTime } from './StatusBar';
import { useText } from './text';

export interface HomeProps {
  samplingPoints: SamplingPoint[] | undefined;
  samplingPointsError?: string;
  /** What a draft's answers so far make it (undefined until the questionnaire runtime is loaded). */
  statusOfDraft?(draft: Draft): ResponseStatus | undefined;
  drafts: Draft[];
  rejected: OutboxItem[];
  /** Interviews a reviewer returned for correction (as last fetched). */
  returned: ReturnedInterview[];
  /** Finished interviews still on the tablet, waiting for the network. */
  waiting: OutboxItem[];
  onNewInterview(samplingPoint: SamplingPoint): void;
  onResume(draft: Draft): void;
  onDiscard(draft: Draft): void;
  onCorrect(item: OutboxItem): void;
  onCorrectReturned(item: ReturnedInterview): void;
}

/** A refusal or an ineligible respondent, named where the interviewer sees the interview. */
function OutcomeTag({ status }: { status: ResponseStatus | undefined }) {
  const { locale } = useText();
  if (status !== 'refused' && status !== 'ineligible') return null;
  return (
    <span className={`status-tag ${status}`} data-testid="status-tag">
      {RESPONSE_STATUS_LABELS[status][locale]}
    </span>
  );
}

/** The interviewer's day: where to interview, what is unfinished, what waits to be sent, what the server sent back. */
export function Home({ samplingPoints, samplingPointsError, statusOfDraft, drafts, rejected, returned, waiting, onNewInterview, onResume, onDiscard, onCorrect, onCorrectReturned }: HomeProps) {
  const { locale, text } = useText();
  const [discarding, setDiscarding] = useState<Draft>();
  const siteName = (code: string) => samplingPoints?.find((point) => point.siteCode === code)?.siteName ?? code;

  return (
    <main className="home">
      {rejected.length > 0 && (
        <section aria-labelledby="rejected-title" className="rejected-list">
          <h2 id="rejected-title">{text('rejectedTitle')}</h2>
          <ul>
            {rejected.map((item) => (
              <li key={item.id} data-testid="rejected-item">
                <div>
                  <strong>{siteName(item.submission.samplingPoint)}</strong> · {formatTime(item.queuedAt, locale)}
                  {item.rejection && <p className="error">{serverWords(item.rejection, locale)}</p>}
                  <ul className="reasons">
                    {item.rejection?.errors.map((error) => (
                      <li key={`${error.path}:${error.message}`}>
                        <code>{error.path}</code>：{error.message}
                      </li>
                    ))}
                  </ul>
                </div>
                <button type="button" onClick={() => onCorrect(item)}>
                  {text('correct')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {returned.length > 0 && (
        <section aria-labelledby="returned-title" className="rejected-list">
          <h2 id="returned-title">{text('returnedTitle')}</h2>
          <ul>
            {returned.map((item) => (
              <li key={item.id} data-testid="returned-item">
                <div>
                  <strong>{siteName(item.samplingPoint)}</strong> · {text('returnedMeta', { by: item.returnedBy ?? '', when: formatTime(item.returnedAt, locale) })}
                  <p className="error">{item.comment}</p>
                  {item.page && <p className="meta">{text('returnedPage', { page: item.page })}</p>}
                </div>
                <button type="button" onClick={() => onCorrectReturned(item)}>
                  {text('correctReturned')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="drafts-title">
        <h2 id="drafts-title">{text('draftsTitle')}</h2>
        {drafts.length === 0 ? (
          <p className="empty">{text('noDrafts')}</p>
        ) : (
          <ul className="drafts">
            {drafts.map((draft) => (
              <li key={draft.id} data-testid="draft">
                <div>
                  <strong>{siteName(draft.samplingPoint)}</strong>
                  <OutcomeTag status={statusOfDraft?.(draft)} />
                  <span className="meta">{text('draftMeta', { when: formatTime(draft.createdAt, locale), answered: Object.keys(draft.answers).length, page: draft.pageNo + 1 })}</span>
                </div>
                <div className="actions">
                  <button type="button" className="primary" onClick={() => onResume(draft)}>
                    {text('resume')}
                  </button>
                  <button type="button" className="danger" onClick={() => setDiscarding(draft)}>
                    {text('discard')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {waiting.length > 0 && (
        <section aria-labelledby="outbox-title">
          <h2 id="outbox-title">{text('outboxTitle')}</h2>
          <ul className="outbox">
            {waiting.map((item) => (
              <li key={item.id} data-testid="waiting-item">
                <strong>{siteName(item.submission.samplingPoint)}</strong>
                <OutcomeTag status={item.submission.status} />
                <span className="meta">{text('queuedAt', { when: formatTime(item.queuedAt, locale) })}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="points-title">
        <h2 id="points-title">{text('pointsTitle')}</h2>
        {samplingPointsError && <p className="error">{samplingPointsError}</p>}
        {samplingPoints === undefined && !samplingPointsError && <p>{text('loadingPoints')}</p>}
        {samplingPoints?.length === 0 && <p className="empty">{text('noPoints')}</p>}
        <ul className="points">
          {samplingPoints?.map((point) => (
            <li key={point.siteCode} data-testid="sampling-point">
              <div>
                <strong>{point.siteName}</strong>
                <span className="meta">
                  {point.siteCode}
                  {point.plannedInterviews ? ` · ${text('pointProgress', { complete: point.counts?.complete ?? 0, planned: point.plannedInterviews })}` : ''}
                  {point.counts && ` · ${text('pointOutcomes', { refusedName: RESPONSE_STATUS_LABELS.refused[locale], refused: point.counts.refused ?? 0, ineligibleName: RESPONSE_STATUS_LABELS.ineligible[locale], ineligible: point.counts.ineligible ?? 0 })}`}
                </span>
              </div>
              <button type="button" className="primary" onClick={() => onNewInterview(point)}>
                {text('newInterview')}
              </button>
            </li>
          ))}
        </ul>
      </section>

      {discarding && (
        <ConfirmDialog
          title={text('discardTitle')}
          message={text('discardBody', { site: siteName(discarding.samplingPoint), when: formatTime(discarding.createdAt, locale), answered: Object.keys(discarding.answers).length })}
          confirmLabel={text('discardConfirm')}
          danger
          onCancel={() => setDiscarding(undefined)}
          onConfirm={() => {
            onDiscard(discarding);
            setDiscarding(undefined);
          }}
        />
      )}
    </main>
  );
}
