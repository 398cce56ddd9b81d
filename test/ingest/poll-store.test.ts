/**
 * Polling end to end on loopback: the real fetcher, readers, extraction and SQLite store. Every
 * bad source ends with its stable error code stored on it, while the good ones ingest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../src/ingest/fetch/fetcher.js';
import { pollDueSources } from '../../src/ingest/poll.js';
import { ingestFetched } from '../../src/ingest/ingest.js';
import { openStore } from '../../src/store/open.js';
import { loadResources } from '../../src/resources.js';
import type { Store } from '../../src/store/store.js';
import { startServer, type TestServer } from './fetch/server.js';

describe('polling sources into the store', () => {
  let server: TestServer;
  let store: Store;

  beforeAll(async () => {
    server = await startServer();
    store = await openStore({ databaseUrl: ':memory:' });
  });
  afterAll(async () => {
    await store?.close();
    await server?.close();
  });

  it('stores each failure with its code and ingests the good sources', async () => {
    const cases: Record<string, string | null> = {
      '/feed.xml': null,
      '/cp1252-article': null,
      '/broken.xml': 'feed.malformed',
      '/500': 'fetch.http_5xx',
      '/hang': 'fetch.timeout',
      '/huge': 'fetch.too_large',
      '/loop-a': 'fetch.too_many_redirects',
      '/missing': 'fetch.not_found',
      '/private/page': 'fetch.robots_disallowed',
    };
    const ids = new Map<string, string>();
    for (const p of Object.keys(cases)) ids.set(p, (await store.addSource(server.url + p)).source.id);
    const fetcher = createFetcher({ timeoutMs: 800, maxBytes: 1024 * 1024, maxRedirects: 5, userAgent: 'VigilBot/test', allowPrivate: true });
    const resources = loadResources();
    const summary = await pollDueSources({
      store,
      fetcher,
      intervalSeconds: 900,
      backoffMaxSeconds: 86400,
      ingest: (doc) => ingestFetched({ store, resources, maxDocumentBytes: 1024 * 1024 }, doc),
    });
    await fetcher.close();
    expect(summary.due).toBe(Object.keys(cases).length);
    for (const [p, code] of Object.entries(cases)) {
      const s = await store.getSource(ids.get(p)!);
      expect({ p, code: s?.lastErrorCode ?? null }).toEqual({ p, code });
      if (code) {
        expect(s?.errorCount).toBe(1);
        expect((await store.sourceErrors(ids.get(p)!))[0]?.code).toBe(code);
      } else expect(s?.lastSuccessAt).not.toBeNull();
    }
    const articles = await store.listArticles({ limit: 50 });
    const texts = articles.items.map((a) => a.text);
    expect(texts.some((t) => t.includes('café “La Esquina” in Medellín, Colombia – killing three people'))).toBe(true);
    expect(articles.items.some((a) => a.title === 'Blast in market')).toBe(true);
    const incidents = await store.listIncidents({ country: 'CO' });
    expect(incidents.items.some((i) => i.killed === 3 && i.wounded === 12)).toBe(true);
  });
});
