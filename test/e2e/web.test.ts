/**
 * End-to-end: the built web app (`dist/web`) served by the API app over the fake store, driven
 * in a real Chromium through playwright-core. It builds nothing: run
 * `npx vite build --config web/vite.config.ts` first. Skips (with a message) when the build or
 * `/usr/bin/chromium` is missing. `SCREENSHOTS=1` writes docs/screenshots/{incidents,reader}.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { SEED_ID, seededStore } from '../api/fixtures.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webRoot = path.join(repo, 'dist/web');
const CHROMIUM = '/usr/bin/chromium';
const shots = process.env.SCREENSHOTS === '1';
const shotDir = path.join(repo, 'docs/screenshots');

const missing = !existsSync(path.join(webRoot, 'index.html'))
  ? 'dist/web is missing: run `npx vite build --config web/vite.config.ts`'
  : !existsSync(CHROMIUM)
    ? `${CHROMIUM} is missing: apt-get install -y chromium`
    : null;
if (missing) console.warn(`[e2e] skipped: ${missing}`);

describe.skipIf(missing !== null)('web app in Chromium', () => {
  let server: ServerType;
  let base = '';
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const store = await seededStore();
    const app = createApp({ store, webRoot, version: 'e2e' });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => console.error('[page error]', e));
    if (shots) mkdirSync(shotDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  const rows = () => page.locator('table.incidents tbody tr');

  it('incidents page: counts, table and a filter that changes the rows', async () => {
    await page.goto(`${base}/?bg=1`);
    await expect.poll(() => rows().count()).toBe(8);
    await expect.poll(() => page.getByTestId('health').innerText()).toMatch(/8\s+incidents/);
    expect(await page.getByTestId('result-count').innerText()).toBe('1–8 of 8 incidents');
    expect(await page.locator('a', { hasText: 'Export CSV' }).getAttribute('href')).toContain('background=true');

    await page.getByLabel('Country').fill('US');
    await expect.poll(() => rows().count()).toBe(2);
    expect(page.url()).toContain('country=US');
    expect(await rows().first().innerText()).toMatch(/Orlando|San Bernardino/);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows().count()).toBe(4); // background hidden again
    await page.getByLabel('Include background').check();
    await expect.poll(() => rows().count()).toBe(8);
    await page.getByRole('button', { name: /Killed/ }).click();
    await expect.poll(() => rows().first().locator('td.num').first().innerText()).toBe('95');
    await page.getByRole('button', { name: /Date/ }).click(); // back to newest first for the shot
    await expect.poll(() => rows().first().innerText()).toMatch(/22 Mar 2024/);
    if (shots) await page.screenshot({ path: path.join(shotDir, 'incidents.png'), fullPage: true });
  });

  it('article reader: highlighted spans, and a field click marks its evidence', async () => {
    await page.goto(`${base}/articles/${SEED_ID}`);
    await expect.poll(() => page.locator('[data-testid=incident-card]').count()).toBe(6);
    const text = page.getByTestId('article-text');
    expect(await text.locator('.hl-PER').count()).toBeGreaterThan(3);
    expect(await text.locator('.hl-ORG').count()).toBeGreaterThan(5);
    expect(await text.locator('.hl-LOC').count()).toBeGreaterThan(5);
    expect(await text.locator('.hl-TRIGGER').count()).toBe(6);
    // the highlighted text is the article text, nothing dropped or repeated
    const shown = await text.evaluate((el) => el.textContent);
    const api = (await (await fetch(`${base}/api/articles/${SEED_ID}`)).json()) as { article: { text: string } };
    expect(shown).toBe(api.article.text);

    // clicking the place of the Kabul airport bombing marks its evidence span
    const card = page.locator('[data-testid=incident-card]').filter({ hasText: 'Hamid Karzai' });
    await card.locator('button[data-field$="-place"]').click();
    const marked = text.locator('.target');
    await expect.poll(() => marked.count()).toBeGreaterThan(0);
    expect((await marked.allInnerTexts()).join('')).toBe('Kabul’s international airport');
    await expect.poll(() => marked.first().evaluate((el) => el.getBoundingClientRect().top > 0 && el.getBoundingClientRect().bottom < window.innerHeight)).toBe(true);

    // the legend toggles a type off and on
    await page.getByLabel(/^People/).uncheck();
    expect(await text.locator('.hl-PER').count()).toBe(0);
    await page.getByLabel(/^People/).check();
    expect(await text.locator('.hl-PER').count()).toBeGreaterThan(3);
    if (shots) {
      // the shot: top of the article, the Moscow attack's place marked
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('[data-testid=incident-card]').first().locator('button[data-field$="-place"]').click();
      await page.waitForTimeout(1800); // let the flash settle so the shot shows the steady mark
      await page.screenshot({ path: path.join(shotDir, 'reader.png') });
    }
  });

  it('sources and search pages render', async () => {
    await page.goto(`${base}/sources`);
    await expect.poll(() => page.locator('table.sources tbody tr').count()).toBe(3);
    expect(await page.locator('.status-error code').first().innerText()).toBe('fetch.http_5xx');
    await page.getByLabel('Add a feed or page URL').fill('ftp://example.org/feed');
    await page.getByRole('button', { name: 'Add source' }).click();
    await expect.poll(() => page.locator('.form-error').innerText()).toContain('fetch.scheme_refused');
    if (shots) await page.screenshot({ path: path.join(shotDir, 'sources.png'), fullPage: true });

    await page.goto(`${base}/search?q=embassy`);
    await expect.poll(() => page.locator('.hit').count()).toBe(1);
    expect(await page.locator('.hit mark').first().innerText()).toBe('embassy');
    if (shots) await page.screenshot({ path: path.join(shotDir, 'search.png'), fullPage: true });
  });
});
