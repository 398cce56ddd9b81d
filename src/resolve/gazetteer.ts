/**
 * The offline gazetteer: GeoNames cities, countries (at their centroids), first-level regions,
 * US counties (admin2) and hand-written larger regions (built by `scripts/build-gazetteer.ts`
 * into `data/gazetteer/places.tsv.gz`), indexed by folded name and alias, plus demonyms
 * ("Afghan" -> AF). The text is kept and only its lines are indexed; a row is parsed when it is
 * first looked up (and kept, frozen, in a bounded cache), and a candidate's `id` is its row index. Load once with
 * `loadGazetteer()` and pass the result to the stages that need it. `candidates()` adds the
 * fallbacks a toponym needs beyond an exact folded match (possessives, "the", demonyms, a town's
 * name followed by "City").
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

/** Parsed rows kept at most (a few MB); the cache is emptied when it would hold more. */
const PLACE_CACHE_LIMIT = 20_000;

/**
 * Builds a gazetteer from the TSV texts (header line first). Loading only indexes the lines (key
 * -> first row, rows of a key chained); a row's fields are parsed when it is looked up, which
 * keeps loading the ~140k rows well under a second.
 */
export function buildGazetteer(placesTsv: string, demonymsTsv = ''): Gazetteer {
  const text = placesTsv;
  const len = text.length;
  let cap = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) cap++;
  const lineStart = new Int32Array(cap);
  const lineEnd = new Int32Array(cap);
  const next = new Int32Array(cap).fill(-1);
  const index = new Map<string, number>();
  const countries = new Map<string, number>();
  const admin1s = new Map<string, number>();
  let maxTokens = 1;
  let rows = 0;
  let prevKey = '';
  let prevRow = -1;
  let pos = text.indexOf('\n'); // skip the header
  pos = pos < 0 ? len : pos + 1;
  while (pos < len) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = len;
    const t1 = text.indexOf('\t', pos);
    if (t1 < 0 || t1 > eol) { pos = eol + 1; continue; }
    const t2 = text.indexOf('\t', t1 + 1);
    const t3 = t2 < 0 ? -1 : text.indexOf('\t', t2 + 1);
    const t4 = t3 < 0 ? -1 : text.indexOf('\t', t3 + 1);
    const t5 = t4 < 0 ? -1 : text.indexOf('\t', t4 + 1);
    if (t5 < 0 || t5 > eol) { pos = eol + 1; continue; } // fewer than 9 fields
    const key = text.slice(pos, t1);
    const r = rows++;
    lineStart[r] = pos;
    lineEnd[r] = eol;
    if (key === prevKey) next[prevRow] = r;
    else {
      const first = index.get(key);
      if (first === undefined) index.set(key, r);
      else { // unsorted input: append to the key's chain
        let k = first;
        while (next[k]! >= 0) k = next[k]!;
        next[k] = r;
      }
      let tk = 1;
      for (let k = 0; k < key.length; k++) if (key.charCodeAt(k) === 32) tk++;
      if (tk > maxTokens) maxTokens = tk;
    }
    prevKey = key;
    prevRow = r;
    // Feature starts with "country" / "admin1": remember the first row of each.
    const fc = text.charCodeAt(t2 + 1);
    if (fc === 99 /* c */ || fc === 97 /* a */) {
      const feature = text.slice(t2 + 1, t3);
      if (feature === 'country') {
        const cc = text.slice(t3 + 1, t4);
        if (!countries.has(cc) && t2 - t1 - 1 > 3) countries.set(cc, r);
      } else if (feature === 'admin1' && t5 > t4 + 1) {
        const k = `${text.slice(t3 + 1, t4)}|${text.slice(t4 + 1, t5)}`;
        if (!admin1s.has(k)) admin1s.set(k, r);
      }
    }
    pos = eol + 1;
  }
  const demonyms = new Map<string, string>();
  for (const line of demonymsTsv.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [word, cc] = line.split('\t');
    if (word && cc) demonyms.set(foldName(word), cc);
  }
  // Rows parsed so far (frozen: every lookup of a row shares one object); emptied when it reaches
  // PLACE_CACHE_LIMIT rows, so that a long-running process does not keep the whole file parsed.
  const parsed = new Map<number, Place>();
  const place = (r: number): Place => {
    let p = parsed.get(r);
    if (p) return p;
    if (parsed.size >= PLACE_CACHE_LIMIT) parsed.clear();
    p = Object.freeze(parseRow(r));
    parsed.set(r, p);
    return p;
  };
  const parseRow = (r: number): Place => {
    const f = text.slice(lineStart[r]!, lineEnd[r]!).split('\t');
    const feature = f[2]!;
    return {
      id: r,
      name: f[1]!,
      feature: (FEATURES.has(feature) ? feature : 'other') as PlaceFeature,
      country: f[3]!,
      admin1: f[4]!,
      lat: Number(f[5]),
      lon: Number(f[6]),
      population: Number(f[7]),
      geonameid: f[8] || null,
      code: f[9] ?? '',
    };
  };
  const rowsOf = (key: string): Place[] => {
    const out: Place[] = [];
    for (let r = index.get(key) ?? -1; r >= 0; r = next[r]!) out.push(place(r));
    return out;
  };
  const lookupKey = rowsOf;
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
    let hit = key;
    if (!index.has(key)) {
      hit = key.replace(/^the /, '');
      if (/['’]s$/i.test(surface.trim())) hit = hit.slice(0, -1);
    }
    let out = rowsOf(hit);
    // "Kandahar City", "Kirkuk city": the town itself, when the gazetteer has no such name.
    if (!out.length && / city$/.test(hit)) out = rowsOf(hit.slice(0, -5)).filter((p) => p.feature === 'city');
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
