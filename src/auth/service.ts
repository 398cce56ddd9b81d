/**
 * Accounts over the store: creating users, logging in and out, resolving a session cookie or a
 * bearer token to a user, and creating (optionally with an expiry) and revoking API tokens.
 * Passwords go through `passwords.ts`, secrets through `secrets.ts`; the store only ever sees
 * hashes. Failed logins are counted per user name in memory (a lockout of `lockoutMs` after
 * `maxFailures`), which is enough for a single-process server.
 */
import { VigilError } from '../errors.js';
import type { Role, TokenRecord, UserRecord } from '../model.js';
import type { Store } from '../store/store.js';
import { foldName } from '../store/ids.js';
import { checkPasswordPolicy, dummyHash, hashPassword, verifyPassword } from './passwords.js';
import { roleAtLeast } from './roles.js';
import { csrfToken, newApiToken, parseApiToken, randomSecret, safeEqual, sha256Hex } from './secrets.js';

/** The longest lifetime a token may be given, in days (about ten years). */
export const MAX_TOKEN_DAYS = 3650;

export interface AuthServiceOptions {
  store: Store;
  /** How long a login lasts (default 168 h, `VIGIL_SESSION_HOURS`). */
  sessionHours?: number;
  /** The clock for sessions, lockouts and token expiry (default: the system clock). */
  now?: () => Date;
  maxFailures?: number;
  lockoutMs?: number;
}

export interface SessionInfo {
  user: UserRecord;
  expiresAt: string;
  csrfToken: string;
}

export interface AuthService {
  addUser(name: string, role: Role, password: string): Promise<UserRecord>;
  setPassword(userId: string, password: string): Promise<UserRecord>;
  /** Checks the password and opens a session; the secret goes into the cookie. */
  login(name: string, password: string): Promise<SessionInfo & { secret: string }>;
  logout(secret: string): Promise<void>;
  /** The live session of a cookie secret, or null (unknown, expired, or the user is disabled). */
  session(secret: string): Promise<SessionInfo | null>;
  /** The user of a bearer token; throws `auth.invalid_token`, or `auth.token_expired` for a genuine but expired one. */
  bearer(token: string): Promise<UserRecord>;
  /**
   * A new token for `owner`, valid for `expiresInDays` (an integer 1..3650; absent: it never
   * expires); the returned `secret` (the whole token) is shown once.
   */
  createToken(owner: UserRecord, name: string, opts?: { expiresInDays?: number }): Promise<{ token: TokenRecord; secret: string }>;
  /** Revokes a token of `actor`'s own, or anyone's for an admin; false when there is none to revoke. */
  revokeToken(actor: UserRecord, id: string): Promise<boolean>;
}

export function createAuthService(opts: AuthServiceOptions): AuthService {
  const { store } = opts;
  const now = opts.now ?? (() => new Date());
  const sessionMs = (opts.sessionHours ?? 168) * 3_600_000;
  const maxFailures = opts.maxFailures ?? 10;
  const lockoutMs = opts.lockoutMs ?? 60_000;
  const failures = new Map<string, { count: number; until: number }>();

  const live = (u: UserRecord | null | undefined): u is UserRecord => !!u && !u.disabled;

  return {
    async addUser(name, role, password) {
      checkPasswordPolicy(password);
      if (!/^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u.test(name.trim())) {
        throw new VigilError('api.invalid_request', 'a user name has 1 to 64 letters, digits, ".", "_", "@" or "-"');
      }
      return store.createUser({ name: name.trim(), role, passwordHash: await hashPassword(password) });
    },

    async setPassword(userId, password) {
      checkPasswordPolicy(password);
      return store.updateUser(userId, { passwordHash: await hashPassword(password) });
    },

    async login(name, password) {
      const key = foldName(name);
      const f = failures.get(key);
      const t = now().getTime();
      if (f && f.count >= maxFailures && f.until > t) throw new VigilError('auth.rate_limited');
      const user = await store.findUser(name);
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
      if (!user || !ok || user.disabled) {
        const count = (f && f.until > t ? f.count : 0) + 1;
        failures.set(key, { count, until: t + lockoutMs });
        throw new VigilError('auth.invalid_credentials');
      }
      failures.delete(key);
      const secret = randomSecret();
      const expiresAt = new Date(t + sessionMs).toISOString();
      await store.createSession({ idHash: sha256Hex(secret), userId: user.id, expiresAt });
      const { passwordHash: _omit, ...pub } = user;
      return { user: pub, expiresAt, csrfToken: csrfToken(secret), secret };
    },

    async logout(secret) {
      await store.deleteSession(sha256Hex(secret));
    },

    async session(secret) {
      if (!secret || secret.length > 200) return null;
      const s = await store.sessionUser(sha256Hex(secret), now().toISOString());
      if (!s || !live(s.user)) return null;
      return { user: s.user, expiresAt: s.expiresAt, csrfToken: csrfToken(secret) };
    },

    async bearer(token) {
      const parsed = parseApiToken(token);
      const found = parsed ? await store.tokenUser(parsed.id) : null;
      if (!parsed || !found || found.token.revokedAt || !safeEqual(found.secretHash, sha256Hex(parsed.secret)) || !live(found.user)) {
        throw new VigilError('auth.invalid_token');
      }
      // Checked only once the secret matched, so a guessed id learns nothing about the token.
      const expiresAt = found.token.expiresAt;
      if (expiresAt !== null && !(now().getTime() < Date.parse(expiresAt))) {
        throw new VigilError('auth.token_expired', `the API token ${found.token.id} expired at ${expiresAt}; create a new one`);
      }
      return found.user;
    },

    async createToken(owner, name, opts = {}) {
      const label = name.trim();
      if (!label || label.length > 100) throw new VigilError('api.invalid_request', 'a token needs a name of 1 to 100 characters');
      const days = opts.expiresInDays;
      if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= MAX_TOKEN_DAYS)) {
        throw new VigilError('api.invalid_request', `a token expires in 1 to ${MAX_TOKEN_DAYS} whole days`);
      }
      const expiresAt = days === undefined ? null : new Date(now().getTime() + days * 86_400_000).toISOString();
      const t = newApiToken();
      const token = await store.createToken({ id: t.id, userId: owner.id, name: label, secretHash: sha256Hex(t.secret), expiresAt });
      return { token, secret: t.token };
    },

    async revokeToken(actor, id) {
      const found = await store.tokenUser(id);
      if (!found) return false;
      if (found.user.id !== actor.id && !roleAtLeast(actor.role, 'admin')) return false;
      return store.revokeToken(id);
    },
  };
}
