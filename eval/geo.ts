/**
 * Geoparsing on LGL and GeoVirus (`../shared/data/geo`): the places `extractArticle` finds are
 * matched to gold toponyms by overlapping spans; we report toponym recall and precision, Acc@161
 * (share within 161 km) on the toponyms found, end-to-end Acc@161 (a gold toponym not found
 * counts as wrong), and mean and median error in km.
 */
import { extractArticle } from '../src/extract/extract.js';
import type { Resources } from '../src/resources.js';
import { dataPath, hasData, readJsonl } from './data.js';

interface GeoDoc {
  id: string;
  title?: string;
  date?: string;
  text: string;
  toponyms: Array<{ start: number; end: number; text: string; lat: number; lon: number }>;
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

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function evalGeo(resources: Resources, name: 'lgl' | 'geovirus'): GeoEval | null {
  if (!hasData('geo', `${name}.jsonl`)) return null;
  const docs = readJsonl<GeoDoc>(dataPath('geo', `${name}.jsonl`));
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
    dataset: name === 'lgl' ? 'LGL' : 'GeoVirus',
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
