/**
 * The curated actor gazetteer: armed groups and other political-violence actors read from
 * `data/actors/armed-groups.jsonl` (one group per line, sorted by id) plus the list of aliases
 * knowingly shared by several groups (`data/actors/ambiguous-aliases.tsv`). `loadActors()`
 * builds an exact-name index for `lookup()` and a token trie for `findInText()`, a longest-match
 * scanner that respects case: acronyms match only in the case they are written in (so "IS"
 * never matches "is" in mixed-case text), with separate rules for ALL CAPS and lower-case text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldName, slug } from '../nlp/fold.js';

/** One armed group or political-violence actor. */
export interface Actor {
  /** `armed_group:` + slug(canonical). */
  id: string;
  /** Preferred English name. */
  canonical: string;
  /** Other names, acronyms and transliterations (English, Spanish, French, Arabic, ...). */
  aliases: string[];
  /** Id of the group this one is a branch, faction or wing of; null for none. */
  parent: string | null;
  /** ISO 3166-1 alpha-2 codes of the countries it operates (or operated) in. */
  countries: string[];
  /** [first year active, last year active]; null when unknown or (for the end) still active. */
  active: [number | null, number | null];
  /** Lists the group has appeared on at some time (US-FTO, UN, EU, UK); not a current status. */
  designations: string[];
}

/** A group named in running text. */
export interface ActorMention {
  /** UTF-16 offsets into the scanned text; `text` = text.slice(start, end). */
  start: number;
  end: number;
  text: string;
  actor: Actor;
}

export interface ActorGazetteer {
  /** Groups whose canonical name or an alias equals `text` once normalised; ambiguous names give several. */
  lookup(text: string): Actor[];
  get(id: string): Actor | undefined;
  /** The parents of `id`, nearest first (ISKP -> [Islamic State]). */
  parentChain(id: string): Actor[];
  all(): readonly Actor[];
  /** Longest-match scan of `text` for group names, left to right, without overlaps. */
  findInText(text: string): ActorMention[];
}

export const ACTOR_ID_PREFIX = 'armed_group:';

/** The id for a canonical name: `armed_group:` + slug. */
export function actorId(canonical: string): string {
  return ACTOR_ID_PREFIX + slug(canonical);
}

/** Words that acronyms ("IS", "LET", "FACT") must not be taken for in ALL CAPS or lower-case text. */
const COMMON_WORDS: ReadonlySet<string> = new Set(
  ('a i am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we ' +
    'ago all and any are arm art ask bad ban bar bay bed big bit box boy bus but buy can car cut day did die dig dog dry due eat end era ' +
    'eye far fat few fit fly for fun gap get got gun guy had has hat her hid him his hit hot how hum ice ill its jet job joy key kid lab ' +
    'law lay led leg let lie lot low mad man map may men met mix mob mom new nor not now odd off oil old one our out own pan pay per pit ' +
    'pop put ran raw red rid rip row run sad saw say sea see set she sir sit six sky son spy sum sun tax tea ten the tie tip too top toy ' +
    'fact mend biff hasm tip try two use via war was way who why win yes yet you').split(' '),
);

const POSSESSIVE_RE = /['’ʼ]s$/i;
/** Letters and digits: the characters of a token (`[\p{L}\p{N}]`, by code point). */
const ALNUM = /^[\p{L}\p{N}]$/u;

/**
 * The name tokens of a text, in parallel arrays (reused from text to text), with a hash of each
 * folded token: `findInText` skips the tokens that start no name and follows the trie by these
 * hashes (`childAlong`), so that a plain ASCII token's folded string is never built; `keyAt`
 * builds it where it is needed.
 */
class Scan {
  text = '';
  n = 0;
  start: Int32Array = new Int32Array(256);
  end: Int32Array = new Int32Array(256);
  /** Hash of the folded token (`keyHash`). */
  hash: Int32Array = new Int32Array(256);
  /** Folded tokens known so far, by token index: all tokens that are not plain ASCII, and those `keyAt` computed. */
  keys = new Map<number, string>();
  /** The folded token without its possessive 's, for the tokens that have one. */
  bares = new Map<number, string>();

  reset(text: string): void {
    this.text = text;
    this.n = 0;
    // Give back the buffers a very long text grew (they are kept between texts).
    if (this.start.length > 1 << 16) {
      this.start = new Int32Array(256);
      this.end = new Int32Array(256);
      this.hash = new Int32Array(256);
    }
    this.keys.clear();
    this.bares.clear();
  }

  push(start: number, end: number, hash: number): void {
    if (this.n === this.start.length) {
      const grow = (a: Int32Array): Int32Array => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.hash = grow(this.hash);
    }
    this.start[this.n] = start;
    this.end[this.n] = end;
    this.hash[this.n] = hash;
    this.n++;
  }
}

/** The scans `findInText` and `nameKey` reuse (both are synchronous, and neither calls the other). */
const textScan = new Scan();
const nameScan = new Scan();

/** FNV-1a over the UTF-16 code units of a folded key, cut to 30 bits (a small integer for V8, not a boxed number). */
function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/** Length in code units of the letter or digit at text[i] (0 when there is none). */
function alnumAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  if (c !== c) return 0; // past the end
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  return ALNUM.test(ch) ? ch.length : 0;
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x2bc;
}

