/**
 * Screenshots of a running Vigil (default http://127.0.0.1:8080) for the README:
 * `npx tsx scripts/screenshots.ts [BASE_URL] [OUT_DIR]`. Uses Debian's Chromium.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const out = process.argv[3] ?? 'docs/screenshots';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const shot = async (url: string, name: string, settle: () => Promise<unknown>) => {
    await page.goto(base + url);
    await settle();
    await page.screenshot({ path: path.join(out, name), fullPage: false });
    console.log('wrote', path.join(out, name));
  };
  await shot('/', 'incidents.png', () => page.locator('table.incidents tbody tr').first().waitFor());
  const res = await fetch(base + '/api/incidents?limit=50&sort=-killed');
  const incidents = (await res.json()) as { items: Array<{ articleId: string }> };
  const articleId = process.env.ARTICLE ?? incidents.items[0]?.articleId;
  if (articleId) await shot(`/articles/${articleId}`, 'reader.png', () => page.locator('mark, .hl').first().waitFor());
  await shot('/sources', 'sources.png', () => page.waitForLoadState('networkidle'));
  await shot('/search?q=car+bomb', 'search.png', () => page.waitForLoadState('networkidle'));
} finally {
  await browser.close();
}
