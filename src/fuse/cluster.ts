/**
 * Story clustering (`vigil cluster`): one story per real-world event. Two passes, both pure and
 * deterministic:
 *
 * 1. **Topics.** Articles become TF-IDF vectors over content words (numbers and capitalised
 *    names inside a sentence weigh more: they tell one event from another of the same kind; the
 *    IDF is raised to a power so that rare words dominate) and are grouped by average-link
 *    agglomeration with a similarity threshold and, when both articles carry a date, a time window.
 * 2. **Events inside a topic.** The hard case is two similar events in one topic (two shootings,
 *    two arrests of players of one team). Each topic is re-weighted with an IDF computed inside
 *    the topic, so the words every article shares fade and the distinctive ones (the other
 *    player's name, the other day, the other death toll) stand out; the topic is split in two by
 *    the same agglomeration, and the split is kept only when the two sides are far apart
 *    (`splitRatio`) *and* each side has several words of its own that the other side never uses
 *    (`splitMinExclusive`). Synonyms ("arrested" / "captured") split a topic by one or two
 *    words, two events by many.
 *
 * Parameters were chosen on ECB+ train (see `eval/cluster.ts`). Story ids derive from the
 * smallest article id of the cluster, so the same input gives the same ids.
 */
import { createHash } from 'node:crypto';

export interface ClusterInput {
  id: string;
  text: string;
  title?: string | null;
  published?: string | null;
}

export interface ClusterOptions {
  /** Minimum average similarity between two clusters to merge them into one topic. */
  threshold: number;
  /** Articles whose published dates are further apart than this never share a story. */
  windowDays: number;
  /** Exponent of the IDF in the topic pass (1 = plain TF-IDF). */
  idfPower: number;
  /** A topic splits only when between-side similarity / within-side similarity is below this. */
  splitRatio: number;
  /** ... and each side has at least this many words the other side never uses ... */
  splitMinExclusive: number;
  /** ... each in at least this share (and two) of its side's articles. */
  splitExclusiveShare: number;
  /** Topics smaller than this are never split; 0 turns the event pass off. */
  splitMinTopic: number;
}

/** The topic pass treats a batch as at least this many documents (see `tfidfVectors`). */
export const MIN_CORPUS = 50;

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  threshold: 0.06,
  windowDays: 14,
  idfPower: 1.5,
  splitRatio: 0.32,
  splitMinExclusive: 5,
  splitExclusiveShare: 0.15,
  splitMinTopic: 4,
};

