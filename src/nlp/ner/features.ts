/**
 * Feature extraction for the greedy BILOU entity tagger. Every feature is a 32-bit
 * hash of (template id, value hashes), computed without building strings:
 * word / lower-cased word / word shape, prefixes and suffixes 1-4, neighbouring words
 * within ±2, shape context, capitalisation context (sentence start, all-caps or
 * all-lower sentence), word-cluster prefixes, gazetteer membership (BILU position per
 * list), the two previous predicted labels, and (second pass only) document-level
 * features: the majority type the same word received elsewhere in the document.
 */
import { fmix, hashStr, mix1, mix1Join, mix1Left, mix2, mix2Join, mix2Left, mix2Right, PHRASE_SEED, phraseExtend } from './hash.js';
import { U32Map } from './u32map.js';

/** Gazetteer list ids (bit groups of 4: B, I, L, U). */
export const GAZ_LISTS = [
  'trainPER',
  'trainORG',
  'trainLOC',
  'trainMISC',
  'country',
  'city',
  'nationality',
  'firstName',
  'lastName',
  'person',
  'org',
  'region',
  'honorific',
] as const;
export const GAZ_PREFIX_FLAG = 1 << 30;
export const GAZ_MAX_LEN = 6;

/** Shared lexical resources: word clusters and gazetteers, keyed by hashes of lower-cased text. */
export interface NerResources {
  /** hash(lower word) -> cluster code: (depth << 24) | path bits. */
  clusters: U32Map;
  /** phraseHash(lower words) -> bitmask of GAZ_LISTS (| GAZ_PREFIX_FLAG when a longer entry exists). */
  gazetteer: U32Map;
  /**
   * hash(lower word) -> capitalisation bucket 1..5 (how often the word is capitalised
   * in non-initial positions of mixed-case text: <5%, <30%, <70%, <95%, ≥95%).
   */
  caps: U32Map;
}

/**
 * Per-token doc-level values: low 3 bits = 0 unknown, 1 O elsewhere, 2+t majority type t
 * elsewhere; bits 3-4 = case evidence elsewhere in the document (1 only lower-case,
 * 2 only capitalised non-initial, 3 both); bits 5-9 = first-pass label + 1 of the token.
 */
export type DocValues = Uint16Array;

const enum T {
  Bias = 1,
  Word,
  Lower,
  Shape,
  Prefix,
  Suffix = Prefix + 4,
  LowerM1 = Suffix + 4,
  LowerP1,
  LowerM2,
  LowerP2,
  ShapeM1,
  ShapeP1,
  ShapeTri,
  BiM1,
  BiP1,
  FirstShape,
  SentCaseShape,
  SentCaseLower,
  Clus4,
  Clus8,
  Clus12,
  ClusFull,
  ClusM1,
  ClusP1,
  ClusM1Full,
  ClusP1Full,
  Gaz,
  GazShape,
  WordM1Lower,
  Prev1,
  Prev12,
  Prev1Lower,
  Prev1Shape,
  Doc0,
  Doc0Shape,
  DocM1,
  DocP1,
  Doc0Lower,
  HasDigitDash,
  Len,
  CapStat,
  CapStatSent,
  CapStatCap,
  CapStatM1,
  CapStatP1,
  Topic,
  TopicShape,
  TopicGaz,
  HyphFirst,
  HyphLast,
  HyphGaz,
  HyphCap,
  DocCase,
  DocCaseShape,
  DocCaseCapStat,
  ShapeP12,
  ShapeM21,
  DocCaseSent,
  StackCur,
  StackNext,
  StackPrevNext,
  StackCurNext,
  StackNext2,
  AggL,
  AggR,
  AggLR,
}

/** Slots per token in context-aggregation arrays (other occurrences × 2 neighbours). */
export const AGG_SLOTS = 8;

export const MAX_STATIC_FEATS = 128;
export const N_DYNAMIC_FEATS = 4;

function charClass(c: number): number {
  if (c >= 65 && c <= 90) return 88; // X
  if (c >= 97 && c <= 122) return 120; // x
  if (c >= 48 && c <= 57) return 100; // d
  if (c >= 192 && c <= 687) {
    const ch = String.fromCharCode(c);
    return ch !== ch.toLowerCase() ? 88 : 120;
  }
  return c;
}

