/**
 * MUC-4 role fillers (perpetrator individuals and groups, victims, physical targets, weapons)
 * found by a trained classifier over candidate noun phrases. A candidate is a token span of one
 * sentence ending in a head word seen in training; its features are its words, its head, the
 * words around it, the nearest attack/kill cue and how often its string and head filled each
 * role in training (jackknifed while training). A multi-class averaged perceptron (labels:
 * none + the five roles) scores each candidate; overlapping winners are resolved greedily by
 * margin. The weights come from `scripts/train-incidents.ts` (`models/incidents/`); features
 * and lexicon strings are stored as 32-bit hashes. Case-insensitive: every feature is lower-cased,
 * so mixed, ALL CAPS and lower-case text score alike.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { TokenKind, type Tokens } from '../nlp/tokenize.js';
import type { Sentence } from '../nlp/sentences.js';

export const ROLE_LABELS = ['O', 'PerpInd', 'PerpOrg', 'Target', 'Victim', 'Weapon'] as const;
export type RoleLabel = (typeof ROLE_LABELS)[number];
export const NROLES = ROLE_LABELS.length;

/** FNV-1a 32-bit hash of a string. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** GRIT's normalisation of a filler: lower case, no punctuation, no articles. */
export function normalizeRole(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== 'a' && w !== 'an' && w !== 'the')
    .join(' ');
}

/** Role counts of a string or head in training: docs where it filled each role, docs where it occurred. */
export interface LexEntry {
  gold: number[];
  occ: number;
}

export interface RoleModel {
  /** Hashes of head words (last words of training fillers). */
  heads: Set<number>;
  /** Lexicon of full strings and of heads (keys `s:` / `h:` + text, hashed). */
  lex: Map<number, LexEntry>;
  /** Feature hash -> weights per label. */
  weights: Map<number, Float32Array>;
  /** Margin over "none" a role needs, per label. */
  thresholds: number[];
  /** Document relevance (does it report an incident?): word-hash weights, bias, threshold. */
  doc: { weights: Map<number, number>; threshold: number };
}

/** Feature hashes of a document for the relevance classifier: its distinct lower-cased words and cue count. */
export function docFeatures(t: Tokens, low: readonly string[]): number[] {
  const seen = new Set<string>(['bias']);
  let cues = 0;
  for (let i = 0; i < t.length; i++) {
    if (t.kind[i] !== TokenKind.Word) continue;
    const w = low[i]!;
    if (w.length < 3) continue;
    seen.add(w);
    if (CUE.test(w)) cues++;
  }
  seen.add(`#cues=${bin(cues, [1, 2, 3, 5, 8, 13])}`);
  return [...seen].map(hash32);
}

/** Relevance score of a document (above `model.doc.threshold`: it reports an incident). */
export function docScore(model: RoleModel, feats: readonly number[]): number {
  let s = 0;
  for (const h of feats) s += model.doc.weights.get(h) ?? 0;
  return s;
}

export const MAX_SPAN = 8;
const STOP_FIRST = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'in', 'on', 'at', 'by', 'to', 'for', 'with', 'from', 'that', 'which', 'who', 'was', 'were', 'is', 'are', 'has', 'have', 'had', 'been', 'be', 'as', 'into', 'said', 'his', 'her', 'their', 'its', 'this', 'these', 'those', 'it', 'they', 'he', 'she', 'we', 'but', 'also', 'after', 'during', 'when', 'where', 'while', 'not', 'than', 'other', 'others']);
const INSIDE_OK = new Set(['of', 'and', 'de', 'del', 'la', 'el', 'los', 'las', 'the', 'for', 'y']);

/** Attack and harm cues whose nearest occurrence is a feature of every candidate. */
export const CUE = /^(?:attack\w*|bomb\w*|blast\w*|explo\w+|dynamit\w*|kill\w*|murder\w*|assassinat\w*|kidnap\w*|abduct\w*|shot|shoot\w*|machinegun\w*|burn\w*|massacre\w*|ambush\w*|hijack\w*|wound\w*|injur\w*|destroy\w*|damag\w*|fired|raid\w*|dead|death|died|set|hurled|placed|planted|detonat\w*|threw|claimed|responsib\w*|perpetrat\w*|carried|committed|victims?|sabotage\w*|seiz\w*|hostages?|torture\w*)$/;

