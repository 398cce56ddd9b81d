/**
 * robots.txt parsing and matching as tables (RFC 9309 examples included), and the per-origin
 * cache with a fake loader and a fake clock.
 */
import { describe, expect, it } from 'vitest';
import { VigilError } from '../../../src/errors.js';
import { createRobotsCache, isAllowed, parseRobots, patternMatches, type RobotsResponse } from '../../../src/ingest/fetch/robots.js';

describe('patternMatches', () => {
  it.each([
    ['/', '/anything', true],
    ['/fish', '/fish.html', true],
    ['/fish', '/Fish.asp', false],
    ['/fish*', '/fishheads/yummy.html', true],
    ['/fish/', '/fish', false],
    ['/*.php', '/folder/filename.php?parameters', true],
    ['/*.php', '/windows.PHP', false],
    ['/*.php$', '/filename.php', true],
    ['/*.php$', '/filename.php?parameters', false],
    ['/*.php$', '/filename.php5', false],
    ['/fish*.php', '/fishheads/catfish.php?parameters', true],
    ['/fish*.php', '/Fish.PHP', false],
    ['/a*b*c*d*e*f*g*h*i*j*k', `/${'a'.repeat(5000)}`, false],
    ['/$', '/', true],
    ['/$', '/x', false],
  ])('%s vs %s → %s', (pattern, path, expected) => expect(patternMatches(pattern, path)).toBe(expected));
});

describe('parseRobots + isAllowed', () => {
  const robots = `
# comment
User-agent: *
Disallow: /private
Disallow: /*.pdf$
Allow: /private/public

User-agent: googlebot
User-agent: VigilBot/1.0
Disallow: /no-vigil
Allow: /no-vigil/but-this
Crawl-delay: 2

User-agent: otherbot
Disallow: /
`;
  const vigil = parseRobots(robots);
  const star = parseRobots(robots, 'SomeoneElse');

  it.each([
    ['/', true],
    ['/no-vigil', false],
    ['/no-vigil/x', false],
    ['/no-vigil/but-this', true],
    ['/private', true], // the VigilBot group replaces the * group
    ['/robots.txt', true],
  ])('VigilBot %s → %s', (path, ok) => expect(isAllowed(vigil, path)).toBe(ok));

  it.each([
    ['/private', false],
    ['/private/x', false],
    ['/private/public', true],
    ['/private/public/deeper', true],
    ['/file.pdf', false],
    ['/file.pdf?x=1', true],
    ['/no-vigil', true],
  ])('* %s → %s', (path, ok) => expect(isAllowed(star, path)).toBe(ok));

  it('reads Crawl-delay of the chosen group', () => {
    expect(vigil.crawlDelaySeconds).toBe(2);
    expect(star.crawlDelaySeconds).toBeNull();
  });

  it('Allow wins a tie of equal length', () => {
    expect(isAllowed(parseRobots('User-agent: *\nDisallow: /page\nAllow: /page\n'), '/page')).toBe(true);
  });

  it('longest match wins whatever the order', () => {
    const r = parseRobots('User-agent: *\nAllow: /a/b/c\nDisallow: /a\n');
    expect(isAllowed(r, '/a/b/c/d')).toBe(true);
    expect(isAllowed(r, '/a/b')).toBe(false);
  });

  it('an empty Disallow allows all; no group allows all', () => {
    expect(isAllowed(parseRobots('User-agent: *\nDisallow:\n'), '/x')).toBe(true);
    expect(isAllowed(parseRobots('User-agent: otherbot\nDisallow: /\n'), '/x')).toBe(true);
    expect(isAllowed(parseRobots(''), '/x')).toBe(true);
  });

  it('combines several groups naming the agent and ignores rules before any group', () => {
    const r = parseRobots('Disallow: /orphan\nUser-agent: vigilbot\nDisallow: /a\n\nUser-agent: VIGILBOT\nDisallow: /b\n');
    expect(isAllowed(r, '/orphan')).toBe(true);
    expect(isAllowed(r, '/a')).toBe(false);
    expect(isAllowed(r, '/b')).toBe(false);
  });

  it('compares percent-encoded and raw forms alike', () => {
    const r = parseRobots('User-agent: *\nDisallow: /caf%C3%A9\nDisallow: /%7Euser\n');
    expect(isAllowed(r, '/caf%c3%a9/menu')).toBe(false);
    expect(isAllowed(r, '/~user/page')).toBe(false);
    expect(isAllowed(parseRobots('User-agent: *\nDisallow: /café\n'), '/caf%C3%A9')).toBe(false);
  });

  it('handles CRLF, a BOM and comments after values', () => {
    const r = parseRobots('\uFEFFUser-agent: * # all\r\nDisallow: /x # not x\r\n');
    expect(isAllowed(r, '/x/y')).toBe(false);
    expect(isAllowed(r, '/y')).toBe(true);
  });
});

