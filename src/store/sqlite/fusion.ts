/**
 * The SQL side of fusion for the SQLite store: near-duplicate lookup (MinHash bands), story
 * assignment at ingest, incident reports attached to fused incidents, human merges and splits
 * with their audit, and related articles. The rules themselves are pure functions in
 * `src/fuse/`; everything here runs inside the caller's transaction.
 *
 * Incident ids: a fused incident takes the id of the report that founded it, and a report's id
 * derives from its article id and its incident key (`src/store/ids.ts`), so ids come from
 * canonical keys and a re-ingested report lands back on the incident it founded.
 * Incidents a person has verified or corrected keep their fields: machine fusion may only add
 * sources to them. Reports a person has placed (merge, split) are pinned where they were put.
 */
import type Database from 'better-sqlite3';
import { VigilError } from '../../errors.js';
import type { ExtractedIncident, IncidentAuditEntry, RelatedArticle } from '../../model.js';
import { chooseIncident, provenance, reconcile, roleWords, DATE_WINDOW_DAYS, type Provenance, type ReportFacts } from '../../fuse/incident-merge.js';
import { bandKeys, decodeSignature, encodeSignature, isNearDuplicate, minhashSignature } from '../../fuse/near-duplicate.js';
import { assignStory, STORY_MAX_NEIGHBOURS, STORY_WINDOW_DAYS } from '../../fuse/stories.js';
import { entityId, foldName, incidentId, incidentKey, reportIds } from '../ids.js';

type DB = Database.Database;

// ---------------------------------------------------------------------------------------------
// Near-duplicates and stories
// ---------------------------------------------------------------------------------------------

/** The stored article whose body is a near-duplicate of `text`, if any (earliest first). */
export function findNearDuplicate(db: DB, text: string): { id: string; version: number } | null {
  const sig = minhashSignature(text);
  if (!sig) return null;
  const keys = bandKeys(sig);
  const rows = db
    .prepare(
      `SELECT DISTINCT a.id, a.version, a.minhash, a.seq FROM article_bands b JOIN articles a ON a.id = b.article_id
       WHERE b.band IN (${keys.map(() => '?').join(',')}) ORDER BY a.seq LIMIT 200`,
    )
    .all(...keys) as Array<{ id: string; version: number; minhash: string | null }>;
  for (const r of rows) {
    const other = r.minhash ? decodeSignature(r.minhash) : null;
    if (other && isNearDuplicate(sig, other)) return { id: r.id, version: r.version };
  }
  return null;
}

/** Stores the article's MinHash signature and bands (replacing old ones). */
export function indexSignature(db: DB, articleId: string, text: string): void {
  db.prepare('DELETE FROM article_bands WHERE article_id = ?').run(articleId);
  const sig = minhashSignature(text);
  db.prepare('UPDATE articles SET minhash = ? WHERE id = ?').run(sig ? encodeSignature(sig) : null, articleId);
  if (!sig) return;
  const ins = db.prepare('INSERT OR IGNORE INTO article_bands (band, article_id) VALUES (?, ?)');
  for (const k of bandKeys(sig)) ins.run(k, articleId);
}

function shiftDays(iso: string, days: number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString();
}

/**
 * Gives an article without a story one: clusters it with the stored articles of its time window
 * (`src/fuse/stories.ts`). An article that already has a story keeps it.
 */
export function assignArticleStory(db: DB, articleId: string, now: string): string | null {
  const a = db.prepare('SELECT id, title, text, published, ingested_at, story_id FROM articles WHERE id = ?').get(articleId) as
    | { id: string; title: string | null; text: string; published: string | null; ingested_at: string; story_id: string | null }
    | undefined;
  if (!a) return null;
  if (a.story_id) return a.story_id;
  if (!a.text.trim()) return null;
  const at = a.published ?? a.ingested_at;
  const rows = db
    .prepare(
      `SELECT id, title, text, published, story_id FROM articles
       WHERE id <> ? AND coalesce(published, ingested_at) BETWEEN ? AND ?
       ORDER BY coalesce(published, ingested_at) DESC LIMIT ?`,
    )
    .all(a.id, shiftDays(at, -STORY_WINDOW_DAYS), shiftDays(at, STORY_WINDOW_DAYS + 1), STORY_MAX_NEIGHBOURS) as Array<{
    id: string;
    title: string | null;
    text: string;
    published: string | null;
    story_id: string | null;
  }>;
  const story = assignStory(
    { id: a.id, title: a.title, text: a.text, published: a.published },
    rows.map((r) => ({ id: r.id, title: r.title, text: r.text, published: r.published, storyId: r.story_id })),
  );
  db.prepare('INSERT OR IGNORE INTO stories (id, created) VALUES (?, ?)').run(story, now);
  db.prepare('UPDATE articles SET story_id = ? WHERE id = ?').run(story, a.id);
  return story;
}

