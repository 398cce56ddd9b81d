/**
 * The fetcher against a local server: conditional GET, errors and their codes, deadlines, size
 * caps, redirects, content codings, robots.txt, the URL guard and per-host serialisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigilError } from '../../../src/errors.js';
import { createFetcher, type Fetcher, type FetcherOptions } from '../../../src/ingest/fetch/fetcher.js';
import { CP1252_BYTES, FEED_ETAG, GOOD_FEED, startServer, type TestServer } from './server.js';

const BASE: FetcherOptions = {
  timeoutMs: 2000,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'VigilBot/0.1 (test)',
  allowPrivate: true,
};

async function failure(p: Promise<unknown>): Promise<VigilError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(VigilError);
    return err as VigilError;
  }
  throw new Error('expected the fetch to fail');
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

let server: TestServer;
let fetcher: Fetcher;
const extra: Fetcher[] = [];
const make = (o: Partial<FetcherOptions> = {}): Fetcher => {
  const f = createFetcher({ ...BASE, ...o });
  extra.push(f);
  return f;
};

beforeAll(async () => {
  server = await startServer();
  fetcher = make();
});
afterAll(async () => {
  await Promise.all(extra.map((f) => f.close()));
  await server.close();
});

describe('fetcher: success and conditional GET', () => {
  it('fetches a feed with its validators, then gets not_modified', async () => {
    const first = await fetcher.fetch(`${server.url}/feed.xml`);
    expect(first.status).toBe('ok');
    if (first.status !== 'ok') return;
    expect(first.httpStatus).toBe(200);
    expect(first.etag).toBe(FEED_ETAG);
    expect(first.lastModified).toBe('Wed, 01 May 2024 10:00:00 GMT');
    expect(first.contentType).toMatch(/rss\+xml/);
    expect(first.bytes).toBeInstanceOf(Uint8Array);
    expect(text(first.bytes)).toBe(GOOD_FEED);

    const second = await fetcher.fetch(`${server.url}/feed.xml`, { etag: first.etag, lastModified: first.lastModified });
    expect(second).toEqual({
      status: 'not_modified',
      url: `${server.url}/feed.xml`,
      finalUrl: `${server.url}/feed.xml`,
      etag: FEED_ETAG,
      lastModified: 'Wed, 01 May 2024 10:00:00 GMT',
    });
  });

  it('returns broken XML untouched (parsing is not the fetcher\'s job)', async () => {
    const res = await fetcher.fetch(`${server.url}/broken.xml`);
    expect(res.status).toBe('ok');
  });

  it('keeps windows-1252 bytes intact', async () => {
    const res = await fetcher.fetch(`${server.url}/cp1252`);
    if (res.status !== 'ok') throw new Error('expected ok');
    expect(Buffer.from(res.bytes).equals(CP1252_BYTES)).toBe(true);
    expect(res.contentType).toBe('text/html; charset=windows-1252');
  });

  it.each([['/gzip'], ['/br'], ['/deflate'], ['/deflate-raw']])('decodes %s', async (path) => {
    const res = await fetcher.fetch(`${server.url}${path}`);
    if (res.status !== 'ok') throw new Error('expected ok');
    expect(text(res.bytes)).toBe(GOOD_FEED);
  });
});

describe('fetcher: HTTP errors', () => {
  it.each([
    ['/500', 'fetch.http_5xx', 500],
    ['/missing', 'fetch.not_found', 404],
    ['/gone', 'fetch.not_found', 410],
    ['/403', 'fetch.http_4xx', 403],
    ['/429', 'fetch.rate_limited', 429],
  ])('%s → %s', async (path, code, httpStatus) => {
    const err = await failure(fetcher.fetch(`${server.url}${path}`));
    expect(err.code).toBe(code);
    expect(err.details?.httpStatus).toBe(httpStatus);
  });

  it('keeps Retry-After of a 429 and of a 503', async () => {
    const e429 = await failure(fetcher.fetch(`${server.url}/429`));
    expect(e429.details).toMatchObject({ retryAfter: '120', retryAfterSeconds: 120 });
    const e503 = await failure(fetcher.fetch(`${server.url}/503-retry`));
    expect(e503.code).toBe('fetch.http_5xx');
    expect(e503.details).toMatchObject({ retryAfterSeconds: 300 });
  });

  it('refused connection → fetch.connection_failed', async () => {
    const dead = await startServer();
    const url = `${dead.url}/feed.xml`;
    await dead.close();
    const err = await failure(make({ robots: false }).fetch(url));
    expect(err.code).toBe('fetch.connection_failed');
  });

  it('unknown host → fetch.dns_failed (resolver stubbed, no real DNS)', async () => {
    const f = make({
      robots: false,
      resolve: async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' });
      },
    });
    const err = await failure(f.fetch('http://nowhere.test/feed.xml'));
    expect(err.code).toBe('fetch.dns_failed');
  });
});

describe('fetcher: deadlines and size caps', () => {
  it('a server that never answers → fetch.timeout after timeoutMs', async () => {
    const f = make({ timeoutMs: 300 });
    const t0 = Date.now();
    const err = await failure(f.fetch(`${server.url}/hang`));
    expect(err.code).toBe('fetch.timeout');
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('the deadline covers the body too (a trickling body times out)', async () => {
    const f = make({ timeoutMs: 300 });
    const t0 = Date.now();
    const err = await failure(f.fetch(`${server.url}/trickle`));
    expect(err.code).toBe('fetch.timeout');
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('a 50 MB body with maxBytes 1 MB → fetch.too_large, aborted early', async () => {
    const t0 = Date.now();
    const err = await failure(fetcher.fetch(`${server.url}/huge`));
    expect(err.code).toBe('fetch.too_large');
    expect(Date.now() - t0).toBeLessThan(3000);
    await expect.poll(() => server.huge.closed, { timeout: 2000 }).toBe(true);
    expect(server.huge.written).toBeLessThan(16 * 1024 * 1024);
  });

  it('an announced Content-Length above the cap fails before reading', async () => {
    const t0 = Date.now();
    const err = await failure(fetcher.fetch(`${server.url}/huge-announced`));
    expect(err.code).toBe('fetch.too_large');
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('the cap applies to decoded bytes (gzip bomb)', async () => {
    const err = await failure(fetcher.fetch(`${server.url}/gzip-bomb`));
    expect(err.code).toBe('fetch.too_large');
  });

  it('a corrupt gzip body → decode.failed', async () => {
    const err = await failure(fetcher.fetch(`${server.url}/bad-gzip`));
    expect(err.code).toBe('decode.failed');
  });

  it('an unsupported content coding → decode.failed, and the host stays usable', async () => {
    const err = await failure(fetcher.fetch(`${server.url}/compress`));
    expect(err.code).toBe('decode.failed');
    expect((await fetcher.fetch(`${server.url}/feed.xml`)).status).toBe('ok');
  });
});

describe('fetcher: redirects', () => {
  it('follows a 3-hop redirect and reports the final URL', async () => {
    const res = await fetcher.fetch(`${server.url}/hop1`);
    expect(res.status).toBe('ok');
    expect(res.url).toBe(`${server.url}/hop1`);
    expect(res.finalUrl).toBe(`${server.url}/feed.xml`);
  });

  it('refuses more hops than maxRedirects', async () => {
    const err = await failure(make({ maxRedirects: 2 }).fetch(`${server.url}/hop1`));
    expect(err.code).toBe('fetch.too_many_redirects');
  });

  it('detects a redirect loop', async () => {
    const err = await failure(fetcher.fetch(`${server.url}/loop-a`));
    expect(err.code).toBe('fetch.too_many_redirects');
    expect(err.message).toMatch(/loop/);
  });

  it('refuses a redirect to file://', async () => {
    const err = await failure(fetcher.fetch(`${server.url}/to-file`));
    expect(err.code).toBe('fetch.scheme_refused');
  });
});

describe('fetcher: URL guard', () => {
  it('file:///etc/passwd → fetch.scheme_refused', async () => {
    expect((await failure(fetcher.fetch('file:///etc/passwd'))).code).toBe('fetch.scheme_refused');
  });

  it('garbage → fetch.invalid_url', async () => {
    expect((await failure(fetcher.fetch('not a url'))).code).toBe('fetch.invalid_url');
  });

  it('allowPrivate: false refuses 127.0.0.1 and never connects', async () => {
    const before = server.hits.get('/feed.xml') ?? 0;
    const f = make({ allowPrivate: false });
    for (const url of [`${server.url}/feed.xml`, `http://[::ffff:127.0.0.1]:${server.port}/feed.xml`, `http://0x7f.1:${server.port}/feed.xml`]) {
      expect((await failure(f.fetch(url))).code).toBe('fetch.address_refused');
    }
    expect(server.hits.get('/feed.xml') ?? 0).toBe(before);
  });

  it('allowPrivate: false refuses a name resolving to loopback (localhost)', async () => {
    const f = make({ allowPrivate: false, robots: false });
    expect((await failure(f.fetch(`http://localhost:${server.port}/feed.xml`))).code).toBe('fetch.address_refused');
  });

  it('the connect hook connects to the checked address and refuses bad ones', async () => {
    // Policy for this test: only 127.0.0.1 counts as public, so every other address is refused.
    const f = make({
      allowPrivate: false,
      refuseAddress: (a) => a !== '127.0.0.1',
      resolve: async (host) => [{ address: host === 'good.test' ? '127.0.0.1' : '127.0.0.2', family: 4 }],
    });
    const ok = await f.fetch(`http://good.test:${server.port}/feed.xml`);
    expect(ok.status).toBe('ok');
    expect((await failure(f.fetch(`http://evil.test:${server.port}/feed.xml`))).code).toBe('fetch.address_refused');
    // and every redirect hop is checked again
    const hop = await failure(f.fetch(`http://good.test:${server.port}/to-other-loopback`));
    expect(hop.code).toBe('fetch.address_refused');
  });
});

describe('fetcher: robots.txt', () => {
  it('refuses a path robots.txt disallows, also when reached by redirect', async () => {
    expect((await failure(fetcher.fetch(`${server.url}/private/page`))).code).toBe('fetch.robots_disallowed');
    expect((await failure(fetcher.fetch(`${server.url}/to-private`))).code).toBe('fetch.robots_disallowed');
    expect(server.hits.get('/private/page') ?? 0).toBe(0);
  });

  it('fetches robots.txt once per origin (cached), even for concurrent fetches', async () => {
    const s = await startServer();
    try {
      const f = make();
      await Promise.all([f.fetch(`${s.url}/feed.xml`), f.fetch(`${s.url}/cp1252`)]);
      await f.fetch(`${s.url}/feed.xml`);
      expect(s.hits.get('/robots.txt')).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('robots: false ignores robots.txt', async () => {
    const res = await make({ robots: false }).fetch(`${server.url}/private/page`);
    expect(res.status).toBe('ok');
  });

  it('a 5xx robots.txt disallows for now without asking again on every fetch', async () => {
    const s = await startServer((res) => {
      res.writeHead(503);
      res.end();
    });
    try {
      const f = make();
      expect((await failure(f.fetch(`${s.url}/feed.xml`))).code).toBe('fetch.robots_disallowed');
      expect((await failure(f.fetch(`${s.url}/feed.xml`))).code).toBe('fetch.robots_disallowed');
      expect(s.hits.get('/robots.txt')).toBe(1);
      expect(s.hits.get('/feed.xml') ?? 0).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('a 404 robots.txt allows everything', async () => {
    const s = await startServer((res) => {
      res.writeHead(404);
      res.end();
    });
    try {
      expect((await make().fetch(`${s.url}/private/page`)).status).toBe('ok');
    } finally {
      await s.close();
    }
  });

  it('honours Crawl-delay of the VigilBot group as a gap between fetches', async () => {
    const s = await startServer('User-agent: *\nDisallow: /\n\nUser-agent: VigilBot\nAllow: /\nCrawl-delay: 0.4\n');
    try {
      const f = make();
      await f.fetch(`${s.url}/delayed`);
      await f.fetch(`${s.url}/delayed`);
      const [a, b] = s.delayedStarts;
      expect(b! - a!).toBeGreaterThanOrEqual(380);
    } finally {
      await s.close();
    }
  });
});

describe('fetcher: politeness', () => {
  it('never runs two requests to one host at once', async () => {
    const f = make();
    const t0 = Date.now();
    const results = await Promise.all([f.fetch(`${server.url}/slow`), f.fetch(`${server.url}/slow`), f.fetch(`${server.url}/slow`)]);
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    expect(server.maxSlowConcurrency()).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
  });

  it('a failing fetch does not block the next one to the same host', async () => {
    const f = make({ timeoutMs: 300 });
    const [a, b] = await Promise.allSettled([f.fetch(`${server.url}/hang`), f.fetch(`${server.url}/feed.xml`)]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('fulfilled');
  });
});
