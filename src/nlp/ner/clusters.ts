/**
 * Deterministic hierarchical word clusters learnt from unlabelled text (a cheap
 * stand-in for Brown clusters): positive-PMI context vectors over the ±1/±2
 * neighbouring frequent words, then recursive spherical 2-means (bisecting
 * k-means). Each word gets a bit-path code (depth << 24 | bits) whose prefixes are
 * used as features. Words are keyed by the hash of their lower-cased form.
 */
import { hashStr } from './hash.js';
import { U32Map } from './u32map.js';

export interface ClusterOptions {
  minCount?: number;
  maxVocab?: number;
  contextWords?: number;
  maxDepth?: number;
  minLeaf?: number;
  iterations?: number;
}

const TOKEN_RE = /[\p{L}\p{M}]+(?:['’][\p{L}]+)*|\p{N}+(?:[.,:/-]\p{N}+)*|[^\s\p{L}\p{N}]/gu;

/** Lower-cased word tokens of raw text. */
export function tokenizeForClusters(text: string): string[] {
  return (text.toLowerCase().match(TOKEN_RE) ?? []) as string[];
}

/** Word tokens of raw text, case preserved. */
export function tokenizeCased(text: string): string[] {
  return (text.match(TOKEN_RE) ?? []) as string[];
}

/**
 * Capitalisation statistics from cased sentences: for each lower-cased word seen at
 * least `minCount` times in non-initial positions of mixed-case sentences, a bucket
 * 1..5 of the share of capitalised occurrences (<5%, <30%, <70%, <95%, ≥95%).
 */
export function learnCapStats(sentences: readonly string[][], minCount = 2): U32Map {
  const counts = new Map<string, [number, number]>();
  for (const s of sentences) {
    let upper = 0;
    let lower = 0;
    for (const t of s) {
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c >= 65 && c <= 90) upper++;
        else if (c >= 97 && c <= 122) lower++;
      }
    }
    if (upper === 0 || lower === 0) continue;
    for (let i = 1; i < s.length; i++) {
      const w = s[i]!;
      const prev = s[i - 1]!;
      if (prev === '.' || prev === '"' || prev === ':' || prev === '?' || prev === '!') continue;
      const ch = w.charAt(0);
      const isUp = ch !== ch.toLowerCase();
      const isLo = ch !== ch.toUpperCase();
      if (!isUp && !isLo) continue;
      const l = w.toLowerCase();
      let c = counts.get(l);
      if (!c) counts.set(l, (c = [0, 0]));
      c[isUp ? 0 : 1]++;
    }
  }
  const out = new U32Map(counts.size);
  for (const [w, [up, lo]] of counts) {
    const n = up + lo;
    if (n < minCount) continue;
    const r = up / n;
    out.set(hashStr(w), r < 0.05 ? 1 : r < 0.3 ? 2 : r < 0.7 ? 3 : r < 0.95 ? 4 : 5);
  }
  return out;
}