const STOP = new Set(
  ('a an the and or but of in on at to for from by with as is are was were be been being has have had it its this that these those ' +
    'he she they them his her their we our you your i me my not no nor so than then there here who whom whose which what when where why how ' +
    'said says say will would could should may might can also after before over under into out up down about more most other some such only ' +
    'one two three new last first year years day days week time told according reported report reports people').split(' '),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

/**
 * Term counts of a text. A number or a capitalised word that does not open a sentence counts
 * `heavy` times, any other content word once.
 */
export function termCounts(text: string, heavy = 2): Map<string, number> {
  const tf = new Map<string, number>();
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const at = m.index ?? 0;
    const opensSentence = at === 0 || /[.!?\n]\s*$/u.test(text.slice(Math.max(0, at - 2), at));
    const w = raw.toLowerCase().replace(/['’]s$/u, '');
    if (w.length < 2 || STOP.has(w)) continue;
    const weight = /\d/u.test(raw) || (/^\p{Lu}/u.test(raw) && !opensSentence) ? heavy : 1;
    tf.set(w, (tf.get(w) ?? 0) + weight);
  }
  return tf;
}

export type Vec = Map<string, number>;

/**
 * Unit-length TF-IDF vectors of term counts; the IDF is computed over `tfs` itself, counted as
 * at least `minCorpus` documents (the others without the term), so that a handful of articles
 * about one event still share their words instead of all their words getting an IDF near zero.
 */
export function tfidfVectors(tfs: Array<Map<string, number>>, idfPower = 1, minCorpus = 0): Vec[] {
  const n = Math.max(tfs.length, minCorpus);
  const df = new Map<string, number>();
  for (const tf of tfs) for (const k of tf.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  return tfs.map((tf) => {
    const v: Vec = new Map();
    let norm = 0;
    for (const [k, c] of tf) {
      const idf = Math.log((n + 1) / ((df.get(k) ?? 0) + 0.5));
      if (idf <= 0) continue;
      const w = (1 + Math.log(c)) * Math.pow(idf, idfPower);
      v.set(k, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [k, w] of v) v.set(k, w / norm);
    return v;
  });
}

export function dot(a: Vec, b: Vec): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let d = 0;
  for (const [k, v] of small) {
    const w = large.get(k);
    if (w !== undefined) d += v * w;
  }
  return d;
}

function dayOf(published: string | null | undefined): number | null {
  if (!published) return null;
  const t = Date.parse(published);
  return Number.isNaN(t) ? null : Math.floor(t / 86_400_000);
}

/** Returns a story id for every input id. */
export function clusterArticles(inputs: ClusterInput[], options: Partial<ClusterOptions> = {}): Map<string, string> {
  const opts = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
  const texts = inputs.map((a) => (a.title ? `${a.title}\n${a.text}` : a.text));
  const tfs = texts.map((t) => termCounts(t));
  const days = inputs.map((a) => dayOf(a.published));
  let groups: number[][];
  if (inputs.length > AGGLOMERATIVE_MAX) {
    groups = onlineClusters(tfidfVectors(tfs, opts.idfPower, MIN_CORPUS), days, opts);
  } else {
    const topics = averageLink(similarities(tfidfVectors(tfs, opts.idfPower, MIN_CORPUS), days, opts.windowDays), opts.threshold);
    groups = topics.flatMap((t) => splitEvents(t, tfs, opts));
  }
  const out = new Map<string, string>();
  for (const g of groups) {
    const ids = g.map((i) => inputs[i]!.id).sort();
    const story = 's-' + createHash('sha256').update(ids[0]!).digest('hex').slice(0, 12);
    for (const id of ids) out.set(id, story);
  }
  return out;
}

/** Above this many articles, the cubic agglomeration gives way to one online pass. */
const AGGLOMERATIVE_MAX = 1500;

/** Pairwise similarities; -1 marks a pair that must never share a cluster (time window). */
function similarities(vecs: Vec[], days: Array<number | null>, windowDays: number): Float64Array[] {
  const n = vecs.length;
  const S: Float64Array[] = [];
  for (let i = 0; i < n; i++) S.push(new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const di = days[i];
      const dj = days[j];
      const s = di != null && dj != null && Math.abs(di - dj) > windowDays ? -1 : dot(vecs[i]!, vecs[j]!);
      S[i]![j] = s;
      S[j]![i] = s;
    }
  }
  return S;
}

/**
 * Average-link agglomeration over a similarity matrix (sums kept per cluster pair, Lance-Williams
 * style): merges the closest pair while its average similarity is at least `threshold` and
 * more than `stopAt` clusters remain. A pair with a -1 (blocked) member pair never merges.
 */
export function averageLink(S0: Float64Array[], threshold: number, stopAt = 1): number[][] {
  const n = S0.length;
  const sum = S0.map((r) => Float64Array.from(r, (x) => Math.max(0, x)));
  const blocked = S0.map((r) => Uint8Array.from(r, (x) => (x < 0 ? 1 : 0)));
  const size = new Array<number>(n).fill(1);
  const alive = new Array<boolean>(n).fill(true);
  const members: number[][] = S0.map((_, i) => [i]);
  let live = n;
  while (live > stopAt) {
    let best = -Infinity;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (!alive[j] || blocked[i]![j]) continue;
        const s = sum[i]![j]! / (size[i]! * size[j]!);
        if (s > best) {
          best = s;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0 || best < threshold) break;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === bi || k === bj) continue;
      sum[bi]![k] = sum[bi]![k]! + sum[bj]![k]!;
      sum[k]![bi] = sum[bi]![k]!;
      const b = blocked[bi]![k]! | blocked[bj]![k]!;
      blocked[bi]![k] = b;
      blocked[k]![bi] = b;
    }
    size[bi] = size[bi]! + size[bj]!;
    alive[bj] = false;
    members[bi] = members[bi]!.concat(members[bj]!);
    live -= 1;
  }
  return members.filter((_, i) => alive[i]);
}

function meanSim(S: Float64Array[], A: number[], B: number[] | null): number {
  let t = 0;
  let c = 0;
  if (B) {
    for (const i of A) for (const j of B) (t += S[i]![j]!), (c += 1);
  } else {
    for (let x = 0; x < A.length; x++) for (let y = x + 1; y < A.length; y++) (t += S[A[x]!]![A[y]!]!), (c += 1);
  }
  return c ? t / c : 0;
}

/** Words used by at least `share` (and two) of the articles of `side` and by none of `other`. */
function exclusiveWords(tfs: Array<Map<string, number>>, side: number[], other: number[], share: number): number {
  const inOther = new Set<string>();
  for (const k of other) for (const t of tfs[k]!.keys()) inOther.add(t);
  const df = new Map<string, number>();
  for (const k of side) for (const t of tfs[k]!.keys()) if (!inOther.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  const need = Math.max(2, share * side.length);
  let n = 0;
  for (const c of df.values()) if (c >= need) n += 1;
  return n;
}

/** The event pass: splits one topic in two when its halves are two events (see the header). */
function splitEvents(topic: number[], allTfs: Array<Map<string, number>>, opts: ClusterOptions): number[][] {
  if (opts.splitMinTopic <= 0 || topic.length < opts.splitMinTopic) return [topic];
  const tfs = topic.map((i) => allTfs[i]!);
  const S = similarities(tfidfVectors(tfs), [], 0);
  const two = averageLink(S, -Infinity, 2);
  if (two.length < 2) return [topic];
  const [A, B] = two as [number[], number[]];
  if (Math.min(A.length, B.length) < 2) return [topic];
  const within = Math.sqrt(meanSim(S, A, null) * meanSim(S, B, null));
  const ratio = meanSim(S, A, B) / (within || 1e-9);
  if (ratio >= opts.splitRatio) return [topic];
  const exA = exclusiveWords(tfs, A, B, opts.splitExclusiveShare);
  const exB = exclusiveWords(tfs, B, A, opts.splitExclusiveShare);
  if (Math.min(exA, exB) < opts.splitMinExclusive) return [topic];
  return [A.map((k) => topic[k]!), B.map((k) => topic[k]!)];
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
      let d2 = 0;
      let norm = 0;
      for (const w of st.centroid.values()) norm += w * w;
      for (const [k, w] of v) d2 += w * (st.centroid.get(k) ?? 0);
      const sim = d2 / (Math.sqrt(norm) || 1);
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
