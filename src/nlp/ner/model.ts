/**
 * NER model container: resources (clusters, gazetteers) plus two weight tables
 * (first pass, and a second pass that also sees document-level features), each a
 * hashed-feature -> row map over a flat Float32Array of N_LABELS weights per row.
 * Serialised as gzip of a small JSON header followed by raw typed arrays (weights
 * quantised to int16 with one scale per table).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { NerResources } from './features.js';
import { N_LABELS } from './labels.js';
import { U32Map } from './u32map.js';

export interface WeightTable {
  index: U32Map;
  /** rows × N_LABELS */
  weights: Float32Array;
}

/** First-pass table and optional document-level second-pass table. */
export interface PassTables {
  pass1: WeightTable;
  pass2: WeightTable | null;
}

export interface NerModelData extends PassTables {
  resources: NerResources;
  /** Tables trained on lower-cased text, used (on lower-cased input) for all-caps or all-lower text. */
  caseless: PassTables | null;
  meta: Record<string, unknown>;
}

const MAGIC = 'VIGILNER1';

/** Drop rows whose weights are all below `threshold` in magnitude and repack. */
export function pruneTable(t: WeightTable, threshold: number): WeightTable {
  const index = new U32Map(Math.max(16, t.index.size));
  const rows: number[] = [];
  t.index.forEach((k, r) => {
    let keep = false;
    for (let l = 0; l < N_LABELS; l++) if (Math.abs(t.weights[r * N_LABELS + l]!) >= threshold) keep = true;
    if (keep) rows.push(k, r);
  });
  const weights = new Float32Array((rows.length / 2) * N_LABELS);
  for (let i = 0; i < rows.length; i += 2) {
    const nr = i / 2;
    index.set(rows[i]!, nr);
    weights.set(t.weights.subarray(rows[i + 1]! * N_LABELS, (rows[i + 1]! + 1) * N_LABELS), nr * N_LABELS);
  }
  return { index, weights };
}

function quantise(w: Float32Array): { q: Int16Array; scale: number } {
  let max = 0;
  for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i]!));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.round(w[i]! / scale);
  return { q, scale };
}

export function serializeModel(m: NerModelData): Buffer {
  const parts: Buffer[] = [];
  const arrays: { name: string; type: string; length: number; scale?: number }[] = [];
  const push = (name: string, a: Uint32Array | Int32Array | Int16Array, scale?: number) => {
    arrays.push({ name, type: a.constructor.name, length: a.length, ...(scale !== undefined ? { scale } : {}) });
    parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    if (a.byteLength % 4 !== 0) parts.push(Buffer.alloc(4 - (a.byteLength % 4)));
  };
  push('clusters.keys', m.resources.clusters.keys);
  push('clusters.vals', m.resources.clusters.vals);
  push('gaz.keys', m.resources.gazetteer.keys);
  push('gaz.vals', m.resources.gazetteer.vals);
  push('caps.keys', m.resources.caps.keys);
  push('caps.vals', m.resources.caps.vals);
  const tables: [string, WeightTable][] = [['pass1', m.pass1]];
  if (m.pass2) tables.push(['pass2', m.pass2]);
  if (m.caseless) {
    tables.push(['caseless1', m.caseless.pass1]);
    if (m.caseless.pass2) tables.push(['caseless2', m.caseless.pass2]);
  }
  for (const [name, t] of tables) {
    push(`${name}.keys`, t.index.keys);
    push(`${name}.vals`, t.index.vals);
    const { q, scale } = quantise(t.weights);
    push(`${name}.weights`, q, scale);
  }
  const header = Buffer.from(JSON.stringify({ magic: MAGIC, nLabels: N_LABELS, arrays, meta: m.meta }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length, 0);
  // pad header so arrays start 4-byte aligned
  const pad = Buffer.alloc((4 - ((4 + header.length) % 4)) % 4);
  return gzipSync(Buffer.concat([len, header, pad, ...parts]), { level: 9 });
}

export function deserializeModel(gz: Buffer): NerModelData {
  const buf = gunzipSync(gz);
  const hlen = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + hlen).toString('utf8')) as {
    magic: string;
    nLabels: number;
    arrays: { name: string; type: string; length: number; scale?: number }[];
    meta: Record<string, unknown>;
  };
  if (header.magic !== MAGIC) throw new Error('not a Vigil NER model file');
  if (header.nLabels !== N_LABELS) throw new Error('NER model label space mismatch');
  let off = 4 + hlen;
  off += (4 - (off % 4)) % 4;
  // copy into an aligned ArrayBuffer
  const ab = new ArrayBuffer(buf.length - off);
  new Uint8Array(ab).set(buf.subarray(off));
  let pos = 0;
  const got = new Map<string, { a: Uint32Array | Int32Array | Int16Array; scale?: number }>();
  for (const a of header.arrays) {
    const ctor = a.type === 'Uint32Array' ? Uint32Array : a.type === 'Int32Array' ? Int32Array : Int16Array;
    const arr = new ctor(ab, pos, a.length);
    pos += arr.byteLength + ((4 - (arr.byteLength % 4)) % 4);
    got.set(a.name, { a: arr, ...(a.scale !== undefined ? { scale: a.scale } : {}) });
  }
  const need = <T>(name: string): T => {
    const g = got.get(name);
    if (!g) throw new Error(`NER model lacks ${name}`);
    return g.a as T;
  };
  const table = (name: string): WeightTable | null => {
    if (!got.has(`${name}.keys`)) return null;
    const w = got.get(`${name}.weights`)!;
    const q = w.a as Int16Array;
    const scale = w.scale ?? 1;
    const weights = new Float32Array(q.length);
    for (let i = 0; i < q.length; i++) weights[i] = q[i]! * scale;
    return { index: U32Map.fromArrays(need(`${name}.keys`), need(`${name}.vals`)), weights };
  };
  return {
    resources: {
      clusters: U32Map.fromArrays(need('clusters.keys'), need('clusters.vals')),
      gazetteer: U32Map.fromArrays(need('gaz.keys'), need('gaz.vals')),
      caps: U32Map.fromArrays(need('caps.keys'), need('caps.vals')),
    },
    pass1: table('pass1')!,
    pass2: table('pass2'),
    caseless: got.has('caseless1.keys') ? { pass1: table('caseless1')!, pass2: table('caseless2') } : null,
    meta: header.meta,
  };
}