// ---------------------------------------------------------------------------------------------
// Reports and fused incidents
// ---------------------------------------------------------------------------------------------

interface ReportRow {
  id: string;
  incident_id: string;
  article_id: string;
  version: number;
  ordinal: number;
  detail: string;
  published: string | null;
  ingested_at: string;
  source: string | null;
  title: string | null;
  url: string | null;
  story_id: string | null;
}

const REPORT_SELECT = `SELECT r.id, r.incident_id, r.article_id, r.version, r.ordinal, r.detail, a.published, a.ingested_at,
  a.source, a.title, a.url, a.story_id FROM incident_reports r JOIN articles a ON a.id = r.article_id`;

/** First and last day of a `YYYY[-MM[-DD]]` date. */
function bounds(date: string | null | undefined): [string | null, string | null] {
  const m = date ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/u.exec(date.trim()) : null;
  if (!m) return [null, null];
  const y = m[1]!;
  if (m[2] && m[3]) return [`${y}-${m[2]}-${m[3]}`, `${y}-${m[2]}-${m[3]}`];
  if (m[2]) {
    const last = new Date(Date.UTC(Number(y), Number(m[2]), 0)).getUTCDate();
    return [`${y}-${m[2]}-01`, `${y}-${m[2]}-${String(last).padStart(2, '0')}`];
  }
  return [`${y}-01-01`, `${y}-12-31`];
}

function outletOf(source: string | null, url: string | null): string | null {
  if (source?.trim()) return source.trim();
  try {
    return url ? new URL(url).hostname.replace(/^www\./u, '') : null;
  } catch {
    return null;
  }
}

function factsOf(r: ReportRow): ReportFacts {
  const d = JSON.parse(r.detail) as ExtractedIncident;
  const [dateStart, dateEnd] = bounds(d.date);
  const p = d.place;
  return {
    id: r.id,
    articleId: r.article_id,
    articleVersion: r.version,
    published: r.published ?? r.ingested_at,
    outlet: outletOf(r.source, r.url),
    title: r.title,
    url: r.url,
    storyId: r.story_id,
    date: d.date ?? null,
    datePrecision: d.date_precision ?? null,
    dateStart,
    dateEnd,
    placeName: p?.name ?? null,
    geonameid: p?.geonameid ?? null,
    admin1: p?.admin1 ?? null,
    countryCode: p?.country_code?.toUpperCase() ?? null,
    lat: p?.lat ?? null,
    lon: p?.lon ?? null,
    specificity: p?.specificity ?? null,
    attackTypes: d.attack_types ?? [],
    groups: (d.perpetrator_groups ?? []).map((g) => g.canonical).filter((g): g is string => !!g),
    killed: d.killed ?? null,
    wounded: d.wounded ?? null,
    isBackground: !!d.is_background,
    words: roleWords([d.trigger?.text, ...[...(d.targets ?? []), ...(d.victims ?? []), ...(d.weapons ?? [])].map((x) => x.text)]),
  };
}

function reportsOf(db: DB, incidentIdValue: string): ReportRow[] {
  return db.prepare(`${REPORT_SELECT} WHERE r.incident_id = ? ORDER BY r.id`).all(incidentIdValue) as ReportRow[];
}

