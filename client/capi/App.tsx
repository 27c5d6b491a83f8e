import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { DEFAULT_LOCALE } from '../shared/locale';
import type { Draft, OutboxItem } from '../shared/offline/records';
import { OfflineStore } from '../shared/offline/store';
import { ConfirmDialog } from './ConfirmDialog';
import { loadInstrument, loadSamplingPoints, type Instrument, type SamplingPoint } from './fieldwork';
import { Home } from './Home';
import { restoreSession, signIn, signInCodeOf, signInWithCode, signOut, type Session } from './session';
import { SignIn } from './SignIn';
import { StatusBar } from './StatusBar';
import { useOutbox } from './useOutbox';

export interface AppProps {
  appVersion: string;
  /** The service worker controls the page, so what is fetched now is kept for offline use. */
  offlineCapable: boolean;
  /** Set when a new version of the app has taken over this page. */
  updateReady: boolean;
}

/** The questionnaire runtime (SurveyJS) is most of the code: loaded when the first interview opens, precached for offline. */
const Interview = lazy(() => import('./Interview').then((module) => ({ default: module.Interview })));

type Screen = { name: 'loading' } | { name: 'signIn' } | { name: 'home' } | { name: 'interview'; draft: Draft; instrument: Instrument };

export function App({ appVersion, offlineCapable, updateReady }: AppProps) {
  const store = useMemo(() => new OfflineStore(), []);
  const [session, setSession] = useState<Session>();
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });
  const outbox = useOutbox(store, session);
  const [samplingPoints, setSamplingPoints] = useState<SamplingPoint[]>();
  const [fieldworkError, setFieldworkError] = useState<string>();
  const [readyOffline, setReadyOffline] = useState(false);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [rejected, setRejected] = useState<OutboxItem[]>([]);
  const [notice, setNotice] = useState<string>();
  const [confirmSignOut, setConfirmSignOut] = useState(false);

  useEffect(() => {
    const code = signInCodeOf(location.hash);
    if (code) history.replaceState(null, '', location.pathname + location.search);
    const opening = code
      ? signInWithCode(store, code).catch((failure: unknown) => {
          setNotice(`登录码无法使用：${failure instanceof Error ? failure.message : String(failure)}`);
          return restoreSession(store);
        })
      : restoreSession(store);
    void opening.then((restored) => {
      setSession(restored);
      setScreen(restored ? { name: 'home' } : { name: 'signIn' });
    });
  }, [store]);

  const reloadLists = useCallback(async () => {
    if (!session) return;
    const [nextDrafts, items] = await Promise.all([store.listDrafts(session.username), store.listOutbox()]);
    setDrafts(nextDrafts);
    setRejected(items.filter((item) => item.state === 'rejected' && item.interviewer === session.username));
    outbox.refresh();
  }, [session, store, outbox.refresh]);

  // The sampling points and the instrument are fetched on every start, again once the service worker
  // controls the page (its copies, revalidated by ETag, are what the app opens with offline), and after
  // each successful sync, so the sites' progress counts include what was just sent.
  const lastSyncAt = outbox.status.lastSyncAt;
  // Only the latest load may set the state: an earlier one, sent before the service worker took over, can
  // finish later and would otherwise report the app as not ready offline.
  useEffect(() => {
    if (!session || screen.name !== 'home') return;
    let latest = true;
    void reloadLists();
    Promise.all([loadSamplingPoints(session), loadInstrument(session)])
      .then(([points]) => {
        if (!latest) return;
        setSamplingPoints(points);
        setFieldworkError(undefined);
        setReadyOffline(offlineCapable);
      })
      .catch(() => latest && setFieldworkError('调查点或问卷无法载入：请联网后重新打开本应用。'));
    return () => {
      latest = false;
    };
  }, [session, screen.name, reloadLists, offlineCapable, lastSyncAt]);

  // A sync changes what waits and what was refused: the lists follow the counts.
  useEffect(() => {
    void reloadLists();
  }, [outbox.rejected, outbox.waiting, reloadLists]);

  const openInterview = async (draft: Draft) => {
    if (!session) return;
    try {
      const instrument = await loadInstrument(session, draft.instrumentVersion);
      setScreen({ name: 'interview', draft, instrument });
    } catch {
      setNotice('问卷无法载入：请联网后再试。');
    }
  };

  const newInterview = async (point: SamplingPoint) => {
    if (!session) return;
    try {
      const instrument = await loadInstrument(session);
      const now = new Date().toISOString();
      const draft: Draft = {
        id: crypto.randomUUID(),
        instrumentId: instrument.id,
        instrumentVersion: instrument.version,
        samplingPoint: point.siteCode,
        interviewer: session.username,
        answers: {},
        pageNo: 0,
        locale: DEFAULT_LOCALE,
        paradata: { startedAt: now, durationSeconds: 0, pageSeconds: {}, locale: DEFAULT_LOCALE, appVersion, userAgent: navigator.userAgent },
        createdAt: now,
        updatedAt: now,
      };
      await store.saveDraft(draft);
      setScreen({ name: 'interview', draft, instrument });
    } catch {
      setNotice('问卷无法载入：请联网后再试。');
    }
  };

  const correct = async (item: OutboxItem) => {
    const { submission } = item;
    const now = new Date().toISOString();
    const draft: Draft = {
      id: item.id,
      instrumentId: submission.instrumentId,
      instrumentVersion: submission.instrumentVersion,
      samplingPoint: submission.samplingPoint,
      interviewer: item.interviewer,
      answers: submission.answers,
      pageNo: 0,
      locale: submission.paradata.locale,
      paradata: submission.paradata,
      createdAt: submission.paradata.startedAt,
      updatedAt: now,
    };
    await store.reopen(item.id, draft);
    await openInterview(draft);
  };

  const onQueued = useCallback(() => {
    setNotice('访问已完成，已放入待发送。');
    setScreen({ name: 'home' });
    outbox.sync();
  }, [outbox.sync]);

  const onExit = useCallback(() => setScreen({ name: 'home' }), []);

  const doSignOut = async () => {
    await signOut(store);
    setConfirmSignOut(false);
    setSession(undefined);
    setScreen({ name: 'signIn' });
  };

  const unsent = outbox.waiting + outbox.rejected + drafts.length;

  return (
    <div className="capi">
      {updateReady && (
        <div className="update" role="status">
          新版本已安装：回到首页后点击
          <button type="button" onClick={() => location.reload()}>
            更新
          </button>
          （未完成的访问不会丢失）
        </div>
      )}
      {session && screen.name !== 'interview' && (
        <header className="app-bar">
          <span className="title">流动人口健康调查</span>
          <span className="user">调查员：{session.username}</span>
          <button type="button" onClick={() => (unsent > 0 ? setConfirmSignOut(true) : void doSignOut())}>
            退出登录
          </button>
        </header>
      )}
      {session && <StatusBar outbox={outbox} readyOffline={readyOffline} />}
      {notice && (
        <p className="notice" role="status" onClick={() => setNotice(undefined)}>
          {notice}
        </p>
      )}
      {screen.name === 'loading' && <p className="loading">正在打开…</p>}
      {screen.name === 'signIn' && (
        <SignIn
          onSignIn={async (username, password) => {
            setSession(await signIn(store, username, password));
            setScreen({ name: 'home' });
          }}
        />
      )}
      {screen.name === 'home' && (
        <Home
          samplingPoints={samplingPoints}
          samplingPointsError={fieldworkError}
          drafts={drafts}
          rejected={rejected}
          onNewInterview={(point) => void newInterview(point)}
          onResume={(draft) => void openInterview(draft)}
          onDiscard={(draft) => void store.discardDraft(draft.id).then(reloadLists)}
          onCorrect={(item) => void correct(item)}
        />
      )}
      {screen.name === 'interview' && (
        <Suspense fallback={<p className="loading">正在打开问卷…</p>}>
          <Interview
          key={screen.draft.id}
          draft={screen.draft}
          instrument={screen.instrument}
          siteName={samplingPoints?.find((point) => point.siteCode === screen.draft.samplingPoint)?.siteName ?? screen.draft.samplingPoint}
          store={store}
          appVersion={appVersion}
          onQueued={onQueued}
          onExit={onExit}
          />
        </Suspense>
      )}
      {confirmSignOut && (
        <ConfirmDialog
          title="还有访问没有发送"
          message={`待发送 ${outbox.waiting} 份、被退回 ${outbox.rejected} 份、未完成 ${drafts.length} 份。它们会保留在这台平板上，但要等您重新登录后才能发送。确定退出吗？`}
          confirmLabel="仍然退出"
          danger
          onCancel={() => setConfirmSignOut(false)}
          onConfirm={() => void doSignOut()}
        />
      )}
    </div>
  );
}