/** Compressed word shape hash: runs of the same class collapse (Xxxx -> Xx, 1996-08-22 -> d-d-d). */
export function shapeHash(w: string): number {
  let h = 0x811c9dc5;
  let last = -1;
  let run = 0;
  for (let i = 0; i < w.length; i++) {
    const c = charClass(w.charCodeAt(i));
    if (c === last) {
      run++;
      if (run >= 2) continue; // allow runs up to 2 to distinguish X from XX
    } else run = 0;
    last = c;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/** Shape as a string (debugging / tests). */
export function shapeString(w: string): string {
  let out = '';
  let last = -1;
  let run = 0;
  for (let i = 0; i < w.length; i++) {
    const c = charClass(w.charCodeAt(i));
    if (c === last) {
      run++;
      if (run >= 2) continue;
    } else run = 0;
    last = c;
    out += String.fromCharCode(c);
  }
  return out;
}

/** 0 = mixed case sentence, 1 = no lower-case letters, 2 = no upper-case letters. */
export function sentenceCase(tokens: readonly string[]): number {
  let upper = 0;
  let lower = 0;
  for (const t of tokens) {
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c >= 65 && c <= 90) upper++;
      else if (c >= 97 && c <= 122) lower++;
    }
  }
  if (upper > 0 && lower === 0) return 1;
  if (lower > 0 && upper === 0) return 2;
  return 0;
}

const NONE = 0x1234567;

/** The pair-feature halves of a word with these lower-case, word and shape hashes. */
function pairParts(lower: number, word: number, shape: number): PairParts {
  return {
    lowerRight: mix2Right(lower),
    biM1: mix2Left(T.BiM1, lower),
    biP1: mix2Left(T.BiP1, lower),
    wordM1: mix2Left(T.WordM1Lower, word),
    shapeTri: mix2Left(T.ShapeTri, shape),
    shapeP12: mix2Left(T.ShapeP12, shape),
    shapeM21: mix2Left(T.ShapeM21, shape),
    shapeInner: mix1Left(shape),
  };
}

/** The halves of the missing word before the sentence (NONE for every value). */
const BOUNDARY_PARTS = pairParts(NONE, NONE, NONE);
/** The halves standing for the missing word after the sentence, where pairFeatures needs them. */
const LOWER_RIGHT_AFTER = mix2Right(NONE + 1);
const SHAPE_INNER_AFTER = mix1Left(NONE + 1);

/**
 * Flags of a token for the document-level statistics (`groupWords` in the tagger):
 * DOC_WORDY it has a letter (it takes part in majority types and case evidence), DOC_AGG it also
 * has two or more characters (context aggregation), DOC_LOWER / DOC_UPPER its first character is
 * an ASCII lower-case / upper-case letter.
 */
export const DOC_WORDY = 1;
export const DOC_AGG = 2;
export const DOC_LOWER = 4;
export const DOC_UPPER = 8;

export function wordDocFlags(w: string): number {
  let wordy = false;
  for (let i = 0; i < w.length && !wordy; i++) {
    const c = w.charCodeAt(i);
    wordy = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 192;
  }
  if (!wordy) return 0;
  const c0 = w.charCodeAt(0);
  return DOC_WORDY | (w.length >= 2 ? DOC_AGG : 0) | (c0 >= 97 && c0 <= 122 ? DOC_LOWER : 0) | (c0 >= 65 && c0 <= 90 ? DOC_UPPER : 0);
}

/** Cached per-word values; `id` indexes the tagger's per-word score caches (`WordPool`). */
export interface WordInfo {
  lower: string;
  hW: number;
  hL: number;
  hS: number;
  cap: number;
  clus: number;
  caps: number;
  id: number;
  /** Small id of the word's shape (`hS`), shared by the words of that shape (per-shape caches). */
  shape: number;
  /** Phrase hash of the lower-cased word alone, and its gazetteer value (0 = absent). */
  ph: number;
  g1: number;
  /** The word's parts of the pair features (`pairFeatures`), see `mix2Left` and `mix2Right`. */
  pair: PairParts;
  /** What the document-level statistics need of the word (`wordDocFlags`). */
  docFlags: number;
}

/** Per-word halves of the pair-feature hashes: the word as the left or right value of each. */
interface PairParts {
  /** mix2Right(lower): the word as the second value of BiM1, BiP1, WordM1Lower. */
  lowerRight: number;
  /** mix2Left of the word as the first value: BiM1 (at i - 1), BiP1 (at i), WordM1Lower (at i - 1, cased word). */
  biM1: number;
  biP1: number;
  wordM1: number;
  /** mix2Left of the shape: ShapeTri (at i - 1), ShapeP12 and ShapeM21 (at i). */
  shapeTri: number;
  shapeP12: number;
  shapeM21: number;
  /** mix1Left(shape): the shape as the template of the inner shape pair. */
  shapeInner: number;
}

/**
 * Per-word summed weights of one weight table (filled lazily by the tagger): `v` holds
 * `WORD_SLOTS` vectors of N_LABELS scores per word id, `have` a bit per filled slot.
 */
