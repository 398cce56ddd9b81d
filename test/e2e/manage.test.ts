/**
 * End-to-end entity merges and account management in Chromium (playwright-core) over the real
 * SQLite store in a temp file: an analyst merges Tehrik-i-Taliban Pakistan into Islamic State
 * Khorasan Province from the actor page (search, confirm), its incidents then count under the
 * survivor, and an unmerge restores both; an admin adds a user, changes and disables them, and
 * creates an API token on the account page whose secret then works as a Bearer token until it
 * is revoked; a viewer sees neither the merge controls nor the users section. Every effect is
 * checked through the API or the store, not only on screen. Needs the built web app
 * (`npm run build:web`) and /usr/bin/chromium (skips otherwise). `SCREENSHOTS=1` writes
 * docs/screenshots/{actor-merge,account}.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, SHOT_DIR, WEB_ROOT, e2eMissing, launchChromium, serveApp } from './harness.js';
import { createApp } from '../../src/api/app.js';
import { createAuthService } from '../../src/auth/service.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { ISKP, kabulArticle, kabulExtraction, moscowArticle, moscowExtraction, peshawarArticle, peshawarExtraction, TTP } from '../store/fixtures.js';

const missing = e2eMissing('e2e manage');

const actorPath = (id: string) => `/actors/${encodeURIComponent(id)}`;

describe.skipIf(missing !== null)('entity merges and accounts in Chromium', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-manage-'));
  let store: Store;
  let server: Awaited<ReturnType<typeof serveApp>> | undefined;
  let base = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    store = await openStore({ databaseUrl: path.join(tmp, 'vigil.db') });
    await store.ingestArticle({ article: kabulArticle(), extraction: kabulExtraction() });
    await store.ingestArticle({ article: moscowArticle(), extraction: moscowExtraction() });
    await store.ingestArticle({ article: peshawarArticle(), extraction: peshawarExtraction() });
    const auth = createAuthService({ store });
    await auth.addUser('ana', 'analyst', 'analyst password');
    await auth.addUser('ada', 'admin', 'admin password');
    await auth.addUser('vic', 'viewer', 'viewer password');
    const app = createApp({ store, auth, webRoot: WEB_ROOT, version: 'e2e', logError: (e) => console.error(e) });
    server = await serveApp(app);
    base = server.base;
    browser = await launchChromium();
  });

  afterEach(async () => {
    await context?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** A fresh browser context (no cookies), logged in as `name`, on `next`. */
  async function logIn(name: string, password: string, next: string) {
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e));
    await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('User name').fill(name);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByTestId('user-menu').innerText()).toContain(name);
    await expect.poll(() => new URL(page.url()).pathname).toBe(next.split('?')[0]);
  }

  /** GET from the API as an anonymous reader (reads are open), or with `headers`. */
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(base + url, { headers });
    return { status: res.status, body: (await res.json()) as any };
  };
  const incidentIds = async (entityId: string) =>
    ((await get(`/api/entities/${encodeURIComponent(entityId)}/incidents?background=true&limit=50`)).body.items as Array<{ id: string }>).map((i) => i.id).sort();
  const shownCount = () => page.locator('section[aria-labelledby=h-names] h3 .count').innerText();

  it('an analyst merges TTP into ISKP from the actor page, then unmerges it', async () => {
    const iskpBefore = await incidentIds(ISKP.id);
    const ttpBefore = await incidentIds(TTP.id);
    expect(iskpBefore).toHaveLength(2);
    expect(ttpBefore).toHaveLength(2);

    await logIn('ana', 'analyst password', actorPath(ISKP.id));
    await expect.poll(shownCount).toBe('2');
    const search = page.getByLabel('Merge another entity into this one');
    // The entity itself is never offered.
    await search.fill('isk');
    await expect.poll(() => page.getByTestId('entity-merges').getByRole('status').first().innerText()).toContain('No other entity matches “isk”');
    // Search by alias; the match shows its kind and incident count. Keyboard only: ArrowDown, Enter.
    await search.fill('ttp');
    const option = page.getByRole('button', { name: 'Choose Tehrik-i-Taliban Pakistan (armed group, 2 incidents)' });
    await expect.poll(() => option.count()).toBe(1);
    if (SHOTS) await page.screenshot({ path: path.join(os.tmpdir(), 'actor-merge-search.png'), fullPage: true });
    await search.focus();
    await page.keyboard.press('ArrowDown');
    expect(await option.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    // The confirmation names both entities; nothing is merged before it is confirmed.
    const confirm = page.getByTestId('merge-confirm');
    await expect
      .poll(() => confirm.innerText())
      .toMatch(/Merge Tehrik-i-Taliban Pakistan \(armed group, 2 incidents\) into\s+Islamic State Khorasan Province \(armed group, 2 incidents\)\?/);
    expect((await get(`/api/entities/${encodeURIComponent(TTP.id)}`)).status).toBe(200);
    await page.getByLabel('Why (kept with the merge)').fill('TTP claims run through ISKP channels (test)');
    if (SHOTS) {
      await expect.poll(() => page.locator('.actor-page .leaflet-marker-icon').count()).toBeGreaterThan(0);
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(SHOT_DIR, 'actor-merge.png'), fullPage: true });
    }
    await page.getByRole('button', { name: 'Merge Tehrik-i-Taliban Pakistan into Islamic State Khorasan Province' }).click();

    // The page reloads in place: TTP's incidents now count under ISKP.
    await expect.poll(shownCount).toBe('4');
    await expect.poll(() => page.getByTestId('merged-list').innerText()).toMatch(/Tehrik-i-Taliban Pakistan · ana/);
    expect(await page.getByTestId('entity-merges').getByRole('status').first().innerText()).toContain('Merged Tehrik-i-Taliban Pakistan into Islamic State Khorasan Province');
    expect(await page.locator('.actor-page .latest').innerText()).toMatch(/Peshawar/);
    // …and in the API.
    expect(await incidentIds(ISKP.id)).toEqual([...iskpBefore, ...ttpBefore].sort());
    expect((await get(`/api/entities/${encodeURIComponent(TTP.id)}`)).status).toBe(404);
    const merges = (await get(`/api/entities/${encodeURIComponent(ISKP.id)}/merges`)).body.items;
    expect(merges[0]).toMatchObject({ fromId: TTP.id, intoId: ISKP.id, by: 'ana', reason: 'TTP claims run through ISKP channels (test)', undoneAt: null });

    // The absorbed entity's old page says where it went.
    await page.goto(base + actorPath(TTP.id));
    await expect.poll(() => page.getByTestId('merged-away').innerText()).toMatch(/Tehrik-i-Taliban Pakistan was merged into Islamic State Khorasan Province by ana/);
    await page.getByTestId('merged-away').getByRole('link', { name: 'Islamic State Khorasan Province' }).click();
    await expect.poll(shownCount).toBe('4');

    // Unmerge: both entities are back with their own incidents.
    await page.getByRole('button', { name: 'Unmerge Tehrik-i-Taliban Pakistan' }).click();
    await expect.poll(shownCount).toBe('2');
    await expect.poll(() => page.getByTestId('merged-list').count()).toBe(0);
    expect(await page.getByTestId('entity-merges').getByRole('status').first().innerText()).toContain('Unmerged Tehrik-i-Taliban Pakistan');
    expect(await incidentIds(ISKP.id)).toEqual(iskpBefore);
    expect(await incidentIds(TTP.id)).toEqual(ttpBefore);
    expect((await get(`/api/entities/${encodeURIComponent(TTP.id)}`)).status).toBe(200);
    expect((await get(`/api/entities/${encodeURIComponent(ISKP.id)}/merges`)).body.items[0]).toMatchObject({ fromId: TTP.id, undoneBy: 'ana' });

    // A refused merge shows the API's error code in an alert: TTP was merged by someone else meanwhile.
    await search.fill('taliban');
    await page.getByRole('button', { name: /^Choose Tehrik-i-Taliban Pakistan/ }).click();
    await store.mergeEntities([ISKP.id, TTP.id], 'someone else');
    await page.getByRole('button', { name: 'Merge Tehrik-i-Taliban Pakistan into Islamic State Khorasan Province' }).click();
    await expect.poll(() => confirm.getByRole('alert').innerText()).toMatch(/store\.not_found/);
    await store.unmergeEntity(TTP.id, 'someone else');
  });

  it('an admin adds and changes a user and creates a token whose secret works as a Bearer token', async () => {
    await logIn('ada', 'admin password', '/');
    await page.getByTestId('user-menu').getByRole('link', { name: /ada/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
    await expect.poll(() => page.getByRole('heading', { name: 'Users' }).count()).toBe(1);
    const users = page.getByTestId('users');
    await expect.poll(() => users.locator('tbody tr').count()).toBe(3);

    // The password policy is the API's, shown as its error code.
    const addForm = page.getByRole('form', { name: 'Add a user' });
    await addForm.getByLabel('User name').fill('bea');
    await addForm.getByLabel('Role').selectOption('analyst');
    await addForm.getByLabel('Password').fill('short');
    await addForm.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => addForm.getByRole('alert').innerText()).toMatch(/auth\.weak_password/);
    expect(await store.findUser('bea')).toBeNull();
    await addForm.getByLabel('Password').fill('a long enough password');
    await addForm.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => users.locator('tr[data-user=bea]').innerText()).toMatch(/bea\s+analyst\s+active/);
    expect(await store.findUser('bea')).toMatchObject({ role: 'analyst', disabled: false });
    const login = (name: string, password: string) =>
      fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) }).then((r) => r.status);
    expect(await login('bea', 'a long enough password')).toBe(200);

    // Change the role, then disable: the API has both, and bea can no longer log in.
    const bea = (await store.findUser('bea'))!;
    await page.getByRole('button', { name: 'Change bea' }).click();
    const edit = page.getByRole('form', { name: 'Change the account of bea' });
    await edit.getByLabel('Role of bea').selectOption('viewer');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await store.getUser(bea.id))?.role).toBe('viewer');
    await expect.poll(() => users.locator('tr[data-user=bea]').innerText()).toMatch(/bea\s+viewer\s+active/);
    await page.getByRole('button', { name: 'Change bea' }).click();
    await edit.getByRole('checkbox', { name: /Disabled/ }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await store.getUser(bea.id))?.disabled).toBe(true);
    expect(await login('bea', 'a long enough password')).toBe(401);

    // A token: its secret is shown once and works as a Bearer token.
    const tokens = page.getByTestId('tokens');
    await tokens.getByLabel('New token name').fill('e2e script');
    await tokens.getByRole('button', { name: 'Create token' }).click();
    const secretBox = page.getByTestId('new-token');
    await expect.poll(() => secretBox.innerText()).toMatch(/you will not see this secret again/);
    const secret = await secretBox.getByLabel('Secret of the token e2e script').inputValue();
    expect(secret).toMatch(/^vigil_/);
    await secretBox.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => secretBox.getByRole('status').innerText()).toBe('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expect.poll(() => tokens.locator('tbody tr').filter({ hasText: 'e2e script' }).innerText()).toMatch(/active/);
    if (SHOTS) await page.screenshot({ path: path.join(SHOT_DIR, 'account.png'), fullPage: true });
    const bearer = { authorization: `Bearer ${secret}` };
    expect(await get('/api/auth/me', bearer)).toMatchObject({ status: 200, body: { user: { name: 'ada', role: 'admin' }, via: 'token' } });
    expect((await get('/api/users', bearer)).status).toBe(200);
    const tokenId = (await store.listTokens()).find((t) => t.name === 'e2e script')!.id;

    // Once dismissed (or after a reload) the secret is gone from the page.
    await secretBox.getByRole('button', { name: 'I have copied it' }).click();
    await page.reload();
    await expect.poll(() => tokens.locator('tbody tr').count()).toBe(1);
    expect(await page.content()).not.toContain(secret.slice(-20));

    // Revoke, after a confirmation: the secret stops working.
    page.once('dialog', (d) => void d.accept());
    await tokens.getByRole('button', { name: 'Revoke the token e2e script' }).click();
    await expect.poll(() => tokens.locator('tbody tr').first().innerText()).toMatch(/revoked/);
    expect((await store.listTokens()).find((t) => t.id === tokenId)!.revokedAt).not.toBeNull();
    expect(await get('/api/auth/me', bearer)).toMatchObject({ status: 401, body: { error: { code: 'auth.invalid_token' } } });
  });

  it('a viewer sees merges but no merge or unmerge control, and no users section', async () => {
    await store.mergeEntities([ISKP.id, TTP.id], 'ana', 'setup');
    try {
      await logIn('vic', 'viewer password', actorPath(ISKP.id));
      await expect.poll(() => page.getByTestId('merged-list').innerText()).toContain('Tehrik-i-Taliban Pakistan');
      expect(await page.getByTestId('merge-locked').innerText()).toContain('You are a viewer');
      expect(await page.getByLabel('Merge another entity into this one').count()).toBe(0);
      expect(await page.getByRole('button', { name: /Unmerge/ }).count()).toBe(0);
      if (SHOTS) await page.screenshot({ path: path.join(os.tmpdir(), 'actor-viewer.png'), fullPage: true });
      // The API refuses the viewer anyway (with the session's CSRF token, so only the role is wrong).
      const res = await page.evaluate(async (id) => {
        const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
        const r = await fetch(`/api/entities/${encodeURIComponent(id)}/unmerge`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: '{}' });
        return { status: r.status, code: ((await r.json()) as { error: { code: string } }).error.code };
      }, TTP.id);
      expect(res).toEqual({ status: 403, code: 'auth.forbidden' });
      expect((await get(`/api/entities/${encodeURIComponent(TTP.id)}`)).status).toBe(404);

      // The account page: own tokens yes, users no.
      await page.getByTestId('user-menu').getByRole('link', { name: /vic/ }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'API tokens' }).count()).toBe(1);
      expect(await page.getByRole('heading', { name: 'Users' }).count()).toBe(0);
      expect(await page.getByTestId('users').count()).toBe(0);
      expect(await page.getByText('Show every user’s tokens').count()).toBe(0);
      const usersRes = await page.evaluate(async () => (await fetch('/api/users')).status);
      expect(usersRes).toBe(403);
      // A viewer's own token reads as the viewer.
      await page.getByLabel('New token name').fill('viewer script');
      await page.getByRole('button', { name: 'Create token' }).click();
      const secret = await page.getByLabel('Secret of the token viewer script').inputValue();
      expect(await get('/api/auth/me', { authorization: `Bearer ${secret}` })).toMatchObject({ status: 200, body: { user: { name: 'vic', role: 'viewer' } } });
    } finally {
      await store.unmergeEntity(TTP.id, 'ana');
    }
  });

  it('tells an anonymous visitor what the account page needs', async () => {
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    await page.goto(`${base}/account`);
    await expect.poll(() => page.getByTestId('account-anonymous').innerText()).toMatch(/You are not logged in[\s\S]*Reading is open/);
    await page.getByTestId('account-anonymous').getByRole('link', { name: 'log in' }).click();
    await expect.poll(() => page.url()).toContain('/login?next=/account');
    expect(await page.getByTestId('tokens').count()).toBe(0);
  });
});
