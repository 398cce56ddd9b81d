/**
 * Public entity-tagging API: load the shipped model and tag tokenised sentences or
 * whole documents. Tokenizer-independent: callers pass token strings. Decoding is
 * greedy left-to-right over BILOU labels with transition constraints; `tagDocument`
 * runs a second pass that adds document-level features (the majority type each word
 * received elsewhere in the document in the first pass).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AGG_SLOTS,
  aggPairFeatures,
  BOUNDARY,
  capNeighbourFeature,
  docCaseSentFeature,
  docNeighbourFeatures,
  docWordFeatures,
  Featurizer,
  gazFeatures,
  historyFeatureHashes,
  lexicalHistoryFeatures,
  neighbourFeatures,
  selfContextFeatures,
  sentenceCase,
  stackNext2Feature,
  stackOwnFeatures,
  stackPrevNextFeature,
  topicFeature,
  topicGazFeature,
  topicShapeFeature,
  wordDocFlags,
  MAX_STATIC_FEATS,
  N_DYNAMIC_FEATS,
  DOC_AGG,
  DOC_LOWER,
  DOC_UPPER,
  DOC_WORDY,
  type DocValues,
  type Side,
  type WordInfo,
  type WordPool,
} from './features.js';
import { hashStr } from './hash.js';
import { ALLOWED, ENTITY_TYPES, LABEL_NAMES, labelType, N_LABELS, spansFromBilou, type EntityType, type Span } from './labels.js';
import { toFastTable, ROW, ZERO_KEY, type FastTable } from './fasttable.js';
import { deserializeModel, type NerModelData, type PassTables, type WeightTable } from './model.js';

export type { EntityType, Span };

interface FastPass {
  pass1: FastTable;
  pass2: FastTable | null;
}

export interface NerModel extends NerModelData {
  featurizer: Featurizer;
  fast: { cased: FastPass; caseless: FastPass | null };
}

export interface DocumentEntity {
  type: EntityType;
  /** Sentence index within the document. */
  sentence: number;
  /** Token span [start, end) within the sentence. */
  start: number;
  end: number;
}

/** Which tables to use: `auto` picks the caseless ones for all-lower or all-caps text. */
export type CaseMode = 'auto' | 'cased' | 'caseless';

export interface TagOptions {
  caseMode?: CaseMode;
  /**
   * tagDocument only: run the document-level second pass (default true). Without it
   * tagging takes a little under half the time and dev F1 drops by about 0.7 points.
   */
  secondPass?: boolean;
}

export interface TagResult {
  /** IOB2 tags (B-PER, I-PER, O, ...). */
  tags: string[];
  spans: Span[];
}

/** Path of the committed model file. */
export function defaultModelPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // works from src/nlp/ner and dist/src/nlp/ner
  for (const up of ['../../..', '../../../..']) {
    const p = resolve(here, up, 'models/ner/model.bin.gz');
    if (existsSync(p)) return p;
  }
  return resolve(here, '../../../models/ner/model.bin.gz');
}

const fast = (t: WeightTable): FastTable => toFastTable(t, historyFeatureHashes);
const fastPass = (t: PassTables): FastPass => ({ pass1: fast(t.pass1), pass2: t.pass2 ? fast(t.pass2) : null });

export function modelFromData(data: NerModelData): NerModel {
  // The caseless tables (ALL-CAPS and lower-case text) are laid out on first use: a reader of
  // mixed-case news never pays for them.
  let caseless: FastPass | null | undefined;
  const fast = {
    cased: fastPass(data),
    get caseless(): FastPass | null {
      if (caseless === undefined) caseless = data.caseless ? fastPass(data.caseless) : null;
      return caseless;
    },
  };
  return { ...data, featurizer: new Featurizer(data.resources), fast };
}

export function loadNerModel(path?: string): NerModel {
  return modelFromData(deserializeModel(readFileSync(path ?? defaultModelPath())));
}

const featBuf = new Uint32Array(MAX_STATIC_FEATS + N_DYNAMIC_FEATS + 8);
const scoreBuf = new Int32Array(ROW);
/** Scratch for one feature (filled while featBuf may be in use). */
const oneBuf = new Uint32Array(1);

