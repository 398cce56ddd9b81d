/**
 * Reader for CoNLL-2003 column files (token POS chunk NER, IOB1): returns documents
 * split on `-DOCSTART-` lines, each a list of sentences with tokens and gold spans.
 * Only training/eval scripts use this; the tagger itself never reads CoNLL files.
 */
import { readFileSync } from 'node:fs';
import { spansFromIob, type Span } from './labels.js';

export interface ConllSentence {
  tokens: string[];
  tags: string[];
  spans: Span[];
}
export interface ConllDoc {
  sentences: ConllSentence[];
}

export function parseConll(text: string): ConllDoc[] {
  const docs: ConllDoc[] = [];
  let doc: ConllDoc | null = null;
  let toks: string[] = [];
  let tags: string[] = [];
  const flush = () => {
    if (toks.length === 0) return;
    if (!doc) {
      doc = { sentences: [] };
      docs.push(doc);
    }
    doc.sentences.push({ tokens: toks, tags, spans: spansFromIob(tags) });
    toks = [];
    tags = [];
  };
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line === '') {
      flush();
      continue;
    }
    const cols = line.split(' ');
    if (cols[0] === '-DOCSTART-') {
      flush();
      doc = { sentences: [] };
      docs.push(doc);
      continue;
    }
    toks.push(cols[0]!);
    tags.push(cols[cols.length - 1]!);
  }
  flush();
  return docs.filter((d) => d.sentences.length > 0);
}

export function readConll(path: string): ConllDoc[] {
  return parseConll(readFileSync(path, 'utf8'));
}

/** Copy of documents with every token upper- or lower-cased (tags unchanged). */
export function recase(docs: readonly ConllDoc[], mode: 'upper' | 'lower'): ConllDoc[] {
  const f = mode === 'upper' ? (s: string) => s.toUpperCase() : (s: string) => s.toLowerCase();
  return docs.map((d) => ({
    sentences: d.sentences.map((s) => ({ tokens: s.tokens.map(f), tags: s.tags, spans: s.spans })),
  }));
}
