/**
 * Back-off as a table: failures count, interval, cap and Retry-After in, seconds to wait out.
 */
import { describe, expect, it } from 'vitest';
import { backoffSeconds, nextFetchAt, parseRetryAfter } from '../../../src/ingest/fetch/backoff.js';

const opts = { intervalSeconds: 900, maxSeconds: 86400 };

describe('backoffSeconds', () => {
  it.each([
    // [errorCount, retryAfter, expected seconds]
    [0, undefined, 900],
    [1, undefined, 60],
    [2, undefined, 120],
    [3, undefined, 240],
    [5, undefined, 960],
    [10, undefined, 30720],
    [11, undefined, 61440],
    [12, undefined, 86400],
    [40, undefined, 86400],
    [1000, undefined, 86400],
    [1, 120, 120],
    [3, 120, 240],
    [1, 10 * 86400, 86400],
    [0, 3600, 3600],
    [0, 60, 900],
  ] as const)('errors=%s retryAfter=%s → %s s', (n, retryAfter, expected) => {
    expect(backoffSeconds(n, opts, retryAfter)).toBe(expected);
  });

  it('does not depend on the interval after a failure', () => {
    expect(backoffSeconds(1, { intervalSeconds: 86400, maxSeconds: 86400 })).toBe(60);
  });

  it('caps at maxSeconds', () => {
    expect(backoffSeconds(4, { intervalSeconds: 900, maxSeconds: 300 })).toBe(300);
  });

  it('is deterministic', () => {
    const now = new Date('2024-05-01T00:00:00Z');
    expect(nextFetchAt(now, 3, opts).toISOString()).toBe('2024-05-01T00:04:00.000Z');
    expect(nextFetchAt(now, 3, opts).getTime()).toBe(nextFetchAt(now, 3, opts).getTime());
    expect(nextFetchAt(now, 0, opts).toISOString()).toBe('2024-05-01T00:15:00.000Z');
    expect(nextFetchAt(now, 1, opts, 7200).toISOString()).toBe('2024-05-01T02:00:00.000Z');
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2024-05-01T00:00:00Z');
  it.each([
    ['120', 120],
    [' 0 ', 0],
    ['Wed, 01 May 2024 00:10:00 GMT', 600],
    ['Tue, 30 Apr 2024 00:00:00 GMT', 0],
    ['soon', null],
    ['-5', null],
    ['1.5', null],
    [null, null],
  ] as const)('%s → %s', (v, expected) => expect(parseRetryAfter(v, now)).toBe(expected));
});
