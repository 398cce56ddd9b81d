/**
 * The URL guard: which URLs and addresses are refused, as tables of inputs and codes, with the
 * addresses that must stay allowed listed separately.
 */
import { describe, expect, it } from 'vitest';
import { VigilError } from '../../../src/errors.js';
import { createGuardedLookup, isRefusedAddress, parseFetchUrl, parseIPv6, resolveAllowed } from '../../../src/ingest/fetch/url-guard.js';

const REFUSED = [
  '127.0.0.1', '127.255.255.254', '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.1.1',
  '169.254.169.254', '100.64.0.1', '100.127.255.254', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250',
  '255.255.255.255', '240.0.0.1', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1',
  '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:192.168.0.1', '::127.0.0.1', '64:ff9b::10.0.0.1',
  '2002:7f00:1::', '2002:c0a8:101::1', 'not-an-ip',
];
const ALLOWED = [
  '8.8.8.8', '1.1.1.1', '93.184.216.34', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1',
  '169.253.0.1', '11.0.0.1', '2001:4860:4860::8888', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:808:808::1',
];

describe('isRefusedAddress', () => {
  it.each(REFUSED)('refuses %s', (a) => expect(isRefusedAddress(a)).toBe(true));
  it.each(ALLOWED)('allows %s', (a) => expect(isRefusedAddress(a)).toBe(false));
});

describe('parseIPv6', () => {
  it.each([
    ['::1', [0, 0, 0, 0, 0, 0, 0, 1]],
    ['::ffff:127.0.0.1', [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]],
    ['2001:db8::8:800:200c:417a', [0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a]],
    ['1:2:3:4:5:6:7:8', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['[fe80::1]', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
  ])('%s', (s, groups) => expect(parseIPv6(s)).toEqual(groups));
  it.each(['1:2:3', '1::2::3', 'hello', '12345::'])('rejects %s', (s) => expect(parseIPv6(s)).toBeNull());
});

describe('parseFetchUrl', () => {
  it.each([
    ['file:///etc/passwd', 'fetch.scheme_refused'],
    ['ftp://example.org/x', 'fetch.scheme_refused'],
    ['javascript:alert(1)', 'fetch.scheme_refused'],
    ['gopher://127.0.0.1:70/', 'fetch.scheme_refused'],
    ['not a url', 'fetch.invalid_url'],
    ['', 'fetch.invalid_url'],
    ['http://user:pw@example.org/', 'fetch.invalid_url'],
  ])('%s → %s', (raw, code) => {
    expect(() => parseFetchUrl(raw)).toThrow(VigilError);
    try {
      parseFetchUrl(raw);
    } catch (e) {
      expect((e as VigilError).code).toBe(code);
    }
  });
  it('accepts http and https', () => {
    expect(parseFetchUrl('https://example.org/feed').href).toBe('https://example.org/feed');
    expect(parseFetchUrl('HTTP://EXAMPLE.org').href).toBe('http://example.org/');
  });
});

describe('resolveAllowed and the connect hook', () => {
  const resolve = async (host: string) =>
    host === 'mixed.test'
      ? [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }]
      : [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }];

  it('refuses a name when any of its addresses is private', async () => {
    await expect(resolveAllowed('mixed.test', { allowPrivate: false, resolve })).rejects.toMatchObject({ code: 'fetch.address_refused' });
    await expect(resolveAllowed('mixed.test', { allowPrivate: true, resolve })).resolves.toHaveLength(2);
  });

  it('a resolver failure → fetch.dns_failed', async () => {
    const failing = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    await expect(resolveAllowed('x.test', { allowPrivate: false, resolve: failing })).rejects.toMatchObject({ code: 'fetch.dns_failed' });
  });

  it('answers in both lookup callback shapes and filters by family', async () => {
    const lookup = createGuardedLookup({ allowPrivate: false, resolve });
    const all = await new Promise((ok) => lookup('public.test', { all: true }, (_e, a) => ok(a)));
    expect(all).toHaveLength(2);
    const one = await new Promise((ok) => lookup('public.test', { family: 6 }, (_e, a, f) => ok([a, f])));
    expect(one).toEqual(['2606:2800:220:1::1', 6]);
    const err = await new Promise((ok) => lookup('mixed.test', {}, (e) => ok(e)));
    expect(err).toMatchObject({ code: 'fetch.address_refused' });
  });
});
