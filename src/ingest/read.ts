/**
 * Entry point of the document readers: decodes a document's bytes, sniffs its format from the
 * content-type, the file extension and the content itself, and dispatches to the plain-text,
 * HTML, feed or JSON reader. Pure: no I/O; every failure is a `VigilError`.
 */

import { VigilError, toErrorInfo } from '../errors.js';
import type { ReadResult } from '../model.js';
import { decodeBytes } from './decode.js';
import { readFeed } from './readers/feed.js';
import { readHtml } from './readers/html.js';
import { readJson } from './readers/json.js';
import { readTextPage } from './readers/text-page.js';

export type DocumentFormat = 'text' | 'html' | 'feed' | 'json';

export interface DocumentInput {
  bytes: Uint8Array | string;
  path?: string | null;
  url?: string | null;
  contentType?: string | null;
}

export interface SniffInput {
  /** The decoded text (only its first few kilobytes are looked at). */
  text: string;
  path?: string | null;
  url?: string | null;
  contentType?: string | null;
}

const EXTENSIONS: Record<string, DocumentFormat> = {
  txt: 'text', text: 'text', md: 'text',
  html: 'html', htm: 'html', xhtml: 'html', shtml: 'html',
  xml: 'feed', rss: 'feed', atom: 'feed', rdf: 'feed',
  json: 'json', jsonl: 'json', ndjson: 'json',
};

function extensionOf(path: string | null | undefined, url: string | null | undefined): string | null {
  let p = path ?? null;
  if (!p && url) {
    try {
      p = new URL(url).pathname;
    } catch {
      p = null;
    }
  }
  const m = p ? /\.([a-z0-9]{1,8})$/i.exec(p) : null;
  return m?.[1]?.toLowerCase() ?? null;
}

/** The name of the first element of an XML/HTML document, skipping the prolog, comments and doctype. */
function rootElement(head: string): string | null {
  const s = head.replace(/^\ufeff/, '').replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>/gi, ' ').trimStart();
  const m = /^<([A-Za-z_][\w:.-]*)/.exec(s);
  return m?.[1] ?? null;
}

function isFeedRoot(root: string | null): boolean {
  return !!root && /^(?:rss|feed|rdf:rdf|rdf|atom:feed)$/i.test(root);
}

function isJsonFeed(head: string): boolean {
  return /^\s*\{/.test(head) && /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//i.test(head);
}

/**
 * Guesses the format of a decoded document. Unambiguous content (a feed root element, a JSON Feed
 * version) wins; then a specific content-type; then the extension of the path or URL; then the
 * content (`<html`, `<!doctype html`, `{`/`[`, other markup); plain text otherwise.
 */
export function sniffFormat(input: SniffInput): DocumentFormat {
  const head = input.text.slice(0, 4096);
  const trimmed = head.replace(/^\ufeff/, '').trimStart();
  const root = trimmed.startsWith('<') ? rootElement(trimmed) : null;
  if (isFeedRoot(root) || isJsonFeed(trimmed)) return 'feed';

  const ct = (input.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (ct) {
    if (/^(?:text\/html|application\/xhtml\+xml)$/.test(ct)) return 'html';
    if (/(?:rss|atom|rdf)\+xml$|^application\/feed\+json$/.test(ct)) return 'feed';
    if (/^application\/(?:x-)?(?:ndjson|jsonl|json-seq|jsonlines)$|^application\/(?:[\w.-]+\+)?json$|^text\/json$/.test(ct)) return 'json';
  }

  const ext = extensionOf(input.path, input.url);
  const byExt = ext ? EXTENSIONS[ext] : undefined;
  if (byExt) {
    // An .xml file holding an HTML page (or a .txt holding nothing but a feed) is rare; trust the name.
    if (byExt === 'feed' && root && /^html$/i.test(root)) return 'html';
    return byExt;
  }

  if (/^<!doctype\s+html/i.test(trimmed) || (root && /^html$/i.test(root))) return 'html';
  if (/^[{[]/.test(trimmed)) return 'json';
  if (root) {
    if (/^(?:head|body|div|p|article|section|main|meta|title|link|script|table|span|a|h[1-6]|ul|ol|img|br)$/i.test(root)) return 'html';
    if (/^<\?xml/i.test(trimmed)) return 'feed';
    return 'html';
  }
  if (ct === 'text/xml' || ct === 'application/xml') return 'feed';
  return 'text';
}

function ensureNotEmpty(text: string): void {
  if (!text.replace(/[\s\u00a0\ufeff]+/g, '')) throw new VigilError('input.empty');
}

/**
 * Reads one document (a file or an HTTP body) into articles. Throws `VigilError` only:
 * `input.empty`, `decode.failed`, `html.unreadable`, `feed.malformed`, `input.bad_json`,
 * `input.missing_field`, `input.unsupported`.
 */
export function readDocument(doc: DocumentInput): ReadResult {
  try {
    let text: string;
    if (typeof doc.bytes === 'string') {
      text = doc.bytes.replace(/^\ufeff/, '').replace(/\u0000/g, '').replace(/\r\n?/g, '\n');
    } else {
      if (doc.bytes.length === 0) throw new VigilError('input.empty');
      const ext = extensionOf(doc.path, doc.url);
      const markupExt = ext ? ['html', 'htm', 'xhtml', 'shtml', 'xml', 'rss', 'atom', 'rdf'].includes(ext) : false;
      const hint: { contentType?: string | null; isHtmlOrXml?: boolean } = { contentType: doc.contentType ?? null };
      if (markupExt || /html|xml/i.test(doc.contentType ?? '')) hint.isHtmlOrXml = true;
      text = decodeBytes(doc.bytes, hint).text;
    }
    ensureNotEmpty(text);
    const format = sniffFormat({ text, path: doc.path ?? null, url: doc.url ?? null, contentType: doc.contentType ?? null });
    switch (format) {
      case 'html':
        return readHtml(text, { url: doc.url ?? null });
      case 'feed':
        return readFeed(text, { url: doc.url ?? null });
      case 'json':
        return readJson(text);
      case 'text':
        return readTextPage(text, { path: doc.path ?? null, url: doc.url ?? null });
    }
  } catch (err) {
    if (err instanceof VigilError) throw err;
    // A reader bug or a library surprise on odd input: still a stable code for the caller.
    const info = toErrorInfo(err, 'input.unreadable');
    throw new VigilError('input.unreadable', info.message);
  }
}