/** Row of feature key k in table, or -1. */
function rowOf(kv: Int32Array, mask: number, key: number): number {
  let k = key | 0;
  if (k === 0) k = ZERO_KEY;
  let slot = (Math.imul(k, 0x9e3779b1) >>> 0) & mask;
  for (;;) {
    const kk = kv[2 * slot]!;
    if (kk === k) return kv[2 * slot + 1]!;
    if (kk === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

/** Add the weight rows of features feats[0, nf) to dst[off, off + N_LABELS). */
function addFeats(table: FastTable, feats: Uint32Array, nf: number, dst: Int32Array, off: number): void {
  const { kv, q, mask } = table;
  const L = N_LABELS;
  for (let f = 0; f < nf; f++) {
    const row = rowOf(kv, mask, feats[f]!);
    if (row < 0) continue;
    const b = row * ROW;
    for (let l = 0; l < L; l++) dst[off + l] = (dst[off + l]! + q[b + l]!) | 0;
  }
}

/**
 * A small direct-mapped cache in front of a table's hash index for the features still looked
 * up per token (shape n-grams repeat constantly, frequent word pairs often): a hit stays in
 * the first-level caches instead of probing the multi-megabyte index.
 */
const FRONT_BITS = 12;
const frontOf = new WeakMap<FastTable, Int32Array>();

function front(table: FastTable): Int32Array {
  let f = frontOf.get(table);
  if (!f) frontOf.set(table, (f = new Int32Array(2 << FRONT_BITS)));
  return f;
}

/**
 * Most features looked up per token are not in the table: a one-hash bit filter (2^20 bits,
 * 128 KB, small enough to stay in the core's cache) rejects most of them without touching
 * the index. Bit of key k: FILTER_HASH(k) >>> (32 - FILTER_BITS).
 */
const FILTER_BITS = 20;
const filterOf = new WeakMap<FastTable, Uint32Array>();

function filter(table: FastTable): Uint32Array {
  let f = filterOf.get(table);
  if (f) return f;
  f = new Uint32Array(1 << (FILTER_BITS - 5));
  const kv = table.kv;
  for (let s = 0; s < kv.length; s += 2) {
    const k = kv[s]!;
    if (k === 0) continue;
    const h = Math.imul(k, 0x2545f491) >>> (32 - FILTER_BITS);
    f[h >>> 5]! |= 1 << (h & 31);
  }
  filterOf.set(table, f);
  return f;
}

/** addFeats through the front cache `fc` and the bit filter `bf` of table. */
function addFeatsFront(table: FastTable, fc: Int32Array, bf: Uint32Array, feats: Uint32Array, nf: number, dst: Int32Array, off: number): void {
  const { kv, q, mask } = table;
  const L = N_LABELS;
  for (let f = 0; f < nf; f++) {
    let k = feats[f]! | 0;
    if (k === 0) k = ZERO_KEY;
    const e = (Math.imul(k, 0x85ebca6b) >>> (32 - FRONT_BITS)) << 1;
    let row: number;
    if (fc[e] === k) row = fc[e + 1]!;
    else {
      const h = Math.imul(k, 0x2545f491) >>> (32 - FILTER_BITS);
      row = (bf[h >>> 5]! & (1 << (h & 31))) === 0 ? -1 : rowOf(kv, mask, k);
      fc[e] = k;
      fc[e + 1] = row;
    }
    if (row < 0) continue;
    const b = row * ROW;
    for (let l = 0; l < L; l++) dst[off + l] = (dst[off + l]! + q[b + l]!) | 0;
  }
}

/** Add the weight rows of features feats[0, nf) to sc. */
function addRows(table: FastTable, feats: Uint32Array, nf: number, sc: Int32Array): void {
  addFeats(table, feats, nf, sc, 0);
}

/**
 * Reference decoder (the plain feature sum, no per-word caches); `decodePrepared` must give
 * the same labels. Kept for tests.
 */
export function decodePreparedReference(fz: Featurizer, table: FastTable, out: Uint8Array): void {
  const n = fz.n;
  const L = N_LABELS;
  const feats = featBuf;
  const sc = scoreBuf;
  let p1 = L;
  let p2 = L;
  for (let i = 0; i < n; i++) {
    sc.fill(0);
    let nf = fz.staticFeatures(i, feats, 0);
    nf = lexicalHistoryFeatures(p1, fz.hL[i]!, fz.hS[i]!, feats, nf);
    addRows(table, feats, nf, sc);
    const hb = (p2 * (L + 1) + p1) * ROW;
    for (let l = 0; l < L; l++) sc[l] = (sc[l]! + table.hist[hb + l]!) | 0;
    const best = argmaxAllowed(sc, p1);
    out[i] = best;
    p2 = p1;
    p1 = best;
  }
}

function argmaxAllowed(sc: Int32Array, p1: number): number {
  const L = N_LABELS;
  let best = 0;
  let bestScore = -2147483648;
  const allowBase = p1 * L;
  for (let l = 0; l < L; l++) {
    if (ALLOWED[allowBase + l] === 0) continue;
    const s = sc[l]!;
    if (s > bestScore) {
      bestScore = s;
      best = l;
    }
  }
  return best;
}

// Per-word cached score vectors (WordPool slots): the word's own features, the features it
// gives its neighbours at -1, +1, -2, +2, its lexicalised history features after an O, and its
// sentence-context features (not first in the sentence; sentence case in `pool.self`). The two
// "own" slots sum the word's own and sentence-context features for a token inside (S_OWN) or
// opening (S_OWN_FIRST) a sentence, for the sentence case in `pool.ownCase`, so that decoding adds
// one vector instead of two (or a vector and a lookup). The topic features of a token depend on
// its shape and capitalisation, not on the word: they are cached per shape (`topicShapeRow`).
const S_WORD = 0;
const S_M1 = 1;
const S_P1 = 2;
const S_M2 = 3;
const S_P2 = 4;
const S_H0 = 5;
const S_SELF = 6;
const S_OWN = 7;
const S_OWN_FIRST = 8;
const WORD_SLOTS = 9;
const STRIDE = WORD_SLOTS * N_LABELS;

/** Dense score vectors of a table for features with small value domains. */
interface Dense {
  /** Neighbour features when there is no neighbour, per side (4 × N_LABELS). */
  bound: Int32Array;
  /** Gaz(bit) + GazShape(bit, capv): ((bit * 3) + capv) * N_LABELS, bit < 64, capv < 3. */
  gaz: Int32Array;
  /** CapStatM1 / CapStatP1(neighbour, own): (1 + (side * 8 + neighbour) * 8 + own) * N_LABELS; row 0 is zeros. */
  cap: Int32Array;
  /** Both of them at once: CapStatM1(left, own) + CapStatP1(right, own) at `capBothRow(left, own, right) * N_LABELS`; row 0 is zeros. */
  capBoth: Int32Array;
}

/** Row in `Dense.capBoth` of a token's capitalisation bucket with its neighbours' (each < 8; 7 = none). */
function capBothRow(left: number, own: number, right: number): number {
  return 1 + (left * 8 + own) * 8 + right;
}

const denseOf = new WeakMap<FastTable, Dense>();

function dense(table: FastTable): Dense {
  let d = denseOf.get(table);
  if (d) return d;
  const L = N_LABELS;
  const feats = featBuf;
  const bound = new Int32Array(4 * L);
  for (let side = 0; side < 4; side++) {
    const [lo, sh, cl] = BOUNDARY[side]!;
    addFeats(table, feats, neighbourFeatures(side as Side, lo, sh, cl, feats, 0), bound, side * L);
  }
  const gaz = new Int32Array(64 * 3 * L);
  for (let bit = 0; bit < 64; bit++) {
    for (let capv = 0; capv < 3; capv++) addFeats(table, feats, gazFeatures(bit, capv, feats, 0), gaz, (bit * 3 + capv) * L);
  }
  const cap = new Int32Array((1 + 2 * 64) * L);
  for (let side = 0; side < 2; side++) {
    for (let a = 0; a < 8; a++) {
      for (let c = 0; c < 8; c++) {
        feats[0] = capNeighbourFeature(side as Side, a, c);
        addFeats(table, feats, 1, cap, (1 + (side * 8 + a) * 8 + c) * L);
      }
    }
  }
  const capBoth = new Int32Array((1 + 8 * 8 * 8) * L);
  for (let a = 0; a < 8; a++) {
    for (let c = 0; c < 8; c++) {
      for (let b = 0; b < 8; b++) {
        const o = capBothRow(a, c, b) * L;
        const m1 = (1 + a * 8 + c) * L;
        const p1 = (1 + (8 + b) * 8 + c) * L;
        for (let l = 0; l < L; l++) capBoth[o + l] = (cap[m1 + l]! + cap[p1 + l]!) | 0;
      }
    }
  }
  d = { bound, gaz, cap, capBoth };
  denseOf.set(table, d);
  return d;
}

/**
 * Dense score vectors of a table for the document-level features with small value domains (see
 * `documentFeatures`). First-pass label values `st` (label + 1, 31 = no token) are indexed by
 * `stackIndex`, STACK_VALUES of them.
 */
interface DocDense {
  /** StackCur + StackNext + StackCurNext at (st * STACK_VALUES + stN) * N_LABELS. */
  stackOwn: Int32Array;
  /** StackPrevNext at (stP * STACK_VALUES + stN) * N_LABELS. */
  stackPrevNext: Int32Array;
  /** StackNext2 at (stN * STACK_VALUES + stN2) * N_LABELS. */
  stackNext2: Int32Array;
  /** DocCaseSent at (dc * SENT_POS + sentCase * 4 + first) * N_LABELS. */
  caseSent: Int32Array;
  /** DocM1 + DocP1 at (dm1 * 10 + dp1) * N_LABELS (dm1, dp1 < 8, or 9 for no neighbour). */
  neighbours: Int32Array;
}

const STACK_VALUES = N_LABELS + 2;
const SENT_POS = 12;

/** Dense index of a first-pass label value st (0 ..= N_LABELS, or 31 for no token); -1 outside that domain. */
function stackIndex(st: number): number {
  return st <= N_LABELS ? st : st === 31 ? N_LABELS + 1 : -1;
}

const docDenseOf = new WeakMap<FastTable, DocDense>();

function docDense(table: FastTable): DocDense {
  let d = docDenseOf.get(table);
  if (d) return d;
  const L = N_LABELS;
  const S = STACK_VALUES;
  const feats = featBuf;
  const value = (x: number) => (x === N_LABELS + 1 ? 31 : x);
  const stackOwn = new Int32Array(S * S * L);
  const stackPrevNext = new Int32Array(S * S * L);
  const stackNext2 = new Int32Array(S * S * L);
  for (let a = 0; a < S; a++) {
    for (let b = 0; b < S; b++) {
      const o = (a * S + b) * L;
      addFeats(table, feats, stackOwnFeatures(value(a), value(b), feats, 0), stackOwn, o);
      oneBuf[0] = stackPrevNextFeature(value(a), value(b));
      addFeats(table, oneBuf, 1, stackPrevNext, o);
      oneBuf[0] = stackNext2Feature(value(a), value(b));
      addFeats(table, oneBuf, 1, stackNext2, o);
    }
  }
  const caseSent = new Int32Array(4 * SENT_POS * L);
  for (let dc = 1; dc < 4; dc++) {
    for (let sp = 0; sp < SENT_POS; sp++) {
      oneBuf[0] = docCaseSentFeature(dc, sp);
      addFeats(table, oneBuf, 1, caseSent, (dc * SENT_POS + sp) * L);
    }
  }
  const neighbours = new Int32Array(100 * L);
  for (let a = 0; a < 10; a++) {
    for (let b = 0; b < 10; b++) addFeats(table, feats, docNeighbourFeatures(a, b, feats, 0), neighbours, (a * 10 + b) * L);
  }
  d = { stackOwn, stackPrevNext, stackNext2, caseSent, neighbours };
  docDenseOf.set(table, d);
  return d;
}

/** Topic(topic, capv) and TopicGaz(topic, bit) scores of the current document topic, filled lazily. */
interface TopicScores {
  topic: number;
  /** capv < 3 at [capv * N_LABELS], gazetteer bit b at [(3 + b) * N_LABELS]. */
  v: Int32Array;
  have: Uint8Array;
}

const topicOf = new WeakMap<FastTable, TopicScores>();

function topicScores(table: FastTable, topic: number): TopicScores {
  let t = topicOf.get(table);
  if (!t) topicOf.set(table, (t = { topic, v: new Int32Array(67 * N_LABELS), have: new Uint8Array(67) }));
  else if (t.topic !== topic) {
    t.topic = topic;
    t.have.fill(0);
  }
  return t;
}

/** Offset in ts.v of topic entry e (< 3: Topic with capv e; else TopicGaz with bit e - 3). */
function topicSlot(table: FastTable, ts: TopicScores, e: number): number {
  const off = e * N_LABELS;
  if (ts.have[e] === 1) return off;
  oneBuf[0] = e < 3 ? topicFeature(ts.topic, e) : topicGazFeature(ts.topic, e - 3);
  ts.v.fill(0, off, off + N_LABELS);
  addFeats(table, oneBuf, 1, ts.v, off);
  ts.have[e] = 1;
  return off;
}

/**
 * The featurizer's pool for table. Pool row 0 is a pseudo-word standing for "no word": its
 * neighbour slots hold the boundary scores; word id k is row k + 1.
 */
function poolFor(fz: Featurizer, table: FastTable, d: Dense): WordPool {
  let maxId = 0;
  for (let i = 0; i < fz.n; i++) if (fz.infos[i]!.id > maxId) maxId = fz.infos[i]!.id;
  let p = fz.pools[table.id];
  if (p && p.have.length > maxId + 1) return p;
  let cap = 1024;
  while (cap <= maxId + 1) cap *= 2;
  const np: WordPool = {
    v: new Int32Array(cap * STRIDE), have: new Uint16Array(cap), self: new Int8Array(cap), ownCase: new Int8Array(2 * cap),
    doc: new Int32Array(cap * N_LABELS), docKey: new Uint8Array(cap),
    topic: p?.topic ?? 0, topicShape: p?.topicShape ?? new Int32Array(64 * N_LABELS), topicShapeHave: p?.topicShapeHave ?? new Uint8Array(64),
  };
  if (p) {
    np.v.set(p.v);
    np.have.set(p.have);
    np.self.set(p.self);
    np.ownCase.set(p.ownCase);
    np.doc.set(p.doc);
    np.docKey.set(p.docKey);
  } else {
    for (let side = 0; side < 4; side++) np.v.set(d.bound.subarray(side * N_LABELS, (side + 1) * N_LABELS), (S_M1 + side) * N_LABELS);
  }
  fz.pools[table.id] = np;
  return np;
}

/** Offset in pool.v of slot s of the word at position i, computing it when missing. */
function slot(fz: Featurizer, table: FastTable, pool: WordPool, i: number, s: number): number {
  const w = fz.infos[i]!.id + 1;
  const off = w * STRIDE + s * N_LABELS;
  const bit = 1 << s;
  if ((pool.have[w]! & bit) !== 0 && (s !== S_SELF || pool.self[w] === fz.sentCase)) return off;
  const feats = featBuf;
  let nf: number;
  if (s === S_WORD) nf = fz.wordFeatures(i, feats, 0);
  else if (s === S_H0) nf = lexicalHistoryFeatures(0, fz.hL[i]!, fz.hS[i]!, feats, 0);
  else if (s === S_SELF) {
    nf = selfContextFeatures(fz.hL[i]!, fz.hS[i]!, fz.caps[i]!, fz.sentCase, 0, feats, 0);
    pool.self[w] = fz.sentCase;
  } else nf = neighbourFeatures((s - S_M1) as Side, fz.hL[i]!, fz.hS[i]!, fz.clus[i]!, feats, 0);
  const v = pool.v;
  v.fill(0, off, off + N_LABELS);
  addFeats(table, feats, nf, v, off);
  pool.have[w]! |= bit;
  return off;
}

/**
 * Offset in pool.topicShape of the topic features of the token at position i: TopicShape(topic,
 * shape) + Topic(topic, capitalisation), by the word's shape id and capitalisation (row 0 is
 * zeros), computed when missing; the rows are emptied when the document topic changes.
 */
function topicShapeRow(fz: Featurizer, table: FastTable, pool: WordPool, ts: TopicScores, i: number): number {
  const L = N_LABELS;
  const topic = fz.topic | 0;
  if (pool.topic !== topic) {
    pool.topic = topic;
    pool.topicShapeHave.fill(0);
  }
  const capv = fz.cap[i]!;
  const e = 1 + fz.infos[i]!.shape * 3 + capv;
  if (e >= pool.topicShapeHave.length) {
    let cap = pool.topicShapeHave.length;
    while (cap <= e) cap *= 2;
    const have = new Uint8Array(cap);
    have.set(pool.topicShapeHave);
    const rows = new Int32Array(cap * L);
    rows.set(pool.topicShape);
    pool.topicShapeHave = have;
    pool.topicShape = rows;
  }
  const off = e * L;
  if (pool.topicShapeHave[e] === 1) return off;
  const rows = pool.topicShape;
  rows.fill(0, off, off + L);
  oneBuf[0] = topicShapeFeature(fz.topic, fz.hS[i]!);
  addFeats(table, oneBuf, 1, rows, off);
  const oc = topicSlot(table, ts, capv);
  for (let l = 0; l < L; l++) rows[off + l] = (rows[off + l]! + ts.v[oc + l]!) | 0;
  pool.topicShapeHave[e] = 1;
  return off;
}

/**
 * Offset in pool.v of the own-score slot of the word at position i (`first`: it opens the
 * sentence), summing it from the word and sentence-context features when it is missing or was
 * summed for another sentence case.
 */
function ownSlot(fz: Featurizer, table: FastTable, pool: WordPool, i: number, first: boolean): number {
  const L = N_LABELS;
  const w = fz.infos[i]!.id + 1;
  const s = first ? S_OWN_FIRST : S_OWN;
  const off = w * STRIDE + s * L;
  const bit = 1 << s;
  const k = 2 * w + (first ? 1 : 0);
  if ((pool.have[w]! & bit) !== 0 && pool.ownCase[k] === fz.sentCase) return off;
  const v = pool.v;
  const ow = slot(fz, table, pool, i, S_WORD);
  for (let l = 0; l < L; l++) v[off + l] = v[ow + l]!;
  if (first) {
    const feats = featBuf;
    addFeats(table, feats, selfContextFeatures(fz.hL[i]!, fz.hS[i]!, fz.caps[i]!, fz.sentCase, 1, feats, 0), v, off);
  } else {
    const os = slot(fz, table, pool, i, S_SELF);
    for (let l = 0; l < L; l++) v[off + l] = (v[off + l]! + v[os + l]!) | 0;
  }
  pool.have[w]! |= bit;
  pool.ownCase[k] = fz.sentCase;
  return off;
}

/**
 * Offset in pool.doc of the word-level document features of the token at position i (`docWordFeatures`
 * for its doc values d and dc, not both 0), summed when missing or summed for other values: a word
 * keeps its doc values through most of a document.
 */
function docWordSlot(fz: Featurizer, table: FastTable, pool: WordPool, i: number, d: number, dc: number): number {
  const w = fz.infos[i]!.id + 1;
  const off = w * N_LABELS;
  const key = (dc << 3) | d;
  if (pool.docKey[w] === key) return off;
  const feats = featBuf;
  pool.doc.fill(0, off, off + N_LABELS);
  addFeats(table, feats, docWordFeatures(d, dc, fz.hL[i]!, fz.hS[i]!, fz.cap[i]!, fz.caps[i]!, feats, 0), pool.doc, off);
  pool.docKey[w] = key;
  return off;
}

/**
 * Add the document-level features of token i except context aggregation (`documentFeatures`) to
 * dst[off, off + N_LABELS): from the dense tables and the word's doc slot. First-pass label values
 * outside the dense domain (never from `documentValues`) go through the hash index.
 */
function addDocScores(fz: Featurizer, table: FastTable, pool: WordPool, dd: DocDense, i: number, dst: Int32Array, off: number): void {
  const L = N_LABELS;
  const n = fz.n;
  const doc = fz.doc;
  const dAll = doc[i]!;
  const st = dAll >> 5;
  if (st !== 0) {
    const stN = i + 1 < n ? doc[i + 1]! >> 5 : 31;
    const stP = i > 0 ? doc[i - 1]! >> 5 : 31;
    const stN2 = i + 2 < n ? doc[i + 2]! >> 5 : 31;
    const a = stackIndex(st);
    const b = stackIndex(stN);
    const p = stackIndex(stP);
    const c = stackIndex(stN2);
    if (a >= 0 && b >= 0 && p >= 0 && c >= 0) {
      const S = STACK_VALUES;
      const o1 = (a * S + b) * L;
      const o2 = (p * S + b) * L;
      const o3 = (b * S + c) * L;
      const { stackOwn, stackPrevNext, stackNext2 } = dd;
      for (let l = 0; l < L; l++) dst[off + l] = (dst[off + l]! + stackOwn[o1 + l]! + stackPrevNext[o2 + l]! + stackNext2[o3 + l]!) | 0;
    } else {
      const feats = featBuf;
      let nf = stackOwnFeatures(st, stN, feats, 0);
      feats[nf++] = stackPrevNextFeature(stP, stN);
      feats[nf++] = stackNext2Feature(stN, stN2);
      addFeats(table, feats, nf, dst, off);
    }
  }
  const d = dAll & 7;
  const dc = (dAll >> 3) & 3;
  if (d === 0 && dc === 0) return;
  const v = pool.doc;
  const ow = docWordSlot(fz, table, pool, i, d, dc);
  for (let l = 0; l < L; l++) dst[off + l] = (dst[off + l]! + v[ow + l]!) | 0;
  if (dc !== 0) {
    const cs = dd.caseSent;
    const oc = (dc * SENT_POS + fz.sentCase * 4 + (i === 0 ? 1 : 0)) * L;
    for (let l = 0; l < L; l++) dst[off + l] = (dst[off + l]! + cs[oc + l]!) | 0;
  }
  if (d !== 0) {
    const nb = dd.neighbours;
    const on = ((i > 0 ? doc[i - 1]! & 7 : 9) * 10 + (i + 1 < n ? doc[i + 1]! & 7 : 9)) * L;
    for (let l = 0; l < L; l++) dst[off + l] = (dst[off + l]! + nb[on + l]!) | 0;
  }
}

let staticBuf = new Int32Array(64 * N_LABELS);
/** Offsets of the cached vectors summed per token: TOKEN_VECS per token (see decodePrepared). */
const TOKEN_VECS = 7;
let offBuf = new Int32Array(64 * TOKEN_VECS);
const NO_TOPIC: TopicScores = { topic: 0, v: new Int32Array(67 * N_LABELS), have: new Uint8Array(67).fill(1) };

/**
 * Greedy BILOU decoding of one prepared sentence with one weight table. Scores are integer
 * sums of weight rows, so grouping them is exact: each word's own features, the features it
 * gives its neighbours and its sentence-context features are summed once per word and cached
 * (`WordPool`), topic features once per shape and capitalisation, features with small domains
 * come from dense tables, and only word pairs, shape n-grams and document features are looked
 * up per token (through a small front cache). Same labels as `decodePreparedReference`.
 * `aggScores` (N_LABELS per token), when given, are the scores of the context-aggregation
 * features, summed per document by `docAggScores`, in place of `fz.agg`.
 */
export function decodePrepared(fz: Featurizer, table: FastTable, out: Uint8Array, aggScores?: Int32Array): void {
  const n = fz.n;
  if (n === 0) return;
  const L = N_LABELS;
  const d = dense(table);
  const pool = poolFor(fz, table, d);
  if (staticBuf.length < n * L) staticBuf = new Int32Array(n * 2 * L);
  if (offBuf.length < n * TOKEN_VECS) offBuf = new Int32Array(n * 2 * TOKEN_VECS);
  const st = staticBuf;
  const ob = offBuf;
  const feats = featBuf;
  const { gaz: dGaz, capBoth } = d;
  const hL = fz.hL;
  const hS = fz.hS;
  const capsA = fz.caps;
  const gz = fz.gaz;
  const ts = fz.topic !== 0 ? topicScores(table, fz.topic) : NO_TOPIC;
  const hasTopic = fz.topic !== 0;
  const hasDoc = fz.hasDoc;
  const fc = front(table);
  const bf = filter(table);
  // 1a. the cached vectors of every token (filling missing ones), as offsets: in pool.v its own
  //     word's (word and sentence context) and its neighbours' -1 +1 -2 +2 (row 0 = none); in
  //     pool.topicShape its topic features (row 0 = none); in capBoth the capitalisation
  //     statistics of the token with its neighbours (0 = not in the dense table)
  for (let i = 0; i < n; i++) {
    const o = i * TOKEN_VECS;
    ob[o] = ownSlot(fz, table, pool, i, i === 0);
    ob[o + 1] = hasTopic ? topicShapeRow(fz, table, pool, ts, i) : 0; // row 0: zeros
    ob[o + 2] = i > 0 ? slot(fz, table, pool, i - 1, S_M1) : S_M1 * L;
    ob[o + 3] = i + 1 < n ? slot(fz, table, pool, i + 1, S_P1) : S_P1 * L;
    ob[o + 4] = i > 1 ? slot(fz, table, pool, i - 2, S_M2) : S_M2 * L;
    ob[o + 5] = i + 2 < n ? slot(fz, table, pool, i + 2, S_P2) : S_P2 * L;
    const cs = capsA[i]!;
    const cm = i > 0 ? capsA[i - 1]! : 7;
    const cp = i + 1 < n ? capsA[i + 1]! : 7;
    ob[o + 6] = cs < 8 && cm < 8 && cp < 8 ? capBothRow(cm, cs, cp) * L : 0;
  }
  // 1b. label-independent scores per token
  const v = pool.v;
  const tsh = pool.topicShape;
  const tv = ts.v;
  for (let i = 0; i < n; i++) {
    const b = i * L;
    const o = i * TOKEN_VECS;
    const o0 = ob[o]!;
    const o1 = ob[o + 1]!;
    const o2 = ob[o + 2]!;
    const o3 = ob[o + 3]!;
    const o4 = ob[o + 4]!;
    const o5 = ob[o + 5]!;
    const o6 = ob[o + 6]!;
    for (let l = 0; l < L; l++) st[b + l] = (v[o0 + l]! + tsh[o1 + l]! + v[o2 + l]! + v[o3 + l]! + v[o4 + l]! + v[o5 + l]! + capBoth[o6 + l]!) | 0;
    let nf = 0;
    if (o6 === 0) {
      const cs = capsA[i]!;
      feats[nf++] = capNeighbourFeature(0 as Side, i > 0 ? capsA[i - 1]! : 7, cs);
      feats[nf++] = capNeighbourFeature(1 as Side, i + 1 < n ? capsA[i + 1]! : 7, cs);
    }
    // gazetteer bits (at most 12, highest first, as in contextFeatures)
    const capv = fz.cap[i]!;
    let nGaz = 0;
    for (let wd = 0; wd < 2; wd++) {
      let g = gz[2 * i + wd]!;
      while (g !== 0 && nGaz < 12) {
        const bt = 31 - Math.clz32(g);
        g &= ~(1 << bt);
        const og = ((wd * 32 + bt) * 3 + capv) * L;
        for (let l = 0; l < L; l++) st[b + l] = (st[b + l]! + dGaz[og + l]!) | 0;
        nGaz++;
      }
    }
    if (hasTopic) {
      let k = 0;
      for (let wd = 0; wd < 2; wd++) {
        let gg = gz[2 * i + wd]!;
        while (gg !== 0 && k++ < 4) {
          const bt = 31 - Math.clz32(gg);
          gg &= ~(1 << bt);
          const ot = topicSlot(table, ts, 3 + wd * 32 + bt);
          for (let l = 0; l < L; l++) st[b + l] = (st[b + l]! + tv[ot + l]!) | 0;
        }
      }
    }
    nf = fz.wordPairFeatures(i, feats, nf);
    if (aggScores) {
      for (let l = 0; l < L; l++) st[b + l] = (st[b + l]! + aggScores[b + l]!) | 0;
    } else nf = fz.aggFeatures(i, feats, nf);
    addFeatsFront(table, fc, bf, feats, nf, st, b);
    if (hasDoc && fz.doc[i] !== 0) addDocScores(fz, table, pool, docDense(table), i, st, b);
  }
  // 2. greedy left-to-right with the label history
  const hist = table.hist;
  const sc = scoreBuf;
  let p1 = L;
  let p2 = L;
  for (let i = 0; i < n; i++) {
    const b = i * L;
    const hb = (p2 * (L + 1) + p1) * ROW;
    for (let l = 0; l < L; l++) sc[l] = (st[b + l]! + hist[hb + l]!) | 0;
    if (p1 === 0) {
      const o = slot(fz, table, pool, i, S_H0);
      for (let l = 0; l < L; l++) sc[l] = (sc[l]! + v[o + l]!) | 0;
    } else addFeatsFront(table, fc, bf, feats, lexicalHistoryFeatures(p1, hL[i]!, hS[i]!, feats, 0), sc, 0);
    const best = argmaxAllowed(sc, p1);
    out[i] = best;
    p2 = p1;
    p1 = best;
  }
}

/** `w === w.toUpperCase()`, without building the upper-cased string for ASCII words. */
function isAllCaps(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) return w === w.toUpperCase();
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}

/**
 * True when the text carries no usable case information: (almost) no capitalised
 * words (lower-cased text) or (almost) only all-caps words (upper-cased text).
 */
export function isCaseless(sentences: readonly (readonly string[])[]): boolean {
  let alpha = 0;
  let capitalised = 0;
  let allCaps = 0;
  for (const s of sentences) {
    for (const w of s) {
      const c = w.charCodeAt(0);
      const up = c >= 65 && c <= 90;
      if (!up && !(c >= 97 && c <= 122)) continue;
      alpha++;
      if (up) {
        capitalised++;
        if (w.length > 1 && isAllCaps(w)) allCaps++;
      }
    }
  }
  if (alpha === 0) return false;
  return capitalised / alpha < 0.02 || allCaps / alpha > 0.8;
}

interface Route {
  tables: FastPass;
  lower: boolean;
}

function route(model: NerModel, sentences: readonly (readonly string[])[], mode: CaseMode = 'auto'): Route {
  const cl = model.fast.caseless;
  if (cl && (mode === 'caseless' || (mode === 'auto' && isCaseless(sentences)))) return { tables: cl, lower: true };
  return { tables: model.fast.cased, lower: false };
}

/** The tokens lower-cased; the same array when they already are (callers often pass lower-cased text). */
function lowerSentence(tokens: readonly string[]): readonly string[] {
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!;
    for (let k = 0; k < w.length; k++) {
      const c = w.charCodeAt(k);
      if ((c >= 65 && c <= 90) || c >= 128) return tokens.map((t) => t.toLowerCase());
    }
  }
  return tokens;
}

function labelsWith(fz: Featurizer, table: FastTable, tokens: readonly string[], doc?: DocValues, topic = 0, agg?: Uint32Array): Uint8Array {
  const out = new Uint8Array(tokens.length);
  if (tokens.length === 0) return out;
  fz.prepare(tokens, doc, topic, agg);
  decodePrepared(fz, table, out);
  return out;
}

/** Label ids for one sentence: first pass, or second pass when doc-level values are given. */
export function tagLabels(model: NerModel, tokens: readonly string[], doc?: DocValues, topic = 0, opts: TagOptions = {}): Uint8Array {
  const r = route(model, [tokens], opts.caseMode);
  const toks = r.lower ? lowerSentence(tokens) : tokens;
  return labelsWith(model.featurizer, doc && r.tables.pass2 ? r.tables.pass2 : r.tables.pass1, toks, doc, topic);
}

function toIob2(labels: Uint8Array): string[] {
  const tags: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l === 0) tags.push('O');
    else {
      const pos = (l - 1) & 3;
      tags.push(`${pos === 0 || pos === 3 ? 'B' : 'I'}-${LABEL_NAMES[l]!.slice(2)}`);
    }
  }
  return tags;
}

