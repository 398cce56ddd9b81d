/**
 * Session and API-token secrets: random 32-byte values (base64url) that only the client holds;
 * the store keeps their SHA-256. An API token reads `vigil_<id>_<secret>`: the id finds the
 * row, the secret's hash is compared in constant time. The CSRF token of a session derives from
 * its secret, so it needs no storage and dies with the session.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Constant-time equality of two strings (false when the lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The CSRF token of the session whose cookie secret is `sessionSecret`. */
export const csrfToken = (sessionSecret: string): string => sha256Hex(`vigil-csrf\n${sessionSecret}`).slice(0, 43);

const TOKEN_RE = /^vigil_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/u;

export function newApiToken(): { id: string; secret: string; token: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomSecret(32);
  return { id, secret, token: `vigil_${id}_${secret}` };
}

export function parseApiToken(token: string): { id: string; secret: string } | null {
  const m = TOKEN_RE.exec(token.trim());
  return m ? { id: m[1]!, secret: m[2]! } : null;
}