/**
 * The name tokens of `text` into `out`: runs of letters and digits, joined by inner apostrophes
 * (the Unicode regular expression `[\p{L}\p{N}]+(?:['’ʼ][\p{L}\p{N}]+)*`), scanned by hand so that
 * ASCII text runs no regular expression. Tokens that fold to nothing are left out.
 */
function scan(text: string, out: Scan): Scan {
  out.reset(text);
  const len = text.length;
  let i = 0;
  while (i < len) {
    let w = alnumAt(text, i);
    if (w === 0) {
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      continue;
    }
    const start = i;
    // Plain ASCII letters and digits fold to their lower case: hash that as we go.
    let ascii = true;
    let h = 0x811c9dc5;
    let j = i;
    for (;;) {
      for (;;) {
        const c = text.charCodeAt(j);
        if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) h = Math.imul(h ^ c, 0x01000193);
        else if (c >= 65 && c <= 90) h = Math.imul(h ^ (c + 32), 0x01000193);
        else if (c >= 128 && (w = alnumAt(text, j)) > 0) {
          ascii = false;
          j += w;
          continue;
        } else break;
        j++;
      }
      if (isApostrophe(text.charCodeAt(j)) && alnumAt(text, j + 1) > 0) { ascii = false; j += 1; continue; }
      break;
    }
    i = j;
    if (ascii) {
      out.push(start, j, h & 0x3fffffff);
      continue;
    }
    const raw = text.slice(start, j);
    const key = foldName(raw);
    if (!key) continue;
    const k = out.n;
    out.push(start, j, keyHash(key));
    out.keys.set(k, key);
    // A possessive 's: "Islamic State's".
    const last = raw.charCodeAt(raw.length - 1);
    if (raw.length >= 2 && (last === 115 || last === 83) && isApostrophe(raw.charCodeAt(raw.length - 2))) out.bares.set(k, foldName(raw.slice(0, -2)));
  }
  return out;
}

/** The folded key of token j. */
function keyAt(s: Scan, j: number): string {
  let k = s.keys.get(j);
  if (k === undefined) s.keys.set(j, (k = s.text.slice(s.start[j]!, s.end[j]!).toLowerCase()));
  return k;
}

/** Folded, space-joined tokens of a name: "ISIS-K" -> "isis k", "al-Qa’ida" -> "al qaida". */
function nameKey(name: string): string {
  const s = scan(name, nameScan);
  let key = '';
  for (let j = 0; j < s.n; j++) {
    const k = s.keys.get(j) ?? name.slice(s.start[j]!, s.end[j]!).toLowerCase();
    key = j === 0 ? k : `${key} ${k}`;
  }
  return key;
}

/** Letters and digits only: the form case-sensitive aliases are compared in. */
function alnum(s: string): string {
  return s.normalize('NFD').replace(/[^\p{L}\p{N}]/gu, '').replace(/[\u0300-\u036f]/g, '');
}

/** An acronym-like alias ("ISKP", "LeT", "ISIS-K") is matched in the case it is written in. */
function isAcronym(alias: string): boolean {
  if (/\s/.test(alias.trim())) return false;
  const upper = (alias.match(/\p{Lu}/gu) ?? []).length;
  return upper >= 2 || (upper === 1 && alnum(alias).length === 1);
}

interface Entry {
  actor: Actor;
  /** Written forms (alnum) of acronym aliases; null when some alias with this key matches in any case. */
  exact: Set<string> | null;
}

interface TrieNode {
  /** The token this node's edge reads (folded). */
  key: string;
  next: Map<string, TrieNode>;
  /** The same children by `keyHash` of their token, unless two of them share a hash (`collision`). */
  byHash: Map<number, TrieNode>;
  collision: boolean;
  entries: Entry[] | null;
}

function trieNode(key: string): TrieNode {
  return { key, next: new Map(), byHash: new Map(), collision: false, entries: null };
}

/** True when token j of the scan folds to `key` (compared in place for plain ASCII tokens). */
function tokenIs(s: Scan, j: number, key: string): boolean {
  const known = s.keys.size === 0 ? undefined : s.keys.get(j);
  if (known !== undefined) return known === key;
  const a = s.start[j]!;
  if (s.end[j]! - a !== key.length) return false;
  for (let x = 0; x < key.length; x++) {
    let c = s.text.charCodeAt(a + x);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== key.charCodeAt(x)) return false;
  }
  return true;
}