/** Tag one sentence in isolation (no document context). */
export function tagTokens(model: NerModel, tokens: readonly string[], opts: TagOptions = {}): TagResult {
  const labels = tagLabels(model, tokens, undefined, 0, opts);
  return { tags: toIob2(labels), spans: spansFromBilou(labels) };
}

/**
 * What the document-level statistics read of a document's tokens, in document order (buffers
 * reused from document to document; entries [0, n) are the current document's).
 */
class DocTokens {
  n = 0;
  /** Hash of the lower-cased token | 1. */
  key = new Int32Array(256);
  /**
   * `wordDocFlags` of the token, DOC_LOWER and DOC_UPPER kept only where they are case evidence
   * (not the first token of a mixed-case sentence).
   */
  flags = new Uint8Array(256);
  /** 1: first token of its sentence, 2: last (3: both). */
  edge = new Uint8Array(256);
  /** First-pass label. */
  label = new Uint8Array(256);

  /** Make room for n tokens and start a document of n tokens. */
  reset(n: number): void {
    if (this.key.length < n) {
      let cap = this.key.length;
      while (cap < n) cap *= 2;
      this.key = new Int32Array(cap);
      this.flags = new Uint8Array(cap);
      this.edge = new Uint8Array(cap);
      this.label = new Uint8Array(cap);
    }
    this.n = n;
  }

