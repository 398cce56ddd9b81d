/**
 * Geocoding: chooses one gazetteer place for each toponym of a document. Scored, simple and
 * explicit so the next issue can tune it:
 *   prior      log10(population) — countries and regions carry large priors;
 *   document   + for candidates in countries mentioned elsewhere (toponyms, demonyms, dateline);
 *   containment "San Bernardino, California": the following admin1/country constrains the city;
 *   one sense  every mention of the same name in a document gets the same place.
 */
import type { Gazetteer, Place } from './gazetteer.js';

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
}

export interface GeocodeWeights {
  country: number;
  admin1: number;
  region: number;
  documentCountry: number;
  dateline: number;
  containment: number;
}

export const DEFAULT_WEIGHTS: GeocodeWeights = { country: 3, admin1: 0.5, region: 1, documentCountry: 2, dateline: 2, containment: 10 };

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const dLat = (b.lat - a.lat) * r;
  const dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** True when `outer` (a country, admin1 or region) plausibly contains `inner`. */
export function contains(outer: Place, inner: Place): boolean {
  if (outer.feature === 'country') return outer.country === inner.country;
  if (outer.country && inner.country && outer.country !== inner.country) return false;
  if (outer.admin1 && inner.admin1) return outer.admin1 === inner.admin1;
  return distanceKm(outer, inner) < 400;
}

/** Score of one candidate in its context. */
export function scoreCandidate(c: Place, t: Toponym, ctx: GeocodeContext, w: GeocodeWeights = DEFAULT_WEIGHTS): number {
  let s = Math.log10(c.population + 10);
  if (c.feature === 'country') s += w.country;
  else if (c.feature === 'admin1') s += w.admin1;
  else if (c.feature === 'region') s += w.region;
  if (c.country && c.feature !== 'country' && (ctx.countries.get(c.country) ?? 0) > 0) s += w.documentCountry;
  if (c.country && ctx.datelineCountry === c.country) s += w.dateline;
  if (t.container?.some((o) => o !== c && contains(o, c))) s += w.containment;
  return s;
}

/** Chooses a place for each toponym (null when it has no candidate), one sense per name. */
export function geocode(toponyms: readonly Toponym[], ctx: GeocodeContext, w: GeocodeWeights = DEFAULT_WEIGHTS): Array<Place | null> {
  const best = new Map<string, { place: Place; score: number }>();
  const chosen: Array<{ place: Place; score: number } | null> = toponyms.map((t) => {
    let top: { place: Place; score: number } | null = null;
    for (const c of t.candidates) {
      const s = scoreCandidate(c, t, ctx, w);
      if (!top || s > top.score) top = { place: c, score: s };
    }
    return top;
  });
  // One sense per document: the strongest reading of a name wins for all its mentions.
  toponyms.forEach((t, i) => {
    const c = chosen[i];
    if (!c) return;
    const key = t.text.toLowerCase();
    const prev = best.get(key);
    if (!prev || c.score > prev.score) best.set(key, c);
  });
  return toponyms.map((t, i) => (chosen[i] ? best.get(t.text.toLowerCase())!.place : null));
}

/** Country codes of a gazetteer used to seed `GeocodeContext.countries`. */
export function countryCounts(places: Iterable<Place | null>): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of places) if (p && p.feature === 'country') m.set(p.country, (m.get(p.country) ?? 0) + 1);
  return m;
}

export type { Gazetteer, Place };
