/**
 * Ingest orchestration: a document (file, folder, fetched URL) -> readers -> extraction -> store.
 * Each article is written with its extraction in one store transaction, so an interrupted run
 * leaves whole articles or nothing, and a rerun completes it without doubling anything. A bad
 * document or item is logged with its stable error code and never stops the rest of a batch.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ParsedArticle, ExtractRecord } from '../model.js';
import type { IngestStatus, Store } from '../store/store.js';
import { VigilError, toErrorInfo, type ErrorCode } from '../errors.js';
import { readDocument } from './read.js';
import { extractArticle } from '../extract/extract.js';
import { tokenize } from '../nlp/tokenize.js';
import { splitSentences } from '../nlp/sentences.js';
import type { Resources } from '../resources.js';

export interface IngestDeps {
  store: Store;
  resources: Resources;
  /** Largest local file read, in bytes. */
  maxDocumentBytes: number;
}

export interface RawDocument {
  bytes: Uint8Array;
  path?: string | null;
  url?: string | null;
  contentType?: string | null;
  sourceId?: string | null;
}

export interface IngestItemResult {
  origin: string;
  status: IngestStatus | 'failed';
  articleId?: string;
  title?: string | null;
  errorCode?: string;
  message?: string;
}

export interface DocumentResult {
  kind: 'article' | 'feed' | 'list' | null;
  title: string | null;
  items: IngestItemResult[];
}

export type IngestCounts = Record<IngestStatus | 'failed', number>;

export const emptyCounts = (): IngestCounts => ({ new: 0, duplicate: 0, updated: 0, merged_url: 0, failed: 0 });

/** Builds the extraction input of a parsed article; `id` names it in logs and batch output. */
export function toExtractInput(article: ParsedArticle, id: string) {
  return {
    id,
    text: article.text,
    title: article.title,
    published: article.published,
    url: article.url,
    lang: article.lang ?? null,
    source: article.source,
    // Undefined when the reader did not look: extraction then looks for a wire dateline itself.
    ...(article.dateline !== undefined ? { dateline: article.dateline } : {}),
  };
}

/** Reads one document and stores every article in it. Never throws for bad input. */
export async function ingestDocument(deps: IngestDeps, doc: RawDocument, origin: string): Promise<DocumentResult> {
  const { store } = deps;
  let read;
  try {
    read = readDocument({ bytes: doc.bytes, path: doc.path ?? null, url: doc.url ?? null, contentType: doc.contentType ?? null });
  } catch (err) {
    const info = toErrorInfo(err, 'input.unsupported');
    await store.logIngest({ origin, sourceId: doc.sourceId ?? null, status: 'failed', errorCode: info.code, message: info.message });
    return { kind: null, title: null, items: [{ origin, status: 'failed', errorCode: info.code, message: info.message }] };
  }
  const items: IngestItemResult[] = [];
  const many = read.articles.length + read.errors.length > 1;
  for (const e of read.errors) {
    const itemOrigin = `${origin}#${e.index + 1}`;
    await store.logIngest({ origin: itemOrigin, sourceId: doc.sourceId ?? null, status: 'failed', errorCode: e.code, message: e.message });
    items.push({ origin: itemOrigin, status: 'failed', errorCode: e.code, message: e.message });
  }
  for (const [i, parsed] of read.articles.entries()) {
    const itemOrigin = many ? `${origin}#${i + 1}` : origin;
    const article: ParsedArticle = { ...parsed, url: parsed.url ?? doc.url ?? null, title: parsed.title ?? fallbackTitle(parsed.text) };
    let extraction: ExtractRecord | null = null;
    let extractError: { code: string; message: string } | null = null;
    try {
      extraction = extractArticle(toExtractInput(article, article.id ?? itemOrigin), deps.resources);
    } catch (err) {
      extractError = toErrorInfo(new VigilError('extract.failed', (err as Error).message));
    }
    try {
      const outcome = await store.ingestArticle({ article, extraction, sourceId: doc.sourceId ?? null });
      await store.logIngest({
        origin: itemOrigin,
        sourceId: doc.sourceId ?? null,
        articleId: outcome.articleId,
        status: outcome.status,
        errorCode: extractError?.code ?? null,
        message: extractError?.message ?? null,
      });
      items.push({ origin: itemOrigin, status: outcome.status, articleId: outcome.articleId, title: article.title });
    } catch (err) {
      const info = toErrorInfo(err, 'input.unreadable');
      await store.logIngest({ origin: itemOrigin, sourceId: doc.sourceId ?? null, status: 'failed', errorCode: info.code, message: info.message });
      items.push({ origin: itemOrigin, status: 'failed', errorCode: info.code, message: info.message });
    }
  }
  return { kind: read.kind, title: read.title ?? null, items };
}