  /** Set token t (position i of a sentence of length len, of sentence case sentCase). */
  set(t: number, i: number, len: number, sentCase: number, lowerHash: number, flags: number, label: number): void {
    this.key[t] = lowerHash | 1;
    this.flags[t] = sentCase === 0 && i > 0 ? flags : flags & (DOC_WORDY | DOC_AGG);
    this.edge[t] = (i === 0 ? 1 : 0) | (i + 1 === len ? 2 : 0);
    this.label[t] = label;
  }

  /** The tokens of sentences (labels from `labels`, 0 when absent). */
  fill(sentences: readonly (readonly string[])[], labels?: readonly Uint8Array[]): this {
    let n = 0;
    for (const s of sentences) n += s.length;
    this.reset(n);
    let t = 0;
    for (let si = 0; si < sentences.length; si++) {
      const toks = sentences[si]!;
      const sc = sentenceCase(toks);
      for (let i = 0; i < toks.length; i++, t++) {
        const w = toks[i]!;
        this.set(t, i, toks.length, sc, hashStr(w.toLowerCase()), wordDocFlags(w), labels ? labels[si]![i]! : 0);
      }
    }
    return this;
  }
}

/** Occurrences kept per word for context aggregation. */
const AGG_OCC = 8;

/** Reusable grouping of a document's tokens by lower-cased word (`groupWords`). */
const groups = {
  /** Open-addressing table: word key -> group id in `ids` (key 0 = empty slot). */
  keys: new Int32Array(512),
  ids: new Int32Array(512),
  /** Group of each token (-1: not a word). */
  of: new Int32Array(256),
  /** Per group: first-pass type counts (1 + ENTITY_TYPES.length: O first). */
  counts: new Int32Array(256 * (1 + ENTITY_TYPES.length)),
  /** Per group: case evidence [lower-case, capitalised] counts. */
  cases: new Int32Array(512),
  /** Per group: the first AGG_OCC occurrences (token index) of the word with DOC_AGG, and their count. */
  occ: new Int32Array(256 * AGG_OCC),
  occN: new Uint8Array(256),
};

