/**
 * Toponyms inside other names: "Mansfield Police Department", "Bank of Canada", "Sudan
 * Liberation Army", "Egyptian-US talks". The entity keeps its type (ORG, MISC...), but the place
 * name in it is still a mention of the place (LGL and GeoVirus count it), so it goes to the
 * document's `places` — not to the incident extractor, which reads places from the entities.
 * Also the places the tagger calls PER or MISC ("Darfur", "D.C."), under stricter population
 * thresholds. Pure: tokens, a span and the gazetteer in, toponyms out.
 */
import type { EntityType } from '../model.js';
import type { Gazetteer, Place } from '../resolve/gazetteer.js';
import type { Toponym } from '../resolve/geocode.js';
import { TokenKind, type Tokens, tokenText } from '../nlp/tokenize.js';
import { COMMON, ORG_CUES, PLACE_SUFFIX, TITLES, US_POSTAL, US_STATE_ABBR } from './entity-lexicon.js';
import { foldName } from '../nlp/fold.js';

/**
 * What the rest of the document says about names, for the places the tagger calls PER, ORG or
 * MISC: `placeKeys` are the folded names the document already uses as places (tagged LOC with
 * candidates), `personKeys` the names it uses for people (after a title, or the surname of a
 * longer person's name). One sense per document: "Greer" is a place in a text that says
 * "in Greer", a person in one that says "Mr. Greer".
 */
export interface NameEvidence {
  placeKeys: ReadonlySet<string>;
  personKeys: ReadonlySet<string>;
}

/** Words before a name that make it a place ("in Greer", "near Lanexa"). */
const LOCATIVE = new Set(['in', 'near', 'at', 'from', 'into', 'outside', 'around', 'across', 'throughout', 'toward', 'towards', 'through', 'between', 'downtown', 'rural', 'suburban']);
/** Words after a name that make it a place ("Grovetown police", "a Chiefland man", "Clarke and Oconee counties"). */
const PLACE_NEXT = new Set(['county', 'counties', 'parish', 'parishes', 'township', 'borough', 'area', 'areas', 'resident', 'residents', 'man', 'woman', 'men', 'women',
  'boy', 'girl', 'teen', 'teens', 'teenager', 'native', 'natives', 'police', 'firefighters', 'city', 'town', 'village', 'community', 'communities',
  'neighborhood', 'neighborhoods', 'suburb', 'suburbs', 'homeowners', 'voters', 'schools', 'mayor']);
/** Suffixes of second-level and local administrative names ("Laurel County", "Jerome Township"). */
const ADMIN_SUFFIX = /^(?:county|parish|borough|township|twp\.?)$/i;
/** Party and home town after a legislator's name: "Rep. Joseph F. Wagner, D-Chicopee". */
const PARTY = /^[DRI][-‐‑]/;

/** Words after which a place name may start inside a longer name ("Bank of Canada", "North Texas"). */
const AFTER_WORDS = new Set(['of', 'in', 'for', 'at', 'from', 'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'central', 'northeast', 'northwest', 'southeast', 'southwest', 'upper', 'lower', 'greater', 'downtown', 'metro', 'the']);

const PARTICLE = /^(?:al|el|ad|as|an|ar|at|az|ash|bin|ibn|abu|abd|bint|ul)$/i;

function capitalized(s: string): boolean {
  const c = s[0] ?? '';
  return c !== c.toLowerCase();
}

/** Candidates worth a place for a name of `n` words inside a span of type `type`; `cued` when the context says place. */
function plausible(cands: readonly Place[], n: number, type: EntityType, whole: boolean, demonym: boolean, cued = false): boolean {
  if (!cands.length) return false;
  if (demonym) return type !== 'PER';
  if (cued) return true;
  const minCity = type === 'PER' ? (n === 1 ? 100000 : 5000) : whole ? 1000 : n === 1 ? 2000 : 1000;
  // A region named like a person ("Lara", "Cesar", "Miranda") needs the context to say place.
  return cands.some((c) => c.feature === 'country' || (c.feature === 'admin1' && type !== 'PER') || c.feature === 'region' || (c.feature === 'admin2' && n > 1) || (c.feature === 'city' && c.population >= minCity));
}

/** Endings of demonyms and what the place name ends with instead ("Iowans" -> "Iowa", "Ontarians" -> "Ontario"). */
const DEMONYM_ENDINGS: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/ians?$/, ['ia', 'io', 'y', 'a', '']],
  [/ans?$/, ['a', 'e', 'o', '']],
  [/is$/, ['']],
  [/i$/, ['']],
  [/ers?$/, ['']],
];