export interface WordPool {
  v: Int32Array;
  have: Uint16Array;
  self: Int8Array;
  /** The sentence case each of the two own-score slots was summed for (2 per word). */
  ownCase: Int8Array;
  /** Word-level document features (`docWordFeatures`): N_LABELS scores per word, for the doc values in `docKey` ((dc << 3) | d; 0 = none). */
  doc: Int32Array;
  docKey: Uint8Array;
  /** The document topic the topic-shape rows hold; N_LABELS scores per (shape id, capitalisation) row. */
  topic: number;
  topicShape: Int32Array;
  topicShapeHave: Uint8Array;
}

/** Words kept in the per-word caches before they are cleared (bounds memory on long streams). */
export const WORD_CACHE_LIMIT = 50_000;

/** Reusable per-sentence feature extractor (buffers grow as needed). */
export class Featurizer {
  hW = new Uint32Array(64);
  hL = new Uint32Array(64);
  hS = new Uint32Array(64);
  cap = new Uint8Array(64);
  clus = new Int32Array(64);
  /** Two words per token: bit (list * 4 + pos) with pos 0 B, 1 I, 2 L, 3 U. */
  gaz = new Uint32Array(128);
  doc = new Uint16Array(64);
  caps = new Uint8Array(64);
  n = 0;
  /** Hash of the document's first word (0 = unknown), e.g. the "SOCCER" of a sports story. */
  topic = 0;
  sentCase = 0;
  /** Lower-cased words of the current sentence: entries [0, n) (the array is reused). */
  lowers: string[] = [];
  tokens: readonly string[] = [];

  /** Training only: per-document gazetteer overrides (leave-one-document-out). */
  gazOverride: U32Map | null = null;

  /** Per-word values of the current sentence's tokens: entries [0, n) (the array is reused). */
  infos: WordInfo[] = [];
  private cache = new Map<string, WordInfo>();
  /** Shape hash -> shape id of the cached words (emptied with the word cache). */
  private shapeIds = new Map<number, number>();
  /** The tagger's per-word score caches, by weight-table id (emptied with the word cache). */
  pools: (WordPool | undefined)[] = [];

  constructor(public res: NerResources) {}

  /** Per-word values (cached; `prepare` clears the cache when it would pass WORD_CACHE_LIMIT words). */
  wordInfo(w: string): WordInfo {
    let info = this.cache.get(w);
    if (info) return info;
    const l = w.toLowerCase();
    const hl = hashStr(l);
    const c0 = w.charCodeAt(0);
    info = {
      lower: l,
      hW: hashStr(w),
      hL: hl,
      hS: shapeHash(w),
      cap: c0 >= 65 && c0 <= 90 ? 1 : w !== l ? 2 : 0,
      clus: this.res.clusters.get(hl, -1),
      caps: this.res.caps.get(hl, 0),
      id: this.cache.size,
      shape: 0,
      ph: 0,
      g1: 0,
      pair: BOUNDARY_PARTS, // set below
      docFlags: wordDocFlags(w),
    };
    info.ph = phraseExtend(PHRASE_SEED, l, true);
    info.g1 = this.res.gazetteer.get(info.ph, 0);
    info.pair = pairParts(info.hL, info.hW, info.hS);
    let shape = this.shapeIds.get(info.hS);
    if (shape === undefined) this.shapeIds.set(info.hS, (shape = this.shapeIds.size));
    info.shape = shape;
    this.cache.set(w, info);
    return info;
  }

  private ensure(n: number): void {
    if (this.hW.length >= n) return;
    let cap = this.hW.length;
    while (cap < n) cap *= 2;
    this.hW = new Uint32Array(cap);
    this.hL = new Uint32Array(cap);
    this.hS = new Uint32Array(cap);
    this.cap = new Uint8Array(cap);
    this.clus = new Int32Array(cap);
    this.gaz = new Uint32Array(cap * 2);
    this.doc = new Uint16Array(cap);
    this.caps = new Uint8Array(cap);
  }

  /** Context aggregation hashes for the current sentence (AGG_SLOTS per token; 0 = empty). */
  agg: Uint32Array | null = null;
  /** Whether the current sentence has doc-level values (second pass). */
  hasDoc = false;

  /** Prepare per-token values for a sentence; `doc` gives doc-level values (second pass). */
  prepare(tokens: readonly string[], doc?: DocValues, topic = 0, agg?: Uint32Array): void {
    const n = tokens.length;
    // never mid-sentence: word ids index the per-word caches
    if (this.cache.size + n > WORD_CACHE_LIMIT) {
      this.cache.clear();
      this.shapeIds.clear();
      this.pools = [];
      this.generation++;
    }
    this.begin(tokens, doc, topic, agg);
    this.sentCase = sentenceCase(tokens);
    const infos = this.infos;
    for (let i = 0; i < n; i++) {
      this.setWord(i, this.wordInfo(tokens[i]!), doc);
      this.gaz[2 * i] = 0;
      this.gaz[2 * i + 1] = 0;
    }
    this.matchGazetteer(infos);
  }

