/**
 * The entity pass: Vigil's trained tagger (`src/nlp/ner`) finds PER, ORG, LOC and MISC names;
 * the gazetteers then say what each one is and resolve it:
 *   1. armed groups   the curated actor gazetteer (`resolve/actors.ts`) wins over the tagger:
 *                     `armed_group` with the actor's id, canonical name, aliases and parent;
 *   2. government     "US state department", "Russian foreign ministry" (country + head word);
 *   3. tagger spans   ORG -> media / government_body / organisation / company by outlet names
 *                     and head words; LOC -> gazetteer candidates (geocoded below; a LOC with no
 *                     candidate stays LOC with no place); MISC demonyms -> nationality, and a
 *                     country mention in `places` ("Afghan", "Russian", as LGL counts them);
 *   4. places         "City, St." and "City, Region" containers, then `resolve/geocode.ts` with
 *                     the document's countries, its dateline and its text (landmark rule);
 *   5. coreference    `coref.ts`: learned aliases and name variants share one entity id.
 * Offsets are exact: the tagger sees our tokens (quotes and apostrophes normalised to its
 * CoNLL-2003 conventions), and every span maps back to the token offsets of the text.
 */
import type { EntityMention, PlaceMention, EntityType } from '../model.js';
import type { Resources } from '../resources.js';
import type { Actor, ActorMention } from '../resolve/actors.js';
import type { Sentence } from '../nlp/sentences.js';
import { TokenKind, type Tokens, tokenText, tokenAtOrAfter, textCase } from '../nlp/tokenize.js';
import { tagDocument } from '../nlp/ner/index.js';
import { foldName, slug } from '../nlp/fold.js';
import { geocode, type Toponym, type Place } from '../resolve/geocode.js';
import { type Draft, type LearnedAlias, resolveCoreference, rootOf } from './coref.js';
import { embeddedToponyms, nameEvidence, untaggedToponyms } from './entity-places.js';
import { COMMON, GOV_PHRASE, LANDMARK_CUES, MEDIA, NAME_PARTICLE, ORG_CUES, PLACE_SUFFIX, TITLES, US_POSTAL, US_STATE_ABBR } from './entity-lexicon.js';

/** An entity mention with the resolved group or place behind it, for later stages. */
export interface Recognized extends EntityMention {
  /** Token range `[tokenStart, tokenEnd)`. */
  tokenStart: number;
  tokenEnd: number;
  /** The armed group of the actor gazetteer, for `armed_group` mentions. */
  actor?: Actor;
  place?: PlaceMention;
}

export interface Recognition {
  entities: Recognized[];
  places: PlaceMention[];
  /** ISO codes of the countries the document mentions, with counts. */
  countries: Map<string, number>;
  /** Every token lower-cased (the role model reads the same). */
  lowered: string[];
}

export interface RecognizeOptions {
  /** Place named by the dateline (helps geocoding: its country is boosted). */
  datelinePlace?: string | null;
  /** The actor gazetteer's matches in `text`, when the caller already has them. */
  actorMentions?: readonly ActorMention[];
}

/** The tagger was trained on CoNLL-2003 text: straight quotes and apostrophes, "Al-" capitalised. */
function taggerToken(t: Tokens, i: number): string {
  const w = tokenText(t, i);
  const k = t.kind[i];
  if (k === TokenKind.Quote) return '"';
  if (k === TokenKind.Clitic) return w.replace(/[’‘]/, "'");
  if (k === TokenKind.Word) {
    let s = w;
    if (s.includes('’') || s.includes('‘')) s = s.replace(/[’‘]/g, "'");
    if (NAME_PARTICLE.test(s)) s = s[0]!.toUpperCase() + s.slice(1);
    return s;
  }
  if (k === TokenKind.Punct && (w === '—' || w === '–')) return '-';
  return w;
}

