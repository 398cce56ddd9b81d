/**
 * Fetching sources politely and safely: the fetcher, its URL guard, robots.txt and back-off.
 */
export { createFetcher, toFetchError, type ConditionalHeaders, type Fetcher, type FetcherOptions, type FetchResult } from './fetcher.js';
export { backoffSeconds, nextFetchAt, parseRetryAfter, BACKOFF_BASE_SECONDS, type BackoffOptions } from './backoff.js';
export { createRobotsCache, isAllowed, parseRobots, ROBOTS_AGENT, type RobotsCache, type RobotsDecision, type RobotsRules } from './robots.js';
export { checkHostLiteral, createGuardedLookup, isRefusedAddress, parseFetchUrl, resolveAllowed, type Resolver } from './url-guard.js';
