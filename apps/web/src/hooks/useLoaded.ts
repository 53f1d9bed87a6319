import { useEffect, useState, type DependencyList } from 'react';
import { ApiError } from '../api/client';

/**
 * Loads whatever `load` fetches whenever `deps` change, aborting the request it replaces so a
 * slow answer never overwrites a newer one. Errors become the problem's zh-CN title.
 */
export function useLoaded<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList) {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    load(ctl.signal)
      .then(setData)
      .catch((e) => {
        if ((e as Error).name === 'AbortError') return;
        setError(e instanceof ApiError ? e.title : String(e));
      })
      .finally(() => !ctl.signal.aborted && setLoading(false));
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what `load` depends on
  }, deps);

  return { data, loading, error };
}
