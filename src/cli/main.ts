/**
 * The `vigil` command line (commander). Each command opens what it needs (the store, the
 * resources) once, runs a stage or the server, and exits non-zero when anything failed.
 */
import { Command, Option } from 'commander';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { loadConfig, CONFIG_OPTIONS, type Config } from '../config.js';
import { runExtract, runCluster } from './extract-command.js';
import { runIngest } from './ingest-command.js';
import { runServe } from './serve.js';
import { openStore } from '../store/open.js';
import { loadResources } from '../resources.js';
import { formatTable } from './table.js';
import { csvHeader, csvRow } from '../api/export.js';
import { fetcherFromConfig } from './context.js';
import { pollDueSources } from '../ingest/poll.js';
import { ingestFetched } from '../ingest/ingest.js';
import { VigilError } from '../errors.js';
import type { IncidentQuery, Store } from '../store/store.js';
import type { Role, TokenRecord } from '../model.js';
import { createAuthService, MAX_TOKEN_DAYS } from '../auth/service.js';
import { checkPasswordPolicy } from '../auth/passwords.js';
import { askHidden, readPasswordFromStream } from '../auth/prompt.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

function config(opts: { db?: string; dataDir?: string }): Config {
  const overrides: Partial<Config> = {};
  if (opts.dataDir) overrides.dataDir = path.resolve(opts.dataDir);
  if (opts.db) overrides.databaseUrl = opts.db;
  const cfg = loadConfig(process.env, overrides);
  if (opts.dataDir && !opts.db && !process.env.VIGIL_DATABASE) cfg.databaseUrl = path.join(cfg.dataDir, 'vigil.db');
  return cfg;
}

/** Opens the store that `--db` / `--data-dir` (or the environment) name, runs `fn` with it, and closes it, also when `fn` throws. */
async function withStore<T>(opts: { db?: string; dataDir?: string }, fn: (store: Store, cfg: Config) => Promise<T>): Promise<T> {
  const cfg = config(opts);
  const store = await openStore(cfg);
  try {
    return await fn(store, cfg);
  } finally {
    await store.close();
  }
}

const dbOption = () => new Option('--db <path>', 'database file (default: $VIGIL_DATABASE or <data dir>/vigil.db)');
const dataDirOption = () => new Option('--data-dir <dir>', 'data folder (default: $VIGIL_DATA_DIR or ./data/local)');

const program = new Command();
program
  .name('vigil')
  .description('Turn news into a verified, deduplicated, geocoded database of political-violence incidents.')
  .version(pkg.version)
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nConfiguration (environment variables):\n' +
      Object.values(CONFIG_OPTIONS)
        .map((o) => `  ${o.env.padEnd(30)} ${o.doc} (default: ${String(o.default)})`)
        .join('\n'),
  );

program
  .command('extract')
  .description('extract entities, places, dates and incidents: JSON Lines in (stdin) or FILEs, JSON Lines out; writes no database')
  .argument('[files...]', 'files to read (plain-text pages, HTML, feeds, JSON, JSONL); none: JSON Lines on stdin')
  .action(async (files: string[]) => {
    const cfg = config({});
    const resources = loadResources({ nerSecondPass: cfg.nerSecondPass });
    const failed = await runExtract({ files, resources, stdin: process.stdin, stdout: process.stdout, maxDocumentBytes: cfg.maxDocumentBytes });
    if (failed > 0) {
      process.stderr.write(`vigil extract: ${failed} record(s) failed; see their "error" fields\n`);
      process.exitCode = 1;
    }
  });

program
  .command('cluster')
  .description('group articles (JSON Lines on stdin) into stories; writes {"id","story"} per line')
  .action(async () => {
    const failed = await runCluster({ stdin: process.stdin, stdout: process.stdout });
    if (failed > 0) process.exitCode = 1;
  });

program
  .command('ingest')
  .description('read files, folders (recursively), feeds or page URLs into the store')
  .argument('<targets...>', 'paths or http(s) URLs')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .option('--quiet', 'no progress bar')
  .action(async (targets: string[], opts: { db?: string; dataDir?: string; quiet?: boolean }) => {
    const cfg = config(opts);
    const failed = await runIngest({ targets, config: cfg, quiet: Boolean(opts.quiet) });
    if (failed > 0) process.exitCode = 1;
  });

