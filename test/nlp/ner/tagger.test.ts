/** NER label conversions and the committed model: loading, sentence and document tagging. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bilouFromSpans, iob1FromSpans, spansFromBilou, spansFromIob } from '../../../src/nlp/ner/labels.js';
import { defaultModelPath, loadNerModel, tagDocument, tagTokens } from '../../../src/nlp/ner/tagger.js';

describe('NER label conversions', () => {
  it('round-trips IOB1 -> spans -> BILOU -> spans -> IOB1', () => {
    const iob1 = ['I-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC', 'O', 'I-MISC'];
    const spans = spansFromIob(iob1);
    expect(spans).toEqual([
      { type: 'PER', start: 0, end: 2 },
      { type: 'LOC', start: 3, end: 4 },
      { type: 'LOC', start: 4, end: 5 },
      { type: 'MISC', start: 6, end: 7 },
    ]);
    const bilou = bilouFromSpans(spans, iob1.length);
    expect(spansFromBilou(bilou)).toEqual(spans);
    expect(iob1FromSpans(spans, iob1.length)).toEqual(iob1);
  });
});

const modelPath = defaultModelPath();
const haveModel = existsSync(modelPath);
if (!haveModel) console.warn(`NER model not found at ${modelPath}; skipping tagger tests (run npx tsx scripts/train-ner.ts)`);

describe.skipIf(!haveModel)('NER tagger with the committed model', () => {
  const t0 = Date.now();
  const model = haveModel ? loadNerModel() : null!;
  const loadMs = Date.now() - t0;

  it('loads quickly', () => {
    expect(loadMs).toBeLessThan(3000);
  });

  it('tags a simple sentence plausibly', () => {
    const tokens = ['Sanaullah', 'Ghafari', 'met', 'Reuters', 'in', 'Kandahar', '.'];
    const r = tagTokens(model, tokens);
    expect(r.spans).toEqual([
      { type: 'PER', start: 0, end: 2 },
      { type: 'ORG', start: 3, end: 4 },
      { type: 'LOC', start: 5, end: 6 },
    ]);
    expect(r.tags).toEqual(['B-PER', 'I-PER', 'O', 'B-ORG', 'O', 'B-LOC', 'O']);
  });

  it('tags documents and returns sentence-indexed spans', () => {
    const doc = [
      ['Sanaullah', 'Ghafari', 'met', 'Reuters', 'in', 'Kandahar', '.'],
      ['Ghafari', 'said', 'the', 'talks', 'in', 'Kabul', 'went', 'well', '.'],
      [],
    ];
    const ents = tagDocument(model, doc);
    expect(ents).toContainEqual({ type: 'PER', sentence: 1, start: 0, end: 1 });
    expect(ents).toContainEqual({ type: 'LOC', sentence: 1, start: 5, end: 6 });
    expect(ents.every((e) => e.sentence < 2)).toBe(true);
  });

  it('handles empty input', () => {
    expect(tagTokens(model, []).spans).toEqual([]);
    expect(tagDocument(model, [])).toEqual([]);
  });
});
