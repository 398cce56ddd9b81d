/**
 * One side of a speed comparison, in a process of its own: `node dist/bench/side.js <side>` (see `Side`)
 * reads the demo corpus, warms up on whole passes (`warmup.ts`), then answers each `{ from, to }`
 * message from its parent with the CPU milliseconds of extracting articles `[from, to)`. Separate processes keep each side's
 * heap, garbage collector threads and compiled code its own: in one process, the garbage one
 * library leaves is collected on the other's clock.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nlp from 'compromise';
import { loadResources } from '../src/resources.js';
import { extractArticle } from '../src/extract/extract.js';
import { REPO_ROOT } from '../eval/data.js';
import { warmUp } from './warmup.js';

/** `vigil`: the pipeline as `vigil extract` runs it by default; `vigil-second-pass`: with VIGIL_NER_SECOND_PASS. */
export type Side = 'vigil' | 'vigil-second-pass' | 'compromise';

const side = process.argv[2] as Side;
const demoDir = path.join(REPO_ROOT, 'data', 'demo', 'fbis');
const texts = readdirSync(demoDir).sort().map((f) => readFileSync(path.join(demoDir, f), 'utf8'));

/** Runs articles `[from, to)` of the corpus. */
let run: (from: number, to: number) => void;
if (side === 'vigil' || side === 'vigil-second-pass') {
  const resources = loadResources({ nerSecondPass: side === 'vigil-second-pass' });
  run = (from, to) => {
    for (let i = from; i < to; i++) extractArticle({ id: String(i), text: texts[i]!, published: null }, resources);
  };
} else {
  run = (from, to) => {
    for (let i = from; i < to; i++) {
      const d = nlp(texts[i]!);
      d.people().out('array');
      d.places().out('array');
      d.organizations().out('array');
    }
  };
}

warmUp(() => run(0, texts.length));
process.on('message', (m: unknown) => {
  if (m === 'exit') process.exit(0);
  const { from, to } = m as { from: number; to: number };
  const c0 = process.cpuUsage();
  run(from, to);
  const c = process.cpuUsage(c0);
  process.send!((c.user + c.system) / 1000);
});
process.send!({ ready: true, articles: texts.length });