/** Candidate incidents of a report: same or unknown country, dates within the window, or the same story. */
function candidateIncidents(db: DB, f: ReportFacts): string[] {
  const ids = new Set<string>();
  if (f.dateStart && f.dateEnd) {
    const lo = shiftDays(`${f.dateStart}T00:00:00Z`, -DATE_WINDOW_DAYS).slice(0, 10);
    const hi = shiftDays(`${f.dateEnd}T00:00:00Z`, DATE_WINDOW_DAYS).slice(0, 10);
    const rows = db
      .prepare(
        `SELECT DISTINCT incident_id FROM incident_reports
         WHERE date_start <= ? AND coalesce(date_end, date_start) >= ? AND (country_code IS NULL OR ? IS NULL OR country_code = ?)
         LIMIT 500`,
      )
      .all(hi, lo, f.countryCode, f.countryCode) as Array<{ incident_id: string }>;
    for (const r of rows) ids.add(r.incident_id);
  }
  if (f.storyId) {
    const rows = db
      .prepare(`SELECT DISTINCT r.incident_id FROM incident_reports r JOIN articles a ON a.id = r.article_id WHERE a.story_id = ? LIMIT 200`)
      .all(f.storyId) as Array<{ incident_id: string }>;
    for (const r of rows) ids.add(r.incident_id);
  }
  return [...ids];
}

function incidentStatus(db: DB, id: string): string | null {
  return (db.prepare('SELECT status FROM incidents WHERE id = ?').get(id) as { status: string } | undefined)?.status ?? null;
}

/**
 * Writes the reports of an article's extraction and attaches each to its fused incident
 * (a pinned one, the one it founded, the best match, or a new one), then reconciles them.
 */
export function attachReports(db: DB, articleId: string, version: number, incidents: ExtractedIncident[], now: string): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO incident_reports (id, incident_id, article_id, version, ordinal, date_start, date_end, country_code, detail, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const touched = new Set<string>();
  const rids = reportIds(articleId, incidents);
  incidents.forEach((inc, ordinal) => {
    const rid = rids[ordinal]!;
    const [ds, de] = bounds(inc.date);
    // Provisional: the report founds its own incident until matched below.
    insert.run(rid, rid, articleId, version, ordinal, ds, de, inc.place?.country_code?.toUpperCase() ?? null, JSON.stringify(inc), now);
    const row = db.prepare(`${REPORT_SELECT} WHERE r.id = ?`).get(rid) as ReportRow;
    const facts = factsOf(row);
    const pin = db.prepare('SELECT incident_id FROM incident_pins WHERE report_id = ?').get(rid) as { incident_id: string } | undefined;
    let target: string;
    if (pin && incidentStatus(db, pin.incident_id) !== null) target = pin.incident_id;
    else if (incidentStatus(db, rid) !== null) target = rid;
    else {
      const candidates = candidateIncidents(db, facts)
        .filter((id) => id !== rid)
        .map((id) => ({ id, reports: reportsOf(db, id).filter((r) => r.id !== rid).map(factsOf) }))
        .filter((c) => c.reports.length > 0 || incidentStatus(db, c.id) !== null);
      target = chooseIncident(facts, candidates) ?? rid;
    }
    db.prepare('UPDATE incident_reports SET incident_id = ? WHERE id = ?').run(target, rid);
    touched.add(target);
  });
  for (const id of touched) refreshIncident(db, id, now);
}

/** Removes an article's reports (before a new version's); their incidents are refreshed or dropped. */
export function detachArticleReports(db: DB, articleId: string, now: string): void {
  const affected = (db.prepare('SELECT DISTINCT incident_id FROM incident_reports WHERE article_id = ?').all(articleId) as Array<{ incident_id: string }>).map(
    (r) => r.incident_id,
  );
  db.prepare('DELETE FROM incident_reports WHERE article_id = ?').run(articleId);
  for (const id of affected) refreshIncident(db, id, now);
}

/**
 * Recomputes a fused incident from its reports. A machine incident without reports is deleted;
 * a verified or corrected one keeps every field and only gets its sources and history updated.
 */
