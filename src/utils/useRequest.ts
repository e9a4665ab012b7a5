import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

/** State of one request: data, error and loading, plus `reload`. */
export interface RequestState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Run an async loader on mount and whenever `deps` change; keep the last data while reloading.
 * Errors become ApiError so pages can show `error.message`.
 */
export function useRequest<T>(loader: () => Promise<T>, deps: unknown[] = []): RequestState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const loaderRef = useRef(loader);
  loaderRef.current = loader;
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const value = await loaderRef.current();
      if (mine === seq.current) {
        setData(value);
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current)
        setError(err instanceof ApiError ? err : new ApiError('INTERNAL', String(err)));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { data, error, loading, reload };
}