/**
 * Group the tokens of dt by lower-cased word (the words with DOC_WORDY; the word's hash stands for
 * it) into `groups`, counting first-pass types and case evidence and listing occurrences.
 */
function groupWords(dt: DocTokens): void {
  const n = dt.n;
  const T = 1 + ENTITY_TYPES.length;
  // a table of at least twice the document's tokens, emptied up to that size only
  let cap = 512;
  while (cap < 2 * n) cap *= 2;
  if (cap > groups.keys.length) {
    groups.keys = new Int32Array(cap);
    groups.ids = new Int32Array(cap);
  } else groups.keys.fill(0, 0, cap);
  if (groups.of.length < n) {
    let m = groups.of.length;
    while (m < n) m *= 2;
    groups.of = new Int32Array(m);
    groups.counts = new Int32Array(m * T);
    groups.cases = new Int32Array(m * 2);
    groups.occ = new Int32Array(m * AGG_OCC);
    groups.occN = new Uint8Array(m);
  }
  const { keys, ids, of, counts, cases, occ, occN } = groups;
  const mask = cap - 1;
  let nG = 0;
  for (let t = 0; t < n; t++) {
    const f = dt.flags[t]!;
    if ((f & DOC_WORDY) === 0) {
      of[t] = -1;
      continue;
    }
    const k = dt.key[t]!;
    let slot = (Math.imul(k, 0x9e3779b1) >>> 0) & mask;
    let g: number;
    for (;;) {
      const kk = keys[slot]!;
      if (kk === k) {
        g = ids[slot]!;
        break;
      }
      if (kk === 0) {
        g = nG++;
        keys[slot] = k;
        ids[slot] = g;
        counts.fill(0, g * T, g * T + T);
        cases[2 * g] = 0;
        cases[2 * g + 1] = 0;
        occN[g] = 0;
        break;
      }
      slot = (slot + 1) & mask;
    }
    of[t] = g;
    counts[g * T + labelType(dt.label[t]!) + 1]!++;
    if ((f & DOC_LOWER) !== 0) cases[2 * g]!++;
    else if ((f & DOC_UPPER) !== 0) cases[2 * g + 1]!++;
    if ((f & DOC_AGG) !== 0 && occN[g]! < AGG_OCC) occ[g * AGG_OCC + occN[g]!++] = t;
  }
}

