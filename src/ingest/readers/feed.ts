/**
 * Reader for feeds: RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed, parsed with feedsmith (lenient
 * with real-world sloppiness: bare ampersands, HTML entities, odd namespace prefixes). Each item
 * becomes one `ParsedArticle` with its id, title, link, date (ISO, UTC), plain text of its
 * content or summary and the feed title as source. Malformed feeds -> `feed.malformed`.
 */

import { parseFeed } from 'feedsmith';
import { VigilError } from '../../errors.js';
import type { ParsedArticle, ReadResult } from '../../model.js';
import { htmlToText, inlineText, looksLikeHtml, resolveUrl, tidyParagraphs, toIsoDate } from './common.js';

export interface FeedHints {
  url?: string | null;
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
}

function arr(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v == null ? [] : [v];
}

/** A string field, or the `value` of an Atom text construct. */
function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() ? v : null;
  if (typeof v === 'number') return String(v);
  const o = obj(v);
  if (o) return text(o['value'] ?? o['#text'] ?? null);
  if (Array.isArray(v)) {
    for (const x of v) {
      const s = text(x);
      if (s) return s;
    }
  }
  return null;
}

function get(o: Obj | null, ...path: string[]): unknown {
  let cur: unknown = o;
  for (const p of path) {
    const c = obj(cur);
    if (!c) return undefined;
    cur = c[p];
  }
  return cur;
}

/** Plain text of a content field that may be HTML (or escaped HTML). */
function bodyText(raw: string | null, type?: string | null): string {
  if (!raw) return '';
  if (type && /^text$/i.test(type) && !looksLikeHtml(raw)) return tidyParagraphs(raw);
  let t = looksLikeHtml(raw) ? htmlToText(raw) : tidyParagraphs(raw);
  // Doubly escaped HTML ("&lt;p&gt;") decodes to markup: strip that too.
  if (/<\/?(?:p|br|div|span|a|b|i|em|strong|img)\b[^>]*>/i.test(t)) t = htmlToText(t);
  return t;
}

function personName(v: unknown): string | null {
  for (const p of arr(v)) {
    if (typeof p === 'string' && p.trim()) return p.trim();
    const n = text(get(obj(p), 'name'));
    if (n) return n.trim();
  }
  return null;
}

function firstDate(...vals: unknown[]): string | null {
  for (const v of vals) {
    for (const x of arr(v)) {
      const d = toIsoDate(typeof x === 'string' || typeof x === 'number' || x instanceof Date ? x : text(x));
      if (d) return d;
    }
  }
  return null;
}

function atomLink(links: unknown): string | null {
  const list = arr(links).map(obj).filter((l): l is Obj => !!l);
  const alt = list.find((l) => !l['rel'] || l['rel'] === 'alternate') ?? list.find((l) => l['rel'] !== 'self') ?? list[0];
  return alt ? text(alt['href']) : null;
}

function lang(v: unknown): string | null {
  const s = text(v);
  return s ? (s.split(/[-_]/)[0] ?? '').toLowerCase() || null : null;
}

function rssItem(item: Obj, feedTitle: string | null, base: string | null, feedLang: string | null): ParsedArticle {
  const guid = get(item, 'guid');
  const guidValue = text(obj(guid) ? get(obj(guid), 'value') : guid);
  const permalink = obj(guid)?.['isPermaLink'] !== false && guidValue && /^https?:\/\//i.test(guidValue) ? guidValue : null;
  const link = resolveUrl(text(item['link']) ?? permalink, base);
  const content = text(get(item, 'content', 'encoded')) ?? text(item['description']) ?? text(get(item, 'atom', 'content')) ?? text(get(item, 'atom', 'summary'));
  const a: ParsedArticle = {
    title: inlineText(text(item['title']) ?? text(get(item, 'dc', 'title')) ?? text(get(item, 'dc', 'titles'))),
    published: firstDate(item['pubDate'], get(item, 'dc', 'dates'), get(item, 'dc', 'date'), get(item, 'dcterms', 'issued'), get(item, 'dcterms', 'created'), get(item, 'atom', 'published'), get(item, 'atom', 'updated')),
    url: link,
    source: feedTitle,
    byline: personName(item['authors']) ?? personName(item['author']) ?? personName(get(item, 'dc', 'creators')) ?? personName(get(item, 'dc', 'creator')),
    lang: feedLang,
    related: [],
    text: bodyText(content),
  };
  const id = guidValue ?? text(get(item, 'rdf', 'about')) ?? link;
  if (id) a.id = id.trim();
  return a;
}