/** The first-level regions, countries and large regions a demonym names (empty when none). */
function demonymStem(surface: string, gaz: Gazetteer): Place[] {
  if (!/^\p{Lu}[\p{L} ]+$/u.test(surface)) return [];
  for (const [re, ends] of DEMONYM_ENDINGS) {
    if (!re.test(surface)) continue;
    const base = surface.replace(re, '');
    if (base.length < 3) continue;
    for (const e of ends) {
      const cands = gaz.lookup(base + e).filter((p) => p.feature === 'admin1' || p.feature === 'country' || p.feature === 'region' || (p.feature === 'city' && p.population >= 100000));
      if (cands.length) return cands;
    }
  }
  return [];
}

/** True when the words around tokens `[a, b)` say they name a place. */
export function placeContext(t: Tokens, a: number, b: number, gaz: Gazetteer): boolean {
  const low = (i: number): string => (i >= 0 && i < t.length ? tokenText(t, i).toLowerCase() : '');
  const prev = low(a - 1);
  if (prev && TITLES.has(prev)) return false;
  if (LOCATIVE.has(prev)) return true;
  // ", of Gaston," / "19, of Martinez": a home town.
  if (prev === 'of' && (low(a - 2) === ',' || low(b) === ',')) return true;
  if (PLACE_NEXT.has(low(b))) return true;
  // "Greer, S.C.", "Lanexa, Virginia".
  if (low(b) === ',' && b + 1 < t.length) {
    const w = tokenText(t, b + 1);
    if (US_STATE_ABBR.has(foldName(w)) || US_POSTAL.has(w)) return true;
    if (gaz.lookup(w).some((p) => p.feature === 'admin1' || p.feature === 'country')) return true;
  }
  return false;
}

/**
 * Toponyms named inside the tokens `[a, b)` of a `type` span. ORG and unresolved LOC spans are
 * searched at their start and after "of"/"in"; PER and MISC spans only as a whole (and MISC
 * hyphen compounds by part).
 */
export function embeddedToponyms(text: string, t: Tokens, a: number, b: number, type: EntityType, gaz: Gazetteer, caseless: boolean, ev?: NameEvidence): Toponym[] {
  const out: Toponym[] = [];
  const lower = (i: number): string => tokenText(t, i).toLowerCase();
  const tryName = (s: number, e: number, n: number, whole: boolean, cued = false, adminNext = false): boolean => {
    const surface = text.slice(s, e);
    let cands = gaz.candidates(surface);
    // "BENI DEPARTMENT", "Helmand Province": before such a word the name is a region's.
    if (adminNext) {
      const admin = cands.filter((c) => c.feature === 'admin1' || c.feature === 'admin2');
      if (admin.length) cands = admin;
    }
    const demonym = gaz.demonym(surface) !== null || (/s$/.test(surface) && gaz.demonym(surface.slice(0, -1)) !== null);
    if (!plausible(cands, n, type, whole, demonym, cued && !demonym)) return false;
    out.push({ start: s, end: e, text: surface, candidates: demonym ? cands.slice(0, 1) : cands });
    return true;
  };
  // "Egyptian-US", "Afghanistan-Pakistan", "DFL-Minneapolis": the parts of a hyphen compound.
  const hyphenParts = (i: number): void => {
    const w = tokenText(t, i);
    let off = t.start[i]!;
    for (const part of w.split('-')) {
      if (part.length > 2 && capitalized(part) && !PARTICLE.test(part)) tryName(off, off + part.length, 1, false);
      off += part.length + 1;
    }
  };
  if (type === 'PER' || type === 'MISC') {
    const key = foldName(text.slice(t.start[a]!, t.end[b - 1]!));
    const person = !!ev?.personKeys.has(key);
    const cued = !caseless && !person && b - a <= 3 && (!!ev?.placeKeys.has(key) || placeContext(t, a, b, gaz));
    if (!person && tryName(t.start[a]!, t.end[b - 1]!, b - a, true, cued)) return out;
    if (type === 'PER') {
      // "R-Elbow Lake": a legislator's home town the tagger glued to the party.
      const w0 = tokenText(t, a);
      if (PARTY.test(w0) && a > 0 && tokenText(t, a - 1) === ',') { tryName(t.start[a]! + 2, t.end[b - 1]!, b - a, true, true); return out; }
      // "Laurel County Clerk Dean Johnson", "Kenton County Police Department": a county inside.
      for (let i = a; i + 1 < b; i++) {
        if (!ADMIN_SUFFIX.test(tokenText(t, i + 1))) continue;
        for (let s0 = Math.max(a, i - 2); s0 <= i; s0++) if (tryName(t.start[s0]!, t.end[i + 1]!, i + 2 - s0, false, true)) break;
      }
      return out;
    }
    // "Iowans", "Ontarians", "Gazans", "Dagestani", "European": the region or country of a demonym.
    if (type === 'MISC' && !caseless) {
      const whole = text.slice(t.start[a]!, t.end[b - 1]!);
      const stem = demonymStem(whole, gaz);
      if (stem.length) { out.push({ start: t.start[a]!, end: t.end[b - 1]!, text: whole, candidates: stem }); return out; }
    }
    if (b - a === 1) {
      if (tokenText(t, a).includes('-')) hyphenParts(a);
      return out;
    }
  }
  let i = a;
  while (i < b) {
    const atStart = i === a || (i > a && AFTER_WORDS.has(lower(i - 1)));
    if (!atStart || t.kind[i] !== TokenKind.Word) { i++; continue; }
    const w = tokenText(t, i);
    const lw = lower(i);
    if ((!caseless && !capitalized(w)) || COMMON.has(lw) || TITLES.has(lw) || ORG_CUES.has(lw)) { i++; continue; }
    let found = 0;
    for (let n = Math.min(4, b - i); n >= 1 && !found; n--) {
      let ok = true;
      for (let k = i; k < i + n; k++) if (t.kind[k] !== TokenKind.Word || (!caseless && !capitalized(tokenText(t, k)))) ok = false;
      if (!ok) continue;
      const known = !!ev && !caseless && ev.placeKeys.has(foldName(text.slice(t.start[i]!, t.end[i + n - 1]!)));
      const adminNext = i + n < b && PLACE_SUFFIX.has(lower(i + n));
      if (tryName(t.start[i]!, t.end[i + n - 1]!, n, i === a && n === b - a, known, adminNext)) found = n;
    }
    if (!found && w.includes('-')) hyphenParts(i);
    i += found || 1;
  }
  return out;
}

