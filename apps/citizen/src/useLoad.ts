import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './api';

/** GET `path` on mount (and on reload()), with its loading and error states. */
export function useLoad<T>(path: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reload = useCallback(() => {
    setError(null);
    return api.get<T>(path).then(setData, (e: ApiError) => setError(e));
  }, [path]);
  useEffect(() => { void reload(); }, [reload]);
  return { data, error, reload };
}