/** Lower-cased words of a token range (cached per document by the caller). */
export function lowerTokens(t: Tokens): string[] {
  const out = new Array<string>(t.length);
  for (let i = 0; i < t.length; i++) out[i] = t.text.slice(t.start[i]!, t.end[i]!).toLowerCase();
  return out;
}

export interface Candidate {
  /** Token range `[from, to)`. */
  from: number;
  to: number;
  sentence: number;
  norm: string;
  feats: number[];
}

function isWordish(t: Tokens, i: number): boolean {
  const k = t.kind[i];
  return k === TokenKind.Word || k === TokenKind.Number;
}

const bin = (x: number, cuts: readonly number[]): number => {
  let k = 0;
  while (k < cuts.length && x >= cuts[k]!) k++;
  return k;
};
const RATIO_CUTS = [0.02, 0.1, 0.25, 0.5, 0.75];
const COUNT_CUTS = [1, 2, 4, 8, 16];

/** Adds the lexicon features of one entry (string or head) to `f`. */
function lexFeats(f: string[], tag: string, e: LexEntry | undefined): void {
  if (!e) {
    f.push(`${tag}:none`);
    return;
  }
  let any = false;
  for (let r = 1; r < NROLES; r++) {
    const g = e.gold[r] ?? 0;
    if (g <= 0) continue;
    any = true;
    const ratio = g / (e.occ + 1);
    f.push(`${tag}:${r}:r${bin(ratio, RATIO_CUTS)}`, `${tag}:${r}:c${bin(g, COUNT_CUTS)}`);
  }
  if (!any) f.push(`${tag}:zero:o${bin(e.occ, COUNT_CUTS)}`);
}

/**
 * Candidate spans of a document with their feature hashes. `lexOf` returns the lexicon entry
 * of a key (training passes a jackknifed view); `sentences` limits spans to one sentence.
 */
export function candidates(
  t: Tokens,
  low: readonly string[],
  sentences: readonly Sentence[],
  heads: Set<number>,
  lexOf: (key: string) => LexEntry | undefined,
  withFeatures = true,
): Candidate[] {
  const out: Candidate[] = [];
  // Document features (a folded-in relevance signal): the cue words of the document and of its lead.
  const docFeats: number[] = [];
  if (withFeatures) {
    const seen = new Set<string>();
    let n = 0;
    sentences.forEach((s, si) => {
      for (let i = s.tokenStart; i < s.tokenEnd; i++) {
        if (!CUE.test(low[i]!)) continue;
        n++;
        const k = low[i]!.slice(0, 6);
        seen.add(`dc=${k}`);
        if (si === 0) seen.add(`fc=${k}`);
      }
    });
    seen.add(`dcn=${bin(n, [1, 2, 4, 8, 16])}`);
    for (const k of seen) docFeats.push(hash32(k));
  }
  sentences.forEach((s, si) => {
    // Cue positions of the sentence.
    const cues: number[] = [];
    for (let i = s.tokenStart; i < s.tokenEnd; i++) if (CUE.test(low[i]!)) cues.push(i);
    for (let h = s.tokenStart; h < s.tokenEnd; h++) {
      if (!isWordish(t, h)) continue;
      const hw = low[h]!;
      if (!heads.has(hash32(hw))) continue;
      // Left extensions: [from, h + 1).
      for (let from = h; from >= s.tokenStart && h - from < MAX_SPAN; from--) {
        const w = low[from]!;
        if (from < h) {
          if (!isWordish(t, from) && t.kind[from] !== TokenKind.Quote && !(t.kind[from] === TokenKind.Punct && (w === '-' || w === "'"))) break;
          if (t.kind[from] === TokenKind.Word && /^(?:said|says|was|were|is|are|has|have|had|by|in|on|at|to|with|from|that|which|who|when|after|during|against|while)$/.test(w)) break;
        }
        if (!isWordish(t, from)) continue;
        if (STOP_FIRST.has(w) || (from < h && INSIDE_OK.has(w))) continue;
        const norm = normalizeRole(t.text.slice(t.start[from]!, t.end[h]!));
        if (!norm) continue;
        const c: Candidate = { from, to: h + 1, sentence: si, norm, feats: [] };
        if (withFeatures) c.feats = featureHashes(t, low, s, si, from, h, norm, cues, lexOf).concat(docFeats);
        out.push(c);
      }
    }
  });
  return out;
}

