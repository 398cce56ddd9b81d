/**
 * The HTTP fetcher of sources, after miniflux's `reader/fetcher`: one GET with conditional
 * headers, manual redirects (each hop re-checked by the URL guard and robots.txt), one deadline
 * covering every hop and the body, a streaming size cap on raw and decoded bytes, gzip/deflate/br
 * decoding, and a stable `fetch.*` code for every failure. Politeness: one request at a time per
 * host (a promise queue), robots.txt obeyed, Crawl-delay kept as a minimum gap between fetches.
 */
import { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import { VigilError } from '../../errors.js';
import { parseRetryAfter } from './backoff.js';
import { createRobotsCache, ROBOTS_AGENT, type RobotsCache, type RobotsResponse } from './robots.js';
import { checkHostLiteral, createGuardedLookup, parseFetchUrl, type GuardOptions, type Resolver } from './url-guard.js';

export interface FetcherOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  allowPrivate: boolean;
  /** Obey robots.txt (default true). */
  robots?: boolean;
  /** Product token matched in robots.txt (default `VigilBot`). */
  robotsAgent?: string;
  /** Lifetime of a cached robots.txt (default one hour). */
  robotsTtlMs?: number;
  /**
   * Longest Crawl-delay wait the fetcher sits out; a longer one fails the fetch with
   * `fetch.rate_limited` and `retryAfterSeconds` instead of blocking the queue (default 60 s).
   */
  maxCrawlDelayWaitMs?: number;
  /** Host name resolver (tests); defaults to `dns.lookup`. */
  resolve?: Resolver;
  /** Address policy override (see `GuardOptions.refuseAddress`). */
  refuseAddress?: (address: string) => boolean;
}

export interface ConditionalHeaders {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | {
      status: 'ok';
      url: string;
      finalUrl: string;
      httpStatus: number;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      bytes: Uint8Array;
    }
  | {
      status: 'not_modified';
      url: string;
      finalUrl: string;
      /** The validators to keep: the 304's own, else the ones sent. */
      etag: string | null;
      lastModified: string | null;
    };

export interface Fetcher {
  /** Fetches `url`; throws `VigilError` with a `fetch.*` code on every failure. */
  fetch(url: string, cond?: ConditionalHeaders): Promise<FetchResult>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/** robots.txt bodies beyond this are truncated (RFC 9309 asks parsers to read at least 500 KiB). */
const ROBOTS_MAX_BYTES = 512 * 1024;
const ROBOTS_MAX_REDIRECTS = 5;
const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, application/json;q=0.7, */*;q=0.5';

type Headers = Record<string, string>;
type ResponseData = Dispatcher.ResponseData;

export function createFetcher(opts: FetcherOptions): Fetcher {
  const guard: GuardOptions = { allowPrivate: opts.allowPrivate };
  if (opts.resolve) guard.resolve = opts.resolve;
  if (opts.refuseAddress) guard.refuseAddress = opts.refuseAddress;
  const agent = new Agent({
    connect: { lookup: createGuardedLookup(guard), timeout: opts.timeoutMs },
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });
  const queue = createHostQueue();
  const lastStart = new Map<string, number>();
  const maxCrawlDelayWaitMs = opts.maxCrawlDelayWaitMs ?? 60_000;

  /** One request; IP-literal hosts are checked here, host names in the connect hook. */
  async function requestOnce(url: URL, headers: Headers, signal: AbortSignal): Promise<ResponseData> {
    checkHostLiteral(url, guard);
    return agent.request({ origin: url.origin, path: url.pathname + url.search, method: 'GET', headers, signal });
  }

  /** Follows redirects up to `maxRedirects`; returns the first non-redirect response, body unread. */
  async function follow(
    start: URL,
    headers: Headers,
    signal: AbortSignal,
    maxRedirects: number,
    beforeHop?: (url: URL) => Promise<void>,
  ): Promise<{ res: ResponseData; finalUrl: URL }> {
    let current = start;
    const seen = new Set<string>([current.href]);
    for (let hop = 0; ; hop++) {
      if (hop > 0 && beforeHop) await beforeHop(current);
      const res = await requestOnce(current, headers, signal);
      const location = header(res.headers, 'location');
      if (!isRedirect(res.statusCode) || location === null) return { res, finalUrl: current };
      await discard(res);
      let next: URL;
      try {
        next = parseFetchUrl(new URL(location, current));
      } catch (err) {
        if (err instanceof VigilError) throw new VigilError(err.code, `redirect from ${current.href}: ${err.message}`, { ...err.details, location });
        throw err;
      }
      next.hash = '';
      if (seen.has(next.href)) {
        throw new VigilError('fetch.too_many_redirects', `redirect loop at ${next.href}`, { url: start.href, loop: next.href, hops: hop + 1 });
      }
      if (hop + 1 > maxRedirects) {
        throw new VigilError('fetch.too_many_redirects', `more than ${maxRedirects} redirects from ${start.href}`, { url: start.href, hops: hop + 1 });
      }
      seen.add(next.href);
      current = next;
    }
  }

