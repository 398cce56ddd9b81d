/**
 * Trains the MUC-4 role-filler classifier of `src/extract/roles.ts` and writes
 * `models/incidents/roles.json.gz`. Reads `../shared/data/muc4/train.jsonl` (1,300 documents
 * with their templates); `dev.jsonl` is used only to report CEAF-REE per epoch and to choose
 * the epoch count and per-role thresholds. Lexicon counts are jackknifed (a document's own
 * fillers never count for its own features) so the weights learn how far to trust them.
 *
 *   npx tsx scripts/train-incidents.ts [--epochs N] [--out models/incidents/roles.json.gz]
 */
import fs from 'node:fs';
import path from 'node:path';
import { tokenize } from '../src/nlp/tokenize.js';
import { splitSentences } from '../src/nlp/sentences.js';
import {
  NROLES, ROLE_LABELS, candidates, decodeRoles, scoreAll, docFeatures, docScore, hash32, lowerTokens, normalizeRole, serializeRoleModel,
  type LexEntry, type RoleModel,
} from '../src/extract/roles.js';
import { dataPath, readJsonl } from '../eval/data.js';
import { ceafRee, ROLES } from '../eval/incidents.js';
import type { ExtractRecord, ExtractedIncident, RoleFiller } from '../src/model.js';

interface MucDoc {
  docid: string;
  doctext: string;
  templates: Array<Record<string, unknown> & Record<(typeof ROLES)[number], Array<Array<[string, number]>>>>;
}

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const EPOCHS = Number(opt('--epochs', '8'));
const OUT = opt('--out', path.resolve('models/incidents/roles.json.gz'));

let seed = 1;
const rand = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};

const train = readJsonl<MucDoc>(dataPath('muc4', 'train.jsonl'));
const dev = readJsonl<MucDoc>(dataPath('muc4', 'dev.jsonl'));

function goldOf(d: MucDoc): Array<Set<string>> {
  const g: Array<Set<string>> = ROLE_LABELS.map(() => new Set<string>());
  for (const t of d.templates) {
    ROLES.forEach((role, k) => {
      for (const ent of t[role] ?? []) for (const [m] of ent) {
        const n = normalizeRole(m);
        if (n) g[k + 1]!.add(n);
      }
    });
  }
  return g;
}

// Heads: last words of training fillers.
const heads = new Set<number>();
for (const d of train) {
  for (const t of d.templates) for (const role of ROLES) for (const ent of t[role] ?? []) for (const [m] of ent) {
    const n = normalizeRole(m);
    if (!n) continue;
    heads.add(hash32(n.split(' ').pop()!));
    const raw = m.toLowerCase().trim().split(/\s+/).pop()!.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (raw) heads.add(hash32(raw));
  }
}

interface Prep {
  doc: MucDoc;
  gold: Array<Set<string>>;
  keys: Map<number, number[]>; // key hash -> per-doc contribution [occ, gold1..]
}

const prepDoc = (d: MucDoc): Prep => {
  const t = tokenize(d.doctext);
  const sents = splitSentences(t);
  const low = lowerTokens(t);
  const gold = goldOf(d);
  const keys = new Map<number, number[]>();
  const touch = (k: string): number[] => {
    const h = hash32(k);
    let v = keys.get(h);
    if (!v) { v = new Array<number>(NROLES).fill(0); keys.set(h, v); }
    return v;
  };
  for (const c of candidates(t, low, sents, heads, () => undefined, false)) {
    touch(`s:${c.norm}`)[0] = 1;
    touch(`h:${c.norm.split(' ').pop()!}`)[0] = 1;
  }
  for (let r = 1; r < NROLES; r++) for (const n of gold[r]!) {
    touch(`s:${n}`)[r] = 1;
    touch(`h:${n.split(' ').pop()!}`)[r] = 1;
  }
  return { doc: d, gold, keys };
};

console.error(`preparing ${train.length} training documents…`);
const preps = train.map(prepDoc);
const lex = new Map<number, LexEntry>();
for (const p of preps) for (const [k, v] of p.keys) {
  let e = lex.get(k);
  if (!e) { e = { occ: 0, gold: new Array<number>(NROLES).fill(0) }; lex.set(k, e); }
  e.occ += v[0]!;
  for (let r = 1; r < NROLES; r++) e.gold[r]! += v[r]!;
}