/** The DocValues of dt's tokens into out[0, dt.n) (see `documentValues`); needs `groupWords(dt)`. */
function docValuesOf(dt: DocTokens, out: Uint16Array): void {
  const T = 1 + ENTITY_TYPES.length;
  const { of, counts, cases } = groups;
  for (let t = 0; t < dt.n; t++) {
    const label = dt.label[t]!;
    let v = (label + 1) << 5;
    const g = of[t]!;
    if (g >= 0) {
      const c = g * T;
      const own = labelType(label) + 1;
      let best = -1;
      let bestC = 0;
      // entity types first so ties favour an entity type
      for (let ty = 1; ty < T; ty++) {
        const x = counts[c + ty]! - (ty === own ? 1 : 0);
        if (x > bestC) {
          bestC = x;
          best = ty;
        }
      }
      const o = counts[c]! - (own === 0 ? 1 : 0);
      if (o > bestC) best = 0;
      v |= best < 0 ? 0 : best + 1;
      const f = dt.flags[t]!;
      const lo = cases[2 * g]! - ((f & DOC_LOWER) !== 0 ? 1 : 0);
      const up = cases[2 * g + 1]! - ((f & DOC_UPPER) !== 0 ? 1 : 0);
      v |= ((lo > 0 ? 1 : 0) | (up > 0 ? 2 : 0)) << 3;
    }
    out[t] = v;
  }
}

