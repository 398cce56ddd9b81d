/** NER label conversions and the committed model: loading, sentence and document tagging. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bilouFromSpans, iob1FromSpans, spansFromBilou, spansFromIob } from '../../../src/nlp/ner/labels.js';
import {
  decodePrepared,
  decodePreparedReference,
  defaultModelPath,
  documentAggregates,
  documentTopic,
  documentValues,
  loadNerModel,
  tagDocument,
  tagLabels,
  tagTokens,
} from '../../../src/nlp/ner/tagger.js';

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

describe.skipIf(!haveModel)('NER fast decoder', () => {
  const model = haveModel ? loadNerModel() : null!;
  const docs: string[][][] = [
    [
      ['Sanaullah', 'Ghafari', 'met', 'Reuters', 'in', 'Kandahar', '.'],
      ['Ghafari', 'said', 'the', 'talks', 'in', 'Kabul', 'went', 'well', '.'],
      ['SOCCER', '-', 'JAPAN', 'GET', 'LUCKY', 'WIN', ',', 'CHINA', 'IN', 'SURPRISE', 'DEFEAT', '.'],
      ['Alba', '(', 'Germany', ')', '75', 'Red', 'Star', '(', 'Yugoslavia', ')', '70', '(', '42-41', ')'],
      ['LOS', 'ANGELES', '1996-08-30'],
      ['x'],
    ],
    [
      ['the', 'farabundo', 'marti', 'national', 'liberation', 'front', 'attacked', 'san', 'miguel', 'on', 'friday', '.'],
      ['fmln', 'guerrillas', 'killed', 'three', 'soldiers', 'near', 'usulutan', ',', 'coprefa', 'said', '.'],
    ],
  ];

  it('gives the labels of the plain feature sum, for every table, topic and document-level input', () => {
    const fz = model.featurizer;
    const tables = [model.fast.cased, model.fast.caseless].filter((t) => t !== null);
    let checked = 0;
    for (const doc of docs) {
      const first = doc.map((s) => tagLabels(model, s));
      const dv = documentValues(doc, first);
      const agg = documentAggregates(doc);
      for (const tables2 of tables) {
        for (const [si, s] of doc.entries()) {
          for (const topic of [0, documentTopic(doc), 12345]) {
            for (const second of [false, true]) {
              const table = second ? tables2.pass2 : tables2.pass1;
              if (!table) continue;
              fz.prepare(s, second ? dv[si] : undefined, topic, second ? agg[si] : undefined);
              const fast = new Uint8Array(s.length);
              const ref = new Uint8Array(s.length);
              decodePrepared(fz, table, fast);
              decodePreparedReference(fz, table, ref);
              expect([...fast]).toEqual([...ref]);
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
