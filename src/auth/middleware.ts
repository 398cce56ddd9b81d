/**
 * Hono middleware that authenticates every API request and guards writes. A request is
 * anonymous, or carries `Authorization: Bearer vigil_…` (scripts), or the `vigil_session`
 * cookie (the web app). Cookie-authenticated writes must echo the session's CSRF token in
 * `X-CSRF-Token` (the cookie is also SameSite=Lax). Every write under `/api` needs at least an
 * analyst unless the route is on the short list of account routes, so a new write route is
 * protected by default; reads are open unless `requireLogin` is set.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { VigilError } from '../errors.js';
import type { Role, UserRecord } from '../model.js';
import { roleAtLeast } from './roles.js';
import { safeEqual } from './secrets.js';
import type { AuthService } from './service.js';

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface AuthState {
  user: UserRecord | null;
  via: 'session' | 'token' | null;
  /** The CSRF token of the session (cookie logins only). */
  csrfToken: string | null;
  sessionSecret: string | null;
}

export type AuthEnv = { Variables: { auth: AuthState } };

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Writes any logged-in user may make: logging in and out, their own API tokens. */
const ACCOUNT_WRITES: Array<[string, RegExp]> = [
  ['POST', /^\/api\/auth\/(login|logout)$/u],
  ['POST', /^\/api\/tokens$/u],
  ['DELETE', /^\/api\/tokens\/[^/]+$/u],
];
/** Reads open even with `requireLogin`: what the login page and monitoring need. */
const OPEN_READS = [/^\/api\/auth\/me$/u, /^\/api\/health$/u, /^\/api\/openapi\.json$/u];

export function authenticate(service: AuthService, opts: { requireLogin?: boolean } = {}): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const state: AuthState = { user: null, via: null, csrfToken: null, sessionSecret: null };
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/iu.exec(header);
      if (!m) throw new VigilError('auth.invalid_token', 'the Authorization header must read "Bearer vigil_…"');
      state.user = await service.bearer(m[1]!);
      state.via = 'token';
    } else {
      const secret = getCookie(c, SESSION_COOKIE);
      if (secret) {
        const s = await service.session(secret);
        if (s) Object.assign(state, { user: s.user, via: 'session', csrfToken: s.csrfToken, sessionSecret: secret });
        else deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    c.set('auth', state);
    const method = c.req.method;
    const path = c.req.path;
    if (!SAFE.has(method)) {
      const isLogin = method === 'POST' && path === '/api/auth/login';
      if (state.via === 'session' && !isLogin && !safeEqual(c.req.header(CSRF_HEADER) ?? '', state.csrfToken ?? '')) {
        throw new VigilError('auth.csrf');
      }
      if (!ACCOUNT_WRITES.some(([mm, re]) => mm === method && re.test(path))) requireRoleOf(c, 'analyst');
    } else if (opts.requireLogin && !state.user && !OPEN_READS.some((re) => re.test(path))) {
      throw new VigilError('auth.required', 'this Vigil requires a login to read');
    }
    await next();
  };
}

/** Throws `auth.required` (401) without a user, `auth.forbidden` (403) below `min`. */
export function requireRoleOf(c: Context<AuthEnv>, min: Role): UserRecord {
  const user = c.get('auth')?.user ?? null;
  if (!user) throw new VigilError('auth.required');
  if (!roleAtLeast(user.role, min)) throw new VigilError('auth.forbidden', `this needs the ${min} role; you are ${user.role}`);
  return user;
}

/** Route middleware form of `requireRoleOf`. */
export function requireRole(min: Role): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    requireRoleOf(c, min);
    await next();
  };
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure over https, path `/`. */
export function setSessionCookie(c: Context, secret: string, expiresAt: string): void {
  setCookie(c, SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
