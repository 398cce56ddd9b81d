/**
 * Speed of the analyst's desk: loads synthetic incidents (100,000 by default) into a temporary
 * SQLite store through `ingestArticle`, then times the incidents list, the map cells and the
 * timeline through the HTTP app in process (`createApp(...).request()`), each route 50 times with
 * varied filters, and prints p50/p95. The budget is 300 ms at the 95th percentile.
 *
 * `npx tsx bench/desk.ts [incidents]` runs it alone; `benchDesk()` is the same for `bench/run.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp } from '../src/api/app.js';
import type { ExtractedIncident, ExtractRecord, PerpetratorGroup } from '../src/model.js';
import { openStore } from '../src/store/open.js';
import { entityId, foldName } from '../src/store/ids.js';
import { dateBounds, type SqliteStore } from '../src/store/sqlite/sqlite-store.js';

export interface RouteTiming {
  route: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

export interface DeskBench {
  incidents: number;
  loadSeconds: number;
  timings: RouteTiming[];
}

/** A small deterministic PRNG (mulberry32), so every run loads the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES: Array<[string, string, number, number]> = [
  ['Kabul', 'AF', 34.5281, 69.1723], ['Kandahar', 'AF', 31.6133, 65.7101], ['Jalalabad', 'AF', 34.4265, 70.4515],
  ['Peshawar', 'PK', 34.008, 71.5785], ['Quetta', 'PK', 30.1798, 66.975], ['Karachi', 'PK', 24.8607, 67.0011],
  ['Baghdad', 'IQ', 33.3152, 44.3661], ['Mosul', 'IQ', 36.34, 43.13], ['Raqqa', 'SY', 35.9528, 39.0079],
  ['Damascus', 'SY', 33.5138, 36.2765], ['Maiduguri', 'NG', 11.8311, 13.151], ['Mogadishu', 'SO', 2.0469, 45.3182],
  ['Bamako', 'ML', 12.6392, -8.0029], ['Ouagadougou', 'BF', 12.3714, -1.5197], ['Niamey', 'NE', 13.5116, 2.1254],
  ['Sanaa', 'YE', 15.3694, 44.191], ['Aden', 'YE', 12.7855, 45.0187], ['Moscow', 'RU', 55.7558, 37.6173],
  ['Paris', 'FR', 48.8566, 2.3522], ['Brussels', 'BE', 50.8503, 4.3517], ['Istanbul', 'TR', 41.0082, 28.9784],
  ['Cairo', 'EG', 30.0444, 31.2357], ['Arish', 'EG', 31.1313, 33.7984], ['Tripoli', 'LY', 32.8872, 13.1913],
  ['Manila', 'PH', 14.5995, 120.9842], ['Marawi', 'PH', 8.0034, 124.2839], ['Colombo', 'LK', 6.9271, 79.8612],
  ['Srinagar', 'IN', 34.0837, 74.7973], ['Bogotá', 'CO', 4.711, -74.0721], ['Cabo Delgado', 'MZ', -12.3335, 39.3206],
];
const ATTACKS = ['Bombing/Explosion', 'Armed Assault', 'Assassination', 'Hostage Taking (Kidnapping)', 'Facility/Infrastructure Attack', 'Unknown', 'Unarmed Assault', 'Hijacking', 'Hostage Taking (Barricade Incident)', 'Foiled Plot'];
const GROUPS: Array<[string, string[]]> = [
  ['Islamic State', ['IS', 'ISIS', 'Daesh']], ['Islamic State Khorasan Province', ['ISKP', 'Isis-K']], ['Taliban', ['Afghan Taliban']],
  ['Tehrik-i-Taliban Pakistan', ['TTP']], ['Boko Haram', ['JAS']], ['Al-Shabaab', ['Harakat al-Shabaab']], ['Houthis', ['Ansar Allah']],
  ['Jama’at Nusrat al-Islam wal-Muslimin', ['JNIM']], ['Islamic State West Africa Province', ['ISWAP']], ['Al-Qaeda', ['AQ']],
  ['Baloch Liberation Army', ['BLA']], ['ELN', ['National Liberation Army']], ['PKK', ['Kurdistan Workers’ Party']], ['Abu Sayyaf', ['ASG']],
];
const DAY_MS = 86_400_000;
const START = Date.UTC(2015, 0, 1);
const SPAN_DAYS = 10 * 365;

/** One synthetic article of `n` incidents, each with a trigger span into the article text. */
function syntheticArticle(k: number, n: number, rnd: () => number): { text: string; extraction: ExtractRecord } {
  const lines: string[] = [];
  const incidents: ExtractedIncident[] = [];
  let offset = 0;
  for (let j = 0; j < n; j++) {
    const [city, cc, lat, lon] = CITIES[Math.floor(rnd() * CITIES.length)]!;
    const attack = ATTACKS[Math.min(ATTACKS.length - 1, Math.floor(rnd() ** 1.6 * ATTACKS.length))]!;
    const [gname, galiases] = GROUPS[Math.floor(rnd() * GROUPS.length)]!;
    const killed = rnd() < 0.1 ? null : Math.floor(rnd() ** 3 * 120);
    const day = new Date(START + Math.floor(rnd() * SPAN_DAYS) * DAY_MS).toISOString().slice(0, 10);
    const p = rnd();
    const [date, precision] = p < 0.01 ? [null, null] : p < 0.03 ? [day.slice(0, 4), 'year' as const] : p < 0.08 ? [day.slice(0, 7), 'month' as const] : [day, 'day' as const];
    const line = `Incident ${k}-${j}: an attack in ${city} attributed to ${gname} left ${killed ?? 'an unknown number of'} dead.`;
    const tStart = offset + line.indexOf('an attack');
    const cStart = offset + line.indexOf(city);
    const gStart = offset + line.indexOf(gname);
    const group: PerpetratorGroup = {
      start: gStart, end: gStart + gname.length, text: gname, canonical: gname, aliases: galiases, claimed: rnd() < 0.3, claim_status: rnd() < 0.3 ? 'claimed' : 'suspected',
    };
    incidents.push({
      date,
      date_precision: precision,
      place: { start: cStart, end: cStart + city.length, text: city, name: city, lat: lat + (rnd() - 0.5) * 0.6, lon: lon + (rnd() - 0.5) * 0.6, country_code: cc, feature: 'city', specificity: 1 },
      is_background: rnd() < 0.15,
      attack_types: [attack],
      weapon_types: [],
      target_types: [],
      perpetrator_groups: [group],
      perpetrator_individuals: [],
      victims: [],
      targets: [],
      weapons: [],
      killed,
      wounded: killed === null ? null : Math.floor(killed * rnd() * 3),
      trigger: { start: tStart, end: tStart + 'an attack'.length, text: 'an attack' },
      evidence: [{ start: offset, end: offset + line.length }],
    });
    lines.push(line);
    offset += line.length + 1;
  }
  return { text: lines.join('\n'), extraction: { id: `bench-${k}`, entities: [], places: [], dates: [], incidents } };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The filters the routes are timed with: none, each filter alone, combinations, deep pages. */
function filters(rnd: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 50; i++) {
    const q = new URLSearchParams();
    const kind = i % 10;
    const [city, cc] = CITIES[Math.floor(rnd() * CITIES.length)]!;
    const [g, aliases] = GROUPS[Math.floor(rnd() * GROUPS.length)]!;
    const y = 2015 + Math.floor(rnd() * 9);
    if (kind === 1) q.set('country', cc);
    if (kind === 2) q.set('group', rnd() < 0.5 ? g : aliases[0]!);
    if (kind === 3) q.set('attack_type', ATTACKS[Math.floor(rnd() * 4)]!);
    if (kind === 4) (q.set('since', `${y}-01-01`), q.set('until', `${y}-12-31`));
    if (kind === 5) q.set('min_killed', String(10 + Math.floor(rnd() * 60)));
    if (kind === 6) q.set('q', city.toLowerCase());
    if (kind === 7) (q.set('country', cc), q.set('since', `${y}-06-01`), q.set('background', 'false'));
    if (kind === 8) (q.set('group', g), q.set('attack_type', 'Bombing/Explosion'), q.set('min_killed', '5'));
    if (kind === 9) q.set('bbox', '60,25,75,38');
    if (i % 2 === 1) q.set('background', 'false');
    out.push(q.toString());
  }
  return out;
}