/**
 * A stand-in title for an article that has none (wire texts such as the FBIS reports): its
 * first sentence (by the sentence splitter) after any dateline and bracketed markers, cut at a
 * word boundary. Stored so
 * that lists can show something; `vigil extract` keeps the reader's null.
 */
export function fallbackTitle(text: string, max = 100): string | null {
  let body = text.replace(/^\s*[^\n]{0,80}?\s--\s*/, ''); // "SAN SALVADOR, 3 JAN 90 (DPA) -- "
  body = body.replace(/^(?:\s*\[[^\]]{0,80}\]\s*)+/, ''); // "[REPORT] [COPREFA] [TEXT]"
  // The sentence splitter's first sentence of the body, split in the whole text (it tells wrapped
  // wire copy by its lines): "U.S." and "Gen." end none ("THE MURDER OF TWO U.S. CITIZENS").
  const from = text.length - body.length;
  const head = text.slice(0, from + 4000);
  const first = splitSentences(tokenize(head)).find((s) => s.end > from && head.slice(Math.max(s.start, from), s.end).trim() !== '');
  const sentence = (first ? head.slice(Math.max(first.start, from), first.end) : body).replace(/\s+/g, ' ').trim();
  if (sentence === '') return null;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6)).replace(/[\s,;:]+$/, '') + '…';
}

/** Every regular file under `target` (recursively, sorted, hidden entries skipped). */
export async function listFiles(target: string): Promise<string[]> {
  const st = await fs.stat(target);
  if (st.isFile()) return [target];
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk(target);
  return out;
}

/** Reads a local file within the size cap; failures become a failed item, not an exception. */
export async function ingestFile(deps: IngestDeps, file: string): Promise<DocumentResult> {
  let bytes: Uint8Array;
  try {
    const st = await fs.stat(file);
    if (st.size > deps.maxDocumentBytes) {
      throw new VigilError('input.too_large', `${file} is ${st.size} bytes; the cap is ${deps.maxDocumentBytes} (VIGIL_MAX_DOCUMENT_BYTES)`);
    }
    bytes = await fs.readFile(file);
  } catch (err) {
    const info = toErrorInfo(err, 'input.unreadable');
    await deps.store.logIngest({ origin: file, status: 'failed', errorCode: info.code, message: info.message });
    return { kind: null, title: null, items: [{ origin: file, status: 'failed', errorCode: info.code, message: info.message }] };
  }
  return ingestDocument(deps, { bytes, path: file }, file);
}

export function addCounts(counts: IngestCounts, items: IngestItemResult[]): IngestCounts {
  for (const it of items) counts[it.status] += 1;
  return counts;
}

/**
 * The poller's ingest callback: stores a fetched document and reports what it held. A document
 * that could not be read at all throws its VigilError, so the poller stores the code on the source.
 */
export async function ingestFetched(
  deps: IngestDeps,
  doc: { bytes: Uint8Array; url: string; contentType: string | null; sourceId: string },
): Promise<{ title: string | null; kind?: 'article' | 'feed' | 'list'; new: number; failed: number }> {
  const r = await ingestDocument(deps, { bytes: doc.bytes, url: doc.url, contentType: doc.contentType, sourceId: doc.sourceId }, doc.url);
  const unreadable = r.kind === null ? r.items[0] : undefined;
  if (unreadable?.errorCode) throw new VigilError(unreadable.errorCode as ErrorCode, unreadable.message);
  return {
    title: r.title,
    ...(r.kind ? { kind: r.kind } : {}),
    new: r.items.filter((i) => i.status === 'new' || i.status === 'updated').length,
    failed: r.items.filter((i) => i.status === 'failed').length,
  };
}
