/**
 * Helpers shared by the document readers: date normalisation (RFC 822, ISO 8601, "March 29,
 * 2024", "3 JAN 90"), HTML-to-plain-text conversion that keeps paragraph breaks, whitespace
 * tidying and outlet-suffix splitting of titles ("Title – Times of India").
 */

import { parseHTML } from 'linkedom';

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

/** Month number (1-12) of an English month name or abbreviation, or null. */
export function monthNumber(name: string): number | null {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')] ?? null;
}

/** Two-digit years: 50-99 -> 19xx, 00-49 -> 20xx. */
export function expandYear(y: number): number {
  if (y >= 100) return y;
  return y >= 50 ? 1900 + y : 2000 + y;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY-MM-DD` when the parts form a real calendar day, else null. */
export function isoDay(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1000 || year > 2999) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const MONTH_RE = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY_RE = '(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\\.?,?\\s+)?';

/** "March 29, 2024", "Mar. 29 2024". */
const MDY = new RegExp(`^${WEEKDAY_RE}(${MONTH_RE})\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4}|\\d{2})\\b`, 'i');
/** "29 March 2024", "3 JAN 90", "29th of March, 2024". */
const DMY = new RegExp(`^${WEEKDAY_RE}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_RE}),?\\s+(\\d{4}|\\d{2})\\b`, 'i');
/** "2024-03-29", "2024/03/29". */
const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/;

/**
 * Parses a human date at the start of `s` ("March 29, 2024", "29 March 2024", "3 JAN 90",
 * "2024-03-29", optionally after a weekday) and returns `{iso, length}` or null. Anything after
 * the date (a time, a zone) is ignored: callers get the calendar day as printed.
 */
export function parseHumanDate(s: string): { iso: string; length: number } | null {
  let m = MDY.exec(s);
  if (m) {
    const mo = monthNumber(m[1] ?? '');
    const iso = mo ? isoDay(expandYear(Number(m[3])), mo, Number(m[2])) : null;
    if (iso) return { iso, length: m[0].length };
  }
  m = DMY.exec(s);
  if (m) {
    const mo = monthNumber(m[2] ?? '');
    const iso = mo ? isoDay(expandYear(Number(m[3])), mo, Number(m[1])) : null;
    if (iso) return { iso, length: m[0].length };
  }
  m = YMD.exec(s);
  if (m) {
    const iso = isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) return { iso, length: m[0].length };
  }
  return null;
}

/** Common news-site zone abbreviations V8's Date.parse does not know. */
const ZONES: Record<string, string> = {
  IST: '+0530', CET: '+0100', CEST: '+0200', BST: '+0100', MSK: '+0300', JST: '+0900',
  KST: '+0900', AEST: '+1000', AEDT: '+1100', WIB: '+0700', PKT: '+0500', EAT: '+0300',
  SAST: '+0200', HKT: '+0800', SGT: '+0800', EET: '+0200', EEST: '+0300', WET: '+0000',
  WEST: '+0100', AST: '-0400', NZST: '+1200', NZDT: '+1300', AFT: '+0430', IRST: '+0330',
};

const ISO_DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_PARTIAL = /^\d{4}(?:-\d{2})?$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/i;

function stripMillis(iso: string): string {
  return iso.replace(/\.000Z$/, 'Z');
}

/**
 * Normalises a date or datetime from a feed, a meta tag or a JSON record to ISO 8601:
 * date-only stays `YYYY-MM-DD`; a datetime with a zone becomes UTC (`2024-03-29T08:00:00Z`);
 * a datetime without a zone is kept as local time without a zone. Returns null when unreadable.
 */
export function toIsoDate(input: unknown): string | null {
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? null : stripMillis(input.toISOString());
  if (typeof input === 'number') {
    // Unix seconds or milliseconds.
    if (!Number.isFinite(input) || input <= 0) return null;
    const ms = input < 1e11 ? input * 1000 : input;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : stripMillis(d.toISOString());
  }
  if (typeof input !== 'string') return null;
  const s = input.trim();
  if (!s || s.length > 100) return null;
  let m = ISO_DATE_ONLY.exec(s);
  if (m) return isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (ISO_PARTIAL.test(s)) return s;
  m = ISO_DATETIME.exec(s);
  if (m) {
    const day = isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!day) return null;
    const hh = Number(m[4]);
    const mi = Number(m[5]);
    const ss = Number(m[6] ?? '0');
    if (hh > 24 || mi > 59 || ss > 60) return null;
    const zone = m[7];
    const local = `${day}T${pad(hh)}:${pad(mi)}:${pad(ss)}`;
    if (!zone) return local;
    const z = zone.toUpperCase() === 'Z' ? 'Z' : normaliseOffset(zone);
    const d = new Date(`${local}${z}`);
    return Number.isNaN(d.getTime()) ? null : stripMillis(d.toISOString());
  }
  // RFC 822 / 1123 and other textual forms with a four-digit year.
  if (/\b(1[89]|2\d)\d{2}\b/.test(s)) {
    let t = s.replace(/\b([A-Z]{2,5})\s*$/, (all, z: string) => ZONES[z] ?? all);
    t = t.replace(/\s+\([^)]*\)\s*$/, '');
    const ms = Date.parse(t);
    if (!Number.isNaN(ms)) {
      const hasTime = /\d{1,2}:\d{2}/.test(s);
      const hasZone = /(?:\b(?:GMT|UTC|UT|Z|[ECMP][SD]T)\b|[+-]\d{2}:?\d{2}\b)/.test(t);
      if (hasTime && hasZone) return stripMillis(new Date(ms).toISOString());
    }
    const human = parseHumanDate(s);
    if (human) return human.iso;
    if (!Number.isNaN(ms)) {
      const d = new Date(ms);
      return isoDay(d.getFullYear(), d.getMonth() + 1, d.getDate());
    }
    return null;
  }
  // "29 Mar 24 10:00 GMT" and friends with a two-digit year.
  const human = parseHumanDate(s.replace(/^[A-Za-z]{3},\s*/, ''));
  return human ? human.iso : null;
}

function normaliseOffset(zone: string): string {
  const digits = zone.replace(':', '');
  const sign = digits[0] ?? '+';
  const body = digits.slice(1);
  const hh = body.slice(0, 2);
  const mm = body.slice(2, 4) || '00';
  return `${sign}${hh}:${mm}`;
}

// ---------------------------------------------------------------------------------------------
// Whitespace and titles
// ---------------------------------------------------------------------------------------------

/** Collapses runs of spaces (incl. NBSP) to one space and trims. */
export function tidyInline(s: string): string {
  // Only touch runs that are not already a single plain space (much faster on long prose).
  return s.replace(/ [\s\u200b]+|[^\S ][\s\u200b]*|\u200b[\s\u200b]*/g, ' ').trim();
}

/**
 * Tidies multi-line text into paragraphs: NBSP to space, trailing spaces dropped, runs of
 * spaces inside a line collapsed, more than one blank line collapsed to one, outer blank lines trimmed.
 */
export function tidyParagraphs(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000\t ]+/g, ' ')
    .replace(/[\u200b\ufeff]/g, '')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const OUTLET_SMALL_WORDS = new Set(['of', 'the', 'and', 'for', 'de', 'la', 'el', 'le', 'du', 'des', 'al', 'on', '&', 'news', 'in']);

/** True when `s` looks like an outlet name: short, mostly capitalised words ("Times of India", "News18"). */
export function looksLikeOutlet(s: string): boolean {
  const t = s.trim();
  if (!t || t.length > 40 || /[?!:;]$/.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length > 5) return false;
  return words.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || OUTLET_SMALL_WORDS.has(w.toLowerCase()) || /^[a-z]+\.[a-z]{2,}$/i.test(w));
}

/**
 * Splits "Title – Outlet" / "Title | Outlet" / "Title - Outlet" into title and outlet. When a
 * known outlet is given, only a suffix naming it (or a `|` suffix) is split off; otherwise the
 * suffix must look like an outlet name.
 */
export function splitOutletSuffix(title: string, knownOutlet?: string | null): { title: string; outlet: string | null } {
  // Titles are short; long lines are prose (and the regex below is quadratic on them).
  if (title.length > 600) return { title: tidyInline(title), outlet: null };
  const t = tidyInline(title);
  if (t.length > 300) return { title: t, outlet: null };
  const m = /^(.*\S)\s+(?:[|–—]|-{1,2}|::)\s+([^|–—]+)$/.exec(t);
  if (!m) return { title: t, outlet: null };
  const head = (m[1] ?? '').trim();
  const tail = (m[2] ?? '').trim();
  if (head.length < 3) return { title: t, outlet: null };
  if (knownOutlet) {
    const k = knownOutlet.trim().toLowerCase();
    if (tail.toLowerCase() === k || tail.toLowerCase().replace(/^the\s+/, '') === k.replace(/^the\s+/, '')) return { title: head, outlet: tail };
  }
  if (looksLikeOutlet(tail)) return { title: head, outlet: tail };
  return { title: t, outlet: null };
}

// ---------------------------------------------------------------------------------------------
// HTML to text
// ---------------------------------------------------------------------------------------------

const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION',
  'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN',
  'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'UL', 'CAPTION',
  'DETAILS', 'SUMMARY',
]);
const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'HEAD', 'BUTTON', 'SELECT', 'TEXTAREA']);
const LINE_TAGS = new Set(['LI', 'TR', 'DT', 'DD']);

/** Minimal structural view of a DOM node, enough to walk linkedom trees without DOM lib quirks. */
export interface NodeLike {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<NodeLike>;
}

/**
 * Plain text of a DOM subtree with paragraph structure: block elements become paragraphs
 * separated by "\n\n", list items and table rows by "\n", `<br>` by "\n". Entities are decoded
 * by the DOM; whitespace is tidied.
 */
export function nodeToText(root: NodeLike): string {
  const out: string[] = [];
  const walk = (node: NodeLike): void => {
    if (node.nodeType === 3) {
      out.push((node.textContent ?? '').replace(/[\s\u00a0]+/g, ' '));
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const tag = node.nodeName.toUpperCase();
    if (SKIP_TAGS.has(tag)) return;
    if (tag === 'BR') {
      out.push('\n');
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    const sep = LINE_TAGS.has(tag) ? '\n' : '\n\n';
    if (block) out.push(sep);
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (k) walk(k);
    }
    if (block) out.push(sep);
  };
  walk(root);
  return out
    .join('')
    .split('\n')
    .map((l) => l.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Wraps an HTML fragment in a full document (linkedom mis-parses bare fragments). */
export function wrapFragment(html: string): string {
  return /<html[\s>]/i.test(html) || /<body[\s>]/i.test(html)
    ? html
    : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
}

/** Plain text of an HTML fragment or document: tags stripped, entities decoded, paragraphs kept. */
export function htmlToText(html: string): string {
  if (!html) return '';
  if (!/[<&]/.test(html)) return tidyParagraphs(html);
  const { document } = parseHTML(wrapFragment(html));
  const root = (document.body ?? document.documentElement) as unknown as NodeLike | null;
  return root ? nodeToText(root) : '';
}

/** True when a string contains markup or entities worth running through the HTML parser. */
export function looksLikeHtml(s: string): boolean {
  return /<\/?[a-z][\w-]*[\s/>]|&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]{1,31});/i.test(s);
}

/** Inline text of something that may be HTML (titles): tags stripped, entities decoded. */
export function inlineText(s: string | null | undefined): string | null {
  if (s == null) return null;
  const t = tidyInline(looksLikeHtml(s) ? htmlToText(s) : s);
  return t || null;
}

/** Resolves `href` against `base`; returns null for unusable values. */
export function resolveUrl(href: string | null | undefined, base?: string | null): string | null {
  if (!href) return null;
  const h = href.trim();
  if (!h || /^(javascript|mailto|data):/i.test(h)) return null;
  try {
    return new URL(h, base ?? undefined).toString();
  } catch {
    return /^[a-z][\w+.-]*:/i.test(h) ? h : null;
  }
}