interface Example { feats: Uint32Array; label: number }
const examples: Example[] = [];
for (const p of preps) {
  const t = tokenize(p.doc.doctext);
  const sents = splitSentences(t);
  const low = lowerTokens(t);
  const lexOf = (k: string): LexEntry | undefined => {
    const h = hash32(k);
    const e = lex.get(h);
    if (!e) return undefined;
    const own = p.keys.get(h);
    if (!own) return e;
    const j: LexEntry = { occ: e.occ - own[0]!, gold: e.gold.map((g, r) => g - (r ? own[r]! : 0)) };
    if (j.occ <= 0 && j.gold.every((g) => g <= 0)) return undefined;
    return j;
  };
  for (const c of candidates(t, low, sents, heads, lexOf)) {
    let label = 0;
    for (let r = 1; r < NROLES; r++) if (p.gold[r]!.has(c.norm)) { label = r; break; }
    examples.push({ feats: Uint32Array.from(c.feats), label });
  }
}
console.error(`${examples.length} candidates, ${examples.filter((e) => e.label).length} positive`);

// Document relevance: averaged binary perceptron over distinct words.
const docW = new Map<number, number>();
{
  const ex = preps.map((p) => {
    const t = tokenize(p.doc.doctext);
    return { f: docFeatures(t, lowerTokens(t)), y: p.doc.templates.length ? 1 : -1 };
  });
  const w0 = new Map<number, number>();
  const u0 = new Map<number, number>();
  let c0 = 1;
  const ord = ex.map((_, i) => i);
  let seed0 = 7;
  const rand0 = (): number => {
    seed0 = (Math.imul(seed0, 1103515245) + 12345) >>> 0;
    return seed0 / 4294967296;
  };
  for (let ep = 0; ep < 10; ep++) {
    for (let i = ord.length - 1; i > 0; i--) {
      const j = Math.floor(rand0() * (i + 1));
      [ord[i], ord[j]] = [ord[j]!, ord[i]!];
    }
    for (const i of ord) {
      const { f, y } = ex[i]!;
      let s0 = 0;
      for (const h of f) s0 += w0.get(h) ?? 0;
      if (s0 * y <= 0) for (const h of f) {
        w0.set(h, (w0.get(h) ?? 0) + y);
        u0.set(h, (u0.get(h) ?? 0) + y * c0);
      }
      c0++;
    }
  }
  for (const [k, v] of w0) {
    const a = v - (u0.get(k) ?? 0) / c0;
    if (Math.abs(a) > 1e-3) docW.set(k, a);
  }
}

// Averaged multi-class perceptron (lazy averaging).
const w = new Map<number, Float64Array>();
const u = new Map<number, Float64Array>();
let c = 1;
const get = (m: Map<number, Float64Array>, k: number): Float64Array => {
  let v = m.get(k);
  if (!v) { v = new Float64Array(NROLES); m.set(k, v); }
  return v;
};
const sc = new Float64Array(NROLES);

// Lexicon kept in the model: keys seen as a filler, or seen often.
const keptLex = new Map<number, LexEntry>();
for (const [k, e] of lex) if (e.gold.some((g) => g > 0) || e.occ >= 3) keptLex.set(k, e);

function snapshot(): RoleModel {
  const weights = new Map<number, Float32Array>();
  for (const [k, wv] of w) {
    const uv = u.get(k)!;
    const a = new Float32Array(NROLES);
    let big = false;
    for (let r = 0; r < NROLES; r++) {
      a[r] = wv[r]! - uv[r]! / c;
      if (Math.abs(a[r]!) > 1e-3) big = true;
    }
    if (big) weights.set(k, a);
  }
  return { heads, lex: keptLex, weights, thresholds: new Array<number>(NROLES).fill(0), doc: { weights: docW, threshold: -Infinity } };
}

const devPrepared = dev.map((d) => {
  const t = tokenize(d.doctext);
  return { d, t, sents: splitSentences(t), low: lowerTokens(t) };
});
const devLexOf = (k: string): LexEntry | undefined => keptLex.get(hash32(k));
const devCands = devPrepared.map(({ t, sents, low }) => candidates(t, low, sents, heads, devLexOf));
const devDocFeats = devPrepared.map(({ t, low }) => docFeatures(t, low));
{
  // Oracle: gold entities with a mention among the candidates.
  let hit = 0;
  let tot = 0;
  devPrepared.forEach(({ d }, i) => {
    const norms = new Set(devCands[i]!.map((c) => c.norm));
    for (const t of d.templates) for (const role of ROLES) for (const ent of t[role] ?? []) {
      tot++;
      if (ent.some(([m]) => norms.has(normalizeRole(m)))) hit++;
    }
  });
  console.error(`candidate oracle recall on dev (template entities): ${(100 * hit / tot).toFixed(1)}%`);
}

