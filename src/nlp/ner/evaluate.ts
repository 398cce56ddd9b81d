/**
 * Evaluate a model on CoNLL documents with the conlleval-exact scorer (gold IOB1
 * column vs. predictions rendered as IOB1), using the document-level tagger.
 */
import type { ConllDoc } from './conll.js';
import { conllEval, type ConllEvalResult } from './conlleval.js';
import { iob1FromSpans, spansFromBilou } from './labels.js';
import { tagDocumentLabels, type NerModel, type TagOptions } from './tagger.js';

export function evaluateDocs(model: NerModel, docs: readonly ConllDoc[], opts: TagOptions & { firstPassOnly?: boolean } = {}): ConllEvalResult {
  const rows: ([string, string] | null)[] = [];
  for (const d of docs) {
    const sents = d.sentences.map((s) => s.tokens);
    const labels = tagDocumentLabels(model, sents, opts);
    d.sentences.forEach((s, i) => {
      const guess = iob1FromSpans(spansFromBilou(labels[i]!), s.tokens.length);
      for (let t = 0; t < s.tokens.length; t++) rows.push([s.tags[t]!, guess[t]!]);
      rows.push(null);
    });
  }
  return conllEval(rows);
}
