/**
 * Reader for plain-text pages: articles as news aggregators republish them (a date line, the
 * title once or twice with an outlet suffix, "Share" buttons, the body, "(With inputs from
 * agencies)", "Source", "Related post" teasers) and wire texts that open with a dateline
 * ("SAN SALVADOR, 3 JAN 90 -- [REPORT] [COPREFA] [TEXT] …", "MOSCOW, March 22 (Reuters) -").
 * Pure: text in, `ReadResult` out. Wire texts are returned intact so offsets match the source.
 */

import type { ParsedArticle, ReadResult, RelatedLink } from '../../model.js';
import { expandYear, isoDay, monthNumber, parseHumanDate, splitOutletSuffix, tidyInline } from './common.js';

export interface TextPageHints {
  path?: string | null;
  url?: string | null;
}

type Dateline = NonNullable<ParsedArticle['dateline']>;

// ---------------------------------------------------------------------------------------------
// Datelines
// ---------------------------------------------------------------------------------------------

const MON = '(?:JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)\\.?';
/** Upper-case place, optionally "(COUNTRY)" or ", STATE". */
const PLACE = "([A-Z][A-Z.'\\- ]{1,40}?[A-Z.])(?:\\s*\\([A-Z][A-Z .'\\-]{1,30}\\))?";

/** FBIS style: `SAN SALVADOR, 3 JAN 90 (AFP) -- [REPORT] [SOURCE] [TEXT]`, also `NO DATE`, `JUNE 11 89`, `7 FEB`. */
const FBIS_RE = new RegExp(
  `^(\\s*)${PLACE},\\s+(NO DATE|\\d{1,2}\\s+${MON}(?:\\s+\\d{2,4})?|${MON}\\s+\\d{1,2}(?:,?\\s+\\d{2,4})?)\\s*(?:\\(([^)\\n]{1,60})\\))?\\s*--`,
);

/** Modern wire style: `MOSCOW, March 22 (Reuters) -`, `KABUL, Afghanistan (AP) —`, `PARIS (AFP) -`. */
const WIRE_RE = new RegExp(
  `^(\\s*)${PLACE}(?:,\\s+[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?(?:,\\s+((?:${MON}|[A-Z][a-z]{2,8}\\.?)\\s+\\d{1,2}(?:,\\s*\\d{4})?))?\\s*\\(([A-Za-z][\\w .&-]{1,30})\\)\\s*[-–—]{1,2}\\s`,
  'i',
);

/** Colon style used by South Asian outlets: `ISLAMABAD: The Islamic State group …`. */
const COLON_RE = /^(\s*)([A-Z][A-Z.'\- ]{2,30}[A-Z]):\s+(?=[A-Z"“‘'])/;

const BRACKET_LABELS = /^(?:TEXT|REPORT|EXCERPTS?|COMMUNIQUE|STATEMENT|COMMENTARY|SPEECH|CONTINUED|EDITORIAL(?: REPORT)?|ARTICLE|INTERVIEW.*|UNATTRIBUTED.*|NEWSCAST|ANNOUNCER.*|PASSAGE.*|EDITORIAL|BEGIN RECORDING|END RECORDING|QUOTES?|ITEM)$/;

function resolveDatelineDate(raw: string, refYear: number | null): string | null {
  const s = raw.trim();
  if (/^NO DATE$/i.test(s)) return null;
  let m = /^(\d{1,2})\s+([A-Za-z]+)\.?(?:\s+(\d{2,4}))?$/.exec(s);
  let day: number;
  let mon: number | null;
  let year: number | null;
  if (m) {
    day = Number(m[1]);
    mon = monthNumber(m[2] ?? '');
    year = m[3] ? expandYear(Number(m[3])) : refYear;
  } else {
    m = /^([A-Za-z]+)\.?\s+(\d{1,2}),?(?:\s+(\d{2,4}))?$/.exec(s);
    if (!m) return null;
    mon = monthNumber(m[1] ?? '');
    day = Number(m[2]);
    year = m[3] ? expandYear(Number(m[3])) : refYear;
  }
  if (!mon || !year) return null;
  return isoDay(year, mon, day);
}