function featureHashes(
  t: Tokens, low: readonly string[], s: Sentence, si: number, from: number, h: number, norm: string,
  cues: readonly number[], lexOf: (key: string) => LexEntry | undefined,
): number[] {
  const f: string[] = ['bias'];
  const hw = low[h]!;
  const fw = low[from]!;
  const n = h - from + 1;
  f.push(`h=${hw}`, `s=${norm}`, `f=${fw}`, `len=${Math.min(n, 5)}`, `fh=${fw}|${hw}`);
  if (hw.length > 3) f.push(`suf=${hw.slice(-3)}`);
  if (/\d/.test(norm)) f.push('digit');
  if (n > 1) f.push(`h2=${low[h - 1]}|${hw}`);
  const word = (i: number): string => (i >= s.tokenStart && i < s.tokenEnd ? low[i]! : i < s.tokenStart ? '<s>' : '</s>');
  const p1 = word(from - 1);
  const p2 = word(from - 2);
  const n1 = word(h + 1);
  const n2 = word(h + 2);
  f.push(`p1=${p1}`, `p2=${p2}|${p1}`, `n1=${n1}`, `n2=${n1}|${n2}`, `p1h=${p1}|${hw}`, `hn1=${hw}|${n1}`);
  for (let i = Math.max(s.tokenStart, from - 5); i < from - 2; i++) f.push(`L=${low[i]}`);
  for (let i = h + 3; i < Math.min(s.tokenEnd, h + 6); i++) f.push(`R=${low[i]}`);
  // Nearest cue on each side.
  let lc = -1;
  let rc = -1;
  for (const c of cues) {
    if (c < from) lc = c;
    else if (c > h && rc < 0) rc = c;
  }
  if (lc >= 0) f.push(`lc=${low[lc]!.slice(0, 6)}`, `lcd=${bin(from - lc, [2, 4, 8, 16])}`, `lch=${low[lc]!.slice(0, 6)}|${hw}`);
  if (rc >= 0) f.push(`rc=${low[rc]!.slice(0, 6)}`, `rcd=${bin(rc - h, [2, 4, 8, 16])}`, `rch=${low[rc]!.slice(0, 6)}|${hw}`);
  if (lc < 0 && rc < 0) f.push('nocue');
  f.push(`sent=${Math.min(si, 6)}`);
  // Shape of the original text (uninformative on lower-cased text, by design).
  const first = t.text[t.start[from]!]!;
  if (first !== first.toLowerCase()) f.push(t.text.slice(t.start[from]!, t.end[h]!).toUpperCase() === t.text.slice(t.start[from]!, t.end[h]!) ? 'shape=caps' : 'shape=cap');
  lexFeats(f, 'ls', lexOf(`s:${norm}`));
  lexFeats(f, 'lh', lexOf(`h:${hw}`));
  return f.map(hash32);
}

/** Scores of one candidate per label. */
export function scoreCandidate(model: RoleModel, feats: readonly number[], out: Float64Array): void {
  out.fill(0);
  for (const h of feats) {
    const w = model.weights.get(h);
    if (!w) continue;
    for (let r = 0; r < NROLES; r++) out[r]! += w[r]!;
  }
}

export interface RoleFind {
  role: Exclude<RoleLabel, 'O'>;
  start: number;
  end: number;
  text: string;
  norm: string;
  sentence: number;
  margin: number;
}

/** Finds the role fillers of a document: winning candidates, overlaps resolved by margin. */
export function findRoleFillers(t: Tokens, sentences: readonly Sentence[], model: RoleModel, low: readonly string[] = lowerTokens(t)): RoleFind[] {
  if (model.doc.threshold > -Infinity && docScore(model, docFeatures(t, low)) < model.doc.threshold) return [];
  const { cands, scores } = scoreDocument(model, t, low, sentences);
  return decodeRoles(t, cands, scores, model.thresholds);
}

// ---------------------------------------------------------------------------------------------
// Fast scoring (inference): the same features as `candidates()` + `scoreAll()`, hashed without
// building strings (FNV-1a continued over the parts) and summed straight into the label scores;
// features that depend only on the head word are summed once per head, not once per span.
// ---------------------------------------------------------------------------------------------

