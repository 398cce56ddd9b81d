/**
 * robots.txt (RFC 9309): parsing, matching and a per-origin cache. `parseRobots` keeps the
 * groups that name our product token (`VigilBot`), else the `*` groups; `isAllowed` applies
 * Allow/Disallow with `*` and `$` wildcards, the longest match winning and Allow winning ties.
 * `createRobotsCache` fetches `/robots.txt` once per origin per hour through an injected loader:
 * 4xx means "no rules", 5xx, 429 and time-outs mean "disallow everything for now" (cached for a
 * shorter while so a broken server is not asked again on every fetch; a stale good copy is
 * preferred when there is one). Network failures (DNS, refused connection, TLS, private address)
 * are rethrown as they are: the page itself would fail the same way, and that code says more.
 */
import { VigilError } from '../../errors.js';

export interface RobotsRule {
  allow: boolean;
  /** Normalised path pattern, `*` and a trailing `$` kept. */
  pattern: string;
}

export interface RobotsRules {
  rules: RobotsRule[];
  /** Crawl-delay of the chosen groups, in seconds, or null. */
  crawlDelaySeconds: number | null;
}

interface Group {
  agents: string[];
  rules: RobotsRule[];
  crawlDelay: number | null;
}

/** The product token robots.txt groups are matched against. */
export const ROBOTS_AGENT = 'VigilBot';

/** Parses robots.txt text and keeps the rules that apply to `agent` (case-insensitive product token). */
export function parseRobots(text: string, agent: string = ROBOTS_AGENT): RobotsRules {
  const groups: Group[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const hash = rawLine.indexOf('#');
    const line = (hash >= 0 ? rawLine.slice(0, hash) : rawLine).trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [], crawlDelay: null };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
    } else if (key === 'allow' || key === 'disallow') {
      lastWasAgent = false;
      // An empty Disallow allows everything, which is what no rule means too.
      if (current && value !== '') current.rules.push({ allow: key === 'allow', pattern: normalizePath(value) });
    } else if (key === 'crawl-delay') {
      lastWasAgent = false;
      const n = Number(value);
      if (current && Number.isFinite(n) && n >= 0) current.crawlDelay = n;
    }
    // Other keys (sitemap, host, ...) neither belong to a group nor end one.
  }
  const token = agent.toLowerCase();
  const named = groups.filter((g) => g.agents.some((a) => productToken(a) === token));
  const chosen = named.length > 0 ? named : groups.filter((g) => g.agents.includes('*'));
  const delays = chosen.map((g) => g.crawlDelay).filter((d): d is number => d !== null);
  return { rules: chosen.flatMap((g) => g.rules), crawlDelaySeconds: delays.length > 0 ? Math.max(...delays) : null };
}

function productToken(agentLine: string): string {
  return agentLine.split(/[\s/]/, 1)[0] ?? '';
}

/** Whether `pathAndQuery` (e.g. `/a/b?x=1`) may be fetched under `rules`. */
export function isAllowed(rules: RobotsRules, pathAndQuery: string): boolean {
  const path = normalizePath(pathAndQuery || '/');
  if (path === '/robots.txt') return true;
  let best: RobotsRule | null = null;
  for (const rule of rules.rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    if (
      best === null ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow && !best.allow)
    ) {
      best = rule;
    }
  }
  return best === null || best.allow;
}

/**
 * Matches a robots pattern against a path from its start: `*` is any run of characters and a
 * trailing `$` anchors the end. A greedy matcher with one backtrack point, so a pattern full of
 * stars cannot blow up the way a naive regular expression would.
 */
