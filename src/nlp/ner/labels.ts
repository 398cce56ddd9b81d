/**
 * Entity label space (BILOU over PER/ORG/LOC/MISC), conversions between IOB1/IOB2
 * tag columns, entity spans and BILOU label ids, and the transition constraint used
 * by greedy decoding.
 */

export const ENTITY_TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Span over token indices [start, end) of one sentence. */
export interface Span {
  type: EntityType;
  start: number;
  end: number;
}

/** Label 0 = O; label 1 + 4*t + k where k: 0=B, 1=I, 2=L, 3=U. */
export const N_LABELS = 1 + 4 * ENTITY_TYPES.length;
export const LABEL_NAMES: string[] = ['O'];
for (const t of ENTITY_TYPES) for (const k of ['B', 'I', 'L', 'U']) LABEL_NAMES.push(`${k}-${t}`);

export const labelType = (l: number): number => (l === 0 ? -1 : (l - 1) >> 2);
export const labelPos = (l: number): number => (l === 0 ? -1 : (l - 1) & 3);

/** allowed[prev * N + cur] = 1 when cur may follow prev (prev = N_LABELS means sentence start). */
export const ALLOWED = new Uint8Array((N_LABELS + 1) * N_LABELS);
for (let p = 0; p <= N_LABELS; p++) {
  for (let c = 0; c < N_LABELS; c++) {
    const pOpen = p < N_LABELS && p > 0 && labelPos(p) <= 1; // B or I: entity continues
    let ok: boolean;
    if (pOpen) ok = c > 0 && labelType(c) === labelType(p) && (labelPos(c) === 1 || labelPos(c) === 2);
    else ok = c === 0 || labelPos(c) === 0 || labelPos(c) === 3;
    ALLOWED[p * N_LABELS + c] = ok ? 1 : 0;
  }
}

function splitTag(tag: string): [string, string] {
  const i = tag.indexOf('-');
  return i < 0 ? [tag, ''] : [tag.slice(0, i), tag.slice(i + 1)];
}

/** Chunk spans from an IOB1 or IOB2 tag column (conlleval semantics). */
export function spansFromIob(tags: readonly string[]): Span[] {
  const spans: Span[] = [];
  let cur: { type: string; start: number } | null = null;
  for (let i = 0; i < tags.length; i++) {
    const [p, t] = splitTag(tags[i]!);
    const startsNew = p === 'B' || p === 'U' || (p !== 'O' && (cur === null || cur.type !== t));
    if (cur && (p === 'O' || startsNew)) {
      spans.push({ type: cur.type as EntityType, start: cur.start, end: i });
      cur = null;
    }
    if (p !== 'O' && cur === null) cur = { type: t, start: i };
    if (cur && (p === 'L' || p === 'U' || p === 'E')) {
      spans.push({ type: cur.type as EntityType, start: cur.start, end: i + 1 });
      cur = null;
    }
  }
  if (cur) spans.push({ type: cur.type as EntityType, start: cur.start, end: tags.length });
  return spans.filter((s) => (ENTITY_TYPES as readonly string[]).includes(s.type));
}

/** BILOU label ids for a sentence of length n. */
export function bilouFromSpans(spans: readonly Span[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (const s of spans) {
    const t = ENTITY_TYPES.indexOf(s.type);
    const base = 1 + 4 * t;
    if (s.end - s.start === 1) out[s.start] = base + 3;
    else {
      out[s.start] = base;
      for (let i = s.start + 1; i < s.end - 1; i++) out[i] = base + 1;
      out[s.end - 1] = base + 2;
    }
  }
  return out;
}

/** Spans from BILOU label ids (lenient: an unfinished B/I run ends where it stops). */
export function spansFromBilou(labels: ArrayLike<number>): Span[] {
  const spans: Span[] = [];
  let start = -1;
  let type = -1;
  const n = labels.length;
  for (let i = 0; i <= n; i++) {
    const l = i < n ? labels[i]! : 0;
    const t = labelType(l);
    const p = labelPos(l);
    if (start >= 0 && (l === 0 || t !== type || p === 0 || p === 3)) {
      spans.push({ type: ENTITY_TYPES[type]!, start, end: i });
      start = -1;
    }
    if (l === 0) continue;
    if (start < 0) {
      start = i;
      type = t;
    }
    if (p === 2 || p === 3) {
      spans.push({ type: ENTITY_TYPES[type]!, start, end: i + 1 });
      start = -1;
    }
  }
  return spans;
}

/** IOB1 tags (as in CoNLL-2003) from spans: I- everywhere, B- only between adjacent same-type spans. */
export function iob1FromSpans(spans: readonly Span[], n: number): string[] {
  const out = new Array<string>(n).fill('O');
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let prevEnd = -1;
  let prevType = '';
  for (const s of sorted) {
    for (let i = s.start; i < s.end; i++) out[i] = `I-${s.type}`;
    if (prevEnd === s.start && prevType === s.type) out[s.start] = `B-${s.type}`;
    prevEnd = s.end;
    prevType = s.type;
  }
  return out;
}