/** The child of `node` along token j of the scan, found by the token's hash (no string is built). */
function childAlong(node: TrieNode, s: Scan, j: number): TrieNode | undefined {
  if (node.collision) return node.next.get(keyAt(s, j));
  const c = node.byHash.get(s.hash[j]!);
  return c && tokenIs(s, j, c.key) ? c : undefined;
}

type Mode = 'mixed' | 'upper' | 'lower';

function textMode(text: string): Mode {
  let up = 0;
  let low = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 65 && c <= 90) up++;
      else if (c >= 97 && c <= 122) low++;
      continue;
    }
    // Other characters by code point, as `for (const ch of text)` reads them.
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    if (ch.length === 2) i++;
    if (ch !== ch.toLowerCase()) up++;
    else if (ch !== ch.toUpperCase()) low++;
  }
  if (up === 0) return 'lower';
  if (low <= up * 0.03) return 'upper';
  return 'mixed';
}

function entryMatches(e: Entry, surface: string, mode: Mode): boolean {
  if (e.exact === null) {
    // Ordinary names need a capital in mixed-case text ("the Shining Path", not "a shining path").
    return mode !== 'mixed' || /\p{Lu}/u.test(surface);
  }
  const s = alnum(surface);
  for (const form of e.exact) {
    if (mode === 'mixed') {
      if (s === form) return true;
      continue;
    }
    if (COMMON_WORDS.has(form.toLowerCase())) continue;
    if (mode === 'upper' ? s === form.toUpperCase() : s === form.toLowerCase()) return true;
  }
  return false;
}

/** Finds the folder holding `data/actors` by walking up from this module (works from src/ and dist/src/). */
function defaultDataDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'data', 'actors');
    if (fs.existsSync(path.join(candidate, 'armed-groups.jsonl'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('data/actors/armed-groups.jsonl not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** Parses the JSONL file; throws on a malformed line. */
export function readActors(file: string): Actor[] {
  const out: Actor[] = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let o: Partial<Actor>;
    try {
      o = JSON.parse(line) as Partial<Actor>;
    } catch (err) {
      throw new Error(`${file}:${i + 1}: ${(err as Error).message}`);
    }
    if (typeof o.id !== 'string' || typeof o.canonical !== 'string') throw new Error(`${file}:${i + 1}: id and canonical are required`);
    out.push({
      id: o.id,
      canonical: o.canonical,
      aliases: o.aliases ?? [],
      parent: o.parent ?? null,
      countries: o.countries ?? [],
      active: o.active ?? [null, null],
      designations: o.designations ?? [],
    });
  });
  return out;
}

/** Reads `ambiguous-aliases.tsv`: folded alias -> ids in order of preference. */
export function readAmbiguous(file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!fs.existsSync(file)) return out;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [alias, ids] = line.split('\t');
    if (!alias || !ids || alias === 'alias') continue;
    out.set(nameKey(alias), ids.split(',').map((s) => s.trim()).filter(Boolean));
  }
  return out;
}

