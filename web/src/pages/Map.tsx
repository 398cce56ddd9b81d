/**
 * The map page: the shared filter bar over a full-width map of the matching incidents, grouped
 * by the server into grid clusters sized by casualties. The filter lives in the URL, so the same
 * link shows the same incidents in the table, on the map and on the timeline.
 */
import { useState } from 'react';
import type { MapPoints } from '../api';
import { filterParams, filterState } from '../filters';
import { formatCount } from '../format';
import { IncidentMap, markerSize } from '../map/IncidentMap';
import { Link } from '../router';
import { FilterBar } from './FilterBar';

export function MapPage({ query }: { query: URLSearchParams }) {
  const filter = filterParams(query).toString();
  const [data, setData] = useState<MapPoints | null>(null);
  const state = filterState(query);
  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <h1>Map</h1>
          <p className="lede">Where the filtered incidents happened. Markers group nearby incidents; their size grows with the number killed.</p>
        </div>
        <div className="exports">
          <Link className="btn" to={`/incidents${state ? `?${state}` : ''}`}>
            Show as table
          </Link>
          <a className="btn" href={`/api/incidents.geojson?${filter}`} download>
            Export GeoJSON
          </a>
        </div>
      </div>
      <FilterBar query={query} path="/map" />
      <div className="table-meta" data-testid="map-summary" aria-live="polite">
        {data ? (
          <span>
            <b data-testid="map-located">{formatCount(data.located)}</b> located incidents in {formatCount(data.cells.length)} markers in view
            {data.unlocated > 0 && <> · {formatCount(data.unlocated)} without coordinates</>}
          </span>
        ) : (
          <span className="loading">Loading…</span>
        )}
        <span className="map-key" aria-hidden="true">
          {[0, 10, 100, 1000].map((k) => (
            <span key={k} className="map-key-item">
              <span className="cluster" style={{ width: markerSize({ killed: k, count: 1 }), height: markerSize({ killed: k, count: 1 }) }} />
              {k === 0 ? 'none killed' : `${formatCount(k)} killed`}
            </span>
          ))}
        </span>
      </div>
      <IncidentMap filter={filter} height="calc(100vh - 270px)" onData={setData} label="Map of the filtered incidents; each marker is a group of incidents" />
      <p className="footnote">Click a marker to zoom in; a small group lists its incidents. Markers can be reached with Tab and opened with Enter.</p>
    </div>
  );
}
