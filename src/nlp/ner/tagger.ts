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
import { AGG_SLOTS, Featurizer, historyFeatureHashes, lexicalHistoryFeatures, sentenceCase, MAX_STATIC_FEATS, N_DYNAMIC_FEATS, type DocValues } from './features.js';
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

/** Add the weight rows of features feats[0, nf) to sc. */
function addRows(table: FastTable, feats: Uint32Array, nf: number, sc: Int32Array): void {
  const { kv, q, mask } = table;
  const L = N_LABELS;
  for (let f = 0; f < nf; f++) {
    let k = feats[f]! | 0;
    if (k === 0) k = ZERO_KEY;
    let slot = (Math.imul(k, 0x9e3779b1) >>> 0) & mask;
    let row = -1;
    for (;;) {
      const kk = kv[2 * slot]!;
      if (kk === k) {
        row = kv[2 * slot + 1]!;
        break;
      }
      if (kk === 0) break;
      slot = (slot + 1) & mask;
    }
    if (row < 0) continue;
    const b = row * ROW;
    for (let l = 0; l < L; l++) sc[l] = (sc[l]! + q[b + l]!) | 0;
  }
}

/** Greedy BILOU decoding of one prepared sentence with one weight table. */
export function decodePrepared(fz: Featurizer, table: FastTable, out: Uint8Array): void {
  const n = fz.n;
  const allowed = ALLOWED;
  const L = N_LABELS;
  const hist = table.hist;
  const feats = featBuf;
  const sc = scoreBuf;
  let p1 = L;
  let p2 = L;
  const id = table.id;
  for (let i = 0; i < n; i++) {
    const info = fz.infos[i]!;
    let ws = info.scores[id];
    if (ws === undefined) {
      ws = new Int32Array(L);
      const nw = fz.wordFeatures(i, feats, 0);
      addRows(table, feats, nw, ws);
      info.scores[id] = ws;
    }
    sc.set(ws);
    let nf = fz.contextFeatures(i, feats, 0);
    nf = lexicalHistoryFeatures(p1, fz.hL[i]!, fz.hS[i]!, feats, nf);
    addRows(table, feats, nf, sc);
    const hb = (p2 * (L + 1) + p1) * ROW;
    for (let l = 0; l < L; l++) sc[l] = (sc[l]! + hist[hb + l]!) | 0;
    let best = 0;
    let bestScore = -2147483648;
    const allowBase = p1 * L;
    for (let l = 0; l < L; l++) {
      if (allowed[allowBase + l] === 0) continue;
      const s = sc[l]!;
      if (s > bestScore) {
        bestScore = s;
        best = l;
      }
    }
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
  const toks = r.lower ? tokens.map((t) => t.toLowerCase()) : tokens;
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
  const sents = r.lower ? sentences.map((s) => s.map((t) => t.toLowerCase())) : sentences;
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
