/**
 * Password hashing and token secrets: scrypt with a per-user salt, constant-time checks,
 * malformed hashes refused, the password policy, the token format.
 */
import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../src/auth/passwords.js';
import { csrfToken, newApiToken, parseApiToken, safeEqual } from '../../src/auth/secrets.js';

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(a).not.toBe(b); // per-password salt
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('keeps the parameters in the hash, so cheaper or dearer hashes still verify', async () => {
    const h = await hashPassword('pässwörd-ünïcode', { N: 1024, r: 8, p: 1 });
    expect(h.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('pässwörd-ünïcode', h)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['bcrypt$2b$10$abc', 'another scheme'],
    ['scrypt$x$8$1$c2FsdA$aGFzaA', 'bad N'],
    ['scrypt$1048577000$8$1$c2FsdA$aGFzaA', 'absurd N'],
    ['scrypt$1024$8$1$$', 'no salt or hash'],
  ])('refuses a malformed hash (%s: %s)', async (stored) => {
    expect(await verifyPassword('whatever1', stored)).toBe(false);
  });

  it('enforces 8 to 1024 characters', () => {
    expect(() => checkPasswordPolicy('short')).toThrow(expect.objectContaining({ code: 'auth.weak_password' }));
    expect(() => checkPasswordPolicy('x'.repeat(1025))).toThrow(expect.objectContaining({ code: 'auth.weak_password' }));
    expect(() => checkPasswordPolicy('eight888')).not.toThrow();
  });
});

describe('secrets', () => {
  it('makes tokens vigil_<id>_<secret> and parses them back', () => {
    const t = newApiToken();
    expect(t.token).toMatch(/^vigil_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiToken(t.token)).toEqual({ id: t.id, secret: t.secret });
    for (const bad of ['', 'vigil_', 'Bearer x', `${t.token}x`, t.token.replace('vigil_', 'vigi_')]) expect(parseApiToken(bad)).toBeNull();
  });

  it('derives a CSRF token per session and compares in constant time', () => {
    expect(csrfToken('a')).not.toBe(csrfToken('b'));
    expect(csrfToken('a')).toBe(csrfToken('a'));
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
