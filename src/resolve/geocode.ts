/**
 * Geocoding: chooses one gazetteer place for each toponym of a document. A candidate's score is
 * a weighted sum of explicit features (weights tuned on the LGL and GeoVirus dev sets by
 * `scripts/tune-geocoder.ts`):
 *   prior        log10(population) and the feature type (country, admin1, admin2, region, admin seat);
 *   document     the countries and first-level regions the document's other places and
 *                demonyms point to, and the number of its other places within 161 km;
 *   dateline     the dateline's country;
 *   containment  "San Bernardino, California": the following admin1/country constrains the city;
 *   one sense    every mention of the same name in a document gets the same place.
 * The document features come first from every reading of the other toponyms (a joint round: each
 * name's readings vote with their softmax share, `JOINT.temperature`), then from the current
 * choice of the others, in a few rounds. A toponym right
 * after "café", "hotel" … or before "Street", "Road" …, or inside quotes, is a landmark's name
 * and gets no place (when `GeocodeContext.text` is given).
 */
import type { Gazetteer, Place } from './gazetteer.js';
import { foldName } from '../nlp/fold.js';

export interface Toponym {
  start: number;
  end: number;
  text: string;
  /** Gazetteer candidates for the name. */
  candidates: Place[];
  /** Candidates of a directly following containing name ("…, California"), if any. */
  container?: Place[];
}

export interface GeocodeContext {
  /** ISO codes of countries the document mentions (country names, demonyms), with counts. */
  countries: ReadonlyMap<string, number>;
  /** Country of the dateline place, when there is one. */
  datelineCountry?: string | null;
  /** The document text the toponym offsets refer to (enables the landmark rule). */
  text?: string;
}

export interface GeocodeWeights {
  /** Multiplier of log10(population + 10). */
  prior: number;
  country: number;
  admin1: number;
  /** Second-level regions (US counties). */
  admin2: number;
  region: number;
  /** Capitals and admin1 seats (PPLC, PPLA). */
  seat: number;
  /** Per log2(1 + n) of the document's other mentions in the candidate's country. */
  documentCountry: number;
  /** Per log2(1 + n) of the document's other places in the candidate's first-level region. */
  documentAdmin1: number;
  /** Per log2(1 + n) of the document's other places (cities, admin1, admin2) within 161 km. */
  near: number;
  dateline: number;
  containment: number;
}

/** Tuned by `scripts/tune-geocoder.ts` on LGL + GeoVirus dev (toponyms given); see EVAL.md. */
export const DEFAULT_WEIGHTS: GeocodeWeights = {
  prior: 1, country: 4, admin1: 4.5, admin2: -2, region: 1, seat: 0.25, documentCountry: 1, documentAdmin1: 3, near: 1, dateline: 2, containment: 10,
};

/** Rounds of re-scoring with the other toponyms' current choices. */
const ROUNDS = 3;

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const dLat = (b.lat - a.lat) * r;
  const dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** True when `outer` (a country, admin1, admin2 or region) plausibly contains `inner`. */
export function contains(outer: Place, inner: Place): boolean {
  if (outer.feature === 'country') return outer.country === inner.country;
  if (outer.country && inner.country && outer.country !== inner.country) return false;
  // A county knows its state, not its towns: same state and near its centroid.
  if (outer.feature === 'admin2') return inner.feature === 'city' && outer.admin1 === inner.admin1 && distanceKm(outer, inner) < 80;
  if (outer.admin1 && inner.admin1) return outer.admin1 === inner.admin1;
  return distanceKm(outer, inner) < 400;
}

/** What the rest of the document says, from the current choice of its other toponyms. */
interface DocumentEvidence {
  /** Country -> distinct other places there (countries count). */
  countries: Map<string, number>;
  /** "CC|admin1" -> distinct other places there (admin1 regions count). */
  admin1s: Map<string, number>;
  /** Chosen cities, admin1 and admin2 regions of the other names, with their folded name. */
  points: Array<{ key: string; place: Place }>;
}

const isPoint = (p: Place): boolean => p.feature === 'city' || p.feature === 'admin1' || p.feature === 'admin2';

const NO_EVIDENCE: DocumentEvidence = { countries: new Map(), admin1s: new Map(), points: [] };