/** Source from `[REPORT] [ARMED FORCES PRESS COMMITTEE,\nCOPREFA] [TEXT]`-style brackets, else the parenthesised agency. */
function fbisSource(text: string, from: number, agency: string | null): string | null {
  const tail = text.slice(from, from + 400);
  const groups = /^(?:\s*\[[^\]]{1,160}\])+/.exec(tail);
  if (groups) {
    const items = [...groups[0].matchAll(/\[([^\]]+)\]/g)].map((g) => tidyInline(g[1] ?? ''));
    for (let i = 0; i < items.length; i++) {
      const it = items[i] ?? '';
      if (/^(REPORT|COMMUNIQUE|STATEMENT|COMMENTARY|EDITORIAL)$/.test(it)) {
        const next = items[i + 1];
        if (next && !BRACKET_LABELS.test(next)) return next;
      }
    }
  }
  if (agency) {
    const a = tidyInline(agency);
    if (a && !/^NO DATE$/i.test(a)) return a;
  }
  return null;
}

/**
 * Finds a wire dateline at the start of `text`. Returns the dateline (span = the place in
 * `text`), the source it names, and where the dateline ends.
 */
export function findDateline(
  text: string,
  refDate: string | null = null,
): { dateline: Dateline; source: string | null; end: number; style: 'fbis' | 'wire' | 'colon' } | null {
  const head = text.slice(0, 400);
  const refYear = refDate ? Number(refDate.slice(0, 4)) : null;
  let m = FBIS_RE.exec(head);
  if (m) {
    const lead = (m[1] ?? '').length;
    const place = m[2] ?? '';
    const date = resolveDatelineDate(m[3] ?? '', refYear);
    const end = m[0].length;
    return {
      dateline: { place, date, span: { start: lead, end: lead + place.length } },
      source: fbisSource(text, end, m[4] ?? null),
      end,
      style: 'fbis',
    };
  }
  m = WIRE_RE.exec(head);
  if (m && /[A-Z]{2}/.test(m[2] ?? '') && (m[2] ?? '') === (m[2] ?? '').toUpperCase()) {
    const lead = (m[1] ?? '').length;
    const place = m[2] ?? '';
    let date = m[3] ? resolveDatelineDate(m[3].replace(/,\s*(\d{4})$/, ' $1'), refYear) : null;
    if (date && refDate && !/\d{4}$/.test(m[3] ?? '') && date > refDate.slice(0, 10)) {
      // "Dec 31" in an article published on Jan 2: the previous year.
      const prev = `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
      if (Date.parse(date) - Date.parse(refDate.slice(0, 10)) > 2 * 86400000) date = prev;
    }
    return {
      dateline: { place, date, span: { start: lead, end: lead + place.length } },
      source: tidyInline(m[4] ?? '') || null,
      end: m[0].length,
      style: 'wire',
    };
  }
  m = COLON_RE.exec(head);
  if (m) {
    const lead = (m[1] ?? '').length;
    const place = m[2] ?? '';
    if (/^(UPDATE|BREAKING|NOTE|EDITOR|WATCH|ALSO READ|READ|PHOTO|VIDEO|LIVE|EXCLUSIVE)/.test(place)) return null;
    return {
      dateline: { place, date: null, span: { start: lead, end: lead + place.length } },
      source: null,
      end: m[0].length,
      style: 'colon',
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Aggregator pages
// ---------------------------------------------------------------------------------------------

const BULLET_RE = /^[\s\u00a0]*(?:[•·▪●◦‣∙■□➤►▶*]|-(?=\s))[\s\u00a0]*/;
const BUTTON_RE = /^(?:share(?: this(?: article| story| post)?| on (?:facebook|twitter|x|whatsapp|linkedin|telegram|reddit|email))?|tweet|email|e-mail|print|copy link|link copied|whatsapp|facebook|twitter|linkedin|reddit|telegram|pinterest|comments?|save|bookmark|listen(?: to (?:this )?(?:article|story))?|follow us(?: on .{1,30})?|subscribe|advertisement|sponsored|ad|close|menu|skip to (?:main )?content)$/i;
const CREDIT_RE = /^\(?\s*(?:with (?:inputs|input) from|with agency inputs|this story has not been edited|(?:reporting|writing|editing|additional reporting) by)\b.*$/i;
const SOURCE_RE = /^(?:source(?:s| link)?|read more|read the original(?: article)?|continue reading|view original|original article|go to source|visit source)\s*:?$/i;
const RELATED_HEAD_RE = /^(?:related(?: posts?| articles?| stories| news| content| reading| coverage)?|more (?:stories|news|from .{1,30})|you (?:may|might) also like|recommended(?: stories| for you)?|trending(?: now)?|also read|read next|top stories|latest news)\s*:?$/i;
const INLINE_RELATED_RE = /^(?:also read|read also|read more|must read|also see|see also)\s*[:|\-–—]\s*(.{10,})$/i;
const META_DATE_RE = /^(?:published|updated|posted|last updated|first published|date)(?:\s+on)?\s*:?\s*(.+)$/i;
const BYLINE_RE = /^by\s+([\p{Lu}][\p{L}.'’-]+(?:\s+(?:[\p{Lu}][\p{L}.'’-]+|de|van|von|al|bin|and|&))*(?:,\s*[^,]{1,60})?)$/iu;

function stripBullet(line: string): string {
  return line.replace(BULLET_RE, '');
}

/** A line that is only a date ("• March 29, 2024", "Updated: Mar 29, 2024, 10:15 IST"). */
function dateOfLine(line: string): string | null {
  let s = tidyInline(stripBullet(line));
  if (!s || s.length > 80) return null;
  const meta = META_DATE_RE.exec(s);
  if (meta) s = meta[1] ?? s;
  const d = parseHumanDate(s);
  if (!d) return null;
  const rest = s.slice(d.length).trim();
  // A time and zone may follow; nothing else.
  if (rest && !/^(?:[,|•·-]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:\(?[A-Z]{2,5}\)?|[+-]\d{2}:?\d{2})?\s*)$/i.test(rest)) {
    return null;
  }
  return d.iso;
}

function isTruncated(line: string): boolean {
  return /(?:…|\.\.\.)\s*$/.test(line);
}

function normTitle(s: string): string {
  return tidyInline(s).toLowerCase();
}

interface Header {
  title: string | null;
  outlet: string | null;
  published: string | null;
  byline: string | null;
  /** Index of the first body line. */
  bodyStart: number;
}

/** Reads the header block: date line, title line(s), byline, share buttons. */
function readHeader(lines: string[]): Header {
  const h: Header = { title: null, outlet: null, published: null, byline: null, bodyStart: 0 };
  let titleKey: string | null = null;
  let nonEmpty = 0;
  let i = 0;
  for (; i < lines.length && nonEmpty < 10; i++) {
    const raw = lines[i] ?? '';
    const line = tidyInline(raw);
    if (!line) continue;
    nonEmpty++;
    const date = dateOfLine(line);
    if (date) {
      h.published ??= date;
      continue;
    }
    if (BUTTON_RE.test(line)) continue;
    const by = BYLINE_RE.exec(line);
    if (by && line.length <= 100) {
      h.byline ??= tidyInline(by[1] ?? '');
      continue;
    }
    const split = splitOutletSuffix(line);
    if (titleKey !== null) {
      const key = normTitle(split.title);
      const trunc = isTruncated(line) && titleKey.startsWith(normTitle(line.replace(/(?:…|\.\.\.)\s*$/, '')));
      if (key === titleKey || normTitle(line) === titleKey || trunc) {
        h.outlet ??= split.outlet;
        continue;
      }
      break;
    }
    // First candidate line: a title when it is a standalone line that does not read as prose.
    const next = lines[i + 1];
    const nextLine = tidyInline(next ?? '');
    const standalone =
      !nextLine || BUTTON_RE.test(nextLine) || nextLine === line || (BYLINE_RE.test(nextLine) && nextLine.length <= 100) || dateOfLine(nextLine) !== null;
    const repeated = lines.slice(i + 1, i + 6).some((l) => tidyInline(l) === line);
    const proseLike = /[.,;:]$/.test(line) || line.length > 250;
    const bodyFollows = lines.slice(i + 1).some((l) => {
      const t = tidyInline(stripBullet(l));
      return t && t !== line && !BUTTON_RE.test(t) && !dateOfLine(t) && normTitle(splitOutletSuffix(t).title) !== normTitle(split.title);
    });
    if (standalone && bodyFollows && (split.outlet !== null || repeated || !proseLike)) {
      h.title = split.title;
      h.outlet = split.outlet;
      titleKey = normTitle(split.title);
      continue;
    }
    break;
  }
  // Back up to the first line not consumed (skip nothing that is body).
  h.bodyStart = i;
  return h;
}

function relatedTitle(line: string): string | null {
  const t = tidyInline(stripBullet(line));
  if (!t || t.length < 10) return null;
  if (isTruncated(t) || /^share\b/i.test(t) || BUTTON_RE.test(t) || SOURCE_RE.test(t) || RELATED_HEAD_RE.test(t)) return null;
  if (dateOfLine(t)) return null;
  return splitOutletSuffix(t).title;
}

function pushRelated(list: RelatedLink[], title: string | null): void {
  if (!title) return;
  const key = normTitle(title);
  if (list.some((r) => normTitle(r.title) === key)) return;
  list.push({ title, url: null });
}

/** Reads an aggregator-style page (no dateline at the very start). */
function readPage(text: string): { article: ParsedArticle } {
  const lines = text.split('\n');
  const header = readHeader(lines);
  const related: RelatedLink[] = [];
  const body: string[] = [];
  let i = header.bodyStart;
  const titleKey = header.title ? normTitle(header.title) : null;
  for (; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = tidyInline(stripBullet(raw));
    if (!line) {
      body.push('');
      continue;
    }
    if (RELATED_HEAD_RE.test(line)) {
      if (/^also read/i.test(line) && i + 1 < lines.length) {
        // "Also read:" followed by a single teaser line, then the body goes on.
        let j = i + 1;
        while (j < lines.length && !(lines[j] ?? '').trim()) j++;
        pushRelated(related, relatedTitle(lines[j] ?? ''));
        i = j;
        continue;
      }
      break;
    }
    const inline = INLINE_RELATED_RE.exec(line);
    if (inline) {
      pushRelated(related, relatedTitle(inline[1] ?? ''));
      continue;
    }
    if (BUTTON_RE.test(line) || CREDIT_RE.test(line) || SOURCE_RE.test(line)) continue;
    if (titleKey && line.length <= 300 && normTitle(splitOutletSuffix(line).title) === titleKey) continue;
    body.push(line);
  }
  for (i += 1; i < lines.length; i++) {
    const line = tidyInline(lines[i] ?? '');
    if (!line || RELATED_HEAD_RE.test(line)) continue;
    pushRelated(related, relatedTitle(line));
  }
  const cleaned = body.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return {
    article: {
      title: header.title,
      published: header.published,
      url: null,
      source: header.outlet,
      byline: header.byline,
      related,
      text: cleaned,
    },
  };
}

/**
 * Reads a plain-text page. A text that opens with a wire dateline is returned as is (the
 * dateline, its date and its source are reported); anything else is cleaned as an aggregator
 * page, and a dateline at the start of the cleaned body is still reported.
 */
export function readTextPage(text: string, hints: TextPageHints = {}): ReadResult {
  const wire = findDateline(text);
  if (wire && wire.style === 'fbis') {
    return {
      kind: 'article',
      articles: [
        {
          title: null,
          published: wire.dateline.date,
          url: hints.url ?? null,
          source: wire.source,
          related: [],
          text,
          dateline: wire.dateline,
        },
      ],
      errors: [],
    };
  }
  const { article } = readPage(text);
  article.url = hints.url ?? null;
  const dl = findDateline(article.text, article.published);
  if (dl) {
    article.dateline = dl.dateline;
    article.published ??= dl.dateline.date;
    article.source ??= dl.source;
  }
  return { kind: 'article', articles: [article], errors: [] };
}