export function patternMatches(pattern: string, path: string): boolean {
  let p = pattern;
  if (p.endsWith('$')) p = p.slice(0, -1);
  else p = `${p}*`;
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < path.length) {
    const pc = p[pi];
    if (pc !== undefined && pc !== '*' && pc === path[si]) {
      pi++;
      si++;
    } else if (pc === '*') {
      star = pi++;
      mark = si;
    } else if (star !== -1) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * Brings a path or pattern to one comparable form (RFC 9309 2.2.2): non-ASCII characters are
 * percent-encoded, escapes of unreserved characters are decoded, other escapes upper-cased.
 */
export function normalizePath(s: string): string {
  const encoded = s.replace(/[^\x00-\x7f]+/g, (m) => {
    try {
      return encodeURIComponent(m);
    } catch {
      return m; // lone surrogate: leave it, it simply will not match
    }
  });
  return encoded.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${hex.toUpperCase()}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Cache.
// ---------------------------------------------------------------------------------------------

export interface RobotsResponse {
  /** Final HTTP status after redirects. */
  status: number;
  /** The body (for 2xx), possibly truncated to the loader's cap. */
  body: Uint8Array;
}

/** Fetches a robots.txt URL; throws VigilError on network failures. */
export type RobotsLoader = (robotsUrl: URL, signal?: AbortSignal) => Promise<RobotsResponse>;

export interface RobotsDecision {
  allowed: boolean;
  crawlDelaySeconds: number | null;
  /** Why, for error messages ("Disallow rule", "robots.txt answered 503"). */
  reason: string;
}

export interface RobotsCacheOptions {
  load: RobotsLoader;
  agent?: string;
  /** How long a fetched robots.txt is trusted (default one hour). */
  ttlMs?: number;
  /** How long an unreachable robots.txt blocks the origin before it is asked again (default 10 minutes). */
  unreachableTtlMs?: number;
  now?: () => number;
}

type Entry =
  | { kind: 'rules'; rules: RobotsRules; expiresAt: number; reason: string }
  | { kind: 'unreachable'; expiresAt: number; reason: string; stale: RobotsRules | null };

export interface RobotsCache {
  /** Decides whether `url` may be fetched, loading its origin's robots.txt when needed. */
  check(url: URL, signal?: AbortSignal): Promise<RobotsDecision>;
  /** Drops every cached entry. */
  clear(): void;
}

const ALLOW_ALL: RobotsRules = { rules: [], crawlDelaySeconds: null };

export function createRobotsCache(opts: RobotsCacheOptions): RobotsCache {
  const agent = opts.agent ?? ROBOTS_AGENT;
  const ttlMs = opts.ttlMs ?? 60 * 60 * 1000;
  const unreachableTtlMs = opts.unreachableTtlMs ?? 10 * 60 * 1000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Promise<Entry>>();

  async function load(origin: string, signal: AbortSignal | undefined): Promise<Entry> {
    const previous = entries.get(origin);
    const stale = previous?.kind === 'rules' ? previous.rules : previous?.kind === 'unreachable' ? previous.stale : null;
    const unreachable = (reason: string): Entry =>
      stale
        ? { kind: 'rules', rules: stale, expiresAt: now() + unreachableTtlMs, reason: `${reason}; using the previous copy` }
        : { kind: 'unreachable', expiresAt: now() + unreachableTtlMs, reason, stale: null };
    let res: RobotsResponse;
    try {
      res = await opts.load(new URL('/robots.txt', origin), signal);
    } catch (err) {
      if (err instanceof VigilError) {
        if (err.code === 'fetch.timeout') return unreachable('robots.txt timed out');
        if (err.code === 'fetch.http_5xx') return unreachable(`robots.txt answered ${String(err.details?.httpStatus ?? '5xx')}`);
        // RFC 9309 2.3.1.2: after too many redirects robots.txt counts as unavailable (no rules).
        if (err.code === 'fetch.too_many_redirects') return { kind: 'rules', rules: ALLOW_ALL, expiresAt: now() + ttlMs, reason: 'robots.txt redirects too often' };
      }
      throw err;
    }
    if (res.status >= 200 && res.status < 300) {
      const text = new TextDecoder('utf-8').decode(res.body);
      return { kind: 'rules', rules: parseRobots(text, agent), expiresAt: now() + ttlMs, reason: 'robots.txt rule' };
    }
    if (res.status === 429 || res.status >= 500) return unreachable(`robots.txt answered ${res.status}`);
    // 3xx without a usable Location and 4xx: robots.txt is unavailable, nothing is disallowed.
    return { kind: 'rules', rules: ALLOW_ALL, expiresAt: now() + ttlMs, reason: `robots.txt answered ${res.status}` };
  }

  async function entryFor(origin: string, signal: AbortSignal | undefined): Promise<Entry> {
    const cached = entries.get(origin);
    if (cached && cached.expiresAt > now()) return cached;
    let pending = inflight.get(origin);
    if (!pending) {
      pending = load(origin, signal).then(
        (e) => {
          entries.set(origin, e);
          inflight.delete(origin);
          return e;
        },
        (err: unknown) => {
          inflight.delete(origin);
          throw err;
        },
      );
      inflight.set(origin, pending);
    }
    return pending;
  }

  return {
    async check(url, signal) {
      const entry = await entryFor(url.origin, signal);
      if (entry.kind === 'unreachable') return { allowed: false, crawlDelaySeconds: null, reason: entry.reason };
      const allowed = isAllowed(entry.rules, url.pathname + url.search);
      return { allowed, crawlDelaySeconds: entry.rules.crawlDelaySeconds, reason: allowed ? 'allowed' : entry.reason };
    },
    clear() {
      entries.clear();
    },
  };
}