/**
 * Loads `total` synthetic incidents (50 per article) into a SQLite store; returns the seconds
 * taken. Articles go through `ingestArticle` (without extraction); incidents, their group and
 * attack-type rows and the group entities are written directly in one transaction, the rows
 * `insertIncidents` would write, because per-incident fusion makes 100,000 ingests take hours.
 */
export async function loadSynthetic(store: SqliteStore, total: number): Promise<number> {
  const perArticle = 50;
  const rnd = prng(7);
  const t0 = performance.now();
  const now = new Date().toISOString();
  const db = store.db;
  const insert = db.prepare(
    `INSERT INTO incidents (id, article_id, version, ordinal, date, date_precision, date_start, date_end, place_name, admin1,
       feature, geonameid, country_code, lat, lon, specificity, attack_types, weapon_types, target_types, groups, killed,
       wounded, is_background, status, detail, search_text, created_at, updated_at)
     VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, NULL, 'city', NULL, ?, ?, ?, 1, ?, '[]', '[]', ?, ?, ?, ?, 'machine', ?, ?, ?, ?)`,
  );
  const insertGroup = db.prepare('INSERT OR IGNORE INTO incident_groups (incident_id, name, name_norm, entity_id, is_alias) VALUES (?, ?, ?, ?, ?)');
  const insertAttack = db.prepare('INSERT OR IGNORE INTO incident_attack_types (incident_id, attack_type, attack_type_norm) VALUES (?, ?, ?)');
  const insertEntity = db.prepare(`INSERT OR IGNORE INTO entities (id, type, kind, canonical, aliases, parent, created_at, updated_at) VALUES (?, 'ORG', 'armed_group', ?, ?, NULL, ?, ?)`);
  const insertAlias = db.prepare('INSERT OR IGNORE INTO entity_aliases (entity_id, alias, alias_norm, is_canonical) VALUES (?, ?, ?, ?)');
  for (const [name, aliases] of GROUPS) {
    const id = entityId('armed_group', name);
    insertEntity.run(id, name, JSON.stringify(aliases), now, now);
    insertAlias.run(id, name, foldName(name), 1);
    for (const a of aliases) insertAlias.run(id, a, foldName(a), 0);
  }
  for (let k = 0; k * perArticle < total; k++) {
    const n = Math.min(perArticle, total - k * perArticle);
    const { text, extraction } = syntheticArticle(k, n, rnd);
    const title = `Synthetic report ${k}`;
    const { articleId } = await store.ingestArticle({
      article: { title, published: '2025-01-01', url: `https://bench.example/desk/${k}`, source: 'bench', related: [], text },
      extraction: null,
    });
    db.transaction(() => {
      extraction.incidents.forEach((inc, j) => {
        const iid = `i_bench_${k}_${j}`;
        const g = inc.perpetrator_groups[0]!;
        const [dateStart, dateEnd] = dateBounds(inc.date);
        insert.run(
          iid, articleId, j, inc.date, inc.date_precision, dateStart, dateEnd, inc.place!.name, inc.place!.country_code, inc.place!.lat, inc.place!.lon,
          JSON.stringify(inc.attack_types), JSON.stringify([g.canonical]), inc.killed, inc.wounded, inc.is_background ? 1 : 0, JSON.stringify(inc),
          foldName([inc.place!.name, g.canonical, g.text, ...g.aliases, title].join(' | ')), now, now,
        );
        const eid = entityId('armed_group', g.canonical);
        insertGroup.run(iid, g.canonical, foldName(g.canonical), eid, 0);
        for (const a of g.aliases) insertGroup.run(iid, a, foldName(a), eid, 1);
        for (const t of inc.attack_types) insertAttack.run(iid, t, foldName(t));
      });
    })();
  }
  return (performance.now() - t0) / 1000;
}

