/**
 * The actor page: a group or a person from `/api/entities/:id` — names and aliases, parent and
 * branches, incidents over time, a map of where they happened, the actors named in the same
 * articles drawn as a small graph (SVG, with the same links as a list), and the latest incidents.
 * A group's incidents are those it (or a branch) perpetrated; anyone else's, those reported in
 * articles that name them. Analysts merge other entities into this one and unmerge them
 * (`ActorMerge.tsx`); the page then reloads its data in place.
 */
import { useEffect, useRef, useState } from 'react';
import { api, type EntityDetail, type EntityIncidents, type Timeline } from '../api';
import { AttackLegend, StackedBars } from '../charts';
import { formatCount, formatDate } from '../format';
import { IncidentMap } from '../map/IncidentMap';
import { Link } from '../router';
import { MergedAway, MergePanel } from './ActorMerge';
import { ErrorBox } from './common';

const actorLink = (id: string) => `/actors/${encodeURIComponent(id)}`;

/** The entity in the middle, its parent above, branches below, co-occurring actors around. */
function ActorGraph({ e }: { e: EntityDetail }) {
  const W = 560;
  const H = 360;
  const cx = W / 2;
  const cy = H / 2;
  const others = e.cooccurring.filter((c) => c.entity.id !== e.parentEntity?.id && !e.branches.some((b) => b.id === c.entity.id)).slice(0, 12);
  const maxA = Math.max(1, ...others.map((c) => c.articles));
  const nodes: Array<{ id: string; name: string; x: number; y: number; kind: string; w: number; rel: string }> = [];
  if (e.parentEntity) nodes.push({ id: e.parentEntity.id, name: e.parentEntity.canonical, x: cx, y: 34, kind: e.parentEntity.type, w: 3, rel: 'parent' });
  e.branches.slice(0, 5).forEach((b, i, all) => nodes.push({ id: b.id, name: b.canonical, x: cx + (i - (all.length - 1) / 2) * 130, y: H - 30, kind: b.type, w: 3, rel: 'branch' }));
  // Around the sides only: the top and bottom belong to the parent and the branches.
  others.forEach((c, i) => {
    const side = i % 2 === 0 ? 0 : Math.PI;
    const k = Math.floor(i / 2);
    const per = Math.ceil(others.length / 2);
    const a = side + (per > 1 ? -Math.PI / 3 + ((2 * Math.PI) / 3) * (k / (per - 1)) : 0);
    nodes.push({ id: c.entity.id, name: c.entity.canonical, x: cx + Math.cos(a) * 215, y: cy + Math.sin(a) * 118, kind: c.entity.type, w: 1 + (3 * c.articles) / maxA, rel: `${c.articles} shared article${c.articles === 1 ? '' : 's'}` });
  });
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="actor-graph" role="img" aria-label={`Actors linked to ${e.canonical}: ${nodes.map((n) => `${n.name} (${n.rel})`).join('; ') || 'none'}`}>
      {nodes.map((n) => (
        <line key={`l-${n.id}`} x1={cx} y1={cy} x2={n.x} y2={n.y} className={n.rel === 'parent' || n.rel === 'branch' ? 'edge edge-family' : 'edge'} strokeWidth={n.w} />
      ))}
      <g className="node node-self">
        <circle cx={cx} cy={cy} r={30} />
        <text x={cx} y={cy + 46} textAnchor="middle">{e.canonical.length > 34 ? `${e.canonical.slice(0, 32)}…` : e.canonical}</text>
      </g>
      {nodes.map((n) => (
        <a key={n.id} href={actorLink(n.id)} className={`node node-${n.kind}`} aria-label={`${n.name}, ${n.rel}`}>
          <title>{`${n.name} — ${n.rel}`}</title>
          <circle cx={n.x} cy={n.y} r={n.rel === 'parent' || n.rel === 'branch' ? 14 : 9} />
          <text x={n.x} y={n.y + (n.y > cy ? 24 : -14)} textAnchor="middle">{n.name.length > 26 ? `${n.name.slice(0, 24)}…` : n.name}</text>
        </a>
      ))}
    </svg>
  );
}

