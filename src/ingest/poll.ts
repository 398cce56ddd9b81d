/**
 * Polling of sources: every due source is fetched with its conditional-GET state, a fresh
 * document is handed to `ingest`, and the outcome (success, or the stable error code of the fetch
 * or of the reader) is recorded on the source with the time of its next fetch (`backoff.ts`).
 * One source failing never stops the others. `startPoller` runs a poll on a timer, never two at
 * once.
 */
import { toErrorInfo, VigilError } from '../errors.js';
import type { SourceRecord } from '../model.js';
import type { SourceFetchUpdate, Store } from '../store/store.js';
import { nextFetchAt } from './fetch/backoff.js';
import type { Fetcher } from './fetch/fetcher.js';

export interface IngestDocument {
  bytes: Uint8Array;
  url: string;
  contentType: string | null;
  sourceId: string;
}

export interface IngestDocumentResult {
  title?: string | null;
  kind?: 'feed' | 'page' | 'article' | 'list';
  new: number;
  failed: number;
}

export interface PollDeps {
  store: Store;
  fetcher: Fetcher;
  /** Reads and stores one fetched document; throws VigilError (e.g. `feed.malformed`) when unreadable. */
  ingest: (doc: IngestDocument) => Promise<IngestDocumentResult>;
  now?: () => Date;
  intervalSeconds: number;
  backoffMaxSeconds: number;
  log?: (msg: object) => void;
  /** Sources fetched at the same time (default 4); the fetcher still serialises each host. */
  concurrency?: number;
}

export type SourceOutcome =
  | { sourceId: string; url: string; status: 'ok'; new: number; failed: number }
  | { sourceId: string; url: string; status: 'not_modified' }
  | { sourceId: string; url: string; status: 'error'; code: string; message: string };

export interface PollSummary {
  due: number;
  ok: number;
  notModified: number;
  failed: number;
  /** Articles the ingests reported as new, and items they could not read. */
  newArticles: number;
  failedItems: number;
  outcomes: SourceOutcome[];
}

/** Fetches and ingests every source due now. Never throws for a source's failure. */
export async function pollDueSources(deps: PollDeps): Promise<PollSummary> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => {});
  const due = await deps.store.dueSources(now().toISOString());
  const summary: PollSummary = { due: due.length, ok: 0, notModified: 0, failed: 0, newArticles: 0, failedItems: 0, outcomes: [] };
  const results = await mapLimit(due, Math.max(1, deps.concurrency ?? 4), (source) => pollSource(source, deps, now, log));
  for (const outcome of results) {
    summary.outcomes.push(outcome);
    if (outcome.status === 'ok') {
      summary.ok++;
      summary.newArticles += outcome.new;
      summary.failedItems += outcome.failed;
    } else if (outcome.status === 'not_modified') summary.notModified++;
    else summary.failed++;
  }
  return summary;
}

async function pollSource(source: SourceRecord, deps: PollDeps, now: () => Date, log: (msg: object) => void): Promise<SourceOutcome> {
  const backoff = { intervalSeconds: deps.intervalSeconds, maxSeconds: deps.backoffMaxSeconds };
  const base = { sourceId: source.id, url: source.url };
  let outcome: SourceOutcome;
  let update: SourceFetchUpdate;
  try {
    const res = await deps.fetcher.fetch(source.url, { etag: source.etag, lastModified: source.lastModified });
    if (res.status === 'not_modified') {
      const at = now();
      update = { ok: true, fetchedAt: at.toISOString(), nextFetchAt: nextFetchAt(at, 0, backoff).toISOString(), etag: res.etag, lastModified: res.lastModified };
      outcome = { ...base, status: 'not_modified' };
    } else {
      const result = await deps.ingest({ bytes: res.bytes, url: res.finalUrl, contentType: res.contentType, sourceId: source.id });
      const at = now();
      update = { ok: true, fetchedAt: at.toISOString(), nextFetchAt: nextFetchAt(at, 0, backoff).toISOString(), etag: res.etag, lastModified: res.lastModified };
      const kind = sourceKind(result.kind);
      if (kind) update.kind = kind;
      // A title the user gave is kept; the document's title only fills an empty one.
      if (result.title && !source.title) update.title = result.title;
      outcome = { ...base, status: 'ok', new: result.new, failed: result.failed };
    }
  } catch (err) {
    const info = toErrorInfo(err);
    const retryAfter = err instanceof VigilError ? err.details?.retryAfterSeconds : undefined;
    const at = now();
    const next = nextFetchAt(at, source.errorCount + 1, backoff, typeof retryAfter === 'number' ? retryAfter : undefined);
    update = { ok: false, fetchedAt: at.toISOString(), nextFetchAt: next.toISOString(), errorCode: info.code, errorMessage: info.message };
    // A document fetched but not read must be fetched again in full: forget its validators.
    if (!(err instanceof VigilError && err.code.startsWith('fetch.'))) {
      update.etag = null;
      update.lastModified = null;
    }
    if (!(err instanceof VigilError)) log({ level: 'error', msg: 'unexpected error while polling a source', sourceId: source.id, err: String((err as Error)?.stack ?? err) });
    outcome = { ...base, status: 'error', code: info.code, message: info.message };
  }
  try {
    await deps.store.recordFetch(source.id, update);
  } catch (err) {
    log({ level: 'error', msg: 'could not record a fetch', sourceId: source.id, err: String(err) });
  }
  log(
    outcome.status === 'error'
      ? { level: 'warn', msg: 'source fetch failed', sourceId: source.id, url: source.url, code: outcome.code, error: outcome.message, nextFetchAt: update.nextFetchAt }
      : { level: 'info', msg: 'source fetched', sourceId: source.id, url: source.url, status: outcome.status, ...(outcome.status === 'ok' ? { new: outcome.new, failed: outcome.failed } : {}) },
  );
  return outcome;
}

/** A reader's document kind as a source kind: feeds and lists are feeds, the rest pages. */
function sourceKind(kind: IngestDocumentResult['kind']): SourceRecord['kind'] | null {
  if (kind === 'feed' || kind === 'list') return 'feed';
  if (kind === 'page' || kind === 'article') return 'page';
  return null;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface Poller {
  /** Stops the timer and waits for a running poll to finish. */
  stop(): Promise<void>;
}

/** Polls now and then every `tickMs` after the previous poll ended (ticks never overlap). */
export function startPoller(deps: PollDeps & { tickMs: number }): Poller {
  const log = deps.log ?? (() => {});
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const tick = (): void => {
    timer = null;
    if (stopped) return;
    running = pollDueSources(deps)
      .then(
        (summary) => {
          if (summary.due > 0) log({ level: 'info', msg: 'poll finished', due: summary.due, ok: summary.ok, notModified: summary.notModified, failed: summary.failed, newArticles: summary.newArticles });
        },
        (err: unknown) => log({ level: 'error', msg: 'poll failed', err: String(err) }),
      )
      .finally(() => {
        running = null;
        if (!stopped) {
          timer = setTimeout(tick, deps.tickMs);
          timer.unref();
        }
      });
  };
  timer = setTimeout(tick, 0);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
  };
}
