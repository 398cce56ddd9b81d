/**
 * First entity pass: gazetteers and rules (a trained NER replaces the rules later; keep the
 * `recognize()` boundary). Finds armed groups from the group table, toponyms from the
 * gazetteer (geocoded with `resolve/geocode.ts`), organisations from cue words, media names,
 * persons from capitalised names, titles and "X said", nationalities from demonyms. Within a
 * document a surname alone links to the full name seen earlier, and "by his battlefield name
 * X", "also known as X", "alias X" and "Name (ACRONYM)" put both names on one entity id.
 * Capitalisation is a strong cue in mixed-case text; ALL-CAPS and lower-case text rely on the
 * gazetteers and cue words instead.
 */
import type { EntityMention, PlaceMention, EntityType } from '../model.js';
import type { Resources } from '../resources.js';
import type { ArmedGroup } from './armed-groups.js';
import type { Sentence } from '../nlp/sentences.js';
import { TokenKind, type Tokens, tokenText, textCase } from '../nlp/tokenize.js';
import { foldName, slug } from '../nlp/fold.js';
import { geocode, type Toponym, type Place } from '../resolve/geocode.js';

/** An entity mention with the resolved group or place behind it, for later stages. */
export interface Recognized extends EntityMention {
  /** Token range `[tokenStart, tokenEnd)`. */
  tokenStart: number;
  tokenEnd: number;
  group?: ArmedGroup;
  place?: PlaceMention;
}

export interface Recognition {
  entities: Recognized[];
  places: PlaceMention[];
  /** ISO codes of the countries the document mentions, with counts. */
  countries: Map<string, number>;
}

export interface RecognizeOptions {
  /** Place named by the dateline (helps geocoding: its country is boosted). */
  datelinePlace?: string | null;
}

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Capitalised words that are not names by themselves (sentence openers, headings, titles). */
const COMMON = words(`
a an the this that these those there here it its he she his her they their them we our you your i my me
in on at by for from with without of to into onto over under after before during since until despite between
among amid amidst against about above below across through throughout toward towards near around beyond within
and or but nor yet so if when while where whereas because although though as than then also however moreover
furthermore additionally meanwhile instead nevertheless still thus therefore hence indeed already even only
what which who whom whose why how whether all any both each every few many most much several some such no not
one two three four five six seven eight nine ten first second third last next new old other another same
according considering given following including regarding concerning appointed zoom share source related
big picture lines reading read more see watch listen photo video image file update updated breaking live
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december today yesterday tomorrow tonight
mr mr. mrs mrs. ms ms. dr dr. sir madam president prime minister gen gen. general col col. colonel lt lt. lieutenant
sgt sgt. sergeant capt capt. captain maj maj. major commander chief leader spokesman spokeswoman spokesperson
officials official police army military government state states department ministry minister secretary
candidate phd professor prof prof. analyst expert researcher correspondent reporter editor
asian european african western eastern northern southern central arab islamist islamic jihadist muslim
christian sunni shia shiite jewish catholic north south east west
is are was were be been being has have had do does did will would can could should may might must
`);

const TITLES = words(`mr mr. mrs mrs. ms ms. dr dr. gen gen. general col col. colonel lt lt. lieutenant sgt sgt. sergeant
capt capt. captain maj maj. major president prime minister sen sen. senator rep rep. gov gov. governor judge
commander cmdr cmdr. adm adm. admiral brig brig. brigadier sheikh imam mullah emir prof prof. professor father rev rev.
king queen prince princess ambassador mayor chairman`);