function atomEntry(entry: Obj, feedTitle: string | null, base: string | null, feedLang: string | null): ParsedArticle {
  const content = obj(entry['content']);
  const summary = obj(entry['summary']);
  const raw = text(content) ?? text(summary) ?? text(entry['content']) ?? text(entry['summary']);
  const type = content ? text(content['type']) : summary ? text(summary['type']) : null;
  const titleObj = entry['title'];
  const a: ParsedArticle = {
    title: inlineText(text(titleObj)),
    published: firstDate(entry['published'], entry['updated'], get(entry, 'dc', 'dates')),
    url: resolveUrl(atomLink(entry['links']), base),
    source: feedTitle,
    byline: personName(entry['authors']),
    lang: feedLang,
    related: [],
    text: bodyText(raw, type),
  };
  const id = text(entry['id']);
  if (id) a.id = id.trim();
  return a;
}

function jsonItem(item: Obj, feedTitle: string | null, base: string | null, feedLang: string | null): ParsedArticle {
  const plain = text(item['content_text']);
  const a: ParsedArticle = {
    title: inlineText(text(item['title'])),
    published: firstDate(item['date_published'], item['date_modified']),
    url: resolveUrl(text(item['url']) ?? text(item['external_url']), base),
    source: feedTitle,
    byline: personName(item['authors']) ?? personName(item['author']),
    lang: lang(item['language']) ?? feedLang,
    related: [],
    text: plain ? tidyParagraphs(plain) : bodyText(text(item['content_html']) ?? text(item['summary'])),
  };
  const id = text(item['id']);
  if (id) a.id = id.trim();
  return a;
}

/** Escapes bare `&` and `<` that strict XML rejects (a second chance for sloppy feeds). */
function repairXml(xml: string): string {
  return xml
    .replace(/&(?!#\d+;|#x[\da-f]+;|[a-z][\w.-]*;)/gi, '&amp;')
    .replace(/<(?![A-Za-z_/!?])/g, '&lt;');
}

function parse(input: string): { format: string; feed: Obj } {
  try {
    const r = parseFeed(input) as unknown as { format: string; feed: unknown };
    return { format: r.format, feed: obj(r.feed) ?? {} };
  } catch (first) {
    const isJson = /^\s*[{[]/.test(input);
    if (!isJson) {
      try {
        const r = parseFeed(repairXml(input)) as unknown as { format: string; feed: unknown };
        return { format: r.format, feed: obj(r.feed) ?? {} };
      } catch {
        // fall through to the first error
      }
    }
    const name = first instanceof Error ? first.name : '';
    const message = first instanceof Error ? first.message : String(first);
    if (name === 'DetectError' && !/<(?:rss|feed|rdf:RDF|RDF)\b/i.test(input) && !/jsonfeed\.org/i.test(input)) {
      throw new VigilError('input.unsupported', 'the document is not an RSS, Atom, RDF or JSON feed');
    }
    throw new VigilError('feed.malformed', `the feed could not be parsed: ${message}`);
  }
}

/** Reads a feed document into one article per item. */
export function readFeed(input: string, hints: FeedHints = {}): ReadResult {
  const { format, feed } = parse(input);
  const base = hints.url ?? null;
  let feedTitle: string | null;
  let feedLink: string | null;
  let feedLang: string | null;
  let articles: ParsedArticle[];
  if (format === 'atom') {
    feedTitle = inlineText(text(feed['title']));
    feedLink = resolveUrl(atomLink(feed['links']), base);
    feedLang = lang(get(feed, 'xml', 'lang'));
    articles = arr(feed['entries']).map(obj).filter((e): e is Obj => !!e).map((e) => atomEntry(e, feedTitle, feedLink ?? base, feedLang));
  } else if (format === 'json') {
    feedTitle = inlineText(text(feed['title']));
    feedLink = resolveUrl(text(feed['home_page_url']), base);
    feedLang = lang(feed['language']);
    articles = arr(feed['items']).map(obj).filter((e): e is Obj => !!e).map((e) => jsonItem(e, feedTitle, feedLink ?? base, feedLang));
  } else {
    feedTitle = inlineText(text(feed['title']) ?? text(get(feed, 'dc', 'title')));
    feedLink = resolveUrl(text(feed['link']), base);
    feedLang = lang(feed['language'] ?? get(feed, 'dc', 'language'));
    articles = arr(feed['items']).map(obj).filter((e): e is Obj => !!e).map((e) => rssItem(e, feedTitle, feedLink ?? base, feedLang));
  }
  return { kind: 'feed', title: feedTitle, articles, errors: [] };
}
