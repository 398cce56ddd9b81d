/**
 * Runs the store conformance suite on a temp-file SQLite database, plus the checks that only
 * make sense for SQLite: pragmas, the migrations table, reopening a file, the database URL forms.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, sqlitePath } from '../../src/store/open.js';
import { MIGRATIONS, MIGRATIONS_TABLE, checkMigrations } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { runStoreConformance } from './conformance.js';
import { kabulArticle, kabulExtraction } from './fixtures.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'vigil-store-'));
let n = 0;
const freshPath = () => path.join(tmp, `db-${++n}`, 'vigil.db');

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const asSqlite = (s: Store) => s as SqliteStore;

runStoreConformance('sqlite', () => openStore({ databaseUrl: freshPath() }), {
  async versionCount(store, articleId) {
    return (asSqlite(store).db.prepare('SELECT count(*) AS n FROM article_versions WHERE article_id = ?').get(articleId) as { n: number }).n;
  },
  async setIncidentStatus(store, id, status) {
    asSqlite(store).db.prepare('UPDATE incidents SET status = ? WHERE id = ?').run(status, id);
  },
});

describe('SqliteStore specifics', () => {
  it('sets WAL, foreign keys and a busy timeout', async () => {
    const store = asSqlite(await openStore({ databaseUrl: freshPath() }));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    await store.close();
  });

  it('records every migration once and keeps data across reopen', async () => {
    const file = freshPath();
    const a = asSqlite(await openStore({ databaseUrl: file }));
    expect(a.appliedMigrations().map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const out = await a.ingestArticle({ article: kabulArticle(), extraction: kabulExtraction() });
    await a.close();
    const b = asSqlite(await openStore({ databaseUrl: `sqlite:${file}` }));
    await b.migrate();
    expect(b.appliedMigrations()).toHaveLength(MIGRATIONS.length);
    expect((await b.getArticle(out.articleId))!.title).toBe(kabulArticle().title);
    expect((await b.search('bomber')).total).toBe(1);
    await b.close();
  });

  it('upgrades a database made before token expiry: old tokens keep working and never expire', async () => {
    const file = freshPath();
    mkdirSync(path.dirname(file), { recursive: true });
    const old = new Database(file);
    old.exec(MIGRATIONS_TABLE);
    const before = MIGRATIONS.filter((m) => m.version < 12);
    for (const m of before) {
      old.exec(m.up);
      old.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, '2025-01-01T00:00:00.000Z');
    }
    old.prepare("INSERT INTO users (id, name, name_norm, role, password_hash, created_at, updated_at) VALUES ('u1', 'ann', 'ann', 'viewer', 'h', 'x', 'x')").run();
    old.prepare("INSERT INTO api_tokens (id, user_id, name, secret_hash, created_at) VALUES ('t1', 'u1', 'old script', 'sh', '2025-01-01T00:00:00.000Z')").run();
    old.close();
    const store = asSqlite(await openStore({ databaseUrl: file }));
    expect(store.appliedMigrations().map((m) => m.name)).toContain('api_token_expiry');
    expect(await store.listTokens('u1')).toEqual([expect.objectContaining({ id: 't1', name: 'old script', revokedAt: null, expiresAt: null })]);
    await store.close();
  });

  it('refuses a database from a newer Vigil', async () => {
    const file = freshPath();
    const a = asSqlite(await openStore({ databaseUrl: file }));
    a.db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')").run();
    await a.close();
    await expect(openStore({ databaseUrl: file })).rejects.toThrow(/newer/);
  });

  it('has an append-only, gap-free migration list', () => {
    expect(() => checkMigrations()).not.toThrow();
    expect(() => checkMigrations([{ version: 2, name: 'x', up: 'SELECT 1' }])).toThrow();
  });

  it('rolls a failing ingest back completely', async () => {
    const store = asSqlite(await openStore({ databaseUrl: ':memory:' }));
    const bad = kabulExtraction();
    (bad.incidents[0] as { date_precision: unknown }).date_precision = 'fortnight'; // violates a CHECK
    await expect(store.ingestArticle({ article: kabulArticle(), extraction: bad })).rejects.toThrow();
    expect(await store.stats()).toEqual({ articles: 0, incidents: 0, entities: 0, sources: 0 });
    expect((await store.search('bomber')).total).toBe(0);
    await store.close();
  });

  it('reads database URLs', () => {
    expect(sqlitePath('data/local/vigil.db')).toBe('data/local/vigil.db');
    expect(sqlitePath('sqlite:/tmp/x.db')).toBe('/tmp/x.db');
    expect(sqlitePath('file:///tmp/x.db')).toBe('/tmp/x.db');
    expect(sqlitePath(':memory:')).toBe(':memory:');
    expect(() => sqlitePath('postgres://user@db/vigil')).toThrow(/PostgreSQL backend is not yet available/);
    expect(() => sqlitePath('mysql://db/vigil')).toThrow(/unsupported/);
  });

  it('rejects postgres URLs when opening', async () => {
    await expect(openStore({ databaseUrl: 'postgresql://localhost/vigil' })).rejects.toThrow(/PostgreSQL/);
  });
});