/** `taggerToken(t, i).toLowerCase()`, given the token lower-cased (`lower`): most tokens need no change. */
function taggerTokenLower(t: Tokens, i: number, lower: string): string {
  const k = t.kind[i];
  if (k === TokenKind.Quote || (k === TokenKind.Punct && (lower === '—' || lower === '–')) || lower.includes('’') || lower.includes('‘')) return taggerToken(t, i).toLowerCase();
  return lower;
}

/** Names the tagger rightly calls LOC that are buildings or metonyms, not the gazetteer's towns. */
const NOT_PLACES = new Set(['white house', 'capitol hill', 'pentagon', 'kremlin', 'downing street', 'elysee', 'vatican city hall', 'wall street',
  // words of longer names the tagger may cut out ('Democratic | Republic | of Congo')
  'republic', 'united', 'kingdom', 'federation']);

const GOV_HEADS = new Set(['state', 'department', 'foreign', 'interior', 'defense', 'defence', 'justice', 'treasury', 'military', 'army', 'armed', 'police', 'government', 'security', 'intelligence', 'navy', 'air', 'embassy']);

function capitalized(s: string): boolean {
  const c = s[0] ?? '';
  return c !== c.toLowerCase();
}

/** Month names and their wire abbreviations. */
const MONTH_WORD = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$/;

