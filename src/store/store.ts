/**
 * The store interface: the only place in Vigil that holds state. Every backend (SQLite now,
 * PostgreSQL next) implements `Store` and passes the one conformance suite in
 * `test/store/conformance.ts`. Methods are async so that networked backends fit the same shape.
 *
 * Idempotency rules every backend keeps:
 * - an article's id comes from its canonical key (canonical URL, else URL, else content hash);
 *   the same article ingested twice is one row, a changed body under the same key is a new
 *   version of that row, and a body already stored under another URL adds that URL to it;
 * - `ingestArticle` writes the article, its annotations and its incidents in one transaction,
 *   so an interrupted ingest leaves either all of an article or nothing.
 */
import type {
  ArticleRecord,
  CorrectionRecord,
  EntityMergeRecord,
  EntityRecord,
  ExtractRecord,
  IncidentAuditEntry,
  IncidentRecord,
  IncidentCorrection,
  ParsedArticle,
  RelatedArticle,
  Role,
  SourceRecord,
  TokenRecord,
  UserRecord,
} from '../model.js';

export interface ArticleWrite {
  article: ParsedArticle;
  /** The extraction of `article.text`; stored as mentions, entities and incidents. */
  extraction: ExtractRecord | null;
  sourceId?: string | null;
}

export type IngestStatus = 'new' | 'duplicate' | 'updated' | 'merged_url';

export interface IngestOutcome {
  articleId: string;
  status: IngestStatus;
  version: number;
}

