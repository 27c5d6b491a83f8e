import { useEffect, useState } from 'react';

/** Loads whenever `key` changes; the newest request wins, an error is kept to be shown. */
export function useApi<T>(load: () => Promise<T>, key: string): { data?: T; error?: string; loading: boolean } {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean; key?: string }>({ loading: true });
  // Re-run only when `key` changes: it names everything `load` depends on.
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    load().then(
      (data) => current && setState({ data, loading: false, key }),
      (error: unknown) => current && setState({ error: error instanceof Error ? error.message : String(error), loading: false, key }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}
