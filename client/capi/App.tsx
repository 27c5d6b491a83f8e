import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { serverMessage } from '../shared/api';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { DEFAULT_LOCALE, isLocale, LANGUAGE_TAGS, type Locale } from '../shared/locale';
import type { ResponseStatus } from '../../analysis/domain/profile';
import type { Draft, OutboxItem, ReturnedInterview } from '../shared/offline/records';
import { OfflineStore } from '../shared/offline/store';
import { ConfirmDialog } from './ConfirmDialog';
import { loadFieldInstruments, loadInstrument, loadReturned, loadSamplingPoints, type Instrument, type SamplingPoint } from './fieldwork';
import { DEFAULT_INSTRUMENT, type InstrumentSummary } from '../../contracts/instruments';
import { Home } from './Home';
import { restoreSession, signIn, signInCodeOf, signInWithCode, signOut, type Session } from './session';
import { SignIn } from './SignIn';
import { StatusBar } from './StatusBar';
import { textFor, UiLocale } from './text';
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

/** The interviewer's language for the app (not the questionnaire's), kept on the tablet. */
const UI_LOCALE_KEY = 'capi:ui-locale';
const FIELD_INSTRUMENT_KEY = 'capi:field-instrument';
const INSTRUMENT_REVALIDATION_MS = 30_000;
function savedUiLocale(): Locale {
  const saved = localStorage.getItem(UI_LOCALE_KEY);
  return isLocale(saved) ? saved : DEFAULT_LOCALE;
}

type Screen = { name: 'loading' } | { name: 'signIn' } | { name: 'home' } | { name: 'interview'; draft: Draft; instrument: Instrument };

