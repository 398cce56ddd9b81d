/**
 * The SQLite schema as an append-only, numbered list of migrations (after miniflux's
 * `internal/database/migrations.go`). Each migration runs in its own transaction and is recorded
 * in `schema_migrations`. Never edit or reorder a released migration: append a new one.
 *
 * Dates and timestamps are ISO 8601 strings (UTC `...Z` for timestamps) so they sort as text.
 * JSON columns hold arrays/objects written by `JSON.stringify`.
 */

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sources',
    up: `
      CREATE TABLE sources (
        id                 TEXT PRIMARY KEY,
        url                TEXT NOT NULL,
        kind               TEXT NOT NULL DEFAULT 'auto' CHECK (kind IN ('feed', 'page', 'auto')),
        title              TEXT,
        enabled            INTEGER NOT NULL DEFAULT 1,
        created_at         TEXT NOT NULL,
        etag               TEXT,
        last_modified      TEXT,
        last_fetched_at    TEXT,
        last_success_at    TEXT,
        next_fetch_at      TEXT,
        error_count        INTEGER NOT NULL DEFAULT 0,
        last_error_code    TEXT,
        last_error_message TEXT
      );
      CREATE INDEX sources_due ON sources (enabled, next_fetch_at);

      CREATE TABLE source_errors (
        id        INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        at        TEXT NOT NULL,
        code      TEXT NOT NULL,
        message   TEXT NOT NULL
      );
      CREATE INDEX source_errors_source ON source_errors (source_id, id);
    `,
  },
  {
    version: 2,
    name: 'articles',
    up: `
      CREATE TABLE stories (
        id      TEXT PRIMARY KEY,
        created TEXT NOT NULL
      );

      -- seq is an INTEGER PRIMARY KEY so that the FTS index's rowids survive VACUUM.
      CREATE TABLE articles (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        key          TEXT NOT NULL,
        external_id  TEXT,
        url          TEXT,
        title        TEXT,
        published    TEXT,
        source       TEXT,
        byline       TEXT,
        lang         TEXT,
        text         TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        version      INTEGER NOT NULL DEFAULT 1,
        related      TEXT NOT NULL DEFAULT '[]',
        dateline     TEXT,
        source_id    TEXT REFERENCES sources (id) ON DELETE SET NULL,
        story_id     TEXT REFERENCES stories (id) ON DELETE SET NULL,
        ingested_at  TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
      CREATE INDEX articles_hash ON articles (content_hash);
      CREATE INDEX articles_published ON articles (published);
      CREATE INDEX articles_source ON articles (source_id, published);
      CREATE INDEX articles_story ON articles (story_id);

      -- Every version's body; the current one is also in articles. extraction is the
      -- ExtractRecord of that version (without its text), or NULL when none was given.
      CREATE TABLE article_versions (
        article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        version      INTEGER NOT NULL,
        title        TEXT,
        text         TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        published    TEXT,
        extraction   TEXT,
        created_at   TEXT NOT NULL,
        PRIMARY KEY (article_id, version)
      );
      CREATE INDEX article_versions_hash ON article_versions (content_hash);

      -- All URLs seen for an article: its canonical key, its own URL, syndicated copies.
      CREATE TABLE article_urls (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        url        TEXT NOT NULL,
        raw_url    TEXT NOT NULL,
        relation   TEXT NOT NULL CHECK (relation IN ('canonical', 'url', 'syndicated')),
        first_seen TEXT NOT NULL,
        PRIMARY KEY (article_id, url)
      );
      CREATE INDEX article_urls_url ON article_urls (url);
    `,
  },
  {
    version: 3,
    name: 'entities_mentions_places',
    up: `
      CREATE TABLE entities (
        id         TEXT PRIMARY KEY,
        type       TEXT NOT NULL,
        kind       TEXT NOT NULL,
        canonical  TEXT NOT NULL,
        aliases    TEXT NOT NULL DEFAULT '[]',
        parent     TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX entities_type_kind ON entities (type, kind);

      -- The canonical name and every alias, folded for case-insensitive lookup.
      CREATE TABLE entity_aliases (
        entity_id    TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        alias        TEXT NOT NULL,
        alias_norm   TEXT NOT NULL,
        is_canonical INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (entity_id, alias_norm)
      );
      CREATE INDEX entity_aliases_norm ON entity_aliases (alias_norm);

      CREATE TABLE mentions (
        id         INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        version    INTEGER NOT NULL,
        start      INTEGER NOT NULL,
        "end"      INTEGER NOT NULL,
        text       TEXT NOT NULL,
        type       TEXT NOT NULL,
        kind       TEXT NOT NULL,
        entity_id  TEXT REFERENCES entities (id) ON DELETE SET NULL
      );
      CREATE INDEX mentions_article ON mentions (article_id, version);
      CREATE INDEX mentions_entity ON mentions (entity_id, article_id);

      CREATE TABLE places (
        id           INTEGER PRIMARY KEY,
        article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        version      INTEGER NOT NULL,
        start        INTEGER NOT NULL,
        "end"        INTEGER NOT NULL,
        text         TEXT NOT NULL,
        name         TEXT NOT NULL,
        lat          REAL,
        lon          REAL,
        country_code TEXT,
        admin1       TEXT,
        feature      TEXT,
        geonameid    TEXT
      );
      CREATE INDEX places_article ON places (article_id, version);
      CREATE INDEX places_country ON places (country_code);
    `,
  },
  {
    version: 4,
    name: 'incidents',
    up: `
      -- date_start/date_end expand a day/month/year date to its first and last day, so that
      -- since/until filters treat a month-precision date as the whole month.
      CREATE TABLE incidents (
        id             TEXT PRIMARY KEY,
        article_id     TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        version        INTEGER NOT NULL,
        ordinal        INTEGER NOT NULL,
        date           TEXT,
        date_precision TEXT CHECK (date_precision IN ('day', 'month', 'year')),
        date_start     TEXT,
        date_end       TEXT,
        place_name     TEXT,
        admin1         TEXT,
        feature        TEXT,
        geonameid      TEXT,
        country_code   TEXT,
        lat            REAL,
        lon            REAL,
        specificity    INTEGER,
        attack_types   TEXT NOT NULL DEFAULT '[]',
        weapon_types   TEXT NOT NULL DEFAULT '[]',
        target_types   TEXT NOT NULL DEFAULT '[]',
        groups         TEXT NOT NULL DEFAULT '[]',
        killed         INTEGER,
        wounded        INTEGER,
        is_background  INTEGER NOT NULL DEFAULT 0,
        status         TEXT NOT NULL DEFAULT 'machine' CHECK (status IN ('machine', 'verified', 'corrected')),
        detail         TEXT NOT NULL,
        search_text    TEXT NOT NULL DEFAULT '',
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      );
      CREATE INDEX incidents_date ON incidents (date_start, date_end);
      CREATE INDEX incidents_country ON incidents (country_code, date_start);
      CREATE INDEX incidents_killed ON incidents (killed);
      CREATE INDEX incidents_article ON incidents (article_id, status);
      CREATE INDEX incidents_lat_lon ON incidents (lat, lon);
      CREATE INDEX incidents_background ON incidents (is_background, date_start);

      -- One row per name a perpetrator group is known by (canonical and aliases), folded.
      CREATE TABLE incident_groups (
        incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        name_norm   TEXT NOT NULL,
        entity_id   TEXT,
        is_alias    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (incident_id, name_norm)
      );
      CREATE INDEX incident_groups_norm ON incident_groups (name_norm);
      CREATE INDEX incident_groups_entity ON incident_groups (entity_id);

      CREATE TABLE incident_attack_types (
        incident_id      TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        attack_type      TEXT NOT NULL,
        attack_type_norm TEXT NOT NULL,
        PRIMARY KEY (incident_id, attack_type_norm)
      );
      CREATE INDEX incident_attack_types_norm ON incident_attack_types (attack_type_norm);
    `,
  },
  {
    version: 5,
    name: 'article_search',
    up: `
      -- External-content FTS5 index over the current title and text of every article.
      CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text,
        content = 'articles', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
      END;
      CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
      END;
      CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
      END;
      INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
    `,
  },
  {
    version: 6,
    name: 'ingest_log',
    up: `
      -- No foreign keys: the log outlives the sources and articles it names.
      CREATE TABLE ingest_log (
        id         INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        origin     TEXT NOT NULL,
        source_id  TEXT,
        article_id TEXT,
        status     TEXT NOT NULL,
        error_code TEXT,
        message    TEXT
      );
      CREATE INDEX ingest_log_at ON ingest_log (at);
      CREATE INDEX ingest_log_source ON ingest_log (source_id, id);
    `,
  },
  {
    version: 7,
    name: 'fusion',
    up: `
      -- Near-duplicates: the MinHash signature of the body (hex) and its LSH band keys.
      ALTER TABLE articles ADD COLUMN minhash TEXT;
      CREATE TABLE article_bands (
        band       TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (band, article_id)
      );
      CREATE INDEX article_bands_article ON article_bands (article_id);

      -- incidents become fused events: one row per real event. Each article's extracted
      -- incident is a report of one of them; provenance (JSON) holds the sources, the casualty
      -- history and where the reconciled figures came from (src/fuse/incident-merge.ts).
      ALTER TABLE incidents ADD COLUMN provenance TEXT;
      CREATE TABLE incident_reports (
        id          TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        version     INTEGER NOT NULL,
        ordinal     INTEGER NOT NULL,
        date_start  TEXT,
        date_end    TEXT,
        country_code TEXT,
        detail      TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
      CREATE INDEX incident_reports_incident ON incident_reports (incident_id);
      CREATE INDEX incident_reports_article ON incident_reports (article_id);
      CREATE INDEX incident_reports_block ON incident_reports (country_code, date_start);

      -- A report placed by a person (merge or split) stays where it was put, across re-ingests.
      CREATE TABLE incident_pins (
        report_id   TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        by          TEXT NOT NULL,
        at          TEXT NOT NULL
      );

      -- Every merge and split, with each moved report's before and after (enough to undo it).
      CREATE TABLE incident_audit (
        id           INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        action       TEXT NOT NULL CHECK (action IN ('merge', 'split')),
        by           TEXT NOT NULL,
        incident_ids TEXT NOT NULL,
        moves        TEXT NOT NULL
      );

      -- Every incident stored so far is the single report of itself.
      INSERT INTO incident_reports (id, incident_id, article_id, version, ordinal, date_start, date_end, country_code, detail, created_at)
        SELECT id, id, article_id, version, ordinal, date_start, date_end, country_code, detail, created_at FROM incidents;
    `,
  },
  {
    version: 8,
    name: 'desk_indexes',
    up: `
      -- Timeline and map: every column the incident filters read (search_text for q), led by the
      -- timeline's GROUP BY order after an equality on precision.
      CREATE INDEX incidents_desk ON incidents (date_precision, date_start, attack_types, date_end, is_background, killed,
        country_code, lat, lon, id, article_id, search_text);
      -- Overview: the columns it counts by.
      CREATE INDEX incidents_news ON incidents (date, is_background, killed, wounded, country_code, attack_types, groups);
    `,
  },
  {
    version: 9,
    name: 'accounts_review',
    up: `
      -- Local accounts (src/auth). password_hash is scrypt$N$r$p$salt$hash; name_norm is folded for
      -- case-insensitive uniqueness.
      CREATE TABLE users (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        name_norm     TEXT NOT NULL UNIQUE,
        role          TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
        password_hash TEXT NOT NULL,
        disabled      INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      );
      -- Web sessions, keyed by the SHA-256 of the cookie's secret (never the secret itself).
      CREATE TABLE sessions (
        id_hash    TEXT PRIMARY KEY,
        user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE INDEX sessions_expiry ON sessions (expires_at);
      -- API tokens for scripts: the public id and the SHA-256 of the secret.
      CREATE TABLE api_tokens (
        id          TEXT PRIMARY KEY,
        user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        revoked_at  TEXT
      );
      CREATE INDEX api_tokens_user ON api_tokens (user_id);

      -- Every human change: who, when, before and after (JSON). No foreign keys: the history
      -- outlives merged-away incidents and entities.
      CREATE TABLE corrections (
        id          INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        by          TEXT NOT NULL,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('incident', 'entity')),
        target_id   TEXT NOT NULL,
        action      TEXT NOT NULL CHECK (action IN ('verify', 'correct', 'merge', 'split', 'merge_entity', 'unmerge_entity')),
        field       TEXT,
        before      TEXT,
        after       TEXT,
        reason      TEXT
      );
      CREATE INDEX corrections_target ON corrections (target_kind, target_id, id);

      -- Entity merges: from_id redirects to into_id while the merge is active. snapshot (JSON)
      -- holds what the unmerge restores: the merged entity's row, the names it added, its branches.
      CREATE TABLE entity_merges (
        id          INTEGER PRIMARY KEY,
        from_id     TEXT NOT NULL,
        into_id     TEXT NOT NULL,
        by          TEXT NOT NULL,
        at          TEXT NOT NULL,
        reason      TEXT,
        snapshot    TEXT NOT NULL,
        undone_by   TEXT,
        undone_at   TEXT,
        undo_reason TEXT
      );
      CREATE UNIQUE INDEX entity_merges_active ON entity_merges (from_id) WHERE undone_at IS NULL;
      CREATE INDEX entity_merges_into ON entity_merges (into_id);
      -- The machine's entity of a redirected mention or perpetrator link, so an unmerge can move it back.
      ALTER TABLE mentions ADD COLUMN machine_entity_id TEXT;
      ALTER TABLE incident_groups ADD COLUMN machine_entity_id TEXT;
      CREATE INDEX mentions_machine_entity ON mentions (machine_entity_id) WHERE machine_entity_id IS NOT NULL;
      CREATE INDEX incident_groups_machine_entity ON incident_groups (machine_entity_id) WHERE machine_entity_id IS NOT NULL;
    `,
  },
  {
    version: 10,
    name: 'desk_covering_indexes',
    up: `
      -- The list, map and timeline filter on a few narrow columns but the rows are wide (the
      -- detail JSON). Each index a filter or a sort can start from now carries every filter column,
      -- so counting, grouping or paging never reads the rows of incidents it then discards; only
      -- the page's own rows are read. Same leading columns as the indexes they replace.
      DROP INDEX incidents_date;
      CREATE INDEX incidents_by_date ON incidents (date_start, date_end, id, is_background, killed, country_code, lat, lon,
        date_precision, attack_types, article_id, search_text);
      DROP INDEX incidents_killed;
      CREATE INDEX incidents_by_killed ON incidents (killed, date_start, date_end, id, is_background, country_code, lat, lon,
        date_precision, attack_types, article_id, search_text);
      DROP INDEX incidents_country;
      CREATE INDEX incidents_by_country ON incidents (country_code, date_start, date_end, id, is_background, killed, lat, lon,
        date_precision, attack_types, article_id, search_text);
      DROP INDEX incidents_lat_lon;
      CREATE INDEX incidents_by_place ON incidents (lat, lon, is_background, killed, country_code, date_precision, date_start,
        date_end, attack_types, id, article_id, search_text);
      -- The timeline's weeks: the bucket expression of aggregate.ts (WEEK_SQL, the Monday's Julian
      -- day number / 7), so weeks are grouped in index order instead of sorting every incident.
      CREATE INDEX incidents_by_week ON incidents (date_precision, CAST(julianday(date_start) + 0.5 AS INTEGER) / 7, attack_types,
        killed, is_background, country_code, lat, lon, date_start, date_end, id, article_id, search_text);
    `,
  },
  {
    version: 11,
    name: 'alias_provenance',
    up: `
      -- Where each learned alias was learned: the article, the alias mention and the sentence
      -- that taught it ("by his battlefield name Shahab al-Muhajir"), so an alias explains itself.
      CREATE TABLE entity_alias_sources (
        entity_id      TEXT NOT NULL,
        alias          TEXT NOT NULL,
        alias_norm     TEXT NOT NULL,
        article_id     TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        version        INTEGER NOT NULL,
        start          INTEGER NOT NULL,
        "end"          INTEGER NOT NULL,
        evidence_start INTEGER NOT NULL,
        evidence_end   INTEGER NOT NULL,
        created_at     TEXT NOT NULL,
        PRIMARY KEY (entity_id, alias_norm, article_id)
      );
      CREATE INDEX entity_alias_sources_article ON entity_alias_sources (article_id);
    `,
  },
  {
    version: 12,
    name: 'api_token_expiry',
    up: `
      -- When an API token stops working (UTC ISO timestamp); NULL: it never expires, as every
      -- token made before this migration.
      ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
    `,
  },
];

/** The table that records applied migrations; created outside the numbered list. */
export const MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )
`;

/** Throws when the list is not strictly increasing from 1 without gaps (checked at startup). */
export function checkMigrations(list: readonly Migration[] = MIGRATIONS): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration #${i} has version ${m.version}, expected ${i + 1}`);
    if (!m.name || !m.up.trim()) throw new Error(`migration ${m.version} needs a name and SQL`);
  });
}
