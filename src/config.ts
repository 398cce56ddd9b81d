/**
 * All of Vigil's configuration in one declarative table (name, environment variable, default,
 * parser, description), after miniflux's `options.go`. Every option has a default that works on
 * a laptop. `loadConfig()` reads the environment once; stages receive the values they need as
 * arguments and never read the environment themselves.
 */
import path from 'node:path';
import { VigilError } from './errors.js';

type Parser<T> = (raw: string) => T;

const int = (min: number, max: number): Parser<number> => (raw) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`expected an integer in [${min}, ${max}], got "${raw}"`);
  return n;
};
const bool: Parser<boolean> = (raw) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`expected true or false, got "${raw}"`);
};
const str: Parser<string> = (raw) => raw;

interface Option<T> {
  env: string;
  default: T;
  parse: Parser<T>;
  doc: string;
}

const opt = <T>(env: string, def: T, parse: Parser<T>, doc: string): Option<T> => ({ env, default: def, parse, doc });

export const CONFIG_OPTIONS = {
  port: opt('PORT', 8080, int(0, 65535), 'HTTP port of the web app and API'),
  host: opt('VIGIL_HOST', '127.0.0.1', str, 'address the server listens on (0.0.0.0 to expose it)'),
  dataDir: opt('VIGIL_DATA_DIR', path.resolve('data/local'), str, 'folder for the SQLite database and other state'),
  databaseUrl: opt('VIGIL_DATABASE', '', str, 'database file path (default: <dataDir>/vigil.db)'),
  logLevel: opt('VIGIL_LOG_LEVEL', 'info', str, 'pino log level: fatal, error, warn, info, debug, trace'),
  pollIntervalSeconds: opt('VIGIL_POLL_INTERVAL', 900, int(10, 86400), 'seconds between two fetches of one source'),
  pollEnabled: opt('VIGIL_POLL', true, bool, 'poll sources while `vigil serve` runs'),
  fetchTimeoutMs: opt('VIGIL_FETCH_TIMEOUT_MS', 20000, int(100, 600000), 'timeout of one HTTP request'),
  fetchMaxBytes: opt('VIGIL_FETCH_MAX_BYTES', 10 * 1024 * 1024, int(1024, 1024 * 1024 * 1024), 'largest response body accepted'),
  fetchMaxRedirects: opt('VIGIL_FETCH_MAX_REDIRECTS', 5, int(0, 20), 'redirects followed before giving up'),
  fetchUserAgent: opt('VIGIL_USER_AGENT', 'VigilBot/0.1 (+https://github.com/vigil-osint/vigil)', str, 'User-Agent of fetches; robots.txt is matched against "VigilBot"'),
  fetchAllowPrivate: opt('VIGIL_ALLOW_PRIVATE_ADDRESSES', false, bool, 'allow fetching loopback and private addresses (tests, intranets)'),
  backoffMaxSeconds: opt('VIGIL_BACKOFF_MAX_SECONDS', 86400, int(1, 30 * 86400), 'longest wait after repeated failures'),
  requireLogin: opt('VIGIL_REQUIRE_LOGIN', false, bool, 'require a login for reading too (writes always need an analyst or admin)'),
  sessionHours: opt('VIGIL_SESSION_HOURS', 168, int(1, 24 * 365), 'hours a web login lasts'),
  nerSecondPass: opt('VIGIL_NER_SECOND_PASS', false, bool, "run the entity tagger's document-level second pass (CoNLL dev F1 91.0 instead of 90.3; extraction about a quarter slower)"),
  maxDocumentBytes: opt('VIGIL_MAX_DOCUMENT_BYTES', 20 * 1024 * 1024, int(1024, 1024 * 1024 * 1024), 'largest local file ingested'),
} as const;

export type ConfigOptions = typeof CONFIG_OPTIONS;
export type Config = { -readonly [K in keyof ConfigOptions]: ReturnType<ConfigOptions[K]['parse']> };

/** Reads every option from `env`, falling back to defaults; throws `config.invalid` naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const out: Record<string, unknown> = {};
  for (const [key, o] of Object.entries(CONFIG_OPTIONS) as Array<[keyof Config, Option<unknown>]>) {
    const raw = env[o.env];
    if (raw === undefined || raw === '') out[key] = o.default;
    else {
      try {
        out[key] = o.parse(raw);
      } catch (e) {
        throw new VigilError('config.invalid', `invalid ${o.env}: ${(e as Error).message}`);
      }
    }
  }
  const cfg = { ...(out as Config), ...overrides };
  if (!cfg.databaseUrl) cfg.databaseUrl = path.join(cfg.dataDir, 'vigil.db');
  return cfg;
}
