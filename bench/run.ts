/**
 * `npm run bench`: speed, never accuracy. Prints tokens per second of the NER tagger alone and
 * of the whole per-article extraction (what `vigil extract` runs), beside compromise's NER on the
 * same text in the same run, as ratios; then store ingest and query timings and the desk.
 *
 *   npm run bench [-- --only ner|extract|store|desk]   (BENCH_MS: minimum milliseconds per side)
 */
import { benchNer } from './ner.js';
import { loadResources } from '../src/resources.js';
import { extractArticle } from '../src/extract/extract.js';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../eval/data.js';
import { openStore } from '../src/store/open.js';
import { benchDesk } from './desk.js';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const k = (x: number) => `${Math.round(x).toLocaleString('en-US')}`;
const minMs = Number(process.env.BENCH_MS ?? 3000);

/** `--only PART` runs one part of the bench (several `--only` flags run several parts). */
const PARTS = ['ner', 'extract', 'store', 'desk'] as const;
type Part = (typeof PARTS)[number];
const only: Part[] = [];
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i]!;
  const v = a === '--only' ? process.argv[++i] : a.startsWith('--only=') ? a.slice('--only='.length) : null;
  if (v === null) continue;
  if (!(PARTS as readonly string[]).includes(v ?? '')) {
    console.error(`bench: --only takes one of ${PARTS.join(', ')}`);
    process.exit(2);
  }
  only.push(v as Part);
}
const runs = (part: Part): boolean => only.length === 0 || only.includes(part);

/**
 * CPU milliseconds per pass of the pipeline (a) and of compromise (b), passes alternated (a, b,
 * a, b, ...) after one warm-up pass each until both have run for minMs — a load spike then hits
 * both alike, and CPU time ignores time spent descheduled — with each side in a process of its
 * own (`bench/side.ts`), so neither pays for the other's garbage collection.
 */
async function alternateInProcesses(): Promise<{ a: number; b: number }> {
  const start = (side: 'vigil' | 'compromise') => {
    const child = fork(fileURLToPath(new URL('./side.js', import.meta.url)), [side], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let pending: { resolve: (m: unknown) => void; reject: (e: Error) => void } | null = null;
    child.on('message', (m) => { pending?.resolve(m); pending = null; });
    child.on('exit', (code) => { pending?.reject(new Error(`bench side ${side} exited with ${code}`)); pending = null; });
    const next = () => new Promise<unknown>((resolve, reject) => { pending = { resolve, reject }; });
    return { child, next };
  };
  const a = start('vigil');
  const b = start('compromise');
  await Promise.all([a.next(), b.next()]); // both loaded and warmed up
  const pass = async (s: ReturnType<typeof start>): Promise<number> => {
    const reply = s.next();
    s.child.send('pass');
    return Number(await reply);
  };
  let ta = 0;
  let tb = 0;
  let n = 0;
  try {
    do {
      ta += await pass(a);
      tb += await pass(b);
      n++;
    } while (ta < minMs || tb < minMs || n < 2);
  } finally {
    a.child.kill();
    b.child.kill();
  }
  return { a: ta / n, b: tb / n };
}

// 1. NER alone vs compromise
if (runs('ner')) {
  const ner = await benchNer({ minMs });
  console.log(`NER on ${ner.source} (${k(ner.tokens)} tokens, one core)`);
  console.log(`  vigil tagger, one pass:     ${k(ner.taggerTokensPerSec)} tokens/s  = ${ner.ratio.toFixed(1)}x compromise`);
  console.log(`  vigil tagger, two passes:   ${k(ner.taggerDocTokensPerSec)} tokens/s  = ${ner.docRatio.toFixed(1)}x compromise`);
  console.log(`  compromise people/places/organizations: ${k(ner.compromiseTokensPerSec)} tokens/s`);
}

// 2. whole extraction (vigil extract's per-article pipeline) vs compromise NER, on the demo corpus
const demoDir = path.join(REPO_ROOT, 'data', 'demo', 'fbis');
const texts = existsSync(demoDir) ? readdirSync(demoDir).sort().map((f) => readFileSync(path.join(demoDir, f), 'utf8')) : [];
if (texts.length && (runs('extract') || runs('store'))) {
  const resources = loadResources();
  const tokens = texts.reduce((a, t) => a + (t.match(/\S+/g)?.length ?? 0), 0);
  if (runs('extract')) {
    const { a: msExtract, b: msComp } = await alternateInProcesses();
    const ex = tokens / (msExtract / 1000);
    const co = tokens / (msComp / 1000);
    console.log(`\nWhole extraction on the demo corpus (${texts.length} articles, ${k(tokens)} tokens; per CPU-second, passes alternated, each side in its own process)`);
    console.log(`  vigil extract pipeline: ${k(ex)} tokens/s, ${k(texts.length / (msExtract / 1000))} articles/s, ${Math.round(msExtract)} ms/pass  = ${(ex / co).toFixed(1)}x compromise NER alone`);
    console.log(`  compromise NER alone:   ${k(co)} tokens/s, ${Math.round(msComp)} ms/pass`);
  }

  // 3. store: ingest and queries
  if (runs('store')) {
    const store = await openStore({ databaseUrl: ':memory:' });
    const t0 = performance.now();
    for (const [i, t] of texts.entries()) {
      const extraction = extractArticle({ id: String(i), text: t, published: null }, resources);
      await store.ingestArticle({ article: { title: null, published: null, url: `https://bench.example/${i}`, source: 'bench', related: [], text: t }, extraction });
    }
    const ingestMs = performance.now() - t0;
    const q0 = performance.now();
    for (let i = 0; i < 100; i++) await store.listIncidents({ country: 'SV', limit: 50 });
    const listMs = (performance.now() - q0) / 100;
    const s0 = performance.now();
    for (let i = 0; i < 100; i++) await store.search('car bomb');
    const searchMs = (performance.now() - s0) / 100;
    await store.close();
    console.log(`\nStore (SQLite in memory): ingest with extraction ${(ingestMs / texts.length).toFixed(2)} ms/article; incident list ${listMs.toFixed(2)} ms; search ${searchMs.toFixed(2)} ms`);
  }
}

// 4. the analyst's desk: list, map and timeline at 100,000 synthetic incidents
if (runs('desk')) {
  console.log('');
  await benchDesk({ incidents: Number(process.env.BENCH_DESK_INCIDENTS ?? 100_000) });
}