export function refreshIncident(db: DB, id: string, now: string): void {
  const rows = reportsOf(db, id);
  const facts = rows.map(factsOf);
  const status = incidentStatus(db, id);
  if (status !== null && status !== 'machine') {
    const old = parseProvenance((db.prepare('SELECT provenance FROM incidents WHERE id = ?').get(id) as { provenance: string | null }).provenance);
    const p = provenance(facts);
    db.prepare('UPDATE incidents SET provenance = ?, updated_at = ? WHERE id = ?').run(
      JSON.stringify({ ...p, killedSource: old?.killedSource ?? null, woundedSource: old?.woundedSource ?? null }),
      now,
      id,
    );
    return;
  }
  if (rows.length === 0) {
    if (status !== null) db.prepare('DELETE FROM incidents WHERE id = ?').run(id);
    return;
  }
  const rec = reconcile(facts);
  const details = rows.map((r) => JSON.parse(r.detail) as ExtractedIncident);
  const leadRow = rows.find((r) => r.id === rec.lead.id)!;
  const lead = JSON.parse(leadRow.detail) as ExtractedIncident;
  const placeDetail = (JSON.parse(rows.find((r) => r.id === rec.place.id)!.detail) as ExtractedIncident).place;
  // The types every report gives; "Unknown" only when no report knows better.
  const union = (pick: (d: ExtractedIncident) => string[] | undefined) => {
    const all = [...new Set(details.flatMap((d) => pick(d) ?? []))];
    return all.length > 1 ? all.filter((x) => x !== 'Unknown') : all;
  };
  const searchText = foldName(
    [
      placeDetail?.name,
      placeDetail?.admin1,
      placeDetail?.text,
      ...details.flatMap((d) => (d.perpetrator_groups ?? []).flatMap((g) => [g.canonical, g.text, ...(g.aliases ?? [])])),
      ...facts.map((f) => f.title),
    ]
      .filter((s): s is string => !!s)
      .join(' | '),
  );
  const prov: Provenance = { sources: rec.sources, casualtyHistory: rec.casualtyHistory, killedSource: rec.killedSource, woundedSource: rec.woundedSource };
  const values = [
    leadRow.article_id,
    leadRow.version,
    leadRow.ordinal,
    rec.date,
    rec.datePrecision,
    rec.dateStart,
    rec.dateEnd,
    placeDetail?.name ?? null,
    placeDetail?.admin1 ?? null,
    placeDetail?.feature ?? null,
    placeDetail?.geonameid ?? null,
    placeDetail?.country_code?.toUpperCase() ?? null,
    placeDetail?.lat ?? null,
    placeDetail?.lon ?? null,
    placeDetail?.specificity ?? null,
    JSON.stringify(rec.attackTypes),
    JSON.stringify(union((d) => d.weapon_types)),
    JSON.stringify(union((d) => d.target_types)),
    JSON.stringify(rec.groups),
    rec.killed,
    rec.wounded,
    rec.isBackground ? 1 : 0,
    JSON.stringify({ ...lead, killed: rec.killed, wounded: rec.wounded }),
    searchText,
    JSON.stringify(prov),
    now,
  ];
  if (status === null) {
    db.prepare(
      `INSERT INTO incidents (article_id, version, ordinal, date, date_precision, date_start, date_end, place_name, admin1, feature,
         geonameid, country_code, lat, lon, specificity, attack_types, weapon_types, target_types, groups, killed, wounded,
         is_background, detail, search_text, provenance, updated_at, status, created_at, id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'machine', ?, ?)`,
    ).run(...values, now, id);
  } else {
    db.prepare(
      `UPDATE incidents SET article_id = ?, version = ?, ordinal = ?, date = ?, date_precision = ?, date_start = ?, date_end = ?,
         place_name = ?, admin1 = ?, feature = ?, geonameid = ?, country_code = ?, lat = ?, lon = ?, specificity = ?,
         attack_types = ?, weapon_types = ?, target_types = ?, groups = ?, killed = ?, wounded = ?, is_background = ?,
         detail = ?, search_text = ?, provenance = ?, updated_at = ? WHERE id = ?`,
    ).run(...values, id);
  }
  db.prepare('DELETE FROM incident_groups WHERE incident_id = ?').run(id);
  db.prepare('DELETE FROM incident_attack_types WHERE incident_id = ?').run(id);
  const insertGroup = db.prepare('INSERT OR IGNORE INTO incident_groups (incident_id, name, name_norm, entity_id, is_alias) VALUES (?, ?, ?, ?, ?)');
  const insertAttack = db.prepare('INSERT OR IGNORE INTO incident_attack_types (incident_id, attack_type, attack_type_norm) VALUES (?, ?, ?)');
  for (const d of details) {
    for (const g of d.perpetrator_groups ?? []) {
      if (!g.canonical) continue;
      const eid = g.entity || entityId('armed_group', g.canonical);
      insertGroup.run(id, g.canonical, foldName(g.canonical), eid, 0);
      for (const a of [...(g.aliases ?? []), g.text]) if (a && foldName(a)) insertGroup.run(id, a, foldName(a), eid, 1);
    }
  }
  for (const t of rec.attackTypes) insertAttack.run(id, t, foldName(t));
}