const MEDIA = new Map<string, string>([
  ['reuters', 'Reuters'], ['ap', 'Associated Press'], ['associated press', 'Associated Press'], ['afp', 'Agence France-Presse'],
  ['agence france presse', 'Agence France-Presse'], ['bbc', 'BBC'], ['cnn', 'CNN'], ['al jazeera', 'Al Jazeera'],
  ['times of india', 'Times of India'], ['new york times', 'The New York Times'], ['the new york times', 'The New York Times'],
  ['washington post', 'The Washington Post'], ['the washington post', 'The Washington Post'], ['the guardian', 'The Guardian'],
  ['tass', 'TASS'], ['ria novosti', 'RIA Novosti'], ['interfax', 'Interfax'], ['xinhua', 'Xinhua'], ['dpa', 'dpa'],
  ['efe', 'EFE'], ['amaq', 'Amaq'], ['bloomberg', 'Bloomberg'], ['news18', 'News18'], ['dawn', 'Dawn'],
]);

/** Organisation cue words and the kind they imply. */
const ORG_CUES = new Map<string, string>([
  ...['ministry', 'department', 'police', 'army', 'council', 'parliament', 'court', 'government', 'forces', 'navy',
    'command', 'battalion', 'agency', 'commission', 'office', 'senate', 'congress', 'guard', 'garrison', 'brigade', 'corps',
    'embassy', 'consulate', 'cabinet', 'directorate', 'regiment', 'division', 'squadron'].map((w): [string, string] => [w, 'government_body']),
  ...['front', 'brigades', 'liberation', 'mujahideen', 'militia', 'jihad'].map((w): [string, string] => [w, 'armed_group']),
  ...['university', 'party', 'institute', 'organization', 'organisation', 'association', 'foundation', 'committee',
    'union', 'federation', 'movement', 'center', 'centre', 'society', 'church', 'school', 'college', 'academy', 'network',
    'group', 'council'].map((w): [string, string] => [w, 'organisation']),
  ...['bank', 'company', 'corporation', 'corp', 'corp.', 'inc', 'inc.', 'ltd', 'airlines', 'airways'].map((w): [string, string] => [w, 'company']),
  ...['times', 'post', 'news', 'press', 'television', 'radio', 'tv', 'herald', 'tribune', 'gazette', 'journal'].map((w): [string, string] => [w, 'media']),
]);

const LANDMARK_CUES = words('hall airport mosque church cathedral temple synagogue square street road avenue bridge hotel stadium market mall hospital station palace theatre theater arena base camp');
const CONNECTORS = words('of for de del da do du la le y');
const NAME_PREFIX = /^(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|abu|abd|bint|ul)-/i;
const PLACE_SUFFIX = words('province department region state governorate district county prefecture oblast');
const NORP = words('asian european african western arab islamist jihadist muslim christian sunni shia shiite jewish catholic hindu sikh buddhist kurdish');

const GOV_PHRASE = /^(?:state department|department of state|foreign ministry|foreign office|interior ministry|defen[cs]e ministry|defen[cs]e department|justice department|treasury department|military|army|armed forces|police|government|security forces|intelligence agency|intelligence services?|navy|air force|embassy)\b/i;

function isWord(t: Tokens, i: number): boolean {
  return t.kind[i] === TokenKind.Word;
}

function capitalized(s: string): boolean {
  const c = s[0] ?? '';
  return c !== c.toLowerCase();
}

interface Draft {
  tokenStart: number;
  tokenEnd: number;
  type: EntityType;
  kind: string;
  canonical: string;
  id: string;
  group?: ArmedGroup;
  toponym?: Toponym;
  aliases: Set<string>;
  parent?: string | null;
}

