/**
 * A local HTTP server on 127.0.0.1 (random port) that plays every kind of source the fetcher
 * meets: a good feed with an ETag, broken XML, errors, a server that never answers, a 50 MB body,
 * redirect chains and loops, legacy charsets, compressed bodies and robots.txt.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export const GOOD_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Good feed</title><link>http://example.test/</link>
<item><title>Blast in market</title><link>http://example.test/a1</link><guid>a1</guid></item>
</channel></rss>
`;
export const BROKEN_FEED = '<?xml version="1.0"?><rss><channel><title>Broken</title><item><title>oops</item>';
/** "café “quoted”" in windows-1252. */
export const CP1252_BYTES = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x64, 0x94]);
export const FEED_ETAG = '"v1"';
/** A short news text in windows-1252 (curly quotes, é, en dash), served as text/plain. */
export const CP1252_ARTICLE = Buffer.concat([
  Buffer.from('Police said a car bomb exploded outside the caf', 'latin1'), Buffer.from([0xe9, 0x20, 0x93]),
  Buffer.from('La Esquina', 'latin1'), Buffer.from([0x94]), Buffer.from(' in Medell', 'latin1'), Buffer.from([0xed]),
  Buffer.from('n, Colombia ', 'latin1'), Buffer.from([0x96]), Buffer.from(' killing three people and wounding 12.\n', 'latin1'),
]);

export interface TestServer {
  url: string;
  port: number;
  hits: Map<string, number>;
  /** Highest number of `/slow` requests in flight at once. */
  maxSlowConcurrency: () => number;
  /** Start times of `/delayed` requests. */
  delayedStarts: number[];
  /** Bytes written for `/huge` and whether the client went away. */
  huge: { written: number; closed: boolean; closedAt: number | null };
  close(): Promise<void>;
}

export async function startServer(robotsTxt: string | ((res: http.ServerResponse) => void) = 'User-agent: *\nDisallow: /private\n'): Promise<TestServer> {
  const hits = new Map<string, number>();
  let slowActive = 0;
  let slowMax = 0;
  const delayedStarts: number[] = [];
  const huge = { written: 0, closed: false, closedAt: null as number | null };
  const hanging: http.ServerResponse[] = [];

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const send = (status: number, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}): void => {
      res.writeHead(status, headers);
      res.end(body);
    };
    switch (path) {
      case '/robots.txt':
        if (typeof robotsTxt === 'function') robotsTxt(res);
        else send(200, robotsTxt, { 'content-type': 'text/plain' });
        return;
      case '/feed.xml':
        if (req.headers['if-none-match'] === FEED_ETAG) return send(304, '', { etag: FEED_ETAG });
        return send(200, GOOD_FEED, { 'content-type': 'application/rss+xml; charset=utf-8', etag: FEED_ETAG, 'last-modified': 'Wed, 01 May 2024 10:00:00 GMT' });
      case '/broken.xml':
        return send(200, BROKEN_FEED, { 'content-type': 'application/rss+xml' });
      case '/500':
        return send(500, 'boom', { 'content-type': 'text/plain' });
      case '/503-retry':
        return send(503, 'later', { 'retry-after': '300' });
      case '/missing':
        return send(404, 'no such page');
      case '/gone':
        return send(410, 'gone');
      case '/403':
        return send(403, 'forbidden');
      case '/429':
        return send(429, 'slow down', { 'retry-after': '120' });
      case '/hang':
        hanging.push(res); // never answered
        return;
      case '/trickle': {
        // headers at once, then one byte every 100 ms for ever: only an overall deadline stops it
        res.writeHead(200, { 'content-type': 'text/plain' });
        const t = setInterval(() => res.write('x'), 100);
        res.on('close', () => clearInterval(t));
        return;
      }
      case '/huge': {
        // 50 MB, chunked, written as fast as the client reads, until it hangs up
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const total = 50 * 1024 * 1024;
        res.on('close', () => {
          huge.closed = true;
          huge.closedAt = Date.now();
        });
        const pump = (): void => {
          while (huge.written < total && !huge.closed) {
            huge.written += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          if (!huge.closed) res.end();
        };
        pump();
        return;
      }
      case '/huge-announced':
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(50 * 1024 * 1024) });
        res.write(Buffer.alloc(1024));
        hanging.push(res);
        return;
      case '/loop-a':
        return send(302, '', { location: '/loop-b' });
      case '/loop-b':
        return send(302, '', { location: '/loop-a' });
      case '/hop1':
        return send(301, '', { location: '/hop2' });
      case '/hop2':
        return send(302, '', { location: `http://127.0.0.1:${port()}/hop3` });
      case '/hop3':
        return send(307, '', { location: '/feed.xml' });
      case '/to-file':
        return send(302, '', { location: 'file:///etc/passwd' });
      case '/to-other-loopback':
        return send(302, '', { location: `http://127.0.0.2:${port()}/feed.xml` });
      case '/to-private':
        return send(302, '', { location: '/private/page' });
      case '/cp1252':
        return send(200, CP1252_BYTES, { 'content-type': 'text/html; charset=windows-1252' });
      case '/cp1252-article':
        return send(200, CP1252_ARTICLE, { 'content-type': 'text/plain; charset=windows-1252' });
      case '/private/page':
        return send(200, 'secret');
      case '/slow': {
        slowActive++;
        slowMax = Math.max(slowMax, slowActive);
        setTimeout(() => {
          slowActive--;
          send(200, 'slow', { 'content-type': 'text/plain' });
        }, 150);
        return;
      }
      case '/delayed':
        delayedStarts.push(Date.now());
        return send(200, 'ok');
      case '/gzip':
        return send(200, zlib.gzipSync(GOOD_FEED), { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' });
      case '/br':
        return send(200, zlib.brotliCompressSync(GOOD_FEED), { 'content-encoding': 'br', 'content-type': 'application/rss+xml' });
      case '/deflate':
        return send(200, zlib.deflateSync(GOOD_FEED), { 'content-encoding': 'deflate' });
      case '/deflate-raw':
        return send(200, zlib.deflateRawSync(GOOD_FEED), { 'content-encoding': 'deflate' });
      case '/gzip-bomb':
        // 5 MB of zeros squeezed into a few KB
        return send(200, zlib.gzipSync(Buffer.alloc(5 * 1024 * 1024)), { 'content-encoding': 'gzip' });
      case '/compress':
        return send(200, Buffer.from('whatever'), { 'content-encoding': 'compress' });
      case '/bad-gzip':
        return send(200, Buffer.from('this is not gzip at all'), { 'content-encoding': 'gzip' });
      default:
        return send(404, 'not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (): number => (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port()}`,
    port: port(),
    hits,
    maxSlowConcurrency: () => slowMax,
    delayedStarts,
    huge,
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
