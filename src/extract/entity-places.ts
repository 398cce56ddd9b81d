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
import { COMMON, ORG_CUES, TITLES } from './entity-lexicon.js';

/** Words after which a place name may start inside a longer name ("Bank of Canada", "North Texas"). */
const AFTER_WORDS = new Set(['of', 'in', 'for', 'at', 'from', 'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'central', 'northeast', 'northwest', 'southeast', 'southwest', 'upper', 'lower', 'greater', 'downtown', 'metro', 'the']);

const PARTICLE = /^(?:al|el|ad|as|an|ar|at|az|ash|bin|ibn|abu|abd|bint|ul)$/i;

function capitalized(s: string): boolean {
  const c = s[0] ?? '';
  return c !== c.toLowerCase();
}

/** Candidates worth a place for a name of `n` words inside a span of type `type`. */
function plausible(cands: readonly Place[], n: number, type: EntityType, whole: boolean, demonym: boolean): boolean {
  if (!cands.length) return false;
  if (demonym) return type !== 'PER';
  const minCity = type === 'PER' ? (n === 1 ? 100000 : 5000) : whole ? 1000 : n === 1 ? 2000 : 1000;
  return cands.some((c) => c.feature === 'country' || c.feature === 'admin1' || c.feature === 'region' || (c.feature === 'city' && c.population >= minCity));
}

/**
 * Toponyms named inside the tokens `[a, b)` of a `type` span. ORG and unresolved LOC spans are
 * searched at their start and after "of"/"in"; PER and MISC spans only as a whole (and MISC
 * hyphen compounds by part).
 */
export function embeddedToponyms(text: string, t: Tokens, a: number, b: number, type: EntityType, gaz: Gazetteer, caseless: boolean): Toponym[] {
  const out: Toponym[] = [];
  const lower = (i: number): string => tokenText(t, i).toLowerCase();
  const tryName = (s: number, e: number, n: number, whole: boolean): boolean => {
    const surface = text.slice(s, e);
    const cands = gaz.candidates(surface);
    const demonym = gaz.demonym(surface) !== null || (/s$/.test(surface) && gaz.demonym(surface.slice(0, -1)) !== null);
    if (!plausible(cands, n, type, whole, demonym)) return false;
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
    if (tryName(t.start[a]!, t.end[b - 1]!, b - a, true)) return out;
    if (type === 'PER') return out;
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
        if (tryName(t.start[i]!, t.end[i + n - 1]!, n, i === a && n === b - a)) found = n;
    }
    if (!found && w.includes('-')) hyphenParts(i);
    i += found || 1;
  }
  return out;
}