/** Recognises the entities and places of one document. */
export function recognize(text: string, t: Tokens, sentences: readonly Sentence[], res: Resources, opts: RecognizeOptions = {}): Recognition {
  const mode = textCase(text);
  const caseless = mode !== 'mixed';
  const gaz = res.gazetteer;
  const used = new Uint8Array(t.length);
  const drafts: Draft[] = [];
  const sentenceStart = new Uint8Array(t.length);
  for (const s of sentences) {
    let i = s.tokenStart;
    while (i < s.tokenEnd && (t.kind[i] === TokenKind.Quote || t.kind[i] === TokenKind.Bracket)) i++;
    if (i < t.length) sentenceStart[i] = 1;
  }
  const folded: string[] = new Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const w = tokenText(t, i);
    folded[i] = /^[A-Za-z0-9]+$/.test(w) ? w.toLowerCase() : foldName(w);
  }
  const keyOf = (a: number, b: number): string => folded.slice(a, b).join(' ');
  const surfaceOf = (a: number, b: number): string => text.slice(t.start[a]!, t.end[b - 1]!);
  const mark = (a: number, b: number): void => { for (let k = a; k < b; k++) used[k] = 1; };
  const free = (a: number, b: number): boolean => { for (let k = a; k < b; k++) if (used[k]) return false; return true; };
  const add = (d: Omit<Draft, 'aliases'> & { aliases?: Set<string> }): Draft => {
    const full: Draft = { aliases: new Set(), ...d };
    drafts.push(full);
    mark(d.tokenStart, d.tokenEnd);
    return full;
  };
  const addPlace = (a: number, b: number, candidates: Place[]): Draft =>
    add({ tokenStart: a, tokenEnd: b, type: 'LOC', kind: 'place', canonical: surfaceOf(a, b), id: '', toponym: { start: t.start[a]!, end: t.end[b - 1]!, text: surfaceOf(a, b), candidates } });

  // 1. Armed groups (longest match first).
  const maxG = res.armedGroups.maxTokens;
  for (let i = 0; i < t.length; i++) {
    if (!isWord(t, i) && t.kind[i] !== TokenKind.Number) continue;
    if (!res.armedGroups.hasFirstWord(folded[i]!.split(' ')[0]!)) continue;
    for (let n = Math.min(maxG, t.length - i); n >= 1; n--) {
      if (t.kind[i + n - 1] !== TokenKind.Word && t.kind[i + n - 1] !== TokenKind.Number) continue;
      const surface = surfaceOf(i, i + n);
      if (/[\n]/.test(surface)) continue;
      const g = res.armedGroups.match(keyOf(i, i + n), surface, mode);
      if (!g) continue;
      let end = i + n;
      if (end < t.length && folded[end] === 'group' && !capitalized(tokenText(t, i)) === false) end++;
      const parent = g.parent ? `armed_group:${slug(g.parent)}` : null;
      add({ tokenStart: i, tokenEnd: end, type: 'ORG', kind: 'armed_group', canonical: g.canonical, id: `armed_group:${slug(g.canonical)}`, group: g, parent, aliases: new Set(g.aliases.filter((a) => a !== g.canonical)) });
      i = end - 1;
      break;
    }
  }

  // 2. "US state department", "Russian foreign ministry": country or demonym + government noun.
  for (let i = 0; i < t.length; i++) {
    if (used[i] || !isWord(t, i)) continue;
    const w = tokenText(t, i);
    if (!caseless && !capitalized(w)) continue;
    const isCountry = gaz.hasKey(folded[i]!) && gaz.lookupKey(folded[i]!).some((p) => p.feature === 'country');
    const dem = gaz.demonym(w);
    if (!isCountry && !dem) continue;
    if (!caseless && !capitalized(w)) continue;
    const rest = text.slice(t.end[i]!, t.end[i]! + 40).replace(/^\s+/, '');
    const m = GOV_PHRASE.exec(rest);
    if (!m || t.end[i]! === t.start[i + 1]) continue;
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

  // 3. Candidate name runs.
  const runs: Array<[number, number]> = [];
  if (!caseless) {
    const nameLike = (i: number): boolean => {
      if (!isWord(t, i) || used[i]) return false;
      const s = tokenText(t, i);
      return capitalized(s) || NAME_PREFIX.test(s);
    };
    for (let i = 0; i < t.length; i++) {
      if (!nameLike(i) || NAME_PREFIX.test(tokenText(t, i)) && !capitalized(tokenText(t, i))) continue;
      let j = i + 1;
      for (;;) {
        if (j < t.length && nameLike(j) && !/\n/.test(text.slice(t.end[j - 1]!, t.start[j]!))) { j++; continue; }
        if (j + 1 < t.length && CONNECTORS.has(tokenText(t, j)) && nameLike(j + 1) && capitalized(tokenText(t, j + 1))) { j += 2; continue; }
        break;
      }
      // Trim capitalised common words at the start ("According", "The", "However").
      let a = i;
      while (a < j && COMMON.has(folded[a]!) && !TITLES.has(folded[a]!)) a++;
      if (a < j) runs.push([a, j]);
      i = j - 1;
    }
  }

  const titleBefore = (a: number): boolean => {
    for (let k = a - 1; k >= Math.max(0, a - 3); k--) {
      if (TITLES.has(folded[k]!) || TITLES.has(tokenText(t, k).toLowerCase())) return true;
      if (!capitalized(tokenText(t, k))) return false;
    }
    return false;
  };
  const saidNear = (a: number, b: number): boolean => {
    const after = text.slice(t.end[b - 1]!, t.end[b - 1]! + 12);
    const before = text.slice(Math.max(0, t.start[a]! - 8), t.start[a]!);
    return /^\s*(?:,\s*)?(?:said|says|told|added|stated)\b/i.test(after) || /\b(?:said|says|told)\s+$/i.test(before);
  };
  const placeSuffixKey = (a: number, b: number): Place[] | null => {
    if (b < t.length && PLACE_SUFFIX.has(folded[b]!)) {
      const c = gaz.lookupKey(`${keyOf(a, b)} ${folded[b]}`);
      if (c.length) return c;
    }
    return null;
  };

  for (const [a0, b0] of runs) {
    let a = a0;
    let b = b0;
    // Titles are not part of a person's name.
    let titled = false;
    while (a < b && TITLES.has(folded[a]!)) { a++; titled = true; }
    if (a >= b || !free(a, b)) continue;
    const key = keyOf(a, b);
    const surface = surfaceOf(a, b);
    const n = b - a;
    const media = MEDIA.get(key) ?? MEDIA.get(key.replace(/^the /, ''));
    if (media) { add({ tokenStart: a, tokenEnd: b, type: 'ORG', kind: 'media', canonical: media, id: `media:${slug(media)}` }); continue; }
    // Place + suffix ("Kandahar province", "Khorasan region").
    const suffixed = placeSuffixKey(a, b);
    if (suffixed) { addPlace(a, b + 1, suffixed); continue; }
    // Organisation cue words.
    let cueKind: string | null = null;
    for (let k = b - 1; k >= a; k--) { const ck = ORG_CUES.get(folded[k]!); if (ck) { cueKind = ck; break; } }
    if (cueKind && n >= 2) {
      add({ tokenStart: a, tokenEnd: b, type: 'ORG', kind: cueKind, canonical: surface, id: `${cueKind}:${slug(surface)}` });
      continue;
    }
    if (LANDMARK_CUES.has(folded[b - 1]!) && n >= 2) {
      add({ tokenStart: a, tokenEnd: b, type: 'LOC', kind: 'landmark', canonical: surface, id: `landmark:${slug(surface)}` });
      continue;
    }
    const cands = gaz.lookupKey(key);
    if (cands.length && !(n === 1 && COMMON.has(key))) {
      if (!(titled || saidNear(a, b)) || cands.some((c) => c.feature !== 'city')) { addPlace(a, b, cands); continue; }
    }
    const dem = n === 1 ? gaz.demonym(surface) : null;
    if (dem || (n === 1 && NORP.has(key))) {
      add({ tokenStart: a, tokenEnd: b, type: 'MISC', kind: 'nationality', canonical: surface, id: `nationality:${slug(surface)}` });
      continue;
    }
    const allCommon = folded.slice(a, b).every((f) => COMMON.has(f!));
    if (allCommon) continue;
    if (n >= 2 && n <= 4) {
      add({ tokenStart: a, tokenEnd: b, type: 'PER', kind: 'person', canonical: surface, id: `person:${slug(surface)}` });
      continue;
    }
    if (n === 1 && (titled || saidNear(a, b))) {
      add({ tokenStart: a, tokenEnd: b, type: 'PER', kind: 'person', canonical: surface, id: `person:${slug(surface)}` });
      continue;
    }
    if (n > 4) {
      // Long runs: keep the places inside ("Afghanistan Pakistan Iran ...").
      for (let k = a; k < b; k++) {
        const c = gaz.lookupKey(folded[k]!);
        if (c.some((p) => p.feature !== 'city')) addPlace(k, k + 1, c);
      }
      continue;
    }
    // n === 1, unknown: a surname seen earlier is linked below; otherwise left alone.
    if (!sentenceStart[a]) drafts.push({ tokenStart: a, tokenEnd: b, type: 'MISC', kind: 'unknown', canonical: surface, id: '', aliases: new Set() });
  }

  // 4. Caseless text: gazetteer n-grams, titles and cue words over all free tokens.
  if (caseless) {
    const maxN = gaz.maxNameTokens;
    for (let i = 0; i < t.length; i++) {
      if (used[i] || !isWord(t, i) || COMMON.has(folded[i]!)) continue;
      let done = false;
      for (let n = Math.min(maxN, t.length - i); n >= 1 && !done; n--) {
        if (!free(i, i + n)) continue;
        let ok = true;
        for (let k = i; k < i + n; k++) if (!isWord(t, k) && !(k > i && k < i + n - 1 && CONNECTORS.has(folded[k]!))) ok = false;
        if (!ok) continue;
        const suffixed = placeSuffixKey(i, i + n);
        if (suffixed) { addPlace(i, i + n + 1, suffixed); i += n; done = true; break; }
        const cands = gaz.lookupKey(keyOf(i, i + n)).filter((p) => p.feature !== 'city' || p.population >= (n === 1 ? 100000 : 5000));
        if (cands.length && !(n === 1 && COMMON.has(folded[i]!))) { addPlace(i, i + n, cands); i += n - 1; done = true; }
        else if (n === 1 && gaz.demonym(folded[i]!)) { add({ tokenStart: i, tokenEnd: i + 1, type: 'MISC', kind: 'nationality', canonical: tokenText(t, i), id: `nationality:${folded[i]}` }); done = true; }
      }
    }
    // Titles + name: "GEN. JUAN RAFAEL BUSTILLO", "colonel ochoa".
    for (let i = 0; i < t.length; i++) {
      if (!TITLES.has(folded[i]!)) continue;
      let j = i + 1;
      while (j < t.length && j < i + 5 && isWord(t, j) && !used[j] && !COMMON.has(folded[j]!) && !ORG_CUES.has(folded[j]!)) j++;
      if (j > i + 1) {
        const surface = surfaceOf(i + 1, j);
        add({ tokenStart: i + 1, tokenEnd: j, type: 'PER', kind: 'person', canonical: surface, id: `person:${slug(surface)}` });
        i = j - 1;
      }
    }
    // Cue words: "THE ATLACATL BATTALION", "the national police".
    for (let i = 0; i < t.length; i++) {
      const ck = ORG_CUES.get(folded[i]!);
      if (!ck || used[i] || ck === 'media') continue;
      let a = i;
      while (a - 1 >= 0 && i - a < 3 && isWord(t, a - 1) && !used[a - 1] && !COMMON.has(folded[a - 1]!)) a--;
      let b = i + 1;
      while (b < t.length && ORG_CUES.has(folded[b]!) && !used[b]) b++;
      if (a === i && b === i + 1) continue;
      const surface = surfaceOf(a, b);
      add({ tokenStart: a, tokenEnd: b, type: 'ORG', kind: ck, canonical: surface, id: `${ck}:${slug(surface)}` });
      i = b - 1;
    }
  }

  // 5. Aliases: "by his battlefield name X", "also known as X", "alias X", "Name (ACRONYM)".
  drafts.sort((x, y) => x.tokenStart - y.tokenStart);
  const aliasCue = /(?:\b(?:by|under)\s+(?:his|her|their|its)\s+(?:\w+\s+){0,2}name|\balso\s+known\s+as|\bknown\s+as|\balias|\ba\.?k\.?a\.?|\bnom\s+de\s+guerre|\bkunya)\s*,?\s*$/i;
  for (const d of drafts) {
    if (d.type !== 'PER' && !(d.type === 'MISC' && d.kind === 'unknown')) continue;
    const before = text.slice(Math.max(0, t.start[d.tokenStart]! - 40), t.start[d.tokenStart]!);
    if (!aliasCue.test(before)) continue;
    const sent = sentences.find((s) => s.tokenStart <= d.tokenStart && d.tokenStart < s.tokenEnd);
    const target = [...drafts].reverse().find((o) => o !== d && o.tokenEnd <= d.tokenStart && (!sent || o.tokenStart >= sent.tokenStart) && (o.type === 'PER' || o.type === 'ORG' || o.kind === 'unknown'));
    if (!target) continue;
    d.type = target.type === 'MISC' ? 'PER' : target.type;
    d.kind = target.kind === 'unknown' ? 'person' : target.kind;
    target.aliases.add(surfaceOf(d.tokenStart, d.tokenEnd));
    (d as Draft & { aliasOf?: Draft }).aliasOf = target;
  }
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k]!;
    const e = d.tokenEnd;
    if (e + 2 < t.length && (tokenText(t, e) === '(' || tokenText(t, e) === '[') && (tokenText(t, e + 2) === ')' || tokenText(t, e + 2) === ']')) {
      const acr = tokenText(t, e + 1);
      if (/^[A-Z][A-Za-z-]{1,7}$/.test(acr) && (d.type === 'ORG' || d.type === 'MISC')) {
        d.aliases.add(acr);
        const inner = drafts.find((o) => o.tokenStart === e + 1);
        if (inner && inner.id === d.id) continue;
        if (inner) { (inner as Draft & { aliasOf?: Draft }).aliasOf = d; inner.type = d.type; inner.kind = d.kind; }
        else add({ tokenStart: e + 1, tokenEnd: e + 2, type: d.type, kind: d.kind, canonical: d.canonical, id: d.id, group: d.group });
      }
    }
  }

  // 6. Surnames and learned aliases link to earlier persons and organisations.
  drafts.sort((x, y) => x.tokenStart - y.tokenStart);
  const learned = new Map<string, Draft>();
  for (const d of drafts) {
    const alias = (d as Draft & { aliasOf?: Draft }).aliasOf;
    let root = alias;
    while (root && (root as Draft & { aliasOf?: Draft }).aliasOf) root = (root as Draft & { aliasOf?: Draft }).aliasOf;
    if (root) { learned.set(foldName(d.canonical), root); continue; }
    const f = foldName(surfaceOf(d.tokenStart, d.tokenEnd));
    const known = learned.get(f);
    if (known && known !== d && (d.type === 'PER' || d.kind === 'unknown' || d.type === known.type)) { (d as Draft & { aliasOf?: Draft }).aliasOf = known; continue; }
    if (d.type === 'PER') {
      learned.set(f, d);
      const parts = f.split(' ');
      const last = parts[parts.length - 1];
      if (parts.length >= 2 && last && !learned.has(last)) learned.set(last, d);
    } else if (d.type === 'ORG' && d.kind !== 'armed_group') {
      learned.set(f, d);
    }
  }

  // 7. Geocode the toponyms with document context.
  const countries = new Map<string, number>();
  const bump = (cc: string): void => { countries.set(cc, (countries.get(cc) ?? 0) + 1); };
  for (const d of drafts) {
    if (d.kind === 'nationality') { const cc = gaz.demonym(d.canonical); if (cc) bump(cc); }
    if (d.toponym && d.toponym.candidates.some((c) => c.feature === 'country')) bump(d.toponym.candidates.find((c) => c.feature === 'country')!.country);
    if (d.group?.country) bump(d.group.country);
  }
  const topoDrafts = drafts.filter((d) => d.toponym);
  for (let k = 0; k < topoDrafts.length; k++) {
    const d = topoDrafts[k]!;
    const nx = topoDrafts[k + 1];
    if (nx && nx.tokenStart === d.tokenEnd + 1 && tokenText(t, d.tokenEnd) === ',') d.toponym!.container = nx.toponym!.candidates;
  }
  let datelineCountry: string | null = null;
  if (opts.datelinePlace) {
    const c = gaz.lookup(opts.datelinePlace).sort((x, y) => y.population - x.population)[0];
    if (c) datelineCountry = c.country;
  }
  const chosen = geocode(topoDrafts.map((d) => d.toponym!), { countries, datelineCountry });
  const places: PlaceMention[] = [];
  const out: Recognized[] = [];
  const placeOf = new Map<Draft, PlaceMention>();
  topoDrafts.forEach((d, k) => {
    const p = chosen[k];
    if (!p) return;
    const admin1 = p.feature === 'city' && p.admin1 ? gaz.admin1(p.country, p.admin1)?.name ?? null : p.feature === 'admin1' ? p.name : null;
    const pm: PlaceMention = {
      start: t.start[d.tokenStart]!, end: t.end[d.tokenEnd - 1]!, text: surfaceOf(d.tokenStart, d.tokenEnd),
      name: p.name, lat: p.lat, lon: p.lon, country_code: p.country, admin1, feature: p.feature, geonameid: p.geonameid,
    };
    places.push(pm);
    placeOf.set(d, pm);
    d.kind = p.feature === 'country' ? 'country' : p.feature;
    d.canonical = p.name;
    d.id = `${d.kind}:${slug(p.name)}${p.feature === 'city' || p.feature === 'admin1' ? `-${p.country.toLowerCase()}` : ''}`;
  });

  // 8. Final mentions: every mention of an entity shares its id, canonical name and aliases.
  const rootOf = (d: Draft): Draft => {
    let r = d;
    while ((r as Draft & { aliasOf?: Draft }).aliasOf) r = (r as Draft & { aliasOf?: Draft }).aliasOf!;
    return r;
  };
  const aliasesById = new Map<string, Set<string>>();
  for (const d of drafts) {
    const r = rootOf(d);
    if (!r.id) continue;
    const set = aliasesById.get(r.id) ?? new Set<string>();
    for (const a of d.aliases) set.add(a);
    for (const a of r.aliases) set.add(a);
    if (d !== r) set.add(d.canonical);
    aliasesById.set(r.id, set);
  }
  for (const d of drafts) {
    const r = rootOf(d);
    if (!r.id || (r.type === 'MISC' && r.kind === 'unknown')) continue;
    if (d.toponym && !placeOf.has(d)) continue;
    const set = aliasesById.get(r.id) ?? new Set<string>();
    set.delete(r.canonical);
    const m: Recognized = {
      start: t.start[d.tokenStart]!, end: t.end[d.tokenEnd - 1]!, text: surfaceOf(d.tokenStart, d.tokenEnd),
      type: r.type, kind: r.kind, entity: r.id, canonical: r.canonical, aliases: [...set],
      tokenStart: d.tokenStart, tokenEnd: d.tokenEnd,
    };
    if (r.parent) m.parent = r.parent;
    if (r.group) m.group = r.group;
    const pm = placeOf.get(d);
    if (pm) m.place = pm;
    out.push(m);
  }
  out.sort((x, y) => x.start - y.start);
  return { entities: out, places, countries };
}

/** Public view of a recognised mention (drops the internal fields). */
export function toEntityMention(r: Recognized): EntityMention {
  const m: EntityMention = { start: r.start, end: r.end, text: r.text, type: r.type, kind: r.kind, entity: r.entity, canonical: r.canonical, aliases: r.aliases };
  if (r.parent) m.parent = r.parent;
  return m;
}
