import { useState, type FormEvent } from 'react';
import type { Locale } from '../shared/locale';
import { SignInFields } from '../shared/SignInFields';
import { ApiError, serverMessage } from '../shared/api';
import { useText, type Text } from './text';

/** The one step that needs the network: afterwards the app works offline until the session expires. */
export function SignIn({ onSignIn }: { onSignIn(username: string, password: string): Promise<void> }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const { locale, text } = useText();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSignIn(username.trim(), password);
    } catch (failure) {
      setError(signInError(failure, text, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>{text('signInTitle')}</h1>
      <form onSubmit={submit}>
        <SignInFields usernameLabel={text('username')} passwordLabel={text('password')} username={username} password={password} onUsername={setUsername} onPassword={setPassword} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {text(busy ? 'signingIn' : 'signIn')}
        </button>
      </form>
      <p className="hint">{text('signInHint')}</p>
    </main>
  );
}

function signInError(failure: unknown, text: Text, locale: Locale): string {
  if (failure instanceof ApiError && failure.status === 401) return text('wrongPassword');
  if (failure instanceof ApiError && failure.status === 0) return text('signInOffline');
  return serverMessage(failure, locale);
}