function evidenceOf(chosen: ReadonlyMap<string, Place>): DocumentEvidence {
  const ev: DocumentEvidence = { countries: new Map(), admin1s: new Map(), points: [] };
  const places = new Set<number>(); // distinct places: "US" and "United States" count once
  for (const [key, p] of chosen) {
    if (places.has(p.id)) continue;
    places.add(p.id);
    if (p.country) ev.countries.set(p.country, (ev.countries.get(p.country) ?? 0) + 1);
    if (p.admin1 && isPoint(p)) {
      const k = `${p.country}|${p.admin1}`;
      ev.admin1s.set(k, (ev.admin1s.get(k) ?? 0) + 1);
    }
    if (isPoint(p)) ev.points.push({ key, place: p });
  }
  return ev;
}

/**
 * Joint evidence before any choice: every name votes for the countries and first-level regions of
 * all its readings, each with its share of a softmax over the readings' scores (a name's votes sum
 * to one), so "Walker County" (TX, GA or AL) and "Huntsville" (AL or TX) together point to Texas.
 */
function softEvidence(scored: ReadonlyMap<string, Array<{ place: Place; score: number }>>, temperature: number): { ev: DocumentEvidence; own: Map<string, DocumentEvidence> } {
  const ev: DocumentEvidence = { countries: new Map(), admin1s: new Map(), points: [] };
  const own = new Map<string, DocumentEvidence>();
  const bump = (m: Map<string, number>, k: string, v: number): void => { m.set(k, (m.get(k) ?? 0) + v); };
  for (const [key, list] of scored) {
    if (!list.length) continue;
    const mine: DocumentEvidence = { countries: new Map(), admin1s: new Map(), points: [] };
    let max = -Infinity;
    for (const x of list) if (x.score > max) max = x.score;
    let z = 0;
    for (const x of list) z += Math.exp((x.score - max) / temperature);
    for (const x of list) {
      const pr = Math.exp((x.score - max) / temperature) / z;
      const p = x.place;
      if (p.country) bump(mine.countries, p.country, pr);
      if (p.admin1 && isPoint(p)) bump(mine.admin1s, `${p.country}|${p.admin1}`, pr);
    }
    own.set(key, mine);
    for (const [k, v] of mine.countries) bump(ev.countries, k, v);
    for (const [k, v] of mine.admin1s) bump(ev.admin1s, k, v);
  }
  return { ev, own };
}

/** The feature values of a candidate (before weighting), in `GeocodeWeights` order. */
export function candidateFeatures(c: Place, t: Toponym, ctx: GeocodeContext, ev: DocumentEvidence = NO_EVIDENCE, key = foldName(t.text), mine?: DocumentEvidence): GeocodeWeights {
  const self = ev.points.length ? ev.points.find((x) => x.key === key)?.place : undefined;
  const own = mine
    ? (m: Map<string, number>, k: string): number => Math.max(0, (m.get(k) ?? 0) - ((m === ev.countries ? mine.countries : mine.admin1s).get(k) ?? 0))
    : (m: Map<string, number>, k: string, selfHit: boolean): number => Math.max(0, (m.get(k) ?? 0) - (selfHit ? 1 : 0));
  const cc = c.country;
  let docCountry = 0;
  if (cc && c.feature !== 'country') {
    const fromChoices = own(ev.countries, cc, !!self && self.country === cc);
    // The caller's counts (demonyms, groups) say only that the country is mentioned.
    docCountry = Math.log2(1 + Math.max(fromChoices, Math.min(1, ctx.countries.get(cc) ?? 0)));
  }
  let docAdmin1 = 0;
  if (cc && c.admin1 && (c.feature === 'city' || c.feature === 'admin2')) {
    const k = `${cc}|${c.admin1}`;
    docAdmin1 = Math.log2(1 + own(ev.admin1s, k, !!self && `${self.country}|${self.admin1}` === k));
  }
  let near = 0;
  if (isPoint(c)) {
    for (const x of ev.points) if (x.key !== key && distanceKm(x.place, c) <= 161) near++;
    near = Math.log2(1 + near);
  }
  return {
    prior: Math.log10(c.population + 10),
    country: c.feature === 'country' ? 1 : 0,
    admin1: c.feature === 'admin1' ? 1 : 0,
    admin2: c.feature === 'admin2' ? 1 : 0,
    region: c.feature === 'region' ? 1 : 0,
    seat: c.feature === 'city' && (c.code === 'PPLC' || c.code === 'PPLA') ? 1 : 0,
    documentCountry: docCountry,
    documentAdmin1: docAdmin1,
    near,
    dateline: cc && ctx.datelineCountry === cc ? 1 : 0,
    containment: t.container?.some((o) => o.id !== c.id && contains(o, c)) ? 1 : 0,
  };
}