  /**
   * `prepare` a sentence again from what preparing it found before (second pass): its words'
   * infos at infos[from, from + n), its gazetteer bits at gaz[2 * from, 2 * (from + n)) and its
   * sentence case. The infos must be of this `generation`.
   */
  prepareAgain(tokens: readonly string[], infos: readonly WordInfo[], gaz: Uint32Array, from: number, sentCase: number, doc?: DocValues, topic = 0, agg?: Uint32Array): void {
    const n = tokens.length;
    this.begin(tokens, doc, topic, agg);
    this.sentCase = sentCase;
    for (let i = 0; i < n; i++) this.setWord(i, infos[from + i]!, doc);
    this.gaz.set(gaz.subarray(2 * from, 2 * (from + n)));
  }

  /** Times the word cache was emptied (word ids of older WordInfos are stale). */
  generation = 0;

  private begin(tokens: readonly string[], doc: DocValues | undefined, topic: number, agg: Uint32Array | undefined): void {
    this.topic = topic;
    this.agg = agg ?? null;
    this.hasDoc = doc !== undefined;
    const n = tokens.length;
    this.ensure(n);
    this.n = n;
    this.tokens = tokens;
    // reused from sentence to sentence: entries [0, n) are this sentence's
    if (this.infos.length < n) {
      this.lowers = new Array<string>(2 * n);
      this.infos = new Array<WordInfo>(2 * n);
    }
  }

  private setWord(i: number, info: WordInfo, doc: DocValues | undefined): void {
    this.infos[i] = info;
    this.lowers[i] = info.lower;
    this.hW[i] = info.hW;
    this.hL[i] = info.hL;
    this.hS[i] = info.hS;
    this.cap[i] = info.cap;
    this.clus[i] = info.clus;
    this.caps[i] = info.caps;
    this.doc[i] = doc ? doc[i]! : 0;
  }

  /** Gazetteer bits of the sentence's tokens (`gaz`, cleared by the caller). */
  private matchGazetteer(infos: WordInfo[]): void {
    const n = this.n;
    const lowers = this.lowers;
    const { gazetteer } = this.res;
    // gazetteer matching: every phrase up to GAZ_MAX_LEN tokens
    for (let i = 0; i < n; i++) {
      let h = PHRASE_SEED;
      for (let j = i; j < n && j - i < GAZ_MAX_LEN; j++) {
        // the word alone: hash and value cached per word
        h = j === i ? infos[i]!.ph : phraseExtend(h, lowers[j]!, false);
        let v = -1;
        if (this.gazOverride) v = this.gazOverride.get(h, -1);
        if (v < 0) v = j === i ? infos[i]!.g1 : gazetteer.get(h, 0);
        if (v === 0) break;
        const lists = v & ~GAZ_PREFIX_FLAG;
        if (lists !== 0) {
          for (let g = 0; g < GAZ_LISTS.length; g++) {
            if ((lists & (1 << g)) === 0) continue;
            const b = (g & 7) * 4;
            const wd = g >> 3;
            const gz = this.gaz;
            if (j === i) gz[2 * i + wd]! |= 1 << (b + 3);
            else {
              gz[2 * i + wd]! |= 1 << b;
              for (let k = i + 1; k < j; k++) gz[2 * k + wd]! |= 1 << (b + 1);
              gz[2 * j + wd]! |= 1 << (b + 2);
            }
          }
        }
        if ((v & GAZ_PREFIX_FLAG) === 0) break;
      }
    }
  }

  /** Label-independent features of token i into out[off...]; returns new offset. */
  staticFeatures(i: number, out: Uint32Array, off: number): number {
    return this.contextFeatures(i, out, this.wordFeatures(i, out, off));
  }