export function App({ appVersion, offlineCapable, updateReady }: AppProps) {
  const store = useMemo(() => new OfflineStore(), []);
  const [session, setSession] = useState<Session>();
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });
  const outbox = useOutbox(store, session);
  const [samplingPoints, setSamplingPoints] = useState<SamplingPoint[]>();
  const [fieldworkError, setFieldworkError] = useState<'fieldworkUnavailable'>();
  const [instrumentReady, setInstrumentReady] = useState<Instrument>();
  // The questionnaires on offer and the one new interviews use (kept on the tablet).
  const [fieldInstruments, setFieldInstruments] = useState<InstrumentSummary[]>([]);
  const [chosenInstrument, setChosenInstrument] = useState(() => localStorage.getItem(FIELD_INSTRUMENT_KEY) ?? DEFAULT_INSTRUMENT);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [rejected, setRejected] = useState<OutboxItem[]>([]);
  const [waitingItems, setWaitingItems] = useState<OutboxItem[]>([]);
  const [returned, setReturned] = useState<ReturnedInterview[]>([]);
  const [notice, setNotice] = useState<{ key: 'queued' | 'instrumentUnavailable' } | { key: 'signInCodeFailed'; reason: string }>();
  const [confirmSignOut, setConfirmSignOut] = useState(false);
  const [uiLocale, setUiLocale] = useState<Locale>(savedUiLocale);
  const text = textFor(uiLocale);
  const [pointsKeptOffline, setPointsKeptOffline] = useState(false);
  // Ready offline once the sites and the instrument went through the service worker (which keeps them).
  const readyOffline = offlineCapable && pointsKeptOffline && instrumentReady !== undefined;

  useEffect(() => {
    localStorage.setItem(UI_LOCALE_KEY, uiLocale);
    document.documentElement.lang = LANGUAGE_TAGS[uiLocale];
  }, [uiLocale]);

  useEffect(() => {
    const code = signInCodeOf(location.hash);
    if (code) history.replaceState(null, '', location.pathname + location.search);
    const opening = code
      ? signInWithCode(store, code).catch((failure: unknown) => {
          setNotice({ key: 'signInCodeFailed', reason: serverMessage(failure, savedUiLocale()) });
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
    const [nextDrafts, items, returnedItems] = await Promise.all([store.listDrafts(session.username), store.listOutbox(), store.listReturned(session.username)]);
    setDrafts(nextDrafts);
    const mine = items.filter((item) => item.interviewer === session.username);
    // One being corrected (a draft) or resent (in the outbox) is shown there, not twice.
    const onTablet = new Set([...nextDrafts.map((draft) => draft.id), ...mine.map((item) => item.id)]);
    setReturned(returnedItems.filter((item) => !onTablet.has(item.id)));
    setRejected(mine.filter((item) => item.state === 'rejected'));
    setWaitingItems(mine.filter((item) => item.state === 'waiting'));
    outbox.refresh();
  }, [session, store, outbox.refresh]);

  // The sampling points are fetched on every start, again once the service worker controls the page (its
  // copies, revalidated by ETag, are what the app opens with offline), and after each sync, so the sites'
  // progress counts include what was just sent. They are shown the moment they arrive: the instrument
  // (for offline use and the first interview) comes on its own, behind them.
  const lastSyncAt = outbox.status.lastSyncAt;
  // Only the latest load may set the state: an earlier one, sent before the service worker took over, can
  // finish later with older counts.
  useEffect(() => {
    if (!session || screen.name !== 'home') return;
    let latest = true;
    void reloadLists();
    loadSamplingPoints(session)
      .then((points) => {
        if (!latest) return;
        setSamplingPoints(points);
        setPointsKeptOffline(offlineCapable);
        setFieldworkError(undefined);
      })
      .catch(() => latest && setFieldworkError('fieldworkUnavailable'));
    // Offline, the list last fetched (kept in the tablet's store) is shown.
    loadReturned(session)
      .then((items) => store.saveReturned(session.username, items).then(reloadLists))
      .catch(() => undefined);
    return () => {
      latest = false;
    };
  }, [session, screen.name, reloadLists, offlineCapable, lastSyncAt, store]);

  // The outcome of an unfinished interview is read by the instrument's logic (survey-core, the big chunk
  // the first interview needs anyway): loaded once the sites are on screen.
  const [statusOfDraft, setStatusOfDraft] = useState<(draft: Draft) => ResponseStatus | undefined>();
  useEffect(() => {
    if (!instrumentReady || drafts.length === 0 || statusOfDraft) return;
    void import('../../surveys/outcome').then(({ responseStatusOf }) =>
      setStatusOfDraft(() => (draft: Draft) => (draft.instrumentId === instrumentReady.id && draft.instrumentVersion === instrumentReady.version ? responseStatusOf(instrumentReady.json, draft.answers) : undefined)),
    );
  }, [instrumentReady, drafts.length, statusOfDraft]);

  useEffect(() => setInstrumentReady(undefined), [session]);
  // An online tablet also looks again every half minute (a 304 when nothing changed): a reconnect's first
  // requests can still fail, and a tablet that never goes offline has no reconnect to wait for.
  const [revalidation, setRevalidation] = useState(0);
  useEffect(() => {
    if (!session || !outbox.online) return;
    const timer = window.setInterval(() => setRevalidation((count) => count + 1), INSTRUMENT_REVALIDATION_MS);
    return () => window.clearInterval(timer);
  }, [session, outbox.online]);
  // Loaded again when the network comes back, after every sync and every half minute online: the service
  // worker revalidates the list and the version by ETag, so a version published while the tablet was
  // offline is what the next new interview uses.
  useEffect(() => {
    if (!session) return;
    let latest = true;
    loadFieldInstruments(session)
      .then(async (offered) => {
        if (!latest) return;
        setFieldInstruments(offered);
        const id = offered.some((entry) => entry.id === chosenInstrument) ? chosenInstrument : DEFAULT_INSTRUMENT;
        const instrument = await loadInstrument(session, id);
        if (latest) setInstrumentReady(instrument);
      })
      .catch(() => latest && setFieldworkError('fieldworkUnavailable'));
    return () => {
      latest = false;
    };
  }, [session, offlineCapable, outbox.online, lastSyncAt, chosenInstrument, revalidation]);

  const chooseInstrument = (id: string) => {
    localStorage.setItem(FIELD_INSTRUMENT_KEY, id);
    setChosenInstrument(id);
  };

  // A sync changes what waits and what was refused: the lists follow the counts.
  useEffect(() => {
    void reloadLists();
  }, [outbox.rejected, outbox.waiting, reloadLists]);

  const openInterview = async (draft: Draft) => {
    if (!session) return;
    try {
      const instrument = await loadInstrument(session, draft.instrumentId, draft.instrumentVersion);
      setScreen({ name: 'interview', draft, instrument });
    } catch {
      setNotice({ key: 'instrumentUnavailable' });
    }
  };

  const newInterview = async (point: SamplingPoint) => {
    if (!session) return;
    try {
      const instrument = await loadInstrument(session, instrumentReady?.id ?? chosenInstrument);
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
      setNotice({ key: 'instrumentUnavailable' });
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
      locale: isLocale(submission.paradata.locale) ? submission.paradata.locale : DEFAULT_LOCALE,
      paradata: submission.paradata,
      createdAt: submission.paradata.startedAt ?? now,
      updatedAt: now,
    };
    await store.reopen(item.id, draft);
    await openInterview(draft);
  };

  /** A returned interview opens as a draft under its own id, on the page the reviewer named, with the comment. */
  const correctReturned = async (item: ReturnedInterview) => {
    if (!session) return;
    const draft: Draft = {
      id: item.id,
      instrumentId: item.instrumentId,
      instrumentVersion: item.instrumentVersion,
      samplingPoint: item.samplingPoint,
      interviewer: session.username,
      answers: item.answers,
      pageNo: 0,
      locale: isLocale(item.paradata.locale) ? item.paradata.locale : DEFAULT_LOCALE,
      paradata: item.paradata,
      createdAt: item.paradata.startedAt ?? item.returnedAt,
      updatedAt: new Date().toISOString(),
      review: { comment: item.comment, page: item.page, returnedAt: item.returnedAt },
      ...(item.page ? { openAtPage: item.page } : {}),
    };
    await store.reopenReturned(session.username, draft);
    await openInterview(draft);
  };

  const onQueued = useCallback(() => {
    setNotice({ key: 'queued' });
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
    <UiLocale.Provider value={uiLocale}>
      <div className="capi">
        {updateReady && (
          <div className="update" role="status">
            {text('updateReady')}
            <button type="button" onClick={() => location.reload()}>
              {text('update')}
            </button>
            {text('updateKeeps')}
          </div>
        )}
        {screen.name !== 'interview' && (
          <header className="app-bar">
            <span className="title">{text('appTitle')}</span>
            {session && <span className="user">{text('interviewer', { name: session.username })}</span>}
            <LanguageSwitch locale={uiLocale} onChange={setUiLocale} />
            {session && (
              <button type="button" onClick={() => (unsent > 0 ? setConfirmSignOut(true) : void doSignOut())}>
                {text('signOut')}
              </button>
            )}
          </header>
        )}
        {session && <StatusBar outbox={outbox} readyOffline={readyOffline} instrumentVersion={instrumentReady?.version} />}
        {notice && (
          <p className="notice" role="status" onClick={() => setNotice(undefined)}>
            {text(notice.key, notice)}
          </p>
        )}
        {screen.name === 'loading' && <p className="loading">{text('opening')}</p>}
        {screen.name === 'signIn' && (
          <SignIn
            onSignIn={async (username, password) => {
              setSession(await signIn(store, username, password));
              setScreen({ name: 'home' });
            }}
          />
        )}
        {screen.name === 'home' && fieldInstruments.length > 1 && (
          <label className="instrument-choice">
            {text('chooseInstrument')}{' '}
            <select value={instrumentReady?.id ?? chosenInstrument} onChange={(event) => chooseInstrument(event.target.value)} data-testid="instrument-choice">
              {fieldInstruments.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.title[uiLocale]}
                </option>
              ))}
            </select>
          </label>
        )}
        {screen.name === 'home' && (
          <Home
            samplingPoints={samplingPoints}
            samplingPointsError={fieldworkError && text(fieldworkError)}
            statusOfDraft={statusOfDraft}
            drafts={drafts}
            rejected={rejected}
            returned={returned}
            waiting={waitingItems}
            onNewInterview={(point) => void newInterview(point)}
            onResume={(draft) => void openInterview(draft)}
            onDiscard={(draft) => void store.discardDraft(draft.id).then(reloadLists)}
            onCorrect={(item) => void correct(item)}
            onCorrectReturned={(item) => void correctReturned(item)}
          />
        )}
        {screen.name === 'interview' && (
          <Suspense fallback={<p className="loading">{text('openingQuestionnaire')}</p>}>
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
            title={text('unsentTitle')}
            message={text('unsentBody', { waiting: outbox.waiting, rejected: outbox.rejected, drafts: drafts.length })}
            confirmLabel={text('signOutAnyway')}
            danger
            onCancel={() => setConfirmSignOut(false)}
            onConfirm={() => void doSignOut()}
          />
        )}
      </div>
    </UiLocale.Provider>
  );
}
