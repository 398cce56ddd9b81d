/**
 * The account routes: `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me`,
 * `GET/POST /api/tokens`, `DELETE /api/tokens/:id`, and for admins `GET/POST /api/users` and
 * `PATCH /api/users/:id`. Bodies are validated with zod; failures carry `auth.*` codes.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody } from '../api/body.js';
import { notFound } from '../api/errors.js';
import { VigilError } from '../errors.js';
import type { Store } from '../store/store.js';
import { clearSessionCookie, requireRole, requireRoleOf, setSessionCookie, type AuthEnv } from './middleware.js';
import { ROLES } from './roles.js';
import { MAX_TOKEN_DAYS, type AuthService } from './service.js';

const role = z.enum(ROLES as unknown as ['viewer', 'analyst', 'admin']);
export const loginSchema = z.object({ name: z.string().trim().min(1).max(64), password: z.string().min(1).max(1024) }).strict();
export const tokenSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    user: z.string().min(1).max(100).optional(),
    /** Absent: the token never expires. */
    expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
  })
  .strict();
export const newUserSchema = z.object({ name: z.string().trim().min(1).max(64), role, password: z.string().min(1).max(1024) }).strict();
export const userPatchSchema = z
  .object({ role: role.optional(), disabled: z.boolean().optional(), password: z.string().min(1).max(1024).optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export function registerAuthRoutes(app: Hono<AuthEnv>, deps: { store: Store; auth: AuthService; requireLogin: boolean }): void {
  const { store, auth } = deps;

  app.post('/api/auth/login', async (c) => {
    const b = await jsonBody(c, loginSchema, '{"name": "…", "password": "…"}');
    const s = await auth.login(b.name, b.password);
    setSessionCookie(c, s.secret, s.expiresAt);
    return c.json({ user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt });
  });

  app.post('/api/auth/logout', async (c) => {
    const a = c.get('auth');
    if (a.sessionSecret) await auth.logout(a.sessionSecret);
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  app.get('/api/auth/me', (c) => {
    const a = c.get('auth');
    return c.json({ user: a.user, via: a.via, csrfToken: a.csrfToken, requireLogin: deps.requireLogin });
  });

  app.get('/api/tokens', async (c) => {
    const user = requireRoleOf(c, 'viewer');
    const all = c.req.query('all') === 'true' && user.role === 'admin';
    return c.json({ items: await store.listTokens(all ? undefined : user.id) });
  });

  app.post('/api/tokens', async (c) => {
    const actor = requireRoleOf(c, 'viewer');
    const b = await jsonBody(c, tokenSchema, '{"name": "my script", "expiresInDays": 90}');
    let owner = actor;
    if (b.user !== undefined && b.user !== actor.name && b.user !== actor.id) {
      requireRoleOf(c, 'admin');
      const found = (await store.findUser(b.user)) ?? (await store.getUser(b.user));
      if (!found) throw notFound(`user ${b.user}`);
      owner = { id: found.id, name: found.name, role: found.role, disabled: found.disabled, createdAt: found.createdAt };
    }
    const out = await auth.createToken(owner, b.name, { expiresInDays: b.expiresInDays });
    return c.json(out, 201);
  });

  app.delete('/api/tokens/:id', async (c) => {
    const actor = requireRoleOf(c, 'viewer');
    if (!(await auth.revokeToken(actor, c.req.param('id')))) throw notFound(`token ${c.req.param('id')}`);
    return c.body(null, 204);
  });

  app.get('/api/users', requireRole('admin'), async (c) => c.json({ items: await store.listUsers() }));

  app.post('/api/users', requireRole('admin'), async (c) => {
    const b = await jsonBody(c, newUserSchema, '{"name": "…", "role": "analyst", "password": "…"}');
    return c.json(await auth.addUser(b.name, b.role, b.password), 201);
  });

  app.patch('/api/users/:id', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    const b = await jsonBody(c, userPatchSchema, '{"role": "viewer"}');
    const user = await store.getUser(id);
    if (!user) throw notFound(`user ${id}`);
    // Demoting or disabling the last active admin would lock everyone out of user management.
    const losesAdmin = user.role === 'admin' && !user.disabled && ((b.role !== undefined && b.role !== 'admin') || b.disabled === true);
    if (losesAdmin && !(await store.listUsers()).some((u) => u.id !== id && u.role === 'admin' && !u.disabled)) throw new VigilError('auth.last_admin');
    if (b.password !== undefined) await auth.setPassword(id, b.password);
    const patch: { role?: 'viewer' | 'analyst' | 'admin'; disabled?: boolean } = {};
    if (b.role !== undefined) patch.role = b.role;
    if (b.disabled !== undefined) patch.disabled = b.disabled;
    return c.json(await store.updateUser(id, patch));
  });
}
