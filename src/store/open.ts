/**
 * Opens the configured store: `openStore({databaseUrl})` picks the backend from the URL, creates
 * what it needs (the database folder), applies pending migrations and returns a ready `Store`.
 *
 * Accepted forms: a file path (`data/local/vigil.db`), `sqlite:PATH`, `file:PATH` or `file://PATH`,
 * and `:memory:`. `postgres://` and `postgresql://` are reserved for the PostgreSQL backend.
 */
import { VigilError } from '../errors.js';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from './store.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';

/** Thrown when the database URL names a backend this build does not have. */
export class UnsupportedDatabaseError extends VigilError {
  constructor(message: string) {
    super('store.unsupported_backend', message);
    this.name = 'UnsupportedDatabaseError';
  }
}

/** The SQLite file a database URL names, or ':memory:'. Throws for other backends. */
export function sqlitePath(databaseUrl: string): string {
  const url = databaseUrl.trim();
  if (!url) throw new UnsupportedDatabaseError('no database configured: set VIGIL_DATABASE to a SQLite file path');
  if (/^postgres(ql)?:\/\//iu.test(url)) {
    throw new UnsupportedDatabaseError(
      'the PostgreSQL backend is not yet available; set VIGIL_DATABASE to a SQLite file path (for example data/local/vigil.db)',
    );
  }
  if (url === ':memory:' || url === 'sqlite::memory:') return ':memory:';
  if (/^file:\/\//iu.test(url)) return fileURLToPath(url);
  const m = /^(sqlite|file):(.*)$/iu.exec(url);
  if (m) return m[2] as string;
  if (/^[a-z][a-z0-9+.-]*:\/\//iu.test(url)) throw new UnsupportedDatabaseError(`unsupported database URL "${url}": use a SQLite file path`);
  return url;
}

export async function openStore(config: { databaseUrl: string }, options: SqliteStoreOptions = {}): Promise<Store> {
  const file = sqlitePath(config.databaseUrl);
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const store = new SqliteStore(file, options);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
