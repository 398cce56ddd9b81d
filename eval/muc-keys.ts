/**
 * MUC-4 dev against the original answer keys (`keys-dev.jsonl`): incident type, date and location
 * of each key template, and whether a document reports any incident at all.
 *
 * Per document, the key's templates (one per incident; "*" marks a document with none) and the
 * predicted news incidents are paired one to one, the pairs agreeing on most fields first; a
 * template left without a prediction counts wrong on every field. Fields:
 * - type: the prediction's first attack type is the GTD counterpart of the key's (BOMBING ->
 *   Bombing/Explosion, KIDNAPPING -> a hostage taking, ARSON -> Facility/Infrastructure Attack,
 *   ATTACK -> Armed Assault, Assassination or Unarmed Assault); ROBBERY and FORCED WORK STOPPAGE
 *   have none and are not scored.
 * - date: the prediction's date (its whole day, month or year) lies inside the key's: a day, a
 *   range "A - B", or "- B" (on or before B, read as the 30 days up to B).
 * - country: the prediction's country is the key's.
 * - place: the prediction's place (its gazetteer name or its words) is one of the key's named
 *   places below the country ("SAN SALVADOR (CITY)"); a key naming only a country needs the
 *   right country.
 */
import { extractArticle } from '../src/extract/extract.js';
import type { ExtractedIncident } from '../src/model.js';
import type { Resources } from '../src/resources.js';
import { foldVariants } from '../src/nlp/fold.js';
import { dataPath, hasData, readJsonl } from './data.js';
import { countryCode } from './incidents.js';

interface KeyTemplate {
  docid: string;
  template: string;
  slots: Record<string, string[]>;
}

const TYPE_MAP: Record<string, readonly string[]> = {
  BOMBING: ['Bombing/Explosion'],
  KIDNAPPING: ['Hostage Taking (Kidnapping)', 'Hostage Taking (Barricade Incident)'],
  ARSON: ['Facility/Infrastructure Attack'],
  ATTACK: ['Armed Assault', 'Assassination', 'Unarmed Assault'],
};

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_MS = 86_400_000;

/** "02 FEB 90" -> epoch day (UTC), or null. */
function keyDay(s: string): number | null {
  const m = /(\d{1,2})\s+([A-Z]{3})\s+(\d{2})/.exec(s);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!);
  if (month < 0) return null;
  return Date.UTC(1900 + Number(m[3]), month, Number(m[1])) / DAY_MS;
}

/** The key's date as inclusive epoch-day intervals (alternatives split on "/"). */
export function keyDateIntervals(value: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const alt of value.replace(/[()]/g, '').split('/')) {
    const parts = alt.split(/\s+-\s*|^\s*-\s*/).map((x) => x.trim());
    const days = parts.map((p) => (p ? keyDay(p) : null));
    if (/^\s*-/.test(alt) && days.length && days[days.length - 1] !== null) {
      const b = days[days.length - 1]!;
      out.push([b - 30, b]);
    } else if (days.filter((d) => d !== null).length === 2) out.push([days.find((d) => d !== null)!, days[days.length - 1]!]);
    else if (days.some((d) => d !== null)) {
      const d = days.find((x) => x !== null)!;
      out.push([d, d]);
    }
  }
  return out;
}

/** A predicted date ("1990-02-02", "1990-02", "1990") as an inclusive epoch-day interval. */
function predictedInterval(date: string): [number, number] | null {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  if (m[3]) { const d = Date.UTC(y, Number(m[2]) - 1, Number(m[3])) / DAY_MS; return [d, d]; }
  if (m[2]) return [Date.UTC(y, Number(m[2]) - 1, 1) / DAY_MS, Date.UTC(y, Number(m[2]), 1) / DAY_MS - 1];
  return [Date.UTC(y, 0, 1) / DAY_MS, Date.UTC(y + 1, 0, 1) / DAY_MS - 1];
}

/** The key's location: its country code and its folded place names below the country. */
export function keyLocation(value: string): { country: string | null; places: Set<string> } {
  const [head, ...rest] = value.split(':').map((x) => x.trim());
  const places = new Set<string>();
  for (const part of rest) {
    for (const alt of part.replace(/\([^)]*\)/g, '').split('/')) {
      const name = alt.trim();
      if (name) for (const v of foldVariants(name)) places.add(v);
    }
  }
  return { country: head ? countryCode(head) : null, places };
}

