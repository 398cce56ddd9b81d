/**
 * The SQLite backend of `Store` (better-sqlite3, WAL). Every write that must be atomic runs in
 * one `BEGIN IMMEDIATE` transaction; the async methods wrap synchronous calls so that the class
 * fits the same interface as networked backends. The schema lives in `migrations.ts`, the
 * FTS query sanitiser and the snippet escaping in `search.ts`.
 */
import Database from 'better-sqlite3';
import { VigilError } from '../../errors.js';
import type {
  AliasSource,
  ArticleRecord,
  CorrectionRecord,
  DatePrecision,
  EntityMergeRecord,
  IncidentCorrection,
  Role,
  TokenRecord,
  UserRecord,
  EntityRecord,
  EntityType,
  ExtractedIncident,
  ExtractRecord,
  IncidentAuditEntry,
  IncidentRecord,
  ParsedArticle,
  RelatedArticle,
  RelatedLink,
  SourceRecord,
} from '../../model.js';
import {
  articleId as makeArticleId,
  articleKey,
  canonicalUrl,
  contentHash,
  entityId,
  foldName,
  incidentId,
  incidentKey,
  normalizeText,
  sourceId as makeSourceId,
} from '../ids.js';
import type {
  ArticleQuery,
  ArticleWrite,
  EntityQuery,
  IncidentQuery,
  IngestLogEntry,
  IngestOutcome,
  Page,
  SearchHit,
  SourceErrorRecord,
  SourceFetchUpdate,
  Store,
  StoreStats,
  EntityProfile,
  MapPoints,
  Overview,
  TimeBucket,
  Timeline,
} from '../store.js';
import { entityFamily, incidentMapPoints, incidentTimeline, incidentWhere, overviewCounts } from './aggregate.js';
import {
  assignArticleStory,
  attachReports,
  detachArticleReports,
  findNearDuplicate,
  incidentHistory,
  indexSignature,
  mergeIncidents,
  parseProvenance,
  relatedArticles,
  splitIncident,
} from './fusion.js';
import { checkMigrations, MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';
import * as review from './review.js';
import { ftsQuery, markedSnippetToHtml, SNIPPET_CLOSE, SNIPPET_OPEN } from './search.js';

export interface SqliteStoreOptions {
  /** Clock for every timestamp the store writes; tests pin it. */
  now?: () => Date;
  /** How long a writer waits for another process's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

/** Texts shorter than this (normalised) never merge by content hash: too many share them. */
export const MIN_MERGE_CHARS = 40;
/** Error history kept per source; older rows are trimmed on each failure. */
export const SOURCE_ERROR_HISTORY = 200;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

// ---------------------------------------------------------------------------------------------
// Row shapes
// ---------------------------------------------------------------------------------------------

interface SourceRow {
  id: string;
  url: string;
  kind: SourceRecord['kind'];
  title: string | null;
  enabled: number;
  created_at: string;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: string | null;
  last_success_at: string | null;
  next_fetch_at: string | null;
  error_count: number;
  last_error_code: string | null;
  last_error_message: string | null;
  article_count: number;
}

interface ArticleRow {
  id: string;
  url: string | null;
  title: string | null;
  published: string | null;
  source: string | null;
  byline: string | null;
  lang: string | null;
  text: string;
  content_hash: string;
  version: number;
  related: string;
  source_id: string | null;
  story_id: string | null;
  ingested_at: string;
  updated_at: string;
}

interface IncidentRow {
  id: string;
  article_id: string;
  version: number;
  article_title: string | null;
  article_published: string | null;
  date: string | null;
  date_precision: DatePrecision | null;
  place_name: string | null;
  country_code: string | null;
  lat: number | null;
  lon: number | null;
  specificity: number | null;
  attack_types: string;
  weapon_types: string;
  target_types: string;
  groups: string;
  killed: number | null;
  wounded: number | null;
  is_background: number;
  status: IncidentRecord['status'];
  detail: string;
  provenance?: string | null;
}

interface EntityRow {
  id: string;
  type: EntityType;
  kind: string;
  canonical: string;
  aliases: string;
  parent: string | null;
  mention_count: number;
  article_count: number;
}

interface PendingEntity {
  id: string;
  type: EntityType;
  kind: string;
  canonical: string;
  aliases: string[];
  parent: string | null;
}

interface UrlRow {
  url: string;
  raw: string;
  relation: 'canonical' | 'url' | 'syndicated';
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function parseJson<T>(s: string | null | undefined, fallback: T): T {
  if (s == null) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

function clampLimit(limit: number | undefined, def = DEFAULT_LIMIT, max = MAX_LIMIT): number {
  if (limit === undefined || !Number.isFinite(limit)) return def;
  return Math.max(0, Math.min(max, Math.floor(limit)));
}

function clampOffset(offset: number | undefined): number {
  if (offset === undefined || !Number.isFinite(offset)) return 0;
  return Math.max(0, Math.floor(offset));
}

/** An instant as `toISOString()` when it parses, so that stored timestamps sort as text. */
function isoInstant(s: string): string {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The first and last day (`YYYY-MM-DD`) of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD[...]` date;
 * nulls when the string is not such a date.
 */
export function dateBounds(date: string | null | undefined): [string | null, string | null] {
  if (!date) return [null, null];
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/u.exec(date.trim());
  if (!m) return [null, null];
  const y = m[1] as string;
  if (m[3] !== undefined && m[2] !== undefined) {
    const d = `${y}-${m[2]}-${m[3]}`;
    return [d, d];
  }
  if (m[2] !== undefined) {
    const last = daysInMonth(Number(y), Number(m[2]));
    return [`${y}-${m[2]}-01`, `${y}-${m[2]}-${String(last).padStart(2, '0')}`];
  }
  return [`${y}-01-01`, `${y}-12-31`];
}

/** Keeps the first spelling of each alias (folded), without the canonical name or blanks. */
function mergeAliases(canonical: string, ...lists: string[][]): string[] {
  const seen = new Set<string>([foldName(canonical)]);
  const out: string[] = [];
  for (const list of lists) {
    for (const a of list) {
      const t = a.trim();
      const f = foldName(t);
      if (!f || seen.has(f)) continue;
      seen.add(f);
      out.push(t);
    }
  }
  return out;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function toSource(r: SourceRow): SourceRecord {
  return {
    id: r.id,
    url: r.url,
    kind: r.kind,
    title: r.title,
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    etag: r.etag,
    lastModified: r.last_modified,
    lastFetchedAt: r.last_fetched_at,
    lastSuccessAt: r.last_success_at,
    nextFetchAt: r.next_fetch_at,
    errorCount: r.error_count,
    lastErrorCode: r.last_error_code,
    lastErrorMessage: r.last_error_message,
    articleCount: r.article_count,
  };
}

function toIncident(r: IncidentRow): IncidentRecord {
  return {
    id: r.id,
    articleId: r.article_id,
    articleVersion: r.version,
    articleTitle: r.article_title,
    published: r.article_published,
    date: r.date,
    datePrecision: r.date_precision,
    placeName: r.place_name,
    countryCode: r.country_code,
    lat: r.lat,
    lon: r.lon,
    specificity: r.specificity,
    attackTypes: parseJson<string[]>(r.attack_types, []),
    weaponTypes: parseJson<string[]>(r.weapon_types, []),
    targetTypes: parseJson<string[]>(r.target_types, []),
    groups: parseJson<string[]>(r.groups, []),
    killed: r.killed,
    wounded: r.wounded,
    isBackground: r.is_background === 1,
    status: r.status,
    detail: parseJson<ExtractedIncident>(r.detail, {} as ExtractedIncident),
    ...(parseProvenance(r.provenance) ?? {}),
  };
}

function toEntity(r: EntityRow): EntityRecord {
  return {
    id: r.id,
    type: r.type,
    kind: r.kind,
    canonical: r.canonical,
    aliases: parseJson<string[]>(r.aliases, []),
    parent: r.parent,
    mentionCount: r.mention_count,
    articleCount: r.article_count,
  };
}

const SOURCE_SELECT = `SELECT s.*, (SELECT count(*) FROM articles a WHERE a.source_id = s.id) AS article_count FROM sources s`;
// CROSS JOIN keeps incidents the outer loop, so that the sort indexes serve ORDER BY … LIMIT.
const INCIDENT_SELECT = `SELECT i.*, a.title AS article_title, a.published AS article_published
  FROM incidents i CROSS JOIN articles a ON a.id = i.article_id`;
const ENTITY_SELECT = `SELECT e.*, count(m.id) AS mention_count, count(DISTINCT m.article_id) AS article_count
  FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id`;

const INCIDENT_ORDER: Record<NonNullable<IncidentQuery['sort']>, string> = {
  date: 'i.date_start IS NULL, i.date_start ASC, i.date_end ASC, i.id',
  // NULL sorts lowest, so DESC already puts undated and unknown last, and an index can serve it.
  '-date': 'i.date_start DESC, i.date_end DESC, i.id',
  killed: 'i.killed IS NULL, i.killed ASC, i.date_start DESC, i.id',
  '-killed': 'i.killed DESC, i.date_start DESC, i.id',
};

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

export class SqliteStore implements Store {
  readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(filename: string, options: SqliteStoreOptions = {}) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    // Reads through a memory map and a 32 MiB page cache: the desk's scans and page lookups
    // otherwise pay a read() per 4 KiB page outside SQLite's default 2 MiB cache.
    this.db.pragma('mmap_size = 1073741824');
    this.db.pragma('cache_size = -32768');
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    this.now = options.now ?? (() => new Date());
  }

  /** A cached prepared statement. */
  private st(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private ts(): string {
    return this.now().toISOString();
  }

  // ---------------------------------------------------------------------------- lifecycle

  async migrate(): Promise<void> {
    checkMigrations();
    this.db.exec(MIGRATIONS_TABLE);
    const top = (this.db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    if (top > MIGRATIONS.length) {
      throw new Error(`the database schema is at version ${top}, newer than this Vigil knows (${MIGRATIONS.length}); upgrade Vigil`);
    }
    for (const m of MIGRATIONS) {
      // Re-checked inside the write lock so that two processes migrating at once apply each step once.
      this.db
        .transaction(() => {
          if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
          this.db.exec(m.up);
          this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, this.ts());
        })
        .immediate();
    }
  }

  /** Versions recorded in `schema_migrations`, ascending. */
  appliedMigrations(): Array<{ version: number; name: string; appliedAt: string }> {
    return (this.db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as Array<{
      version: number;
      name: string;
      applied_at: string;
    }>).map((r) => ({ version: r.version, name: r.name, appliedAt: r.applied_at }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
    this.statements.clear();
  }

  async stats(): Promise<StoreStats> {
    const n = (table: string) => (this.st(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { articles: n('articles'), incidents: n('incidents'), entities: n('entities'), sources: n('sources') };
  }

  // ---------------------------------------------------------------------------- sources

  async addSource(url: string, opts: { kind?: SourceRecord['kind']; title?: string | null } = {}): Promise<{ source: SourceRecord; created: boolean }> {
    const trimmed = url.trim();
    if (!trimmed) throw new VigilError('fetch.invalid_url', 'a source needs a URL');
    // Stored as given (the fetcher uses it); deduplicated through the id of its canonical form.
    const id = makeSourceId(trimmed);
    const created = this.db
      .transaction(() => {
        if (this.st('SELECT 1 FROM sources WHERE id = ?').get(id)) return false;
        this.st('INSERT INTO sources (id, url, kind, title, created_at) VALUES (?, ?, ?, ?, ?)').run(
          id,
          trimmed,
          opts.kind ?? 'auto',
          opts.title ?? null,
          this.ts(),
        );
        return true;
      })
      .immediate();
    const source = await this.getSource(id);
    if (!source) throw new VigilError('store.not_found', `source ${id} vanished after insert`);
    return { source, created };
  }

  async getSource(id: string): Promise<SourceRecord | null> {
    const r = this.st(`${SOURCE_SELECT} WHERE s.id = ?`).get(id) as SourceRow | undefined;
    return r ? toSource(r) : null;
  }

  async listSources(): Promise<SourceRecord[]> {
    return (this.st(`${SOURCE_SELECT} ORDER BY s.created_at, s.rowid`).all() as SourceRow[]).map(toSource);
  }

  async removeSource(id: string): Promise<boolean> {
    return this.st('DELETE FROM sources WHERE id = ?').run(id).changes > 0;
  }

  async dueSources(now: string): Promise<SourceRecord[]> {
    const rows = this.st(
      `${SOURCE_SELECT} WHERE s.enabled = 1 AND (s.next_fetch_at IS NULL OR s.next_fetch_at <= ?)
       ORDER BY s.next_fetch_at IS NOT NULL, s.next_fetch_at, s.created_at, s.rowid`,
    ).all(isoInstant(now)) as SourceRow[];
    return rows.map(toSource);
  }

  async recordFetch(id: string, u: SourceFetchUpdate): Promise<void> {
    this.db
      .transaction(() => {
        if (!this.st('SELECT 1 FROM sources WHERE id = ?').get(id)) throw new VigilError('store.not_found', `no source ${id}`);
        const fetchedAt = isoInstant(u.fetchedAt);
        const next = u.nextFetchAt == null ? null : isoInstant(u.nextFetchAt);
        if (u.kind !== undefined) this.st('UPDATE sources SET kind = ? WHERE id = ?').run(u.kind, id);
        if (u.title !== undefined) this.st('UPDATE sources SET title = ? WHERE id = ?').run(u.title, id);
        // Validators change only when the caller says so (undefined keeps them, null clears them),
        // on failures too: a document fetched but not read must be fetched again in full.
        if (u.etag !== undefined) this.st('UPDATE sources SET etag = ? WHERE id = ?').run(u.etag, id);
        if (u.lastModified !== undefined) this.st('UPDATE sources SET last_modified = ? WHERE id = ?').run(u.lastModified, id);
        if (u.ok) {
          this.st(
            `UPDATE sources SET last_fetched_at = ?, last_success_at = ?, next_fetch_at = ?, error_count = 0,
               last_error_code = NULL, last_error_message = NULL WHERE id = ?`,
          ).run(fetchedAt, fetchedAt, next, id);
        } else {
          const code = u.errorCode ?? 'unknown';
          const message = u.errorMessage ?? code;
          this.st(
            `UPDATE sources SET last_fetched_at = ?, next_fetch_at = ?, error_count = error_count + 1,
               last_error_code = ?, last_error_message = ? WHERE id = ?`,
          ).run(fetchedAt, next, code, message, id);
          this.st('INSERT INTO source_errors (source_id, at, code, message) VALUES (?, ?, ?, ?)').run(id, fetchedAt, code, message);
          this.st(
            `DELETE FROM source_errors WHERE source_id = ? AND id NOT IN
               (SELECT id FROM source_errors WHERE source_id = ? ORDER BY id DESC LIMIT ${SOURCE_ERROR_HISTORY})`,
          ).run(id, id);
        }
      })
      .immediate();
  }

  async sourceErrors(id: string, limit = 20): Promise<SourceErrorRecord[]> {
    return this.st('SELECT at, code, message FROM source_errors WHERE source_id = ? ORDER BY id DESC LIMIT ?').all(
      id,
      clampLimit(limit, 20, SOURCE_ERROR_HISTORY),
    ) as SourceErrorRecord[];
  }

  // ---------------------------------------------------------------------------- articles

  async ingestArticle(write: ArticleWrite): Promise<IngestOutcome> {
    return this.db
      .transaction(() => {
        const out = this.ingestSync(write);
        review.applyEntityMerges(this.db, this.ts()); // a re-ingest never undoes an entity merge
        return out;
      })
      .immediate();
  }

  private ingestSync({ article, extraction, sourceId }: ArticleWrite): IngestOutcome {
    const now = this.ts();
    const text = article.text ?? '';
    const hash = contentHash(text);
    const key = articleKey(article);
    const id = makeArticleId(key);
    const srcId = sourceId && this.st('SELECT 1 FROM sources WHERE id = ?').get(sourceId) ? sourceId : null;
    const urls = articleUrls(article);

    const existing = this.st('SELECT content_hash, version, source_id FROM articles WHERE id = ?').get(id) as
      | { content_hash: string; version: number; source_id: string | null }
      | undefined;

    if (existing && existing.content_hash === hash) {
      this.addUrls(id, urls, now);
      if (srcId && !existing.source_id) this.st('UPDATE articles SET source_id = ? WHERE id = ?').run(srcId, id);
      // A re-ingest may bring the extraction that the first ingest lacked; never overwrite one.
      const stored = this.st('SELECT extraction FROM article_versions WHERE article_id = ? AND version = ?').get(id, existing.version) as
        | { extraction: string | null }
        | undefined;
      if (extraction && stored && stored.extraction == null) this.writeAnnotations(id, existing.version, article.title, extraction, now, true);
      return { articleId: id, status: 'duplicate', version: existing.version };
    }

    if (existing) {
      const version = existing.version + 1;
      this.st(
        `UPDATE articles SET url = coalesce(?, url), title = coalesce(?, title), published = coalesce(?, published),
           source = coalesce(?, source), byline = coalesce(?, byline), lang = coalesce(?, lang), text = ?,
           content_hash = ?, version = ?, related = ?, dateline = ?, source_id = coalesce(source_id, ?), updated_at = ?
         WHERE id = ?`,
      ).run(
        article.url ?? null,
        article.title,
        article.published,
        article.source,
        article.byline ?? null,
        article.lang ?? null,
        text,
        hash,
        version,
        JSON.stringify(article.related ?? []),
        article.dateline ? JSON.stringify(article.dateline) : null,
        srcId,
        now,
        id,
      );
      this.insertVersion(id, version, article, text, hash, now);
      this.addUrls(id, urls, now);
      indexSignature(this.db, id, text);
      const title = (this.st('SELECT title FROM articles WHERE id = ?').get(id) as { title: string | null }).title;
      this.writeAnnotations(id, version, title, extraction, now, true);
      return { articleId: id, status: 'updated', version };
    }

    if (normalizeText(text).length >= MIN_MERGE_CHARS) {
      const twin = (this.st('SELECT id, version FROM articles WHERE content_hash = ? ORDER BY seq LIMIT 1').get(hash) ??
        this.st(
          `SELECT a.id, a.version FROM article_versions v JOIN articles a ON a.id = v.article_id
           WHERE v.content_hash = ? ORDER BY a.seq LIMIT 1`,
        ).get(hash)) as { id: string; version: number } | undefined;
      if (twin) {
        const added = this.addUrls(twin.id, urls.map((u) => ({ ...u, relation: 'syndicated' as const })), now);
        // The same syndicated copy seen again adds nothing: that is a duplicate.
        return { articleId: twin.id, status: added > 0 ? 'merged_url' : 'duplicate', version: twin.version };
      }
      // A lightly edited copy (new headline, trimmed paragraph): the same article, another URL.
      const near = findNearDuplicate(this.db, text);
      if (near) {
        const added = this.addUrls(near.id, urls.map((u) => ({ ...u, relation: 'syndicated' as const })), now);
        return { articleId: near.id, status: added > 0 ? 'merged_url' : 'duplicate', version: near.version };
      }
    }

    this.st(
      `INSERT INTO articles (id, key, external_id, url, title, published, source, byline, lang, text, content_hash,
         version, related, dateline, source_id, ingested_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      key,
      article.id ?? null,
      article.url ?? article.canonicalUrl ?? null,
      article.title,
      article.published,
      article.source,
      article.byline ?? null,
      article.lang ?? null,
      text,
      hash,
      JSON.stringify(article.related ?? []),
      article.dateline ? JSON.stringify(article.dateline) : null,
      srcId,
      now,
      now,
    );
    this.insertVersion(id, 1, article, text, hash, now);
    this.addUrls(id, urls, now);
    indexSignature(this.db, id, text);
    assignArticleStory(this.db, id, now);
    this.writeAnnotations(id, 1, article.title, extraction, now, false);
    return { articleId: id, status: 'new', version: 1 };
  }

  private insertVersion(id: string, version: number, article: ParsedArticle, text: string, hash: string, now: string): void {
    this.st(
      `INSERT INTO article_versions (article_id, version, title, text, content_hash, published, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, version, article.title, text, hash, article.published, now);
  }

  /** Records URLs for an article; returns how many were new. */
  private addUrls(id: string, urls: UrlRow[], now: string): number {
    let added = 0;
    for (const u of urls) {
      added += this.st('INSERT OR IGNORE INTO article_urls (article_id, url, raw_url, relation, first_seen) VALUES (?, ?, ?, ?, ?)').run(
        id,
        u.url,
        u.raw,
        u.relation,
        now,
      ).changes;
    }
    return added;
  }

  /**
   * Stores an extraction for (article, version): the JSON on the version row, mentions, places,
   * entities and incidents. With `replace`, the article's previous mentions, places and machine
   * incidents go first; verified and corrected incidents are never touched.
   */
  private writeAnnotations(id: string, version: number, title: string | null, extraction: ExtractRecord | null, now: string, replace: boolean): void {
    if (replace) {
      this.st('DELETE FROM mentions WHERE article_id = ?').run(id);
      this.st('DELETE FROM places WHERE article_id = ?').run(id);
      this.st('DELETE FROM entity_alias_sources WHERE article_id = ?').run(id);
      detachArticleReports(this.db, id, now);
    }
    if (!extraction) return;
    const { text: _text, ...stored } = extraction;
    this.st('UPDATE article_versions SET extraction = ? WHERE article_id = ? AND version = ?').run(JSON.stringify(stored), id, version);

    // Entities: merge every mention's and every perpetrator group's names, then upsert once each.
    const pending = new Map<string, PendingEntity>();
    const note = (e: PendingEntity) => {
      const prev = pending.get(e.id);
      if (!prev) pending.set(e.id, { ...e, aliases: mergeAliases(e.canonical, e.aliases) });
      else {
        prev.aliases = mergeAliases(prev.canonical, prev.aliases, [e.canonical], e.aliases);
        prev.parent ??= e.parent;
      }
    };
    const mentionIds: string[] = [];
    for (const m of extraction.entities ?? []) {
      const eid = m.entity || entityId(m.kind, m.canonical || m.text);
      mentionIds.push(eid);
      note({ id: eid, type: m.type, kind: m.kind, canonical: m.canonical || m.text, aliases: m.aliases ?? [], parent: m.parent ?? null });
    }
    for (const inc of extraction.incidents ?? []) {
      for (const g of inc.perpetrator_groups ?? []) {
        if (!g.canonical) continue;
        note({ id: g.entity || entityId('armed_group', g.canonical), type: 'ORG', kind: 'armed_group', canonical: g.canonical, aliases: g.aliases ?? [], parent: null });
      }
    }
    for (const e of pending.values()) this.upsertEntity(e, now);

    const insertMention = this.st(
      `INSERT INTO mentions (article_id, version, start, "end", text, type, kind, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    (extraction.entities ?? []).forEach((m, i) => {
      insertMention.run(id, version, m.start, m.end, m.text, m.type, m.kind, mentionIds[i] ?? null);
    });
    const insertAliasSource = this.st(
      `INSERT OR REPLACE INTO entity_alias_sources (entity_id, alias, alias_norm, article_id, version, start, "end", evidence_start, evidence_end, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    (extraction.entities ?? []).forEach((m, i) => {
      for (const l of m.learned_aliases ?? []) {
        insertAliasSource.run(mentionIds[i]!, l.alias, foldName(l.alias), id, version, l.start, l.end, l.evidence.start, l.evidence.end, now);
      }
    });

    const insertPlace = this.st(
      `INSERT INTO places (article_id, version, start, "end", text, name, lat, lon, country_code, admin1, feature, geonameid)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of extraction.places ?? []) {
      insertPlace.run(id, version, p.start, p.end, p.text, p.name, p.lat, p.lon, p.country_code?.toUpperCase() ?? null, p.admin1 ?? null, p.feature, p.geonameid ?? null);
    }

    this.insertIncidents(id, version, title, extraction.incidents ?? [], now);
  }

  private upsertEntity(e: PendingEntity, now: string): void {
    const row = this.st('SELECT canonical, aliases, parent FROM entities WHERE id = ?').get(e.id) as
      | { canonical: string; aliases: string; parent: string | null }
      | undefined;
    let canonical = e.canonical;
    let aliases: string[];
    if (!row) {
      aliases = mergeAliases(canonical, e.aliases);
      this.st('INSERT INTO entities (id, type, kind, canonical, aliases, parent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        e.id,
        e.type,
        e.kind,
        canonical,
        JSON.stringify(aliases),
        e.parent,
        now,
        now,
      );
    } else {
      canonical = row.canonical;
      const old = parseJson<string[]>(row.aliases, []);
      aliases = mergeAliases(canonical, old, [e.canonical], e.aliases);
      const parent = row.parent ?? e.parent;
      if (aliases.length !== old.length || parent !== row.parent) {
        this.st('UPDATE entities SET aliases = ?, parent = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(aliases), parent, now, e.id);
      }
    }
    const insertAlias = this.st('INSERT OR IGNORE INTO entity_aliases (entity_id, alias, alias_norm, is_canonical) VALUES (?, ?, ?, ?)');
    insertAlias.run(e.id, canonical, foldName(canonical), 1);
    for (const a of aliases) insertAlias.run(e.id, a, foldName(a), 0);
  }

  /** Stores the extraction's incidents as reports and fuses each into one incident per real event (`fusion.ts`). */
  private insertIncidents(articleId: string, version: number, _title: string | null, incidents: ExtractedIncident[], now: string): void {
    attachReports(this.db, articleId, version, incidents, now);
  }

  async getArticle(id: string): Promise<ArticleRecord | null> {
    const r = this.st('SELECT * FROM articles WHERE id = ?').get(id) as ArticleRow | undefined;
    return r ? this.toArticle(r) : null;
  }

  private toArticle(r: ArticleRow): ArticleRecord {
    const urls = (this.st('SELECT url FROM article_urls WHERE article_id = ? ORDER BY first_seen, rowid').all(r.id) as Array<{ url: string }>).map(
      (u) => u.url,
    );
    return {
      id: r.id,
      url: r.url,
      urls,
      title: r.title,
      published: r.published,
      source: r.source,
      byline: r.byline,
      lang: r.lang,
      text: r.text,
      contentHash: r.content_hash,
      version: r.version,
      related: parseJson<RelatedLink[]>(r.related, []),
      sourceId: r.source_id,
      storyId: r.story_id,
      ingestedAt: r.ingested_at,
      updatedAt: r.updated_at,
    };
  }

  async getAnnotations(articleId: string): Promise<ExtractRecord | null> {
    const r = this.st(
      `SELECT v.extraction, a.text FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.version = a.version WHERE a.id = ?`,
    ).get(articleId) as { extraction: string | null; text: string } | undefined;
    if (!r || r.extraction == null) return null;
    const rec = parseJson<ExtractRecord | null>(r.extraction, null);
    return rec ? { ...rec, id: articleId, text: r.text } : null;
  }

  async listArticles(query: ArticleQuery = {}): Promise<Page<ArticleRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.sourceId) {
      where.push('source_id = ?');
      params.push(query.sourceId);
    }
    if (query.since) {
      where.push('published >= ?');
      params.push(query.since);
    }
    if (query.until) {
      // A date-only bound includes the whole day.
      if (/^\d{4}-\d{2}-\d{2}$/u.test(query.until)) {
        where.push('published < ?');
        params.push(nextDay(query.until));
      } else {
        where.push('published <= ?');
        params.push(query.until);
      }
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = clampLimit(query.limit);
    const offset = clampOffset(query.offset);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM articles ${w}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM articles ${w} ORDER BY coalesce(published, ingested_at) DESC, seq DESC LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as ArticleRow[];
    return { items: rows.map((r) => this.toArticle(r)), total, limit, offset };
  }

  async search(q: string, opts: { limit?: number; offset?: number } = {}): Promise<Page<SearchHit>> {
    const limit = clampLimit(opts.limit);
    const offset = clampOffset(opts.offset);
    const match = ftsQuery(q);
    const empty = { items: [], total: 0, limit, offset };
    if (!match) return empty;
    try {
      const total = (this.st('SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ?').get(match) as { n: number }).n;
      const rows = this.st(
        `SELECT a.id, a.title, a.published, a.source,
                snippet(articles_fts, -1, ?, ?, '…', 24) AS snip,
                bm25(articles_fts, 4.0, 1.0) AS rank
         FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
         WHERE articles_fts MATCH ?
         ORDER BY rank, a.seq LIMIT ? OFFSET ?`,
      ).all(SNIPPET_OPEN, SNIPPET_CLOSE, match, limit, offset) as Array<{
        id: string;
        title: string | null;
        published: string | null;
        source: string | null;
        snip: string | null;
        rank: number;
      }>;
      const items: SearchHit[] = rows.map((r) => ({
        articleId: r.id,
        title: r.title,
        published: r.published,
        source: r.source,
        snippet: markedSnippetToHtml(r.snip ?? ''),
        score: -r.rank,
      }));
      return { items, total, limit, offset };
    } catch (err) {
      // Last line of defence: the sanitiser should make this unreachable.
      if (err instanceof Error && /fts5|syntax error/iu.test(err.message)) return empty;
      throw err;
    }
  }

  async setStory(articleId: string, storyId: string | null): Promise<void> {
    this.db
      .transaction(() => {
        if (!this.st('SELECT 1 FROM articles WHERE id = ?').get(articleId)) throw new VigilError('store.not_found', `no article ${articleId}`);
        if (storyId !== null) this.st('INSERT OR IGNORE INTO stories (id, created) VALUES (?, ?)').run(storyId, this.ts());
        this.st('UPDATE articles SET story_id = ? WHERE id = ?').run(storyId, articleId);
      })
      .immediate();
  }

  // ---------------------------------------------------------------------------- incidents, entities

  async listIncidents(query: IncidentQuery = {}): Promise<Page<IncidentRecord>> {
    const { where, params } = incidentWhere(query);
    const sort = query.sort ?? '-date';
    const order = INCIDENT_ORDER[sort];
    if (!order) throw new VigilError('api.invalid_request', `unknown sort "${String(sort)}"`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = clampLimit(query.limit);
    const offset = clampOffset(query.offset);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM incidents i ${w}`).get(...params) as { n: number }).n;
    // Sort and page narrow rows first, then read the wide ones of the page only.
    const rows = this.db
      .prepare(`${INCIDENT_SELECT} WHERE i.rowid IN (SELECT i.rowid FROM incidents i ${w} ORDER BY ${order} LIMIT ? OFFSET ?) ORDER BY ${order}`)
      .all(...params, limit, offset) as IncidentRow[];
    return { items: rows.map(toIncident), total, limit, offset };
  }

  async getIncident(id: string): Promise<IncidentRecord | null> {
    const r = this.st(`${INCIDENT_SELECT} WHERE i.id = ?`).get(id) as IncidentRow | undefined;
    return r ? toIncident(r) : null;
  }

  async listEntities(query: EntityQuery = {}): Promise<Page<EntityRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.type) {
      where.push('e.type = ?');
      params.push(query.type);
    }
    if (query.kind) {
      where.push('e.kind = ?');
      params.push(query.kind);
    }
    if (query.q) {
      const q = foldName(query.q);
      if (q) {
        where.push('EXISTS (SELECT 1 FROM entity_aliases x WHERE x.entity_id = e.id AND instr(x.alias_norm, ?) > 0)');
        params.push(q);
      }
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = clampLimit(query.limit);
    const offset = clampOffset(query.offset);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM entities e ${w}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`${ENTITY_SELECT} ${w} GROUP BY e.id ORDER BY mention_count DESC, e.canonical, e.id LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as EntityRow[];
    return { items: rows.map(toEntity), total, limit, offset };
  }

  async getEntity(id: string): Promise<EntityRecord | null> {
    const r = this.st(`${ENTITY_SELECT} WHERE e.id = ? GROUP BY e.id`).get(id) as EntityRow | undefined;
    if (!r) return null;
    const rows = this.st(
      `SELECT s.alias, s.article_id, s.start, s."end", s.evidence_start, s.evidence_end, a.title, a.published, a.text
       FROM entity_alias_sources s JOIN articles a ON a.id = s.article_id
       WHERE s.entity_id = ? ORDER BY a.published, s.article_id, s.start LIMIT 100`,
    ).all(id) as Array<{ alias: string; article_id: string; start: number; end: number; evidence_start: number; evidence_end: number; title: string | null; published: string | null; text: string }>;
    const aliasSources: AliasSource[] = rows.map((x) => ({
      alias: x.alias,
      articleId: x.article_id,
      articleTitle: x.title,
      published: x.published,
      start: x.start,
      end: x.end,
      evidence: { start: x.evidence_start, end: x.evidence_end, text: x.text.slice(x.evidence_start, x.evidence_end) },
    }));
    return { ...toEntity(r), aliasSources };
  }

  // ---------------------------------------------------------------------------- aggregation (aggregate.ts)

  async incidentTimeline(query: IncidentQuery = {}, bucket: TimeBucket = 'week'): Promise<Timeline> {
    return incidentTimeline(this.db, query, bucket);
  }

  async incidentMapPoints(query: IncidentQuery = {}, cellDegrees = 1): Promise<MapPoints> {
    return incidentMapPoints(this.db, query, cellDegrees);
  }

  async overview(): Promise<Overview> {
    const latest = (await this.listIncidents({ includeBackground: false, sort: '-date', limit: 8 })).items;
    return { stats: await this.stats(), latest, ...overviewCounts(this.db) };
  }

  async entityProfile(id: string): Promise<EntityProfile | null> {
    const entity = await this.getEntity(id);
    if (!entity) return null;
    const fam = entityFamily(this.db, id);
    const get = async (x: string) => this.getEntity(x);
    const branches = (await Promise.all(fam.branches.map(get))).filter((e): e is EntityRecord => e !== null);
    const cooccurring: EntityProfile['cooccurring'] = [];
    for (const c of fam.cooccurring) {
      const e = await get(c.id);
      if (e) cooccurring.push({ entity: e, articles: c.articles });
    }
    return { entity, parent: fam.parent ? await get(fam.parent) : null, branches, cooccurring };
  }

  // ---------------------------------------------------------------------------- fusion (fusion.ts)

  async relatedArticles(articleId: string, limit = 10): Promise<RelatedArticle[]> {
    return relatedArticles(this.db, articleId, clampLimit(limit, 10, 100));
  }

  async mergeIncidents(ids: string[], by: string): Promise<IncidentRecord> {
    const id = this.db
      .transaction(() => {
        const target = mergeIncidents(this.db, ids, by, this.ts());
        review.recordIncidentMerge(this.db, [...new Set(ids)], target, by, this.ts());
        return target;
      })
      .immediate();
    return (await this.getIncident(id))!;
  }

  async splitIncident(id: string, reportIds: string[], by: string): Promise<IncidentRecord> {
    const out = this.db
      .transaction(() => {
        const created = splitIncident(this.db, id, reportIds, by, this.ts());
        review.recordIncidentSplit(this.db, id, [...new Set(reportIds)], created, by, this.ts());
        return created;
      })
      .immediate();
    return (await this.getIncident(out))!;
  }

  async incidentHistory(id: string): Promise<IncidentAuditEntry[]> {
    return incidentHistory(this.db, id);
  }

  // ---------------------------------------------------------------------------- accounts and review (review.ts)

  async createUser(u: { name: string; role: Role; passwordHash: string }): Promise<UserRecord> {
    return this.db.transaction(() => review.createUser(this.db, u, this.ts())).immediate();
  }

  async findUser(name: string): Promise<(UserRecord & { passwordHash: string }) | null> {
    return review.findUser(this.db, name);
  }

  async getUser(id: string): Promise<UserRecord | null> {
    return review.getUser(this.db, id);
  }

  async listUsers(): Promise<UserRecord[]> {
    return review.listUsers(this.db);
  }

  async updateUser(id: string, patch: { role?: Role; passwordHash?: string; disabled?: boolean }): Promise<UserRecord> {
    return this.db.transaction(() => review.updateUser(this.db, id, patch, this.ts())).immediate();
  }

  async createSession(session: { idHash: string; userId: string; expiresAt: string }): Promise<void> {
    this.db.transaction(() => review.createSession(this.db, session, this.ts())).immediate();
  }

  async sessionUser(idHash: string, now: string): Promise<{ user: UserRecord; expiresAt: string } | null> {
    return review.sessionUser(this.db, idHash, now);
  }

  async deleteSession(idHash: string): Promise<void> {
    review.deleteSession(this.db, idHash);
  }

  async createToken(token: { id: string; userId: string; name: string; secretHash: string; expiresAt?: string | null }): Promise<TokenRecord> {
    return review.createToken(this.db, token, this.ts());
  }

  async listTokens(userId?: string): Promise<TokenRecord[]> {
    return review.listTokens(this.db, userId);
  }

  async tokenUser(id: string): Promise<{ token: TokenRecord; secretHash: string; user: UserRecord } | null> {
    return review.tokenUser(this.db, id);
  }

  async revokeToken(id: string): Promise<boolean> {
    return review.revokeToken(this.db, id, this.ts());
  }

  async verifyIncident(id: string, by: string, reason: string | null = null): Promise<IncidentRecord> {
    this.db.transaction(() => review.verifyIncident(this.db, id, by, reason, this.ts())).immediate();
    return (await this.getIncident(id))!;
  }

  async correctIncident(id: string, fields: IncidentCorrection, by: string, reason: string | null = null): Promise<IncidentRecord> {
    this.db.transaction(() => review.correctIncident(this.db, id, fields, by, reason, this.ts())).immediate();
    return (await this.getIncident(id))!;
  }

  async incidentCorrections(id: string): Promise<CorrectionRecord[]> {
    return review.corrections(this.db, 'incident', id);
  }

  async mergeEntities(ids: string[], by: string, reason: string | null = null): Promise<EntityRecord> {
    const into = this.db.transaction(() => review.mergeEntities(this.db, ids, by, reason, this.ts())).immediate();
    return (await this.getEntity(into))!;
  }

  async unmergeEntity(id: string, by: string, reason: string | null = null): Promise<EntityRecord> {
    this.db.transaction(() => review.unmergeEntity(this.db, id, by, reason, this.ts())).immediate();
    return (await this.getEntity(id))!;
  }

  async entityMerges(id: string): Promise<EntityMergeRecord[]> {
    return review.entityMerges(this.db, id);
  }

  // ---------------------------------------------------------------------------- ingest log

  async logIngest(entry: IngestLogEntry): Promise<void> {
    this.st('INSERT INTO ingest_log (at, origin, source_id, article_id, status, error_code, message) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      entry.at ? isoInstant(entry.at) : this.ts(),
      entry.origin,
      entry.sourceId ?? null,
      entry.articleId ?? null,
      entry.status,
      entry.errorCode ?? null,
      entry.message ?? null,
    );
  }

  async recentIngestLog(limit = 50): Promise<Array<Required<Pick<IngestLogEntry, 'origin' | 'status'>> & IngestLogEntry>> {
    const rows = this.st('SELECT * FROM ingest_log ORDER BY id DESC LIMIT ?').all(clampLimit(limit, 50, 1000)) as Array<{
      at: string;
      origin: string;
      source_id: string | null;
      article_id: string | null;
      status: IngestLogEntry['status'];
      error_code: string | null;
      message: string | null;
    }>;
    return rows.map((r) => ({
      at: r.at,
      origin: r.origin,
      sourceId: r.source_id,
      articleId: r.article_id,
      status: r.status,
      errorCode: r.error_code,
      message: r.message,
    }));
  }
}

/** The URLs an article carries, canonicalised and deduplicated (declared canonical first). */
function articleUrls(article: ParsedArticle): UrlRow[] {
  const out: UrlRow[] = [];
  const push = (raw: string | null | undefined, relation: UrlRow['relation']) => {
    const r = raw?.trim();
    if (!r) return;
    const url = canonicalUrl(r);
    if (!out.some((u) => u.url === url)) out.push({ url, raw: r, relation });
  };
  push(article.canonicalUrl, 'canonical');
  push(article.url, 'url');
  return out;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
