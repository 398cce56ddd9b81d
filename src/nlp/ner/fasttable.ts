/**
 * Inference-time weight table laid out for speed: an open-addressing array of
 * interleaved (feature hash, row) pairs and int16 weight rows padded to 32 entries
 * (one 64-byte cache line each), scores accumulated as integers. Built from a
 * float WeightTable by quantising with a single scale (argmax is unaffected).
 */
import { N_LABELS } from './labels.js';
import type { WeightTable } from './model.js';

export const ROW = 32;

export interface FastTable {
  mask: number;
  /** [key0, row0, key1, row1, ...]; key 0 = empty slot (key 0 is remapped). */
  kv: Int32Array;
  /** rows × ROW int16 weights. */
  q: Int16Array;
  /** Unique id (index into WordInfo.scores caches). */
  id: number;
  /**
   * Dense label-history scores: hist[(p2 * (N_LABELS + 1) + p1) * ROW + l] = weight of
   * Prev1(p1) + Prev12(p2, p1) for label l (p = N_LABELS means sentence start).
   */
  hist: Int32Array;
}

let nextId = 0;

export const ZERO_KEY = 0x9e3779b9 | 0;

export function toFastTable(t: WeightTable, historyHashes?: (p1: number, p2: number) => [number, number]): FastTable {
  const rows = t.weights.length / N_LABELS;
  let cap = 16;
  while (cap < rows * 2) cap <<= 1;
  const mask = cap - 1;
  const kv = new Int32Array(cap * 2);
  let max = 0;
  for (let i = 0; i < t.weights.length; i++) max = Math.max(max, Math.abs(t.weights[i]!));
  const scale = max > 0 ? 32767 / max : 1;
  const q = new Int16Array((rows + 1) * ROW);
  for (let r = 0; r < rows; r++) {
    for (let l = 0; l < N_LABELS; l++) q[r * ROW + l] = Math.round(t.weights[r * N_LABELS + l]! * scale);
  }
  t.index.forEach((key, row) => {
    let k = key | 0;
    if (k === 0) k = ZERO_KEY;
    let slot = (Math.imul(k, 0x9e3779b1) >>> 0) & mask;
    while (kv[2 * slot] !== 0) slot = (slot + 1) & mask;
    kv[2 * slot] = k;
    kv[2 * slot + 1] = row;
  });
  const H = N_LABELS + 1;
  const hist = new Int32Array(H * H * ROW);
  if (historyHashes) {
    for (let p2 = 0; p2 < H; p2++) {
      for (let p1 = 0; p1 < H; p1++) {
        for (const key of historyHashes(p1, p2)) {
          const r = t.index.get(key);
          if (r < 0) continue;
          const b = (p2 * H + p1) * ROW;
          for (let l = 0; l < N_LABELS; l++) hist[b + l]! += q[r * ROW + l]!;
        }
      }
    }
  }
  return { mask, kv, q, id: nextId++, hist };
}