type Field = 'type' | 'date' | 'country' | 'place';
interface Verdicts { type: boolean | null; date: boolean | null; country: boolean | null; place: boolean | null }

function judge(t: KeyTemplate, inc: ExtractedIncident | null): Verdicts {
  const slot = (k: string): string | null => {
    const v = t.slots[k]?.[0];
    return v && v !== '-' && v !== '*' ? v : null;
  };
  const typeKey = slot('INCIDENT: TYPE');
  const types = typeKey ? typeKey.split('/').flatMap((x) => TYPE_MAP[x.trim()] ?? []) : [];
  const dateKey = slot('INCIDENT: DATE');
  const intervals = dateKey ? keyDateIntervals(dateKey) : [];
  const locKey = slot('INCIDENT: LOCATION');
  const loc = locKey ? keyLocation(locKey) : null;
  const pred = inc?.date ? predictedInterval(inc.date) : null;
  const place = inc?.place ?? null;
  const placeNames = place ? [...foldVariants(place.name), ...foldVariants(place.text)] : [];
  return {
    type: types.length ? !!inc && types.includes(inc.attack_types[0] ?? '') : null,
    date: intervals.length ? !!pred && intervals.some(([a, b]) => pred[0] >= a && pred[1] <= b) : null,
    country: loc?.country ? place?.country_code === loc.country : null,
    place: loc && (loc.places.size || loc.country)
      ? loc.places.size ? placeNames.some((n) => loc.places.has(n)) : place?.country_code === loc.country
      : null,
  };
}

const score = (v: Verdicts): number => Object.values(v).filter((x) => x === true).length;

export interface MucKeyScores {
  templates: number;
  fields: Record<Field, { right: number; total: number }>;
  /** Documents whose key has a template, and of those with at least one predicted news incident; the same for documents without. */
  relevant: { docs: number; flagged: number };
  irrelevant: { docs: number; flagged: number };
}

/** Scores the extraction of each document (`textOf`) against the keys; null without the data. */
export function scoreMucKeys(resources: Resources, textOf: (docid: string) => string | null): MucKeyScores | null {
  if (!hasData('muc4', 'keys-dev.jsonl')) return null;
  const byDoc = new Map<string, KeyTemplate[]>();
  for (const t of readJsonl<KeyTemplate>(dataPath('muc4', 'keys-dev.jsonl'))) {
    const list = byDoc.get(t.docid) ?? [];
    list.push(t);
    byDoc.set(t.docid, list);
  }
  const fields: MucKeyScores['fields'] = { type: { right: 0, total: 0 }, date: { right: 0, total: 0 }, country: { right: 0, total: 0 }, place: { right: 0, total: 0 } };
  const relevant = { docs: 0, flagged: 0 };
  const irrelevant = { docs: 0, flagged: 0 };
  let templates = 0;
  for (const [docid, keys] of byDoc) {
    const text = textOf(docid);
    if (text === null) continue;
    const news = extractArticle({ id: docid, text }, resources).incidents.filter((i) => !i.is_background);
    const real = keys.filter((k) => k.template !== '*');
    const bucket = real.length ? relevant : irrelevant;
    bucket.docs++;
    if (news.length) bucket.flagged++;
    templates += real.length;
    // Pair templates and predictions, the most agreeing pair first.
    const pairs: Array<{ k: number; p: number; s: number }> = [];
    const verdicts = real.map((k) => news.map((p) => judge(k, p)));
    real.forEach((_, k) => news.forEach((_, p) => pairs.push({ k, p, s: score(verdicts[k]![p]!) })));
    pairs.sort((x, y) => y.s - x.s || x.p - y.p || x.k - y.k);
    const usedK = new Set<number>();
    const usedP = new Set<number>();
    const final: Verdicts[] = real.map((k) => judge(k, null));
    for (const { k, p } of pairs) {
      if (usedK.has(k) || usedP.has(p)) continue;
      usedK.add(k);
      usedP.add(p);
      final[k] = verdicts[k]![p]!;
    }
    for (const v of final) {
      for (const f of Object.keys(fields) as Field[]) {
        if (v[f] === null) continue;
        fields[f].total++;
        if (v[f]) fields[f].right++;
      }
    }
  }
  return { templates, fields, relevant, irrelevant };
}
