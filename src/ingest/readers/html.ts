/**
 * Reader for HTML article pages: metadata from meta tags, JSON-LD and `<time>` (title without
 * the " | Outlet" suffix, byline, published date, canonical URL, outlet, language), the body
 * via Mozilla Readability on a linkedom DOM, tidied into paragraphs, and related links when the
 * page marks a related-stories block. Pure: HTML string in, `ReadResult` out.
 */

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { VigilError } from '../../errors.js';
import type { ParsedArticle, ReadResult, RelatedLink } from '../../model.js';
import { htmlToText, inlineText, nodeToText, resolveUrl, splitOutletSuffix, tidyInline, toIsoDate, wrapFragment, type NodeLike } from './common.js';

export interface HtmlHints {
  url?: string | null;
}

type Doc = ReturnType<typeof parseHTML>['document'];
type El = NonNullable<ReturnType<Doc['querySelector']>>;
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function attr(el: El | null | undefined, name: string): string | null {
  const v = el?.getAttribute(name);
  return v && v.trim() ? v.trim() : null;
}

/** Content of the first `<meta>` whose property/name/itemprop matches one of `keys` (case-insensitive). */
function meta(doc: Doc, keys: string[]): string | null {
  const wanted = keys.map((k) => k.toLowerCase());
  const metas = doc.querySelectorAll('meta');
  for (const key of wanted) {
    for (const m of metas) {
      const k = (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop') ?? '').trim().toLowerCase();
      if (k === key) {
        const v = m.getAttribute('content') ?? m.getAttribute('datetime');
        if (v && v.trim()) return v.trim();
      }
    }
  }
  return null;
}

/** All JSON-LD objects of the page, flattened through arrays and `@graph`. */
function jsonLd(doc: Doc): Array<Record<string, Json>> {
  const out: Array<Record<string, Json>> = [];
  const visit = (v: Json, depth: number): void => {
    if (depth > 6 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    out.push(v);
    const graph = v['@graph'];
    if (graph) visit(graph, depth + 1);
  };
  for (const s of doc.querySelectorAll('script[type]')) {
    if (!/ld\+json/i.test(s.getAttribute('type') ?? '')) continue;
    const raw = (s.textContent ?? '').trim().replace(/^<!\[CDATA\[|\]\]>$/g, '');
    try {
      visit(JSON.parse(raw) as Json, 0);
    } catch {
      // Broken JSON-LD is common; ignore it.
    }
  }
  return out;
}

const ARTICLE_TYPES = /^(?:News|Reportage|Analysis|Opinion|Report|Review|Satirical|Background|Scholarly|Tech|Social|Live)?(?:Article|BlogPosting|Blog|LiveBlogPosting|Posting|WebPage)$/i;

function types(o: Record<string, Json>): string[] {
  const t = o['@type'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

function str(v: Json | undefined): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    for (const x of v) {
      const s = str(x);
      if (s) return s;
    }
  }
  return null;
}

function nameOf(v: Json | undefined): string | null {
  if (v == null) return null;
  if (typeof v === 'string') return v.trim() || null;
  if (Array.isArray(v)) {
    const names = v.map((x) => nameOf(x)).filter((x): x is string => !!x);
    return names.length ? names.join(', ') : null;
  }
  if (typeof v === 'object') return str(v['name']);
  return null;
}

/** The article-like JSON-LD node (NewsArticle over WebPage), if any. */
function ldArticle(nodes: Array<Record<string, Json>>): Record<string, Json> | null {
  const articles = nodes.filter((n) => types(n).some((t) => ARTICLE_TYPES.test(t)));
  return articles.find((n) => !types(n).some((t) => /WebPage/i.test(t))) ?? articles[0] ?? null;
}

function cleanByline(s: string | null): string | null {
  if (!s) return null;
  const t = tidyInline(s).replace(/^(?:by|par|por|von|di|door|av|de)\s+/i, '');
  if (!t || t.length > 200 || /^https?:/i.test(t)) return null;
  // Readability takes "dateline" blocks for bylines: a date is not an author.
  if (/^(?:published|updated|posted|last updated)\b/i.test(t) || toIsoDate(t) !== null) return null;
  return t;
}

function firstTimeDatetime(doc: Doc): string | null {
  const prefer = doc.querySelector('time[pubdate][datetime], article time[datetime], time[itemprop="datePublished"][datetime]');
  const el = prefer ?? doc.querySelector('time[datetime]');
  return attr(el, 'datetime');
}

/** Related links from blocks whose class or id says "related", "also read", "more stories". */
function relatedLinks(doc: Doc, base: string | null, selfUrls: Set<string>): RelatedLink[] {
  const out: RelatedLink[] = [];
  const seen = new Set<string>();
  const blocks = doc.querySelectorAll('[class*="related" i], [id*="related" i], [class*="also-read" i], [class*="more-stories" i], [class*="read-more" i], aside[class*="recommend" i]');
  for (const block of blocks) {
    for (const a of block.querySelectorAll('a[href]')) {
      const title = tidyInline(a.textContent ?? '');
      const href = a.getAttribute('href');
      const url = resolveUrl(href, base) ?? (href && /^\/[^/]/.test(href.trim()) ? href.trim() : null);
      if (!title || title.length < 15 || !url || selfUrls.has(url)) continue;
      const key = url;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ title: splitOutletSuffix(title).title, url });
      if (out.length >= 20) return out;
    }
  }
  return out;
}

