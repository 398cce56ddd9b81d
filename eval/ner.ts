/**
 * NER evaluation: conlleval-exact P/R/F1 (overall and per type) of the committed
 * entity model on CoNLL-2003 eng.testa (dev), plus upper-cased and lower-cased
 * copies of it. Skips with a message when ../shared/data is not present.
 *
 *   npx tsx eval/ner.ts
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataPath, hasData } from './data.js';
import { readConll, recase } from '../src/nlp/ner/conll.js';
import { formatConllEval, type ConllEvalResult } from '../src/nlp/ner/conlleval.js';
import { evaluateDocs } from '../src/nlp/ner/evaluate.js';
import { loadNerModel } from '../src/nlp/ner/tagger.js';

export interface NerEvalResult {
  skipped?: string;
  modelLoadMs?: number;
  /** Building the caseless tables on their first use (ALL-CAPS or lower-case text). */
  caselessFirstUseMs?: number;
  dev?: ConllEvalResult;
  devUpper?: ConllEvalResult;
  devLower?: ConllEvalResult;
}

/** Path of CoNLL-2003 eng.testa under the shared data folder, or null when absent. */
export function findConllDev(): string | null {
  return hasData('conll2003', 'eng.testa') ? dataPath('conll2003', 'eng.testa') : null;
}

export async function evalNer(opts: { modelPath?: string } = {}): Promise<NerEvalResult> {
  const devPath = findConllDev();
  if (!devPath) return { skipped: 'CoNLL-2003 dev split not found (../shared/data/conll2003/eng.testa); NER eval skipped' };
  const t0 = performance.now();
  const model = loadNerModel(opts.modelPath);
  const modelLoadMs = performance.now() - t0;
  const t1 = performance.now();
  void model.fast.caseless;
  const caselessFirstUseMs = performance.now() - t1;
  const docs = readConll(devPath);
  return {
    modelLoadMs,
    caselessFirstUseMs,
    dev: evaluateDocs(model, docs),
    devUpper: evaluateDocs(model, recase(docs, 'upper')),
    devLower: evaluateDocs(model, recase(docs, 'lower')),
  };
}

function summary(name: string, r: ConllEvalResult): string {
  return `== ${name}: F1 ${r.f1.toFixed(2)}\n${formatConllEval(r)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await evalNer();
  if (r.skipped) console.log(r.skipped);
  else {
    console.log(`model loaded in ${r.modelLoadMs!.toFixed(0)} ms`);
    console.log(summary('eng.testa (dev)', r.dev!));
    console.log(summary('eng.testa upper-cased', r.devUpper!));
    console.log(summary('eng.testa lower-cased', r.devLower!));
  }
}