export function ActorPage({ id }: { id: string }) {
  const [e, setE] = useState<EntityDetail | null>(null);
  const [inc, setInc] = useState<EntityIncidents | null>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Bumped after a merge or unmerge: the same entity is reloaded in place (no "Loading…" flash).
  const [version, setVersion] = useState(0);
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (shown.current !== id) {
      setE(null);
      setInc(null);
      setTimeline(null);
    }
    shown.current = id;
    setError(null);
    let live = true;
    const fail = (err: unknown) => live && setError(err);
    api.entity(id).then((x) => live && setE(x), fail);
    api.entityIncidents(id, 'limit=10&background=true').then((p) => {
      if (!live) return;
      setInc(p);
      const key = p.role === 'perpetrator' ? 'entity' : 'mentioning';
      api.timeline(`${key}=${encodeURIComponent(id)}&background=true&bucket=month`).then((t) => live && setTimeline(t), () => {});
    }, fail);
    return () => {
      live = false;
    };
  }, [id, version]);
  const reload = () => setVersion((v) => v + 1);
  if (error)
    return (
      <div className="page">
        <ErrorBox error={error} />
        <MergedAway id={id} onChange={reload} />
      </div>
    );
  if (!e) return <div className="page loading">Loading…</div>;
  const filterKey = inc?.role === 'mentioned' ? 'mentioning' : 'entity';
  const filter = `${filterKey}=${encodeURIComponent(id)}&background=true`;
  const tableLink = `/incidents?${filterKey}=${encodeURIComponent(id)}&bg=1`;
  // Intercept SVG anchor clicks to stay in the app.
  const onGraphClick = (ev: React.MouseEvent) => {
    const a = (ev.target as Element).closest('a');
    if (a && !ev.metaKey && !ev.ctrlKey) {
      ev.preventDefault();
      window.history.pushState(null, '', a.getAttribute('href')!);
      window.dispatchEvent(new Event('vigil:navigate'));
      window.scrollTo(0, 0);
    }
  };
  return (
    <div className="page page-wide actor-page">
      <div className="page-head">
        <div>
          <h1>{e.canonical}</h1>
          <p className="lede">
            <span className="chip">{e.kind.replace(/_/g, ' ')}</span> mentioned {formatCount(e.mentionCount)} times in {formatCount(e.articleCount)} articles
            {e.parentEntity && (
              <>
                {' '}· branch of <Link to={actorLink(e.parentEntity.id)}>{e.parentEntity.canonical}</Link>
              </>
            )}
          </p>
        </div>
        <div className="exports">
          <Link className="btn" to={tableLink}>Incidents table</Link>
          <Link className="btn" to={`/map?${filterKey}=${encodeURIComponent(id)}&bg=1`}>Map</Link>
          <Link className="btn" to={`/timeline?${filterKey}=${encodeURIComponent(id)}&bg=1&bucket=month`}>Timeline</Link>
        </div>
      </div>
      <div className="actor-grid">
        <section className="card" aria-labelledby="h-names">
          <h2 id="h-names">Names</h2>
          <p>
            {e.aliases.length === 0 ? <span className="muted">No other names seen.</span> : e.aliases.map((a) => <span key={a} className="chip">{a}</span>)}
          </p>
          {(e.aliasSources ?? []).length > 0 ? (
            <>
              <h3>Where aliases were learned</h3>
              <ul className="plain-list alias-sources">
                {(e.aliasSources ?? []).map((a) => (
                  <li key={`${a.articleId}:${a.start}`}>
                    <span className="chip">{a.alias}</span> from{' '}
                    <Link to={`/articles/${a.articleId}`}>{a.articleTitle ?? 'an untitled article'}</Link>
                    {a.published ? <span className="muted"> · {formatDate(a.published.slice(0, 10))}</span> : null}
                    <blockquote className="small">“{a.evidence.text.trim()}”</blockquote>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted small">Aliases come from the actor gazetteer and from every article that named this actor; the reader shows each mention in context.</p>
          )}
          {e.branches.length > 0 && (
            <>
              <h3>Branches</h3>
              <ul className="plain-list">
                {e.branches.map((b) => (
                  <li key={b.id}>
                    <Link to={actorLink(b.id)}>{b.canonical}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>Incidents {inc && <span className="count">{formatCount(inc.total)}</span>}</h3>
          <p className="muted small">{inc?.role === 'mentioned' ? 'Reported in articles that name this actor.' : 'Attributed to this group or a branch (claimed, suspected or inspired).'}</p>
          <ul className="latest">
            {inc?.items.map((i) => (
              <li key={i.id}>
                <Link to={`/incidents/${encodeURIComponent(i.id)}`} className="latest-title">
                  {formatDate(i.date)} · {i.placeName ?? 'unknown place'}
                </Link>
                <div className="latest-sub">{i.attackTypes[0] ?? 'Unknown'}{i.killed != null ? ` · ${formatCount(i.killed)} killed` : ''}</div>
              </li>
            ))}
          </ul>
          {inc && inc.total > inc.items.length && <Link to={tableLink}>All {formatCount(inc.total)} →</Link>}
        </section>
        <div className="actor-side">
          <section className="card" aria-labelledby="h-graph" onClick={onGraphClick}>
            <h2 id="h-graph">Linked actors</h2>
            <ActorGraph e={e} />
            <ul className="plain-list small linked-list">
              {e.cooccurring.map((c) => (
                <li key={c.entity.id}>
                  <Link to={actorLink(c.entity.id)}>{c.entity.canonical}</Link> <span className="muted">· {c.articles} shared article{c.articles === 1 ? '' : 's'}</span>
                </li>
              ))}
            </ul>
          </section>
          <MergePanel entity={e} incidents={inc?.total ?? null} version={version} onChange={reload} />
        </div>
      </div>
      <div className="actor-grid">
        <section className="card" aria-labelledby="h-time">
          <h2 id="h-time">Incidents over time</h2>
          {timeline ? (
            <>
              <StackedBars rows={timeline.rows} bucket="month" height={220} label={`Incidents of ${e.canonical} per month`} />
              <AttackLegend rows={timeline.rows} />
              {timeline.imprecise > 0 && <p className="muted small">{formatCount(timeline.imprecise)} dated only to a year are not drawn.</p>}
            </>
          ) : (
            <p className="loading">Loading…</p>
          )}
        </section>
        <section className="card" aria-labelledby="h-places">
          <h2 id="h-places">Places</h2>
          {inc && <IncidentMap key={version} filter={filter} height={300} initial="fit" label={`Map of the incidents of ${e.canonical}`} />}
        </section>
      </div>
    </div>
  );
}
