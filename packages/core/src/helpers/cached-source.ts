import { abortable } from './abortable.ts';

/** A value and the moment (ms since the epoch) after which it must not be used; no `expiresAt`: forever. */
export interface Expiring<T> {
  readonly value: T;
  readonly expiresAt?: number | undefined;
}

/** Why a load was started. */
export type LoadReason = 'initial' | 'expiring' | 'forced';

export interface CachedSourceOptions<T> {
  /** Fetches a fresh value. Called by one caller at a time, however many wait for it. */
  load(reason: LoadReason): Promise<Expiring<T>>;
  /** Refresh this long before `expiresAt` (capped at half the value's remaining life). Default 60 s. */
  readonly refreshBeforeMs?: number;
  /** The time source, in ms since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

export interface GetOptions<T> {
  /** Rejects this caller at once with the signal's reason when it aborts; the shared load goes on. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Forces a refresh, unless the cached value is no longer `stale` (another caller already refreshed it).
   * Pass the value that was rejected so a burst of rejections causes one refresh.
   */
  readonly forceRefresh?: boolean;
  readonly stale?: T | undefined;
  /**
   * The time (ms since the epoch) to judge the cached value by, when the caller knows better than the
   * source's own `now`: a clock corrected by the server's time, for a value whose `expiresAt` is the
   * server's. Default: the source's `now()`.
   */
  readonly now?: number | undefined;
}

/**
 * A value that is cached until shortly before it expires and refreshed by one call however many callers
 * wait: the mechanism behind token and credential providers. It knows nothing about what it caches.
 *
 * @example
 * ```ts
 * import { cachedSource } from '@ky-auth/core';
 *
 * const token = cachedSource({
 *   async load() {
 *     const { access_token, expires_in } = await fetchToken();
 *     return { value: access_token, expiresAt: Date.now() + expires_in * 1000 };
 *   },
 * });
 * const value = await token.get(); // one request to fetchToken for any number of concurrent callers
 * ```
 */
export interface CachedSource<T> {
  get(options?: GetOptions<T>): Promise<T>;
  /**
   * The cached value at once (no promise, so no microtask on a request's hot path) while it is usable
   * and the caller neither aborted nor forces a refresh; otherwise what `get(options)` resolves to.
   */
  read(options?: GetOptions<T>): T | Promise<T>;
  /** The cached value if it is still usable, without loading. */
  peek(): T | undefined;
  /** Forgets the cached value: the next `get` loads. */
  clear(): void;
}

/**
 * Creates a {@link CachedSource}: `load` runs once for any number of waiting callers, and again shortly
 * before the value's `expiresAt`.
 *
 * @example
 * ```ts
 * import { cachedSource } from '@ky-auth/core';
 *
 * const credentials = cachedSource({
 *   refreshBeforeMs: 5 * 60_000,
 *   async load() {
 *     const fresh = await assumeRole();
 *     return { value: fresh, expiresAt: fresh.expiration.getTime() };
 *   },
 * });
 * const current = await credentials.get({ signal: request.signal });
 * ```
 */
export function cachedSource<T>(options: CachedSourceOptions<T>): CachedSource<T> {
  const now = options.now ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? 60_000;
  let current: { value: T; expiresAt: number; refreshAt: number } | undefined;
  let inFlight: Promise<T> | undefined;
  let generation = 0;

  const start = (reason: LoadReason, startedAt: number | undefined): Promise<T> => {
    const startedIn = generation;
    const skew = startedAt === undefined ? 0 : startedAt - now();
    const loading = options.load(reason).then(
      (fresh) => {
        const at = now() + skew;
        const expiresAt = fresh.expiresAt ?? Number.POSITIVE_INFINITY;
        const margin = Math.min(refreshBeforeMs, Math.max(0, (expiresAt - at) / 2));
        if (startedIn === generation)
          current = { value: fresh.value, expiresAt, refreshAt: expiresAt - margin };
        if (inFlight === loading) inFlight = undefined;
        return fresh.value;
      },
      (error: unknown) => {
        if (inFlight === loading) inFlight = undefined;
        throw error;
      },
    );
    inFlight = loading;
    return loading;
  };

  const usable = (at = now()) => (current !== undefined && at < current.refreshAt ? current : undefined);

  const get = (getOptions: GetOptions<T> = {}): Promise<T> => {
    const { signal, forceRefresh = false, stale, now: at } = getOptions;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const cached = usable(at);
    if (forceRefresh && cached !== undefined && cached.value === stale) {
      current = undefined;
    } else if (cached !== undefined) {
      return Promise.resolve(cached.value);
    }
    const pending =
      inFlight ?? start(forceRefresh ? 'forced' : current === undefined ? 'initial' : 'expiring', at);
    return signal ? abortable(pending, signal) : pending;
  };

  return {
    get,
    read(readOptions = {}) {
      const cached =
        readOptions.signal?.aborted || readOptions.forceRefresh ? undefined : usable(readOptions.now);
      return cached === undefined ? get(readOptions) : cached.value;
    },
    peek: () => usable()?.value,
    clear() {
      current = undefined;
      inFlight = undefined;
      generation += 1;
    },
  };
}