function devScore(model: RoleModel, scored?: Float64Array[]): ReturnType<typeof ceafRee> {
  const docs = devPrepared.map(({ d, t }, i) => {
    const finds = docScore(model, devDocFeats[i]!) < model.doc.threshold ? [] : decodeRoles(t, devCands[i]!, scored ? scored[i]! : scoreAll(model, devCands[i]!), model.thresholds);
    const by = (role: string): RoleFiller[] => finds.filter((f) => f.role === role).map((f) => ({ start: f.start, end: f.end, text: f.text }));
    const inc = {
      perpetrator_individuals: by('PerpInd'), perpetrator_groups: by('PerpOrg').map((f) => ({ ...f, canonical: f.text, aliases: [], claimed: false, claim_status: 'attributed' as const })),
      targets: by('Target'), victims: by('Victim'), weapons: by('Weapon'),
    } as unknown as ExtractedIncident;
    const rec: ExtractRecord = { id: d.docid, entities: [], places: [], dates: [], incidents: [inc] };
    return { id: d.docid, gold: d as never, rec };
  });
  return ceafRee(docs);
}

const order = examples.map((_, i) => i);
let bestF = -1;
let best: RoleModel | null = null;
for (let ep = 1; ep <= EPOCHS; ep++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let errors = 0;
  for (const idx of order) {
    const ex = examples[idx]!;
    sc.fill(0);
    for (const f of ex.feats) {
      const v = w.get(f);
      if (v) for (let r = 0; r < NROLES; r++) sc[r]! += v[r]!;
    }
    let pred = 0;
    for (let r = 1; r < NROLES; r++) if (sc[r]! > sc[pred]!) pred = r;
    if (pred !== ex.label) {
      errors++;
      for (const f of ex.feats) {
        const wv = get(w, f);
        const uv = get(u, f);
        wv[ex.label]! += 1;
        uv[ex.label]! += c;
        wv[pred]! -= 1;
        uv[pred]! -= c;
      }
    }
    c++;
  }
  const model = snapshot();
  const s = devScore(model);
  const pct = (x: number): string => (100 * x).toFixed(1);
  console.error(`epoch ${ep}: errors ${errors}, dev CEAF-REE P ${pct(s.micro.precision)} R ${pct(s.micro.recall)} F1 ${pct(s.micro.f1)} | ${ROLES.map((r) => `${r} ${pct(s.byRole[r].f1)}`).join(' ')} (${model.weights.size} features)`);
  if (s.micro.f1 > bestF) { bestF = s.micro.f1; best = model; }
}

// Per-role thresholds on dev (coordinate ascent over a small grid).
{
  const m = best!;
  const scored = devCands.map((cs) => scoreAll(m, cs));
  let cur = devScore(m, scored).micro.f1;
  {
    const ds = devDocFeats.map((f) => docScore(m, f));
    const acc = (th: number): number => ds.filter((x, i) => (x >= th) === (dev[i]!.templates.length > 0)).length / ds.length;
    console.error(`document relevance accuracy on dev at 0: ${(100 * acc(0)).toFixed(1)}%`);
  }
  for (let round = 0; round < 2; round++) {
    let bestD = m.doc.threshold;
    for (const th of [-Infinity, -40, -30, -20, -15, -10, -5, 0, 5, 10]) {
      m.doc.threshold = th;
      const f = devScore(m, scored).micro.f1;
      if (f > cur + 1e-9) { cur = f; bestD = th; }
    }
    m.doc.threshold = bestD;
    for (let r = 1; r < NROLES; r++) {
      let bestT = m.thresholds[r]!;
      for (let th = -40; th <= 20; th += 2.5) {
        m.thresholds[r] = th;
        const f = devScore(m, scored).micro.f1;
        if (f > cur + 1e-9) { cur = f; bestT = th; }
      }
      m.thresholds[r] = bestT;
    }
  }
  const s = devScore(m, scored);
  const pct = (x: number): string => (100 * x).toFixed(1);
  console.error(`document threshold ${m.doc.threshold}`);
  console.error(`thresholds ${m.thresholds.map((x) => x.toFixed(1)).join(' ')}: dev P ${pct(s.micro.precision)} R ${pct(s.micro.recall)} F1 ${pct(s.micro.f1)} | ${ROLES.map((r) => `${r} ${pct(s.byRole[r].f1)}`).join(' ')}`);
  bestF = s.micro.f1;
}

fs.mkdirSync(path.dirname(OUT), { recursive: true });
const buf = serializeRoleModel(best!);
fs.writeFileSync(OUT, buf);
console.error(`wrote ${OUT} (${(buf.length / 1e6).toFixed(2)} MB), dev F1 ${(100 * bestF).toFixed(1)}`);
