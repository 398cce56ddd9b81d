/**
 * Server-side aggregation for the analyst's desk on SQLite: the one translation of an
 * `IncidentQuery` into SQL (shared with `listIncidents`), incidents per time bucket and primary
 * attack type, incidents grouped in a lat/lon grid for the map, the overview counts and an
 * entity's family and co-occurring actors. Plain functions of a database handle; `SqliteStore`
 * delegates to them.
 */
import type Database from 'better-sqlite3';
import { VigilError } from '../../errors.js';
import { foldName } from '../ids.js';
import type { CountByKey, IncidentQuery, MapCell, MapPoints, TimeBucket, Timeline, TimelineRow } from '../store.js';
import { MAP_CELL_IDS } from '../store.js';
import { dateBounds } from './sqlite-store.js';

/** WHERE clauses (joined with AND) over `incidents i` alone, and their parameters. */
export interface IncidentWhere {
  where: string[];
  params: unknown[];
}

/** The SQL filter of an incident query; it reads only `incidents i`, so counts need no join. */
export function incidentWhere(query: IncidentQuery): IncidentWhere {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...ps: unknown[]) => {
    where.push(sql);
    params.push(...ps);
  };
  if (query.since) {
    const [start] = dateBounds(query.since);
    if (!start) throw new VigilError('api.invalid_request', `since must be an ISO date, got "${query.since}"`);
    add('i.date_end >= ?', start);
  }
  if (query.until) {
    const [, end] = dateBounds(query.until);
    if (!end) throw new VigilError('api.invalid_request', `until must be an ISO date, got "${query.until}"`);
    add('i.date_start <= ?', end);
  }
  if (query.country) add('i.country_code = ?', query.country.trim().toUpperCase());
  if (query.group) {
    const g = foldName(query.group);
    // The name as written on the incident, or any name its entity is known by (aliases learned later).
    add(
      `i.id IN (SELECT g.incident_id FROM incident_groups g WHERE g.name_norm = ?
         UNION SELECT g.incident_id FROM incident_groups g
           WHERE g.entity_id IN (SELECT x.entity_id FROM entity_aliases x WHERE x.alias_norm = ?))`,
      g,
      g,
    );
  }
  if (query.entity) {
    // The group itself and its branches at any depth (the Islamic State includes ISKP).
    add(
      `i.id IN (SELECT g.incident_id FROM incident_groups g WHERE g.entity_id IN (
         WITH RECURSIVE family(id) AS (SELECT ? UNION SELECT e.id FROM entities e JOIN family f ON e.parent = f.id)
         SELECT id FROM family))`,
      query.entity,
    );
  }
  if (query.mentioning) add('i.article_id IN (SELECT m.article_id FROM mentions m WHERE m.entity_id = ?)', query.mentioning);
  if (query.attackType) {
    // Unary + : an attack type matches many incidents, so a covering scan probing this list beats
    // looking up each incident by id (which reads its wide row).
    add('+i.id IN (SELECT t.incident_id FROM incident_attack_types t WHERE t.attack_type_norm = ?)', foldName(query.attackType));
  }
  if (query.minKilled !== undefined) {
    if (!Number.isFinite(query.minKilled)) throw new VigilError('api.invalid_request', 'minKilled must be a number');
    add('i.killed >= ?', query.minKilled);
  }
  if (query.bbox) {
    const [west, south, east, north] = query.bbox;
    if (![west, south, east, north].every((x) => Number.isFinite(x))) throw new VigilError('api.invalid_request', 'bbox needs four numbers');
    add('i.lat BETWEEN ? AND ?', Math.min(south, north), Math.max(south, north));
    // A box whose west edge is east of its east edge crosses the antimeridian.
    if (west <= east) add('i.lon BETWEEN ? AND ?', west, east);
    else add('(i.lon >= ? OR i.lon <= ?)', west, east);
  }
  // Unary + keeps this unselective term (most incidents are news) from choosing an index.
  if (query.includeBackground === false) add('+i.is_background = 0');
  if (query.articleId) add('(i.article_id = ? OR i.id IN (SELECT incident_id FROM incident_reports WHERE article_id = ?))', query.articleId, query.articleId);
  if (query.q) {
    // search_text holds the folded place, group names and aliases, and the article title.
    for (const term of foldName(query.q).split(' ').filter(Boolean)) add('instr(i.search_text, ?) > 0', term);
  }
  return { where, params };
}

