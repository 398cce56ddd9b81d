/**
 * The article reader: the article text with its annotations highlighted by type (a legend
 * toggles each type), and beside it the article's incidents as cards. Clicking a field on a
 * card scrolls to its evidence span in the text and flashes it.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, type ArticleDetail, type IncidentRecord } from '../api';
import { countryName, formatCount, formatDate, hostOf } from '../format';
import { buildSegments, topKind, type HighlightSpan, type Segment } from '../highlight';
import { Link } from '../router';
import { BackgroundBadge, Claim, ErrorBox, StatusBadge } from './common';

/** Legend entries in drawing priority: a segment shows the first enabled kind that covers it. */
const KINDS = [
  { kind: 'TRIGGER', label: 'Incident triggers' },
  { kind: 'PER', label: 'People' },
  { kind: 'ORG', label: 'Organisations' },
  { kind: 'LOC', label: 'Places' },
  { kind: 'DATE', label: 'Dates' },
  { kind: 'MISC', label: 'Other names' },
  { kind: 'EVIDENCE', label: 'Incident evidence' },
] as const;
const PRIORITY = KINDS.map((k) => k.kind) as string[];

type Field = 'trigger' | 'place' | 'date' | 'killed' | 'wounded' | `group${number}` | `ev${number}`;
const fieldKey = (n: number, f: Field) => `i${n}-${f}`;

/** Every span of the article: annotations, then each incident's fields (kind FIELD: not drawn). */
function collectSpans(d: ArticleDetail): HighlightSpan[] {
  const out: HighlightSpan[] = [];
  const a = d.annotations;
  a?.entities.forEach((e, n) => out.push({ start: e.start, end: e.end, kind: e.type, key: `e${n}` }));
  a?.places.forEach((p, n) => out.push({ start: p.start, end: p.end, kind: 'LOC', key: `p${n}` }));
  a?.dates.forEach((t, n) => out.push({ start: t.start, end: t.end, kind: 'DATE', key: `d${n}` }));
  d.incidents.forEach((inc, n) => {
    const x = inc.detail;
    if (!x) return;
    if (x.trigger) out.push({ start: x.trigger.start, end: x.trigger.end, kind: 'TRIGGER', key: fieldKey(n, 'trigger') });
    x.evidence?.forEach((s, j) => out.push({ start: s.start, end: s.end, kind: 'EVIDENCE', key: fieldKey(n, `ev${j}`) }));
    if (x.place) out.push({ start: x.place.start, end: x.place.end, kind: 'FIELD', key: fieldKey(n, 'place') });
    if (x.date_span) out.push({ start: x.date_span.start, end: x.date_span.end, kind: 'FIELD', key: fieldKey(n, 'date') });
    if (x.killed_span) out.push({ start: x.killed_span.start, end: x.killed_span.end, kind: 'FIELD', key: fieldKey(n, 'killed') });
    if (x.wounded_span) out.push({ start: x.wounded_span.start, end: x.wounded_span.end, kind: 'FIELD', key: fieldKey(n, 'wounded') });
    x.perpetrator_groups?.forEach((g, j) => out.push({ start: g.start, end: g.end, kind: 'FIELD', key: fieldKey(n, `group${j}`) }));
  });
  return out;
}

function describe(seg: Segment): string {
  const kinds = [...new Set(seg.spans.map((s) => s.kind).filter((k) => k !== 'FIELD'))];
  return kinds.map((k) => KINDS.find((x) => x.kind === k)?.label ?? k).join(', ');
}

function ArticleText({ text, segments, enabled, entityOf }: { text: string; segments: Segment[]; enabled: ReadonlySet<string>; entityOf: ReadonlyMap<string, string> }) {
  void text;
  return (
    <div className="article-text" data-testid="article-text">
      {segments.map((seg) => {
        if (seg.spans.length === 0) return seg.text;
        const kind = topKind(seg, PRIORITY, enabled);
        const evidence = enabled.has('EVIDENCE') && seg.spans.some((s) => s.kind === 'EVIDENCE');
        const cls = ['hl', kind ? `hl-${kind}` : '', evidence ? 'hl-in-evidence' : ''].filter(Boolean).join(' ');
        // A person, group or other named entity links to its actor page.
        const entity = kind === 'PER' || kind === 'ORG' || kind === 'MISC' ? seg.spans.map((s) => entityOf.get(s.key)).find(Boolean) : undefined;
        if (entity) {
          return (
            <Link key={seg.start} to={`/actors/${encodeURIComponent(entity)}`} className={`${cls} hl-link`} data-k={seg.spans.map((s) => s.key).join(' ')} title={`${describe(seg)} — open the actor page`}>
              {seg.text}
            </Link>
          );
        }
        return (
          <span key={seg.start} className={cls} data-k={seg.spans.map((s) => s.key).join(' ')} title={kind ? describe(seg) : undefined}>
            {seg.text}
          </span>
        );
      })}
    </div>
  );
}

