/**
 * NER speed benchmark: tokens/second of Vigil's tagger alone (sentence-level
 * `tagTokens` and document-level two-pass `tagDocument`) versus compromise's
 * people/places/organizations extraction on the same text (CoNLL-2003 eng.testa
 * documents when available, else a built-in sample), printing the speed ratio.
 *
 *   npx tsx bench/ner.ts
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nlp from 'compromise';
import { findConllDev } from '../eval/ner.js';
import { readConll } from '../src/nlp/ner/conll.js';
import { loadNerModel, tagDocument, tagTokens } from '../src/nlp/ner/tagger.js';
import { warmUp } from './warmup.js';

export interface NerBenchResult {
  tokens: number;
  source: string;
  /** Wall-clock tokens/s. */
  taggerTokensPerSec: number;
  taggerDocTokensPerSec: number;
  compromiseTokensPerSec: number;
  /** Tokens per CPU-second (robust to other processes sharing the machine). */
  taggerTokensPerCpuSec: number;
  taggerDocTokensPerCpuSec: number;
  compromiseTokensPerCpuSec: number;
  ratio: number;
  docRatio: number;
}

const SAMPLE = [
  'Sanaullah Ghafari met Reuters in Kandahar .',
  'Islamic State claimed the attack on Crocus City Hall near Moscow on Friday , Russian officials said .',
  'The United Nations Security Council condemned the bombing in Kabul , which killed 12 people .',
];

/**
 * Milliseconds per run of fn: wall-clock and CPU time (user + system of this process;
 * on a shared machine CPU time is the better estimate of single-core speed).
 */
function timeIt(minMs: number, fn: () => void): { wall: number; cpu: number } {
  warmUp(fn);
  let runs = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let el = 0;
  do {
    fn();
    runs++;
    el = performance.now() - t0;
  } while (el < minMs);
  const c = process.cpuUsage(c0);
  return { wall: el / runs, cpu: (c.user + c.system) / 1000 / runs };
}

export async function benchNer(opts: { minMs?: number } = {}): Promise<NerBenchResult> {
  const minMs = opts.minMs ?? 3000;
  const devPath = findConllDev();
  let docs: string[][][];
  let source: string;
  if (devPath) {
    docs = readConll(devPath).map((d) => d.sentences.map((s) => s.tokens));
    source = 'CoNLL-2003 eng.testa';
  } else {
    docs = Array.from({ length: 200 }, () => SAMPLE.map((s) => s.split(' ')));
    source = 'built-in sample (eng.testa not found)';
  }
  const tokens = docs.reduce((a, d) => a + d.reduce((b, s) => b + s.length, 0), 0);
  const texts = docs.map((d) => d.map((s) => s.join(' ')).join('\n'));
  const model = loadNerModel();

  const msSent = timeIt(minMs, () => {
    for (const d of docs) for (const s of d) tagTokens(model, s);
  });
  const msDoc = timeIt(minMs, () => {
    for (const d of docs) tagDocument(model, d);
  });
  const msComp = timeIt(minMs, () => {
    for (const t of texts) {
      const doc = nlp(t);
      doc.people().out('array');
      doc.places().out('array');
      doc.organizations().out('array');
    }
  });
  const rate = (ms: number) => tokens / (ms / 1000);
  return {
    tokens,
    source,
    taggerTokensPerSec: rate(msSent.wall),
    taggerDocTokensPerSec: rate(msDoc.wall),
    compromiseTokensPerSec: rate(msComp.wall),
    taggerTokensPerCpuSec: rate(msSent.cpu),
    taggerDocTokensPerCpuSec: rate(msDoc.cpu),
    compromiseTokensPerCpuSec: rate(msComp.cpu),
    ratio: rate(msSent.cpu) / rate(msComp.cpu),
    docRatio: rate(msDoc.cpu) / rate(msComp.cpu),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await benchNer();
  const k = (x: number) => `${Math.round(x).toLocaleString('en-US')} tokens/s`;
  console.log(`NER bench on ${r.source} (${r.tokens} tokens, one core; per CPU-second, wall-clock in brackets)`);
  console.log(`  vigil tagTokens (1 pass):      ${k(r.taggerTokensPerCpuSec)} [${k(r.taggerTokensPerSec)}]  ${r.ratio.toFixed(1)}x compromise`);
  console.log(`  vigil tagDocument (2 passes):  ${k(r.taggerDocTokensPerCpuSec)} [${k(r.taggerDocTokensPerSec)}]  ${r.docRatio.toFixed(1)}x compromise`);
  console.log(`  compromise people/places/orgs: ${k(r.compromiseTokensPerCpuSec)} [${k(r.compromiseTokensPerSec)}]`);
}