/** `FROM … WHERE …` of a filtered incident scan, plus `extra` conditions. */
function fromWhere(f: IncidentWhere, ...extra: string[]): string {
  const all = [...f.where, ...extra];
  return `FROM incidents i${all.length ? ` WHERE ${all.join(' AND ')}` : ''}`;
}

/** Memoised parse of a JSON array column into its first element (the primary attack type, GTD's `attacktype1`). */
function firstOf(cache: Map<string, string>, json: string, fallback: string): string {
  let v = cache.get(json);
  if (v === undefined) {
    let arr: unknown;
    try {
      arr = JSON.parse(json);
    } catch {
      arr = [];
    }
    v = Array.isArray(arr) && typeof arr[0] === 'string' && arr[0] ? arr[0] : fallback;
    cache.set(json, v);
  }
  return v;
}

/** Which dates are fine enough for a bucket: a week needs a day, a month a day or a month. */
const PRECISE: Record<TimeBucket, string> = {
  week: `i.date_precision = 'day'`,
  month: `i.date_precision IN ('day', 'month')`,
  year: `i.date_start IS NOT NULL`,
};
/** The rest: undated, or too coarse for the bucket (index-friendly, not `NOT precise`). */
const COARSE: Record<TimeBucket, string> = {
  week: `(i.date_start IS NULL OR i.date_precision IS NULL OR i.date_precision IN ('month', 'year'))`,
  month: `(i.date_start IS NULL OR i.date_precision IS NULL OR i.date_precision = 'year')`,
  year: `i.date_start IS NULL`,
};

/**
 * The bucket of `i.date_start` in SQL: the week as its Monday's Julian day number divided by 7
 * (JDN 0 mod 7 is a Monday), the month and the year as text prefixes. The week expression is
 * exactly the one of the `incidents_by_week` index (migration 10), so SQL groups weeks in index
 * order without sorting; it returns a few thousand groups, not one per day and attack type.
 */
export const WEEK_SQL = 'CAST(julianday(i.date_start) + 0.5 AS INTEGER) / 7';
const BUCKET_SQL: Record<TimeBucket, string> = {
  week: WEEK_SQL,
  month: 'substr(i.date_start, 1, 7)',
  year: 'substr(i.date_start, 1, 4)',
};
/** Julian day number of 1970-01-01. */
const JDN_EPOCH = 2_440_588;

/** The label of a bucket key from SQL: the Monday of a week as YYYY-MM-DD, a month or year as is. */
function bucketLabel(bucket: TimeBucket, key: number | string): string {
  if (bucket !== 'week') return String(key);
  return new Date((Number(key) * 7 - JDN_EPOCH) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Incidents per bucket and primary attack type: SQL groups the precise enough incidents by bucket
 * and attack-type list (from a covering index), the lists are folded into their primary type here,
 * and the undated and too coarse are counted apart (a short range of the same indexes).
 */
export function incidentTimeline(db: Database.Database, query: IncidentQuery, bucket: TimeBucket = 'week'): Timeline {
  const precise = PRECISE[bucket];
  const expr = BUCKET_SQL[bucket];
  const coarse = COARSE[bucket];
  if (!precise || !expr || !coarse) throw new VigilError('api.invalid_request', `unknown bucket "${String(bucket)}"`);
  const f = incidentWhere(query);
  const groups = db
    .prepare(
      `SELECT ${expr}, i.attack_types, count(*), sum(coalesce(i.killed, 0))
       ${fromWhere(f, precise, 'i.date_start IS NOT NULL')}
       GROUP BY ${expr}, i.attack_types`,
    )
    .raw(true)
    .all(...f.params) as Array<[number | string, string, number, number]>;
  const types = new Map<string, string>();
  const labels = new Map<number | string, string>();
  const cells = new Map<string, TimelineRow>();
  for (const [key, attackTypes, n, k] of groups) {
    let b = labels.get(key);
    if (b === undefined) labels.set(key, (b = bucketLabel(bucket, key)));
    const attackType = firstOf(types, attackTypes, 'Unknown');
    const cellKey = `${b}\u0000${attackType}`;
    const row = cells.get(cellKey);
    if (row) {
      row.count += n;
      row.killed += k;
    } else cells.set(cellKey, { bucket: b, attackType, count: n, killed: k });
  }
  const rows = [...cells.values()].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : a.attackType < b.attackType ? -1 : a.attackType > b.attackType ? 1 : 0));
  const left = db
    .prepare(`SELECT coalesce(sum(i.date_start IS NULL), 0) AS undated, count(*) AS n ${fromWhere(f, coarse)}`)
    .get(...f.params) as { undated: number; n: number };
  return { bucket, rows, imprecise: left.n - left.undated, undated: left.undated };
}

