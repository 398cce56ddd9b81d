/**
 * The incident page: every field with its precision and review status, the casualty history as a
 * chart when the incident was fused from several reports, each source article with the incident's
 * evidence sentences and the words behind each field highlighted, and related incidents (same
 * group or same country, close in time). An incident from a single article shows that article.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type ArticleDetail, type IncidentRecord } from '../api';
import { CasualtyChart, type CasualtyPoint } from '../charts';
import { addDays, dayRange } from '../filters';
import { countryName, formatCount, formatDate, formatDateTime, hostOf } from '../format';
import { buildSegments, type HighlightSpan } from '../highlight';
import { href, Link } from '../router';
import { BackgroundBadge, Claim, ErrorBox, StatusBadge } from './common';
import { ReviewPanel } from './Review';

type SourceRef = { articleId: string; detail: IncidentRecord['detail'] | undefined; title: string | null; outlet?: string | null; published?: string | null; killed?: number | null; wounded?: number | null };

const FIELD_LABEL: Record<string, string> = { trigger: 'attack', place: 'place', date: 'date', killed: 'killed', wounded: 'wounded', group: 'perpetrator', target: 'target', victim: 'victims' };

/** The spans of an incident's fields, keyed by field. */
function fieldSpans(d: IncidentRecord['detail']): HighlightSpan[] {
  const out: HighlightSpan[] = [];
  if (!d) return out;
  const add = (s: { start: number; end: number } | null | undefined, kind: string, n = 0) => s && out.push({ start: s.start, end: s.end, kind, key: `${kind}${n}` });
  add(d.trigger, 'trigger');
  add(d.place, 'place');
  add(d.date_span, 'date');
  add(d.killed_span, 'killed');
  add(d.wounded_span, 'wounded');
  d.perpetrator_groups?.forEach((g, n) => add(g, 'group', n));
  d.targets?.forEach((g, n) => add(g, 'target', n));
  return out;
}

/** The evidence sentences of `d` in `text`, each with its field words marked. */
function Evidence({ text, d }: { text: string; d: IncidentRecord['detail'] }) {
  const spans = fieldSpans(d);
  let sentences = (d?.evidence ?? []).filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  if (sentences.length === 0 && d?.trigger) sentences = [{ start: Math.max(0, d.trigger.start - 120), end: Math.min(text.length, d.trigger.end + 160) }];
  // Field spans outside the evidence sentences get their own short excerpt.
  const outside = spans.filter((s) => !sentences.some((e) => s.start >= e.start && s.end <= e.end));
  const excerpts = [...sentences, ...outside.map((s) => ({ start: Math.max(0, s.start - 60), end: Math.min(text.length, s.end + 60), extra: true }))].sort((a, b) => a.start - b.start);
  return (
    <div className="evidence" data-testid="evidence">
      {excerpts.map((e, n) => {
        const inner = spans.filter((s) => s.start >= e.start && s.end <= e.end).map((s) => ({ ...s, start: s.start - e.start, end: s.end - e.start }));
        const segs = buildSegments(text.slice(e.start, e.end), inner);
        return (
          <blockquote key={n} className={'extra' in e ? 'evidence-sentence excerpt' : 'evidence-sentence'}>
            {'extra' in e && e.start > 0 && '…'}
            {segs.map((s) =>
              s.spans.length === 0 ? (
                s.text
              ) : (
                <mark key={s.start} className={`ev ev-${s.spans[s.spans.length - 1]!.kind}`} title={s.spans.map((x) => FIELD_LABEL[x.kind] ?? x.kind).join(', ')}>
                  {s.text}
                </mark>
              ),
            )}
            {'extra' in e && e.end < text.length && '…'}
          </blockquote>
        );
      })}
    </div>
  );
}

function SourceCard({ src, n, primary }: { src: SourceRef; n: number; primary: boolean }) {
  const { articleId, detail, title } = src;
  const [a, setA] = useState<ArticleDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.article(articleId).then(setA, setError);
  }, [articleId]);
  return (
    <article className="card source-card" aria-label={`Source ${n + 1}`} data-testid="source-card">
      <header>
        <h3>
          <Link to={`/articles/${encodeURIComponent(articleId)}`}>{a?.article.title ?? title ?? 'Source article'}</Link>
        </h3>
        {a && (
          <p className="byline">
            <span className="outlet">{a.article.source ?? src.outlet ?? hostOf(a.article.url) ?? 'Unknown outlet'}</span>
            {a.article.published && <> · {formatDate(a.article.published)}</>}
            {primary && <span className="badge badge-verified"> coded from this report</span>}
            {(src.killed !== undefined || src.wounded !== undefined) && (
              <> · reported {formatCount(src.killed ?? null)} killed, {formatCount(src.wounded ?? null)} wounded</>
            )}
          </p>
        )}
      </header>
      {error ? <ErrorBox error={error} /> : a ? detail ? <Evidence text={a.article.text} d={detail} /> : <p className="muted">This report's spans are in the reader: <Link to={`/articles/${encodeURIComponent(articleId)}`}>open it</Link>.</p> : <p className="loading">Loading…</p>}
    </article>
  );
}