program
  .command('serve')
  .description('serve the web app and API, polling sources on a schedule')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .option('--port <port>', 'port (default: $PORT or 8080)')
  .option('--host <host>', 'address to listen on (default: $VIGIL_HOST or 127.0.0.1)')
  .option('--demo', 'on first run, ingest the bundled demo corpus')
  .option('--no-poll', 'do not poll sources')
  .action(async (opts: { db?: string; dataDir?: string; port?: string; host?: string; demo?: boolean; poll: boolean }) => {
    const cfg = config(opts);
    if (opts.port !== undefined) cfg.port = CONFIG_OPTIONS.port.parse(opts.port);
    if (opts.host) cfg.host = opts.host;
    if (!opts.poll) cfg.pollEnabled = false;
    await runServe({ config: cfg, demo: Boolean(opts.demo), repoRoot: REPO_ROOT, version: pkg.version });
  });

program
  .command('search')
  .description('full-text search of stored articles')
  .argument('<query...>')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .option('--limit <n>', 'hits to show', '20')
  .option('--json', 'JSON output')
  .action(async (query: string[], opts: { db?: string; dataDir?: string; limit: string; json?: boolean }) => {
    await withStore(opts, async (store) => {
      const page = await store.search(query.join(' '), { limit: Number(opts.limit) || 20 });
      if (opts.json) process.stdout.write(JSON.stringify(page) + '\n');
      else {
        process.stdout.write(`${page.total} article(s) match\n`);
        for (const h of page.items) {
          const snippet = h.snippet.replace(/<\/?mark>/g, '*').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
          process.stdout.write(`\n${h.articleId}  ${h.published ?? ''}  ${h.title ?? '(untitled)'}\n  ${snippet.replace(/\s+/g, ' ')}\n`);
        }
      }
    });
  });

program
  .command('incidents')
  .description('list stored incidents')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .option('--since <date>', 'incidents on or after this date (YYYY[-MM[-DD]])')
  .option('--until <date>', 'incidents on or before this date')
  .option('--country <code>', 'ISO 3166-1 alpha-2 country code')
  .option('--group <name>', 'perpetrator group (name or alias)')
  .option('--attack-type <type>', 'GTD attack type, e.g. "Bombing/Explosion"')
  .option('--min-killed <n>', 'at least this many killed')
  .option('--no-background', 'leave out incidents mentioned as history')
  .option('--limit <n>', 'at most this many (all with csv/json)', '50')
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
  .action(async (opts: Record<string, string | boolean | undefined>) => {
    await withStore(opts as { db?: string; dataDir?: string }, async (store) => {
      const q: IncidentQuery = {};
      const dateRe = /^\d{4}(-\d{2}(-\d{2})?)?$/;
      for (const k of ['since', 'until'] as const) {
        const v = opts[k];
        if (typeof v === 'string') {
          if (!dateRe.test(v)) throw new VigilError('api.invalid_request', `--${k} must look like 2024, 2024-03 or 2024-03-22`);
          q[k] = v;
        }
      }
      if (typeof opts.country === 'string') q.country = opts.country.toUpperCase();
      if (typeof opts.group === 'string') q.group = opts.group;
      if (typeof opts.attackType === 'string') q.attackType = opts.attackType;
      if (typeof opts.minKilled === 'string') q.minKilled = Number(opts.minKilled);
      if (opts.background === false) q.includeBackground = false;
      const format = opts.format as string;
      const all = format !== 'table';
      const limit = Number(opts.limit) || 50;
      const items = [];
      let total = 0;
      for (let offset = 0; ; ) {
        const page = await store.listIncidents({ ...q, sort: '-date', limit: all ? 500 : limit, offset });
        total = page.total;
        items.push(...page.items);
        offset += page.items.length;
        if (!all || page.items.length === 0 || offset >= page.total) break;
      }
      if (format === 'json') process.stdout.write(JSON.stringify(items) + '\n');
      else if (format === 'csv') process.stdout.write(csvHeader() + items.map(csvRow).join(''));
      else {
        process.stdout.write(
          formatTable(
            ['date', 'place', 'cc', 'attack', 'groups', 'killed', 'wounded', 'bg', 'id'],
            items.map((i) => [i.date ?? '', i.placeName ?? '', i.countryCode ?? '', i.attackTypes.join(', '), i.groups.join(', '), i.killed ?? '', i.wounded ?? '', i.isBackground ? 'yes' : '', i.id]),
          ),
        );
        process.stdout.write(`${items.length} of ${total} incident(s)\n`);
      }
    });
  });

