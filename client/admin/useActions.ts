import { useState } from 'react';
import { failureText } from './api';

/**
 * A view's changes through the API: `run` shows a failure with every field error, and after a success
 * bumps `version`, the key the view's lists are read again under.
 */
export function useActions() {
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string>();
  const reread = () => setVersion((value) => value + 1);
  const run = async (action: () => Promise<void>) => {
    setError(undefined);
    try {
      await action();
      reread();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  return { version, error, run, reread };
}
