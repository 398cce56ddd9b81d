/** NER feature helpers: shapes, sentence case, caseless detection, phrase hashing, BILOU constraints, U32Map. */
import { describe, expect, it } from 'vitest';
import {
  BOUNDARY,
  capNeighbourFeature,
  Featurizer,
  gazFeatures,
  neighbourFeatures,
  selfContextFeatures,
  sentenceCase,
  shapeString,
  topicFeature,
  topicGazFeature,
  topicShapeFeature,
  type Side,
} from '../../../src/nlp/ner/features.js';
import { hashStr, phraseExtend, phraseHash, PHRASE_SEED } from '../../../src/nlp/ner/hash.js';
import { ALLOWED, LABEL_NAMES, N_LABELS } from '../../../src/nlp/ner/labels.js';
import { isCaseless } from '../../../src/nlp/ner/tagger.js';
import { U32Map } from '../../../src/nlp/ner/u32map.js';

describe('NER feature helpers', () => {
  it('computes compressed word shapes', () => {
    expect(shapeString('Kandahar')).toBe('Xxx');
    expect(shapeString('NATO')).toBe('XX');
    expect(shapeString('A')).toBe('X');
    expect(shapeString('1996-08-22')).toBe('dd-dd-dd');
    expect(shapeString('al-Qaeda')).toBe('xx-Xxx');
    expect(shapeString('U.S.')).toBe('X.X.');
  });

  it('classifies sentence case', () => {
    expect(sentenceCase(['Reuters', 'said'])).toBe(0);
    expect(sentenceCase(['SOCCER', '-', 'JAPAN', 'WIN'])).toBe(1);
    expect(sentenceCase(['reuters', 'said', '.'])).toBe(2);
  });

  it('detects caseless documents', () => {
    expect(isCaseless([['Sanaullah', 'Ghafari', 'met', 'Reuters', 'in', 'Kandahar', '.']])).toBe(false);
    expect(isCaseless([['sanaullah', 'ghafari', 'met', 'reuters', 'in', 'kandahar', '.']])).toBe(true);
    expect(isCaseless([['SANAULLAH', 'GHAFARI', 'MET', 'REUTERS', 'IN', 'KANDAHAR', '.']])).toBe(true);
  });

  it('hashes phrases incrementally', () => {
    const words = ['new', 'york', 'city'];
    let h = PHRASE_SEED;
    words.forEach((w, i) => (h = phraseExtend(h, w, i === 0)));
    expect(h).toBe(phraseHash(words));
    // tokens are joined by a space, as in the gazetteer
    expect(phraseHash(['new', 'york'])).toBe(phraseHash(['new york']));
    expect(hashStr('abc')).toBe(hashStr('xabcx', 1, 4));
  });

  it('constrains BILOU transitions', () => {
    const idx = (n: string) => LABEL_NAMES.indexOf(n);
    const ok = (p: string | null, c: string) => ALLOWED[(p === null ? N_LABELS : idx(p)) * N_LABELS + idx(c)] === 1;
    expect(ok(null, 'B-PER')).toBe(true);
    expect(ok(null, 'I-PER')).toBe(false);
    expect(ok('B-PER', 'L-PER')).toBe(true);
    expect(ok('B-PER', 'L-ORG')).toBe(false);
    expect(ok('B-PER', 'O')).toBe(false);
    expect(ok('U-LOC', 'U-LOC')).toBe(true);
    expect(ok('L-LOC', 'I-LOC')).toBe(false);
  });

  it('U32Map stores and grows', () => {
    const m = new U32Map(2);
    for (let i = 0; i < 1000; i++) m.set(i * 7919, i);
    expect(m.size).toBe(1000);
    expect(m.get(0)).toBe(0);
    expect(m.get(7919 * 999)).toBe(999);
    expect(m.get(5)).toBe(-1);
  });
});