const FNV_OFFSET = 0x811c9dc5;
/** FNV-1a continued over `s` from state `h` (not yet made unsigned). */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}
const P = (prefix: string): number => fnv(FNV_OFFSET, prefix);
const F1 = (p: number, a: string): number => fnv(p, a) >>> 0;
const F2 = (p: number, a: string, b: string): number => fnv(fnv(fnv(p, a), '|'), b) >>> 0;
const PX = {
  h: P('h='), s: P('s='), f: P('f='), fh: P('fh='), suf: P('suf='), h2: P('h2='), p1: P('p1='), p2: P('p2='), n1: P('n1='), n2: P('n2='),
  p1h: P('p1h='), lexS: P('s:'), lexH: P('h:'), hn1: P('hn1='), L: P('L='), R: P('R='), lc: P('lc='), lch: P('lch='), rc: P('rc='), rch: P('rch='),
};
const HX = {
  bias: hash32('bias'), digit: hash32('digit'), nocue: hash32('nocue'), caps: hash32('shape=caps'), cap: hash32('shape=cap'),
  len: [0, 1, 2, 3, 4, 5].map((n) => hash32(`len=${n}`)),
  sent: [0, 1, 2, 3, 4, 5, 6].map((n) => hash32(`sent=${n}`)),
  lcd: [0, 1, 2, 3, 4].map((n) => hash32(`lcd=${n}`)),
  rcd: [0, 1, 2, 3, 4].map((n) => hash32(`rcd=${n}`)),
};
/** Hashes of the lexicon features of a tag: none, zero by occurrence bin, per role ratio and count bins. */
function lexHashes(tag: string): { none: number; zero: number[]; r: number[][]; c: number[][] } {
  const bins = [0, 1, 2, 3, 4, 5];
  const roles = ROLE_LABELS.map((_, r) => r);
  return {
    none: hash32(`${tag}:none`),
    zero: bins.map((b) => hash32(`${tag}:zero:o${b}`)),
    r: roles.map((r) => bins.map((b) => hash32(`${tag}:${r}:r${b}`))),
    c: roles.map((r) => bins.map((b) => hash32(`${tag}:${r}:c${b}`))),
  };
}
const LEX_S = lexHashes('ls');
const LEX_H = lexHashes('lh');

/** The weights as an open-addressing table (hash -> row + 1) over one flat array, built once per model. */
interface FastWeights { mask: number; keys: Int32Array; rows: Int32Array; w: Float32Array }
const FAST = new WeakMap<RoleModel, FastWeights>();
function fastWeights(model: RoleModel): FastWeights {
  let f = FAST.get(model);
  if (f) return f;
  let cap = 16;
  while (cap < model.weights.size * 2) cap <<= 1;
  const mask = cap - 1;
  const keys = new Int32Array(cap);
  const rows = new Int32Array(cap);
  const w = new Float32Array(model.weights.size * NROLES);
  let row = 0;
  for (const [k, v] of model.weights) {
    let slot = (Math.imul(k | 0, 0x9e3779b1) >>> 0) & mask;
    while (rows[slot] !== 0) slot = (slot + 1) & mask;
    keys[slot] = k | 0;
    rows[slot] = row + 1;
    w.set(v, row * NROLES);
    row++;
  }
  f = { mask, keys, rows, w };
  FAST.set(model, f);
  return f;
}

let FW: FastWeights = { mask: 0, keys: new Int32Array(1), rows: new Int32Array(1), w: new Float32Array(0) };
function addW(_model: RoleModel, h: number, out: Float64Array): void {
  const k = h | 0;
  const { mask, keys, rows, w } = FW;
  let slot = (Math.imul(k, 0x9e3779b1) >>> 0) & mask;
  for (;;) {
    const r = rows[slot]!;
    if (r === 0) return;
    if (keys[slot] === k) {
      const o = (r - 1) * NROLES;
      for (let j = 0; j < NROLES; j++) out[j]! += w[o + j]!;
      return;
    }
    slot = (slot + 1) & mask;
  }
}
function addLex(model: RoleModel, tab: ReturnType<typeof lexHashes>, e: LexEntry | undefined, out: Float64Array): void {
  if (!e) { addW(model, tab.none, out); return; }
  let any = false;
  for (let r = 1; r < NROLES; r++) {
    const g = e.gold[r] ?? 0;
    if (g <= 0) continue;
    any = true;
    addW(model, tab.r[r]![bin(g / (e.occ + 1), RATIO_CUTS)]!, out);
    addW(model, tab.c[r]![bin(g, COUNT_CUTS)]!, out);
  }
  if (!any) addW(model, tab.zero[bin(e.occ, COUNT_CUTS)]!, out);
}

