/**
 * The URL and address guard of outgoing fetches (SSRF protection). A URL must be http or https;
 * its host must not be, or resolve to, a loopback, private, link-local, CGNAT, unique-local,
 * multicast or unspecified address (IPv4-mapped and other IPv4-embedding IPv6 forms included),
 * unless `allowPrivate` is set. The check runs where the connection is made: `createGuardedLookup`
 * is the `lookup` hook of the socket, so the address checked is the address connected to (no
 * DNS-rebinding gap), and IP-literal hosts, which sockets never look up, are checked by
 * `checkHostLiteral` before each request, redirect hops included.
 */
import dns from 'node:dns';
import net from 'node:net';
import { VigilError } from '../../errors.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses (injectable for tests). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export interface GuardOptions {
  allowPrivate: boolean;
  resolve?: Resolver;
  /**
   * The address policy; defaults to `isRefusedAddress`. Tests narrow it to exercise refusals on
   * loopback; an intranet deployment could widen it to one subnet instead of `allowPrivate`.
   */
  refuseAddress?: (address: string) => boolean;
}

/** Parses a URL to fetch: unparsable → `fetch.invalid_url`, not http(s) → `fetch.scheme_refused`. */
export function parseFetchUrl(raw: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    throw new VigilError('fetch.invalid_url', `not a valid URL: ${truncate(String(raw))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new VigilError('fetch.scheme_refused', `only http and https URLs are fetched, not ${url.protocol}`, { url: url.href });
  }
  if (!url.hostname) throw new VigilError('fetch.invalid_url', `URL has no host: ${truncate(url.href)}`);
  if (url.username || url.password) {
    // Credentials in URLs would be sent to every redirect target; refuse them outright.
    throw new VigilError('fetch.invalid_url', 'URLs with user name or password are not fetched', { url: url.origin });
  }
  return url;
}

/** The host of a URL without IPv6 brackets. */
export function bareHostname(url: URL): string {
  const h = url.hostname;
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

/**
 * For an IP-literal host, refuses it unless allowed; host names are left to the connect hook.
 * Throws `fetch.address_refused`.
 */
export function checkHostLiteral(url: URL, opts: GuardOptions): void {
  const host = bareHostname(url);
  if (net.isIP(host) === 0 || opts.allowPrivate) return;
  if ((opts.refuseAddress ?? isRefusedAddress)(host)) {
    throw new VigilError('fetch.address_refused', `refusing to fetch ${url.host}: private or loopback address`, { host: url.host, address: host });
  }
}

/** Resolves `hostname` and refuses it when any address is private (all-or-nothing, so no address is tried that should not be). */
export async function resolveAllowed(hostname: string, opts: GuardOptions): Promise<ResolvedAddress[]> {
  const family = net.isIP(hostname);
  let addresses: ResolvedAddress[];
  if (family !== 0) addresses = [{ address: hostname, family }];
  else {
    try {
      addresses = await (opts.resolve ?? systemResolver)(hostname);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      throw new VigilError('fetch.dns_failed', `could not resolve ${hostname}${code ? ` (${code})` : ''}`, { host: hostname, cause: code || String(err) });
    }
  }
  if (addresses.length === 0) throw new VigilError('fetch.dns_failed', `${hostname} has no addresses`, { host: hostname });
  if (!opts.allowPrivate) {
    const refused = opts.refuseAddress ?? isRefusedAddress;
    const bad = addresses.find((a) => refused(a.address));
    if (bad) {
      throw new VigilError('fetch.address_refused', `refusing to fetch ${hostname}: it resolves to ${bad.address}, a private or loopback address`, {
        host: hostname,
        address: bad.address,
      });
    }
  }
  return addresses;
}

/**
 * A `lookup` function for `net.connect`/`tls.connect` (undici's `connect.lookup`) that resolves
 * through `resolveAllowed`, so the socket only ever connects to addresses that passed the check.
 */
export function createGuardedLookup(opts: GuardOptions): net.LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowed(hostname, opts).then(
      (all) => {
        const wanted = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        const first = wanted[0];
        if (!first) {
          const err = new VigilError('fetch.dns_failed', `${hostname} has no IPv${String(options.family)} address`, { host: hostname });
          callback(err as unknown as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (options.all) callback(null, wanted);
        else callback(null, first.address, first.family);
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}

// ---------------------------------------------------------------------------------------------
// Address classification.
// ---------------------------------------------------------------------------------------------

/** IPv4 ranges that are never fetched: [network, prefix length]. */
const REFUSED_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network", includes 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast 255.255.255.255
];

const REFUSED_V4_NUM = REFUSED_V4.map(([net4, bits]) => {
  const base = parseIPv4(net4) ?? 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (base & mask) >>> 0, mask };
});

/** True when `address` (IPv4 or IPv6 text, optional zone) must not be fetched; unparsable → true. */
export function isRefusedAddress(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4 !== null) return isRefusedV4(v4);
  const v6 = parseIPv6(address);
  if (v6 === null) return true;
  return isRefusedV6(v6);
}

function isRefusedV4(n: number): boolean {
  return REFUSED_V4_NUM.some(({ base, mask }) => ((n & mask) >>> 0) === base);
}

function isRefusedV6(g: number[]): boolean {
  const at = (i: number): number => g[i] ?? 0;
  const embedded = (hi: number, lo: number): number => ((at(hi) << 16) | at(lo)) >>> 0;
  const firstFiveZero = at(0) === 0 && at(1) === 0 && at(2) === 0 && at(3) === 0 && at(4) === 0;
  // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible, also covers :: and ::1).
  if (firstFiveZero && (at(5) === 0xffff || at(5) === 0)) return isRefusedV4(embedded(6, 7));
  // ::ffff:0:a.b.c.d (SIIT).
  if (at(0) === 0 && at(1) === 0 && at(2) === 0 && at(3) === 0 && at(4) === 0xffff && at(5) === 0) return isRefusedV4(embedded(6, 7));
  // 64:ff9b::/96 NAT64 well-known prefix, 64:ff9b:1::/48 local-use NAT64.
  if (at(0) === 0x64 && at(1) === 0xff9b) return at(2) === 1 || isRefusedV4(embedded(6, 7));
  // 2002::/16 6to4 carries an IPv4 address in bits 16..48.
  if (at(0) === 0x2002) return isRefusedV4(embedded(1, 2));
  const first = at(0);
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((first & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((first & 0xff00) === 0xff00) return true; // ff00::/8 multicast
  if (first === 0x0100 && at(1) === 0 && at(2) === 0 && at(3) === 0) return true; // 100::/64 discard
  return false;
}

/** Dotted-quad IPv4 to an unsigned 32-bit number, or null. */
export function parseIPv4(s: string): number | null {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return null;
  let n = 0;
  for (const part of s.split('.')) {
    const v = Number(part);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n >>> 0;
}

/** IPv6 text (with `::`, embedded IPv4 tail and `%zone` allowed) to eight 16-bit groups, or null. */
export function parseIPv6(input: string): number[] | null {
  let s = input;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (!net.isIPv6(s)) return null;
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // rewrite an embedded IPv4 tail as two hex groups
    const v4 = parseIPv4(maybeV4);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const known = head.length + rest.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const groups = halves.length === 2 ? [...head, ...new Array<number>(8 - known).fill(0), ...rest] : head;
  if (groups.some((x) => !Number.isInteger(x) || x < 0 || x > 0xffff)) return null;
  return groups;
}

function truncate(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
