/**
 * The timeline page: incidents per week (or month, year) stacked by attack type, for the shared
 * filter. Brushing a range of bars (pointer, or arrow keys and Enter) writes it to the URL as the
 * date filter, which the table and the map then show too.
 */
import { useEffect, useState } from 'react';
import { api, type Timeline } from '../api';
import { AttackLegend, bucketDays, bucketLabel, StackedBars, type Bucket } from '../charts';
import { filterParams, filterState, updateQuery } from '../filters';
import { formatCount } from '../format';
import { Link } from '../router';
import { ErrorBox } from './common';
import { FilterBar } from './FilterBar';

const PATH = '/timeline';

export function TimelinePage({ query }: { query: URLSearchParams }) {
  const bucket = (['week', 'month', 'year'].includes(query.get('bucket') ?? '') ? query.get('bucket') : 'week') as Bucket;
  const qs = filterParams(query);
  qs.set('bucket', bucket);
  const key = qs.toString();
  const [data, setData] = useState<Timeline | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    api.timeline(key).then((t) => live && (setData(t), setError(null)), (e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [key]);
  const total = data?.rows.reduce((a, r) => a + r.count, 0) ?? 0;
  const killed = data?.rows.reduce((a, r) => a + r.killed, 0) ?? 0;
  const brush = (first: string, last: string) => {
    updateQuery(PATH, query, { since: bucketDays(bucket, first)[0], until: bucketDays(bucket, last)[1] });
  };
  const state = filterState(query);
  const nonEmpty = data ? [...new Set(data.rows.map((r) => r.bucket))] : [];
  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <h1>Timeline</h1>
          <p className="lede">Incidents per {bucket} by attack type. Drag across the bars to set the date range of every view.</p>
        </div>
        <div className="exports">
          <div className="segmented" role="group" aria-label="Bucket size">
            {(['week', 'month', 'year'] as const).map((b) => (
              <button key={b} type="button" className={b === bucket ? 'btn on' : 'btn'} aria-pressed={b === bucket} onClick={() => updateQuery(PATH, query, { bucket: b === 'week' ? null : b }, false)}>
                {b[0]!.toUpperCase() + b.slice(1)}
              </button>
            ))}
          </div>
          <Link className="btn" to={`/incidents${state ? `?${state}` : ''}`}>
            Show as table
          </Link>
        </div>
      </div>
      <FilterBar query={query} path={PATH} />
      {error ? <ErrorBox error={error} /> : null}
      <div className="card chart-card">
        <div className="table-meta" data-testid="timeline-summary">
          {data ? (
            <span>
              <b>{formatCount(total)}</b> incidents, <b>{formatCount(killed)}</b> killed
              {data.imprecise > 0 && <> · {formatCount(data.imprecise)} dated only to a {bucket === 'week' ? 'month or year' : 'year'}, not drawn</>}
              {data.undated > 0 && <> · {formatCount(data.undated)} undated</>}
            </span>
          ) : (
            <span className="loading">Loading…</span>
          )}
          {(query.get('since') || query.get('until')) && (
            <button type="button" className="btn-link" onClick={() => updateQuery(PATH, query, { since: null, until: null })}>
              Clear date range
            </button>
          )}
        </div>
        {data && <StackedBars rows={data.rows} bucket={bucket} height={320} onBrush={brush} label={`Incidents per ${bucket}, stacked by attack type`} />}
        {data && <AttackLegend rows={data.rows} />}
      </div>
      {data && nonEmpty.length > 0 && (
        <details className="data-table">
          <summary>Data table ({formatCount(nonEmpty.length)} {bucket}s with incidents)</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{bucket}</th>
                <th scope="col">Attack type</th>
                <th scope="col" className="num">Incidents</th>
                <th scope="col" className="num">Killed</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.slice(0, 1000).map((r) => (
                <tr key={`${r.bucket}-${r.attackType}`}>
                  <td>{bucketLabel(bucket, r.bucket)}</td>
                  <td>{r.attackType}</td>
                  <td className="num">{formatCount(r.count)}</td>
                  <td className="num">{formatCount(r.killed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
