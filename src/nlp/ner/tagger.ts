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
  BOUNDARY,
  capNeighbourFeature,
  Featurizer,
  gazFeatures,
  historyFeatureHashes,
  lexicalHistoryFeatures,
  neighbourFeatures,
  selfContextFeatures,
  sentenceCase,
  topicFeature,
  topicGazFeature,
  topicShapeFeature,
  MAX_STATIC_FEATS,
  N_DYNAMIC_FEATS,
  type DocValues,
  type Side,
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
   * tagging is about 3x faster and dev F1 drops by about 0.7 points.
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
  return {
    ...data,
    featurizer: new Featurizer(data.resources),
    fast: { cased: fastPass(data), caseless: data.caseless ? fastPass(data.caseless) : null },
  };
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
    topic: p?.topic ?? 0, topicShape: p?.topicShape ?? new Int32Array(64 * N_LABELS), topicShapeHave: p?.topicShapeHave ?? new Uint8Array(64),
  };
  if (p) {
    np.v.set(p.v);
    np.have.set(p.have);
    np.self.set(p.self);
    np.ownCase.set(p.ownCase);
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
 */
export function decodePrepared(fz: Featurizer, table: FastTable, out: Uint8Array): void {
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
    nf = fz.pairFeatures(i, feats, nf);
    addFeatsFront(table, fc, bf, feats, nf, st, b);
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
        if (w.length > 1 && w === w.toUpperCase()) allCaps++;
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

function isWordy(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 192) return true;
  }
  return false;
}

/**
 * Document-level values from first-pass labels: for each token, the majority type
 * (O counts as a class) that the same lower-cased word received elsewhere in the
 * document (0 = no other occurrence, 1 = O, 2 + type index), plus case evidence and
 * the token's own first-pass label (see DocValues).
 */
export function documentValues(sentences: readonly (readonly string[])[], labels: readonly Uint8Array[]): DocValues[] {
  const counts = new Map<number, Int32Array>();
  // case evidence: [lower-case count, capitalised non-initial count] in mixed-case sentences
  const caseCounts = new Map<number, Int32Array>();
  const caseOf: Uint8Array[] = [];
  const keys: Int32Array[] = [];
  for (let s = 0; s < sentences.length; s++) {
    const toks = sentences[s]!;
    const k = new Int32Array(toks.length);
    const mixed = sentenceCase(toks) === 0;
    const cs = new Uint8Array(toks.length);
    caseOf.push(cs);
    for (let i = 0; i < toks.length; i++) {
      const w = toks[i]!;
      if (!isWordy(w)) {
        k[i] = 0;
        continue;
      }
      const h = hashStr(w.toLowerCase()) | 1;
      k[i] = h;
      if (mixed && i > 0) {
        const c0 = w.charCodeAt(0);
        const kind = c0 >= 65 && c0 <= 90 ? 2 : c0 >= 97 && c0 <= 122 ? 1 : 0;
        if (kind > 0) {
          cs[i] = kind;
          let cc = caseCounts.get(h);
          if (!cc) caseCounts.set(h, (cc = new Int32Array(2)));
          cc[kind - 1]!++;
        }
      }
      let c = counts.get(h);
      if (!c) counts.set(h, (c = new Int32Array(1 + ENTITY_TYPES.length)));
      c[labelType(labels[s]![i]!) + 1]!++;
    }
    keys.push(k);
  }
  const out: DocValues[] = [];
  for (let s = 0; s < sentences.length; s++) {
    const k = keys[s]!;
    const v = new Uint16Array(k.length);
    for (let i = 0; i < k.length; i++) {
      v[i] = (labels[s]![i]! + 1) << 5;
      if (k[i] === 0) continue;
      const c = counts.get(k[i]!)!;
      const own = labelType(labels[s]![i]!) + 1;
      let best = -1;
      let bestC = 0;
      // entity types first so ties favour an entity type
      for (let t = 1; t <= ENTITY_TYPES.length; t++) {
        const x = c[t]! - (t === own ? 1 : 0);
        if (x > bestC) {
          bestC = x;
          best = t;
        }
      }
      const o = c[0]! - (own === 0 ? 1 : 0);
      if (o > bestC) {
        bestC = o;
        best = 0;
      }
      v[i]! |= best < 0 ? 0 : best + 1;
      const cc = caseCounts.get(k[i]!);
      if (cc) {
        const own = caseOf[s]![i]!;
        const lo = cc[0]! - (own === 1 ? 1 : 0);
        const up = cc[1]! - (own === 2 ? 1 : 0);
        v[i]! |= ((lo > 0 ? 1 : 0) | (up > 0 ? 2 : 0)) << 3;
      }
    }
    out.push(v);
  }
  return out;
}

/** Label ids for all sentences of a document, with the document-level second pass when available. */
/**
 * Context aggregation (Ratinov & Roth 2009): for each word token, the lower-cased
 * left and right neighbours of up to AGG_SLOTS/2 other occurrences of the same word
 * in the document, as word hashes (AGG_SLOTS per token, 0 = empty).
 */
export function documentAggregates(sentences: readonly (readonly string[])[]): Uint32Array[] {
  const occ = new Map<number, number[]>();
  const lowers = sentences.map((s) => s.map((w) => w.toLowerCase()));
  const keys = sentences.map((s, si) =>
    s.map((w, i) => {
      if (w.length < 2 || !isWordy(w)) return 0;
      const h = hashStr(lowers[si]![i]!) | 1;
      let l = occ.get(h);
      if (!l) occ.set(h, (l = []));
      if (l.length < 16) l.push(si, i);
      return h;
    }),
  );
  const per = AGG_SLOTS / 2;
  return sentences.map((s, si) => {
    const out = new Uint32Array(s.length * AGG_SLOTS);
    for (let i = 0; i < s.length; i++) {
      const h = keys[si]![i]!;
      if (h === 0) continue;
      const l = occ.get(h)!;
      let k = 0;
      for (let o = 0; o < l.length && k < per; o += 2) {
        const sj = l[o]!;
        const j = l[o + 1]!;
        if (sj === si && j === i) continue;
        const row = lowers[sj]!;
        out[i * AGG_SLOTS + 2 * k] = j > 0 ? hashStr(row[j - 1]!) | 1 : 1;
        out[i * AGG_SLOTS + 2 * k + 1] = j + 1 < row.length ? hashStr(row[j + 1]!) | 1 : 3;
        k++;
      }
    }
    return out;
  });
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
  const first = sents.map((s) => labelsWith(fz, r.tables.pass1, s, undefined, topic));
  const pass2 = r.tables.pass2;
  if (!pass2 || firstPassOnly) return first;
  const dv = documentValues(sents, first);
  const agg = documentAggregates(sents);
  return sents.map((s, i) => labelsWith(fz, pass2, s, dv[i]!, topic, agg[i]!));
}

/** Tag a whole document (list of tokenised sentences); returns entity spans. */
export function tagDocument(model: NerModel, sentences: readonly (readonly string[])[], opts: TagOptions = {}): DocumentEntity[] {
  const labels = tagDocumentLabels(model, sentences, opts);
  const out: DocumentEntity[] = [];
  labels.forEach((l, sentence) => {
    for (const sp of spansFromBilou(l)) out.push({ type: sp.type, sentence, start: sp.start, end: sp.end });
  });
  return out;
}