describe('NER context feature groups', () => {
  it('partition contextFeatures exactly (the fast decoder relies on it)', () => {
    const clusters = new U32Map(16);
    clusters.set(hashStr('kabul'), (10 << 24) | 0x2a5);
    clusters.set(hashStr('said'), (3 << 24) | 5);
    const gazetteer = new U32Map(16);
    gazetteer.set(phraseHash(['kabul']), 1 << 2);
    gazetteer.set(phraseHash(['new']), 1 << 30);
    gazetteer.set(phraseHash(['new', 'york']), (1 << 5) | (1 << 9));
    const caps = new U32Map(16);
    caps.set(hashStr('kabul'), 5);
    caps.set(hashStr('said'), 1);
    const fz = new Featurizer({ clusters, gazetteer, caps });
    const sentences = [
      ['Officials', 'in', 'Kabul', 'and', 'New', 'York', 'said', 'al-Qaeda', 'attacked', '.'],
      ['KABUL', 'SAID'],
      ['kabul'],
    ];
    const doc = new Uint16Array([33, 65, 2 | (1 << 3) | (3 << 5), 0, 9, 40, 1, 2, 0, 0]);
    const agg = new Uint32Array(10 * 8).map((_, k) => (k % 3 === 0 ? 0 : k * 977));
    const buf = new Uint32Array(256);
    const sorted = (a: Uint32Array, n: number) => [...a.subarray(0, n)].sort((x, y) => x - y);
    for (const [si, s] of sentences.entries()) {
      for (const topic of [0, 777]) {
        fz.prepare(s, si === 0 ? doc : undefined, topic, si === 0 ? agg : undefined);
        for (let i = 0; i < s.length; i++) {
          const want = sorted(buf, fz.contextFeatures(i, buf, 0));
          const got: number[] = [];
          const side = (sd: number, j: number, ok: boolean) => {
            const [bl, bs, bc] = BOUNDARY[sd]!;
            const n = ok ? neighbourFeatures(sd as Side, fz.hL[j]!, fz.hS[j]!, fz.clus[j]!, buf, 0) : neighbourFeatures(sd as Side, bl, bs, bc, buf, 0);
            got.push(...buf.subarray(0, n));
          };
          side(0, i - 1, i > 0);
          side(1, i + 1, i + 1 < s.length);
          side(2, i - 2, i > 1);
          side(3, i + 2, i + 2 < s.length);
          got.push(...buf.subarray(0, selfContextFeatures(fz.hL[i]!, fz.hS[i]!, fz.caps[i]!, fz.sentCase, i === 0 ? 1 : 0, buf, 0)));
          got.push(capNeighbourFeature(0 as Side, i > 0 ? fz.caps[i - 1]! : 7, fz.caps[i]!));
          got.push(capNeighbourFeature(1 as Side, i + 1 < s.length ? fz.caps[i + 1]! : 7, fz.caps[i]!));
          let nGaz = 0;
          let k = 0;
          for (let wd = 0; wd < 2; wd++) {
            let g = fz.gaz[2 * i + wd]!;
            while (g !== 0 && nGaz < 12) {
              const b = 31 - Math.clz32(g);
              g &= ~(1 << b);
              got.push(...buf.subarray(0, gazFeatures(wd * 32 + b, fz.cap[i]!, buf, 0)));
              nGaz++;
            }
          }
          if (topic !== 0) {
            got.push(topicFeature(topic, fz.cap[i]!), topicShapeFeature(topic, fz.hS[i]!));
            for (let wd = 0; wd < 2; wd++) {
              let g = fz.gaz[2 * i + wd]!;
              while (g !== 0 && k++ < 4) {
                const b = 31 - Math.clz32(g);
                g &= ~(1 << b);
                got.push(topicGazFeature(topic, wd * 32 + b));
              }
            }
          }
          got.push(...buf.subarray(0, fz.pairFeatures(i, buf, 0)));
          expect(got.sort((x, y) => x - y)).toEqual(want);
        }
      }
    }
  });
});
