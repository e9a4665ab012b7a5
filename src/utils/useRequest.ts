import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

/** State of one request: data, error and loading, plus `reload`. */
export interface RequestState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/** The loader's state and a `reload` that runs it; a newer run wins over an older one still in flight. */
function useLoader<T>(loader: () => Promise<T>): RequestState<T> {
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

  return { data, error, loading, reload };
}

/**
 * Run an async loader on mount and whenever `deps` change; keep the last data while reloading.
 * Errors become ApiError so pages can show `error.message`. For what a component shows once (a
 * section, a dialog). A page that must be fresh each time it comes back into view uses useShowRequest.
 */
export function useRequest<T>(loader: () => Promise<T>, deps: unknown[] = []): RequestState<T> {
  const state = useLoader(loader);
  const { reload } = state;
  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

/**
 * Like useRequest, but loads each time the page shows — the first show included (Taro's useDidShow
 * fires then too) — instead of on mount: one load per show, never a mount load followed by a show load.
 * A change of `deps` while the page is shown loads again.
 *
 * Only for a page's top component (rendered when the page is created): a component mounted later does
 * not see the page's first show and would never load. Use useRequest there.
 */
export function useShowRequest<T>(loader: () => Promise<T>, deps: unknown[] = []): RequestState<T> {
  const state = useLoader(loader);
  const { reload } = state;
  const shown = useRef(false);
  useDidShow(() => {
    shown.current = true;
    void reload();
  });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (shown.current) void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
