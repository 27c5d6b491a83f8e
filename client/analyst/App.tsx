import { useState } from 'react';
import { ApiError } from '../shared/api';
import { SignInFields } from '../shared/SignInFields';
import { endSession, keepSession, storedSession } from '../shared/session';
import type { SignInReply } from '../../contracts/accounts';
import { signIn } from './api';
import { Console } from './Console';

const SESSION_KEY = 'analyst-session';

export function App() {
  const [session, setSession] = useState(() => storedSession(SESSION_KEY));
  if (!session) return <SignIn onSignedIn={(answer) => setSession(keepSession(SESSION_KEY, answer))} />;
  return (
    <Console
      token={session.token}
      username={session.username}
      onSignOut={() => {
        endSession(SESSION_KEY);
        setSession(undefined);
      }}
    />
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (answer: SignInReply) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await signIn(username, password);
      if (answer.role !== 'analyst' && answer.role !== 'admin') {
        setError(`此账号（${answer.role}）无权使用分析控制台：需要分析员或管理员账号。This console is for analysts and administrators.`);
        return;
      }
      onSignedIn(answer);
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 401 ? '用户名或密码错误。Wrong username or password.' : String((caught as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>分析控制台 · Analyst console</h1>
      <p>流动人口基本公共卫生服务与健康素养调查</p>
      <form onSubmit={submit}>
        <SignInFields usernameLabel="用户名 Username" passwordLabel="密码 Password" username={username} password={password} onUsername={setUsername} onPassword={setPassword} />
        <button type="submit" disabled={busy}>
          登录 Sign in
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
