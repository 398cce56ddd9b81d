/**
 * Small, fast 32-bit hashing helpers shared by feature extraction, gazetteers and
 * word clusters. Everything the NER model stores about words is keyed by these
 * hashes, so the shipped model contains no raw training text.
 */

/** FNV-1a over UTF-16 code units of `s[start, end)`. */
export function hashStr(s: string, start = 0, end = s.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3 finaliser: spreads bits of a 32-bit integer. */
export function fmix(h: number): number {
  return fmixInt(h) >>> 0;
}

/**
 * `fmix` as a signed 32-bit integer (the same 32 bits; `>>> 0` gives fmix). Hot loops that store
 * hashes into typed arrays use it: a signed 32-bit result is never boxed as a heap number.
 */
export function fmixInt(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Combine a template id with one value. */
export function mix1(t: number, a: number): number {
  return fmix(Math.imul(t + 1, 0x9e3779b1) ^ a);
}

/** Combine a template id with two values. */
export function mix2(t: number, a: number, b: number): number {
  return fmix(Math.imul(mix1(t, a), 0x01000193) ^ fmix(b + 0x7f4a7c15));
}

// mix1 and mix2 in parts, for callers that reuse a part across many features (the tagger keeps
// per-word parts). The parts and the joined values are signed 32-bit integers with the bits of
// the mix values: mix1(t, a) === mix1Join(mix1Left(t), a) >>> 0 and
// mix2(t, a, b) === mix2Join(mix2Left(t, a), mix2Right(b)) >>> 0.
export function mix1Left(t: number): number {
  return Math.imul(t + 1, 0x9e3779b1);
}
export function mix1Join(left: number, a: number): number {
  return fmixInt(left ^ a);
}
export function mix2Left(t: number, a: number): number {
  return Math.imul(mix1(t, a), 0x01000193);
}
export function mix2Right(b: number): number {
  return fmixInt(b + 0x7f4a7c15);
}
export function mix2Join(left: number, right: number): number {
  return fmixInt(left ^ right);
}

/** Hash of a lower-cased token sequence joined by spaces (for gazetteer phrases). */
export function phraseHash(words: readonly string[]): number {
  let h = 0x811c9dc5;
  for (let w = 0; w < words.length; w++) {
    if (w > 0) h = Math.imul(h ^ 32, 0x01000193);
    const s = words[w]!;
    for (let i = 0; i < s.length; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    }
  }
  return h >>> 0;
}

/** Extend a phrase hash by one more (lower-cased) word. `h` of 0x811c9dc5 means empty. */
export function phraseExtend(h: number, word: string, first: boolean): number {
  if (!first) h = Math.imul(h ^ 32, 0x01000193);
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const PHRASE_SEED = 0x811c9dc5;

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
