/**
 * `vigil ingest`: files, folders (recursively) and http(s) URLs into the store, with a progress
 * bar on a terminal and a summary of new, duplicate, updated and failed items with reasons.
 */
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import { openStore } from '../store/open.js';
import { loadResources } from '../resources.js';
import { addCounts, emptyCounts, ingestDocument, ingestFile, listFiles, type IngestDeps, type IngestItemResult } from '../ingest/ingest.js';
import { fetcherFromConfig } from './context.js';
import { toErrorInfo } from '../errors.js';

const isUrl = (t: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(t);

/** Returns the number of failed items. */
export async function runIngest(opts: { targets: string[]; config: Config; quiet: boolean; out?: NodeJS.WritableStream }): Promise<number> {
  const out = opts.out ?? process.stderr;
  const cfg = opts.config;
  const store = await openStore(cfg);
  const counts = emptyCounts();
  const failures: IngestItemResult[] = [];
  try {
    const deps: IngestDeps = { store, resources: loadResources({ nerSecondPass: cfg.nerSecondPass }), maxDocumentBytes: cfg.maxDocumentBytes };
    // expand targets first so the bar knows the total
    const work: Array<{ kind: 'file' | 'url'; target: string }> = [];
    for (const t of opts.targets) {
      if (isUrl(t)) work.push({ kind: 'url', target: t });
      else {
        try {
          for (const f of await listFiles(t)) work.push({ kind: 'file', target: f });
        } catch (err) {
          const info = toErrorInfo(err, 'input.unreadable');
          const item: IngestItemResult = { origin: t, status: 'failed', errorCode: info.code, message: info.message };
          await store.logIngest({ origin: t, status: 'failed', errorCode: info.code, message: info.message });
          addCounts(counts, [item]);
          failures.push(item);
        }
      }
    }
    const showBar = !opts.quiet && Boolean((out as NodeJS.WriteStream).isTTY);
    const bar = showBar ? new cliProgress.SingleBar({ stream: out as NodeJS.WriteStream, format: 'ingest [{bar}] {value}/{total} {file}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
    bar?.start(work.length, 0, { file: '' });
    const fetcher = work.some((w) => w.kind === 'url')
      ? fetcherFromConfig(cfg)
      : null;
    for (const w of work) {
      let items: IngestItemResult[];
      if (w.kind === 'file') items = (await ingestFile(deps, w.target)).items;
      else {
        try {
          const res = await fetcher!.fetch(w.target);
          if (res.status !== 'ok') items = [];
          else items = (await ingestDocument(deps, { bytes: res.bytes, url: res.finalUrl, contentType: res.contentType }, w.target)).items;
        } catch (err) {
          const info = toErrorInfo(err, 'fetch.connection_failed');
          await store.logIngest({ origin: w.target, status: 'failed', errorCode: info.code, message: info.message });
          items = [{ origin: w.target, status: 'failed', errorCode: info.code, message: info.message }];
        }
      }
      addCounts(counts, items);
      failures.push(...items.filter((i) => i.status === 'failed'));
      bar?.increment(1, { file: w.target.length > 40 ? '…' + w.target.slice(-39) : w.target });
      if (!showBar && !opts.quiet) for (const i of items) out.write(`${i.status.padEnd(10)} ${i.origin}${i.errorCode ? `  ${i.errorCode}: ${i.message}` : ''}\n`);
    }
    bar?.stop();
    await fetcher?.close();
  } finally {
    await store.close();
  }
  out.write(`ingest: ${counts.new} new, ${counts.updated} updated, ${counts.duplicate} duplicate, ${counts.merged_url} merged (same text, new URL), ${counts.failed} failed\n`);
  for (const f of failures.slice(0, 50)) out.write(`  failed ${f.origin}: ${f.errorCode}: ${f.message}\n`);
  if (failures.length > 50) out.write(`  … and ${failures.length - 50} more (see the ingest log)\n`);
  return counts.failed;
}