function Fact({ label, children, note }: { label: string; children: ReactNode; note?: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {children}
        {note && <span className="precision">{note}</span>}
      </dd>
    </>
  );
}

function history(inc: IncidentRecord): CasualtyPoint[] {
  const names = new Map((inc.sources ?? []).map((s) => [s.reportId, s.outlet ?? s.title ?? s.articleId]));
  return (inc.casualtyHistory ?? []).flatMap((e) =>
    e.published ? [{ at: e.published, killed: e.killed, wounded: e.wounded, label: names.get(e.reportId) ?? e.articleId }] : [],
  );
}

function Related({ inc }: { inc: IncidentRecord }) {
  const [items, setItems] = useState<IncidentRecord[] | null>(null);
  useEffect(() => {
    const range = inc.date ? dayRange(inc.date) : null;
    const asks: string[] = [];
    if (range && inc.groups[0]) asks.push(href('', { group: inc.groups[0], since: addDays(range[0], -60), until: addDays(range[1], 60), background: 'true', limit: 8 }).slice(1));
    if (range && inc.countryCode) asks.push(href('', { country: inc.countryCode, since: addDays(range[0], -14), until: addDays(range[1], 14), background: 'true', limit: 8 }).slice(1));
    if (asks.length === 0) return setItems([]);
    Promise.all(asks.map((q) => api.incidents(q).then((p) => p.items, () => []))).then((lists) => {
      const seen = new Set([inc.id]);
      setItems(lists.flat().filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true))).slice(0, 8));
    });
  }, [inc]);
  return (
    <section className="card" aria-labelledby="h-related">
      <h2 id="h-related">Related incidents</h2>
      <p className="hint">Same group within two months, or same country within two weeks.</p>
      {items === null ? (
        <p className="loading">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted">None found.</p>
      ) : (
        <ul className="latest">
          {items.map((i) => (
            <li key={i.id}>
              <Link to={`/incidents/${encodeURIComponent(i.id)}`} className="latest-title">
                {formatDate(i.date)} · {i.placeName ?? 'unknown place'}
              </Link>
              <div className="latest-sub">
                {i.attackTypes[0] ?? 'Unknown'} · {formatCount(i.killed)} killed{i.groups[0] ? ` · ${i.groups[0]}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function IncidentPage({ id }: { id: string }) {
  const [inc, setInc] = useState<IncidentRecord | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setInc(null);
    setError(null);
    api.incident(id).then(setInc, setError);
  }, [id]);
  const points = useMemo(() => (inc ? history(inc) : []), [inc]);
  if (error) return <div className="page"><p><Link to="/incidents">← Incidents</Link></p><ErrorBox error={error} /></div>;
  if (!inc) return <div className="page loading">Loading incident…</div>;
  const d = inc.detail;
  // A fused incident lists every report; the primary one (`articleId`) holds the coded spans.
  const sources: SourceRef[] =
    inc.sources && inc.sources.length > 0
      ? [...inc.sources]
          .sort((a, b) => Number(b.articleId === inc.articleId) - Number(a.articleId === inc.articleId))
          .map((s) => ({ articleId: s.articleId, detail: s.articleId === inc.articleId ? d : undefined, title: s.title, outlet: s.outlet, published: s.published, killed: s.killed, wounded: s.wounded }))
      : [{ articleId: inc.articleId, detail: d, title: inc.articleTitle }];
  const place = d?.place;
  const title = `${inc.attackTypes[0] ?? 'Incident'} in ${inc.placeName ?? 'an unknown place'}, ${formatDate(inc.date)}`;
  return (
    <div className="page page-wide incident-page">
      <p className="crumbs">
        <Link to="/incidents">← Incidents</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="lede">
            <StatusBadge status={inc.status} /> {inc.isBackground && <BackgroundBadge />} {sources.length} source{sources.length === 1 ? '' : 's'} · id <code>{inc.id}</code>
          </p>
        </div>
        <div className="exports">
          <Link className="btn" to={`/articles/${encodeURIComponent(inc.articleId)}?incident=${encodeURIComponent(inc.id)}`}>
            Open in the reader
          </Link>
        </div>
      </div>
      <div className="incident-grid">
        <section className="card" aria-labelledby="h-fields">
          <h2 id="h-fields">Fields</h2>
          <dl className="facts facts-wide">
            <Fact label="Date" note={inc.datePrecision ? `${inc.datePrecision} precision` : 'unknown precision'}>
              {formatDate(inc.date)}
              {d?.date_span ? null : inc.date ? <span className="muted small"> (from the article's date or dateline)</span> : null}
            </Fact>
            <Fact label="Place" note={inc.specificity ? `GTD specificity ${inc.specificity}` : undefined}>
              {inc.placeName ?? 'unknown'}
              {inc.countryCode && <>, <Link to={href('/incidents', { country: inc.countryCode })}>{countryName(inc.countryCode)}</Link></>}
              {place?.feature && <span className="muted small"> · {place.feature}</span>}
              {place?.basis === 'perpetrator' && <div className="muted small">The text names no place: the country “{place.text}” operates in.</div>}
              {inc.lat !== null && inc.lon !== null && <div className="muted small mono">{inc.lat.toFixed(4)}, {inc.lon.toFixed(4)}</div>}
            </Fact>
            <Fact label="Attack type">{inc.attackTypes.join(', ') || 'Unknown'}{d?.trigger?.text && <div className="quote">“{d.trigger.text}”</div>}</Fact>
            <Fact label="Weapons">{inc.weaponTypes.join(', ') || <span className="muted">unknown</span>}</Fact>
            <Fact label="Targets">{inc.targetTypes.join(', ') || <span className="muted">unknown</span>}</Fact>
            <Fact label="Perpetrators">
              {(d?.perpetrator_groups ?? []).length === 0 ? (
                <span className="muted">unknown</span>
              ) : (
                <ul className="plain-list">
                  {d!.perpetrator_groups.map((g, n) => (
                    <li key={n}>
                      {g.entity ? <Link to={`/actors/${encodeURIComponent(g.entity)}`}>{g.canonical}</Link> : g.canonical} <Claim status={g.claim_status} />
                    </li>
                  ))}
                </ul>
              )}
            </Fact>
            <Fact label="Killed" note={d?.killed_min !== undefined && d.killed_min !== inc.killed ? `at least ${d.killed_min}` : undefined}>
              <b>{formatCount(inc.killed)}</b>
              {inc.killedSource && (
                <span className="muted small">
                  {' · '}
                  {inc.killedSource.rule === 'human' ? `set by an analyst on ${formatDate(inc.killedSource.published)}` : `${inc.killedSource.rule} figure, report of ${formatDate(inc.killedSource.published)}`}
                </span>
              )}
            </Fact>
            <Fact label="Wounded" note={d?.wounded_min !== undefined && d.wounded_min !== inc.wounded ? `at least ${d.wounded_min}` : undefined}>
              <b>{formatCount(inc.wounded)}</b>
            </Fact>
            <Fact label="Status">
              <StatusBadge status={inc.status} /> <span className="muted small">{inc.status === 'machine' ? 'extracted automatically, not yet reviewed' : `reviewed (${inc.status})`}</span>
            </Fact>
            <Fact label="Reported">{formatDate(inc.published)} <span className="muted small">article version {inc.articleVersion}</span></Fact>
          </dl>
          <p className="legend-inline" aria-hidden="true">
            Evidence marks: <mark className="ev ev-trigger">attack</mark> <mark className="ev ev-place">place</mark> <mark className="ev ev-date">date</mark> <mark className="ev ev-killed">casualties</mark> <mark className="ev ev-group">perpetrator</mark>
          </p>
        </section>
        <div className="incident-side">
          <ReviewPanel inc={inc} onChange={setInc} />
          {points.length > 0 && (
            <section className="card" aria-labelledby="h-history">
              <h2 id="h-history">Casualty history</h2>
              {/* One report (or several at one instant) is a flat line from a date to itself: the list says it better. */}
              {new Set(points.map((p) => p.at)).size > 1 && <CasualtyChart points={points} />}
              <ol className="history-list">
                {points.map((p, n) => (
                  <li key={n}>
                    {formatDateTime(p.at.length > 10 ? p.at : `${p.at}T00:00:00Z`)}: <b>{p.killed ?? '?'}</b> killed{p.wounded !== null && <>, {p.wounded} wounded</>} <span className="muted">— {p.label}</span>
                  </li>
                ))}
              </ol>
            </section>
          )}
          <Related inc={inc} />
        </div>
      </div>
      <section aria-labelledby="h-sources" className="sources-section">
        <h2 id="h-sources">Sources and evidence</h2>
        {sources.map((s, n) => (
          <SourceCard key={s.articleId} src={s} n={n} primary={sources.length > 1 && s.articleId === inc.articleId} />
        ))}
      </section>
    </div>
  );
}
