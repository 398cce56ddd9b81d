/** What several commands build the same way from the configuration. */
import type { Config } from '../config.js';
import { createFetcher } from '../ingest/fetch/fetcher.js';

export function fetcherFromConfig(cfg: Config) {
  return createFetcher({
    timeoutMs: cfg.fetchTimeoutMs,
    maxBytes: cfg.fetchMaxBytes,
    maxRedirects: cfg.fetchMaxRedirects,
    userAgent: cfg.fetchUserAgent,
    allowPrivate: cfg.fetchAllowPrivate,
  });
}
