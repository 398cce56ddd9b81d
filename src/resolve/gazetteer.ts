/**
 * The offline gazetteer: GeoNames cities, countries (at their centroids), first-level regions
 * and hand-written larger regions (built by `scripts/build-gazetteer.ts` into
 * `data/gazetteer/places.tsv.gz`), indexed by folded name and alias, plus demonyms
 * ("Afghan" -> AF). Places are stored column-wise; a candidate is a row index. Load once with
 * `loadGazetteer()` and pass the result to the stages that need it. `candidates()` adds the
 * fallbacks a toponym needs beyond an exact folded match (possessives, "the", demonyms).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { PlaceFeature } from '../model.js';
import { foldName } from '../nlp/fold.js';

export interface Place {
  /** Row index in the gazetteer. */
  id: number;
  name: string;
  feature: PlaceFeature;
  country: string;
  admin1: string;
  lat: number;
  lon: number;
  population: number;
  geonameid: string | null;
  /** GeoNames feature code (PPLC capital, PPLA admin1 seat, PPL …; PCLI, ADM1, RGN), or ''. */
  code: string;
}

export interface Gazetteer {
  /** Number of place rows. */
  readonly size: number;
  /** Candidates for a name (folded internally), most populous first. */
  lookup(name: string): Place[];
  /** True when some place has this folded key (cheap pre-check, no allocation). */
  hasKey(foldedKey: string): boolean;
  /** Candidates for an already folded key. */
  lookupKey(foldedKey: string): Place[];
  /** The country row of an ISO code (its capital's coordinates). */
  country(cc: string): Place | null;
  /** The admin1 row of a country and admin1 code ("US", "CA" -> California). */
  admin1(cc: string, code: string): Place | null;
  /** Country code of a demonym ("Afghan", "Pakistani"), or null. */
  demonym(word: string): string | null;
  /**
   * Candidates for a toponym's surface text: the exact folded name, else the name without a
   * leading "the" or a trailing possessive ("Iraq's"), else the country of a demonym
   * ("Afghan", "Russians" -> the country row). Empty when nothing fits.
   */
  candidates(surface: string): Place[];
  /** Longest place or demonym name in tokens, to bound n-gram lookups. */
  readonly maxNameTokens: number;
}

const FEATURES: ReadonlySet<string> = new Set(['city', 'admin1', 'admin2', 'country', 'region', 'landmark', 'other']);

/** Builds a gazetteer from the TSV texts (header line first). */
export function buildGazetteer(placesTsv: string, demonymsTsv = ''): Gazetteer {
  const lines = placesTsv.split('\n');
  const n = lines.length;
  const names: string[] = [];
  const features: PlaceFeature[] = [];
  const ccs: string[] = [];
  const admins: string[] = [];
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const pop = new Float64Array(n);
  const ids: string[] = [];
  const codes: string[] = [];
  const index = new Map<string, number[]>();
  const countries = new Map<string, number>();
  const admin1s = new Map<string, number>();
  let maxTokens = 1;
  let rows = 0;
  for (let i = 1; i < n; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const f = line.split('\t');
    if (f.length < 9) continue;
    const key = f[0]!;
    const feature = f[2]!;
    const r = rows++;
    names.push(f[1]!);
    features.push((FEATURES.has(feature) ? feature : 'other') as PlaceFeature);
    ccs.push(f[3]!);
    admins.push(f[4]!);
    lat[r] = Number(f[5]);
    lon[r] = Number(f[6]);
    pop[r] = Number(f[7]);
    ids.push(f[8]!);
    codes.push(f[9] ?? '');
    const list = index.get(key);
    if (list) list.push(r);
    else index.set(key, [r]);
    if (feature === 'country' && !countries.has(f[3]!) && f[1]!.length > 3) countries.set(f[3]!, r);
    if (feature === 'admin1' && f[4] && !admin1s.has(`${f[3]}|${f[4]}`)) admin1s.set(`${f[3]}|${f[4]}`, r);
    let t = 1;
    for (let k = 0; k < key.length; k++) if (key.charCodeAt(k) === 32) t++;
    if (t > maxTokens) maxTokens = t;
  }
  const demonyms = new Map<string, string>();
  for (const line of demonymsTsv.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [word, cc] = line.split('\t');
    if (word && cc) demonyms.set(foldName(word), cc);
  }
  const place = (r: number): Place => ({
    id: r,
    name: names[r]!,
    feature: features[r]!,
    country: ccs[r]!,
    admin1: admins[r]!,
    lat: lat[r]!,
    lon: lon[r]!,
    population: pop[r]!,
    geonameid: ids[r] || null,
    code: codes[r]!,
  });
  const lookupKey = (key: string): Place[] => (index.get(key) ?? []).map(place);
  const countryOf = (cc: string): Place | null => {
    const r = countries.get(cc);
    return r === undefined ? null : place(r);
  };
  const demonymOf = (word: string): string | null => {
    const f = foldName(word);
    return demonyms.get(f) ?? (f.endsWith('s') ? demonyms.get(f.slice(0, -1)) ?? null : null);
  };
  const candidates = (surface: string): Place[] => {
    const key = foldName(surface);
    if (!key) return [];
    const cc = demonymOf(surface);
    const country = cc ? countryOf(cc) : null;
    let rows = index.get(key);
    if (!rows) {
      let trimmed = key.replace(/^the /, '');
      if (/['’]s$/i.test(surface.trim())) trimmed = trimmed.slice(0, -1);
      rows = index.get(trimmed);
    }
    const out = rows ? rows.map(place) : [];
    // A demonym names its country first ("Canadian" is rarely Canadian, Texas).
    return country && !out.some((p) => p.id === country.id) ? [country, ...out] : out;
  };
  return {
    size: rows,
    maxNameTokens: Math.min(maxTokens, 6),
    lookup: (name) => lookupKey(foldName(name)),
    lookupKey,
    hasKey: (key) => index.has(key),
    country: countryOf,
    admin1: (cc, code) => {
      const r = admin1s.get(`${cc}|${code}`);
      return r === undefined ? null : place(r);
    },
    demonym: (word) => demonyms.get(foldName(word)) ?? null,
    candidates,
  };
}

/** Loads `places.tsv.gz` and `demonyms.tsv` from `dir` (default `data/gazetteer` of the repo). */
export function loadGazetteer(dir: string): Gazetteer {
  const places = zlib.gunzipSync(fs.readFileSync(path.join(dir, 'places.tsv.gz'))).toString('utf8');
  const demonymsFile = path.join(dir, 'demonyms.tsv');
  const demonyms = fs.existsSync(demonymsFile) ? fs.readFileSync(demonymsFile, 'utf8') : '';
  return buildGazetteer(places, demonyms);
}
