/**
 * Near-duplicate articles: syndicated and lightly edited copies of one story (a wire piece with
 * a new headline, a trimmed last paragraph, a different byline or dateline) become one article
 * with several URLs. MinHash over word 5-shingles of the normalised body estimates the Jaccard
 * similarity of two bodies; locality-sensitive hashing (bands of the signature) finds the
 * candidates without comparing every pair. Pure: the store keeps the signature and band keys.
 */
import { createHash } from 'node:crypto';
import { normalizeText } from '../store/ids.js';

/** Hash functions in a signature. */
export const MINHASH_SIZE = 64;
/** LSH bands (of MINHASH_SIZE / BANDS rows each): 16 bands of 4 find pairs above Jaccard ~0.5. */
export const MINHASH_BANDS = 16;
/** Words per shingle. */
export const SHINGLE_WORDS = 5;
/** Estimated Jaccard similarity from which two bodies are the same article. */
export const NEAR_DUPLICATE_JACCARD = 0.7;
/** Bodies shorter than this (normalised characters) are never near-duplicates: too little text. */
export const MIN_NEAR_DUPLICATE_CHARS = 300;

const MASK = 0xffffffff;

/** FNV-1a 32-bit hash of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Fixed (a, b) pairs for the universal hashes, derived from sha256 so every machine agrees. */
const COEFFS: Array<[number, number]> = (() => {
  const out: Array<[number, number]> = [];
  for (let i = 0; out.length < MINHASH_SIZE; i++) {
    const h = createHash('sha256').update(`vigil-minhash-${i}`).digest();
    out.push([(h.readUInt32BE(0) | 1) >>> 0, h.readUInt32BE(4)]);
  }
  return out;
})();

/** The word shingles of a body (normalised: case, spacing and punctuation folded away). */
export function shingles(text: string, k = SHINGLE_WORDS): Set<string> {
  const words = normalizeText(text)
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/u)
    .filter(Boolean);
  const out = new Set<string>();
  if (words.length === 0) return out;
  if (words.length < k) {
    out.add(words.join(' '));
    return out;
  }
  for (let i = 0; i + k <= words.length; i++) out.add(words.slice(i, i + k).join(' '));
  return out;
}

/** The MinHash signature of a body; null when the body is too short to compare. */
export function minhashSignature(text: string): Uint32Array | null {
  if (normalizeText(text).length < MIN_NEAR_DUPLICATE_CHARS) return null;
  const sig = new Uint32Array(MINHASH_SIZE).fill(MASK);
  for (const sh of shingles(text)) {
    const x = fnv1a(sh);
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const [a, b] = COEFFS[i]!;
      const h = (Math.imul(a, x) + b) >>> 0;
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures (share of equal slots). */
export function signatureSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a[i] === b[i]) same += 1;
  return same / MINHASH_SIZE;
}

/** LSH band keys of a signature: two signatures sharing any key are candidates. */
export function bandKeys(sig: Uint32Array): string[] {
  const rows = MINHASH_SIZE / MINHASH_BANDS;
  const out: string[] = [];
  for (let b = 0; b < MINHASH_BANDS; b++) {
    out.push(`${b}:${Array.from(sig.subarray(b * rows, (b + 1) * rows), (x) => x.toString(36)).join('.')}`);
  }
  return out;
}

/** Signature to and from the hex text stored in the database. */
export function encodeSignature(sig: Uint32Array): string {
  return Array.from(sig, (x) => x.toString(16).padStart(8, '0')).join('');
}

export function decodeSignature(hex: string): Uint32Array | null {
  if (hex.length !== MINHASH_SIZE * 8) return null;
  const out = new Uint32Array(MINHASH_SIZE);
  for (let i = 0; i < MINHASH_SIZE; i++) out[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return out;
}

/** True when two bodies are copies of one article (the rule the store applies at ingest). */
export function isNearDuplicate(a: Uint32Array, b: Uint32Array): boolean {
  return signatureSimilarity(a, b) >= NEAR_DUPLICATE_JACCARD;
}