export interface IngestLogEntry {
  at?: string;
  /** A file path, URL or `stdin:N`. */
  origin: string;
  sourceId?: string | null;
  articleId?: string | null;
  status: IngestStatus | 'failed';
  errorCode?: string | null;
  message?: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface ArticleQuery {
  sourceId?: string;
  since?: string;
  until?: string;
  limit?: number;
  offset?: number;
}

export interface IncidentQuery {
  /** Inclusive ISO dates compared with the incident's date. */
  since?: string;
  until?: string;
  country?: string;
  /** Matches a perpetrator group's canonical name or alias, case-insensitive. */
  group?: string;
  attackType?: string;
  minKilled?: number;
  /** [west, south, east, north] */
  bbox?: [number, number, number, number];
  includeBackground?: boolean;
  articleId?: string;
  q?: string;
  /** Perpetrated by this entity (a group id) or by one of its branches, at any depth. */
  entity?: string;
  /** Reported in an article that mentions this entity (a person, an organisation, …). */
  mentioning?: string;
  sort?: 'date' | '-date' | 'killed' | '-killed';
  limit?: number;
  offset?: number;
}

/** Time buckets of `incidentTimeline`: weeks start on Monday (`YYYY-MM-DD`), months `YYYY-MM`, years `YYYY`. */
export type TimeBucket = 'week' | 'month' | 'year';

/** Incidents and killed per bucket and primary (first) attack type; buckets without incidents are absent. */
export interface TimelineRow {
  bucket: string;
  attackType: string;
  count: number;
  killed: number;
}

export interface Timeline {
  bucket: TimeBucket;
  rows: TimelineRow[];
  /** Matching incidents whose date is coarser than the bucket (a year for a week), so not drawn. */
  imprecise: number;
  undated: number;
}

/** A grid cell of matching incidents: mean position, counts, and the extent of its incidents. */
export interface MapCell {
  lat: number;
  lon: number;
  count: number;
  killed: number;
  /** [west, south, east, north] of the incidents in the cell. */
  bbox: [number, number, number, number];
  /** The incident ids, for cells of at most `MAP_CELL_IDS` incidents. */
  ids?: string[];
}

export interface MapPoints {
  cellDegrees: number;
  cells: MapCell[];
  /** Matching incidents with coordinates (in `cells`) and without. */
  located: number;
  unlocated: number;
}

/** Cells with at most this many incidents list their ids. */
export const MAP_CELL_IDS = 5;

export interface CountByKey {
  key: string;
  /** Display name (a group's canonical name, a country code, an attack type). */
  label: string;
  count: number;
  killed: number;
}

/** The desk's front page: counts, the latest news incidents and the leading groups, countries, types. */
export interface Overview {
  stats: StoreStats;
  /** Incidents reported as news (not background), their casualties and date range. */
  news: number;
  background: number;
  killed: number;
  wounded: number;
  firstDate: string | null;
  lastDate: string | null;
  latest: IncidentRecord[];
  groups: CountByKey[];
  countries: CountByKey[];
  attackTypes: CountByKey[];
}

/** An entity with its family and the actors named beside it. */
export interface EntityProfile {
  entity: EntityRecord;
  parent: EntityRecord | null;
  branches: EntityRecord[];
  /** People and organisations mentioned in the same articles, most shared articles first. */
  cooccurring: Array<{ entity: EntityRecord; articles: number }>;
}

export interface EntityQuery {
  type?: string;
  kind?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  articleId: string;
  title: string | null;
  published: string | null;
  source: string | null;
  /** Snippet with matches wrapped in `<mark>` … `</mark>`; everything else HTML-escaped. */
  snippet: string;
  score: number;
}

export interface SourceFetchUpdate {
  kind?: SourceRecord['kind'];
  title?: string | null;
  etag?: string | null;
  lastModified?: string | null;
  fetchedAt: string;
  nextFetchAt: string | null;
  ok: boolean;
  errorCode?: string | null;
  errorMessage?: string | null;
}

export interface SourceErrorRecord {
  at: string;
  code: string;
  message: string;
}

export interface StoreStats {
  articles: number;
  incidents: number;
  entities: number;
  sources: number;
}

export interface Store {
  /** Applies pending migrations (append-only, numbered, each in its own transaction). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  stats(): Promise<StoreStats>;

  // sources
  addSource(url: string, opts?: { kind?: SourceRecord['kind']; title?: string | null }): Promise<{ source: SourceRecord; created: boolean }>;
  getSource(id: string): Promise<SourceRecord | null>;
  listSources(): Promise<SourceRecord[]>;
  removeSource(id: string): Promise<boolean>;
  /** Enabled sources whose `nextFetchAt` is null or not after `now`. */
  dueSources(now: string): Promise<SourceRecord[]>;
  recordFetch(id: string, update: SourceFetchUpdate): Promise<void>;
  sourceErrors(id: string, limit?: number): Promise<SourceErrorRecord[]>;

  // articles
  ingestArticle(write: ArticleWrite): Promise<IngestOutcome>;
  getArticle(id: string): Promise<ArticleRecord | null>;
  /** The stored extraction of the article's current version. */
  getAnnotations(articleId: string): Promise<ExtractRecord | null>;
  listArticles(query?: ArticleQuery): Promise<Page<ArticleRecord>>;
  search(q: string, opts?: { limit?: number; offset?: number }): Promise<Page<SearchHit>>;
  setStory(articleId: string, storyId: string | null): Promise<void>;

  // incidents and entities
  listIncidents(query?: IncidentQuery): Promise<Page<IncidentRecord>>;
  getIncident(id: string): Promise<IncidentRecord | null>;
  listEntities(query?: EntityQuery): Promise<Page<EntityRecord>>;
  getEntity(id: string): Promise<EntityRecord | null>;

  // aggregation for the desk (map, timeline, overview, actor pages)
  incidentTimeline(query?: IncidentQuery, bucket?: TimeBucket): Promise<Timeline>;
  /** Matching incidents grouped in a grid of `cellDegrees` (clamped to [0.01, 90]). */
  incidentMapPoints(query?: IncidentQuery, cellDegrees?: number): Promise<MapPoints>;
  overview(): Promise<Overview>;
  entityProfile(id: string): Promise<EntityProfile | null>;