function FieldButton({ k, onShow, children, label }: { k: string | null; onShow: (k: string) => void; children: ReactNode; label: string }) {
  if (!k) return <span className="field-value">{children}</span>;
  return (
    <button type="button" className="field-value linked" data-field={k} onClick={() => onShow(k)} title={`Show the evidence of the ${label} in the text`}>
      {children}
    </button>
  );
}

function IncidentCard({ inc, n, onShow, selected }: { inc: IncidentRecord; n: number; onShow: (k: string) => void; selected: boolean }) {
  const d = inc.detail;
  const k = (f: Field, has: unknown) => (has ? fieldKey(n, f) : null);
  return (
    <article className={selected ? 'card incident-card selected' : 'card incident-card'} data-testid="incident-card" aria-label={`Incident ${n + 1}`}>
      <header className="card-head">
        <FieldButton k={k('date', d?.date_span)} onShow={onShow} label="date">
          <span className="card-date">{formatDate(inc.date)}</span>
        </FieldButton>
        {inc.datePrecision && inc.datePrecision !== 'day' && <span className="precision">{inc.datePrecision}</span>}
        <span className="spacer" />
        {inc.isBackground && <BackgroundBadge />}
        <StatusBadge status={inc.status} />
      </header>
      <dl className="facts">
        <dt>Place</dt>
        <dd>
          <FieldButton k={k('place', d?.place)} onShow={onShow} label="place">
            {inc.placeName ?? 'unknown'}
            {inc.countryCode && <span className="muted">, {countryName(inc.countryCode)}</span>}
          </FieldButton>
          {d?.place?.specificity && <span className="precision" title="GTD place specificity (1 = city with coordinates … 5 = unknown)">spec. {d.place.specificity}</span>}
        </dd>
        <dt>Type</dt>
        <dd>
          <FieldButton k={k('trigger', d?.trigger)} onShow={onShow} label="trigger">
            {inc.attackTypes.join(', ') || 'Unknown'}
          </FieldButton>
          {d?.trigger?.text && <div className="quote">“{d.trigger.text}”</div>}
        </dd>
        <dt>Perpetrators</dt>
        <dd>
          {(d?.perpetrator_groups ?? []).length === 0 ? (
            <span className="muted">unknown</span>
          ) : (
            <ul className="plain-list">
              {d!.perpetrator_groups.map((g, j) => (
                <li key={j}>
                  <FieldButton k={fieldKey(n, `group${j}`)} onShow={onShow} label="perpetrator">
                    {g.canonical}
                  </FieldButton>{' '}
                  <Claim status={g.claim_status} />
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Casualties</dt>
        <dd className="casualties">
          <FieldButton k={k('killed', d?.killed_span)} onShow={onShow} label="killed">
            <b>{formatCount(inc.killed)}</b> killed
          </FieldButton>
          <FieldButton k={k('wounded', d?.wounded_span)} onShow={onShow} label="wounded">
            <b>{formatCount(inc.wounded)}</b> wounded
          </FieldButton>
        </dd>
        {(inc.weaponTypes.length > 0 || inc.targetTypes.length > 0) && (
          <>
            <dt>Weapons · targets</dt>
            <dd className="muted small">{[inc.weaponTypes.join(', '), inc.targetTypes.join(', ')].filter(Boolean).join(' · ')}</dd>
          </>
        )}
      </dl>
      {(d?.evidence ?? []).length > 0 && (
        <button type="button" className="btn btn-small" onClick={() => onShow(fieldKey(n, 'ev0'))}>
          Show evidence
        </button>
      )}
    </article>
  );
}

export function ReaderPage({ id, focus }: { id: string; focus?: string | null }) {
  const [data, setData] = useState<ArticleDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [enabled, setEnabled] = useState<Set<string>>(() => new Set(PRIORITY));
  const [target, setTarget] = useState<string | null>(null);
  const textRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setData(null);
    setError(null);
    api.article(id).then(setData, setError);
  }, [id]);

  // Cards follow the text: the incident whose trigger comes first is first.
  const ordered = useMemo<ArticleDetail | null>(
    () => (data ? { ...data, incidents: [...data.incidents].sort((a, b) => (a.detail?.trigger?.start ?? Infinity) - (b.detail?.trigger?.start ?? Infinity)) } : null),
    [data],
  );
  const spans = useMemo(() => (ordered ? collectSpans(ordered) : []), [ordered]);
  const segments = useMemo(() => (data ? buildSegments(data.article.text, spans) : []), [data, spans]);
  const entityOf = useMemo(() => new Map((data?.annotations?.entities ?? []).flatMap((e, n) => (e.entity ? [[`e${n}`, e.entity] as [string, string]] : []))), [data]);
  const counts = useMemo(() => {
    const c = new Map<string, number>();
    for (const s of spans) c.set(s.kind, (c.get(s.kind) ?? 0) + 1);
    return c;
  }, [spans]);

  /** Scrolls to the evidence of field key `k` and flashes every segment it covers. */
  const show = (k: string) => {
    const root = textRef.current;
    if (!root) return;
    root.querySelectorAll('.target').forEach((el) => el.classList.remove('target', 'flash'));
    const els = [...root.querySelectorAll<HTMLElement>(`[data-k~="${CSS.escape(k)}"]`)];
    if (els.length === 0) return;
    setTarget(k);
    els[0]!.scrollIntoView({ block: 'center', behavior: 'smooth' });
    for (const el of els) {
      el.classList.add('target');
      void el.offsetWidth; // restart the animation when the same field is clicked again
      el.classList.add('flash');
    }
  };

  // Opened from the incidents table: show that incident's trigger once the text is drawn.
  useEffect(() => {
    if (!ordered || !focus) return;
    const n = ordered.incidents.findIndex((i) => i.id === focus);
    if (n >= 0) show(fieldKey(n, 'trigger'));
  }, [ordered, focus]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error) {
    return (
      <div className="page">
        <p>
          <Link to="/incidents">← Incidents</Link>
        </p>
        <ErrorBox error={error} />
      </div>
    );
  }
  if (!data || !ordered) return <div className="page loading">Loading article…</div>;
  const { article, incidents } = ordered;
  const stored = ordered.related ?? [];
  const toggle = (kind: string) =>
    setEnabled((prev) => {
      const next = new Set(prev);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });
  const selectedIncident = target ? Number(/^i(\d+)-/.exec(target)?.[1] ?? -1) : -1;

  return (
    <div className="page page-wide reader">
      <p className="crumbs">
        <Link to="/incidents">← Incidents</Link>
      </p>
      <div className="reader-grid">
        <section className="reader-main" aria-labelledby="article-title">
          <header className="article-head">
            <h1 id="article-title">{article.title ?? 'Untitled article'}</h1>
            <p className="byline">
              <span className="outlet">{article.source ?? hostOf(article.url) ?? 'Unknown outlet'}</span>
              {article.published && (
                <>
                  {' · '}
                  <time dateTime={article.published}>{formatDate(article.published)}</time>
                </>
              )}
              {article.version > 1 && <> · version {article.version}</>}
            </p>
            {article.url && (
              <p className="source-url">
                <a href={article.url} target="_blank" rel="noopener noreferrer nofollow">
                  {article.url}
                </a>
              </p>
            )}
          </header>
          <div className="legend" role="group" aria-labelledby="legend-title">
            <span className="legend-title" id="legend-title">
              Highlight
            </span>
            {KINDS.filter(({ kind }) => (counts.get(kind) ?? 0) > 0).map(({ kind, label }) => (
              <label key={kind} className={`legend-item lg-${kind}`}>
                <input type="checkbox" checked={enabled.has(kind)} onChange={() => toggle(kind)} />
                <span className={`swatch hl-${kind}`} aria-hidden="true" />
                {label}
                <span className="legend-count">{counts.get(kind) ?? 0}</span>
              </label>
            ))}
          </div>
          <div ref={textRef}>
            <ArticleText text={article.text} segments={segments} enabled={enabled} entityOf={entityOf} />
          </div>
          {stored.length > 0 && (
            <aside className="related" aria-label="Related articles in Vigil">
              <h2>Same story and related articles</h2>
              <ul>
                {stored.map((r) => (
                  <li key={r.id}>
                    <Link to={`/articles/${r.id}`}>{r.title ?? 'Untitled article'}</Link>{' '}
                    <span className="muted">
                      {[r.source, r.published ? formatDate(r.published.slice(0, 10)) : null].filter(Boolean).join(' · ')}
                      {' · '}
                      {r.reason === 'story' ? 'same story' : `shares ${r.shared.slice(0, 3).join(', ')}`}
                    </span>
                  </li>
                ))}
              </ul>
            </aside>
          )}
          {article.related.length > 0 && (
            <aside className="related">
              <h2>Related links</h2>
              <ul>
                {article.related.map((r, n) => (
                  <li key={n}>{r.url ? <a href={r.url} rel="noopener noreferrer nofollow">{r.title}</a> : r.title}</li>
                ))}
              </ul>
            </aside>
          )}
        </section>
        <aside className="reader-side" aria-label="Incidents in this article">
          <h2>
            Incidents <span className="count">{incidents.length}</span>
          </h2>
          <p className="hint">Click a field to see the sentence it came from.</p>
          {incidents.length === 0 && <p className="muted">No incident was extracted from this article.</p>}
          {incidents.map((inc, n) => (
            <IncidentCard key={inc.id} inc={inc} n={n} onShow={show} selected={n === selectedIncident} />
          ))}
        </aside>
      </div>
    </div>
  );
}
