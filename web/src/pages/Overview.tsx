/**
 * The overview (home): headline counts, the latest news incidents, the monthly trend by attack
 * type, and the leading groups, countries and attack types, each a link into the filtered views.
 */
import { useEffect, useState } from 'react';
import { api, type CountByKey, type Overview, type Timeline } from '../api';
import { AttackLegend, StackedBars } from '../charts';
import { countryName, formatCount, formatDate } from '../format';
import { href, Link } from '../router';
import { ErrorBox, Perpetrators, StatusBadge } from './common';

function Bars({ items, link, title, name }: { items: CountByKey[]; link: (c: CountByKey) => string; title: string; name?: (c: CountByKey) => string }) {
  const max = Math.max(1, ...items.map((c) => c.count));
  return (
    <section className="card top-list" aria-labelledby={`h-${title}`}>
      <h2 id={`h-${title}`}>{title}</h2>
      {items.length === 0 && <p className="muted">None yet.</p>}
      <ol className="plain-list">
        {items.map((c) => (
          <li key={c.key}>
            <Link to={link(c)} className="top-name">
              {name ? name(c) : c.label}
            </Link>
            <span className="top-bar" aria-hidden="true">
              <span style={{ width: `${(100 * c.count) / max}%` }} />
            </span>
            <span className="top-num">
              {formatCount(c.count)} <span className="muted">· {formatCount(c.killed)} killed</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function OverviewPage() {
  const [o, setO] = useState<Overview | null>(null);
  const [trend, setTrend] = useState<Timeline | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.overview().then(setO, setError);
    api.timeline('background=false&bucket=month').then(setTrend, () => {});
  }, []);
  if (error) return <div className="page"><ErrorBox error={error} /></div>;
  if (!o) return <div className="page loading">Loading overview…</div>;
  const card = (value: number, label: string, to?: string) => (
    <div className="stat-card">
      <div className="stat-value">{formatCount(value)}</div>
      <div className="stat-label">{to ? <Link to={to}>{label}</Link> : label}</div>
    </div>
  );
  return (
    <div className="page page-wide overview">
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="lede">
            News incidents {o.firstDate ? <>from {formatDate(o.firstDate)} to {formatDate(o.lastDate)}</> : 'so far'}, extracted from {formatCount(o.stats.articles)} articles with evidence for every field.
          </p>
        </div>
      </div>
      <div className="stat-row" data-testid="overview-stats">
        {card(o.news, 'news incidents', '/incidents')}
        {card(o.killed, 'killed')}
        {card(o.wounded, 'wounded')}
        {card(o.background, 'background incidents', '/incidents?bg=1')}
        {card(o.stats.articles, 'articles', '/search')}
        {card(o.stats.sources, 'sources', '/sources')}
      </div>
      <div className="overview-grid">
        <section className="card" aria-labelledby="h-latest">
          <h2 id="h-latest">Latest incidents</h2>
          <ul className="latest">
            {o.latest.map((i) => (
              <li key={i.id}>
                <Link to={`/incidents/${encodeURIComponent(i.id)}`} className="latest-title">
                  {formatDate(i.date)} · {i.placeName ?? 'unknown place'}
                  {i.countryCode && <span className="muted">, {countryName(i.countryCode)}</span>}
                </Link>
                <div className="latest-sub">
                  <span className="chip">{i.attackTypes[0] ?? 'Unknown'}</span> {formatCount(i.killed)} killed · <Perpetrators incident={i} /> <StatusBadge status={i.status} />
                </div>
              </li>
            ))}
          </ul>
          <Link to="/incidents">All incidents →</Link>
        </section>
        <section className="card" aria-labelledby="h-trend">
          <h2 id="h-trend">Trend by month</h2>
          {trend ? (
            <>
              <StackedBars rows={trend.rows} bucket="month" height={230} label="News incidents per month by attack type" />
              <AttackLegend rows={trend.rows} />
            </>
          ) : (
            <p className="loading">Loading…</p>
          )}
          <Link to="/timeline?bucket=month">Open the timeline →</Link>
        </section>
      </div>
      <div className="overview-grid three">
        <Bars title="Groups" items={o.groups} link={(c) => `/actors/${encodeURIComponent(c.key)}`} />
        <Bars title="Countries" items={o.countries} link={(c) => href('/incidents', { country: c.key })} name={(c) => countryName(c.key) || c.key} />
        <Bars title="Attack types" items={o.attackTypes} link={(c) => href('/incidents', { attack_type: c.key })} />
      </div>
    </div>
  );
}