const BREAK_WORD = /^(?:said|says|was|were|is|are|has|have|had|by|in|on|at|to|with|from|that|which|who|when|after|during|against|while)$/;

/**
 * Candidates of a document with their label scores (`NROLES` per candidate), equal to
 * `scoreAll(model, candidates(t, low, sentences, model.heads, lexOf))` up to float rounding.
 */
export function scoreDocument(model: RoleModel, t: Tokens, low: readonly string[], sentences: readonly Sentence[]): { cands: Candidate[]; scores: Float64Array } {
  FW = fastWeights(model);
  const cands: Candidate[] = [];
  let scores = new Float64Array(64 * NROLES);
  // Document cue features, summed once.
  const docVec = new Float64Array(NROLES);
  {
    const seen = new Set<string>();
    let n = 0;
    sentences.forEach((s, si) => {
      for (let i = s.tokenStart; i < s.tokenEnd; i++) {
        if (!CUE.test(low[i]!)) continue;
        n++;
        const k = low[i]!.slice(0, 6);
        seen.add(`dc=${k}`);
        if (si === 0) seen.add(`fc=${k}`);
      }
    });
    seen.add(`dcn=${bin(n, [1, 2, 4, 8, 16])}`);
    for (const k of seen) addW(model, hash32(k), docVec);
  }
  const headVec = new Float64Array(NROLES);
  const vec = new Float64Array(NROLES);
  const pieces: Array<string | undefined> = new Array(t.length);
  const piece = (i: number): string => pieces[i] ?? (pieces[i] = normalizeRole(t.text.slice(t.start[i]!, t.end[i]!)));
  const lexS = (norm: string): LexEntry | undefined => model.lex.get(F1(PX.lexS, norm));
  sentences.forEach((s, si) => {
    const cues: number[] = [];
    for (let i = s.tokenStart; i < s.tokenEnd; i++) if (CUE.test(low[i]!)) cues.push(i);
    const word = (i: number): string => (i >= s.tokenStart && i < s.tokenEnd ? low[i]! : i < s.tokenStart ? '<s>' : '</s>');
    for (let h = s.tokenStart; h < s.tokenEnd; h++) {
      if (!isWordish(t, h)) continue;
      const hw = low[h]!;
      if (!model.heads.has(hash32(hw))) continue;
      // Features of the head alone.
      headVec.set(docVec);
      addW(model, HX.bias, headVec);
      addW(model, F1(PX.h, hw), headVec);
      if (hw.length > 3) addW(model, F1(PX.suf, hw.slice(-3)), headVec);
      const n1 = word(h + 1);
      const n2 = word(h + 2);
      addW(model, F1(PX.n1, n1), headVec);
      addW(model, F2(PX.n2, n1, n2), headVec);
      addW(model, F2(PX.hn1, hw, n1), headVec);
      for (let i = h + 3; i < Math.min(s.tokenEnd, h + 6); i++) addW(model, F1(PX.R, low[i]!), headVec);
      let rc = -1;
      for (const c of cues) if (c > h) { rc = c; break; }
      if (rc >= 0) {
        const rcw = low[rc]!.slice(0, 6);
        addW(model, F1(PX.rc, rcw), headVec);
        addW(model, HX.rcd[bin(rc - h, [2, 4, 8, 16])]!, headVec);
        addW(model, F2(PX.rch, rcw, hw), headVec);
      }
      addW(model, HX.sent[Math.min(si, 6)]!, headVec);
      addLex(model, LEX_H, model.lex.get(F1(PX.lexH, hw)), headVec);
      const h2 = h > s.tokenStart ? F2(PX.h2, low[h - 1]!, hw) : 0;
      let norm = '';
      for (let from = h; from >= s.tokenStart && h - from < MAX_SPAN; from--) {
        const w = low[from]!;
        if (from < h) {
          if (!isWordish(t, from) && t.kind[from] !== TokenKind.Quote && !(t.kind[from] === TokenKind.Punct && (w === '-' || w === "'"))) break;
          if (t.kind[from] === TokenKind.Word && BREAK_WORD.test(w)) break;
        }
        // Adjacent tokens ("3d" = "3" + "d") join without a space: normalise the span itself.
        if (from < h && t.end[from] === t.start[from + 1]) norm = normalizeRole(t.text.slice(t.start[from]!, t.end[h]!));
        else {
          const pc = piece(from);
          if (pc) norm = norm ? `${pc} ${norm}` : pc;
        }
        if (!isWordish(t, from)) continue;
        if (STOP_FIRST.has(w) || (from < h && INSIDE_OK.has(w))) continue;
        if (!norm) continue;
        vec.set(headVec);
        const n = h - from + 1;
        addW(model, F1(PX.s, norm), vec);
        addW(model, F1(PX.f, w), vec);
        addW(model, HX.len[Math.min(n, 5)]!, vec);
        addW(model, F2(PX.fh, w, hw), vec);
        if (/\d/.test(norm)) addW(model, HX.digit, vec);
        if (n > 1) addW(model, h2, vec);
        const p1 = word(from - 1);
        const p2 = word(from - 2);
        addW(model, F1(PX.p1, p1), vec);
        addW(model, F2(PX.p2, p2, p1), vec);
        addW(model, F2(PX.p1h, p1, hw), vec);
        for (let i = Math.max(s.tokenStart, from - 5); i < from - 2; i++) addW(model, F1(PX.L, low[i]!), vec);
        let lc = -1;
        for (const c of cues) { if (c < from) lc = c; else break; }
        if (lc >= 0) {
          const lcw = low[lc]!.slice(0, 6);
          addW(model, F1(PX.lc, lcw), vec);
          addW(model, HX.lcd[bin(from - lc, [2, 4, 8, 16])]!, vec);
          addW(model, F2(PX.lch, lcw, hw), vec);
        } else if (rc < 0) addW(model, HX.nocue, vec);
        const first = t.text[t.start[from]!]!;
        if (first !== first.toLowerCase()) {
          const surf = t.text.slice(t.start[from]!, t.end[h]!);
          addW(model, surf.toUpperCase() === surf ? HX.caps : HX.cap, vec);
        }
        addLex(model, LEX_S, lexS(norm), vec);
        if ((cands.length + 1) * NROLES > scores.length) {
          const grown = new Float64Array(scores.length * 2);
          grown.set(scores);
          scores = grown;
        }
        scores.set(vec, cands.length * NROLES);
        cands.push({ from, to: h + 1, sentence: si, norm, feats: [] });
      }
    }
  });
  return { cands, scores: scores.subarray(0, cands.length * NROLES) };
}

