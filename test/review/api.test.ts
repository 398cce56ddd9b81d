/**
 * Accounts and review through the HTTP API (`app.request`) against the real SQLite store in a
 * temp file: anonymous writes are 401, viewers' writes 403, analysts' corrections are stored
 * with who, before and after and survive a re-ingest; sessions (cookie + CSRF), API tokens (and
 * their expiry, on a clock the tests move), admin-only user management, and `requireLogin` for reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createAuthService, type AuthService } from '../../src/auth/service.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { ISKP, kabulArticle, kabulExtraction, kabulText, moscowArticle, moscowExtraction, peshawarArticle, peshawarExtraction, TTP } from '../store/fixtures.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'vigil-review-'));
let n = 0;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let store: Store;
let auth: AuthService;
let app: ReturnType<typeof createApp>;
let incidentId: string;
const bearer: Record<'viewer' | 'analyst' | 'admin', Record<string, string>> = { viewer: {}, analyst: {}, admin: {} };
const json = { 'content-type': 'application/json' };
/** How far the auth service's clock runs ahead of the real one; `setup` resets it. */
let clockAheadMs = 0;
const DAY_MS = 86_400_000;

async function setup(requireLogin = false) {
  store = await openStore({ databaseUrl: path.join(tmp, `db-${++n}`, 'vigil.db') });
  clockAheadMs = 0;
  auth = createAuthService({ store, maxFailures: 3, lockoutMs: 60_000, now: () => new Date(Date.now() + clockAheadMs) });
  app = createApp({ store, auth, webRoot: null, config: { requireLogin }, logError: (e) => { throw e; } });
  await store.ingestArticle({ article: kabulArticle(), extraction: kabulExtraction() });
  incidentId = (await store.listIncidents()).items[0]!.id;
  for (const role of ['viewer', 'analyst', 'admin'] as const) {
    // Users made straight in the store (cheap hashes); `login` tests use addUser.
    const u = await store.createUser({ name: `${role}1`, role, passwordHash: 'scrypt$1$1$1$x$y' });
    bearer[role] = { authorization: `Bearer ${(await auth.createToken(u, 'tests')).secret}` };
  }
}