/** Learn cluster codes from sentences (arrays of lower-cased tokens). */
export function learnClusters(sentences: readonly string[][], opts: ClusterOptions = {}): U32Map {
  const minCount = opts.minCount ?? 3;
  const maxVocab = opts.maxVocab ?? 40000;
  const nCtx = opts.contextWords ?? 1000;
  const maxDepth = opts.maxDepth ?? 14;
  const minLeaf = opts.minLeaf ?? 6;
  const iters = opts.iterations ?? 8;

  const freq = new Map<string, number>();
  for (const s of sentences) for (const w of s) freq.set(w, (freq.get(w) ?? 0) + 1);
  const vocab = [...freq.entries()]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxVocab)
    .map(([w]) => w);
  const vid = new Map<string, number>();
  vocab.forEach((w, i) => vid.set(w, i));
  const V = vocab.length;
  const C = Math.min(nCtx, V);
  const D = 4 * C;

  // co-occurrence counts: key = word * D + dim
  const co = new Map<number, number>();
  const add = (w: number, dim: number) => {
    const k = w * D + dim;
    co.set(k, (co.get(k) ?? 0) + 1);
  };
  for (const s of sentences) {
    const ids = s.map((w) => vid.get(w) ?? -1);
    for (let i = 0; i < ids.length; i++) {
      const w = ids[i]!;
      if (w < 0) continue;
      const offs = [-2, -1, 1, 2];
      for (let o = 0; o < 4; o++) {
        const j = i + offs[o]!;
        if (j < 0 || j >= ids.length) continue;
        const c = ids[j]!;
        if (c >= 0 && c < C) add(w, o * C + c);
      }
    }
  }
  // sparse rows with PPMI weights, L2-normalised
  const rowCount = new Float64Array(V);
  const colCount = new Float64Array(D);
  let total = 0;
  for (const [k, c] of co) {
    rowCount[Math.floor(k / D)]! += c;
    colCount[k % D]! += c;
    total += c;
  }
  const rowsIdx: number[][] = Array.from({ length: V }, () => []);
  const rowsVal: number[][] = Array.from({ length: V }, () => []);
  const keys = [...co.keys()].sort((a, b) => a - b);
  for (const k of keys) {
    const w = Math.floor(k / D);
    const d = k % D;
    const c = co.get(k)!;
    const pmi = Math.log((c * total) / (rowCount[w]! * Math.pow(colCount[d]!, 0.75) * Math.pow(total, 0.25)));
    if (pmi > 0) {
      rowsIdx[w]!.push(d);
      rowsVal[w]!.push(pmi);
    }
  }
  const idx: Int32Array[] = [];
  const val: Float32Array[] = [];
  for (let w = 0; w < V; w++) {
    const v = rowsVal[w]!;
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    idx.push(Int32Array.from(rowsIdx[w]!));
    val.push(Float32Array.from(v.map((x) => x / norm)));
  }

  const codes = new Int32Array(V);
  const dot = (w: number, cen: Float64Array) => {
    const ix = idx[w]!;
    const vx = val[w]!;
    let s = 0;
    for (let j = 0; j < ix.length; j++) s += vx[j]! * cen[ix[j]!]!;
    return s;
  };
  const centroid = (members: number[]) => {
    const c = new Float64Array(D);
    for (const w of members) {
      const ix = idx[w]!;
      const vx = val[w]!;
      for (let j = 0; j < ix.length; j++) c[ix[j]!]! += vx[j]!;
    }
    let n = 0;
    for (let j = 0; j < D; j++) n += c[j]! * c[j]!;
    n = Math.sqrt(n) || 1;
    for (let j = 0; j < D; j++) c[j]! /= n;
    return c;
  };
  // iterative (stack-based) bisection, deterministic
  const stack: { members: number[]; depth: number; bits: number }[] = [
    { members: vocab.map((_, i) => i), depth: 0, bits: 0 },
  ];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { members, depth, bits } = node;
    if (depth >= maxDepth || members.length < minLeaf * 2) {
      for (const w of members) codes[w] = (depth << 24) | bits;
      continue;
    }
    // init: most frequent member vs. member least similar to it (members sorted by frequency)
    const first = members[0]!;
    let c1 = centroid([first]);
    let worst = members[1]!;
    let worstSim = Infinity;
    for (const w of members) {
      const s = dot(w, c1);
      if (s < worstSim) {
        worstSim = s;
        worst = w;
      }
    }
    let c2 = centroid([worst]);
    let a: number[] = [];
    let b: number[] = [];
    for (let it = 0; it < iters; it++) {
      a = [];
      b = [];
      for (const w of members) (dot(w, c1) >= dot(w, c2) ? a : b).push(w);
      if (a.length === 0 || b.length === 0) break;
      c1 = centroid(a);
      c2 = centroid(b);
    }
    if (a.length === 0 || b.length === 0) {
      for (const w of members) codes[w] = (depth << 24) | bits;
      continue;
    }
    stack.push({ members: b, depth: depth + 1, bits: (bits << 1) | 1 });
    stack.push({ members: a, depth: depth + 1, bits: bits << 1 });
  }
  const out = new U32Map(V);
  for (let w = 0; w < V; w++) out.set(hashStr(vocab[w]!), codes[w]!);
  return out;
}
