/**
 * Password hashing with scrypt (node:crypto): a random 16-byte salt per password, parameters
 * stored with the hash (`scrypt$N$r$p$salt$hash`, base64url) so they can be raised later, and a
 * constant-time comparison. A login for an unknown user still runs one scrypt (`verifyPassword`
 * against `dummyHash()`), so timing does not tell which names exist.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { VigilError } from '../errors.js';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 bytes = 32 MiB and about 50–100 ms per hash on a laptop. */
export const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 64;
const SALT_BYTES = 16;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1024;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Throws `auth.weak_password` unless the password has PASSWORD_MIN to PASSWORD_MAX characters. */
export function checkPasswordPolicy(password: string): void {
  const n = [...password].length;
  if (n < PASSWORD_MIN || n > PASSWORD_MAX) {
    throw new VigilError('auth.weak_password', `a password needs ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
  }
}

export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches the stored hash; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (salt.length === 0 || expected.length === 0) return false;
  const key = await derive(password, salt, { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<string> | null = null;
/** A hash of a random password, for equal-time failures on unknown user names. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}