const req = (method: string, url: string, headers: Record<string, string> = {}, body?: unknown) =>
  app.request(url, { method, headers: body === undefined ? headers : { ...json, ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('review API', () => {
  beforeEach(() => setup());
  afterEach(() => store.close());

  it('reads stay open without a login', async () => {
    expect((await req('GET', `/api/incidents/${incidentId}`)).status).toBe(200);
    const me = await (await req('GET', '/api/auth/me')).json();
    expect(me).toEqual({ user: null, via: null, csrfToken: null, requireLogin: false });
  });

  it('refuses an anonymous PATCH with 401 auth.required', async () => {
    const res = await req('PATCH', `/api/incidents/${incidentId}`, {}, { killed: 14 });
    expect(res.status).toBe(401);
    expect(await code(res)).toBe('auth.required');
    expect((await store.getIncident(incidentId))!.killed).toBe(13);
  });

  it("refuses a viewer's PATCH, verify, merge and source add with 403 auth.forbidden", async () => {
    const attempts: Array<[string, string, unknown]> = [
      ['PATCH', `/api/incidents/${incidentId}`, { killed: 14 }],
      ['POST', `/api/incidents/${incidentId}/verify`, {}],
      ['POST', '/api/incidents/merge', { ids: [incidentId, 'i_other'] }],
      ['POST', '/api/entities/merge', { ids: [ISKP.id, 'person:x'] }],
      ['POST', '/api/sources', { url: 'https://example.org/feed' }],
    ];
    for (const [m, url, body] of attempts) {
      const res = await req(m, url, bearer.viewer, body);
      expect(res.status, `${m} ${url}`).toBe(403);
      expect(await code(res)).toBe('auth.forbidden');
    }
    expect(await store.incidentCorrections(incidentId)).toEqual([]);
    expect((await store.getIncident(incidentId))!.status).toBe('machine');
  });

  it("stores an analyst's correction with who, before and after; the status becomes corrected", async () => {
    const res = await req('PATCH', `/api/incidents/${incidentId}`, bearer.analyst, { killed: 14, wounded: 3, reason: 'hospital update' });
    expect(res.status).toBe(200);
    const inc = (await res.json()) as { killed: number; wounded: number; status: string; killedSource: { rule: string } };
    expect(inc).toMatchObject({ killed: 14, wounded: 3, status: 'corrected', killedSource: { rule: 'human' } });
    const hist = (await (await req('GET', `/api/incidents/${incidentId}/corrections`)).json()) as { items: any[] };
    const killed = hist.items.find((c) => c.field === 'killed');
    expect(killed).toMatchObject({ by: 'analyst1', action: 'correct', before: 13, after: 14, reason: 'hospital update', targetId: incidentId });
    expect(hist.items.map((c) => c.field).sort()).toEqual(['killed', 'wounded']);
  });

  it('keeps the correction when the article is re-ingested with a changed figure', async () => {
    await req('PATCH', `/api/incidents/${incidentId}`, bearer.analyst, { killed: 21 });
    const out = await store.ingestArticle({ article: kabulArticle(15), extraction: kabulExtraction(kabulText(15), 15) });
    expect(out.status).toBe('updated');
    const inc = (await (await req('GET', `/api/incidents/${incidentId}`)).json()) as any;
    expect(inc).toMatchObject({ killed: 21, status: 'corrected', articleVersion: 1 });
    // The new version's figure is still on record as a source.
    expect(inc.casualtyHistory.map((h: any) => h.killed)).toContain(15);
    expect((await store.listIncidents()).total).toBe(1);
  });

  it('verifies: machine → verified, recorded', async () => {
    const res = await req('POST', `/api/incidents/${incidentId}/verify`, bearer.analyst);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).status).toBe('verified');
    const [c] = await store.incidentCorrections(incidentId);
    expect(c).toMatchObject({ action: 'verify', before: 'machine', after: 'verified', by: 'analyst1' });
  });

  it('validates corrections with zod and the GTD lists', async () => {
    for (const body of [{}, { killed: -1 }, { attackTypes: ['Drive-by'] }, { date: '2022-02-30' }, { lat: 10 }, { nope: 1 }, { countryCode: 'AFG' }]) {
      const res = await req('PATCH', `/api/incidents/${incidentId}`, bearer.analyst, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await code(res)).toBe('api.invalid_request');
    }
    const ok = await req('PATCH', `/api/incidents/${incidentId}`, bearer.analyst, { date: '2022-09', attackTypes: ['Armed Assault'], groups: ['Taliban'], isBackground: true });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ date: '2022-09', datePrecision: 'month', attackTypes: ['Armed Assault'], groups: ['Taliban'], isBackground: true });
    expect((await store.listIncidents({ attackType: 'Armed Assault', group: 'taliban', since: '2022-09-20' })).total).toBe(1);
    expect((await req('PATCH', '/api/incidents/i_nope', bearer.analyst, { killed: 1 })).status).toBe(404);
  });

  it('merges and splits incidents with corrections on record, and merges entities reversibly', async () => {
    await store.ingestArticle({ article: moscowArticle(), extraction: moscowExtraction() });
    const ids = (await store.listIncidents()).items.map((i) => i.id);
    const merged = (await (await req('POST', '/api/incidents/merge', bearer.analyst, { ids })).json()) as any;
    expect(merged.sources).toHaveLength(2);
    const moved = merged.sources.find((s: any) => s.articleId !== merged.articleId).reportId;
    const split = await req('POST', `/api/incidents/${merged.id}/split`, bearer.analyst, { reportIds: [moved] });
    expect(split.status).toBe(200);
    const actions = (await store.incidentCorrections(merged.id)).map((c) => c.action);
    expect(actions).toEqual(['split', 'merge']);

    await store.ingestArticle({ article: peshawarArticle(), extraction: peshawarExtraction() });
    const [a, b] = [ISKP.id, TTP.id];
    const merge = await req('POST', '/api/entities/merge', bearer.analyst, { ids: [a, b], reason: 'same actor' });
    expect(merge.status, await merge.clone().text()).toBe(200);
    expect((await req('GET', `/api/entities/${encodeURIComponent(b)}`)).status).toBe(404);
    const why = (await (await req('GET', `/api/entities/${encodeURIComponent(b)}/merges`)).json()) as any;
    expect(why.items[0]).toMatchObject({ fromId: b, intoId: a, by: 'analyst1', reason: 'same actor', undoneAt: null });
    const un = await req('POST', `/api/entities/${encodeURIComponent(b)}/unmerge`, bearer.analyst, { reason: 'not the same' });
    expect(un.status).toBe(200);
    expect((await req('GET', `/api/entities/${encodeURIComponent(b)}`)).status).toBe(200);
  });
});