/** Label scores of every candidate, `NROLES` per candidate. */
export function scoreAll(model: RoleModel, cands: readonly Candidate[]): Float64Array {
  const all = new Float64Array(cands.length * NROLES);
  const sc = new Float64Array(NROLES);
  cands.forEach((c, i) => {
    scoreCandidate(model, c.feats, sc);
    all.set(sc, i * NROLES);
  });
  return all;
}

/** Picks each candidate's best label (role thresholds applied) and resolves overlaps by margin. */
export function decodeRoles(t: Tokens, cands: readonly Candidate[], scores: Float64Array, thresholds: readonly number[]): RoleFind[] {
  const wins: Array<{ c: Candidate; role: number; margin: number }> = [];
  cands.forEach((c, i) => {
    const o = i * NROLES;
    let best = 0;
    let bestV = scores[o]!;
    for (let r = 1; r < NROLES; r++) {
      const v = scores[o + r]! - (thresholds[r] ?? 0);
      if (v > bestV) { best = r; bestV = v; }
    }
    if (best > 0) wins.push({ c, role: best, margin: bestV - scores[o]! });
  });
  wins.sort((a, b) => b.margin - a.margin);
  const taken = new Uint8Array(t.length);
  const out: RoleFind[] = [];
  for (const w of wins) {
    let free = true;
    for (let i = w.c.from; i < w.c.to; i++) if (taken[i]) { free = false; break; }
    if (!free) continue;
    for (let i = w.c.from; i < w.c.to; i++) taken[i] = 1;
    const start = t.start[w.c.from]!;
    const end = t.end[w.c.to - 1]!;
    out.push({ role: ROLE_LABELS[w.role] as RoleFind['role'], start, end, text: t.text.slice(start, end), norm: w.c.norm, sentence: w.c.sentence, margin: w.margin });
  }
  return out.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------
// Model file: gzipped JSON of base64 typed arrays.
// ---------------------------------------------------------------------------------------------

export interface RoleModelFile {
  version: 1;
  labels: readonly string[];
  thresholds: number[];
  heads: string; // base64 Uint32Array
  lexKeys: string; // base64 Uint32Array
  lexCounts: string; // base64 Uint16Array, NROLES per key: occ then gold[1..]
  featKeys: string; // base64 Uint32Array
  featScale: number;
  featWeights: string; // base64 Int16Array, NROLES per key
  docKeys: string; // base64 Uint32Array
  docWeights: string; // base64 Float32Array
  docThreshold: number;
}

const b64 = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function fromB64<T>(s: string, Ctor: { new (buf: ArrayBuffer): T }): T {
  const buf = Buffer.from(s, 'base64');
  const copy = new ArrayBuffer(buf.length);
  new Uint8Array(copy).set(buf);
  return new Ctor(copy);
}

/** Serialises a model (used by the training script). */
export function serializeRoleModel(m: RoleModel): Buffer {
  const heads = Uint32Array.from([...m.heads].sort((a, b) => a - b));
  const lk = [...m.lex.keys()].sort((a, b) => a - b);
  const lc = new Uint16Array(lk.length * NROLES);
  lk.forEach((k, i) => {
    const e = m.lex.get(k)!;
    lc[i * NROLES] = Math.min(65535, e.occ);
    for (let r = 1; r < NROLES; r++) lc[i * NROLES + r] = Math.min(65535, e.gold[r] ?? 0);
  });
  const fk = [...m.weights.keys()].sort((a, b) => a - b);
  let max = 0;
  for (const w of m.weights.values()) for (const x of w) max = Math.max(max, Math.abs(x));
  const scale = max / 32767 || 1;
  const fw = new Int16Array(fk.length * NROLES);
  fk.forEach((k, i) => {
    const w = m.weights.get(k)!;
    for (let r = 0; r < NROLES; r++) fw[i * NROLES + r] = Math.round(w[r]! / scale);
  });
  const file: RoleModelFile = {
    version: 1, labels: ROLE_LABELS, thresholds: m.thresholds, heads: b64(heads), lexKeys: b64(Uint32Array.from(lk)), lexCounts: b64(lc),
    featKeys: b64(Uint32Array.from(fk)), featScale: scale, featWeights: b64(fw),
    docKeys: b64(Uint32Array.from([...m.doc.weights.keys()])), docWeights: b64(Float32Array.from([...m.doc.weights.values()])), docThreshold: m.doc.threshold,
  };
  return zlib.gzipSync(JSON.stringify(file), { level: 9 });
}

/** Loads `models/incidents/roles.json.gz` (or any file written by `serializeRoleModel`). */
export function loadRoleModel(file: string): RoleModel {
  const f = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as RoleModelFile;
  const heads = new Set(fromB64(f.heads, Uint32Array));
  const lk = fromB64(f.lexKeys, Uint32Array);
  const lc = fromB64(f.lexCounts, Uint16Array);
  const lex = new Map<number, LexEntry>();
  lk.forEach((k, i) => {
    const gold = [0];
    for (let r = 1; r < NROLES; r++) gold.push(lc[i * NROLES + r]!);
    lex.set(k, { occ: lc[i * NROLES]!, gold });
  });
  const fk = fromB64(f.featKeys, Uint32Array);
  const fw = fromB64(f.featWeights, Int16Array);
  const weights = new Map<number, Float32Array>();
  fk.forEach((k, i) => {
    const w = new Float32Array(NROLES);
    for (let r = 0; r < NROLES; r++) w[r] = fw[i * NROLES + r]! * f.featScale;
    weights.set(k, w);
  });
  const dk = fromB64(f.docKeys ?? '', Uint32Array);
  const dw = fromB64(f.docWeights ?? '', Float32Array);
  const doc = new Map<number, number>();
  dk.forEach((k, i) => doc.set(k, dw[i]!));
  return { heads, lex, weights, thresholds: f.thresholds, doc: { weights: doc, threshold: f.docThreshold ?? -Infinity } };
}