describe('createRobotsCache', () => {
  const body = (s: string): RobotsResponse => ({ status: 200, body: new TextEncoder().encode(s) });

  it('caches per origin for the TTL, then reloads', async () => {
    let t = 0;
    let loads = 0;
    const cache = createRobotsCache({
      now: () => t,
      ttlMs: 1000,
      load: async () => {
        loads++;
        return body('User-agent: *\nDisallow: /p\n');
      },
    });
    expect((await cache.check(new URL('http://a.test/p'))).allowed).toBe(false);
    expect((await cache.check(new URL('http://a.test/q'))).allowed).toBe(true);
    expect(loads).toBe(1);
    await cache.check(new URL('http://b.test/q'));
    expect(loads).toBe(2);
    t = 1500;
    await cache.check(new URL('http://a.test/q'));
    expect(loads).toBe(3);
  });

  it.each([
    [{ status: 404, body: new Uint8Array() }, true],
    [{ status: 403, body: new Uint8Array() }, true],
    [{ status: 500, body: new Uint8Array() }, false],
    [{ status: 503, body: new Uint8Array() }, false],
    [{ status: 429, body: new Uint8Array() }, false],
  ])('status %o → allowed %s', async (res, allowed) => {
    const cache = createRobotsCache({ load: async () => res });
    expect((await cache.check(new URL('http://a.test/x'))).allowed).toBe(allowed);
  });

  it('a timed-out robots.txt disallows for a while, then is asked again', async () => {
    let t = 0;
    let loads = 0;
    const cache = createRobotsCache({
      now: () => t,
      unreachableTtlMs: 100,
      load: async () => {
        loads++;
        if (loads === 1) throw new VigilError('fetch.timeout');
        return body('');
      },
    });
    expect((await cache.check(new URL('http://a.test/x'))).allowed).toBe(false);
    expect((await cache.check(new URL('http://a.test/x'))).allowed).toBe(false);
    expect(loads).toBe(1);
    t = 200;
    expect((await cache.check(new URL('http://a.test/x'))).allowed).toBe(true);
  });

  it('keeps using a stale copy when the reload fails with 5xx', async () => {
    let t = 0;
    let loads = 0;
    const cache = createRobotsCache({
      now: () => t,
      ttlMs: 100,
      load: async () => (++loads === 1 ? body('User-agent: *\nDisallow: /p\n') : { status: 503, body: new Uint8Array() }),
    });
    await cache.check(new URL('http://a.test/x'));
    t = 500;
    expect((await cache.check(new URL('http://a.test/x'))).allowed).toBe(true);
    expect((await cache.check(new URL('http://a.test/p'))).allowed).toBe(false);
    expect(loads).toBe(2);
  });

  it('rethrows network failures and does not cache them', async () => {
    let loads = 0;
    const cache = createRobotsCache({
      load: async () => {
        loads++;
        throw new VigilError('fetch.connection_failed');
      },
    });
    await expect(cache.check(new URL('http://a.test/x'))).rejects.toMatchObject({ code: 'fetch.connection_failed' });
    await expect(cache.check(new URL('http://a.test/x'))).rejects.toMatchObject({ code: 'fetch.connection_failed' });
    expect(loads).toBe(2);
  });
});
