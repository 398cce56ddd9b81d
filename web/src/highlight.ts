/**
 * Highlight segments for the article reader: cuts an article text at every span boundary so
 * that possibly overlapping spans (an entity inside an incident's evidence sentence, a place
 * that is also an incident's place) can be drawn without losing or repeating any text. Each
 * segment lists every span that covers it; the reader decides how to draw the stack. Plain TS,
 * no DOM: `segments.map(s => s.text).join('') === text` always holds.
 */

/** A span to highlight: `[start, end)` in UTF-16 code units, a kind (drives colour) and a key. */
export interface HighlightSpan {
  start: number;
  end: number;
  /** Display kind: `PER`, `ORG`, `LOC`, `DATE`, `TRIGGER`, `EVIDENCE`, … */
  kind: string;
  /** Unique key; incident fields use it to find and flash their evidence. */
  key: string;
}

export interface Segment {
  start: number;
  end: number;
  text: string;
  /** Spans covering this segment, outermost (longest) first. */
  spans: HighlightSpan[];
}

/**
 * Splits `text` into segments at every span boundary. Spans are clamped to the text; empty,
 * inverted or non-finite spans are ignored. Adjacent text that no span covers is one segment.
 */
export function buildSegments(text: string, spans: readonly HighlightSpan[]): Segment[] {
  const n = text.length;
  const valid: HighlightSpan[] = [];
  for (const s of spans) {
    if (!Number.isFinite(s.start) || !Number.isFinite(s.end)) continue;
    const start = Math.max(0, Math.min(n, Math.trunc(s.start)));
    const end = Math.max(0, Math.min(n, Math.trunc(s.end)));
    if (end <= start) continue;
    valid.push(start === s.start && end === s.end ? s : { ...s, start, end });
  }
  const cuts = new Set<number>([0, n]);
  for (const s of valid) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  // Outermost first: longer spans wrap shorter ones; ties broken by start then key for stability.
  const ordered = [...valid].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const byStart = [...ordered].sort((a, b) => a.start - b.start);
  const rank = new Map(ordered.map((s, i) => [s, i]));

  const out: Segment[] = [];
  let active: HighlightSpan[] = [];
  let next = 0;
  for (let p = 0; p + 1 < points.length; p++) {
    const start = points[p]!;
    const end = points[p + 1]!;
    if (start === end) continue;
    active = active.filter((s) => s.end > start);
    while (next < byStart.length && byStart[next]!.start <= start) {
      const s = byStart[next++]!;
      if (s.end > start) active.push(s);
    }
    const covering = [...active].sort((a, b) => rank.get(a)! - rank.get(b)!);
    const prev = out[out.length - 1];
    if (covering.length === 0 && prev && prev.spans.length === 0) {
      prev.end = end;
      prev.text = text.slice(prev.start, end);
      continue;
    }
    out.push({ start, end, text: text.slice(start, end), spans: covering });
  }
  return out;
}

/**
 * The kind drawn for a segment: the first of `priority` among the covering spans whose kind is
 * enabled, or null when none is.
 */
export function topKind(seg: Segment, priority: readonly string[], enabled: ReadonlySet<string>): string | null {
  let best: string | null = null;
  let bestRank = Infinity;
  for (const s of seg.spans) {
    if (!enabled.has(s.kind)) continue;
    const r = priority.indexOf(s.kind);
    const rr = r < 0 ? priority.length : r;
    if (rr < bestRank) {
      best = s.kind;
      bestRank = rr;
    }
  }
  return best;
}
