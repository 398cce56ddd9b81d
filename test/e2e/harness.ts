/**
 * What every browser test needs: the built web app and Debian's Chromium (a reason to skip when
 * either is missing), the app served on a free local port, and Chromium launched headless with
 * no network of its own. `SCREENSHOTS=1` makes the tests write docs/screenshots/*.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_ROOT = path.join(REPO, 'dist/web');
export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = process.env.SCREENSHOTS === '1';
export const SHOT_DIR = path.join(REPO, 'docs/screenshots');

/** Why the browser tests cannot run here (printed once with `label`), or null. */
export function e2eMissing(label: string): string | null {
  const missing = !existsSync(path.join(WEB_ROOT, 'index.html'))
    ? 'dist/web is missing: run `npm run build:web`'
    : !existsSync(CHROMIUM)
      ? `${CHROMIUM} is missing: apt-get install -y chromium`
      : null;
  if (missing) console.warn(`[${label}] skipped: ${missing}`);
  return missing;
}

/** Serves `app` on 127.0.0.1 at a free port; `close()` stops it. */
export async function serveApp(app: { fetch: (req: Request) => Response | Promise<Response> }): Promise<{ base: string; close: () => Promise<void> }> {
  let server: ReturnType<typeof serve> | undefined;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
  });
  const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((resolve) => server!.close(() => resolve())) };
}

/** Debian's Chromium, headless, without background network traffic; makes the screenshot folder when asked for shots. */
export async function launchChromium(): Promise<Browser> {
  if (SHOTS) mkdirSync(SHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
