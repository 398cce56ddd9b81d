/** NER feature helpers: shapes, sentence case, caseless detection, phrase hashing, BILOU constraints, U32Map. */
import { describe, expect, it } from 'vitest';
import { sentenceCase, shapeString } from '../../../src/nlp/ner/features.js';
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