function weigh(f: GeocodeWeights, w: GeocodeWeights): number {
  return w.prior * f.prior + w.country * f.country + w.admin1 * f.admin1 + w.admin2 * f.admin2 + w.region * f.region + w.seat * f.seat +
    w.documentCountry * f.documentCountry + w.documentAdmin1 * f.documentAdmin1 + w.near * f.near + w.dateline * f.dateline +
    w.containment * f.containment;
}

/** Score of one candidate in its context (without the other toponyms' choices). */
export function scoreCandidate(c: Place, t: Toponym, ctx: GeocodeContext, w: GeocodeWeights = DEFAULT_WEIGHTS): number {
  return weigh(candidateFeatures(c, t, ctx), w);
}

const LANDMARK_BEFORE = /\b(?:caf[eé]|hotel|restaurant|bar|pub|club|cinema|theat(?:er|re)|street|avenue|st\.|rue|calle|via)\s+$/i;
const LANDMARK_AFTER = /^\s+(?:street|st\.|road|rd\.|avenue|ave\.|boulevard|blvd\.?|lane|drive|dr\.|way|highway|pike|parkway|court|place|square|hotel|caf[eé]|restaurant|inn|mall|plaza|bridge)\b/i;

/** True when the toponym names a landmark (street, hotel, café) or a quoted name, not a place. */
export function looksLikeLandmark(t: Toponym, text: string): boolean {
  const before = text.slice(Math.max(0, t.start - 20), t.start);
  const after = text.slice(t.end, t.end + 20);
  if (LANDMARK_BEFORE.test(before) || LANDMARK_AFTER.test(after)) return true;
  const b = text[t.start - 1] ?? '';
  const a = text[t.end] ?? '';
  if ((b === '"' || b === '“') && (a === '"' || a === '”')) return true;
  return (b === '‘' || b === "'") && (a === '’' || a === "'") && !/^['’]s\b/.test(text.slice(t.end, t.end + 3));
}

/** Chooses a place for each toponym (null when it has no candidate), one sense per name. */
export function geocode(toponyms: readonly Toponym[], ctx: GeocodeContext, w: GeocodeWeights = DEFAULT_WEIGHTS): Array<Place | null> {
  const keys = toponyms.map((t) => foldName(t.text));
  const skip = toponyms.map((t) => (ctx.text ? looksLikeLandmark(t, ctx.text) : false));
  const evidence = w.documentCountry !== 0 || w.documentAdmin1 !== 0 || w.near !== 0;
  let ev = NO_EVIDENCE;
  let mine: Map<string, DocumentEvidence> | null = null;
  let senses = new Map<string, Place>();
  for (let round = 0; round < ROUNDS + (JOINT.temperature > 0 ? 1 : 0); round++) {
    const best = new Map<string, { place: Place; score: number }>();
    const scored = new Map<string, Array<{ place: Place; score: number }>>();
    toponyms.forEach((t, i) => {
      if (skip[i]) return;
      const key = keys[i]!;
      let list = scored.get(key);
      if (!list) scored.set(key, (list = []));
      for (const c of t.candidates) {
        const s = weigh(candidateFeatures(c, t, ctx, ev, key, mine?.get(key)), w);
        list.push({ place: c, score: s });
        const prev = best.get(key);
        // One sense per document: the strongest reading of a name wins for all its mentions.
        if (!prev || s > prev.score) best.set(key, { place: c, score: s });
      }
    });
    if (round === 0 && JOINT.temperature > 0 && evidence) {
      // Joint reading: every name's plausible readings vote before any choice is made.
      const soft = softEvidence(scored, JOINT.temperature);
      ev = soft.ev;
      mine = soft.own;
      continue;
    }
    mine = null;
    const next = new Map<string, Place>();
    for (const [k, v] of best) next.set(k, v.place);
    const same = next.size === senses.size && [...next].every(([k, p]) => senses.get(k) === p || senses.get(k)?.id === p.id);
    senses = next;
    if (same || !evidence) break;
    ev = evidenceOf(senses);
  }
  return toponyms.map((_, i) => (skip[i] ? null : senses.get(keys[i]!) ?? null));
}

/** Temperature of the joint first round's softmax over a name's readings (0: no joint round). */
export const JOINT = { temperature: 3 };

/** Country codes of a gazetteer used to seed `GeocodeContext.countries`. */
export function countryCounts(places: Iterable<Place | null>): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of places) if (p && p.feature === 'country') m.set(p.country, (m.get(p.country) ?? 0) + 1);
  return m;
}

export type { Gazetteer, Place };