/** The provenance JSON of an incident row, or null. */
export function parseProvenance(s: string | null | undefined): Provenance | null {
  if (!s) return null;
  try {
    return JSON.parse(s) as Provenance;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Human merges and splits
// ---------------------------------------------------------------------------------------------

function audit(db: DB, action: 'merge' | 'split', by: string, ids: string[], moves: IncidentAuditEntry['moves'], now: string): void {
  db.prepare('INSERT INTO incident_audit (at, action, by, incident_ids, moves) VALUES (?, ?, ?, ?, ?)').run(now, action, by, JSON.stringify(ids), JSON.stringify(moves));
}

function pin(db: DB, reportId: string, incidentIdValue: string, by: string, now: string): void {
  db.prepare('INSERT OR REPLACE INTO incident_pins (report_id, incident_id, by, at) VALUES (?, ?, ?, ?)').run(reportId, incidentIdValue, by, now);
}

/** Moves every report of `ids[1..]` into `ids[0]`; the emptied incidents go. Returns the target. */
export function mergeIncidents(db: DB, ids: string[], by: string, now: string): string {
  const unique = [...new Set(ids)];
  if (unique.length < 2) throw new VigilError('api.invalid_request', 'a merge needs at least two incidents');
  for (const id of unique) if (incidentStatus(db, id) === null) throw new VigilError('store.not_found', `no incident ${id}`);
  const [target, ...rest] = unique as [string, ...string[]];
  const moves: IncidentAuditEntry['moves'] = [];
  for (const from of rest) {
    for (const r of reportsOf(db, from)) {
      db.prepare('UPDATE incident_reports SET incident_id = ? WHERE id = ?').run(target, r.id);
      pin(db, r.id, target, by, now);
      moves.push({ reportId: r.id, from, to: target });
    }
    db.prepare('DELETE FROM incidents WHERE id = ?').run(from);
  }
  for (const r of reportsOf(db, target)) pin(db, r.id, target, by, now);
  refreshIncident(db, target, now);
  audit(db, 'merge', by, unique, moves, now);
  return target;
}

/**
 * Moves `reportIds` out of incident `id` into a new incident whose id is the first moved
 * report's (so splitting a merge back restores the old id). Returns the new incident's id.
 */
export function splitIncident(db: DB, id: string, reportIds: string[], by: string, now: string): string {
  if (incidentStatus(db, id) === null) throw new VigilError('store.not_found', `no incident ${id}`);
  const own = new Set(reportsOf(db, id).map((r) => r.id));
  const moving = [...new Set(reportIds)].sort();
  if (moving.length === 0 || moving.some((r) => !own.has(r))) {
    throw new VigilError('api.invalid_request', `split needs reports of incident ${id}`);
  }
  if (moving.length === own.size) throw new VigilError('api.invalid_request', 'a split must leave at least one report behind');
  // A report that once founded an incident merged into this one takes its old id back.
  const mergedFrom = new Set<string>();
  for (const e of incidentHistory(db, id)) if (e.action === 'merge') for (const m of e.moves) mergedFrom.add(m.from);
  let target = moving.find((r) => mergedFrom.has(r)) ?? moving[0]!;
  if (incidentStatus(db, target) !== null) target = `${target}-s${now.replace(/\D/gu, '').slice(0, 14)}`;
  const moves: IncidentAuditEntry['moves'] = [];
  for (const r of moving) {
    db.prepare('UPDATE incident_reports SET incident_id = ? WHERE id = ?').run(target, r);
    pin(db, r, target, by, now);
    moves.push({ reportId: r, from: id, to: target });
  }
  for (const r of own) if (!moving.includes(r)) pin(db, r, id, by, now);
  refreshIncident(db, target, now);
  refreshIncident(db, id, now);
  audit(db, 'split', by, [id, target], moves, now);
  return target;
}

/** Merges and splits that touched an incident, newest first. */
export function incidentHistory(db: DB, id: string): IncidentAuditEntry[] {
  const rows = db
    .prepare(`SELECT id, at, action, by, incident_ids, moves FROM incident_audit WHERE incident_ids LIKE ? ORDER BY id DESC`)
    .all(`%${JSON.stringify(id)}%`) as Array<{ id: number; at: string; action: 'merge' | 'split'; by: string; incident_ids: string; moves: string }>;
  return rows.map((r) => ({ id: r.id, at: r.at, action: r.action, by: r.by, incidentIds: JSON.parse(r.incident_ids) as string[], moves: JSON.parse(r.moves) as IncidentAuditEntry['moves'] }));
}

// ---------------------------------------------------------------------------------------------
// Related articles
// ---------------------------------------------------------------------------------------------

/** Same story first (newest first), then articles sharing actors, then sharing places. */
export function relatedArticles(db: DB, articleId: string, limit = 10): RelatedArticle[] {
  const me = db.prepare('SELECT story_id FROM articles WHERE id = ?').get(articleId) as { story_id: string | null } | undefined;
  if (!me) throw new VigilError('store.not_found', `no article ${articleId}`);
  type Row = { id: string; title: string | null; url: string | null; published: string | null; source: string | null; story_id: string | null };
  const out: RelatedArticle[] = [];
  const seen = new Set<string>([articleId]);
  const push = (r: Row, reason: RelatedArticle['reason'], shared: string[], score: number) => {
    if (seen.has(r.id) || out.length >= limit) return;
    seen.add(r.id);
    out.push({ id: r.id, title: r.title, url: r.url, published: r.published, source: r.source, storyId: r.story_id, reason, shared, score });
  };
  if (me.story_id) {
    const rows = db
      .prepare(`SELECT id, title, url, published, source, story_id FROM articles WHERE story_id = ? AND id <> ? ORDER BY coalesce(published, ingested_at) DESC LIMIT ?`)
      .all(me.story_id, articleId, limit) as Row[];
    for (const r of rows) push(r, 'story', [], 1);
  }
  if (out.length < limit) {
    // Actors: people, armed groups and organisations (not places), rarer ones weigh more.
    const rows = db
      .prepare(
        `WITH mine AS (SELECT DISTINCT entity_id FROM mentions WHERE article_id = ? AND entity_id IS NOT NULL AND type <> 'LOC'),
              weight AS (SELECT m.entity_id, 1.0 / count(DISTINCT m.article_id) AS w FROM mentions m JOIN mine USING (entity_id) GROUP BY m.entity_id)
         SELECT a.id, a.title, a.url, a.published, a.source, a.story_id, sum(weight.w) AS score, group_concat(DISTINCT e.canonical) AS names
         FROM mentions m JOIN weight USING (entity_id) JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id
         WHERE m.article_id <> ? GROUP BY a.id ORDER BY score DESC, a.published DESC LIMIT ?`,
      )
      .all(articleId, articleId, limit) as Array<Row & { score: number; names: string | null }>;
    for (const r of rows) push(r, 'actors', (r.names ?? '').split(',').filter(Boolean), r.score);
  }
  if (out.length < limit) {
    const rows = db
      .prepare(
        `WITH mine AS (SELECT DISTINCT coalesce(geonameid, lower(name)) AS k FROM places WHERE article_id = ?)
         SELECT a.id, a.title, a.url, a.published, a.source, a.story_id, count(DISTINCT coalesce(p.geonameid, lower(p.name))) AS score,
                group_concat(DISTINCT p.name) AS names
         FROM places p JOIN mine ON mine.k = coalesce(p.geonameid, lower(p.name)) JOIN articles a ON a.id = p.article_id
         WHERE p.article_id <> ? GROUP BY a.id ORDER BY score DESC, a.published DESC LIMIT ?`,
      )
      .all(articleId, articleId, limit) as Array<Row & { score: number; names: string | null }>;
    for (const r of rows) push(r, 'places', (r.names ?? '').split(',').filter(Boolean), r.score);
  }
  return out;
}