program
  .command('sources')
  .description('list sources with their fetch status and last error')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .option('--json', 'JSON output')
  .action(async (opts: { db?: string; dataDir?: string; json?: boolean }) => {
    await withStore(opts, async (store) => {
      const sources = await store.listSources();
      if (opts.json) process.stdout.write(JSON.stringify(sources) + '\n');
      else {
        process.stdout.write(
          formatTable(
            ['id', 'url', 'kind', 'last fetch', 'next fetch', 'articles', 'status'],
            sources.map((s) => [s.id, s.url, s.kind, s.lastFetchedAt ?? 'never', s.nextFetchAt ?? 'now', s.articleCount, s.lastErrorCode ? `${s.lastErrorCode} (${s.errorCount}x): ${s.lastErrorMessage ?? ''}` : s.lastFetchedAt ? 'ok' : 'pending']),
          ),
        );
      }
    });
  });

const source = program.command('source').description('manage sources (feeds and pages that `vigil serve` polls)');
source
  .command('add')
  .argument('<url>', 'an http(s) URL of a feed or a page')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .action(async (url: string, opts: { db?: string; dataDir?: string }) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new VigilError('fetch.invalid_url', `not a URL: ${url}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new VigilError('fetch.scheme_refused', `only http and https sources: ${url}`);
    await withStore(opts, async (store) => {
      const { source: s, created } = await store.addSource(parsed.toString());
      process.stdout.write(`${created ? 'added' : 'already present'}: ${s.id} ${s.url}\n`);
    });
  });
source
  .command('remove')
  .argument('<id>', 'source id (see `vigil sources`)')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .action(async (id: string, opts: { db?: string; dataDir?: string }) => {
    await withStore(opts, async (store) => {
      if (!(await store.removeSource(id))) throw new VigilError('store.not_found', `no source ${id}`);
      process.stdout.write(`removed ${id}\n`);
    });
  });

program
  .command('fetch')
  .description('fetch every due source once now, then exit')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .action(async (opts: { db?: string; dataDir?: string }) => {
    await withStore(opts, async (store, cfg) => {
      const deps = { store, resources: loadResources({ nerSecondPass: cfg.nerSecondPass }), maxDocumentBytes: cfg.maxDocumentBytes };
      const fetcher = fetcherFromConfig(cfg);
      const summary = await pollDueSources({
        store,
        fetcher,
        intervalSeconds: cfg.pollIntervalSeconds,
        backoffMaxSeconds: cfg.backoffMaxSeconds,
        ingest: (doc) => ingestFetched(deps, doc),
      });
      await fetcher.close();
      process.stdout.write(JSON.stringify(summary) + '\n');
    });
  });

// accounts -------------------------------------------------------------------------------------
async function readNewPassword(fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) return readPasswordFromStream(process.stdin);
  const first = await askHidden('Password: ');
  const again = await askHidden('Password again: ');
  if (first !== again) throw new VigilError('api.invalid_request', 'the two passwords differ');
  return first;
}

const user = program.command('user').description('manage local accounts (roles: viewer, analyst, admin)');
user
  .command('add')
  .description('create a user; the password is asked for (or read from stdin)')
  .argument('<name>', 'user name')
  .addOption(new Option('--role <role>', 'viewer, analyst or admin').choices(['viewer', 'analyst', 'admin']).default('viewer'))
  .option('--password-stdin', 'read the password from the first line of stdin')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .action(async (name: string, opts: { role: Role; passwordStdin?: boolean; db?: string; dataDir?: string }) => {
    const password = await readNewPassword(opts.passwordStdin);
    checkPasswordPolicy(password);
    await withStore(opts, async (store) => {
      const u = await createAuthService({ store }).addUser(name, opts.role, password);
      process.stdout.write(`created ${u.role} ${u.name} (${u.id})\n`);
    });
  });
user
  .command('list')
  .description('list users')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .option('--json', 'JSON output')
  .action(async (opts: { db?: string; dataDir?: string; json?: boolean }) => {
    await withStore(opts, async (store) => {
      const users = await store.listUsers();
      if (opts.json) process.stdout.write(JSON.stringify(users) + '\n');
      else process.stdout.write(formatTable(['name', 'role', 'disabled', 'created', 'id'], users.map((u) => [u.name, u.role, u.disabled ? 'yes' : '', u.createdAt, u.id])) + '\n');
    });
  });
user
  .command('passwd')
  .description("set a user's password (ends their sessions)")
  .argument('<name>', 'user name')
  .option('--password-stdin', 'read the password from the first line of stdin')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .action(async (name: string, opts: { passwordStdin?: boolean; db?: string; dataDir?: string }) => {
    const password = await readNewPassword(opts.passwordStdin);
    await withStore(opts, async (store) => {
      const u = await store.findUser(name);
      if (!u) throw new VigilError('store.not_found', `no user ${name}`);
      await createAuthService({ store }).setPassword(u.id, password);
      process.stdout.write(`password set for ${u.name}\n`);
    });
  });

const token = program.command('token').description('API tokens for scripts ("Authorization: Bearer …")');
token
  .command('create')
  .description("create an API token for a user; prints it once")
  .argument('<user>', 'the user the token acts as')
  .option('--label <label>', 'what the token is for', 'cli')
  .option('--expires-in-days <n>', `days until the token stops working, 1 to ${MAX_TOKEN_DAYS} (default: it never expires)`)
  .addOption(dbOption())
  .addOption(dataDirOption())
  .action(async (name: string, opts: { label: string; expiresInDays?: string; db?: string; dataDir?: string }) => {
    // Anything but digits becomes NaN, which createToken refuses (api.invalid_request) like 0 or 4000.
    const days = opts.expiresInDays === undefined ? undefined : /^\s*\d+\s*$/u.test(opts.expiresInDays) ? Number(opts.expiresInDays) : Number.NaN;
    await withStore(opts, async (store) => {
      const u = await store.findUser(name);
      if (!u) throw new VigilError('store.not_found', `no user ${name}`);
      const { token: t, secret } = await createAuthService({ store }).createToken(u, opts.label, { expiresInDays: days });
      const expiry = t.expiresAt ? `, expires ${t.expiresAt}` : '';
      process.stderr.write(`token ${t.id} for ${u.name} (${u.role})${expiry}; it is shown only now:\n`);
      process.stdout.write(`${secret}\n`);
    });
  });
token
  .command('list')
  .description('list API tokens (of one user, or all)')
  .argument('[user]', 'user name')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .action(async (name: string | undefined, opts: { db?: string; dataDir?: string }) => {
    await withStore(opts, async (store) => {
      const u = name ? await store.findUser(name) : null;
      if (name && !u) throw new VigilError('store.not_found', `no user ${name}`);
      const items = await store.listTokens(u?.id);
      const now = Date.now();
      const expires = (t: TokenRecord) => (t.expiresAt === null ? 'never' : Date.parse(t.expiresAt) <= now ? `${t.expiresAt} (expired)` : t.expiresAt);
      process.stdout.write(formatTable(['id', 'user', 'label', 'created', 'expires', 'revoked'], items.map((t) => [t.id, t.userName, t.name, t.createdAt, expires(t), t.revokedAt ?? ''])) + '\n');
    });
  });
token
  .command('revoke')
  .argument('<id>', 'token id (see `vigil token list`)')
  .addOption(dbOption())
  .addOption(dataDirOption())
  .action(async (id: string, opts: { db?: string; dataDir?: string }) => {
    await withStore(opts, async (store) => {
      if (!(await store.revokeToken(id))) throw new VigilError('store.not_found', `no live token ${id}`);
      process.stdout.write(`revoked ${id}\n`);
    });
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof VigilError) process.stderr.write(`vigil: ${err.code}: ${err.message}\n`);
  else process.stderr.write(`vigil: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 2;
});
