/**
 * An in-memory `Store` over plain arrays for the API and web tests. It implements the whole
 * interface with simple, obviously-correct loops (no indexes), records every call in `calls`
 * so tests can check that filters reach the store, and can be told to fail the next call.
 * The real SQLite store passes the conformance suite; this one only has to be believable.
 */
import { createHash } from 'node:crypto';
import type { ArticleRecord, EntityRecord, ExtractRecord, IncidentRecord, SourceRecord } from '../../src/model.js';
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
} from '../../src/store/store.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const page = <T>(all: T[], limit = 50, offset = 0): Page<T> => ({ items: all.slice(offset, offset + limit), total: all.length, limit, offset });
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface FakeCall {
  method: string;
  args: unknown[];
}

export class FakeStore implements Store {
  sources: SourceRecord[] = [];
  sourceErrorLog = new Map<string, SourceErrorRecord[]>();
  articles: ArticleRecord[] = [];
  annotations = new Map<string, ExtractRecord>();
  incidents: IncidentRecord[] = [];
  ingestLog: IngestLogEntry[] = [];
  calls: FakeCall[] = [];
  /** When set, the next store call throws this error (once). */
  failNext: Error | null = null;
  private now = () => '2024-03-30T08:00:00.000Z';

  private call(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
  }

  /** The arguments of the last call to `method`. */
  lastCall(method: string): unknown[] | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) if (this.calls[i]!.method === method) return this.calls[i]!.args;
    return undefined;
  }

  async migrate(): Promise<void> {}
  async close(): Promise<void> {}

  async stats(): Promise<StoreStats> {
    this.call('stats');
    return { articles: this.articles.length, incidents: this.incidents.length, entities: this.entities().length, sources: this.sources.length };
  }

  // sources ------------------------------------------------------------------------------------
  async addSource(url: string, opts: { kind?: SourceRecord['kind']; title?: string | null } = {}) {
    this.call('addSource', url, opts);
    const existing = this.sources.find((s) => s.url === url);
    if (existing) return { source: existing, created: false };
    const source: SourceRecord = {
      id: 'src-' + sha(url).slice(0, 10),
      url,
      kind: opts.kind ?? 'auto',
      title: opts.title ?? null,
      enabled: true,
      createdAt: this.now(),
      etag: null,
      lastModified: null,
      lastFetchedAt: null,
      lastSuccessAt: null,
      nextFetchAt: null,
      errorCount: 0,
      lastErrorCode: null,
      lastErrorMessage: null,
      articleCount: 0,
    };
    this.sources.push(source);
    return { source, created: true };
  }
  async getSource(id: string) {
    this.call('getSource', id);
    return this.sources.find((s) => s.id === id) ?? null;
  }
  async listSources() {
    this.call('listSources');
    return [...this.sources];
  }
  async removeSource(id: string) {
    this.call('removeSource', id);
    const n = this.sources.length;
    this.sources = this.sources.filter((s) => s.id !== id);
    return this.sources.length < n;
  }
  async dueSources(now: string) {
    this.call('dueSources', now);
    return this.sources.filter((s) => s.enabled && (s.nextFetchAt === null || s.nextFetchAt <= now));
  }
  async recordFetch(id: string, u: SourceFetchUpdate) {
    this.call('recordFetch', id, u);
    const s = this.sources.find((x) => x.id === id);
    if (!s) return;
    s.lastFetchedAt = u.fetchedAt;
    s.nextFetchAt = u.nextFetchAt;
    if (u.kind) s.kind = u.kind;
    if (u.title !== undefined) s.title = u.title;
    if (u.ok) {
      s.lastSuccessAt = u.fetchedAt;
      s.errorCount = 0;
      s.lastErrorCode = null;
      s.lastErrorMessage = null;
    } else {
      s.errorCount++;
      s.lastErrorCode = u.errorCode ?? 'fetch.connection_failed';
      s.lastErrorMessage = u.errorMessage ?? null;
      const log = this.sourceErrorLog.get(id) ?? [];
      log.unshift({ at: u.fetchedAt, code: s.lastErrorCode, message: s.lastErrorMessage ?? '' });
      this.sourceErrorLog.set(id, log);
    }
  }
  async sourceErrors(id: string, limit = 50) {
    this.call('sourceErrors', id, limit);
    return (this.sourceErrorLog.get(id) ?? []).slice(0, limit);
  }

  // articles -----------------------------------------------------------------------------------
  async ingestArticle(w: ArticleWrite): Promise<IngestOutcome> {
    this.call('ingestArticle', w);
    const a = w.article;
    const id = a.id ?? 'art-' + sha(a.canonicalUrl ?? a.url ?? a.text).slice(0, 12);
    const old = this.articles.find((x) => x.id === id);
    const hash = sha(a.text);
    if (old && old.contentHash === hash) return { articleId: id, status: 'duplicate', version: old.version };
    const version = old ? old.version + 1 : 1;
    const rec: ArticleRecord = {
      id,
      url: a.url,
      urls: a.url ? [a.url] : [],
      title: a.title,
      published: a.published,
      source: a.source,
      byline: a.byline ?? null,
      lang: a.lang ?? null,
      text: a.text,
      contentHash: hash,
      version,
      related: a.related,
      sourceId: w.sourceId ?? null,
      storyId: null,
      ingestedAt: this.now(),
      updatedAt: this.now(),
    };
    this.articles = this.articles.filter((x) => x.id !== id).concat(rec);
    this.incidents = this.incidents.filter((i) => i.articleId !== id);
    if (w.extraction) {
      this.annotations.set(id, { ...w.extraction, id });
      w.extraction.incidents.forEach((d, n) => {
        this.incidents.push({
          id: `${id}-i${n + 1}`,
          articleId: id,
          articleVersion: version,
          articleTitle: a.title,
          published: a.published,
          date: d.date,
          datePrecision: d.date_precision,
          placeName: d.place?.name ?? null,
          countryCode: d.place?.country_code ?? null,
          lat: d.place?.lat ?? null,
          lon: d.place?.lon ?? null,
          specificity: d.place?.specificity ?? null,
          attackTypes: d.attack_types,
          weaponTypes: d.weapon_types,
          targetTypes: d.target_types,
          groups: d.perpetrator_groups.map((g) => g.canonical),
          killed: d.killed,
          wounded: d.wounded,
          isBackground: d.is_background,
          status: 'machine',
          detail: d,
        });
      });
    }
    if (w.sourceId) {
      const s = this.sources.find((x) => x.id === w.sourceId);
      if (s && !old) s.articleCount++;
    }
    return { articleId: id, status: old ? 'updated' : 'new', version };
  }
  async getArticle(id: string) {
    this.call('getArticle', id);
    return this.articles.find((a) => a.id === id) ?? null;
  }
  async getAnnotations(articleId: string) {
    this.call('getAnnotations', articleId);
    return this.annotations.get(articleId) ?? null;
  }
  async listArticles(q: ArticleQuery = {}) {
    this.call('listArticles', q);
    const day = (s: string | null) => (s ?? '').slice(0, 10);
    const all = this.articles
      .filter((a) => (q.sourceId === undefined || a.sourceId === q.sourceId) && (q.since === undefined || day(a.published) >= q.since) && (q.until === undefined || day(a.published) <= q.until))
      .sort((a, b) => (b.published ?? '').localeCompare(a.published ?? ''));
    return page(all, q.limit, q.offset);
  }
  async search(q: string, opts: { limit?: number; offset?: number } = {}) {
    this.call('search', q, opts);
    const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
    const hits: SearchHit[] = [];
    for (const a of this.articles) {
      const hay = `${a.title ?? ''}\n${a.text}`.toLowerCase();
      if (!terms.every((t) => hay.includes(t))) continue;
      const first = Math.max(0, a.text.toLowerCase().indexOf(terms[0]!));
      const from = Math.max(0, first - 60);
      const raw = (from > 0 ? '…' : '') + a.text.slice(from, first + 140) + '…';
      let snippet = escapeHtml(raw);
      for (const t of terms) snippet = snippet.replace(new RegExp(escapeHtml(t).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), (m) => `<mark>${m}</mark>`);
      hits.push({ articleId: a.id, title: a.title, published: a.published, source: a.source, snippet, score: terms.length });
    }
    return page(hits, opts.limit, opts.offset);
  }
  async setStory(articleId: string, storyId: string | null) {
    this.call('setStory', articleId, storyId);
    const a = this.articles.find((x) => x.id === articleId);
    if (a) a.storyId = storyId;
  }

  // incidents and entities ---------------------------------------------------------------------
  async listIncidents(q: IncidentQuery = {}) {
    this.call('listIncidents', q);
    const lc = (s: string) => s.toLowerCase();
    const all = this.incidents.filter((i) => {
      if (q.articleId !== undefined && i.articleId !== q.articleId) return false;
      if (q.includeBackground === false && i.isBackground) return false;
      if (q.since !== undefined && (i.date === null || i.date < q.since.slice(0, i.date.length))) return false;
      if (q.until !== undefined && (i.date === null || i.date > q.until)) return false;
      if (q.country !== undefined && i.countryCode !== q.country) return false;
      if (q.attackType !== undefined && !i.attackTypes.some((t) => lc(t) === lc(q.attackType!))) return false;
      if (q.minKilled !== undefined && (i.killed ?? 0) < q.minKilled) return false;
      if (q.group !== undefined) {
        const g = lc(q.group);
        const names = i.detail.perpetrator_groups.flatMap((p) => [p.canonical, ...p.aliases]).concat(i.groups).map(lc);
        if (!names.includes(g)) return false;
      }
      if (q.bbox !== undefined) {
        const [w, s, e, n] = q.bbox;
        if (i.lat === null || i.lon === null || i.lat < s || i.lat > n || i.lon < w || i.lon > e) return false;
      }
      if (q.q !== undefined) {
        const hay = lc([i.placeName, i.articleTitle, ...i.groups, ...i.attackTypes].join(' '));
        if (!hay.includes(lc(q.q))) return false;
      }
      return true;
    });
    const sort = q.sort ?? '-date';
    const key = (i: IncidentRecord): string | number => (sort.endsWith('date') ? i.date ?? '' : i.killed ?? -1);
    const dir = sort.startsWith('-') ? -1 : 1;
    all.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const c = ka < kb ? -1 : ka > kb ? 1 : 0;
      return c * dir || a.id.localeCompare(b.id);
    });
    return page(all, q.limit, q.offset);
  }
  async getIncident(id: string) {
    this.call('getIncident', id);
    return this.incidents.find((i) => i.id === id) ?? null;
  }

  /** Entities aggregated from the stored mentions. */
  private entities(): EntityRecord[] {
    const byId = new Map<string, EntityRecord & { articles: Set<string> }>();
    for (const [articleId, ex] of this.annotations) {
      for (const m of ex.entities) {
        let e = byId.get(m.entity);
        if (!e) {
          e = { id: m.entity, type: m.type, kind: m.kind, canonical: m.canonical, aliases: [...m.aliases], parent: m.parent ?? null, mentionCount: 0, articleCount: 0, articles: new Set() };
          byId.set(m.entity, e);
        }
        e.mentionCount++;
        e.articles.add(articleId);
        e.articleCount = e.articles.size;
      }
    }
    return [...byId.values()].map(({ articles: _a, ...e }) => e).sort((a, b) => b.mentionCount - a.mentionCount || a.canonical.localeCompare(b.canonical));
  }
  async listEntities(q: EntityQuery = {}) {
    this.call('listEntities', q);
    const needle = q.q?.toLowerCase();
    const all = this.entities().filter(
      (e) =>
        (q.type === undefined || e.type === q.type) &&
        (q.kind === undefined || e.kind === q.kind) &&
        (needle === undefined || [e.canonical, ...e.aliases].some((n) => n.toLowerCase().includes(needle))),
    );
    return page(all, q.limit, q.offset);
  }
  async getEntity(id: string) {
    this.call('getEntity', id);
    return this.entities().find((e) => e.id === id) ?? null;
  }

  // ingest log ---------------------------------------------------------------------------------
  async logIngest(entry: IngestLogEntry) {
    this.call('logIngest', entry);
    this.ingestLog.unshift({ at: this.now(), ...entry });
  }
  async recentIngestLog(limit = 50) {
    this.call('recentIngestLog', limit);
    return this.ingestLog.slice(0, limit);
  }
}