  const loadRobots = async (robotsUrl: URL, outer?: AbortSignal): Promise<RobotsResponse> => {
    const ctl = deadline(opts.timeoutMs, outer);
    try {
      const { res } = await follow(robotsUrl, { 'user-agent': opts.userAgent, accept: 'text/plain, */*;q=0.5', 'accept-encoding': 'gzip, deflate, br' }, ctl.signal, ROBOTS_MAX_REDIRECTS);
      if (res.statusCode < 200 || res.statusCode >= 300) {
        await discard(res);
        return { status: res.statusCode, body: new Uint8Array(0) };
      }
      const body = await readBody(res, ROBOTS_MAX_BYTES, 'truncate');
      return { status: res.statusCode, body };
    } catch (err) {
      throw toFetchError(err, ctl.signal);
    } finally {
      ctl.dispose();
    }
  };

  const robots: RobotsCache | null =
    opts.robots === false
      ? null
      : createRobotsCache({ load: loadRobots, agent: opts.robotsAgent ?? ROBOTS_AGENT, ...(opts.robotsTtlMs !== undefined ? { ttlMs: opts.robotsTtlMs } : {}) });

  async function enforceRobots(url: URL, signal?: AbortSignal): Promise<number | null> {
    if (!robots) return null;
    const decision = await robots.check(url, signal);
    if (!decision.allowed) {
      throw new VigilError('fetch.robots_disallowed', `robots.txt disallows ${url.href} (${decision.reason})`, { url: url.href, reason: decision.reason });
    }
    return decision.crawlDelaySeconds;
  }

  async function fetchInSlot(url: URL, cond: ConditionalHeaders | undefined): Promise<FetchResult> {
    const host = url.hostname;
    const crawlDelay = await enforceRobots(url);
    if (crawlDelay !== null && crawlDelay > 0) {
      const last = lastStart.get(host);
      const wait = last === undefined ? 0 : last + crawlDelay * 1000 - Date.now();
      if (wait > maxCrawlDelayWaitMs) {
        throw new VigilError('fetch.rate_limited', `robots.txt asks for ${crawlDelay} s between fetches of ${host}`, {
          url: url.href,
          crawlDelay,
          retryAfterSeconds: Math.ceil(wait / 1000),
        });
      }
      if (wait > 0) await sleep(wait);
    }
    lastStart.set(host, Date.now());

    const headers: Headers = { 'user-agent': opts.userAgent, accept: ACCEPT, 'accept-encoding': 'gzip, deflate, br' };
    if (cond?.etag) headers['if-none-match'] = cond.etag;
    if (cond?.lastModified) headers['if-modified-since'] = cond.lastModified;

    const ctl = deadline(opts.timeoutMs);
    try {
      const { res, finalUrl } = await follow(url, headers, ctl.signal, opts.maxRedirects, (hop) => enforceRobots(hop, ctl.signal).then(() => undefined));
      const status = res.statusCode;
      const etag = header(res.headers, 'etag');
      const lastModified = header(res.headers, 'last-modified');
      if (status === 304) {
        await discard(res);
        return {
          status: 'not_modified',
          url: url.href,
          finalUrl: finalUrl.href,
          etag: etag ?? cond?.etag ?? null,
          lastModified: lastModified ?? cond?.lastModified ?? null,
        };
      }
      if (status < 200 || status >= 300) {
        await discard(res);
        throw httpError(status, res, finalUrl);
      }
      const bytes = await readBody(res, opts.maxBytes, 'throw');
      return { status: 'ok', url: url.href, finalUrl: finalUrl.href, httpStatus: status, contentType: header(res.headers, 'content-type'), etag, lastModified, bytes };
    } catch (err) {
      throw toFetchError(err, ctl.signal);
    } finally {
      ctl.dispose();
    }
  }