/** The context-aggregation hashes of dt's tokens into out[0, dt.n * AGG_SLOTS) (see `documentAggregates`); needs `groupWords(dt)`. */
function docAggregatesOf(dt: DocTokens, out: Uint32Array): void {
  const per = AGG_SLOTS / 2;
  const { of, occ, occN } = groups;
  const { key, edge, flags } = dt;
  out.fill(0, 0, dt.n * AGG_SLOTS);
  for (let t = 0; t < dt.n; t++) {
    if ((flags[t]! & DOC_AGG) === 0) continue;
    const g = of[t]!;
    const o0 = g * AGG_OCC;
    const nOcc = occN[g]!;
    let k = 0;
    for (let o = 0; o < nOcc && k < per; o++) {
      const j = occ[o0 + o]!;
      if (j === t) continue;
      out[t * AGG_SLOTS + 2 * k] = (edge[j]! & 1) !== 0 ? 1 : key[j - 1]!;
      out[t * AGG_SLOTS + 2 * k + 1] = (edge[j]! & 2) !== 0 ? 3 : key[j + 1]!;
      k++;
    }
  }
}

/**
 * The scores in table of the context-aggregation features of dt's tokens (what `docAggregatesOf`
 * gives them), N_LABELS per token into out; needs `groupWords(dt)`. A token gets the pairs of the
 * first AGG_SLOTS / 2 occurrences of its word other than itself, so the pair scores are summed
 * once per word: the first AGG_SLOTS / 2 + 1 occurrences' pairs, their sum without the last,
 * and each token corrects that sum for itself.
 */
function docAggScores(dt: DocTokens, table: FastTable, out: Int32Array): void {
  const L = N_LABELS;
  const per = AGG_SLOTS / 2;
  const { of, occ, occN } = groups;
  const { key, edge, flags } = dt;
  const feats = featBuf;
  const fc = front(table);
  const bf = filter(table);
  out.fill(0, 0, dt.n * L);
  // each word with two or more occurrences gets a slot in aggPairBuf at its first occurrence
  if (aggSlotOf.length < groups.of.length) aggSlotOf = new Int32Array(groups.of.length);
  let nSlots = 0;
  for (let t = 0; t < dt.n; t++) {
    if ((flags[t]! & DOC_AGG) === 0) continue;
    const g = of[t]!;
    const o0 = g * AGG_OCC;
    const m = Math.min(occN[g]!, per + 1);
    if (m < 2) continue;
    if (occ[o0] === t) {
      // first occurrence: the pair scores of the word's first m occurrences and the sum of up to `per`
      aggSlotOf[g] = nSlots++;
      if (aggPairBuf.length < nSlots * PAIR_STRIDE) {
        const grown = new Int32Array(2 * nSlots * PAIR_STRIDE);
        grown.set(aggPairBuf);
        aggPairBuf = grown;
      }
      const pairs = aggPairBuf;
      const base = aggSlotOf[g]! * PAIR_STRIDE;
      pairs.fill(0, base, base + PAIR_STRIDE);
      for (let o = 0; o < m; o++) {
        const j = occ[o0 + o]!;
        const left = (edge[j]! & 1) !== 0 ? 1 : key[j - 1]!;
        const right = (edge[j]! & 2) !== 0 ? 3 : key[j + 1]!;
        const po = base + (1 + o) * L;
        addFeatsFront(table, fc, bf, feats, aggPairFeatures(left, right, feats, 0), pairs, po);
        if (o < per) for (let l = 0; l < L; l++) pairs[base + l] = (pairs[base + l]! + pairs[po + l]!) | 0;
      }
    }
    // the sum of the first `per` occurrences, without the token's own and with the next one instead
    const pairs = aggPairBuf;
    const base = aggSlotOf[g]! * PAIR_STRIDE;
    const ob = t * L;
    for (let l = 0; l < L; l++) out[ob + l] = pairs[base + l]!;
    for (let o = 0; o < per && o < m; o++) {
      if (occ[o0 + o] !== t) continue;
      const own = base + (1 + o) * L;
      for (let l = 0; l < L; l++) out[ob + l] = (out[ob + l]! - pairs[own + l]!) | 0;
      if (m > per) {
        const next = base + (1 + per) * L;
        for (let l = 0; l < L; l++) out[ob + l] = (out[ob + l]! + pairs[next + l]!) | 0;
      }
      break;
    }
  }
}