describe('sessions, tokens and users', () => {
  beforeEach(() => setup());
  afterEach(() => store.close());

  it('logs in with a cookie (HttpOnly, SameSite=Lax), requires the CSRF header for writes, logs out', async () => {
    await auth.addUser('Alice', 'analyst', 'correct horse battery');
    const bad = await req('POST', '/api/auth/login', {}, { name: 'alice', password: 'wrong password' });
    expect(bad.status).toBe(401);
    expect(await code(bad)).toBe('auth.invalid_credentials');
    const unknown = await req('POST', '/api/auth/login', {}, { name: 'bob', password: 'correct horse battery' });
    expect(await code(unknown)).toBe('auth.invalid_credentials');

    const res = await req('POST', '/api/auth/login', {}, { name: 'alice', password: 'correct horse battery' });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^vigil_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = { cookie: cookie.split(';')[0]! };
    const { user, csrfToken } = (await res.json()) as { user: { name: string; role: string }; csrfToken: string };
    expect(user).toMatchObject({ name: 'Alice', role: 'analyst' });

    const me = (await (await req('GET', '/api/auth/me', session)).json()) as any;
    expect(me).toMatchObject({ user: { name: 'Alice' }, via: 'session', csrfToken });

    const noCsrf = await req('PATCH', `/api/incidents/${incidentId}`, session, { killed: 14 });
    expect(noCsrf.status).toBe(403);
    expect(await code(noCsrf)).toBe('auth.csrf');
    const wrongCsrf = await req('PATCH', `/api/incidents/${incidentId}`, { ...session, 'x-csrf-token': 'x'.repeat(43) }, { killed: 14 });
    expect(await code(wrongCsrf)).toBe('auth.csrf');
    const ok = await req('PATCH', `/api/incidents/${incidentId}`, { ...session, 'x-csrf-token': csrfToken }, { killed: 14 });
    expect(ok.status).toBe(200);

    expect((await req('POST', '/api/auth/logout', { ...session, 'x-csrf-token': csrfToken })).status).toBe(204);
    expect(((await (await req('GET', '/api/auth/me', session)).json()) as any).user).toBeNull();
    expect((await req('PATCH', `/api/incidents/${incidentId}`, { ...session, 'x-csrf-token': csrfToken }, { killed: 15 })).status).toBe(401);
  });

  it('locks a name out after repeated failures', async () => {
    await auth.addUser('carol', 'viewer', 'correct horse battery');
    for (let i = 0; i < 3; i++) await req('POST', '/api/auth/login', {}, { name: 'carol', password: 'nope nope' });
    const res = await req('POST', '/api/auth/login', {}, { name: 'carol', password: 'correct horse battery' });
    expect(res.status).toBe(429);
    expect(await code(res)).toBe('auth.rate_limited');
  });

  it('creates, lists and revokes API tokens; a revoked or forged token is 401', async () => {
    const created = await req('POST', '/api/tokens', bearer.viewer, { name: 'my script' });
    expect(created.status).toBe(201);
    const { token, secret } = (await created.json()) as { token: { id: string; name: string }; secret: string };
    expect(token.name).toBe('my script');
    const mine = (await (await req('GET', '/api/tokens', { authorization: `Bearer ${secret}` })).json()) as any;
    expect(mine.items.map((t: any) => t.name).sort()).toEqual(['my script', 'tests']);
    expect(JSON.stringify(mine)).not.toContain(secret.slice('vigil_'.length + 16 + 1)); // the secret part (base64url may itself hold '_')
    // Someone else's token is not the viewer's to revoke; an admin may.
    const analystToken = (await store.listTokens()).find((t) => t.userName === 'analyst1')!;
    expect((await req('DELETE', `/api/tokens/${analystToken.id}`, bearer.viewer)).status).toBe(404);
    expect((await req('DELETE', `/api/tokens/${token.id}`, bearer.viewer)).status).toBe(204);
    const revoked = await req('GET', '/api/incidents', { authorization: `Bearer ${secret}` });
    expect(revoked.status).toBe(401);
    expect(await code(revoked)).toBe('auth.invalid_token');
    const forged = secret.slice(0, -3) + 'AAA';
    expect((await req('GET', '/api/incidents', { authorization: `Bearer ${forged}` })).status).toBe(401);
    expect((await req('GET', '/api/incidents', { authorization: 'Basic abc' })).status).toBe(401);
  });

  it('creates a token that works until it expires, then is refused with 401 auth.token_expired', async () => {
    const created = await req('POST', '/api/tokens', bearer.analyst, { name: 'nightly export', expiresInDays: 30 });
    expect(created.status).toBe(201);
    const { token, secret } = (await created.json()) as { token: { id: string; createdAt: string; expiresAt: string }; secret: string };
    const lifetime = Date.parse(token.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(30 * DAY_MS - 60_000);
    expect(lifetime).toBeLessThanOrEqual(30 * DAY_MS);
    const mine = { authorization: `Bearer ${secret}` };

    // Listed with its expiry; the tokens made without one never expire.
    const listed = ((await (await req('GET', '/api/tokens', mine)).json()) as { items: Array<{ id: string; name: string; expiresAt: string | null }> }).items;
    expect(listed.find((t) => t.id === token.id)).toMatchObject({ name: 'nightly export', expiresAt: token.expiresAt });
    expect(listed.find((t) => t.name === 'tests')!.expiresAt).toBeNull();

    // A day before the end it still reads and writes as its owner.
    clockAheadMs = 29 * DAY_MS;
    expect((await req('GET', '/api/incidents', mine)).status).toBe(200);
    expect((await req('POST', `/api/incidents/${incidentId}/verify`, mine)).status).toBe(200);

    // From its expiry on it is refused, with a message that says so; the other tokens still work.
    clockAheadMs = Date.parse(token.expiresAt) - Date.now();
    for (const [m, url] of [['GET', '/api/incidents'], ['GET', '/api/auth/me'], ['PATCH', `/api/incidents/${incidentId}`]] as const) {
      const res = await req(m, url, mine, m === 'PATCH' ? { killed: 1 } : undefined);
      expect(res.status, `${m} ${url}`).toBe(401);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('auth.token_expired');
      expect(body.error.message).toMatch(/expired/);
    }
    expect((await store.getIncident(incidentId))!.killed).toBe(13);
    expect((await req('GET', '/api/incidents', bearer.analyst)).status).toBe(200);
    // Only the holder of the secret learns that it expired: a forged secret is just invalid.
    const forged = await req('GET', '/api/incidents', { authorization: `Bearer ${secret.slice(0, -3)}AAA` });
    expect(await code(forged)).toBe('auth.invalid_token');
    // Expired tokens stay listed (for the owner to see and clean up) and can still be revoked.
    expect((await store.listTokens()).find((t) => t.id === token.id)!.expiresAt).toBe(token.expiresAt);
    expect((await req('DELETE', `/api/tokens/${token.id}`, bearer.analyst)).status).toBe(204);
    expect(await code(await req('GET', '/api/incidents', mine))).toBe('auth.invalid_token');
  });

  it('lets an admin give another user an expiring token; refuses a bad expiresInDays with 400', async () => {
    const made = await req('POST', '/api/tokens', bearer.admin, { name: 'for the viewer', user: 'viewer1', expiresInDays: 3650 });
    expect(made.status).toBe(201);
    expect(((await made.json()) as { token: { userName: string; expiresAt: string } }).token).toMatchObject({ userName: 'viewer1', expiresAt: expect.stringMatching(/Z$/) });
    const before = (await store.listTokens()).length;
    for (const expiresInDays of [0, -1, 3651, 1.5, '30', null, true]) {
      const res = await req('POST', '/api/tokens', bearer.viewer, { name: 'bad', expiresInDays });
      expect(res.status, JSON.stringify(expiresInDays)).toBe(400);
      expect(await code(res)).toBe('api.invalid_request');
    }
    expect((await store.listTokens()).length).toBe(before);
    // The service refuses the same values when called directly (the CLI's path).
    const viewer = (await store.getUser((await store.findUser('viewer1'))!.id))!;
    await expect(auth.createToken(viewer, 'bad', { expiresInDays: 0 })).rejects.toMatchObject({ code: 'api.invalid_request' });
    await expect(auth.createToken(viewer, 'bad', { expiresInDays: Number.NaN })).rejects.toMatchObject({ code: 'api.invalid_request' });
    // Documented in the OpenAPI document.
    const doc = (await (await req('GET', '/api/openapi.json')).json()) as any;
    expect(doc.components.schemas.CreateToken.properties.expiresInDays).toMatchObject({ type: 'integer', minimum: 1, maximum: 3650 });
    expect(doc.components.schemas.Token.required).toContain('expiresAt');
  });

  it('lets only admins list and create users', async () => {
    expect((await req('GET', '/api/users', bearer.analyst)).status).toBe(403);
    expect((await req('GET', '/api/users')).status).toBe(401);
    const made = await req('POST', '/api/users', bearer.admin, { name: 'dave', role: 'analyst', password: 'correct horse battery' });
    expect(made.status).toBe(201);
    expect(await made.json()).toMatchObject({ name: 'dave', role: 'analyst', disabled: false });
    expect((await req('POST', '/api/users', bearer.admin, { name: 'DAVE', role: 'viewer', password: 'correct horse battery' })).status).toBe(409);
    const weak = await req('POST', '/api/users', bearer.admin, { name: 'erin', role: 'viewer', password: 'short' });
    expect(await code(weak)).toBe('auth.weak_password');
    const list = (await (await req('GET', '/api/users', bearer.admin)).json()) as any;
    expect(list.items.map((u: any) => u.name)).toEqual(['admin1', 'analyst1', 'dave', 'viewer1']);
    expect(JSON.stringify(list)).not.toContain('scrypt');
    const dave = list.items.find((u: any) => u.name === 'dave');
    const demoted = await req('PATCH', `/api/users/${dave.id}`, bearer.admin, { role: 'viewer' });
    expect(await demoted.json()).toMatchObject({ role: 'viewer' });
  });

  it('refuses to demote or disable the last active admin (409 auth.last_admin)', async () => {
    const admin = ((await (await req('GET', '/api/users', bearer.admin)).json()) as any).items.find((u: any) => u.name === 'admin1');
    for (const body of [{ role: 'analyst' }, { disabled: true }]) {
      const res = await req('PATCH', `/api/users/${admin.id}`, bearer.admin, body);
      expect(res.status).toBe(409);
      expect(await code(res)).toBe('auth.last_admin');
    }
    expect((await store.getUser(admin.id))).toMatchObject({ role: 'admin', disabled: false });
    // With a second admin the first may step down.
    const made = (await (await req('POST', '/api/users', bearer.admin, { name: 'fay', role: 'admin', password: 'correct horse battery' })).json()) as any;
    expect(made.role).toBe('admin');
    expect(await (await req('PATCH', `/api/users/${admin.id}`, bearer.admin, { role: 'analyst' })).json()).toMatchObject({ role: 'analyst' });
  });
});

describe('VIGIL_REQUIRE_LOGIN', () => {
  beforeEach(() => setup(true));
  afterEach(() => store.close());

  it('requires a login for reads, except me, health and the OpenAPI document', async () => {
    const res = await req('GET', '/api/incidents');
    expect(res.status).toBe(401);
    expect(await code(res)).toBe('auth.required');
    for (const url of ['/api/auth/me', '/api/health', '/api/openapi.json']) expect((await req('GET', url)).status, url).toBe(200);
    expect((await req('GET', '/api/incidents', bearer.viewer)).status).toBe(200);
  });
});