  return {
    async fetch(rawUrl, cond) {
      const url = parseFetchUrl(rawUrl);
      url.hash = '';
      return queue.run(url.hostname, () => fetchInSlot(url, cond));
    },
    async close() {
      await agent.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------------

/** Runs tasks one at a time per key, in arrival order. */
export function createHostQueue(): { run<T>(key: string, task: () => Promise<T>): Promise<T> } {
  const tails = new Map<string, Promise<void>>();
  return {
    async run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => mine);
      tails.set(key, tail);
      await previous;
      try {
        return await task();
      } finally {
        release();
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
  };
}

interface Deadline {
  signal: AbortSignal;
  dispose(): void;
}

/** An abort signal that fires with `fetch.timeout` after `ms`, or when `outer` fires. */
function deadline(ms: number, outer?: AbortSignal): Deadline {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new VigilError('fetch.timeout', `no complete answer within ${ms} ms`, { timeoutMs: ms })), ms);
  const onOuter = (): void => ctl.abort(outer?.reason);
  if (outer) {
    if (outer.aborted) onOuter();
    else outer.addEventListener('abort', onOuter, { once: true });
  }
  return {
    signal: ctl.signal,
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** First value of a response header, or null. */
function header(headers: ResponseData['headers'], name: string): string | null {
  const v = headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

/** Drops a response body without reading much of it (keeps the socket when cheap). */
async function discard(res: ResponseData): Promise<void> {
  try {
    await res.body.dump({ limit: 64 * 1024 });
  } catch {
    // the body is gone either way
  }
}

/** Abandons a body unread; the socket is closed, and the abort error it emits is expected. */
function dropBody(res: ResponseData): void {
  res.body.on('error', () => {});
  res.body.destroy();
}

function httpError(status: number, res: ResponseData, finalUrl: URL): VigilError {
  const details: Record<string, unknown> = { httpStatus: status, url: finalUrl.href };
  const retryAfter = header(res.headers, 'retry-after');
  if (retryAfter !== null) {
    details.retryAfter = retryAfter;
    details.retryAfterSeconds = parseRetryAfter(retryAfter);
  }
  const where = `${finalUrl.href} answered HTTP ${status}`;
  if (status === 404 || status === 410) return new VigilError('fetch.not_found', where, details);
  if (status === 429) return new VigilError('fetch.rate_limited', retryAfter ? `${where}, retry after ${retryAfter}` : where, details);
  if (status >= 500) return new VigilError('fetch.http_5xx', where, details);
  // 4xx, and the odd 1xx/3xx that is neither a redirect with a Location nor 304.
  return new VigilError('fetch.http_4xx', status >= 400 ? where : `${where} without a usable Location`, details);
}

/**
 * Reads the body through the declared content codings, stopping as soon as the raw or decoded
 * size passes `maxBytes`: `throw` fails with `fetch.too_large`, `truncate` keeps the first bytes.
 */
async function readBody(res: ResponseData, maxBytes: number, onOverflow: 'throw' | 'truncate'): Promise<Uint8Array> {
  const tooLarge = (what: string): VigilError => new VigilError('fetch.too_large', `${what} exceeds the cap of ${maxBytes} bytes`, { maxBytes });
  const declared = Number(header(res.headers, 'content-length'));
  if (onOverflow === 'throw' && Number.isFinite(declared) && declared > maxBytes) {
    dropBody(res);
    throw tooLarge(`announced body of ${declared} bytes`);
  }
  const codings = (header(res.headers, 'content-encoding') ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');

  let decoders: Transform[];
  try {
    decoders = [...codings].reverse().map((c) => makeDecoder(c));
  } catch (err) {
    dropBody(res);
    throw err;
  }

  let raw = 0;
  const source: Readable = res.body;
  const sourceErrors = new WeakSet<object>();
  source.on('error', (err) => sourceErrors.add(err));
  // Count raw bytes as they arrive, before any decoder sees them.
  const counted = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      raw += chunk.length;
      if (raw > maxBytes && onOverflow === 'throw') cb(tooLarge('the response body'));
      else cb(null, chunk);
    },
  });
  const streams: Readable[] = [source, counted];
  forward(source, counted);
  let decoded: Readable = counted;
  for (const decoder of decoders) {
    forward(decoded, decoder);
    decoded = decoder;
    streams.push(decoder);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of decoded) {
      const buf = chunk as Buffer;
      if (total + buf.length > maxBytes) {
        if (onOverflow === 'throw') throw tooLarge('the decoded body');
        chunks.push(buf.subarray(0, maxBytes - total));
        total = maxBytes;
        break;
      }
      chunks.push(buf);
      total += buf.length;
    }
  } catch (err) {
    if (err instanceof VigilError) throw err;
    // An error that did not come from the network came from a decoder: a corrupt encoding.
    if (codings.length > 0 && typeof err === 'object' && err !== null && !sourceErrors.has(err) && !source.errored) {
      throw new VigilError('decode.failed', `could not decode the ${codings.join(', ')} content coding: ${(err as Error).message}`, {
        contentEncoding: codings.join(', '),
      });
    }
    throw err;
  } finally {
    for (const s of streams) if (!s.destroyed) s.destroy();
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Pipes `from` into `to`, passing errors along so the reader sees them. */
function forward(from: Readable, to: Transform): void {
  from.on('error', (err) => to.destroy(err));
  from.pipe(to);
}

function makeDecoder(coding: string): Transform {
  if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip();
  if (coding === 'br') return zlib.createBrotliDecompress();
  if (coding === 'deflate') return createDeflateDecoder();
  throw new VigilError('decode.failed', `unsupported content coding "${coding}"`, { contentEncoding: coding });
}

/**
 * "deflate" is meant to be zlib-wrapped, but some servers send raw deflate; the first two bytes
 * tell them apart.
 */
function createDeflateDecoder(): Transform {
  let inner: zlib.Inflate | zlib.InflateRaw | null = null;
  const outer = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (!inner) {
        const b0 = chunk[0] ?? 0;
        const b1 = chunk[1] ?? 0;
        const zlibWrapped = chunk.length >= 2 && (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
        inner = zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
        inner.on('data', (d: Buffer) => outer.push(d));
        inner.on('error', (err) => outer.destroy(err));
      }
      inner.write(chunk, () => cb());
    },
    flush(cb) {
      if (!inner) return cb();
      inner.once('end', () => cb());
      inner.end();
    },
    destroy(err, cb) {
      inner?.destroy();
      cb(err);
    },
  });
  return outer;
}

const TLS_CODES = new Set([
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'HOSTNAME_MISMATCH',
]);

/** Maps whatever a request threw to a VigilError with a `fetch.*` code. */
export function toFetchError(err: unknown, signal?: AbortSignal): VigilError {
  if (err instanceof VigilError) return err;
  if (signal?.aborted && signal.reason instanceof VigilError) return signal.reason;
  // Errors nest: undici wraps socket errors in `cause`, happy-eyeballs in AggregateError.errors.
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown): VigilError | null => {
    if (!e || typeof e !== 'object' || seen.has(e)) return null;
    seen.add(e);
    if (e instanceof VigilError) return e;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const inner = (e as { cause?: unknown }).cause;
    const found = walk(inner);
    if (found) return found;
    const list = (e as { errors?: unknown }).errors;
    if (Array.isArray(list)) for (const x of list) {
      const f = walk(x);
      if (f) return f;
    }
    return null;
  };
  const nested = walk(err);
  if (nested) return nested;
  const message = err instanceof Error ? err.message : String(err);
  const details = { cause: codes[0] ?? null };
  if (codes.some((c) => c === 'ENOTFOUND' || c === 'EAI_AGAIN' || c === 'EAI_NONAME' || c === 'ENODATA' || c === 'EAI_FAIL')) {
    return new VigilError('fetch.dns_failed', `could not resolve the host: ${message}`, details);
  }
  if (codes.some((c) => c === 'UND_ERR_CONNECT_TIMEOUT' || c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT' || c === 'ETIMEDOUT')) {
    return new VigilError('fetch.timeout', `the server did not answer in time: ${message}`, details);
  }
  if (codes.some((c) => TLS_CODES.has(c) || c.startsWith('ERR_TLS_') || c.startsWith('ERR_SSL_') || c.startsWith('ERR_OSSL_'))) {
    return new VigilError('fetch.tls_failed', `TLS failed: ${message}`, details);
  }
  return new VigilError('fetch.connection_failed', `connection failed: ${message}`, details);
}