  // fusion: one incident per real event, stories, related articles (src/fuse, sqlite/fusion.ts)
  /** Same story first, then articles sharing actors, then places. Throws store.not_found for an unknown article. */
  relatedArticles(articleId: string, limit?: number): Promise<RelatedArticle[]>;
  /** A person merges incidents into the first id; audited, reversible by `splitIncident`. */
  mergeIncidents(ids: string[], by: string): Promise<IncidentRecord>;
  /** A person moves reports (ids from `sources[].reportId`) out into a new incident; audited. */
  splitIncident(id: string, reportIds: string[], by: string): Promise<IncidentRecord>;
  /** Merges and splits that touched the incident, newest first. */
  incidentHistory(id: string): Promise<IncidentAuditEntry[]>;

  // accounts (src/auth hashes every secret; the store never sees a password or token in clear)
  /** Throws store.conflict when the name (case-insensitive) is taken. */
  createUser(user: { name: string; role: Role; passwordHash: string }): Promise<UserRecord>;
  /** The user by name (case-insensitive) with the stored password hash, for login. */
  findUser(name: string): Promise<(UserRecord & { passwordHash: string }) | null>;
  getUser(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /** Throws store.not_found for an unknown id. A new password hash ends the user's sessions. */
  updateUser(id: string, patch: { role?: Role; passwordHash?: string; disabled?: boolean }): Promise<UserRecord>;
  /** Stores a session under the hash of its secret; expired sessions are purged on the way. */
  createSession(session: { idHash: string; userId: string; expiresAt: string }): Promise<void>;
  /** The session's user when it exists and has not expired at `now`. */
  sessionUser(idHash: string, now: string): Promise<{ user: UserRecord; expiresAt: string } | null>;
  deleteSession(idHash: string): Promise<void>;
  /** `expiresAt` (UTC ISO) is stored as given; absent or null: the token never expires. */
  createToken(token: { id: string; userId: string; name: string; secretHash: string; expiresAt?: string | null }): Promise<TokenRecord>;
  /** Tokens of one user, or of everyone; newest first, revoked and expired ones included. */
  listTokens(userId?: string): Promise<TokenRecord[]>;
  /** A token with its secret hash and user, for authentication (revoked and expired ones too: the caller checks). */
  tokenUser(id: string): Promise<{ token: TokenRecord; secretHash: string; user: UserRecord } | null>;
  /** False when the token does not exist or was already revoked. */
  revokeToken(id: string): Promise<boolean>;

  // review (sqlite/review.ts): human changes, stored as corrections that re-ingests never undo
  /** Marks an incident reviewed: `verified` (a corrected one stays `corrected`). */
  verifyIncident(id: string, by: string, reason?: string | null): Promise<IncidentRecord>;
  /** Sets fields; the incident becomes `corrected` and keeps them across re-ingests and new reports. */
  correctIncident(id: string, fields: IncidentCorrection, by: string, reason?: string | null): Promise<IncidentRecord>;
  /** Verifications, corrections, merges and splits of an incident, newest first. */
  incidentCorrections(id: string): Promise<CorrectionRecord[]>;
  /** Merges `ids[1..]` into `ids[0]` (mentions, perpetrator links, names); reversible by `unmergeEntity`. */
  mergeEntities(ids: string[], by: string, reason?: string | null): Promise<EntityRecord>;
  /** Undoes the active merge of `id` into another entity; returns the restored entity. */
  unmergeEntity(id: string, by: string, reason?: string | null): Promise<EntityRecord>;
  /** Merges from or into the entity (undone ones included), newest first. */
  entityMerges(id: string): Promise<EntityMergeRecord[]>;

  // ingest log
  logIngest(entry: IngestLogEntry): Promise<void>;
  recentIngestLog(limit?: number): Promise<Array<Required<Pick<IngestLogEntry, 'origin' | 'status'>> & IngestLogEntry>>;
}