/** Recognises the entities and places of one document. */
export function recognize(text: string, t: Tokens, sentences: readonly Sentence[], res: Resources, opts: RecognizeOptions = {}): Recognition {
  const mode = textCase(text);
  const caseless = mode !== 'mixed';
  const gaz = res.gazetteer;
  const owner = new Int32Array(t.length).fill(-1);
  const drafts: Draft[] = [];
  const surfaceOf = (a: number, b: number): string => text.slice(t.start[a]!, t.end[b - 1]!);
  // Every token lower-cased once: the government-phrase scan, the caseless tagger input and the
  // cue-word checks all read it.
  const low: string[] = new Array<string>(t.length);
  for (let i = 0; i < t.length; i++) low[i] = tokenText(t, i).toLowerCase();
  const lower = (i: number): string => low[i]!;
  const free = (a: number, b: number): boolean => { for (let k = a; k < b; k++) if (owner[k]! >= 0) return false; return true; };
  const add = (d: Omit<Draft, 'aliases' | 'learned'> & { aliases?: Set<string> }): Draft => {
    const full: Draft = { aliases: new Set(), learned: [], ...d };
    for (let k = d.tokenStart; k < d.tokenEnd; k++) owner[k] = drafts.length;
    drafts.push(full);
    return full;
  };
  const tokenRange = (start: number, end: number): [number, number] | null => {
    const a = tokenAtOrAfter(t, start);
    let b = a;
    while (b < t.length && t.start[b]! < end) b++;
    if (a >= b || t.start[a] !== start || t.end[b - 1] !== end) return null;
    return [a, b];
  };

  // 1. Armed groups from the actor gazetteer (longest match, case rules of its own).
  if (res.actors) {
    for (const m of opts.actorMentions ?? res.actors.findInText(text)) {
      const r = tokenRange(m.start, m.end);
      if (!r || !free(r[0], r[1])) continue;
      let [a, b] = r;
      // "the Islamic State group": the head noun belongs to the name.
      if (b < t.length && lower(b) === 'group' && (caseless || capitalized(tokenText(t, a)))) b++;
      const g = m.actor;
      add({ tokenStart: a, tokenEnd: b, type: 'ORG', kind: 'armed_group', canonical: g.canonical, id: g.id, actor: g, parent: g.parent, aliases: new Set(g.aliases) });
    }
  }

  // 2. "US state department", "Russian foreign ministry": country or demonym + government noun.
  for (let i = 0; i + 1 < t.length; i++) {
    if (t.kind[i] !== TokenKind.Word || !GOV_HEADS.has(low[i + 1]!) || owner[i]! >= 0) continue;
    const w = tokenText(t, i);
    if (!caseless && !capitalized(w)) continue;
    const isCountry = gaz.lookup(w).some((p) => p.feature === 'country');
    if (!isCountry && !gaz.demonym(w)) continue;
    const rest = text.slice(t.end[i]!, t.end[i]! + 40).replace(/^\s+/, '');
    const m = GOV_PHRASE.exec(rest);
    if (!m) continue;
    const endOffset = text.indexOf(m[0], t.end[i]!) + m[0].length;
    let j = i + 1;
    while (j < t.length && t.end[j]! <= endOffset) j++;
    if (!free(i, j)) continue;
    const kind = /embassy/i.test(m[0]) ? 'landmark' : 'government_body';
    const surface = surfaceOf(i, j);
    const canonical = surface.split(/\s+/).map((x, k) => (k === 0 ? x : x[0]!.toUpperCase() + x.slice(1))).join(' ');
    add({ tokenStart: i, tokenEnd: j, type: kind === 'landmark' ? 'LOC' : 'ORG', kind, canonical, id: `${kind}:${slug(canonical)}` });
    i = j - 1;
  }

  // 3. The tagger's spans.
  const nationalities: Array<{ draft: Draft; country: Place }> = [];
  if (res.ner) {
    const sents = sentences.map((s) => {
      const out: string[] = new Array(s.tokenEnd - s.tokenStart);
      for (let i = s.tokenStart; i < s.tokenEnd; i++) out[i - s.tokenStart] = caseless ? taggerTokenLower(t, i, low[i]!) : taggerToken(t, i);
      return out;
    });
    // ALL-CAPS and lower-case text go to the tagger's caseless tables, already lower-cased.
    const spans = tagDocument(res.ner, sents, { secondPass: res.nerSecondPass ?? false, caseMode: caseless ? 'caseless' : 'cased' });
    for (let k = 0; k < spans.length; k++) {
      const sp = spans[k]!;
      const s = sentences[sp.sentence]!;
      let a = s.tokenStart + sp.start;
      let b = s.tokenStart + sp.end;
      // "Foreign Ministry of Pakistan", "University of California": one organisation.
      const nx = spans[k + 1];
      if (sp.type === 'ORG' && nx && nx.sentence === sp.sentence && nx.start === sp.end + 1 && (nx.type === 'LOC' || nx.type === 'ORG') &&
        lower(b) === 'of' && ORG_CUES.has(lower(b - 1))) {
        b = s.tokenStart + nx.end;
        k++;
      }
      // Capitalised openers and headings the tagger takes for names ("Additionally", "Zoom in"),
      // and dates of ALL-CAPS datelines ("9 JUN 89").
      if (b - a === 1 && COMMON.has(lower(a))) continue;
      if (onlyDateWords(a, b)) continue;
      if (sp.type === 'PER') {
        while (a < b - 1 && TITLES.has(lower(a))) a++;
        // "Shahab al-Muhajir", "Osama bin Laden": particles the tagger may leave out.
        while (b < s.tokenEnd && t.kind[b] === TokenKind.Word && NAME_PARTICLE.test(tokenText(t, b))) b++;
      }
      if (!free(a, b)) continue;
      classify(acronymOfOrg(a, b) ? 'ORG' : sp.type, a, b, s.tokenEnd);
    }
  }

  /** True when tokens `[a, b)` are month names and numbers only, with one month ("JUN 89", "SEPT 1988"). */
  function onlyDateWords(a: number, b: number): boolean {
    let months = 0;
    for (let k = a; k < b; k++) {
      if (MONTH_WORD.test(lower(k))) months++;
      else if (t.kind[k] !== TokenKind.Number) return false;
    }
    return months === 1;
  }

  /**
   * "Nationalist Republican Alliance (ARENA)": one bracketed word right after an organisation's
   * name, or after a word that ends one ("ALLIANCE", "FRONT"), abbreviates it.
   */
  function acronymOfOrg(a: number, b: number): boolean {
    if (b - a !== 1 || a < 2 || b >= t.length || t.kind[a] !== TokenKind.Word || tokenText(t, a - 1) !== '(' || tokenText(t, b) !== ')') return false;
    const before = owner[a - 2]!;
    return (before >= 0 && drafts[before]!.type === 'ORG') || ORG_CUES.has(lower(a - 2));
  }

  /** Adds tokens `[a, b)` as a place name with its gazetteer candidates (geocoded below). */
  function addToponym(a: number, b: number, candidates: Place[]): void {
    const surface = surfaceOf(a, b);
    add({ tokenStart: a, tokenEnd: b, type: 'LOC', kind: 'place', canonical: surface, id: '', toponym: { start: t.start[a]!, end: t.end[b - 1]!, text: surface, candidates } });
  }

  /** Adds the span `[a, b)` the tagger typed `type`, inside a sentence ending at token `sentenceEnd`. */
  function classify(type: EntityType, a: number, b: number, sentenceEnd: number): void {
    const surface = surfaceOf(a, b);
    const key = foldName(surface);
    if (type === 'PER' && b - a === 1 && gaz.demonym(surface)) type = 'MISC'; // "Somali officials"
    if (type === 'PER') {
      add({ tokenStart: a, tokenEnd: b, type, kind: 'person', canonical: surface, id: `person:${slug(surface)}` });
      return;
    }
    if (type === 'ORG') {
      const media = MEDIA.get(key) ?? MEDIA.get(key.replace(/^the /, ''));
      if (media) { add({ tokenStart: a, tokenEnd: b, type, kind: 'media', canonical: media, id: `media:${slug(media)}` }); return; }
      const actor = res.actors?.lookup(surface)[0];
      if (actor) { add({ tokenStart: a, tokenEnd: b, type, kind: 'armed_group', canonical: actor.canonical, id: actor.id, actor, parent: actor.parent, aliases: new Set(actor.aliases) }); return; }
      let kind = 'organisation';
      for (let k = b - 1; k >= a; k--) { const ck = ORG_CUES.get(lower(k)); if (ck) { kind = ck; break; } }
      add({ tokenStart: a, tokenEnd: b, type, kind, canonical: surface, id: `${kind}:${slug(surface)}` });
      return;
    }
    if (type === 'LOC') {
      // "Kandahar province", "SAN MIGUEL DEPARTMENT": the suffix belongs to the toponym when the gazetteer knows it so.
      if (b < t.length && PLACE_SUFFIX.has(lower(b)) && owner[b]! < 0) {
        let withSuffix = gaz.candidates(surfaceOf(a, b + 1));
        // Else the bare name's regions ("SANTANDER DEPARTMENT" is Colombia's, not the Spanish city).
        if (!withSuffix.length) withSuffix = gaz.candidates(surface).filter((c) => c.feature === 'admin1' || c.feature === 'admin2');
        if (withSuffix.length) {
          addToponym(a, b + 1, withSuffix);
          return;
        }
      }
      // "SAN PEDRO" + "SULA", "SANTA" + "ELENA": the tagger stopped short of a longer name the gazetteer knows.
      for (let n = 2; n >= 1; n--) {
        const e = b + n;
        if (e > sentenceEnd) continue;
        let ok = true;
        for (let k = b; k < e; k++) if (t.kind[k] !== TokenKind.Word || owner[k]! >= 0 || COMMON.has(lower(k)) || (!caseless && !capitalized(tokenText(t, k)))) ok = false;
        if (!ok) continue;
        const longer = gaz.candidates(surfaceOf(a, e));
        if (longer.length) {
          addToponym(a, e, longer);
          return;
        }
      }
      let candidates = NOT_PLACES.has(key) ? [] : gaz.candidates(surface);
      if (!candidates.length && b - a >= 2 && PLACE_SUFFIX.has(lower(b - 1))) candidates = gaz.candidates(surfaceOf(a, b - 1));
      if (!candidates.length) {
        const abbr = US_STATE_ABBR.get(key) ?? (US_POSTAL.has(surface) ? surface : undefined);
        const st = abbr && a >= 2 && tokenText(t, a - 1) === ',' ? gaz.admin1('US', abbr) : null;
        if (st) candidates = [st];
      }
      if (candidates.length) {
        addToponym(a, b, candidates);
        return;
      }
      const kind = LANDMARK_CUES.has(lower(b - 1)) ? 'landmark' : 'location';
      add({ tokenStart: a, tokenEnd: b, type, kind, canonical: surface, id: `${kind}:${slug(surface)}` });
      return;
    }
    // MISC: nationalities ("Afghan", "Russians") name their country.
    const cc = gaz.demonym(surface) ?? (key.endsWith('s') ? gaz.demonym(key.slice(0, -1)) : null);
    const country = cc ? gaz.country(cc) : null;
    if (country) {
      const d = add({ tokenStart: a, tokenEnd: b, type, kind: 'nationality', canonical: surface, id: `nationality:${slug(surface)}` });
      nationalities.push({ draft: d, country });
      return;
    }
    add({ tokenStart: a, tokenEnd: b, type, kind: 'misc', canonical: surface, id: `misc:${slug(surface)}` });
  }

  // One sense per document: a place the tagger cut out of a person's name is the person ("AT
  // RODRIGUEZ PORTH'S RESIDENCE" beside "MINISTER ANTONIO RODRIGUEZ PORTH"): the place and the
  // name words after it are a person's full name elsewhere in the text, or the place is the
  // surname of a person named there and the name goes on.
  const personNames = new Set<string>();
  const surnames = new Set<string>();
  for (const d of drafts) {
    if (d.type !== 'PER') continue;
    if (d.tokenEnd - d.tokenStart >= 2) personNames.add(foldName(surfaceOf(d.tokenStart, d.tokenEnd)));
    surnames.add(foldName(tokenText(t, d.tokenEnd - 1)));
  }
  const nameGoesOn = (k: number): boolean => k < t.length && owner[k]! < 0 && t.kind[k] === TokenKind.Word && !COMMON.has(lower(k)) &&
    !PLACE_SUFFIX.has(lower(k)) && (caseless || capitalized(tokenText(t, k)));
  for (const d of drafts) {
    if (!d.toponym || !surnames.size) continue;
    let e = d.tokenEnd;
    if (nameGoesOn(e) && nameGoesOn(e + 1) && personNames.has(foldName(surfaceOf(d.tokenStart, e + 2)))) e += 2;
    else if (nameGoesOn(e) && (personNames.has(foldName(surfaceOf(d.tokenStart, e + 1))) || (d.tokenEnd - d.tokenStart === 1 && surnames.has(foldName(surfaceOf(d.tokenStart, e)))))) e += 1;
    else continue;
    const surface = surfaceOf(d.tokenStart, e);
    for (let k = d.tokenEnd; k < e; k++) owner[k] = owner[d.tokenStart]!;
    Object.assign(d, { tokenEnd: e, type: 'PER', kind: 'person', canonical: surface, id: `person:${slug(surface)}`, toponym: undefined });
  }

  // 4. "City, St." (US state abbreviations the tagger leaves untagged) and containers.
  drafts.sort((x, y) => x.tokenStart - y.tokenStart);
  for (const d of [...drafts]) {
    if (!d.toponym) continue;
    const c = d.tokenEnd;
    if (c + 1 >= t.length || tokenText(t, c) !== ',' || owner[c + 1]! >= 0) continue;
    const w = tokenText(t, c + 1);
    const code = US_STATE_ABBR.get(foldName(w)) ?? (!caseless && US_POSTAL.has(w) ? w : undefined);
    const dotted = w.endsWith('.') || (c + 2 < t.length && tokenText(t, c + 2) === '.' && t.start[c + 2] === t.end[c + 1]);
    if (!code || (!dotted && !US_POSTAL.has(w) && !caseless)) continue;
    if (!d.toponym.candidates.some((p) => p.country === 'US')) continue;
    const st = gaz.admin1('US', code);
    if (!st) continue;
    add({ tokenStart: c + 1, tokenEnd: c + 2, type: 'LOC', kind: 'place', canonical: w, id: '', toponym: { start: t.start[c + 1]!, end: t.end[c + 1]!, text: w, candidates: [st] } });
  }
  drafts.sort((x, y) => x.tokenStart - y.tokenStart);
  const topoDrafts = drafts.filter((d) => d.toponym);
  for (let k = 0; k + 1 < topoDrafts.length; k++) {
    const d = topoDrafts[k]!;
    const nx = topoDrafts[k + 1]!;
    if (nx.tokenStart === d.tokenEnd + 1 && tokenText(t, d.tokenEnd) === ',') d.toponym!.container = nx.toponym!.candidates;
  }

  // 5. Geocode the toponyms with the document's countries, dateline and text.
  const countries = new Map<string, number>();
  const bump = (cc: string): void => { countries.set(cc, (countries.get(cc) ?? 0) + 1); };
  for (const n of nationalities) bump(n.country.country);
  for (const d of topoDrafts) { const c = d.toponym!.candidates.find((p) => p.feature === 'country'); if (c) bump(c.country); }
  for (const d of drafts) { const cc = d.actor?.countries[0]; if (cc) bump(cc); }
  let datelineCountry: string | null = null;
  if (opts.datelinePlace) {
    const c = gaz.lookup(opts.datelinePlace).sort((x, y) => y.population - x.population)[0];
    if (c) datelineCountry = c.country;
  }
  // Toponyms inside other names ("Mansfield Police Department"): places, not entities.
  const embedded: Toponym[] = [];
  const names = nameEvidence(text, t, drafts.map((d) => ({ tokenStart: d.tokenStart, tokenEnd: d.tokenEnd, type: d.type, placed: !!d.toponym })));
  for (const d of drafts) {
    if (d.toponym || d.kind === 'nationality' || d.kind === 'media' || NOT_PLACES.has(foldName(d.canonical))) continue;
    embedded.push(...embeddedToponyms(text, t, d.tokenStart, d.tokenEnd, d.type, gaz, caseless, names));
  }
  if (!caseless) embedded.push(...untaggedToponyms(text, t, owner, gaz, names));
  const all = [...topoDrafts.map((d) => d.toponym!), ...embedded];
  const chosen = geocode(all, { countries, datelineCountry, text });
  const places: PlaceMention[] = [];
  const placeOf = new Map<Draft, PlaceMention>();
  const toMention = (d: Draft, p: Place): PlaceMention => {
    const admin1 = p.feature === 'city' && p.admin1 ? gaz.admin1(p.country, p.admin1)?.name ?? null : p.feature === 'admin1' ? p.name : null;
    return {
      start: t.start[d.tokenStart]!, end: t.end[d.tokenEnd - 1]!, text: surfaceOf(d.tokenStart, d.tokenEnd),
      name: p.name, lat: p.lat, lon: p.lon, country_code: p.country, admin1, feature: p.feature, geonameid: p.geonameid,
    };
  };
  topoDrafts.forEach((d, k) => {
    const p = chosen[k];
    if (!p) {
      // A landmark's name ("Kabul Street", a quoted hotel name) or no candidate: LOC, no place.
      d.kind = 'location';
      d.id = `location:${slug(d.canonical)}`;
      return;
    }
    const pm = toMention(d, p);
    places.push(pm);
    placeOf.set(d, pm);
    d.kind = p.feature === 'country' ? 'country' : p.feature;
    d.canonical = p.name;
    d.id = `${d.kind}:${slug(p.name)}${p.feature === 'city' || p.feature === 'admin1' ? `-${p.country.toLowerCase()}` : ''}`;
  });
  // In ALL CAPS or lower case, any word of a name may be tried as a toponym ("[SORIA]", "ROSALES
  // HOSPITAL", "DEPARTMENT OF STATE"): there a place found inside another name needs the document's
  // support (a country it names, the country of a place it names or of its dateline) unless it is
  // a country, a large region or a city of a million or more ("DUARTE" the president is no Dominican
  // province).
  const supported = new Set(countries.keys());
  if (datelineCountry) supported.add(datelineCountry);
  for (let k = 0; k < topoDrafts.length; k++) { const p = chosen[k]; if (p) supported.add(p.country); }
  const bigEnough = (p: Place): boolean => p.feature === 'country' || p.feature === 'region' || (p.feature === 'city' && p.population >= 1_000_000);
  embedded.forEach((e, k) => {
    const p = chosen[topoDrafts.length + k];
    if (!p) return;
    if (caseless && !supported.has(p.country) && !bigEnough(p)) return;
    places.push({ start: e.start, end: e.end, text: e.text, name: p.name, lat: p.lat, lon: p.lon, country_code: p.country,
      admin1: p.feature === 'city' && p.admin1 ? gaz.admin1(p.country, p.admin1)?.name ?? null : p.feature === 'admin1' ? p.name : null,
      feature: p.feature, geonameid: p.geonameid });
  });
  // Demonyms are country mentions (not incident places: "Afghan" says whose, not where).
  for (const n of nationalities) places.push(toMention(n.draft, n.country));
  places.sort((x, y) => x.start - y.start);

  // 6. Coreference: learned aliases and name variants share their root's id.
  resolveCoreference(text, t, sentences, drafts, caseless);
  for (const d of drafts) if (!d.id) d.id = `${d.kind}:${slug(d.canonical)}`;

  // 7. Final mentions: every mention of an entity shares its id, canonical name and aliases.
  const aliasesOf = new Map<Draft, Set<string>>();
  const learnedOf = new Map<Draft, LearnedAlias[]>();
  for (const d of drafts) {
    const r = rootOf(d);
    let set = aliasesOf.get(r);
    if (!set) aliasesOf.set(r, (set = new Set(r.aliases)));
    for (const l of r.learned) set.add(l.alias);
    // Names as written, on one line ("ROBERTO\nD'AUBUISSON" broken by the wire copy is one name).
    if (d !== r) set.add(surfaceOf(d.tokenStart, d.tokenEnd).replace(/\s+/g, ' '));
    if (r.learned.length) learnedOf.set(r, r.learned);
  }
  const out: Recognized[] = [];
  for (const d of drafts) {
    const r = rootOf(d);
    const set = aliasesOf.get(r)!;
    const canonical = r.canonical.replace(/\s+/g, ' ');
    set.delete(canonical);
    const m: Recognized = {
      start: t.start[d.tokenStart]!, end: t.end[d.tokenEnd - 1]!, text: surfaceOf(d.tokenStart, d.tokenEnd),
      type: r.type, kind: r.kind, entity: r.id, canonical, aliases: [...set],
      tokenStart: d.tokenStart, tokenEnd: d.tokenEnd,
    };
    if (r.parent) m.parent = r.parent;
    if (r.actor) m.actor = r.actor;
    const learned = learnedOf.get(r);
    if (learned) m.learned_aliases = learned;
    const pm = placeOf.get(d);
    if (pm) m.place = pm;
    out.push(m);
  }
  out.sort((x, y) => x.start - y.start);
  return { entities: out, places, countries, lowered: low };
}

/** Public view of a recognised mention (drops the internal fields). */
export function toEntityMention(r: Recognized): EntityMention {
  const m: EntityMention = { start: r.start, end: r.end, text: r.text, type: r.type, kind: r.kind, entity: r.entity, canonical: r.canonical, aliases: r.aliases };
  if (r.parent) m.parent = r.parent;
  if (r.learned_aliases) m.learned_aliases = r.learned_aliases;
  return m;
}
