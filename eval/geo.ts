/**
 * Geoparsing on LGL and GeoVirus (`../shared/data/geo`). Two measures:
 *   end to end  the places `extractArticle` finds are matched to gold toponyms by overlapping
 *               spans: toponym recall and precision, Acc@161 (share within 161 km) on the
 *               toponyms found, end-to-end Acc@161 (a gold toponym not found counts as wrong),
 *               mean and median error in km;
 *   given       the gold toponym spans are handed to the geocoder (gazetteer candidates of the
 *               surface text, containment, one sense per document), as CamCoder is scored:
 *               candidate coverage and Acc@161 over all gold toponyms (no candidate = wrong).
 * GeoVirus ships offsets one character to the right of the text; they are realigned on load.
 */
import { extractArticle } from '../src/extract/extract.js';
import type { Resources } from '../src/resources.js';
import type { Gazetteer } from '../src/resolve/gazetteer.js';
import { geocode, type GeocodeWeights, type Toponym } from '../src/resolve/geocode.js';
import { dataPath, hasData, readJsonl } from './data.js';

export interface GoldToponym {
  start: number;
  end: number;
  text: string;
  lat: number;
  lon: number;
}

export interface GeoDoc {
  id: string;
  title?: string | null;
  date?: string | null;
  text: string;
  toponyms: GoldToponym[];
}

export interface GeoEval {
  dataset: string;
  docs: number;
  gold: number;
  predicted: number;
  found: number;
  recall: number;
  precision: number;
  accFound: number;
  accEndToEnd: number;
  meanKm: number;
  medianKm: number;
}

export interface GeoGivenEval {
  dataset: string;
  gold: number;
  /** Share of gold toponyms with at least one candidate. */
  withCandidates: number;
  /** Share of gold toponyms with a candidate within 161 km (the ceiling of Acc@161). */
  coverage: number;
  acc: number;
  meanKm: number;
  medianKm: number;
}

export type GeoCorpus = 'lgl' | 'geovirus';

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

const isWordChar = (c: string | undefined): boolean => !!c && /[\p{L}\p{N}]/u.test(c);

/** Gold toponyms with exact offsets: a span starting inside a word moves left by one. */
function realign(d: GeoDoc): GeoDoc {
  const shifted = d.toponyms.filter((t) => t.start > 0 && isWordChar(d.text[t.start - 1])).length;
  if (shifted * 2 <= d.toponyms.length) return d;
  const toponyms = d.toponyms.map((t) => {
    const start = t.start - 1;
    let end = t.end - 1;
    while (end > start && !isWordChar(d.text[end - 1]) && d.text[end - 1] !== '.') end--;
    return { ...t, start, end, text: d.text.slice(start, end) };
  });
  return { ...d, toponyms };
}

/** The documents of a corpus (null when the data is absent). */
export function loadGeoDocs(name: GeoCorpus): GeoDoc[] | null {
  if (!hasData('geo', `${name}.jsonl`)) return null;
  return readJsonl<GeoDoc>(dataPath('geo', `${name}.jsonl`)).map(realign);
}

const DATASET: Record<GeoCorpus, string> = { lgl: 'LGL', geovirus: 'GeoVirus' };

export function evalGeo(resources: Resources, name: GeoCorpus): GeoEval | null {
  const docs = loadGeoDocs(name);
  if (!docs) return null;
  let gold = 0;
  let predicted = 0;
  let predictedMatched = 0;
  let found = 0;
  let within = 0;
  const errors: number[] = [];
  for (const d of docs) {
    const published = d.date ? d.date.slice(0, 10) : null;
    const rec = extractArticle({ id: d.id, text: d.text, title: null, published }, resources);
    predicted += rec.places.length;
    predictedMatched += rec.places.filter((x) => d.toponyms.some((t) => x.start < t.end && t.start < x.end)).length;
    gold += d.toponyms.length;
    for (const t of d.toponyms) {
      const p = rec.places.find((x) => x.start < t.end && t.start < x.end);
      if (!p) continue;
      found += 1;
      const km = haversineKm(t.lat, t.lon, p.lat, p.lon);
      errors.push(km);
      if (km <= 161) within += 1;
    }
  }
  errors.sort((a, b) => a - b);
  return {
    dataset: DATASET[name],
    docs: docs.length,
    gold,
    predicted,
    found,
    recall: found / (gold || 1),
    precision: predictedMatched / (predicted || 1),
    accFound: within / (found || 1),
    accEndToEnd: within / (gold || 1),
    meanKm: errors.reduce((a, b) => a + b, 0) / (errors.length || 1),
    medianKm: errors[Math.floor(errors.length / 2)] ?? 0,
  };
}

/** The geocoder's input for a document's gold toponyms: candidates and "X, Y" containers. */
export function givenToponyms(g: Gazetteer, d: GeoDoc): Toponym[] {
  const tops = [...d.toponyms].sort((a, b) => a.start - b.start);
  const out: Toponym[] = tops.map((t) => ({ start: t.start, end: t.end, text: t.text, candidates: g.candidates(t.text) }));
  for (let i = 0; i + 1 < tops.length; i++) {
    const between = d.text.slice(tops[i]!.end, tops[i + 1]!.start);
    if (/^\s*,\s*$/.test(between) && out[i + 1]!.candidates.length) out[i]!.container = out[i + 1]!.candidates;
  }
  return out;
}

/** Acc@161 with the gold toponyms given; `prepared` lets the tuner reuse the candidates. */
export function evalGeoGiven(
  g: Gazetteer,
  name: GeoCorpus,
  w?: GeocodeWeights,
  prepared?: Array<{ doc: GeoDoc; toponyms: Toponym[] }>,
): GeoGivenEval | null {
  const docs = prepared ?? loadGeoDocs(name)?.map((doc) => ({ doc, toponyms: givenToponyms(g, doc) }));
  if (!docs) return null;
  let gold = 0;
  let withCandidates = 0;
  let coverage = 0;
  let within = 0;
  const errors: number[] = [];
  for (const { doc, toponyms } of docs) {
    const chosen = geocode(toponyms, { countries: new Map(), text: doc.text }, w);
    toponyms.forEach((t, i) => {
      const goldT = doc.toponyms.find((x) => x.start === t.start)!;
      gold++;
      if (t.candidates.length) withCandidates++;
      if (t.candidates.some((c) => haversineKm(c.lat, c.lon, goldT.lat, goldT.lon) <= 161)) coverage++;
      const p = chosen[i];
      if (!p) return;
      const km = haversineKm(goldT.lat, goldT.lon, p.lat, p.lon);
      errors.push(km);
      if (km <= 161) within++;
    });
  }
  errors.sort((a, b) => a - b);
  return {
    dataset: DATASET[name],
    gold,
    withCandidates: withCandidates / (gold || 1),
    coverage: coverage / (gold || 1),
    acc: within / (gold || 1),
    meanKm: errors.reduce((a, b) => a + b, 0) / (errors.length || 1),
    medianKm: errors[Math.floor(errors.length / 2)] ?? 0,
  };
}
