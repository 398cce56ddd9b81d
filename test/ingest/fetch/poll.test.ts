/**
 * `pollDueSources` and `startPoller` against the local server, a fake ingest and a minimal
 * in-memory Store (only `dueSources` and `recordFetch`, which is all polling uses).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigilError } from '../../../src/errors.js';
import { createFetcher, type Fetcher } from '../../../src/ingest/fetch/fetcher.js';
import { pollDueSources, startPoller, type IngestDocument, type PollDeps } from '../../../src/ingest/poll.js';
import type { SourceRecord } from '../../../src/model.js';
import type { SourceFetchUpdate, Store } from '../../../src/store/store.js';
import { FEED_ETAG, startServer, type TestServer } from './server.js';

class FakeStore {
  sources = new Map<string, SourceRecord>();
  updates: Array<{ id: string; update: SourceFetchUpdate }> = [];
  failRecordFor = new Set<string>();

  add(id: string, url: string, extra: Partial<SourceRecord> = {}): void {
    this.sources.set(id, {
      id, url, kind: 'auto', title: null, enabled: true, createdAt: '2024-05-01T00:00:00.000Z', etag: null, lastModified: null,
      lastFetchedAt: null, lastSuccessAt: null, nextFetchAt: null, errorCount: 0, lastErrorCode: null, lastErrorMessage: null, articleCount: 0,
      ...extra,
    });
  }

  async dueSources(now: string): Promise<SourceRecord[]> {
    return [...this.sources.values()].filter((s) => s.enabled && (s.nextFetchAt === null || s.nextFetchAt <= now)).map((s) => ({ ...s }));
  }

  async recordFetch(id: string, u: SourceFetchUpdate): Promise<void> {
    if (this.failRecordFor.has(id)) throw new Error('disk full');
    this.updates.push({ id, update: u });
    const s = this.sources.get(id);
    if (!s) throw new Error(`no source ${id}`);
    s.lastFetchedAt = u.fetchedAt;
    s.nextFetchAt = u.nextFetchAt;
    if (u.kind !== undefined) s.kind = u.kind;
    if (u.title !== undefined) s.title = u.title;
    if (u.etag !== undefined) s.etag = u.etag;
    if (u.lastModified !== undefined) s.lastModified = u.lastModified;
    if (u.ok) {
      s.errorCount = 0;
      s.lastSuccessAt = u.fetchedAt;
      s.lastErrorCode = null;
      s.lastErrorMessage = null;
    } else {
      s.errorCount++;
      s.lastErrorCode = u.errorCode ?? null;
      s.lastErrorMessage = u.errorMessage ?? null;
    }
  }

  last(id: string): SourceFetchUpdate | undefined {
    return this.updates.filter((u) => u.id === id).at(-1)?.update;
  }
}

let server: TestServer;
let fetcher: Fetcher;
beforeAll(async () => {
  server = await startServer();
  fetcher = createFetcher({ timeoutMs: 300, maxBytes: 1024 * 1024, maxRedirects: 5, userAgent: 'VigilBot/0.1 (test)', allowPrivate: true });
});
afterAll(async () => {
  await fetcher.close();
  await server.close();
});

const T0 = new Date('2024-05-01T12:00:00.000Z');

function deps(store: FakeStore, clock: { now: Date }, ingested: IngestDocument[] = []): PollDeps {
  return {
    store: store as unknown as Store,
    fetcher,
    now: () => clock.now,
    intervalSeconds: 900,
    backoffMaxSeconds: 86400,
    ingest: async (doc) => {
      ingested.push(doc);
      if (doc.url.includes('broken')) throw new VigilError('feed.malformed', 'unclosed <item>');
      return { title: 'Good feed', kind: 'feed', new: 1, failed: 0 };
    },
  };
}

describe('pollDueSources', () => {
  it('records every source, one failure never stopping the others', async () => {
    const store = new FakeStore();
    store.add('good', `${server.url}/feed.xml`);
    store.add('broken', `${server.url}/broken.xml`);
    store.add('e500', `${server.url}/500`, { errorCount: 2 });
    store.add('missing', `${server.url}/missing`);
    store.add('limited', `${server.url}/429`);
    store.add('hang', `${server.url}/hang`);
    store.add('private', `${server.url}/private/page`);
    store.add('bad-url', 'file:///etc/passwd');
    store.add('named', `${server.url}/hop1`, { title: 'My own title', kind: 'page' });
    store.add('later', `${server.url}/feed.xml`, { nextFetchAt: '2024-05-02T00:00:00.000Z' });
    store.add('off', `${server.url}/feed.xml`, { enabled: false });
    const clock = { now: T0 };
    const ingested: IngestDocument[] = [];

    const summary = await pollDueSources(deps(store, clock, ingested));
    expect(summary).toMatchObject({ due: 9, ok: 2, notModified: 0, failed: 7, newArticles: 2 });

    const good = store.last('good')!;
    expect(good).toMatchObject({ ok: true, etag: FEED_ETAG, title: 'Good feed', kind: 'feed', nextFetchAt: '2024-05-01T12:15:00.000Z' });
    expect(ingested.find((d) => d.sourceId === 'good')).toMatchObject({ url: `${server.url}/feed.xml`, contentType: 'application/rss+xml; charset=utf-8' });

    const codes = Object.fromEntries([...store.sources.keys()].map((id) => [id, store.last(id)?.errorCode ?? (store.last(id) ? 'ok' : 'not polled')]));
    expect(codes).toEqual({
      good: 'ok',
      broken: 'feed.malformed',
      e500: 'fetch.http_5xx',
      missing: 'fetch.not_found',
      limited: 'fetch.rate_limited',
      hang: 'fetch.timeout',
      private: 'fetch.robots_disallowed',
      'bad-url': 'fetch.scheme_refused',
      named: 'ok',
      later: 'not polled',
      off: 'not polled',
    });
    // back-off: third failure in a row → 240 s; 429 with Retry-After 120 → 120 s; first failure → 60 s
    expect(store.last('e500')?.nextFetchAt).toBe('2024-05-01T12:04:00.000Z');
    expect(store.last('limited')?.nextFetchAt).toBe('2024-05-01T12:02:00.000Z');
    expect(store.last('missing')?.nextFetchAt).toBe('2024-05-01T12:01:00.000Z');
    // a document that could not be read forgets its validators so it is fetched in full next time
    expect(store.last('broken')).toMatchObject({ ok: false, etag: null, lastModified: null, errorMessage: 'unclosed <item>' });
    // a title the user chose is kept; the redirect target is what was ingested
    expect(store.last('named')?.title).toBeUndefined();
    expect(ingested.find((d) => d.sourceId === 'named')?.url).toBe(`${server.url}/feed.xml`);
    expect(store.sources.get('e500')?.errorCount).toBe(3);
  });

  it('sends the stored ETag and records not_modified on the next poll', async () => {
    const store = new FakeStore();
    store.add('good', `${server.url}/feed.xml`);
    const clock = { now: T0 };
    const ingested: IngestDocument[] = [];
    await pollDueSources(deps(store, clock, ingested));
    expect(store.sources.get('good')?.etag).toBe(FEED_ETAG);

    expect((await pollDueSources(deps(store, clock, ingested))).due).toBe(0);
    clock.now = new Date(T0.getTime() + 901_000);
    const second = await pollDueSources(deps(store, clock, ingested));
    expect(second).toMatchObject({ due: 1, ok: 0, notModified: 1, failed: 0 });
    expect(ingested).toHaveLength(1);
    expect(store.last('good')).toMatchObject({ ok: true, etag: FEED_ETAG, nextFetchAt: '2024-05-01T12:30:01.000Z' });
  });

  it('survives a store that cannot record one source', async () => {
    const store = new FakeStore();
    store.add('a', `${server.url}/feed.xml`);
    store.add('b', `${server.url}/cp1252`);
    store.failRecordFor.add('a');
    const logs: object[] = [];
    const summary = await pollDueSources({ ...deps(store, { now: T0 }), log: (m) => logs.push(m) });
    expect(summary.due).toBe(2);
    expect(store.last('b')?.ok).toBe(true);
    expect(logs.some((m) => (m as { msg: string }).msg === 'could not record a fetch')).toBe(true);
  });

  it('records an unexpected ingest crash with a code instead of throwing', async () => {
    const store = new FakeStore();
    store.add('a', `${server.url}/feed.xml`);
    const d = deps(store, { now: T0 });
    const summary = await pollDueSources({ ...d, ingest: async () => { throw new TypeError('bug'); } });
    expect(summary.failed).toBe(1);
    expect(store.last('a')).toMatchObject({ ok: false, errorCode: 'input.unreadable', errorMessage: 'bug' });
  });
});

describe('startPoller', () => {
  it('polls on a timer without overlapping ticks and stops cleanly', async () => {
    const store = new FakeStore();
    store.add('a', `${server.url}/feed.xml`);
    let active = 0;
    let maxActive = 0;
    let calls = 0;
    const slowStore = Object.assign(Object.create(store) as FakeStore, {
      dueSources: async (now: string) => {
        calls++;
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 60));
        active--;
        return store.dueSources(now);
      },
    });
    const poller = startPoller({ ...deps(slowStore, { now: T0 }), tickMs: 10 });
    await new Promise((r) => setTimeout(r, 300));
    await poller.stop();
    const after = calls;
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(after);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(maxActive).toBe(1);
    expect(store.updates.filter((u) => u.id === 'a')).toHaveLength(1);
  });
});
