import { useState } from 'react';
import { signInReplySchema, type SignInReply } from '../../contracts/accounts';
import { ApiError, apiFetch } from '../shared/api';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { SignInFields } from '../shared/SignInFields';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../shared/locale';
import { endSession, keepSession, storedSession } from '../shared/session';
import { AuditView } from './AuditView';
import { FrameView } from './FrameView';
import { InstrumentsView } from './InstrumentsView';
import { LinksView } from './LinksView';
import { OverviewView } from './OverviewView';
import { PeopleView } from './PeopleView';
import { QualityView } from './QualityView';
import { SubmissionsView } from './SubmissionsView';
import { translate, type StringKey } from './strings';

const SESSION_KEY = 'admin-session';
const LOCALE_KEY = 'admin-locale';
const TABS: StringKey[] = ['overview', 'review', 'quality', 'frame', 'people', 'instruments', 'links', 'audit'];

export function App() {
  const [locale, setLocale] = useState<Locale>(() => {
    const stored = localStorage.getItem(LOCALE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  });
  const [session, setSession] = useState(() => storedSession(SESSION_KEY));
  const [tab, setTab] = useState<StringKey>('overview');
  const t = translate(locale);
  const changeLocale = (next: Locale) => (localStorage.setItem(LOCALE_KEY, next), setLocale(next));
  const switcher = <LanguageSwitch locale={locale} onChange={changeLocale} />;
  if (!session) return <SignIn t={t} switcher={switcher} onSignedIn={(answer) => setSession(keepSession(SESSION_KEY, answer))} />;
  const props = { token: session.token, t, username: session.username };
  return (
    <div className="console" lang={locale === 'en' ? 'en' : 'zh-CN'}>
      <header>
        <h1>{t('title')}</h1>
        <nav>
          {TABS.map((entry) => (
            <button key={entry} type="button" aria-pressed={tab === entry} onClick={() => setTab(entry)}>
              {t(entry)}
            </button>
          ))}
        </nav>
        {switcher}
        <span className="user">
          {session.username}{' '}
          <button
            type="button"
            onClick={() => {
              endSession(SESSION_KEY);
              setSession(undefined);
            }}
          >
            {t('signOut')}
          </button>
        </span>
      </header>
      <main>
        {tab === 'overview' && <OverviewView {...props} />}
        {tab === 'review' && <SubmissionsView {...props} locale={locale} readOnly={false} />}
        {tab === 'quality' && <QualityView {...props} locale={locale} readOnly={false} />}
        {tab === 'frame' && <FrameView {...props} />}
        {tab === 'people' && <PeopleView {...props} />}
        {tab === 'instruments' && <InstrumentsView {...props} />}
        {tab === 'links' && <LinksView {...props} />}
        {tab === 'audit' && <AuditView {...props} />}
      </main>
    </div>
  );
}

function SignIn({ t, switcher, onSignedIn }: { t: ReturnType<typeof translate>; switcher: React.ReactNode; onSignedIn: (answer: SignInReply) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const answer = await apiFetch('/api/auth/login', { body: { username, password }, schema: signInReplySchema });
      if (answer.role !== 'admin') {
        void fetch('/api/auth/logout', { method: 'POST' });
        setError(t('adminOnly'));
        return;
      }
      onSignedIn(answer);
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 401 ? (caught.code === 'bad-credentials' ? t('wrongPassword') : caught.message) : String((caught as Error).message));
    }
  };
  return (
    <main className="sign-in">
      {switcher}
      <h1>{t('title')}</h1>
      <form onSubmit={submit}>
        <SignInFields usernameLabel={t('username')} passwordLabel={t('password')} username={username} password={password} onUsername={setUsername} onPassword={setPassword} />
        <button type="submit">{t('signIn')}</button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
