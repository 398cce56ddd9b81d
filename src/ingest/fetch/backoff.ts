/**
 * When to fetch a source next. After a success, one poll interval later; after the n-th failure
 * in a row, 60 s × 2^(n-1) (independent of the interval, so a source polled daily still retries
 * soon after a blip), never beyond `maxSeconds`. A server's Retry-After is a floor, also capped at
 * `maxSeconds` so an absurd value cannot park a source for ever. Deterministic: no jitter.
 */

export interface BackoffOptions {
  /** Seconds between two successful fetches. */
  intervalSeconds: number;
  /** Longest wait, whatever the failure count or Retry-After. */
  maxSeconds: number;
}

/** First retry delay after one failure. */
export const BACKOFF_BASE_SECONDS = 60;

/** Seconds to wait after `errorCount` consecutive failures (0 = the last fetch succeeded). */
export function backoffSeconds(errorCount: number, opts: BackoffOptions, retryAfter?: number | null): number {
  const max = Math.max(1, opts.maxSeconds);
  let delay: number;
  if (!(errorCount > 0)) delay = opts.intervalSeconds;
  else delay = BACKOFF_BASE_SECONDS * 2 ** Math.min(errorCount - 1, 52);
  if (retryAfter !== undefined && retryAfter !== null && Number.isFinite(retryAfter) && retryAfter > delay) delay = retryAfter;
  if (errorCount > 0) delay = Math.min(delay, max);
  else delay = Math.min(delay, Math.max(max, opts.intervalSeconds)); // the interval itself is never shortened
  return Math.max(1, Math.ceil(delay));
}

/** The instant of the next fetch; see `backoffSeconds`. */
export function nextFetchAt(now: Date, errorCount: number, opts: BackoffOptions, retryAfter?: number): Date {
  return new Date(now.getTime() + backoffSeconds(errorCount, opts, retryAfter) * 1000);
}

/**
 * Parses a Retry-After header (delta-seconds or an HTTP date) into seconds from `now`;
 * null when absent or unreadable, 0 for dates in the past.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  if (!/[a-z]/i.test(v)) return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.max(0, Math.ceil((t - now.getTime()) / 1000));
}