/** Per word group of `docAggScores`: the sum, then the pair scores of up to AGG_SLOTS / 2 + 1 occurrences. */
const PAIR_STRIDE = (AGG_SLOTS / 2 + 2) * N_LABELS;
let aggPairBuf = new Int32Array(256 * PAIR_STRIDE);
let aggSlotOf = new Int32Array(256);

/** Views of flat per-token arrays per sentence (`width` entries per token). */
function perSentence<A extends Uint16Array | Uint32Array>(flat: A, sentences: readonly (readonly string[])[], width: number): A[] {
  const out: A[] = [];
  let t = 0;
  for (const s of sentences) {
    out.push(flat.subarray(t * width, (t + s.length) * width) as A);
    t += s.length;
  }
  return out;
}

const docTokens = new DocTokens();

/**
 * Document-level values from first-pass labels: for each token, the majority type
 * (O counts as a class) that the same lower-cased word received elsewhere in the
 * document (0 = no other occurrence, 1 = O, 2 + type index), plus case evidence and
 * the token's own first-pass label (see DocValues).
 */
export function documentValues(sentences: readonly (readonly string[])[], labels: readonly Uint8Array[]): DocValues[] {
  const dt = docTokens.fill(sentences, labels);
  groupWords(dt);
  const out = new Uint16Array(dt.n);
  docValuesOf(dt, out);
  return perSentence(out, sentences, 1);
}

/**
 * Context aggregation (Ratinov & Roth 2009): for each word token, the lower-cased
 * left and right neighbours of up to AGG_SLOTS/2 other occurrences of the same word
 * in the document, as word hashes (AGG_SLOTS per token, 0 = empty).
 */
export function documentAggregates(sentences: readonly (readonly string[])[]): Uint32Array[] {
  const dt = docTokens.fill(sentences);
  groupWords(dt);
  const out = new Uint32Array(dt.n * AGG_SLOTS);
  docAggregatesOf(dt, out);
  return perSentence(out, sentences, AGG_SLOTS);
}

/** Topic hash of a document: hash of its lower-cased first token (0 when empty). */
export function documentTopic(sentences: readonly (readonly string[])[]): number {
  for (const s of sentences) if (s.length > 0) return hashStr(s[0]!.toLowerCase()) | 1;
  return 0;
}

export function tagDocumentLabels(
  model: NerModel,
  sentences: readonly (readonly string[])[],
  opts: TagOptions & { firstPassOnly?: boolean } = {},
): Uint8Array[] {
  const firstPassOnly = opts.firstPassOnly === true || opts.secondPass === false;
  const r = route(model, sentences, opts.caseMode);
  const sents = r.lower ? sentences.map(lowerSentence) : sentences;
  const topic = documentTopic(sents);
  const fz = model.featurizer;
  const pass2 = r.tables.pass2;
  if (!pass2 || firstPassOnly) return sents.map((s) => labelsWith(fz, r.tables.pass1, s, undefined, topic));
  // first pass, noting what the document statistics need from the prepared words (no rehashing)
  // and what the second pass needs to prepare the sentences again
  let n = 0;
  for (const s of sents) n += s.length;
  const dt = docTokens;
  dt.reset(n);
  if (docGazBuf.length < 2 * n) docGazBuf = new Uint32Array(4 * n);
  const generation = fz.generation;
  const sentCases: number[] = [];
  let t = 0;
  for (const s of sents) {
    const labels = labelsWith(fz, r.tables.pass1, s, undefined, topic);
    for (let i = 0; i < s.length; i++, t++) {
      const info = fz.infos[i]!;
      dt.set(t, i, s.length, fz.sentCase, info.hL, info.docFlags, labels[i]!);
      docInfos[t] = info;
    }
    if (s.length > 0) docGazBuf.set(fz.gaz.subarray(0, 2 * s.length), 2 * (t - s.length));
    sentCases.push(fz.sentCase);
  }
  // the saved word infos are valid unless the word cache was emptied meanwhile
  const again = fz.generation === generation;
  groupWords(dt);
  if (docValueBuf.length < n) docValueBuf = new Uint16Array(2 * n);
  if (docAggBuf.length < n * N_LABELS) docAggBuf = new Int32Array(2 * n * N_LABELS);
  docValuesOf(dt, docValueBuf);
  docAggScores(dt, pass2, docAggBuf);
  // second pass (prepare copies the doc values; the aggregate scores are read while decoding the sentence)
  const out: Uint8Array[] = [];
  const L = N_LABELS;
  t = 0;
  for (let si = 0; si < sents.length; si++) {
    const s = sents[si]!;
    const labels = new Uint8Array(s.length);
    out.push(labels);
    if (s.length === 0) continue;
    const dv = docValueBuf.subarray(t, t + s.length);
    if (again) fz.prepareAgain(s, docInfos, docGazBuf, t, sentCases[si]!, dv, topic);
    else fz.prepare(s, dv, topic);
    decodePrepared(fz, pass2, labels, docAggBuf.subarray(t * L, (t + s.length) * L));
    t += s.length;
  }
  docInfos.length = 0;
  return out;
}

/** Reused per-document buffers of `tagDocumentLabels`: doc values and aggregate scores of every token. */
let docValueBuf = new Uint16Array(1024);
let docAggBuf = new Int32Array(1024 * N_LABELS);
/** The words of the document's tokens (emptied after each document) and their gazetteer bits (2 per token). */
const docInfos: WordInfo[] = [];
let docGazBuf = new Uint32Array(2048);

/** Tag a whole document (list of tokenised sentences); returns entity spans. */
export function tagDocument(model: NerModel, sentences: readonly (readonly string[])[], opts: TagOptions = {}): DocumentEntity[] {
  const labels = tagDocumentLabels(model, sentences, opts);
  const out: DocumentEntity[] = [];
  labels.forEach((l, sentence) => {
    for (const sp of spansFromBilou(l)) out.push({ type: sp.type, sentence, start: sp.start, end: sp.end });
  });
  return out;
}
