/**
 * `vigil serve`: opens the store, loads the demo corpus on a first `--demo` run, polls sources
 * on a schedule and serves the API and the web app until SIGINT or SIGTERM.
 */
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import pino from 'pino';
import type { Config } from '../config.js';
import { openStore } from '../store/open.js';
import { loadResources } from '../resources.js';
import { createApp } from '../api/app.js';
import { addCounts, emptyCounts, ingestFetched, ingestFile, listFiles } from '../ingest/ingest.js';
import { fetcherFromConfig } from './context.js';
import { startPoller } from '../ingest/poll.js';

export async function runServe(opts: { config: Config; demo: boolean; repoRoot: string; version: string }): Promise<void> {
  const cfg = opts.config;
  const log = pino({ level: cfg.logLevel }, pino.destination(2));
  const store = await openStore(cfg);
  const resources = loadResources({ nerSecondPass: cfg.nerSecondPass });
  const deps = { store, resources, maxDocumentBytes: cfg.maxDocumentBytes };

  if (opts.demo) {
    const marker = path.join(cfg.dataDir, '.demo-loaded');
    const demoDir = path.join(opts.repoRoot, 'data', 'demo', 'fbis');
    if (!existsSync(marker) && existsSync(demoDir)) {
      const started = Date.now();
      const files = await listFiles(demoDir);
      log.info({ files: files.length }, 'first run: ingesting the demo corpus');
      const counts = emptyCounts();
      for (const f of files) addCounts(counts, (await ingestFile(deps, f)).items);
      mkdirSync(cfg.dataDir, { recursive: true });
      writeFileSync(marker, new Date().toISOString() + '\n');
      log.info({ ...counts, ms: Date.now() - started }, 'demo corpus ingested');
    }
  }

  const fetcher = fetcherFromConfig(cfg);
  const poller = cfg.pollEnabled
    ? startPoller({
        store,
        fetcher,
        tickMs: 30_000,
        intervalSeconds: cfg.pollIntervalSeconds,
        backoffMaxSeconds: cfg.backoffMaxSeconds,
        log: (msg: object) => log.info(msg, 'poll'),
        ingest: (doc) => ingestFetched(deps, doc),
      })
    : null;

  const webRoot = path.join(opts.repoRoot, 'dist', 'web');
  const app = createApp({ store, webRoot: existsSync(webRoot) ? webRoot : null, config: cfg, version: opts.version });
  const server = serve({ fetch: app.fetch, port: cfg.port, hostname: cfg.host }, (info) => {
    log.info({ url: `http://${cfg.host === '0.0.0.0' ? 'localhost' : cfg.host}:${info.port}` }, 'Vigil is serving');
    process.stdout.write(`Vigil is running at http://localhost:${info.port}\n`);
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    log.error({ err: err.message, code: err.code }, err.code === 'EADDRINUSE' ? `port ${cfg.port} is taken; set PORT to another` : 'server error');
    process.exit(1);
  });
  const stop = async () => {
    log.info('shutting down');
    await poller?.stop();
    await fetcher.close();
    server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
