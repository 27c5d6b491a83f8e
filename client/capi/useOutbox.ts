import { useCallback, useEffect, useMemo, useState } from 'react';
import { createHttpTransport } from '../shared/offline/httpTransport';
import type { SyncStatus } from '../shared/offline/records';
import type { OfflineStore } from '../shared/offline/store';
import { createSyncQueue } from '../shared/offline/syncQueue';
import type { Session } from './session';

export interface OutboxState {
  online: boolean;
  waiting: number;
  rejected: number;
  syncing: boolean;
  status: SyncStatus;
  /** Sync now (the interviewer's button, or after an interview is queued). */
  sync(): void;
  /** Re-read the counts after the outbox changed. */
  refresh(): void;
}

/** The outbox as the UI sees it; syncs by itself when the network comes back and after every failure's backoff. */
export function useOutbox(store: OfflineStore, session: Session | undefined): OutboxState {
  const [online, setOnline] = useState(navigator.onLine);
  const [counts, setCounts] = useState({ waiting: 0, rejected: 0 });
  const [status, setStatus] = useState<SyncStatus>({ failures: 0 });
  const [syncing, setSyncing] = useState(false);

  const refresh = useCallback(() => {
    void store.countOutbox().then(setCounts);
    void store.getSyncStatus().then(setStatus);
  }, [store]);

  const token = session?.token;
  const queue = useMemo(
    () =>
      token
        ? createSyncQueue({
            outbox: store,
            transport: createHttpTransport({ token: () => token }),
            onChange: (next) => {
              setStatus(next);
              void store.countOutbox().then(setCounts);
            },
          })
        : undefined,
    [store, token],
  );

  const sync = useCallback(() => {
    if (!queue) return;
    setSyncing(true);
    void queue.sync().finally(() => {
      setSyncing(false);
      refresh();
    });
  }, [queue, refresh]);

  useEffect(() => {
    refresh();
    if (navigator.onLine) sync();
    const goOnline = () => {
      setOnline(true);
      sync();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      queue?.dispose();
    };
  }, [queue, refresh, sync]);

  return { online, ...counts, syncing, status, sync, refresh };
}
