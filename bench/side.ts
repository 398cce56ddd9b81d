/**
 * One side of a speed comparison, in a process of its own: `node dist/bench/side.js vigil|compromise`
 * reads the demo corpus, runs one warm-up pass, then answers each "pass" message from its parent
 * with the CPU milliseconds of one more pass over the corpus. Separate processes keep each side's
 * heap, garbage collector threads and compiled code its own: in one process, the garbage one
 * library leaves is collected on the other's clock.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nlp from 'compromise';
import { loadResources } from '../src/resources.js';
import { extractArticle } from '../src/extract/extract.js';
import { REPO_ROOT } from '../eval/data.js';

export type Side = 'vigil' | 'compromise';

const side = process.argv[2] as Side;
const demoDir = path.join(REPO_ROOT, 'data', 'demo', 'fbis');
const texts = readdirSync(demoDir).sort().map((f) => readFileSync(path.join(demoDir, f), 'utf8'));

let pass: () => void;
if (side === 'vigil') {
  const resources = loadResources();
  pass = () => {
    for (const [i, t] of texts.entries()) extractArticle({ id: String(i), text: t, published: null }, resources);
  };
} else {
  pass = () => {
    for (const t of texts) {
      const d = nlp(t);
      d.people().out('array');
      d.places().out('array');
      d.organizations().out('array');
    }
  };
}

pass(); // warm-up
process.on('message', (m) => {
  if (m === 'exit') process.exit(0);
  const c0 = process.cpuUsage();
  pass();
  const c = process.cpuUsage(c0);
  process.send!((c.user + c.system) / 1000);
});
process.send!('ready');
