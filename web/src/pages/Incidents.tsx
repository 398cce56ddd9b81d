/**
 * The incidents page: the shared filter bar (state in the URL query string), a sortable paged
 * table, and CSV / GeoJSON exports of the current filter.
 */
import { useEffect, useMemo, useState } from 'react';
import { api, type IncidentRecord, type Page } from '../api';
import { filterParams, filterState, updateQuery } from '../filters';
import { countryName, formatCount, formatDate } from '../format';
import { href, Link } from '../router';
import { BackgroundBadge, Empty, ErrorBox, Perpetrators, StatusBadge } from './common';
import { FilterBar } from './FilterBar';

const PAGE_SIZE = 25;
const PATH = '/incidents';

/** The API query for the page's URL state: the filter, the sort and, when `paged`, one page. */
function apiQuery(query: URLSearchParams, paged: boolean): URLSearchParams {
  const out = filterParams(query);
  out.set('sort', query.get('sort') ?? '-date');
  if (paged) {
    const page = Math.max(1, Number(query.get('page') ?? '1') || 1);
    out.set('limit', String(PAGE_SIZE));
    out.set('offset', String((page - 1) * PAGE_SIZE));
  }
  return out;
}

const update = (query: URLSearchParams, changes: Record<string, string | null>, resetPage = true) => updateQuery(PATH, query, changes, resetPage);

function SortHeader({ query, field, label, className }: { query: URLSearchParams; field: 'date' | 'killed'; label: string; className?: string }) {
  const sort = query.get('sort') ?? '-date';
  const current = sort.replace('-', '') === field;
  const desc = sort.startsWith('-');
  const next = current ? (desc ? field : `-${field}`) : `-${field}`;
  return (
    <th scope="col" className={className} aria-sort={current ? (desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort" onClick={() => update(query, { sort: next === '-date' ? null : next })}>
        {label}
        <span className={current ? 'sort-arrow on' : 'sort-arrow'} aria-hidden="true">
          {current ? (desc ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </th>
  );
}

function Row({ i }: { i: IncidentRecord }) {
  return (
    <tr className={i.isBackground ? 'row-background' : undefined}>
      <td className="nowrap">
        <div className="cell-main">
          <Link to={`/incidents/${encodeURIComponent(i.id)}`} title="Open the incident with every field and its evidence">
            {formatDate(i.date)}
          </Link>
        </div>
        {i.datePrecision && i.datePrecision !== 'day' && <div className="cell-sub">{i.datePrecision} precision</div>}
      </td>
      <td>
        <div className="cell-main">{i.placeName ?? <span className="muted">unknown</span>}</div>
        <div className="cell-sub">{countryName(i.countryCode)}</div>
      </td>
      <td>
        {i.attackTypes.map((t) => (
          <span key={t} className="chip">
            {t}
          </span>
        ))}
      </td>
      <td>
        <Perpetrators incident={i} />
      </td>
      <td className="num">{formatCount(i.killed)}</td>
      <td className="num">{formatCount(i.wounded)}</td>
      <td className="nowrap">
        <StatusBadge status={i.status} /> {i.isBackground && <BackgroundBadge />}
      </td>
      <td className="cell-source">
        <Link to={`/articles/${encodeURIComponent(i.articleId)}?incident=${encodeURIComponent(i.id)}`} title={`${i.articleTitle ?? 'Untitled article'} (open with its evidence highlighted)`}>
          {i.articleTitle ?? 'Untitled article'}
        </Link>
        {i.published && <div className="cell-sub">published {formatDate(i.published)}</div>}
      </td>
    </tr>
  );
}

export function IncidentsPage({ query }: { query: URLSearchParams }) {
  const qs = apiQuery(query, true).toString();
  const exportQs = apiQuery(query, false).toString();
  const [data, setData] = useState<Page<IncidentRecord> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    const t = setTimeout(() => {
      api.incidents(qs).then(
        (p) => live && (setData(p), setError(null), setLoading(false)),
        (e) => live && (setError(e), setLoading(false)),
      );
    }, 60);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [qs]);

  const page = Math.max(1, Number(query.get('page') ?? '1') || 1);
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const range = useMemo(() => {
    if (!data || data.total === 0) return '0 incidents';
    return `${formatCount(data.offset + 1)}–${formatCount(data.offset + data.items.length)} of ${formatCount(data.total)} incidents`;
  }, [data]);

  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <h1>Incidents</h1>
          <p className="lede">Political-violence incidents extracted from the news, each field backed by a sentence of its source.</p>
        </div>
        <div className="exports" aria-label="Export the current selection">
          <a className="btn" href={`/api/incidents.csv?${exportQs}`} download>
            Export CSV
          </a>
          <a className="btn" href={`/api/incidents.geojson?${exportQs}`} download>
            Export GeoJSON
          </a>
        </div>
      </div>
      <FilterBar query={query} path={PATH} />
      {error ? <ErrorBox error={error} /> : null}
      <div className="table-meta">
        <span data-testid="result-count">{range}</span>
        {loading && <span className="loading">Loading…</span>}
      </div>
      <div className="table-wrap">
        <table className="incidents" aria-busy={loading}>
          <thead>
            <tr>
              <SortHeader query={query} field="date" label="Date" />
              <th scope="col">Place</th>
              <th scope="col">Attack type</th>
              <th scope="col">Perpetrators</th>
              <SortHeader query={query} field="killed" label="Killed" className="num" />
              <th scope="col" className="num">Wounded</th>
              <th scope="col">Status</th>
              <th scope="col">Source article</th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((i) => <Row key={i.id} i={i} />)}
          </tbody>
        </table>
        {data && data.items.length === 0 && <Empty>No incident matches these filters.</Empty>}
      </div>
      {data && pages > 1 && (
        <nav className="pager" aria-label="Pages">
          <button type="button" className="btn" disabled={page <= 1} onClick={() => update(query, { page: page - 1 > 1 ? String(page - 1) : null }, false)}>
            ← Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" className="btn" disabled={page >= pages} onClick={() => update(query, { page: String(page + 1) }, false)}>
            Next →
          </button>
        </nav>
      )}
      <p className="footnote">
        Dates show their precision; “background” incidents are ones an article mentions as history. The same filter shows on the{' '}
        <Link to={href('/map') + (filterState(query) ? `?${filterState(query)}` : '')}>map</Link> and the{' '}
        <Link to={href('/timeline') + (filterState(query) ? `?${filterState(query)}` : '')}>timeline</Link>; the <Link to="/search">search</Link> finds articles by text.
      </p>
    </div>
  );
}
