/**
 * Charts drawn as plain SVG (no chart library): incidents per time bucket stacked by attack type,
 * with brushing by pointer or keyboard (the caller turns the chosen buckets into a date filter),
 * and a casualty history (reported deaths over time, one point per report).
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import type { TimelineRow } from './api';
import { addDays, dayRange } from './filters';
import { ATTACK_TYPES, formatCount, formatDate } from './format';

export type Bucket = 'week' | 'month' | 'year';

/** One colour per attack type, in ATTACK_TYPES order; anything else is grey. */
const PALETTE = ['#7b3294', '#d7301f', '#fc8d59', '#2c7fb8', '#41ab5d', '#1b9e77', '#e7298a', '#8c6d31', '#636363', '#bdbdbd'];
export const attackColour = (t: string): string => PALETTE[ATTACK_TYPES.indexOf(t)] ?? '#9aa5b1';

/** The width of an element, following resizes. */
export function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [w, setW] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setW(el.clientWidth);
    const ro = new ResizeObserver(() => setW(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

/** The next bucket key after `b`. */
function nextBucket(bucket: Bucket, b: string): string {
  if (bucket === 'week') return addDays(b, 7);
  if (bucket === 'year') return String(Number(b) + 1);
  const [y, m] = b.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** First and last day of a bucket. */
export function bucketDays(bucket: Bucket, b: string): [string, string] {
  if (bucket === 'week') return [b, addDays(b, 6)];
  return dayRange(b) ?? [b, b];
}

export function bucketLabel(bucket: Bucket, b: string): string {
  return bucket === 'week' ? `week of ${formatDate(b)}` : formatDate(b);
}

interface Column {
  bucket: string;
  total: number;
  killed: number;
  parts: Array<{ attackType: string; count: number }>;
}

/** Every bucket from the first to the last with data (empty ones included), at most 3000. */
function columns(rows: TimelineRow[], bucket: Bucket): Column[] {
  const by = new Map<string, Column>();
  for (const r of rows) {
    const c = by.get(r.bucket) ?? { bucket: r.bucket, total: 0, killed: 0, parts: [] };
    c.total += r.count;
    c.killed += r.killed;
    c.parts.push({ attackType: r.attackType, count: r.count });
    by.set(r.bucket, c);
  }
  const keys = [...by.keys()].sort();
  if (keys.length === 0) return [];
  const out: Column[] = [];
  for (let b = keys[0]!, n = 0; b <= keys[keys.length - 1]! && n < 3000; b = nextBucket(bucket, b), n++) {
    out.push(by.get(b) ?? { bucket: b, total: 0, killed: 0, parts: [] });
  }
  for (const c of out) c.parts.sort((a, b) => ATTACK_TYPES.indexOf(a.attackType) - ATTACK_TYPES.indexOf(b.attackType));
  return out;
}

/** Round axis steps: 1, 2, 5 × 10^k. */
function niceStep(max: number, ticks = 4): number {
  const raw = Math.max(1, max / ticks);
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
}

export function StackedBars({
  rows,
  bucket,
  height = 300,
  onBrush,
  label,
}: {
  rows: TimelineRow[];
  bucket: Bucket;
  height?: number;
  /** Called with the first and last bucket of a brushed range; without it the chart is static. */
  onBrush?: (first: string, last: string) => void;
  label: string;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const cols = useMemo(() => columns(rows, bucket), [rows, bucket]);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const [cursor, setCursor] = useState<{ a: number; b: number } | null>(null);
  const m = { top: 10, right: 12, bottom: 26, left: 40 };
  const w = Math.max(200, width) - m.left - m.right;
  const h = height - m.top - m.bottom;
  const max = Math.max(1, ...cols.map((c) => c.total));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const bw = cols.length ? w / cols.length : w;
  const y = (v: number) => h - (v / top) * h;
  const indexAt = (clientX: number, el: Element) => {
    const x = clientX - el.getBoundingClientRect().left - m.left;
    return Math.max(0, Math.min(cols.length - 1, Math.floor(x / bw)));
  };
  const apply = (sel: { a: number; b: number }) => {
    const lo = cols[Math.min(sel.a, sel.b)];
    const hi = cols[Math.max(sel.a, sel.b)];
    if (lo && hi && onBrush) onBrush(lo.bucket, hi.bucket);
  };
  const down = (e: PointerEvent<SVGSVGElement>) => {
    if (!onBrush || !cols.length) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const i = indexAt(e.clientX, e.currentTarget);
    setDrag({ a: i, b: i });
  };
  const move = (e: PointerEvent<SVGSVGElement>) => {
    if (drag && e.buttons) setDrag({ ...drag, b: indexAt(e.clientX, e.currentTarget) });
  };
  const up = () => {
    const d = drag;
    setDrag(null);
    if (d && d.a < cols.length && d.b < cols.length) apply(d);
  };
  const key = (e: KeyboardEvent<SVGSVGElement>) => {
    if (!onBrush || !cols.length) return;
    const cur = cursor ?? { a: cols.length - 1, b: cols.length - 1 };
    const clamp = (i: number) => Math.max(0, Math.min(cols.length - 1, i));
    const by = e.ctrlKey || e.metaKey ? 10 : 1;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      const d = (e.key === 'ArrowLeft' ? -1 : 1) * by;
      setCursor(e.shiftKey ? { a: cur.a, b: clamp(cur.b + d) } : { a: clamp(cur.b + d), b: clamp(cur.b + d) });
    } else if (e.key === 'Home') setCursor({ a: 0, b: 0 });
    else if (e.key === 'End') setCursor({ a: cols.length - 1, b: cols.length - 1 });
    else if (e.key === 'Enter' || e.key === ' ') apply(cur);
    else if (e.key === 'Escape') setCursor(null);
    else return;
    e.preventDefault();
  };
  // A selection from before the data changed may point past the new columns.
  useEffect(() => {
    setDrag(null);
    setCursor(null);
  }, [cols]);
  const raw = drag ?? cursor;
  const sel = raw && raw.a < cols.length && raw.b < cols.length ? raw : null;
  const selText = sel ? (() => {
    const lo = cols[Math.min(sel.a, sel.b)]!;
    const hi = cols[Math.max(sel.a, sel.b)]!;
    const n = cols.slice(Math.min(sel.a, sel.b), Math.max(sel.a, sel.b) + 1).reduce((a, c) => a + c.total, 0);
    return `${bucketLabel(bucket, lo.bucket)}${hi !== lo ? ` to ${bucketLabel(bucket, hi.bucket)}` : ''}: ${formatCount(n)} incidents`;
  })() : null;

  // x labels: years when the range is long, else months, at most ~10.
  const ticks = useMemo(() => {
    const out: Array<{ i: number; text: string }> = [];
    const long = cols.length > 0 && bucket !== 'year' && cols[cols.length - 1]!.bucket.slice(0, 4) !== cols[0]!.bucket.slice(0, 4);
    let last = '';
    cols.forEach((c, i) => {
      const k = bucket === 'year' ? c.bucket : long ? c.bucket.slice(0, 4) : c.bucket.slice(0, 7);
      if (k !== last) out.push({ i, text: bucket === 'year' || long ? k : formatDate(k) });
      last = k;
    });
    const every = Math.max(1, Math.ceil(out.length / Math.max(2, Math.floor(w / 70))));
    return out.filter((_, n) => n % every === 0);
  }, [cols, bucket, w]);

  return (
    <div ref={ref} className="chart">
      {cols.length === 0 ? (
        <p className="muted">Nothing to draw for this filter.</p>
      ) : (
        <svg
          width={w + m.left + m.right}
          height={height}
          role={onBrush ? 'application' : 'img'}
          aria-label={`${label}. ${onBrush ? 'Drag across bars, or use the arrow keys (Shift to extend) and Enter, to set the date filter.' : ''}`}
          aria-describedby={undefined}
          tabIndex={onBrush ? 0 : undefined}
          className={onBrush ? 'brushable' : undefined}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onKeyDown={key}
          data-testid="stacked-bars"
        >
          <g transform={`translate(${m.left},${m.top})`}>
            {Array.from({ length: Math.round(top / step) + 1 }, (_, k) => k * step).map((v) => (
              <g key={v}>
                <line x1={0} x2={w} y1={y(v)} y2={y(v)} className="grid" />
                <text x={-6} y={y(v)} dy="0.32em" textAnchor="end" className="axis">
                  {formatCount(v)}
                </text>
              </g>
            ))}
            {cols.map((c, i) => {
              let acc = 0;
              return (
                <g key={c.bucket} className="bar" data-bucket={c.bucket}>
                  <title>{`${bucketLabel(bucket, c.bucket)}: ${formatCount(c.total)} incidents, ${formatCount(c.killed)} killed${c.parts.length ? ' — ' + c.parts.map((p) => `${p.attackType} ${p.count}`).join(', ') : ''}`}</title>
                  <rect x={i * bw} y={0} width={bw} height={h} fill="transparent" />
                  {c.parts.map((p) => {
                    const y0 = y(acc + p.count);
                    const hh = y(acc) - y0;
                    acc += p.count;
                    return <rect key={p.attackType} x={i * bw + (bw > 4 ? 0.5 : 0)} y={y0} width={Math.max(0.6, bw - (bw > 4 ? 1 : 0))} height={hh} fill={attackColour(p.attackType)} />;
                  })}
                </g>
              );
            })}
            {sel && (
              <rect className="brush" x={Math.min(sel.a, sel.b) * bw} y={0} width={(Math.abs(sel.b - sel.a) + 1) * bw} height={h} />
            )}
            <line x1={0} x2={w} y1={h} y2={h} className="axis-line" />
            {ticks.map((t) => (
              <text key={t.i} x={t.i * bw} y={h + 16} className="axis">
                {t.text}
              </text>
            ))}
          </g>
        </svg>
      )}
      <p className="chart-status" aria-live="polite">
        {selText ?? ''}
      </p>
    </div>
  );
}

/** The attack types present in `rows`, in taxonomy order, as a colour legend. */
export function AttackLegend({ rows }: { rows: TimelineRow[] }) {
  const present = [...new Set(rows.map((r) => r.attackType))].sort((a, b) => ATTACK_TYPES.indexOf(a) - ATTACK_TYPES.indexOf(b));
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.attackType, (totals.get(r.attackType) ?? 0) + r.count);
  return (
    <ul className="chart-legend" aria-label="Attack types">
      {present.map((t) => (
        <li key={t}>
          <span className="swatch" style={{ background: attackColour(t) }} aria-hidden="true" />
          {t} <span className="legend-count">{formatCount(totals.get(t) ?? 0)}</span>
        </li>
      ))}
    </ul>
  );
}

/** A point of a casualty history: what one report said, and when. */
export interface CasualtyPoint {
  at: string;
  killed: number | null;
  wounded: number | null;
  label: string;
}

/** Reported killed and wounded over time, as step lines with a dot per report. */
export function CasualtyChart({ points, height = 220 }: { points: CasualtyPoint[]; height?: number }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const pts = [...points].filter((p) => !Number.isNaN(Date.parse(p.at))).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const m = { top: 12, right: 16, bottom: 28, left: 44 };
  const w = Math.max(220, width) - m.left - m.right;
  const h = height - m.top - m.bottom;
  if (pts.length === 0) return <p className="muted">No dated reports.</p>;
  const t0 = Date.parse(pts[0]!.at);
  const t1 = Math.max(t0 + 3_600_000, Date.parse(pts[pts.length - 1]!.at));
  const max = Math.max(1, ...pts.flatMap((p) => [p.killed ?? 0, p.wounded ?? 0]));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const x = (at: string) => ((Date.parse(at) - t0) / (t1 - t0)) * w;
  const y = (v: number) => h - (v / top) * h;
  const series = (k: 'killed' | 'wounded') => {
    const ps = pts.filter((p) => p[k] !== null);
    if (!ps.length) return null;
    let d = `M${x(ps[0]!.at)},${y(ps[0]![k]!)}`;
    for (const p of ps.slice(1)) d += `H${x(p.at)}V${y(p[k]!)}`;
    d += `H${w}`;
    return { ps, d };
  };
  const killed = series('killed');
  const wounded = series('wounded');
  return (
    <div ref={ref} className="chart">
      <svg width={w + m.left + m.right} height={height} role="img" aria-label={`Casualty history: ${pts.map((p) => `${formatDate(p.at)} ${p.killed ?? '?'} killed`).join('; ')}`} data-testid="casualty-chart">
        <g transform={`translate(${m.left},${m.top})`}>
          {Array.from({ length: Math.round(top / step) + 1 }, (_, k) => k * step).map((v) => (
            <g key={v}>
              <line x1={0} x2={w} y1={y(v)} y2={y(v)} className="grid" />
              <text x={-6} y={y(v)} dy="0.32em" textAnchor="end" className="axis">
                {formatCount(v)}
              </text>
            </g>
          ))}
          {wounded && <path d={wounded.d} className="line-wounded" />}
          {killed && <path d={killed.d} className="line-killed" />}
          {killed?.ps.map((p, i) => (
            <circle key={`k${i}`} cx={x(p.at)} cy={y(p.killed!)} r={4} className="dot-killed">
              <title>{`${p.label}: ${p.killed} killed${p.wounded !== null ? `, ${p.wounded} wounded` : ''} (${formatDate(p.at)})`}</title>
            </circle>
          ))}
          <line x1={0} x2={w} y1={h} y2={h} className="axis-line" />
          <text x={0} y={h + 18} className="axis">
            {formatDate(pts[0]!.at.slice(0, 10))}
          </text>
          {pts[pts.length - 1]!.at.slice(0, 10) !== pts[0]!.at.slice(0, 10) && (
            <text x={w} y={h + 18} textAnchor="end" className="axis">
              {formatDate(pts[pts.length - 1]!.at.slice(0, 10))}
            </text>
          )}
        </g>
      </svg>
      <ul className="chart-legend">
        <li><span className="swatch swatch-killed" aria-hidden="true" /> killed</li>
        {wounded && <li><span className="swatch swatch-wounded" aria-hidden="true" /> wounded</li>}
      </ul>
    </div>
  );
}
