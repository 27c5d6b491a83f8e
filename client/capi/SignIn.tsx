import { useState, type FormEvent } from 'react';
import { ApiError } from '../shared/api';

/** The one step that needs the network: afterwards the app works offline until the session expires. */
export function SignIn({ onSignIn }: { onSignIn(username: string, password: string): Promise<void> }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSignIn(username.trim(), password);
    } catch (failure) {
      setError(signInError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>流动人口健康调查 · 调查员</h1>
      <form onSubmit={submit}>
        <label>
          用户名
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          密码
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
      <p className="hint">首次登录需要联网；登录后即使没有网络也可以继续访问，访问结果会在联网时自动发送。</p>
    </main>
  );
}

function signInError(failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 401) return '用户名或密码不正确';
  if (failure instanceof ApiError && failure.status === 0) return '无法连接服务器：登录需要联网，请在有网络的地方再试';
  return failure instanceof Error ? failure.message : String(failure);
}
