/**
 * The incidents page (home): a filter bar whose state lives in the URL query string, a sortable
 * paged table, and CSV / GeoJSON exports of the current filter.
 */
import { useEffect, useId, useMemo, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { api, type EntityRecord, type IncidentRecord, type Page } from '../api';
import { ATTACK_TYPES, countryName, formatCount, formatDate } from '../format';
import { href, Link, navigate } from '../router';
import { BackgroundBadge, Empty, ErrorBox, Perpetrators, StatusBadge } from './common';

const PAGE_SIZE = 25;
const FILTER_KEYS = ['since', 'until', 'country', 'group', 'attack_type', 'min_killed', 'q'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** The API query for the page's URL state (`bg=1` includes background incidents). */
function apiQuery(query: URLSearchParams, paged: boolean): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = query.get(k)?.trim();
    if (v) out.set(k, v);
  }
  out.set('background', query.get('bg') === '1' ? 'true' : 'false');
  out.set('sort', query.get('sort') ?? '-date');
  if (paged) {
    const page = Math.max(1, Number(query.get('page') ?? '1') || 1);
    out.set('limit', String(PAGE_SIZE));
    out.set('offset', String((page - 1) * PAGE_SIZE));
  }
  return out;
}

function update(query: URLSearchParams, changes: Record<string, string | null>, resetPage = true) {
  const next = new URLSearchParams(query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') next.delete(k);
    else next.set(k, v);
  }
  if (resetPage && !('page' in changes)) next.delete('page');
  const s = next.toString();
  navigate(s ? `/?${s}` : '/', { replace: true });
}

function Field({ label, children, wide }: { label: string; children: (id: string) => ReactNode; wide?: boolean }) {
  const id = useId();
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** A text input that edits locally and writes to the URL after a short pause. */
function DebouncedInput({ id, value, onCommit, ...rest }: { id: string; value: string; onCommit: (v: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const t = setTimeout(() => onCommit(draft), 350);
    return () => clearTimeout(t);
  }, [draft]); // eslint-disable-line react-hooks/exhaustive-deps
  return <input id={id} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && onCommit(draft)} {...rest} />;
}

function FilterBar({ query, groups }: { query: URLSearchParams; groups: EntityRecord[] }) {
  const get = (k: FilterKey) => query.get(k) ?? '';
  const set = (k: string) => (v: string) => update(query, { [k]: v });
  const active = FILTER_KEYS.some((k) => query.get(k)) || query.get('bg') === '1';
  const listId = useId();
  return (
    <form className="filters" role="search" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
      <Field label="Search" wide>
        {(id) => <DebouncedInput id={id} type="search" placeholder="Place, group or title" value={get('q')} onCommit={set('q')} />}
      </Field>
      <Field label="From">{(id) => <input id={id} type="date" value={get('since')} onChange={(e) => set('since')(e.target.value)} />}</Field>
      <Field label="To">{(id) => <input id={id} type="date" value={get('until')} onChange={(e) => set('until')(e.target.value)} />}</Field>
      <Field label="Country">
        {(id) => (
          <DebouncedInput id={id} placeholder="e.g. AF" maxLength={2} value={get('country')} onCommit={(v) => set('country')(v.toUpperCase())} className="input-short" />
        )}
      </Field>
      <Field label="Group">
        {(id) => (
          <>
            <DebouncedInput id={id} list={listId} placeholder="Name or alias" value={get('group')} onCommit={set('group')} />
            <datalist id={listId}>
              {groups.flatMap((g) => [g.canonical, ...g.aliases]).map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="Attack type">
        {(id) => (
          <select id={id} value={get('attack_type')} onChange={(e) => set('attack_type')(e.target.value)}>
            <option value="">Any</option>
            {ATTACK_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Min. killed">
        {(id) => <DebouncedInput id={id} type="number" min={0} inputMode="numeric" value={get('min_killed')} onCommit={set('min_killed')} className="input-short" />}
      </Field>
      <div className="field field-toggle">
        <label className="toggle">
          <input type="checkbox" checked={query.get('bg') === '1'} onChange={(e) => update(query, { bg: e.target.checked ? '1' : null })} />
          <span>Include background</span>
        </label>
      </div>
      {active && (
        <button type="button" className="btn-link" onClick={() => navigate('/', { replace: true })}>
          Clear filters
        </button>
      )}
    </form>
  );
}

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
        <div className="cell-main">{formatDate(i.date)}</div>
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
  const [groups, setGroups] = useState<EntityRecord[]>([]);

  useEffect(() => {
    api.entities('kind=armed_group&limit=100').then((p) => setGroups(p.items), () => {});
  }, []);

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
      <FilterBar query={query} groups={groups} />
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
        Dates show their precision; “background” incidents are ones an article mentions as history. Open the{' '}
        <Link to={href('/search')}>search</Link> to find articles by text.
      </p>
    </div>
  );
}
