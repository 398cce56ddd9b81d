/**
 * Deterministic ids from canonical key fields (after OpenCTI's `identifier.js`): the same
 * article, source, incident or entity always gets the same id, on any machine and any backend,
 * so ingesting a fact twice lands on the same row.
 *
 * - `articleId(key)`   `a_` + 16 hex of sha256(key), key from `articleKey()`
 * - `sourceId(url)`    `s_` + 16 hex of sha256(canonical URL)
 * - `incidentId(a, k)` `i_` + 16 hex of sha256(article id + incident key)
 * - `entityId(k, n)`   `kind:slug` (`armed_group:islamic-state-khorasan-province`)
 */
import { createHash } from 'node:crypto';

/** Query parameters that only track a click and never select content. */
const TRACKING_PARAMS = new Set(['fbclid', 'gclid', 'dclid', 'msclkid', 'mc_cid', 'mc_eid', 'igshid']);

function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/**
 * Canonical form of a URL: lower-case scheme and host (done by WHATWG URL), no fragment, no
 * `utm_*`/click-id parameters, no default port, no trailing slash on a non-root path.
 * A string that is not an absolute URL is returned trimmed and otherwise unchanged.
 */
export function canonicalUrl(url: string): string {
  const trimmed = url.trim();
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return trimmed;
  }
  u.hash = '';
  if (u.search) {
    const kept = new URLSearchParams();
    for (const [k, v] of u.searchParams) {
      const lk = k.toLowerCase();
      if (lk.startsWith('utm_') || TRACKING_PARAMS.has(lk)) continue;
      kept.append(k, v);
    }
    const qs = kept.toString();
    u.search = qs ? `?${qs}` : '';
  }
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/\/+$/, '') || '/';
  return u.toString();
}

/** Whitespace-collapsed, trimmed, NFC, lower-cased text: the form that `contentHash` hashes. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** sha256 (hex) of the whitespace-normalised, lower-cased text. */
export function contentHash(text: string): string {
  return sha256Hex(normalizeText(text));
}

/**
 * The canonical key of an article: its declared canonical URL, else its URL (both
 * canonicalised), else `hash:` + the content hash of its text (of its title when the text is empty).
 */
export function articleKey(article: { canonicalUrl?: string | null; url?: string | null; text: string; title?: string | null }): string {
  const own = article.url?.trim() ? canonicalUrl(article.url) : null;
  if (article.canonicalUrl?.trim()) {
    const declared = canonicalUrl(article.canonicalUrl);
    // Some sites declare their home page as the canonical URL of every article; trusting that
    // would fold all their articles into one. A root canonical only counts for a root URL.
    if (!(isRootUrl(declared) && own !== null && !isRootUrl(own))) return declared;
  }
  if (own !== null) return own;
  const basis = normalizeText(article.text) ? article.text : (article.title ?? '');
  return `hash:${contentHash(basis)}`;
}

function isRootUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.pathname === '/' && !u.search;
  } catch {
    return false;
  }
}

/** `a_` + the first 16 hex chars of sha256 of the article's canonical key. */
export function articleId(key: string): string {
  return `a_${sha256Hex(key).slice(0, 16)}`;
}

/** `s_` + the first 16 hex chars of sha256 of the source's canonical URL. */
export function sourceId(url: string): string {
  return `s_${sha256Hex(canonicalUrl(url)).slice(0, 16)}`;
}

/** `i_` + the first 16 hex chars of sha256 of the article id and the incident key. */
export function incidentId(articleId: string, incidentKey: string): string {
  return `i_${sha256Hex(`${articleId}\n${incidentKey}`).slice(0, 16)}`;
}

/**
 * Folds a name for comparison: NFKD without combining marks, lower-case, collapsed spaces.
 * Used for aliases, group filters and free-text matching.
 */
export function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Slug of a name: folded, every run of non-letters/digits turned into one `-`. */
export function slug(s: string): string {
  const out = foldName(s)
    .replace(/[ıİ]/gu, 'i')
    .replace(/ß/gu, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  // A name of only punctuation still needs a stable, non-empty id.
  return out || `h-${sha256Hex(s).slice(0, 8)}`;
}

/** `kind:slug`, e.g. `person:sanaullah-ghafari`. The kind keeps its `_` (`armed_group`). */
export function entityId(kind: string, canonicalName: string): string {
  const k = kind.trim().toLowerCase().replace(/[^a-z0-9_]+/gu, '_') || 'entity';
  return `${k}:${slug(canonicalName)}`;
}

/**
 * The stable key of an incident inside its article: date, place name, attack types (sorted)
 * and trigger text, all folded. Offsets are left out on purpose so that a reworded paragraph
 * elsewhere in the article keeps the incident's id.
 */
export function incidentKey(incident: {
  date: string | null;
  place: { name: string } | null;
  attack_types: string[];
  trigger?: { text: string } | null;
}): string {
  return JSON.stringify([
    incident.date ?? '',
    foldName(incident.place?.name ?? ''),
    [...new Set(incident.attack_types.map(foldName))].sort(),
    foldName(incident.trigger?.text ?? ''),
  ]);
}

/**
 * The report id of each incident an article's extraction holds, in order: the incident's key
 * under the article, with `#2`, `#3`… for identical-looking incidents of one article.
 */
export function reportIds(articleId: string, incidents: ReadonlyArray<Parameters<typeof incidentKey>[0]>): string[] {
  const seen = new Map<string, number>();
  return incidents.map((inc) => {
    let key = incidentKey(inc);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) key += `#${n}`; // two identical-looking incidents in one article stay two reports
    return incidentId(articleId, key);
  });
}
