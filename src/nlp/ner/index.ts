/**
 * Vigil's CoNLL-2003-trained entity recogniser (PER, ORG, LOC, MISC): public API.
 * Tokenizer-independent — pass token strings per sentence.
 *
 *   const model = loadNerModel();
 *   tagDocument(model, [['Sanaullah', 'Ghafari', 'met', 'Reuters', 'in', 'Kandahar', '.']]);
 *   // -> [{ type: 'PER', sentence: 0, start: 0, end: 2 }, { type: 'ORG', ... }, { type: 'LOC', ... }]
 */
export {
  defaultModelPath,
  isCaseless,
  loadNerModel,
  tagDocument,
  tagTokens,
  type CaseMode,
  type DocumentEntity,
  type EntityType,
  type NerModel,
  type Span,
  type TagOptions,
  type TagResult,
} from './tagger.js';
export { conllEval, formatConllEval, type ConllEvalResult, type TypeScore } from './conlleval.js';
