/**
 * End-to-end review in Chromium (playwright-core) over the real SQLite store in a temp file:
 * an analyst logs in, corrects an incident's killed figure, the article is re-ingested with a
 * changed text, and the correction is still there after a reload; a viewer sees no edit
 * controls and the API refuses their PATCH. Needs `npx vite build --config web/vite.config.ts`
 * and /usr/bin/chromium (skips otherwise). `SCREENSHOTS=1` writes docs/screenshots/{login,review}.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, SHOT_DIR, WEB_ROOT, e2eMissing, launchChromium, serveApp } from './harness.js';
import { createApp } from '../../src/api/app.js';
import { createAuthService } from '../../src/auth/service.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { kabulArticle, kabulExtraction, kabulText, moscowArticle, moscowExtraction } from '../store/fixtures.js';

const missing = e2eMissing('e2e review');

describe.skipIf(missing !== null)('review in Chromium', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-review-'));
  let store: Store;
  let server: Awaited<ReturnType<typeof serveApp>> | undefined;
  let base = '';
  let browser: Browser;
  let page: Page;
  let incidentId = '';

  beforeAll(async () => {
    store = await openStore({ databaseUrl: path.join(tmp, 'vigil.db') });
    await store.ingestArticle({ article: kabulArticle(), extraction: kabulExtraction() });
    await store.ingestArticle({ article: moscowArticle(), extraction: moscowExtraction() });
    incidentId = (await store.listIncidents({ q: 'kabul' })).items[0]!.id;
    const auth = createAuthService({ store });
    await auth.addUser('ana', 'analyst', 'analyst password');
    await auth.addUser('vic', 'viewer', 'viewer password');
    const app = createApp({ store, auth, webRoot: WEB_ROOT, version: 'e2e' });
    server = await serveApp(app);
    base = server.base;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => console.error('[page error]', e));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function logIn(name: string, password: string) {
    await page.goto(`${base}/login?next=${encodeURIComponent(`/incidents/${incidentId}`)}`);
    await page.getByLabel('User name').fill(name);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByTestId('user-menu').innerText()).toContain(name);
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/incidents/${incidentId}`);
  }

  const killedText = () => page.locator('dl.facts').innerText();

  it('an analyst corrects the killed figure, and the correction persists after re-ingesting the article', async () => {
    await page.goto(`${base}/login`);
    await expect.poll(() => page.getByRole('heading', { name: 'Log in to Vigil' }).count()).toBe(1);
    await page.getByLabel('User name').fill('ana');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.locator('.error-box').innerText()).toContain('auth.invalid_credentials');
    if (SHOTS) await page.screenshot({ path: path.join(SHOT_DIR, 'login.png') });

    await logIn('ana', 'analyst password');
    expect(await page.getByTestId('user-menu').innerText()).toMatch(/ana\s+analyst/);
    await expect.poll(killedText).toMatch(/killed\s+13/i);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Killed', { exact: true }).fill('21');
    await page.getByLabel('Why (kept with the correction)').fill('ministry update');
    await page.getByRole('button', { name: 'Save correction' }).click();
    await expect.poll(killedText).toMatch(/killed\s+21/i);
    await expect.poll(() => page.getByTestId('corrections').innerText()).toMatch(/ana · killed: 13 → 21 — “ministry update”/);
    expect(await page.locator('.lede .badge').first().innerText()).toBe('corrected');
    if (SHOTS) await page.screenshot({ path: path.join(SHOT_DIR, 'review.png'), fullPage: true });

    // Re-extraction: a new version of the article with a different figure.
    const out = await store.ingestArticle({ article: kabulArticle(16), extraction: kabulExtraction(kabulText(16), 16) });
    expect(out.status).toBe('updated');
    await page.reload();
    // The re-extracted figure did arrive (the source now reports 16), yet the analyst's 21 stands.
    await expect.poll(() => page.locator('.sources-section').innerText()).toMatch(/reported 16 killed/);
    await expect.poll(killedText).toMatch(/killed\s+21/i);
    expect(await page.getByTestId('corrections').innerText()).toContain('killed: 13 → 21');
    expect((await store.getIncident(incidentId))!.status).toBe('corrected');

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Log in' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
  });

  it("shows a viewer no edit controls, and the API refuses the viewer's PATCH", async () => {
    await logIn('vic', 'viewer password');
    await expect.poll(() => page.getByTestId('review-locked').innerText()).toContain('viewer');
    for (const name of ['Edit', 'Verify', 'Merge with…', 'Split…']) expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    const res = await page.evaluate(async (id) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const r = await fetch(`/api/incidents/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ killed: 99 }),
      });
      return { status: r.status, body: (await r.json()) as { error: { code: string } } };
    }, incidentId);
    expect(res).toEqual({ status: 403, body: { error: { code: 'auth.forbidden', message: expect.any(String) } } });
    expect((await store.getIncident(incidentId))!.killed).toBe(21);
  });
});
