/**
 * The incident filter as URL state, shared by the Incidents, Map and Timeline pages: which query
 * keys are filters, how they become an API query, how a change is written back to the URL, and
 * how the nav carries the same filter from one of these pages to another.
 */
import { navigate } from './router';

export const FILTER_KEYS = ['since', 'until', 'country', 'group', 'attack_type', 'min_killed', 'q', 'entity', 'mentioning'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Pages that read the filter from the URL. */
export const FILTER_PAGES = ['/incidents', '/map', '/timeline'];

/** The API filter of the URL state (`bg=1` includes background incidents), without paging. */
export function filterParams(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = query.get(k)?.trim();
    if (v) out.set(k, v);
  }
  out.set('background', query.get('bg') === '1' ? 'true' : 'false');
  return out;
}

/** Only the filter keys of the URL state (for links between the filter pages). */
export function filterState(query: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const k of [...FILTER_KEYS, 'bg']) {
    const v = query.get(k);
    if (v) out.set(k, v);
  }
  return out.toString();
}

export const hasFilter = (query: URLSearchParams): boolean => FILTER_KEYS.some((k) => query.get(k)) || query.get('bg') === '1';

/** Writes `changes` into the URL of `path` (replacing the entry); a filter change resets paging. */
export function updateQuery(path: string, query: URLSearchParams, changes: Record<string, string | null>, resetPage = true): void {
  const next = new URLSearchParams(query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') next.delete(k);
    else next.set(k, v);
  }
  if (resetPage && !('page' in changes)) next.delete('page');
  const s = next.toString();
  navigate(s ? `${path}?${s}` : path, { replace: true });
}

/** `YYYY-MM-DD` plus `days`. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** First and last day of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date. */
export function dayRange(date: string): [string, string] | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date);
  if (!m) return null;
  const [, y, mo, d] = m;
  if (mo && d) return [`${y}-${mo}-${d}`, `${y}-${mo}-${d}`];
  if (mo) return [`${y}-${mo}-01`, addDays(`${mo === '12' ? Number(y) + 1 : y}-${mo === '12' ? '01' : String(Number(mo) + 1).padStart(2, '0')}-01`, -1)];
  return [`${y}-01-01`, `${y}-12-31`];
}