  /** Features that depend only on the token string itself (cacheable per word). */
  wordFeatures(i: number, out: Uint32Array, off: number): number {
    const w = this.lowers[i]!;
    const l0 = this.hL[i]!;
    const s0 = this.hS[i]!;
    const capv = this.cap[i]!;
    out[off++] = mix1(T.Bias, 0);
    out[off++] = mix1(T.Word, this.hW[i]!);
    out[off++] = mix1(T.Lower, l0);
    out[off++] = mix1(T.Shape, s0);
    const len = w.length;
    for (let k = 1; k <= 4 && k <= len; k++) {
      out[off++] = mix2(T.Prefix + k - 1, hashStr(w, 0, k), len > k ? 1 : 0);
      out[off++] = mix2(T.Suffix + k - 1, hashStr(w, len - k, len), len > k ? 1 : 0);
    }
    out[off++] = mix2(T.Len, len > 8 ? 8 : len, capv);
    const c = this.clus[i]!;
    if (c >= 0) {
      const depth = c >>> 24;
      const bits = c & 0xffffff;
      out[off++] = mix1(T.Clus4, depth >= 4 ? bits >>> (depth - 4) : c);
      out[off++] = mix1(T.Clus8, depth >= 8 ? bits >>> (depth - 8) : c);
      out[off++] = mix1(T.Clus12, depth >= 12 ? bits >>> (depth - 12) : c);
      out[off++] = mix1(T.ClusFull, c);
      out[off++] = mix2(T.ClusFull, c, capv);
    } else out[off++] = mix1(T.ClusFull, -1);
    const cs = this.caps[i]!;
    out[off++] = mix1(T.CapStat, cs);
    out[off++] = mix2(T.CapStatCap, cs, capv);
    const hy = w.indexOf('-');
    if (hy > 0 && hy < len - 1) {
      const tok = this.tokens[i]!;
      const last = w.lastIndexOf('-');
      out[off++] = mix1(T.HyphFirst, hashStr(w, 0, hy));
      out[off++] = mix1(T.HyphLast, hashStr(w, last + 1, len));
      const c1 = tok.charCodeAt(last + 1);
      out[off++] = mix2(T.HyphCap, capv, c1 >= 65 && c1 <= 90 ? 1 : 0);
      const g1 = this.res.gazetteer.get(phraseExtend(PHRASE_SEED, w.slice(0, hy), true), 0) & ~GAZ_PREFIX_FLAG;
      const g2 = this.res.gazetteer.get(phraseExtend(PHRASE_SEED, w.slice(last + 1), true), 0) & ~GAZ_PREFIX_FLAG;
      for (let b = 0; b < GAZ_LISTS.length; b++) {
        if (g1 & (1 << b)) out[off++] = mix2(T.HyphGaz, b, 0);
        if (g2 & (1 << b)) out[off++] = mix2(T.HyphGaz, b, 1);
      }
    }
    return off;
  }

  /**
   * The context features of token i outside the cacheable groups (see `neighbourFeatures`):
   * word pairs and shape n-grams, context aggregation and document-level features. Gazetteer
   * bits, neighbour capitalisation statistics and topic features are left to the caller.
   */
  pairFeatures(i: number, out: Uint32Array, off: number): number {
    return this.documentFeatures(i, out, this.wordPairFeatures(i, out, off));
  }

  /** The word-pair and shape n-gram features of token i (the head of `pairFeatures`). */
  wordPairFeatures(i: number, out: Uint32Array, off: number): number {
    // The same hashes as in contextFeatures, from the words' precomputed halves (`PairParts`).
    const n = this.n;
    const infos = this.infos;
    const w = infos[i]!.pair;
    const m1 = i > 0 ? infos[i - 1]!.pair : BOUNDARY_PARTS;
    const p1 = i + 1 < n ? infos[i + 1]!.pair : null;
    const hS = this.hS;
    const sp1 = p1 ? hS[i + 1]! : NONE + 1;
    out[off++] = mix2Join(m1.shapeTri, mix2Right(mix1Join(w.shapeInner, sp1)));
    out[off++] = mix2Join(m1.biM1, w.lowerRight);
    out[off++] = mix2Join(w.biP1, p1 ? p1.lowerRight : LOWER_RIGHT_AFTER);
    out[off++] = mix2Join(m1.wordM1, w.lowerRight);
    out[off++] = mix2Join(w.shapeP12, mix2Right(mix1Join(p1 ? p1.shapeInner : SHAPE_INNER_AFTER, i + 2 < n ? hS[i + 2]! : NONE + 3)));
    out[off++] = mix2Join(w.shapeM21, mix2Right(mix1Join(m1.shapeInner, i > 1 ? hS[i - 2]! : NONE + 2)));
    return off;
  }

  /** The context-aggregation features of token i (second pass). */
  aggFeatures(i: number, out: Uint32Array, off: number): number {
    const agg = this.agg;
    if (agg) {
      for (let k = i * AGG_SLOTS; k < (i + 1) * AGG_SLOTS; k += 2) {
        const a = agg[k]!;
        const b = agg[k + 1]!;
        if (a === 0 && b === 0) break;
        off = aggPairFeatures(a, b, out, off);
      }
    }
    return off;
  }