/**
 * The names a document uses as places and as people, from its entity spans (see `NameEvidence`).
 * `spans` are token ranges with their type; `placed` marks the ones that are toponyms.
 */
export function nameEvidence(text: string, t: Tokens, spans: ReadonlyArray<{ tokenStart: number; tokenEnd: number; type: EntityType; placed: boolean }>): NameEvidence {
  const placeKeys = new Set<string>();
  const personKeys = new Set<string>();
  for (const s of spans) {
    const a = s.tokenStart;
    const b = s.tokenEnd;
    if (s.placed) { placeKeys.add(foldName(text.slice(t.start[a]!, t.end[b - 1]!))); continue; }
    if (s.type !== 'PER') continue;
    const prev = a > 0 ? tokenText(t, a - 1).toLowerCase() : '';
    if (TITLES.has(prev)) personKeys.add(foldName(text.slice(t.start[a]!, t.end[b - 1]!)));
    if (b - a < 2 || b - a > 3) continue;
    let ok = true;
    for (let k = a; k < b; k++) if (t.kind[k] !== TokenKind.Word || !capitalized(tokenText(t, k)) || ADMIN_SUFFIX.test(tokenText(t, k))) ok = false;
    if (ok) personKeys.add(foldName(tokenText(t, b - 1)));
  }
  for (const k of personKeys) placeKeys.delete(k);
  return { placeKeys, personKeys };
}

/**
 * Places the tagger left untagged, in words no entity owns (`owner[i] < 0`): a capitalised name
 * of up to three words with gazetteer candidates, when the context says place ("in Hurricane",
 * "a Chiefland man", "D-Winthrop") or the document uses the name as a place elsewhere.
 */
export function untaggedToponyms(text: string, t: Tokens, owner: Int32Array, gaz: Gazetteer, ev: NameEvidence): Toponym[] {
  const out: Toponym[] = [];
  const free = (i: number): boolean => i < t.length && owner[i]! < 0 && t.kind[i] === TokenKind.Word && capitalized(tokenText(t, i));
  for (let i = 0; i < t.length; i++) {
    if (!free(i)) continue;
    const w = tokenText(t, i);
    const lw = w.toLowerCase();
    if (COMMON.has(lw) || TITLES.has(lw) || ORG_CUES.has(lw)) continue;
    const party = PARTY.test(w) && i > 0 && tokenText(t, i - 1) === ',';
    const s = t.start[i]! + (party ? 2 : 0);
    let n = 1;
    while (n < 3 && free(i + n)) n++;
    for (; n >= 1; n--) {
      const e = t.end[i + n - 1]!;
      const surface = text.slice(s, e);
      const key = foldName(surface);
      if (!key || !gaz.hasKey(key) || ev.personKeys.has(key)) continue;
      if (!party && !ev.placeKeys.has(key) && !placeContext(t, i, i + n, gaz)) continue;
      const cands = gaz.candidates(surface);
      if (!cands.length) continue;
      out.push({ start: s, end: e, text: surface, candidates: cands });
      break;
    }
    i += Math.max(n, 1) - 1;
  }
  return out;
}
