/**
 * An in-memory `Store` over plain arrays for the API and web tests. It implements the whole
 * interface with simple, obviously-correct loops (no indexes), records every call in `calls`
 * so tests can check that filters reach the store, and can be told to fail the next call.
 * The real SQLite store passes the conformance suite; this one only has to be believable.
 */
import { createHash } from 'node:crypto';
import type { ArticleRecord, EntityRecord, ExtractRecord, IncidentAuditEntry, IncidentRecord, RelatedArticle, SourceRecord } from '../../src/model.js';
import type { CorrectionRecord, EntityMergeRecord, IncidentCorrection, Role, TokenRecord, UserRecord } from '../../src/model.js';
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
  CountByKey,
  EntityProfile,
  MapCell,
  MapPoints,
  Overview,
  TimeBucket,
  Timeline,
  TimelineRow,
} from '../../src/store/store.js';
import { MAP_CELL_IDS } from '../../src/store/store.js';
import { VigilError } from '../../src/errors.js';

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
    const all = this.filterIncidents(q);
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

  /** The entity and its branches at any depth. */
  private family(id: string): Set<string> {
    const all = this.entities();
    const out = new Set([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of all) if (e.parent && out.has(e.parent) && !out.has(e.id)) (out.add(e.id), (grew = true));
    }
    return out;
  }

  private filterIncidents(q: IncidentQuery): IncidentRecord[] {
    const lc = (s: string) => s.toLowerCase();
    const fam = q.entity !== undefined ? this.family(q.entity) : null;
    return this.incidents.filter((i) => {
      if (fam && !i.detail.perpetrator_groups.some((g) => g.entity !== undefined && fam.has(g.entity))) return false;
      if (q.mentioning !== undefined && !(this.annotations.get(i.articleId)?.entities ?? []).some((m) => m.entity === q.mentioning)) return false;
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

  // fusion: same story first, then nothing (the fake keeps no mentions); merges and splits audited in memory
  audit: IncidentAuditEntry[] = [];
  async relatedArticles(articleId: string, limit = 10): Promise<RelatedArticle[]> {
    this.call('relatedArticles', articleId, limit);
    const me = this.articles.find((a) => a.id === articleId);
    if (!me) throw Object.assign(new Error(`no article ${articleId}`), { code: 'store.not_found' });
    return this.articles
      .filter((a) => a.id !== articleId && me.storyId !== null && a.storyId === me.storyId)
      .slice(0, limit)
      .map((a) => ({ id: a.id, title: a.title, url: a.url, published: a.published, source: a.source, storyId: a.storyId, reason: 'story' as const, shared: [], score: 1 }));
  }
  async mergeIncidents(ids: string[], by: string): Promise<IncidentRecord> {
    this.call('mergeIncidents', ids, by);
    const [target, ...rest] = ids;
    const t = this.incidents.find((i) => i.id === target);
    if (!t) throw Object.assign(new Error(`no incident ${target}`), { code: 'store.not_found' });
    this.incidents = this.incidents.filter((i) => !rest.includes(i.id));
    this.audit.unshift({ id: this.audit.length + 1, at: this.now(), action: 'merge', by, incidentIds: ids, moves: rest.map((r) => ({ reportId: r, from: r, to: t.id })) });
    return t;
  }
  async splitIncident(id: string, reportIds: string[], by: string): Promise<IncidentRecord> {
    this.call('splitIncident', id, reportIds, by);
    const t = this.incidents.find((i) => i.id === id);
    if (!t) throw Object.assign(new Error(`no incident ${id}`), { code: 'store.not_found' });
    const copy = { ...t, id: reportIds[0] ?? `${id}-split` };
    this.incidents.push(copy);
    this.audit.unshift({ id: this.audit.length + 1, at: this.now(), action: 'split', by, incidentIds: [id, copy.id], moves: reportIds.map((r) => ({ reportId: r, from: id, to: copy.id })) });
    return copy;
  }
  async incidentHistory(id: string): Promise<IncidentAuditEntry[]> {
    this.call('incidentHistory', id);
    return this.audit.filter((e) => e.incidentIds.includes(id));
  }

  // aggregation --------------------------------------------------------------------------------
  async incidentTimeline(q: IncidentQuery = {}, bucket: TimeBucket = 'week'): Promise<Timeline> {
    this.call('incidentTimeline', q, bucket);
    const need = bucket === 'week' ? ['day'] : bucket === 'month' ? ['day', 'month'] : ['day', 'month', 'year'];
    const cells = new Map<string, TimelineRow>();
    let imprecise = 0;
    let undated = 0;
    for (const i of this.filterIncidents(q)) {
      if (!i.date) {
        undated++;
        continue;
      }
      if (!need.includes(i.datePrecision ?? 'year')) {
        imprecise++;
        continue;
      }
      let b = i.date.slice(0, bucket === 'year' ? 4 : 7);
      if (bucket === 'week') {
        const d = new Date(`${i.date.slice(0, 10)}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
        b = d.toISOString().slice(0, 10);
      }
      const attackType = i.attackTypes[0] ?? 'Unknown';
      const k = `${b}\u0000${attackType}`;
      const row = cells.get(k) ?? { bucket: b, attackType, count: 0, killed: 0 };
      row.count++;
      row.killed += i.killed ?? 0;
      cells.set(k, row);
    }
    const rows = [...cells.values()].sort((a, b) => a.bucket.localeCompare(b.bucket) || a.attackType.localeCompare(b.attackType));
    return { bucket, rows, imprecise, undated };
  }
  async incidentMapPoints(q: IncidentQuery = {}, cellDegrees = 1): Promise<MapPoints> {
    this.call('incidentMapPoints', q, cellDegrees);
    const cell = Math.min(90, Math.max(0.01, cellDegrees));
    const groups = new Map<string, IncidentRecord[]>();
    let unlocated = 0;
    for (const i of this.filterIncidents(q)) {
      if (i.lat === null || i.lon === null) {
        unlocated++;
        continue;
      }
      const k = `${Math.floor((i.lat + 90) / cell)}:${Math.floor((i.lon + 180) / cell)}`;
      groups.set(k, [...(groups.get(k) ?? []), i]);
    }
    const cells: MapCell[] = [...groups.values()].map((xs) => {
      const lats = xs.map((x) => x.lat!);
      const lons = xs.map((x) => x.lon!);
      const c: MapCell = {
        lat: lats.reduce((a, b) => a + b, 0) / xs.length,
        lon: lons.reduce((a, b) => a + b, 0) / xs.length,
        count: xs.length,
        killed: xs.reduce((a, x) => a + (x.killed ?? 0), 0),
        bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
      };
      if (xs.length <= MAP_CELL_IDS) c.ids = xs.map((x) => x.id).sort();
      return c;
    });
    cells.sort((a, b) => b.count - a.count);
    return { cellDegrees: cell, cells, located: cells.reduce((a, c) => a + c.count, 0), unlocated };
  }
  async overview(): Promise<Overview> {
    this.call('overview');
    const news = this.incidents.filter((i) => !i.isBackground);
    const tally = (keys: (i: IncidentRecord) => Array<[string, string]>): CountByKey[] => {
      const m = new Map<string, CountByKey>();
      for (const i of news) {
        for (const [key, label] of keys(i)) {
          const c = m.get(key) ?? { key, label, count: 0, killed: 0 };
          c.count++;
          c.killed += i.killed ?? 0;
          m.set(key, c);
        }
      }
      return [...m.values()].sort((a, b) => b.count - a.count || b.killed - a.killed || a.key.localeCompare(b.key));
    };
    const dates = news.map((i) => i.date).filter((d): d is string => !!d).sort();
    return {
      stats: await this.stats(),
      news: news.length,
      background: this.incidents.length - news.length,
      killed: news.reduce((a, i) => a + (i.killed ?? 0), 0),
      wounded: news.reduce((a, i) => a + (i.wounded ?? 0), 0),
      firstDate: dates[0] ?? null,
      lastDate: dates[dates.length - 1] ?? null,
      latest: (await this.listIncidents({ includeBackground: false, sort: '-date', limit: 8 })).items,
      groups: tally((i) => [...new Map(i.detail.perpetrator_groups.map((g) => [g.entity ?? g.canonical, g.canonical] as [string, string])).entries()]).slice(0, 8),
      countries: tally((i) => (i.countryCode ? [[i.countryCode, i.countryCode]] : [])).slice(0, 8),
      attackTypes: tally((i) => [[i.attackTypes[0] ?? 'Unknown', i.attackTypes[0] ?? 'Unknown']]),
    };
  }
  async entityProfile(id: string): Promise<EntityProfile | null> {
    this.call('entityProfile', id);
    const all = this.entities();
    const entity = all.find((e) => e.id === id);
    if (!entity) return null;
    const shared = new Map<string, number>();
    for (const ex of this.annotations.values()) {
      if (!ex.entities.some((m) => m.entity === id)) continue;
      for (const other of new Set(ex.entities.filter((m) => m.entity !== id && (m.type === 'PER' || m.type === 'ORG')).map((m) => m.entity))) {
        shared.set(other, (shared.get(other) ?? 0) + 1);
      }
    }
    const byId = new Map(all.map((e) => [e.id, e]));
    const cooccurring = [...shared.entries()]
      .map(([eid, articles]) => ({ entity: byId.get(eid)!, articles }))
      .sort((a, b) => b.articles - a.articles || a.entity.canonical.localeCompare(b.entity.canonical));
    return {
      entity,
      parent: entity.parent ? byId.get(entity.parent) ?? null : null,
      branches: all.filter((e) => e.parent === id).sort((a, b) => a.canonical.localeCompare(b.canonical)),
      cooccurring,
    };
  }

  // accounts and review ------------------------------------------------------------------------
  users: Array<UserRecord & { passwordHash: string }> = [];
  sessions = new Map<string, { userId: string; expiresAt: string }>();
  tokens: Array<TokenRecord & { secretHash: string }> = [];
  corrections: CorrectionRecord[] = [];
  merges: EntityMergeRecord[] = [];

  private pub(u: UserRecord & { passwordHash: string }): UserRecord {
    const { passwordHash: _h, ...rest } = u;
    return { ...rest };
  }
  async createUser(u: { name: string; role: Role; passwordHash: string }) {
    this.call('createUser', u.name, u.role);
    if (this.users.some((x) => x.name.toLowerCase() === u.name.toLowerCase())) throw new VigilError('store.conflict', `the user ${u.name} exists`);
    const rec = { id: `u_${this.users.length + 1}`, name: u.name, role: u.role, disabled: false, createdAt: this.now(), passwordHash: u.passwordHash };
    this.users.push(rec);
    return this.pub(rec);
  }
  async findUser(name: string) {
    const u = this.users.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return u ? { ...u } : null;
  }
  async getUser(id: string) {
    const u = this.users.find((x) => x.id === id);
    return u ? this.pub(u) : null;
  }
  async listUsers() {
    return this.users.map((u) => this.pub(u)).sort((a, b) => a.name.localeCompare(b.name));
  }
  async updateUser(id: string, patch: { role?: Role; passwordHash?: string; disabled?: boolean }) {
    const u = this.users.find((x) => x.id === id);
    if (!u) throw new VigilError('store.not_found', `no user ${id}`);
    if (patch.role) u.role = patch.role;
    if (patch.disabled !== undefined) u.disabled = patch.disabled;
    if (patch.passwordHash) u.passwordHash = patch.passwordHash;
    if (patch.passwordHash || patch.disabled) for (const [k, sess] of this.sessions) if (sess.userId === id) this.sessions.delete(k);
    return this.pub(u);
  }
  async createSession(sess: { idHash: string; userId: string; expiresAt: string }) {
    this.sessions.set(sess.idHash, { userId: sess.userId, expiresAt: sess.expiresAt });
  }
  async sessionUser(idHash: string, now: string) {
    const sess = this.sessions.get(idHash);
    const u = sess && sess.expiresAt > now ? await this.getUser(sess.userId) : null;
    return u && sess ? { user: u, expiresAt: sess.expiresAt } : null;
  }
  async deleteSession(idHash: string) {
    this.sessions.delete(idHash);
  }
  async createToken(t: { id: string; userId: string; name: string; secretHash: string; expiresAt?: string | null }) {
    const u = await this.getUser(t.userId);
    if (!u) throw new VigilError('store.not_found', `no user ${t.userId}`);
    const rec = { id: t.id, userId: t.userId, userName: u.name, name: t.name, createdAt: this.now(), revokedAt: null, expiresAt: t.expiresAt ?? null, secretHash: t.secretHash };
    this.tokens.unshift(rec);
    const { secretHash: _s, ...pub } = rec;
    return pub;
  }
  async listTokens(userId?: string) {
    return this.tokens.filter((t) => !userId || t.userId === userId).map(({ secretHash: _s, ...t }) => t);
  }
  async tokenUser(id: string) {
    const t = this.tokens.find((x) => x.id === id);
    const user = t ? await this.getUser(t.userId) : null;
    if (!t || !user) return null;
    const { secretHash, ...token } = t;
    return { token, secretHash, user };
  }
  async revokeToken(id: string) {
    const t = this.tokens.find((x) => x.id === id && !x.revokedAt);
    if (!t) return false;
    t.revokedAt = this.now();
    return true;
  }
  private correction(c: Omit<CorrectionRecord, 'id' | 'at'>) {
    this.corrections.unshift({ id: this.corrections.length + 1, at: this.now(), ...c });
  }
  async verifyIncident(id: string, by: string, reason: string | null = null) {
    this.call('verifyIncident', id, by, reason);
    const inc = this.incidents.find((i) => i.id === id);
    if (!inc) throw new VigilError('store.not_found', `no incident ${id}`);
    const before = inc.status;
    if (inc.status === 'machine') inc.status = 'verified';
    this.correction({ by, targetKind: 'incident', targetId: id, action: 'verify', field: 'status', before, after: inc.status, reason });
    return inc;
  }
  async correctIncident(id: string, fields: IncidentCorrection, by: string, reason: string | null = null) {
    this.call('correctIncident', id, fields, by, reason);
    const inc = this.incidents.find((i) => i.id === id);
    if (!inc) throw new VigilError('store.not_found', `no incident ${id}`);
    for (const [k, v] of Object.entries(fields)) {
      const cur = (inc as unknown as Record<string, unknown>)[k];
      if (v === undefined || JSON.stringify(cur) === JSON.stringify(v)) continue;
      this.correction({ by, targetKind: 'incident', targetId: id, action: 'correct', field: k, before: cur ?? null, after: v, reason });
      (inc as unknown as Record<string, unknown>)[k] = v;
      inc.status = 'corrected';
    }
    return inc;
  }
  async incidentCorrections(id: string) {
    return this.corrections.filter((c) => c.targetKind === 'incident' && c.targetId === id);
  }
  async mergeEntities(ids: string[], by: string, reason: string | null = null) {
    this.call('mergeEntities', ids, by, reason);
    const [into, ...rest] = [...new Set(ids)];
    const all = this.entities();
    const target = all.find((e) => e.id === into);
    if (!into || rest.length === 0) throw new VigilError('api.invalid_request', 'a merge needs at least two entities');
    if (!target || rest.some((r) => !all.some((e) => e.id === r))) throw new VigilError('store.not_found', 'no such entity');
    for (const from of rest) {
      const e = all.find((x) => x.id === from)!;
      this.merges.unshift({ id: this.merges.length + 1, fromId: from, intoId: into, fromCanonical: e.canonical, by, at: this.now(), reason, undoneBy: null, undoneAt: null, undoReason: null });
    }
    return target;
  }
  async unmergeEntity(id: string, by: string, reason: string | null = null) {
    this.call('unmergeEntity', id, by, reason);
    const m = this.merges.find((x) => x.fromId === id && !x.undoneAt);
    if (!m) throw new VigilError('store.not_found', `entity ${id} is not merged into another`);
    Object.assign(m, { undoneBy: by, undoneAt: this.now(), undoReason: reason });
    return this.entities().find((e) => e.id === id)!;
  }
  async entityMerges(id: string) {
    return this.merges.filter((m) => m.fromId === id || m.intoId === id);
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
