/**
 * `npm run bench`: speed, never accuracy. Prints tokens per second of the NER tagger alone and
 * of the whole per-article extraction (what `vigil extract` runs), beside compromise's NER on the
 * same text in the same run, as ratios; then store ingest and query timings and the desk.
 *
 *   npm run bench [-- --only ner|extract|store|desk]
 *   (BENCH_MS: minimum milliseconds timed per side; BENCH_WARMUP_MS: CPU milliseconds of warm-up per side;
 *   BENCH_SLICE: articles per turn in the extraction comparison, default 20)
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
import type { Side } from './side.js';

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

/** Articles per turn when the sides alternate (20: about 50 ms of the pipeline, 250 of compromise). */
const SLICE = Number(process.env.BENCH_SLICE ?? 20);

/**
 * CPU milliseconds per pass over the corpus of each side, each in a process of its own
 * (`bench/side.ts`, so none pays for another's garbage collection), warmed up (`warmup.ts`),
 * then taking turns on slices of SLICE articles, the order rotating from slice to slice (a b c;
 * b c a; c a b; ...), for whole passes until every side has run for minMs and two passes: a slow
 * spell of a shared machine then hits all sides alike, and CPU time ignores time descheduled.
 */
async function alternateInProcesses(sides: readonly Side[]): Promise<number[]> {
  const start = (side: Side) => {
    const child = fork(fileURLToPath(new URL('./side.js', import.meta.url)), [side], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let pending: { resolve: (m: unknown) => void; reject: (e: Error) => void } | null = null;
    child.on('message', (m) => { pending?.resolve(m); pending = null; });
    child.on('exit', (code) => { pending?.reject(new Error(`bench side ${side} exited with ${code}`)); pending = null; });
    const next = () => new Promise<unknown>((resolve, reject) => { pending = { resolve, reject }; });
    return { child, next };
  };
  const procs = sides.map(start);
  const [ready] = (await Promise.all(procs.map((p) => p.next()))) as Array<{ articles: number }>; // all loaded and warmed up
  const articles = ready!.articles;
  const turn = async (s: ReturnType<typeof start>, from: number, to: number): Promise<number> => {
    const reply = s.next();
    s.child.send({ from, to });
    return Number(await reply);
  };
  const total = sides.map(() => 0);
  let passes = 0;
  try {
    do {
      for (let from = 0, k = 0; from < articles; from += SLICE, k++) {
        const to = Math.min(articles, from + SLICE);
        for (let j = 0; j < procs.length; j++) {
          const i = (k + j) % procs.length;
          total[i]! += await turn(procs[i]!, from, to);
        }
      }
      passes++;
    } while (total.some((t) => t < minMs) || passes < 2);
  } finally {
    for (const p of procs) p.child.kill();
  }
  return total.map((t) => t / passes);
}

// 1. NER alone vs compromise
if (runs('ner')) {
  const ner = await benchNer({ minMs });
  console.log(`NER on ${ner.source} (${k(ner.tokens)} tokens, one core; per CPU-second after warm-up)`);
  console.log(`  vigil tagger, one pass:     ${k(ner.taggerTokensPerCpuSec)} tokens/s  = ${ner.ratio.toFixed(1)}x compromise`);
  console.log(`  vigil tagger, two passes:   ${k(ner.taggerDocTokensPerCpuSec)} tokens/s  = ${ner.docRatio.toFixed(1)}x compromise`);
  console.log(`  compromise people/places/organizations: ${k(ner.compromiseTokensPerCpuSec)} tokens/s`);
}

// 2. whole extraction (vigil extract's per-article pipeline) vs compromise NER, on the demo corpus
const demoDir = path.join(REPO_ROOT, 'data', 'demo', 'fbis');
const texts = existsSync(demoDir) ? readdirSync(demoDir).sort().map((f) => readFileSync(path.join(demoDir, f), 'utf8')) : [];
if (texts.length && (runs('extract') || runs('store'))) {
  const resources = loadResources();
  const tokens = texts.reduce((a, t) => a + (t.match(/\S+/g)?.length ?? 0), 0);
  if (runs('extract')) {
    const [msExtract, msExtract2, msComp] = await alternateInProcesses(['vigil', 'vigil-second-pass', 'compromise']) as [number, number, number];
    const co = tokens / (msComp / 1000);
    const line = (ms: number) => `${k(tokens / (ms / 1000))} tokens/s, ${k(texts.length / (ms / 1000))} articles/s, ${Math.round(ms)} ms/pass  = ${(tokens / (ms / 1000) / co).toFixed(1)}x compromise NER alone`;
    console.log(`\nWhole extraction on the demo corpus (${texts.length} articles, ${k(tokens)} tokens; per CPU-second after warm-up, slices of ${SLICE} articles taken in turn, each side in its own process)`);
    console.log(`  vigil extract (default):               ${line(msExtract)}`);
    console.log(`  vigil extract, VIGIL_NER_SECOND_PASS:  ${line(msExtract2)}`);
    console.log(`  compromise NER alone:                  ${k(co)} tokens/s, ${Math.round(msComp)} ms/pass`);
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
