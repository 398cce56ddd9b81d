/**
 * `vigil extract` and `vigil cluster`: the batch interface of extract-format.md. Pure: reads
 * articles (JSON Lines on stdin, or files through the ingest readers), writes one JSON line per
 * article in input order, and never touches a database. A bad line or file becomes an error
 * record in its place; the exit code says whether any failed.
 */
import { createInterface } from 'node:readline';
import { promises as fs } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { ExtractInput, ExtractRecord, ExtractFailure } from '../model.js';
import { VigilError, toErrorInfo } from '../errors.js';
import { readDocument } from '../ingest/read.js';
import { toExtractInput } from '../ingest/ingest.js';
import { extractArticle } from '../extract/extract.js';
import type { Resources } from '../resources.js';
import { clusterArticles, type ClusterInput } from '../fuse/cluster.js';

type Line = ExtractRecord | ExtractFailure | Record<string, unknown>;

async function writeLine(out: Writable, obj: Line): Promise<void> {
  if (!out.write(JSON.stringify(obj) + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

/** Parses one JSON Lines input record; throws VigilError with a stable code. */
export function parseInputLine(line: string): ExtractInput {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    throw new VigilError('input.bad_json', `not JSON: ${(e as Error).message}`);
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new VigilError('input.bad_json', 'each line must be a JSON object');
  const o = obj as Record<string, unknown>;
  const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : null;
  if (id === null) throw new VigilError('input.missing_field', 'missing "id" (a string)', { id: null });
  if (typeof o.text !== 'string') throw new VigilError('input.missing_field', 'missing "text" (a string)', { id });
  const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
  return { id, text: o.text, title: str(o.title), published: str(o.published), url: str(o.url), lang: str(o.lang), source: str(o.source) };
}

/** Reads JSON Lines from `input`, calling `fn` per line (blank lines skipped). */
async function forEachLine(input: Readable, fn: (line: string, n: number) => Promise<void>): Promise<void> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n += 1;
    if (line.trim() === '') continue;
    await fn(line, n);
  }
}

function idOf(line: string): string | undefined {
  const m = /"id"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(line);
  return m?.[1];
}

/** `vigil extract`: returns the number of failed records. */
export async function runExtract(opts: { files: string[]; resources: Resources; stdin: Readable; stdout: Writable; maxDocumentBytes: number }): Promise<number> {
  const { resources, stdout } = opts;
  let failed = 0;
  if (opts.files.length === 0) {
    await forEachLine(opts.stdin, async (line, n) => {
      let input: ExtractInput;
      try {
        input = parseInputLine(line);
      } catch (err) {
        failed += 1;
        const info = toErrorInfo(err, 'input.bad_json');
        const id = (err instanceof VigilError && typeof err.details?.id === 'string' ? err.details.id : undefined) ?? idOf(line);
        await writeLine(stdout, { ...(id !== undefined ? { id } : {}), line: n, error: info });
        return;
      }
      try {
        await writeLine(stdout, extractArticle(input, resources));
      } catch (err) {
        failed += 1;
        await writeLine(stdout, { id: input.id, error: toErrorInfo(err, 'extract.failed') });
      }
    });
    return failed;
  }
  for (const file of opts.files) {
    let read;
    try {
      const st = await fs.stat(file);
      if (!st.isFile()) throw new VigilError('input.unreadable', `${file} is not a file`);
      if (st.size > opts.maxDocumentBytes) throw new VigilError('input.too_large', `${file} is ${st.size} bytes; the cap is ${opts.maxDocumentBytes}`);
      read = readDocument({ bytes: await fs.readFile(file), path: file });
    } catch (err) {
      failed += 1;
      await writeLine(stdout, { file, error: toErrorInfo(err, 'input.unreadable') });
      continue;
    }
    const many = read.articles.length + read.errors.length > 1;
    for (const e of read.errors) {
      failed += 1;
      await writeLine(stdout, { file, ...(e.id ? { id: e.id } : {}), error: { code: e.code, message: e.message } });
    }
    for (const [i, article] of read.articles.entries()) {
      const id = article.id ?? (many ? `${file}#${i + 1}` : file);
      try {
        const rec = extractArticle(toExtractInput(article, id), resources);
        const out: ExtractRecord = {
          id,
          file,
          title: article.title,
          published: article.published,
          url: article.url,
          source: article.source,
          related: article.related,
          text: article.text,
          entities: rec.entities,
          places: rec.places,
          dates: rec.dates,
          incidents: rec.incidents,
        };
        await writeLine(stdout, out);
      } catch (err) {
        failed += 1;
        await writeLine(stdout, { id, file, error: toErrorInfo(err, 'extract.failed') });
      }
    }
  }
  return failed;
}

/** `vigil cluster`: reads all article lines, then writes `{id, story}` per article in order. */
export async function runCluster(opts: { stdin: Readable; stdout: Writable }): Promise<number> {
  const inputs: Array<ClusterInput | { id?: string; line: number; error: { code: string; message: string } }> = [];
  await forEachLine(opts.stdin, async (line, n) => {
    try {
      const a = parseInputLine(line);
      inputs.push({ id: a.id, text: a.text, title: a.title ?? null, published: a.published ?? null });
    } catch (err) {
      const id = idOf(line);
      inputs.push({ ...(id !== undefined ? { id } : {}), line: n, error: toErrorInfo(err, 'input.bad_json') });
    }
  });
  const good = inputs.filter((x): x is ClusterInput => !('error' in x));
  const stories = clusterArticles(good);
  let failed = 0;
  for (const x of inputs) {
    if ('error' in x) {
      failed += 1;
      await writeLine(opts.stdout, x);
    } else await writeLine(opts.stdout, { id: x.id, story: stories.get(x.id) ?? null });
  }
  return failed;
}