export async function benchDesk(opts: { incidents?: number; runs?: number; log?: (s: string) => void } = {}): Promise<DeskBench> {
  const total = opts.incidents ?? 100_000;
  const log = opts.log ?? ((s: string) => console.log(s));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-desk-'));
  const store = (await openStore({ databaseUrl: path.join(dir, 'desk.db') })) as SqliteStore;
  try {
    const loadSeconds = await loadSynthetic(store, total);
    const stats = await store.stats();
    log(`Desk (SQLite file, ${stats.incidents.toLocaleString('en-US')} incidents in ${stats.articles.toLocaleString('en-US')} articles, loaded in ${loadSeconds.toFixed(1)} s)`);

    const app = createApp({ store, webRoot: null });
    const qs = filters(prng(11));
    const zooms = [2, 3, 4, 5, 6];
    const routes: Array<[string, (i: number) => string]> = [
      ['GET /api/incidents', (i) => `/api/incidents?${qs[i % qs.length]}&limit=25&offset=${i % 7 === 6 ? 2500 : 0}${i % 3 === 2 ? '&sort=-killed' : ''}`],
      ['GET /api/incidents/map', (i) => `/api/incidents/map?${qs[i % qs.length]}&zoom=${zooms[i % zooms.length]}`],
      ['GET /api/incidents/timeline', (i) => `/api/incidents/timeline?${qs[i % qs.length]}&bucket=week`],
      ['GET /api/overview', () => '/api/overview'],
    ];
    const runs = opts.runs ?? 50;
    const timings: RouteTiming[] = [];
    for (const [route, url] of routes) {
      await (await app.request(url(0))).arrayBuffer(); // warm the statement cache
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        const res = await app.request(url(i));
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url(i)} answered ${res.status}`);
        ms.push(performance.now() - s);
      }
      ms.sort((a, b) => a - b);
      const t = { route, runs, p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1]! };
      timings.push(t);
      log(`  ${route.padEnd(28)} p50 ${t.p50.toFixed(1).padStart(7)} ms   p95 ${t.p95.toFixed(1).padStart(7)} ms   max ${t.max.toFixed(1).padStart(7)} ms${t.p95 > 300 && route !== 'GET /api/overview' ? '   OVER the 300 ms budget' : ''}`);
    }
    return { incidents: stats.incidents, loadSeconds, timings };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  await benchDesk(n !== undefined ? { incidents: n } : {});
}