  /**
   * Context-aggregation and document-level features of token i (second pass; tail of
   * `contextFeatures`), grouped as the tagger caches them: see `stackOwnFeatures`,
   * `stackPrevNextFeature`, `stackNext2Feature`, `docWordFeatures`, `docCaseSentFeature` and
   * `docNeighbourFeatures`.
   */
  documentFeatures(i: number, out: Uint32Array, off: number): number {
    off = this.aggFeatures(i, out, off);
    const n = this.n;
    const doc = this.doc;
    const dAll = doc[i]!;
    const st = dAll >> 5;
    if (st !== 0) {
      const stN = i + 1 < n ? doc[i + 1]! >> 5 : 31;
      off = stackOwnFeatures(st, stN, out, off);
      out[off++] = stackPrevNextFeature(i > 0 ? doc[i - 1]! >> 5 : 31, stN);
      out[off++] = stackNext2Feature(stN, i + 2 < n ? doc[i + 2]! >> 5 : 31);
    }
    const d = dAll & 7;
    const dc = (dAll >> 3) & 3;
    off = docWordFeatures(d, dc, this.hL[i]!, this.hS[i]!, this.cap[i]!, this.caps[i]!, out, off);
    if (dc !== 0) out[off++] = docCaseSentFeature(dc, this.sentCase * 4 + (i === 0 ? 1 : 0));
    if (d !== 0) off = docNeighbourFeatures(i > 0 ? doc[i - 1]! & 7 : 9, i + 1 < n ? doc[i + 1]! & 7 : 9, out, off);
    return off;
  }

  /** Features that depend on the sentence / document context of token i. */
  contextFeatures(i: number, out: Uint32Array, off: number): number {
    const n = this.n;
    const hW = this.hW;
    const hL = this.hL;
    const hS = this.hS;
    const l0 = hL[i]!;
    const s0 = hS[i]!;
    const capv = this.cap[i]!;
    const cs = this.caps[i]!;
    const lm1 = i > 0 ? hL[i - 1]! : NONE;
    const lp1 = i + 1 < n ? hL[i + 1]! : NONE + 1;
    const sm1 = i > 0 ? hS[i - 1]! : NONE;
    const sp1 = i + 1 < n ? hS[i + 1]! : NONE + 1;
    out[off++] = mix1(T.LowerM1, lm1);
    out[off++] = mix1(T.LowerP1, lp1);
    out[off++] = mix1(T.LowerM2, i > 1 ? hL[i - 2]! : NONE + 2);
    out[off++] = mix1(T.LowerP2, i + 2 < n ? hL[i + 2]! : NONE + 3);
    out[off++] = mix1(T.ShapeM1, sm1);
    out[off++] = mix1(T.ShapeP1, sp1);
    out[off++] = mix2(T.ShapeTri, sm1, mix1(s0, sp1));
    out[off++] = mix2(T.BiM1, lm1, l0);
    out[off++] = mix2(T.BiP1, l0, lp1);
    out[off++] = mix2(T.WordM1Lower, i > 0 ? hW[i - 1]! : NONE, l0);
    out[off++] = mix2(T.FirstShape, i === 0 ? 1 : 0, s0);
    out[off++] = mix2(T.SentCaseShape, this.sentCase, s0);
    out[off++] = mix2(T.SentCaseLower, this.sentCase, l0);
    const cm = i > 0 ? this.clus[i - 1]! : -2;
    const cp = i + 1 < n ? this.clus[i + 1]! : -2;
    out[off++] = mix1(T.ClusM1, cm >= 0 && cm >>> 24 >= 8 ? (cm & 0xffffff) >>> ((cm >>> 24) - 8) : cm);
    out[off++] = mix1(T.ClusP1, cp >= 0 && cp >>> 24 >= 8 ? (cp & 0xffffff) >>> ((cp >>> 24) - 8) : cp);
    out[off++] = mix1(T.ClusM1Full, cm);
    out[off++] = mix1(T.ClusP1Full, cp);
    let nGaz = 0;
    for (let wd = 0; wd < 2; wd++) {
      let g = this.gaz[2 * i + wd]!;
      while (g !== 0 && nGaz < 12) {
        const b = 31 - Math.clz32(g);
        g &= ~(1 << b);
        out[off++] = mix1(T.Gaz, wd * 32 + b);
        out[off++] = mix2(T.GazShape, wd * 32 + b, capv);
        nGaz++;
      }
    }
    out[off++] = mix2(T.CapStatSent, cs, this.sentCase * 4 + (i === 0 ? 1 : 0));
    out[off++] = mix2(T.CapStatM1, i > 0 ? this.caps[i - 1]! : 7, cs);
    out[off++] = mix2(T.CapStatP1, i + 1 < n ? this.caps[i + 1]! : 7, cs);
    out[off++] = mix2(T.ShapeP12, s0, mix1(sp1, i + 2 < n ? hS[i + 2]! : NONE + 3));
    out[off++] = mix2(T.ShapeM21, s0, mix1(sm1, i > 1 ? hS[i - 2]! : NONE + 2));
    const topic = this.topic;
    if (topic !== 0) {
      out[off++] = mix2(T.Topic, topic, capv);
      out[off++] = mix2(T.TopicShape, topic, s0);
      let k = 0;
      for (let wd = 0; wd < 2; wd++) {
        let gg = this.gaz[2 * i + wd]!;
        while (gg !== 0 && k++ < 4) {
          const b = 31 - Math.clz32(gg);
          gg &= ~(1 << b);
          out[off++] = mix2(T.TopicGaz, topic, wd * 32 + b);
        }
      }
    }
    const agg = this.agg;
    if (agg) {
      for (let k = i * AGG_SLOTS; k < (i + 1) * AGG_SLOTS; k += 2) {
        const a = agg[k]!;
        const b = agg[k + 1]!;
        if (a === 0 && b === 0) break;
        out[off++] = mix1(T.AggL, a);
        out[off++] = mix1(T.AggR, b);
      }
    }
    const dAll = this.doc[i]!;
    const st = dAll >> 5;
    if (st !== 0) {
      const doc = this.doc;
      const stN = i + 1 < n ? doc[i + 1]! >> 5 : 31;
      const stP = i > 0 ? doc[i - 1]! >> 5 : 31;
      out[off++] = mix1(T.StackCur, st);
      out[off++] = mix1(T.StackNext, stN);
      out[off++] = mix2(T.StackPrevNext, stP, stN);
      out[off++] = mix2(T.StackCurNext, st, stN);
      out[off++] = mix2(T.StackNext2, stN, i + 2 < n ? doc[i + 2]! >> 5 : 31);
    }
    const dc = (dAll >> 3) & 3;
    if (dc !== 0) {
      out[off++] = mix1(T.DocCase, dc);
      out[off++] = mix2(T.DocCaseShape, dc, s0);
      out[off++] = mix2(T.DocCaseCapStat, dc, cs);
      out[off++] = mix2(T.DocCaseSent, dc, this.sentCase * 4 + (i === 0 ? 1 : 0));
    }
    const d = dAll & 7;
    if (d !== 0) {
      out[off++] = mix1(T.Doc0, d);
      out[off++] = mix2(T.Doc0Shape, d, capv);
      out[off++] = mix2(T.Doc0Lower, d, l0);
      out[off++] = mix1(T.DocM1, i > 0 ? this.doc[i - 1]! & 7 : 9);
      out[off++] = mix1(T.DocP1, i + 1 < n ? this.doc[i + 1]! & 7 : 9);
    }
    return off;
  }
}

