/** conlleval-exact scorer tests on small hand-made tables (answers computed by hand in the comments). */
import { describe, expect, it } from 'vitest';
import { conllEval } from '../../../src/nlp/ner/conlleval.js';

/** Rows from "gold guess" lines; blank line = sentence boundary. */
function table(s: string): ([string, string] | null)[] {
  return s
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .map((l) => (l === '' ? null : (l.split(/\s+/) as [string, string])));
}

describe('conlleval-exact scorer', () => {
  it('scores an IOB1 table (B- splits adjacent same-type chunks)', () => {
    // gold chunks: PER[1-2] LOC[4] LOC[5] ORG[6-7]            = 4
    // guessed:     PER[1]   LOC[4-5]     ORG[6-7] MISC[8]      = 4
    // correct: ORG[6-7] only -> P = R = F1 = 25; tags right 5/8
    const r = conllEval(
      table(`
        I-PER I-PER
        I-PER O
        O O
        I-LOC I-LOC
        B-LOC I-LOC

        I-ORG I-ORG
        I-ORG I-ORG
        O I-MISC
      `),
    );
    expect(r.gold).toBe(4);
    expect(r.guessed).toBe(4);
    expect(r.correct).toBe(1);
    expect(r.precision).toBeCloseTo(25, 6);
    expect(r.recall).toBeCloseTo(25, 6);
    expect(r.f1).toBeCloseTo(25, 6);
    expect(r.accuracy).toBeCloseTo(62.5, 6);
    expect(r.tokens).toBe(8);
    expect(r.byType.ORG).toMatchObject({ gold: 1, guessed: 1, correct: 1, f1: 100 });
    expect(r.byType.PER).toMatchObject({ gold: 1, guessed: 1, correct: 0, f1: 0 });
    expect(r.byType.LOC).toMatchObject({ gold: 2, guessed: 1, correct: 0 });
    expect(r.byType.MISC).toMatchObject({ gold: 0, guessed: 1, correct: 0, precision: 0, recall: 0, f1: 0 });
  });

  it('scores an IOB2 table with a type error and a chunk ending at end of input', () => {
    // gold: PER[1-2] PER[3] ORG[5-6]; guessed: PER[1-2] PER[3] LOC[5-6]
    // correct 2 of 3 each way -> P = R = F1 = 66.67; PER 100, ORG R 0, LOC P 0
    const r = conllEval(
      table(`
        B-PER B-PER
        I-PER I-PER
        B-PER B-PER
        O O
        B-ORG B-LOC
        I-ORG I-LOC
      `),
    );
    expect(r.correct).toBe(2);
    expect(r.f1).toBeCloseTo(200 / 3, 6);
    expect(r.byType.PER!.f1).toBeCloseTo(100, 6);
    expect(r.byType.ORG).toMatchObject({ gold: 1, guessed: 0, correct: 0 });
    expect(r.byType.LOC).toMatchObject({ gold: 0, guessed: 1, correct: 0 });
  });

  it('follows conlleval chunk semantics: I- after O starts a chunk, a type change ends one', () => {
    // gold (IOB2) O B-PER I-PER I-ORG   -> PER[2-3] ORG[4]
    // guess (IOB1) O I-PER I-PER I-ORG  -> PER[2-3] ORG[4]
    const r = conllEval(
      table(`
        O O
        B-PER I-PER
        I-PER I-PER
        I-ORG I-ORG
      `),
    );
    expect(r.gold).toBe(2);
    expect(r.guessed).toBe(2);
    expect(r.correct).toBe(2);
    expect(r.f1).toBeCloseTo(100, 6);
  });

  it('does not credit a guessed chunk that is longer than the gold one', () => {
    // gold PER[1] then O; guess PER[1-2]: 0 correct, P = R = 0
    const r = conllEval(
      table(`
        I-PER I-PER
        O I-PER
      `),
    );
    expect(r.correct).toBe(0);
    expect(r.f1).toBe(0);
    expect(r.accuracy).toBeCloseTo(50, 6);
  });

  it('treats a sentence boundary as the end of a chunk', () => {
    // gold: PER[1] | PER[2]; guess: same (blank line separates them)
    const r = conllEval(
      table(`
        I-PER I-PER

        I-PER I-PER
      `),
    );
    expect(r.gold).toBe(2);
    expect(r.correct).toBe(2);
  });
});