/** Lookup keys of a query: as written, then without "the", a trailing "group" and a possessive. */
function queryKeys(text: string): string[] {
  const keys = [nameKey(text)];
  const t = text.trim().replace(POSSESSIVE_RE, '').replace(/['’ʼ]$/, '');
  let k = nameKey(t);
  k = k.replace(/^the /, '');
  keys.push(k);
  const noGroup = k.replace(/ groups?$/, '');
  keys.push(noGroup);
  return [...new Set(keys)].filter(Boolean);
}

/**
 * Loads the gazetteer. `file` is the JSONL file or the folder holding it; by default the
 * repository's `data/actors/armed-groups.jsonl`.
 */
export function loadActors(file?: string): ActorGazetteer {
  let jsonl = file ?? path.join(defaultDataDir(), 'armed-groups.jsonl');
  if (fs.existsSync(jsonl) && fs.statSync(jsonl).isDirectory()) jsonl = path.join(jsonl, 'armed-groups.jsonl');
  const actors = readActors(jsonl);
  const ambiguous = readAmbiguous(path.join(path.dirname(jsonl), 'ambiguous-aliases.tsv'));
  return buildActorGazetteer(actors, ambiguous);
}

/** Builds the indexes over a list of actors (exposed for tests and alternative data). */
export function buildActorGazetteer(actors: readonly Actor[], ambiguous: ReadonlyMap<string, string[]> = new Map()): ActorGazetteer {
  const byId = new Map<string, Actor>();
  for (const a of actors) byId.set(a.id, a);

  // key -> entries, one per actor, in preference order.
  const byKey = new Map<string, Entry[]>();
  for (const a of actors) {
    const names = [a.canonical, ...a.aliases];
    for (const name of names) {
      const keys = [nameKey(name)];
      const noThe = keys[0]!.replace(/^the /, '');
      if (noThe !== keys[0]) keys.push(noThe);
      for (const key of keys) {
        if (!key) continue;
        const list = byKey.get(key) ?? [];
        let e = list.find((x) => x.actor === a);
        if (!e) {
          e = { actor: a, exact: new Set() };
          list.push(e);
          byKey.set(key, list);
        }
        if (isAcronym(name)) e.exact?.add(alnum(name));
        else e.exact = null;
      }
    }
  }
  for (const [key, list] of byKey) {
    const pref = ambiguous.get(key);
    if (pref && list.length > 1) {
      const rank = (e: Entry): number => {
        const i = pref.indexOf(e.actor.id);
        return i < 0 ? pref.length : i;
      };
      list.sort((x, y) => rank(x) - rank(y));
    }
  }

  const root = trieNode('');
  for (const [key, list] of byKey) {
    let node = root;
    for (const tok of key.split(' ')) {
      let child = node.next.get(tok);
      if (!child) {
        child = trieNode(tok);
        node.next.set(tok, child);
        const h = keyHash(tok);
        if (node.byHash.has(h)) node.collision = true;
        else node.byHash.set(h, child);
      }
      node = child;
    }
    node.entries = list;
  }

  // A bit per low 16 bits of the hashes of the names' first tokens: the scan skips most tokens
  // with one look at it.
  const firstBits = new Uint32Array(1 << 11);
  for (const tok of root.next.keys()) {
    const h = keyHash(tok);
    firstBits[(h & 0xffff) >>> 5]! |= 1 << (h & 31);
  }
  const mayStartName = (h: number): boolean => (firstBits[(h & 0xffff) >>> 5]! & (1 << (h & 31))) !== 0;

  const all = [...actors];
  return {
    all: () => all,
    get: (id) => byId.get(id),
    lookup(text) {
      for (const key of queryKeys(text)) {
        const list = byKey.get(key);
        if (list) return list.map((e) => e.actor);
      }
      return [];
    },
    parentChain(id) {
      const out: Actor[] = [];
      const seen = new Set<string>([id]);
      let cur = byId.get(id)?.parent ?? null;
      while (cur && !seen.has(cur)) {
        seen.add(cur);
        const p = byId.get(cur);
        if (!p) break;
        out.push(p);
        cur = p.parent;
      }
      return out;
    },
    findInText(text) {
      const mode = textMode(text);
      const toks = scan(text, textScan);
      const n = toks.n;
      const out: ActorMention[] = [];
      let i = 0;
      while (i < n) {
        // No name starts with this token (its folded hash starts none, and it is no possessive).
        if (!mayStartName(toks.hash[i]!) && (toks.bares.size === 0 || !toks.bares.has(i))) {
          i++;
          continue;
        }
        let best: { endTok: number; end: number; actor: Actor } | null = null;
        let node: TrieNode | undefined = root;
        const start = toks.start[i]!;
        for (let j = i; j < n && node; j++) {
          if (j > i && !joinerGap(text, toks.end[j - 1]!, toks.start[j]!)) break;
          const end = toks.end[j]!;
          // A possessive ends a name: "Islamic State's fighters".
          const bare = toks.bares.get(j);
          if (bare !== undefined) {
            const endNode = node.next.get(bare);
            const hit = endNode?.entries && pick(endNode.entries, text.slice(start, end - 2), mode);
            if (hit) best = { endTok: j, end: end - 2, actor: hit };
          }
          node = childAlong(node, toks, j);
          if (node?.entries) {
            const hit = pick(node.entries, text.slice(start, end), mode);
            if (hit) best = { endTok: j, end, actor: hit };
          }
        }
        if (best) {
          out.push({ start, end: best.end, text: text.slice(start, best.end), actor: best.actor });
          i = best.endTok + 1;
        } else i++;
      }
      return out;
    },
  };
}

/** True when text[a, b) holds only whitespace, hyphens, dashes, dots and apostrophes (`/^[\s\-‐‑–—.'’]*$/`). */
function joinerGap(text: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 10 || c === 45 || c === 46 || c === 39 || c === 0x2019 || c === 0x2010 || c === 0x2011 || c === 0x2013 || c === 0x2014) continue;
    if (!/\s/.test(text[k]!)) return false;
  }
  return true;
}

function pick(entries: Entry[], surface: string, mode: Mode): Actor | null {
  for (const e of entries) if (entryMatches(e, surface, mode)) return e.actor;
  return null;
}