/**
 * Inference-time decomposition of `contextFeatures` (the tagger caches the summed weights of
 * each group per word, so it looks up far fewer features per token). The union of the groups
 * below is exactly `contextFeatures(i)`: the neighbour groups (`neighbourFeatures`, one word
 * each), the token's own sentence-position group (`selfContextFeatures`), the gazetteer and
 * capitalisation-statistics pairs (`gazFeatures`, `capNeighbourFeature`, small dense domains)
 * and the rest (`Featurizer.pairFeatures`). `test/nlp/ner/features.test.ts` checks the union.
 */
export const enum Side {
  M1 = 0,
  P1 = 1,
  M2 = 2,
  P2 = 3,
}

/** Values standing for "no neighbour" on each side: [lower, shape, cluster]. */
export const BOUNDARY: readonly (readonly [number, number, number])[] = [
  [NONE, NONE, -2],
  [NONE + 1, NONE + 1, -2],
  [NONE + 2, 0, 0],
  [NONE + 3, 0, 0],
];

function clus8(c: number): number {
  return c >= 0 && c >>> 24 >= 8 ? (c & 0xffffff) >>> ((c >>> 24) - 8) : c;
}

/** The context features token i gets from its neighbour at `side` (that neighbour's values). */
export function neighbourFeatures(side: Side, lower: number, shape: number, clus: number, out: Uint32Array, off: number): number {
  switch (side) {
    case Side.M1:
      out[off++] = mix1(T.LowerM1, lower);
      out[off++] = mix1(T.ShapeM1, shape);
      out[off++] = mix1(T.ClusM1, clus8(clus));
      out[off++] = mix1(T.ClusM1Full, clus);
      return off;
    case Side.P1:
      out[off++] = mix1(T.LowerP1, lower);
      out[off++] = mix1(T.ShapeP1, shape);
      out[off++] = mix1(T.ClusP1, clus8(clus));
      out[off++] = mix1(T.ClusP1Full, clus);
      return off;
    case Side.M2:
      out[off++] = mix1(T.LowerM2, lower);
      return off;
    default:
      out[off++] = mix1(T.LowerP2, lower);
      return off;
  }
}

/** The context features of a token that depend only on itself, the sentence case and whether it opens the sentence. */
export function selfContextFeatures(lower: number, shape: number, caps: number, sentCase: number, first: number, out: Uint32Array, off: number): number {
  out[off++] = mix2(T.FirstShape, first, shape);
  out[off++] = mix2(T.SentCaseShape, sentCase, shape);
  out[off++] = mix2(T.SentCaseLower, sentCase, lower);
  out[off++] = mix2(T.CapStatSent, caps, sentCase * 4 + first);
  return off;
}

