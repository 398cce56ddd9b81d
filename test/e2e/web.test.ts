/**
 * End-to-end: the built web app (`dist/web`) served by the API app over the fake store, driven
 * in a real Chromium through playwright-core. It builds nothing: run
 * `npx vite build --config web/vite.config.ts` first. Skips (with a message) when the build or
 * `/usr/bin/chromium` is missing. `SCREENSHOTS=1` writes docs/screenshots/{overview,incidents,map,
 * timeline,incident,actor,reader,sources,search}.png at 1440×900, and `tablet-*.png` at 1024×768
 * into the OS temp folder for a look.
 */
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, SHOT_DIR, WEB_ROOT, e2eMissing, launchChromium, serveApp } from './harness.js';
import { createApp } from '../../src/api/app.js';
import { createAuthService } from '../../src/auth/service.js';
import { SEED_ID, seededStore } from '../api/fixtures.js';

const missing = e2eMissing('e2e');

describe.skipIf(missing !== null)('web app in Chromium', () => {
  let server: Awaited<ReturnType<typeof serveApp>> | undefined;
  let base = '';
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const store = await seededStore();
    const auth = createAuthService({ store });
    await auth.addUser('ana', 'analyst', 'analyst password'); // adding sources needs an analyst
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
  });

  const rows = () => page.locator('table.incidents tbody tr');

  it('incidents page: counts, table and a filter that changes the rows', async () => {
    await page.goto(`${base}/incidents?bg=1`);
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
    if (SHOTS) await page.screenshot({ path: path.join(SHOT_DIR, 'incidents.png'), fullPage: true });
  });

  it('a filter changes the table and the map alike', async () => {
    await page.goto(`${base}/incidents?bg=1`);
    await expect.poll(() => rows().count()).toBe(8);
    await page.getByRole('link', { name: 'Map', exact: true }).click();
    await expect.poll(() => page.getByTestId('map-located').innerText()).toBe('8');
    expect(page.url()).toContain('/map?bg=1');
    const markerTotal = () =>
      page.locator('.leaflet-marker-icon .cluster').evaluateAll((els) => els.reduce((a, el) => a + Number(el.textContent), 0));
    await expect.poll(markerTotal).toBe(8);
    // The map's filter bar writes the same URL state; the table follows it.
    const markerTitles = () => page.locator('.leaflet-marker-icon').evaluateAll((els) => els.map((el) => el.getAttribute('title') ?? '').sort());
    expect((await markerTitles()).length).toBeGreaterThan(2);
    await page.getByLabel('Country').fill('US');
    await expect.poll(() => page.getByTestId('map-located').innerText()).toBe('2');
    await expect.poll(markerTotal).toBe(2);
    // Exactly the two US incidents are drawn: Orlando (49 killed) and San Bernardino (14).
    await expect.poll(markerTitles).toEqual(['1 incident, 14 killed', '1 incident, 49 killed']);
    expect(page.url()).toContain('country=US');
    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(2);
    expect(await rows().allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/Orlando/), expect.stringMatching(/San Bernardino/)]));
    // The table's killed figures are the map's.
    expect((await rows().evaluateAll((trs) => trs.map((tr) => tr.querySelector('td.num')?.textContent ?? ''))).sort()).toEqual(['14', '49']);
    // A marker is a keyboard-reachable button that opens its incidents.
    await page.getByRole('link', { name: 'Map', exact: true }).click();
    await expect.poll(markerTotal).toBe(2);
    const marker = page.locator('.leaflet-marker-icon').first();
    expect(await marker.getAttribute('title')).toMatch(/1 incident, (14|49) killed/);
    await marker.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.leaflet-popup-content').innerText()).toMatch(/(Orlando|San Bernardino)/);
    await page.getByLabel('Country').fill('');
    await expect.poll(() => page.getByTestId('map-located').innerText()).toBe('8');
    if (SHOTS) {
      await page.locator('.leaflet-popup-close-button').click().catch(() => {});
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(SHOT_DIR, 'map.png') });
    }
  });

  it('timeline: weekly bars, and brushing sets the date filter in the URL', async () => {
    await page.goto(`${base}/timeline?bg=1`);
    await expect.poll(() => page.getByTestId('timeline-summary').innerText()).toMatch(/4 incidents/);
    expect(await page.getByTestId('timeline-summary').innerText()).toMatch(/4 dated only to a month or year/);
    const svg = page.getByTestId('stacked-bars');
    const box = (await svg.boundingBox())!;
    // Drag across the right part of the chart (March 2024), then the table shows that range.
    await page.mouse.move(box.x + box.width - 20, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 14, box.y + 120);
    await page.mouse.up();
    await expect.poll(() => page.url()).toContain('until=2024-03-24');
    expect(page.url()).toMatch(/since=2024-03-\d\d/);
    await expect.poll(() => page.getByTestId('timeline-summary').innerText()).toMatch(/^2 incidents/);
    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(2);
    // Keyboard brushing: End selects the last week, Enter applies it.
    await page.goto(`${base}/timeline?bucket=month&bg=1`);
    await expect.poll(() => page.getByTestId('timeline-summary').innerText()).toMatch(/incidents/);
    await page.getByTestId('stacked-bars').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('since=2024-02-01');
    expect(page.url()).toContain('until=2024-03-31');
    if (SHOTS) {
      await page.goto(`${base}/timeline?bg=1&bucket=month`);
      await expect.poll(() => page.getByTestId('stacked-bars').count()).toBe(1);
      await page.screenshot({ path: path.join(SHOT_DIR, 'timeline.png') });
    }
  });

  it('overview: counts, latest incidents and leading groups', async () => {
    await page.goto(`${base}/`);
    await expect.poll(() => page.getByTestId('overview-stats').innerText()).toMatch(/4\s+news incidents/);
    expect(await page.locator('.latest li').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.top-list').first().innerText()).toContain('Islamic State Khorasan Province');
    // Old shared links to `/` with a filter still open the table.
    await page.goto(`${base}/?country=US&bg=1`);
    await expect.poll(() => page.url()).toContain('/incidents?country=US');
    await expect.poll(() => rows().count()).toBe(2);
    if (SHOTS) {
      await page.goto(`${base}/`);
      await expect.poll(() => page.locator('[data-testid=stacked-bars]').count()).toBe(1);
      await page.screenshot({ path: path.join(SHOT_DIR, 'overview.png') });
    }
  });

  it('incident page: every field, and the evidence sentences highlighted', async () => {
    await page.goto(`${base}/incidents?bg=1&country=AF`);
    await expect.poll(() => rows().count()).toBe(3);
    await rows().filter({ hasText: 'Hamid Karzai' }).getByRole('link', { name: '2021' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toMatch(/Bombing\/Explosion in Hamid Karzai International Airport/);
    const ev = page.getByTestId('evidence');
    await expect.poll(() => ev.locator('mark').count()).toBeGreaterThan(2);
    expect(await ev.locator('mark.ev-trigger').innerText()).toBe('suicide bombing');
    expect(await ev.locator('mark.ev-place').innerText()).toBe('Kabul’s international airport');
    expect(await ev.locator('mark.ev-killed').innerText()).toBe('13 US soldiers');
    expect(await ev.locator('.evidence-sentence').first().innerText()).toMatch(/^The world took notice of Isis-K following a suicide bombing/);
    const facts = await page.locator('.facts-wide').innerText();
    expect(facts).toMatch(/year precision/);
    expect(facts).toMatch(/GTD specificity 1/);
    expect(facts).toMatch(/machine/);
    await expect.poll(() => page.locator('section[aria-labelledby=h-related]').innerText()).toMatch(/None found|killed/);
    if (SHOTS) await page.screenshot({ path: path.join(SHOT_DIR, 'incident.png'), fullPage: true });
    // The perpetrator links to the actor page.
    await page.locator('.facts-wide').getByRole('link', { name: 'Islamic State Khorasan Province' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Islamic State Khorasan Province');
  });

  it('actor page: names, parent, incidents, places and linked actors', async () => {
    await page.goto(`${base}/actors/org:islamic-state-khorasan-province`);
    await expect.poll(() => page.locator('.actor-page .latest li').count()).toBe(5);
    expect(await page.locator('.lede').innerText()).toMatch(/branch of Islamic State/);
    expect(await page.locator('section[aria-labelledby=h-names]').innerText()).toMatch(/ISKP/);
    await expect.poll(() => page.locator('.actor-graph a').count()).toBeGreaterThan(2);
    await expect.poll(() => page.locator('.actor-page .leaflet-marker-icon').count()).toBeGreaterThan(0);
    if (SHOTS) {
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(SHOT_DIR, 'actor.png'), fullPage: true });
    }
    await page.locator('.lede').getByRole('link', { name: 'Islamic State' }).click();
    await expect.poll(() => page.locator('section[aria-labelledby=h-names]').innerText()).toMatch(/Branches[\s\S]*Islamic State Khorasan Province/);
  });

  it('article reader: highlighted spans, and a field click marks its evidence', async () => {
    await page.goto(`${base}/articles/${SEED_ID}`);
    await expect.poll(() => page.locator('[data-testid=incident-card]').count()).toBe(6);
    const text = page.getByTestId('article-text');
    expect(await text.locator('.hl-PER').count()).toBeGreaterThan(0);
    expect(await text.locator('.hl-ORG').count()).toBeGreaterThan(1);
    expect(await text.locator('.hl-LOC').count()).toBeGreaterThan(3);
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

    // an entity highlight opens its actor page
    expect(await text.locator('a.hl-PER').first().getAttribute('href')).toBe('/actors/person%3Asanaullah-ghafari');

    // the legend toggles a type off and on
    await page.getByLabel(/^People/).uncheck();
    expect(await text.locator('.hl-PER').count()).toBe(0);
    await page.getByLabel(/^People/).check();
    expect(await text.locator('.hl-PER').count()).toBeGreaterThan(0);
    if (SHOTS) {
      // the shot: top of the article, the Moscow attack's place marked
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator('[data-testid=incident-card]').first().locator('button[data-field$="-place"]').click();
      await page.waitForTimeout(1800); // let the flash settle so the shot shows the steady mark
      await page.screenshot({ path: path.join(SHOT_DIR, 'reader.png') });
    }
  });

  it('sources and search pages render', async () => {
    await page.goto(`${base}/sources`);
    await expect.poll(() => page.locator('table.sources tbody tr').count()).toBe(3);
    expect(await page.getByTestId('sources-locked').count()).toBe(1); // anonymous: no add form
    await page.evaluate(() =>
      fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ana', password: 'analyst password' }) }),
    );
    await page.reload();
    expect(await page.locator('.status-error code').first().innerText()).toBe('fetch.http_5xx');
    await page.getByLabel('Add a feed or page URL').fill('ftp://example.org/feed');
    await page.getByRole('button', { name: 'Add source' }).click();
    await expect.poll(() => page.locator('.form-error').innerText()).toContain('fetch.scheme_refused');
    if (SHOTS) await page.screenshot({ path: path.join(SHOT_DIR, 'sources.png'), fullPage: true });

    await page.goto(`${base}/search?q=embassy`);
    await expect.poll(() => page.locator('.hit').count()).toBe(1);
    expect(await page.locator('.hit mark').first().innerText()).toBe('embassy');
    if (SHOTS) await page.screenshot({ path: path.join(SHOT_DIR, 'search.png'), fullPage: true });
  });

  it('fits a tablet screen (1024×768)', async () => {
    const tablet = await browser.newPage({ viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1 });
    try {
      for (const [name, url, ready] of [
        ['overview', '/', '[data-testid=overview-stats]'],
        ['incidents', '/incidents?bg=1', 'table.incidents tbody tr'],
        ['map', '/map?bg=1', '.leaflet-marker-icon'],
        ['incident', `/incidents/${SEED_ID}-i3`, '[data-testid=evidence] mark'],
      ] as const) {
        await tablet.goto(`${base}${url}`);
        await tablet.locator(ready).first().waitFor();
        // Nothing wider than the screen (the table scrolls inside its own box).
        expect(await tablet.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(1024);
        if (SHOTS) await tablet.screenshot({ path: path.join(os.tmpdir(), `tablet-${name}.png`) });
      }
    } finally {
      await tablet.close();
    }
  });
});
