/**
 * The records that flow between Vigil's stages. The batch extraction types mirror
 * `extract-format.md` exactly (add fields freely, never rename or drop one); the stored
 * records (sources, articles, incidents) are what the store returns to the API and CLI.
 *
 * All `start`/`end` are UTF-16 offsets into the article's cleaned `text`, end exclusive.
 */

/** A half-open span `[start, end)` into an article's text. */
export interface Span {
  start: number;
  end: number;
}

/** A span with the text it covers (always `text.slice(start, end)`). */
export interface TextSpan extends Span {
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Ingest: what a reader finds in a document.
// ---------------------------------------------------------------------------------------------

/** A related-article teaser or link found on a page ("Related post"). */
export interface RelatedLink {
  title: string;
  url: string | null;
}

/**
 * One article as a reader found it: a plain-text page, an HTML page, a feed item, a JSON line.
 * `text` is the cleaned body that every later offset refers to.
 */
export interface ParsedArticle {
  /** Caller-supplied id (JSON/JSONL inputs, feed item guid) when there is one. */
  id?: string;
  title: string | null;
  /** ISO 8601 date or datetime (UTC when the source gives a zone), or null when unknown. */
  published: string | null;
  url: string | null;
  /** Canonical URL (`<link rel=canonical>`, og:url) when the page declares one. */
  canonicalUrl?: string | null;
  /** Outlet name ("Times of India"). */
  source: string | null;
  byline?: string | null;
  lang?: string | null;
  related: RelatedLink[];
  text: string;
  /** A place named by a wire dateline ("SAN SALVADOR, 3 JAN 90 --"), when the reader saw one. */
  dateline?: { place: string; date: string | null; span: Span } | null;
}

/** What a reader returns for one document. */
export interface ReadResult {
  /** `feed` when the document was a feed (RSS, Atom, RDF, JSON Feed) or a list (JSONL). */
  kind: 'article' | 'feed' | 'list';
  /** Feed title or outlet, when the document names one. */
  title?: string | null;
  articles: ParsedArticle[];
  /** Per-item failures inside a list document (a bad JSON line); the rest still counts. */
  errors: Array<{ index: number; id?: string; code: string; message: string }>;
}

// ---------------------------------------------------------------------------------------------
// Extract: the batch format of `vigil extract` (extract-format.md).
// ---------------------------------------------------------------------------------------------

/** One input line of `vigil extract`. Only `id` and `text` are required. */
export interface ExtractInput {
  id: string;
  text: string;
  title?: string | null;
  published?: string | null;
  url?: string | null;
  lang?: string | null;
  source?: string | null;
  /** Dateline seen by a reader; lets extraction place and date the lead incident. */
  dateline?: ParsedArticle['dateline'];
}

export type EntityType = 'PER' | 'ORG' | 'LOC' | 'MISC';

export interface EntityMention extends TextSpan {
  type: EntityType;
  /** Finer kind: person, armed_group, government_body, media, company, country, city, ... */
  kind: string;
  /** Stable id of the resolved entity (`person:sanaullah-ghafari`). */
  entity: string;
  canonical: string;
  aliases: string[];
  /** Parent entity id, when known (ISKP -> the Islamic State). */
  parent?: string | null;
  /**
   * Aliases learned from this text ("by his battlefield name …", "also known as …", "(ISKP)"),
   * each with the alias mention's span and the sentence that taught it.
   */
  learned_aliases?: Array<{ alias: string; start: number; end: number; evidence: Span }>;
}

export type PlaceFeature = 'city' | 'admin1' | 'admin2' | 'country' | 'region' | 'landmark' | 'other';

export interface PlaceMention extends TextSpan {
  name: string;
  lat: number;
  lon: number;
  country_code: string;
  admin1?: string | null;
  feature: PlaceFeature;
  geonameid?: string | null;
}

export type DatePrecision = 'day' | 'month' | 'year';

export interface DateMention extends TextSpan {
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY` following the precision. */
  value: string;
  precision: DatePrecision;
}

export interface NumberMention extends TextSpan {
  value: number;
}

/** A role filler (perpetrator, victim, target, weapon) with its evidence. */
export interface RoleFiller extends TextSpan {}

export type ClaimStatus = 'claimed' | 'suspected' | 'denied' | 'inspired' | 'attributed';

export interface PerpetratorGroup extends TextSpan {
  canonical: string;
  entity?: string;
  aliases: string[];
  claimed: boolean;
  claim_status: ClaimStatus;
}

export interface IncidentPlace extends TextSpan {
  name: string;
  lat: number | null;
  lon: number | null;
  country_code: string | null;
  admin1?: string | null;
  feature: PlaceFeature;
  geonameid?: string | null;
  /** GTD specificity: 1 city with coordinates ... 5 unknown. */
  specificity: 1 | 2 | 3 | 4 | 5;
  /**
   * Absent when the text names the place. `perpetrator`: the text names none, and this is the
   * country the perpetrator group operates in (the span is the group's mention).
   */
  basis?: 'perpetrator';
}

export interface ExtractedIncident {
  date: string | null;
  date_precision: DatePrecision | null;
  /** Evidence of the date (absent when the date came from the article's dateline or date). */
  date_span?: Span | null;
  place: IncidentPlace | null;
  is_background: boolean;
  attack_types: string[];
  weapon_types: string[];
  target_types: string[];
  perpetrator_groups: PerpetratorGroup[];
  perpetrator_individuals: RoleFiller[];
  victims: RoleFiller[];
  targets: RoleFiller[];
  weapons: RoleFiller[];
  killed: number | null;
  wounded: number | null;
  killed_min?: number;
  wounded_min?: number;
  /** Evidence of the casualty figures. */
  killed_span?: Span | null;
  wounded_span?: Span | null;
  /** The trigger words ("suicide bombing") that made this an incident. */
  trigger: TextSpan;
  /** Evidence of each coded type: the trigger or role filler words it was read from. */
  attack_type_spans?: Array<Span & { type: string }>;
  weapon_type_spans?: Array<Span & { type: string }>;
  target_type_spans?: Array<Span & { type: string }>;
  evidence: Span[];
}

export interface ExtractError {
  code: string;
  message: string;
}

/** One output line of `vigil extract`. */
export interface ExtractRecord {
  id: string;
  /** Reader fields, present when the input came from a FILE. */
  file?: string;
  title?: string | null;
  published?: string | null;
  url?: string | null;
  source?: string | null;
  related?: RelatedLink[];
  text?: string;
  entities: EntityMention[];
  places: PlaceMention[];
  dates: DateMention[];
  incidents: ExtractedIncident[];
}

export interface ExtractFailure {
  id?: string;
  file?: string;
  error: ExtractError;
}

// ---------------------------------------------------------------------------------------------
// Stored records.
// ---------------------------------------------------------------------------------------------

export interface SourceRecord {
  id: string;
  url: string;
  /** `feed` or `page`; `auto` until the first fetch tells. */
  kind: 'feed' | 'page' | 'auto';
  title: string | null;
  enabled: boolean;
  createdAt: string;
  /** Conditional GET state. */
  etag: string | null;
  lastModified: string | null;
  lastFetchedAt: string | null;
  lastSuccessAt: string | null;
  nextFetchAt: string | null;
  /** Consecutive failures; drives exponential back-off. */
  errorCount: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  articleCount: number;
}

export interface ArticleRecord {
  id: string;
  url: string | null;
  urls: string[];
  title: string | null;
  published: string | null;
  source: string | null;
  byline: string | null;
  lang: string | null;
  text: string;
  contentHash: string;
  version: number;
  related: RelatedLink[];
  sourceId: string | null;
  storyId: string | null;
  ingestedAt: string;
  updatedAt: string;
}

export interface IncidentRecord {
  id: string;
  articleId: string;
  articleVersion: number;
  articleTitle: string | null;
  published: string | null;
  date: string | null;
  datePrecision: DatePrecision | null;
  placeName: string | null;
  countryCode: string | null;
  lat: number | null;
  lon: number | null;
  specificity: number | null;
  attackTypes: string[];
  weaponTypes: string[];
  targetTypes: string[];
  groups: string[];
  killed: number | null;
  wounded: number | null;
  isBackground: boolean;
  status: 'machine' | 'verified' | 'corrected';
  /** The full extracted record with every evidence span. */
  detail: ExtractedIncident;
  /** Every article reporting this incident (one per report), oldest first. */
  sources?: IncidentSource[];
  /** Every reported casualty figure with its article and time, oldest first (the death-toll history). */
  casualtyHistory?: CasualtyReport[];
  /** Which report `killed` / `wounded` came from, and by which rule (`src/fuse/incident-merge.ts`). */
  killedSource?: FigureSource | null;
  woundedSource?: FigureSource | null;
}

/** One article's report of an incident, as a source of the fused incident. */
export interface IncidentSource {
  reportId: string;
  articleId: string;
  title: string | null;
  url: string | null;
  outlet: string | null;
  published: string | null;
  killed: number | null;
  wounded: number | null;
}

export interface CasualtyReport {
  reportId: string;
  articleId: string;
  published: string | null;
  killed: number | null;
  wounded: number | null;
}

/** `latest`: the latest report's figure; `confirmed`: raised to a figure two outlets gave; `human`: set by a reviewer. */
export interface FigureSource {
  reportId: string;
  articleId: string;
  published: string | null;
  rule: 'latest' | 'confirmed' | 'human';
}

/** A merge or split of incidents, by a person or by the machine. */
export interface IncidentAuditEntry {
  id: number;
  at: string;
  action: 'merge' | 'split';
  by: string;
  incidentIds: string[];
  /** Where each moved report was before and after: enough to undo the change. */
  moves: Array<{ reportId: string; from: string; to: string }>;
}

/** An article related to another: same story first, then shared actors and places. */
export interface RelatedArticle {
  id: string;
  title: string | null;
  url: string | null;
  published: string | null;
  source: string | null;
  storyId: string | null;
  reason: 'story' | 'actors' | 'places';
  /** Names of the shared actors or places (empty for the same story). */
  shared: string[];
  score: number;
}

export interface EntityRecord {
  id: string;
  type: EntityType;
  kind: string;
  canonical: string;
  aliases: string[];
  parent: string | null;
  mentionCount: number;
  articleCount: number;
  /** Where learned aliases were learned (`getEntity` only): the article and the teaching sentence. */
  aliasSources?: AliasSource[];
}

export interface AliasSource {
  alias: string;
  articleId: string;
  articleTitle: string | null;
  published: string | null;
  /** The alias mention in the article's text. */
  start: number;
  end: number;
  /** The sentence that taught it, with its offsets. */
  evidence: TextSpan;
}

// ---------------------------------------------------------------------------------------------
// Accounts and review (src/auth, src/store/sqlite/review.ts)
// ---------------------------------------------------------------------------------------------

/** viewer reads; analyst also reviews (verify, correct, merge, split); admin also manages users. */
export type Role = 'viewer' | 'analyst' | 'admin';

export interface UserRecord {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** An API token's public part; its secret is shown once at creation and stored hashed. */
export interface TokenRecord {
  id: string;
  userId: string;
  userName: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  /** When it stops working (UTC ISO timestamp); null: never. */
  expiresAt: string | null;
}

/** Fields an analyst may correct on an incident (absent: unchanged; null: unknown). */
export interface IncidentCorrection {
  date?: string | null;
  datePrecision?: DatePrecision | null;
  placeName?: string | null;
  countryCode?: string | null;
  lat?: number | null;
  lon?: number | null;
  attackTypes?: string[];
  weaponTypes?: string[];
  targetTypes?: string[];
  groups?: string[];
  killed?: number | null;
  wounded?: number | null;
  isBackground?: boolean;
}

/** One human change: who, when, what (one field, or a verify/merge/split), before and after. */
export interface CorrectionRecord {
  id: number;
  at: string;
  by: string;
  targetKind: 'incident' | 'entity';
  targetId: string;
  action: 'verify' | 'correct' | 'merge' | 'split' | 'merge_entity' | 'unmerge_entity';
  /** The corrected field (`killed`, `placeName`, …) for `correct`; null otherwise. */
  field: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** Entity `fromId` merged into `intoId` by a person, with why; undone by an unmerge. */
export interface EntityMergeRecord {
  id: number;
  fromId: string;
  intoId: string;
  fromCanonical: string;
  by: string;
  at: string;
  reason: string | null;
  undoneBy: string | null;
  undoneAt: string | null;
  undoReason: string | null;
}