/** The two features of one gazetteer bit (`wd * 32 + b`) for a token of capitalisation `capv`. */
export function gazFeatures(bit: number, capv: number, out: Uint32Array, off: number): number {
  out[off++] = mix1(T.Gaz, bit);
  out[off++] = mix2(T.GazShape, bit, capv);
  return off;
}

/** Topic features: the document topic with the token's capitalisation, with its shape, with one gazetteer bit. */
export function topicFeature(topic: number, capv: number): number {
  return mix2(T.Topic, topic, capv);
}
export function topicShapeFeature(topic: number, shape: number): number {
  return mix2(T.TopicShape, topic, shape);
}
export function topicGazFeature(topic: number, bit: number): number {
  return mix2(T.TopicGaz, topic, bit);
}

// Document-level feature groups (second pass; `DocValues` fields of the token and its
// neighbours: first-pass label + 1 `st` (31 = no token), majority type `d`, case evidence `dc`).
// The tagger sums each group by its small value domain or per word; `documentFeatures` is their union.

/** StackCur, StackNext and StackCurNext: the token's first-pass label with the next one's. */
export function stackOwnFeatures(st: number, stN: number, out: Uint32Array, off: number): number {
  out[off++] = mix1(T.StackCur, st);
  out[off++] = mix1(T.StackNext, stN);
  out[off++] = mix2(T.StackCurNext, st, stN);
  return off;
}
export function stackPrevNextFeature(stP: number, stN: number): number {
  return mix2(T.StackPrevNext, stP, stN);
}
export function stackNext2Feature(stN: number, stN2: number): number {
  return mix2(T.StackNext2, stN, stN2);
}

/** The document features of a word that depend on the word itself and its doc values `d` and `dc` (nothing when both are 0). */
export function docWordFeatures(d: number, dc: number, lower: number, shape: number, capv: number, caps: number, out: Uint32Array, off: number): number {
  if (dc !== 0) {
    out[off++] = mix1(T.DocCase, dc);
    out[off++] = mix2(T.DocCaseShape, dc, shape);
    out[off++] = mix2(T.DocCaseCapStat, dc, caps);
  }
  if (d !== 0) {
    out[off++] = mix1(T.Doc0, d);
    out[off++] = mix2(T.Doc0Shape, d, capv);
    out[off++] = mix2(T.Doc0Lower, d, lower);
  }
  return off;
}

/** The context-aggregation features of one other occurrence: its left and right neighbours (`AGG_SLOTS`). */
export function aggPairFeatures(left: number, right: number, out: Uint32Array, off: number): number {
  out[off++] = mix1(T.AggL, left);
  out[off++] = mix1(T.AggR, right);
  return off;
}

/** Case evidence with the sentence case and sentence position (`sentCase * 4 + first`). */
export function docCaseSentFeature(dc: number, sentPos: number): number {
  return mix2(T.DocCaseSent, dc, sentPos);
}

/** The majority types of the neighbours (9 = no neighbour), for a token with one of its own. */
export function docNeighbourFeatures(dm1: number, dp1: number, out: Uint32Array, off: number): number {
  out[off++] = mix1(T.DocM1, dm1);
  out[off++] = mix1(T.DocP1, dp1);
  return off;
}

/** Capitalisation statistics of the neighbour (`side` M1 or P1; 7 = none) paired with the token's own. */
export function capNeighbourFeature(side: Side, neighbour: number, own: number): number {
  return side === Side.M1 ? mix2(T.CapStatM1, neighbour, own) : mix2(T.CapStatP1, neighbour, own);
}

/** Features depending on the previously predicted labels (p1 = label of i-1, p2 = of i-2; N_LABELS = none). */
export function dynamicFeatures(
  p1: number,
  p2: number,
  lower0: number,
  shape0: number,
  out: Uint32Array,
  off: number,
): number {
  out[off++] = mix1(T.Prev1, p1);
  out[off++] = mix2(T.Prev12, p2, p1);
  out[off++] = mix2(T.Prev1Lower, p1, lower0);
  out[off++] = mix2(T.Prev1Shape, p1, shape0);
  return off;
}

/** Hashes of the two label-history-only features (folded into dense tables at inference). */
export function historyFeatureHashes(p1: number, p2: number): [number, number] {
  return [mix1(T.Prev1, p1), mix2(T.Prev12, p2, p1)];
}

/** The lexicalised history features only (Prev1Lower, Prev1Shape) — the rest of dynamicFeatures. */
export function lexicalHistoryFeatures(p1: number, lower0: number, shape0: number, out: Uint32Array, off: number): number {
  out[off++] = mix2(T.Prev1Lower, p1, lower0);
  out[off++] = mix2(T.Prev1Shape, p1, shape0);
  return off;
}

export { fmix };
