import { serverWords } from '../shared/api';
import { LANGUAGE_TAGS, type Locale } from '../shared/locale';
import type { SyncError } from '../shared/offline/records';
import { useText, type Text } from './text';
import type { OutboxState } from './useOutbox';

/** Always on screen: whether the tablet is online, what is waiting, when the last sync succeeded, the last error. */
export function StatusBar({ outbox, readyOffline, instrumentVersion }: { outbox: OutboxState; readyOffline: boolean; instrumentVersion?: number }) {
  const { locale, text } = useText();
  const { online, waiting, rejected, syncing, status } = outbox;
  return (
    <div className="status-bar" role="status" aria-live="polite">
      <span className={online ? 'badge online' : 'badge offline'} data-testid="network">
        {text(online ? 'online' : 'offline')}
      </span>
      {readyOffline && (
        <span className="ready-offline" data-testid="ready-offline" title={text('readyOfflineTitle')}>
          {text('readyOffline')}
        </span>
      )}
      {instrumentVersion !== undefined && (
        <span className="instrument-version" data-testid="instrument-version" title={text('instrumentVersionTitle')}>
          {text('instrumentVersion', { version: instrumentVersion })}
        </span>
      )}
      <span data-testid="waiting">
        {text('waiting')} <strong>{waiting}</strong>
      </span>
      {rejected > 0 && (
        <span className="rejected" data-testid="rejected">
          {text('rejected')} <strong>{rejected}</strong>
        </span>
      )}
      <span data-testid="last-sync">{text('lastSync', { when: status.lastSyncAt ? formatTime(status.lastSyncAt, locale) : text('neverSynced') })}</span>
      {status.lastError && (
        <span className="error" data-testid="last-error" title={status.lastError.message}>
          {text('errorPrefix', { error: describeError(status.lastError, text, locale) })}
        </span>
      )}
      <button type="button" onClick={outbox.sync} disabled={syncing || !online}>
        {text(syncing ? 'syncing' : 'syncNow')}
      </button>
    </div>
  );
}

export function formatTime(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleString(LANGUAGE_TAGS[locale], { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function describeError(error: SyncError, text: Text, locale: Locale): string {
  const when = formatTime(error.at, locale);
  if (error.code === 'network') return text('networkError', { when });
  if (error.code === 'timeout') return text('timeoutError', { when });
  if (error.status === 401) return text('expiredError');
  if (error.status === 403) return text('forbiddenError');
  if (error.status >= 500) return text('serverError', { status: error.status, when });
  return text('otherError', { message: serverWords(error, locale), when });
}
