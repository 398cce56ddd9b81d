/**
 * Story clustering, first version: articles become TF-IDF vectors over content words (numbers
 * and capitalised names weigh more, since they tell one event from another of the same kind),
 * and are clustered by average-link agglomeration with a similarity threshold and, when both
 * articles carry a date, a time window. Story ids derive from the earliest article id of the
 * cluster, so the same input gives the same ids. Deterministic and pure.
 */
import { createHash } from 'node:crypto';

export interface ClusterInput {
  id: string;
  text: string;
  title?: string | null;
  published?: string | null;
}

export interface ClusterOptions {
  /** Minimum average cosine similarity between two clusters to merge them. */
  threshold: number;
  /** Articles whose published dates are further apart than this never share a story. */
  windowDays: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { threshold: 0.13, windowDays: 14 };

const STOP = new Set(
  ('a an the and or but of in on at to for from by with as is are was were be been being has have had it its this that these those ' +
    'he she they them his her their we our you your i me my not no nor so than then there here who whom whose which what when where why how ' +
    'said says say will would could should may might can also after before over under into out up down about more most other some such only ' +
    'one two three new last first year years day days week time told according reported report reports people').split(' '),
);

function terms(text: string): Map<string, number> {
  const tf = new Map<string, number>();
  const re = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
  for (const m of text.matchAll(re)) {
    const raw = m[0];
    const w = raw.toLowerCase().replace(/['’]s$/, '');
    if (w.length < 2 || STOP.has(w)) continue;
    const weight = /^\p{Lu}/u.test(raw) || /\d/.test(raw) ? 2 : 1;
    tf.set(w, (tf.get(w) ?? 0) + weight);
  }
  return tf;
}

type Vec = Map<string, number>;

function cosine(a: Vec, b: Vec): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [k, v] of small) {
    const w = large.get(k);
    if (w !== undefined) dot += v * w;
  }
  return dot;
}

function dayOf(published: string | null | undefined): number | null {
  if (!published) return null;
  const t = Date.parse(published);
  return Number.isNaN(t) ? null : Math.floor(t / 86_400_000);
}

/** Returns a story id for every input id. */
export function clusterArticles(inputs: ClusterInput[], options: Partial<ClusterOptions> = {}): Map<string, string> {
  const opts = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
  const n = inputs.length;
  const tfs = inputs.map((a) => terms(`${a.title ?? ''}\n${a.text}`));
  const df = new Map<string, number>();
  for (const tf of tfs) for (const k of tf.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const vecs: Vec[] = tfs.map((tf) => {
    const v: Vec = new Map();
    let norm = 0;
    for (const [k, c] of tf) {
      const w = (1 + Math.log(c)) * Math.log((n + 1) / ((df.get(k) ?? 0) + 0.5));
      if (w <= 0) continue;
      v.set(k, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [k, w] of v) v.set(k, w / norm);
    return v;
  });
  const days = inputs.map((a) => dayOf(a.published));
  const groups = n > AGGLOMERATIVE_MAX ? onlineClusters(vecs, days, opts) : agglomerativeClusters(vecs, days, opts);
  const out = new Map<string, string>();
  for (const g of groups) {
    const ids = g.map((i) => inputs[i]!.id).sort();
    const story = 's-' + createHash('sha256').update(ids[0]!).digest('hex').slice(0, 12);
    for (const id of ids) out.set(id, story);
  }
  return out;
}

/** Above this many articles, the quadratic agglomeration gives way to one online pass. */
const AGGLOMERATIVE_MAX = 1500;

function agglomerativeClusters(vecs: Vec[], days: Array<number | null>, opts: ClusterOptions): number[][] {
  const n = vecs.length;
  // pairwise similarities (n is a batch; O(n^2) is fine for the batch interface's sizes)
  const sim: Float32Array[] = [];
  for (let i = 0; i < n; i++) sim.push(new Float32Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const di = days[i];
      const dj = days[j];
      const s = di != null && dj != null && Math.abs(di - dj) > opts.windowDays ? -1 : cosine(vecs[i]!, vecs[j]!);
      sim[i]![j] = s;
      sim[j]![i] = s;
    }
  }
  // average-link agglomerative clustering
  const members: number[][] = vecs.map((_, i) => [i]);
  const alive = new Set(members.keys());
  for (;;) {
    let best = -Infinity;
    let bi = -1;
    let bj = -1;
    const live = [...alive];
    for (let x = 0; x < live.length; x++) {
      for (let y = x + 1; y < live.length; y++) {
        const A = members[live[x]!]!;
        const B = members[live[y]!]!;
        let total = 0;
        let blocked = false;
        for (const i of A) {
          for (const j of B) {
            const s = sim[i]![j]!;
            if (s < 0) blocked = true;
            total += s;
          }
        }
        if (blocked) continue;
        const avg = total / (A.length * B.length);
        if (avg > best) {
          best = avg;
          bi = live[x]!;
          bj = live[y]!;
        }
      }
    }
    if (bi < 0 || best < opts.threshold) break;
    members[bi] = [...members[bi]!, ...members[bj]!];
    alive.delete(bj);
  }
  return [...alive].map((c) => members[c]!);
}

/** Single pass in input order: each article joins the most similar story centroid or starts one. */
function onlineClusters(vecs: Vec[], days: Array<number | null>, opts: ClusterOptions): number[][] {
  const stories: Array<{ members: number[]; centroid: Vec; lastDay: number | null }> = [];
  // inverted index from term to stories holding it keeps this near-linear
  const postings = new Map<string, Set<number>>();
  for (let i = 0; i < vecs.length; i++) {
    const v = vecs[i]!;
    const candidates = new Set<number>();
    for (const k of v.keys()) for (const s of postings.get(k) ?? []) candidates.add(s);
    let best = -1;
    let bestSim = opts.threshold;
    for (const s of candidates) {
      const st = stories[s]!;
      const d = days[i];
      if (d != null && st.lastDay != null && Math.abs(d - st.lastDay) > opts.windowDays) continue;
      let dot = 0;
      let norm = 0;
      for (const w of st.centroid.values()) norm += w * w;
      for (const [k, w] of v) dot += w * (st.centroid.get(k) ?? 0);
      const sim = dot / (Math.sqrt(norm) || 1);
      if (sim >= bestSim) {
        bestSim = sim;
        best = s;
      }
    }
    if (best < 0) {
      best = stories.length;
      stories.push({ members: [], centroid: new Map(), lastDay: null });
    }
    const st = stories[best]!;
    st.members.push(i);
    if (days[i] != null) st.lastDay = Math.max(st.lastDay ?? days[i]!, days[i]!);
    for (const [k, w] of v) {
      st.centroid.set(k, (st.centroid.get(k) ?? 0) + w);
      let set = postings.get(k);
      if (!set) postings.set(k, (set = new Set()));
      set.add(best);
    }
  }
  return stories.map((s) => s.members);
}