/** Reads an HTML article page. Throws `html.unreadable` when no body text can be found. */
export function readHtml(html: string, hints: HtmlHints = {}): ReadResult {
  const { document: doc } = parseHTML(wrapFragment(html));
  const ld = jsonLd(doc);
  const art = ldArticle(ld);
  const base = hints.url ?? null;

  const canonicalUrl =
    resolveUrl(attr(doc.querySelector('link[rel="canonical" i]'), 'href'), base) ??
    resolveUrl(meta(doc, ['og:url']), base) ??
    null;

  let source =
    meta(doc, ['og:site_name', 'application-name', 'twitter:site:name']) ??
    (art ? nameOf(art['publisher'] ?? null) : null) ??
    nameOf(ld.find((n) => types(n).some((t) => /^(?:NewsMediaOrganization|Organization|WebSite)$/i.test(t)))?.['name'] ?? null) ??
    null;

  const rawTitle =
    meta(doc, ['og:title', 'twitter:title']) ??
    (art ? str(art['headline'] ?? null) ?? str(art['name'] ?? null) : null) ??
    inlineText(doc.querySelector('title')?.textContent ?? null) ??
    inlineText(doc.querySelector('h1')?.textContent ?? null);
  let title: string | null = null;
  if (rawTitle) {
    const split = splitOutletSuffix(inlineText(rawTitle) ?? rawTitle, source);
    title = split.title;
    source ??= split.outlet;
  }

  const published =
    toIsoDate(meta(doc, ['article:published_time', 'og:published_time', 'og:article:published_time', 'datePublished', 'date', 'pubdate', 'publishdate', 'publish-date', 'publication_date', 'dc.date', 'dc.date.issued', 'dcterms.created', 'dcterms.date', 'sailthru.date', 'parsely-pub-date', 'article.published'])) ??
    (art ? toIsoDate(str(art['datePublished'] ?? null)) : null) ??
    toIsoDate(str(ld.map((n) => n['datePublished']).find((v) => v != null) ?? null)) ??
    toIsoDate(firstTimeDatetime(doc)) ??
    (art ? toIsoDate(str(art['dateCreated'] ?? null) ?? str(art['dateModified'] ?? null)) : null) ??
    toIsoDate(meta(doc, ['article:modified_time', 'og:updated_time', 'last-modified'])) ??
    null;

  const langRaw = attr(doc.documentElement as unknown as El, 'lang') ?? meta(doc, ['og:locale', 'content-language', 'language', 'dc.language']) ?? (art ? str(art['inLanguage'] ?? null) : null);
  const lang = langRaw ? (langRaw.split(/[-_]/)[0] ?? '').toLowerCase() || null : null;

  const selfUrls = new Set([canonicalUrl, base].filter((u): u is string => !!u));
  const related = relatedLinks(doc, canonicalUrl ?? base, selfUrls);

  let byline =
    cleanByline(meta(doc, ['author', 'article:author', 'byl', 'dc.creator', 'sailthru.author', 'parsely-author'])) ??
    (art ? cleanByline(nameOf(art['author'] ?? null)) : null);

  // Readability mutates the DOM it reads: give it its own copy.
  let text = '';
  try {
    const { document: rdoc } = parseHTML(wrapFragment(html));
    for (const el of rdoc.querySelectorAll('nav, footer, [role="navigation"], [aria-hidden="true"], script, style, noscript')) el.remove();
    const parsed = new Readability(rdoc as unknown as Document, { charThreshold: 100 }).parse();
    if (parsed?.content) text = htmlToText(parsed.content);
    if (!text && parsed?.textContent) text = tidyInline(parsed.textContent);
    byline ??= cleanByline(parsed?.byline ?? null);
    if (!title && parsed?.title) title = splitOutletSuffix(parsed.title, source).title;
  } catch {
    text = '';
  }
  if (!text) {
    // Fall back to the visible body text, without navigation chrome.
    for (const el of doc.querySelectorAll('script, style, nav, header, footer, aside, form, noscript')) el.remove();
    const body = doc.body as unknown as NodeLike | null;
    text = body ? nodeToText(body) : '';
  }
  if (!text.trim()) throw new VigilError('html.unreadable', 'no article text could be found in the HTML page', { url: base });

  // Readability sometimes keeps the headline as the first paragraph.
  if (title) {
    const first = text.split('\n', 1)[0] ?? '';
    if (tidyInline(first) === title && text.length > first.length) text = text.slice(first.length).replace(/^\n+/, '');
  }

  const article: ParsedArticle = {
    title,
    published,
    url: base ?? canonicalUrl,
    canonicalUrl,
    source,
    byline,
    lang,
    related,
    text,
  };
  return { kind: 'article', title: source, articles: [article], errors: [] };
}
