/**
 * Reader for JSON inputs: one object `{id, text, title, published, url, …}`, an array of them, or
 * JSON Lines (one object per line, blank lines skipped). `body` and `content` stand in for a
 * missing `text`. In lists, a bad record becomes an entry in `errors` (`input.bad_json`,
 * `input.missing_field`) and the rest still parse. The text is kept verbatim.
 */

import { VigilError, type ErrorCode } from '../../errors.js';
import type { ParsedArticle, ReadResult, RelatedLink } from '../../model.js';
import { toIsoDate } from './common.js';

type Obj = Record<string, unknown>;

class RecordError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly id?: string,
  ) {
    super(message);
  }
}

function s(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() ? v.trim() : null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function related(v: unknown): RelatedLink[] {
  if (!Array.isArray(v)) return [];
  const out: RelatedLink[] = [];
  for (const r of v) {
    if (typeof r === 'string' && r.trim()) out.push({ title: r.trim(), url: null });
    else if (r && typeof r === 'object') {
      const o = r as Obj;
      const title = s(o['title']);
      if (title) out.push({ title, url: s(o['url']) });
    }
  }
  return out;
}

function dateline(v: unknown): ParsedArticle['dateline'] {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Obj;
  const span = o['span'] as Obj | undefined;
  const place = s(o['place']);
  if (!place || !span || typeof span['start'] !== 'number' || typeof span['end'] !== 'number') return undefined;
  return { place, date: s(o['date']), span: { start: span['start'], end: span['end'] } };
}

/** Converts one parsed JSON value to an article; throws `RecordError` when it is not one. */
function toArticle(v: unknown): ParsedArticle {
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    throw new RecordError('input.bad_json', `expected a JSON object, got ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}`);
  }
  const o = v as Obj;
  const id = s(o['id']) ?? undefined;
  const body = [o['text'], o['body'], o['content']].find((x) => typeof x === 'string');
  if (typeof body !== 'string') throw new RecordError('input.missing_field', 'the record has no "text" (or "body"/"content") string', id);
  const rawPublished = s(o['published']) ?? s(o['date']) ?? s(o['published_at']) ?? s(o['datePublished']);
  const a: ParsedArticle = {
    title: s(o['title']),
    published: rawPublished ? (toIsoDate(rawPublished) ?? rawPublished) : null,
    url: s(o['url']) ?? s(o['link']),
    source: s(o['source']) ?? s(o['outlet']),
    byline: s(o['byline']) ?? s(o['author']),
    lang: s(o['lang']) ?? s(o['language']),
    related: related(o['related']),
    text: body,
  };
  if (id !== undefined) a.id = id;
  const canonical = s(o['canonicalUrl']) ?? s(o['canonical_url']);
  if (canonical) a.canonicalUrl = canonical;
  const dl = dateline(o['dateline']);
  if (dl) a.dateline = dl;
  return a;
}

function asReadResult(kind: 'article' | 'list', values: Array<{ value?: unknown; error?: RecordError }>): ReadResult {
  const result: ReadResult = { kind, articles: [], errors: [] };
  values.forEach((entry, index) => {
    try {
      if (entry.error) throw entry.error;
      result.articles.push(toArticle(entry.value));
    } catch (err) {
      const e = err instanceof RecordError ? err : new RecordError('input.bad_json', String(err));
      const rec: ReadResult['errors'][number] = { index, code: e.code, message: e.message };
      if (e.id !== undefined) rec.id = e.id;
      result.errors.push(rec);
    }
  });
  return result;
}

/**
 * Reads JSON, a JSON array or JSON Lines. A single object that is not an article throws its
 * `VigilError`; in lists, `errors[].index` is the record's position (0-based, blank lines not counted).
 */
export function readJson(input: string): ReadResult {
  const trimmed = input.replace(/^\ufeff/, '').trim();
  if (!trimmed) throw new VigilError('input.empty');
  let whole: unknown;
  let parsedWhole = false;
  try {
    whole = JSON.parse(trimmed);
    parsedWhole = true;
  } catch {
    parsedWhole = false;
  }
  if (parsedWhole) {
    if (Array.isArray(whole)) return asReadResult('list', whole.map((value) => ({ value })));
    try {
      return { kind: 'article', articles: [toArticle(whole)], errors: [] };
    } catch (err) {
      if (err instanceof RecordError) throw new VigilError(err.code, err.message);
      throw err;
    }
  }
  const lines = trimmed.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length <= 1) {
    try {
      JSON.parse(trimmed);
    } catch (err) {
      throw new VigilError('input.bad_json', `invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  let lineNo = 0;
  const all = input.replace(/^\ufeff/, '').split('\n');
  const values: Array<{ value?: unknown; error?: RecordError }> = [];
  for (const raw of all) {
    lineNo++;
    const line = raw.trim();
    if (!line) continue;
    try {
      values.push({ value: JSON.parse(line) });
    } catch (err) {
      const id = /"id"\s*:\s*"([^"\\]{1,200})"/.exec(line)?.[1];
      values.push({ error: new RecordError('input.bad_json', `line ${lineNo}: ${err instanceof Error ? err.message : String(err)}`, id) });
    }
  }
  return asReadResult('list', values);
}