export const MIN_CELL_DEGREES = 0.01;
export const MAX_CELL_DEGREES = 90;
/** The densest cells first; a map never needs more markers than this. */
export const MAX_MAP_CELLS = 5000;

/** Key of a grid cell from its row and column (columns are fewer than 36,001). */
const CELL_ROW = 100_000;

export function incidentMapPoints(db: Database.Database, query: IncidentQuery, cellDegrees: number): MapPoints {
  const cell = Math.min(MAX_CELL_DEGREES, Math.max(MIN_CELL_DEGREES, Number.isFinite(cellDegrees) ? cellDegrees : 1));
  const f = incidentWhere(query);
  // Offsets make both coordinates non-negative, so integer truncation is the floor. One covering
  // scan groups the incidents by cell; the unlocated fall in cells with a NULL row or column.
  // No group_concat here: gathering every cell's ids costs more than the grouping itself.
  const cy = 'CAST((i.lat + 90) / ? AS INTEGER)';
  const cx = 'CAST((i.lon + 180) / ? AS INTEGER)';
  const rows = db
    .prepare(
      `SELECT ${cy} AS cy, ${cx} AS cx, count(*) AS n, sum(coalesce(i.killed, 0)) AS k, avg(i.lat) AS lat, avg(i.lon) AS lon,
              min(i.lat) AS s, max(i.lat) AS nn, min(i.lon) AS w, max(i.lon) AS e
       ${fromWhere(f)}
       GROUP BY cy, cx`,
    )
    .all(cell, cell, ...f.params) as Array<{ cy: number | null; cx: number | null; n: number; k: number; lat: number; lon: number; s: number; nn: number; w: number; e: number }>;
  let unlocated = 0;
  let located = 0;
  const cells: typeof rows = [];
  for (const r of rows) {
    if (r.cy === null || r.cx === null) unlocated += r.n;
    else {
      located += r.n;
      cells.push(r);
    }
  }
  // The densest cells first (sorted here, not in SQL, to spare a second sort).
  cells.sort((a, b) => b.n - a.n || a.lat - b.lat || a.lon - b.lon);
  const kept = cells.slice(0, MAX_MAP_CELLS);
  // The ids of the small cells, in a second scan limited to them.
  const small = kept.filter((r) => r.n <= MAP_CELL_IDS).map((r) => r.cy! * CELL_ROW + r.cx!);
  const ids = new Map<number, string[]>();
  if (small.length) {
    const found = db
      .prepare(
        `SELECT ${cy} * ${CELL_ROW} + ${cx} AS c, i.id
         ${fromWhere(f, `${cy} * ${CELL_ROW} + ${cx} IN (SELECT value FROM json_each(?))`)}`,
      )
      .raw(true)
      .all(cell, cell, ...f.params, cell, cell, JSON.stringify(small)) as Array<[number, string]>;
    for (const [c, id] of found) {
      const list = ids.get(c);
      if (list) list.push(id);
      else ids.set(c, [id]);
    }
  }
  const out: MapCell[] = kept.map((r) => {
    const c: MapCell = { lat: round6(r.lat), lon: round6(r.lon), count: r.n, killed: r.k, bbox: [r.w, r.s, r.e, r.nn] };
    const list = r.n <= MAP_CELL_IDS ? ids.get(r.cy! * CELL_ROW + r.cx!) : undefined;
    if (list) c.ids = list.sort();
    return c;
  });
  return { cellDegrees: cell, cells: out, located, unlocated };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Overview counts over news incidents (background ones only counted); `latest` is the caller's. */
export function overviewCounts(db: Database.Database, top = 8): {
  news: number;
  background: number;
  killed: number;
  wounded: number;
  firstDate: string | null;
  lastDate: string | null;
  groups: CountByKey[];
  countries: CountByKey[];
  attackTypes: CountByKey[];
} {
  // Every query below reads only columns of the `incidents_news` index; unary + keeps the
  // unselective is_background term from choosing an index that would read the wide rows.
  const c = db
    .prepare(
      `SELECT coalesce(sum(is_background = 0), 0) AS news, coalesce(sum(is_background = 1), 0) AS background,
              coalesce(sum(CASE WHEN is_background = 0 THEN killed END), 0) AS killed,
              coalesce(sum(CASE WHEN is_background = 0 THEN wounded END), 0) AS wounded,
              min(CASE WHEN is_background = 0 THEN date END) AS first, max(CASE WHEN is_background = 0 THEN date END) AS last
       FROM incidents`,
    )
    .get() as { news: number; background: number; killed: number; wounded: number; first: string | null; last: string | null };
  const byCount = (a: CountByKey, b: CountByKey) => b.count - a.count || b.killed - a.killed || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  // One covering scan: counts per (groups, attack types, country), folded into three tallies here
  // (no index leads with groups, so the planner scans incidents_news rather than sorting by country).
  const combos = db
    .prepare(
      `SELECT country_code, attack_types, groups, count(*), sum(coalesce(killed, 0)) FROM incidents
       WHERE +is_background = 0 GROUP BY groups, attack_types, country_code`,
    )
    .raw(true)
    .all() as Array<[string | null, string, string, number, number]>;
  const tallies = { countries: new Map<string, CountByKey>(), attackTypes: new Map<string, CountByKey>(), groups: new Map<string, CountByKey>() };
  const bump = (m: Map<string, CountByKey>, key: string, n: number, k: number) => {
    const e = m.get(key);
    if (e) (e.count += n), (e.killed += k);
    else m.set(key, { key, label: key, count: n, killed: k });
  };
  const firsts = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (const [cc, attackTypes, groupsJson, n, k] of combos) {
    if (cc) bump(tallies.countries, cc, n, k);
    bump(tallies.attackTypes, firstOf(firsts, attackTypes, 'Unknown'), n, k);
    let names = lists.get(groupsJson);
    if (!names) {
      try {
        const v: unknown = JSON.parse(groupsJson);
        names = Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string' && x !== ''))] : [];
      } catch {
        names = [];
      }
      lists.set(groupsJson, names);
    }
    for (const name of names) bump(tallies.groups, name, n, k);
  }
  const countries = [...tallies.countries.values()].sort(byCount).slice(0, top);
  const attackTypes = [...tallies.attackTypes.values()].sort(byCount);
  // Groups are stored by canonical name on the incident; the key is the entity id behind the name.
  const entityOf = db.prepare(
    `SELECT g.entity_id AS id, e.canonical FROM incident_groups g LEFT JOIN entities e ON e.id = g.entity_id
     WHERE g.name_norm = ? AND g.is_alias = 0 AND g.entity_id IS NOT NULL LIMIT 1`,
  );
  const groups = [...tallies.groups.values()]
    .sort(byCount)
    .slice(0, top)
    .map((g) => {
      const e = entityOf.get(foldName(g.label)) as { id: string; canonical: string | null } | undefined;
      return e ? { ...g, key: e.id, label: e.canonical ?? g.label } : g;
    });
  return {
    news: c.news,
    background: c.background,
    killed: c.killed,
    wounded: c.wounded,
    firstDate: c.first,
    lastDate: c.last,
    groups,
    countries,
    attackTypes,
  };
}

/** Ids of an entity's parent, direct branches and the people and organisations named beside it. */
export function entityFamily(db: Database.Database, id: string, limit = 24): {
  parent: string | null;
  branches: string[];
  cooccurring: Array<{ id: string; articles: number }>;
} {
  const row = db.prepare('SELECT parent FROM entities WHERE id = ?').get(id) as { parent: string | null } | undefined;
  const branches = (db.prepare('SELECT id FROM entities WHERE parent = ? ORDER BY canonical, id').all(id) as Array<{ id: string }>).map((r) => r.id);
  const cooccurring = db
    .prepare(
      `SELECT m.entity_id AS id, count(DISTINCT m.article_id) AS articles
       FROM mentions m JOIN entities e ON e.id = m.entity_id
       WHERE m.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ?) AND m.entity_id <> ? AND e.type IN ('PER', 'ORG')
       GROUP BY m.entity_id ORDER BY articles DESC, e.canonical, m.entity_id LIMIT ?`,
    )
    .all(id, id, limit) as Array<{ id: string; articles: number }>;
  return { parent: row?.parent ?? null, branches, cooccurring };
}
