/**
 * The incident map: Leaflet over an offline basemap (Natural Earth countries from the
 * `world-atlas` package, drawn as a GeoJSON layer: no tile server, nothing fetched from the
 * internet), with the server's grid clusters (`/api/incidents/map`) as markers sized by
 * casualties. The grid follows the zoom and the visible box; a cluster click zooms in, and a
 * small cluster opens a list of its incidents. Markers are keyboard-focusable buttons.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world110 from 'world-atlas/countries-110m.json';
import { api, type MapCell, type MapPoints } from '../api';
import { formatCount, formatDate } from '../format';
import { navigate } from '../router';

const ATTRIBUTION = 'Countries: Natural Earth (world-atlas) · offline';

/** Keeps each ring continuous across the antimeridian (Russia, Fiji), so no band crosses the map. */
function unwrapRing(ring: GeoJSON.Position[]): GeoJSON.Position[] {
  let prev: number | null = null;
  return ring.map(([lon, lat]) => {
    let x = lon!;
    if (prev !== null) while (x - prev > 180) x -= 360;
    if (prev !== null) while (prev - x > 180) x += 360;
    prev = x;
    return [x, lat!];
  });
}

/** Countries as GeoJSON, without Antarctica (it wraps the whole world and holds no incidents). */
function countries(topo: unknown): GeoJSON.FeatureCollection {
  const t = topo as Topology<{ countries: GeometryCollection }>;
  const fc = feature(t, t.objects.countries) as GeoJSON.FeatureCollection;
  const features = fc.features
    .filter((f) => String(f.id) !== '010')
    .map((f) => {
      const g = f.geometry;
      if (g.type === 'Polygon') return { ...f, geometry: { ...g, coordinates: g.coordinates.map(unwrapRing) } };
      if (g.type === 'MultiPolygon') return { ...f, geometry: { ...g, coordinates: g.coordinates.map((p) => p.map(unwrapRing)) } };
      return f;
    });
  return { ...fc, features };
}

const BASE_STYLE: L.PathOptions = { color: '#b4bcc6', weight: 0.7, fillColor: '#fbfaf6', fillOpacity: 1 };

/** Marker diameter in pixels: grows with the log of the killed, so a massacre stands out without hiding its neighbours. */
export function markerSize(c: Pick<MapCell, 'killed' | 'count'>): number {
  return Math.round(Math.min(64, 18 + 6.5 * Math.log2(1 + c.killed) + 1.5 * Math.log2(c.count)));
}

function markerIcon(c: MapCell): L.DivIcon {
  const d = markerSize(c);
  const heat = Math.min(1, Math.log10(1 + c.killed) / 3);
  const bg = `rgba(${Math.round(200 + 40 * heat)}, ${Math.round(120 - 90 * heat)}, ${Math.round(60 - 30 * heat)}, 0.82)`;
  return L.divIcon({
    className: 'cluster-icon',
    html: `<span class="cluster" style="width:${d}px;height:${d}px;line-height:${d}px;background:${bg}">${c.count > 999 ? `${Math.round(c.count / 1000)}k` : c.count}</span>`,
    iconSize: [d, d],
    iconAnchor: [d / 2, d / 2],
  });
}

/**
 * Merges cells whose markers would overlap on screen at the map's zoom (the server's grid cells
 * are about 64 px, but a cell's marker sits at its incidents' mean, so neighbours can touch).
 * Densest first; a merged marker sums counts and killed, averages positions by count, and keeps
 * the ids only while it stays small.
 */
export function mergeOverlapping(map: L.Map, cells: MapCell[]): MapCell[] {
  const kept: Array<{ c: MapCell; p: L.Point }> = [];
  for (const c of [...cells].sort((a, b) => b.count - a.count)) {
    const p = map.latLngToLayerPoint([c.lat, c.lon]);
    const hit = kept.find((k) => k.p.distanceTo(p) < (markerSize(k.c) + markerSize(c)) / 2 - 2);
    if (!hit) {
      kept.push({ c: { ...c }, p });
      continue;
    }
    const a = hit.c;
    const n = a.count + c.count;
    const ids = a.ids && c.ids && n <= 5 ? [...a.ids, ...c.ids].sort() : undefined;
    hit.c = {
      lat: (a.lat * a.count + c.lat * c.count) / n,
      lon: (a.lon * a.count + c.lon * c.count) / n,
      count: n,
      killed: a.killed + c.killed,
      bbox: [Math.min(a.bbox[0], c.bbox[0]), Math.min(a.bbox[1], c.bbox[1]), Math.max(a.bbox[2], c.bbox[2]), Math.max(a.bbox[3], c.bbox[3])],
      ...(ids ? { ids } : {}),
    };
  }
  return kept.map((k) => k.c);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The visible box as a `bbox` parameter, or null when the view spans the whole world. */
function viewBox(map: L.Map): string | null {
  const b = map.getBounds();
  const w = b.getWest();
  const e = b.getEast();
  if (e - w >= 360) return null;
  const s = Math.max(-90, b.getSouth());
  const n = Math.min(90, b.getNorth());
  // Markers sit at their own longitude (no world copies), so the part beyond ±180 shows none.
  return [Math.max(-180, w), s, Math.min(180, e), n].map((x) => x.toFixed(4)).join(',');
}

export function IncidentMap({
  filter,
  height,
  onData,
  initial,
  label = 'Map of incidents',
}: {
  /** The API filter (without grid parameters). */
  filter: string;
  height: number | string;
  onData?: (p: MapPoints) => void;
  /** Fit the first clusters instead of showing the world. */
  initial?: 'world' | 'fit';
  label?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<L.LayerGroup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const fitted = useRef(initial !== 'fit');
  const seq = useRef(0);

  const load = () => {
    const map = mapRef.current;
    const layer = layerRef.current;
    if (!map || !layer) return;
    const q = new URLSearchParams(filterRef.current);
    q.set('zoom', String(Math.max(0, Math.round(map.getZoom()))));
    const box = fitted.current ? viewBox(map) : null;
    if (box) q.set('bbox', box);
    const n = ++seq.current;
    api.mapPoints(q.toString()).then(
      (p) => {
        if (n !== seq.current) return;
        setError(null);
        layer.clearLayers();
        const cells = mergeOverlapping(map, p.cells);
        for (const c of cells) {
          const m = L.marker([c.lat, c.lon], {
            icon: markerIcon(c),
            title: `${formatCount(c.count)} incident${c.count === 1 ? '' : 's'}, ${formatCount(c.killed)} killed`,
            alt: `${formatCount(c.count)} incidents`,
            riseOnHover: true,
            keyboard: true,
          });
          m.on('click', () => openCell(map, c));
          m.addTo(layer);
          // Enter or Space on a focused marker opens it like a click.
          m.getElement()?.addEventListener('keydown', (ev) => {
            if (ev.key === 'Enter' || ev.key === ' ') {
              ev.preventDefault();
              openCell(map, c);
            }
          });
        }
        if (!fitted.current) {
          fitted.current = true;
          if (p.cells.length) {
            const b = L.latLngBounds(p.cells.flatMap((c) => [L.latLng(c.bbox[1], c.bbox[0]), L.latLng(c.bbox[3], c.bbox[2])]));
            map.fitBounds(b.pad(0.3), { maxZoom: 5, animate: false });
          }
        }
        onData?.({ ...p, cells });
      },
      (e: { code?: string; message?: string }) => n === seq.current && setError(`${e.code ?? 'error'}: ${e.message ?? ''}`),
    );
  };

  /** Zooms into a cluster, or lists a small or single-place cluster's incidents in a popup. */
  const openCell = (map: L.Map, c: MapCell) => {
    const [w, s, e, n] = c.bbox;
    const point = e - w < 1e-6 && n - s < 1e-6;
    if (c.count > 5 && !point && map.getZoom() < map.getMaxZoom()) {
      map.fitBounds(L.latLngBounds([s, w], [n, e]).pad(0.2), { maxZoom: map.getZoom() + 3 });
      return;
    }
    const q = new URLSearchParams(filterRef.current);
    const eps = 1e-4;
    q.set('bbox', [w - eps, s - eps, e + eps, n + eps].map((x) => Math.max(-180, Math.min(180, x)).toFixed(5)).join(','));
    q.set('limit', '8');
    q.set('sort', '-killed');
    const popup = L.popup({ maxWidth: 320, className: 'cell-popup' }).setLatLng([c.lat, c.lon]).setContent('<p class="muted">Loading…</p>').openOn(map);
    api.incidents(q.toString()).then(
      (page) => {
        const items = page.items
          .map(
            (i) =>
              `<li><a href="/incidents/${encodeURIComponent(i.id)}" data-nav>${escapeHtml(formatDate(i.date))} · ${escapeHtml(i.placeName ?? 'unknown place')}</a>` +
              `<span class="muted"> ${escapeHtml(i.attackTypes[0] ?? 'Unknown')}, ${i.killed ?? '?'} killed${i.groups[0] ? `, ${escapeHtml(i.groups[0])}` : ''}</span></li>`,
          )
          .join('');
        const more = page.total > page.items.length ? `<p class="muted">and ${formatCount(page.total - page.items.length)} more — zoom in or open the table.</p>` : '';
        popup.setContent(`<p><b>${formatCount(page.total)}</b> incident${page.total === 1 ? '' : 's'}, <b>${formatCount(c.killed)}</b> killed</p><ul class="popup-list">${items}</ul>${more}`);
      },
      () => popup.setContent('<p>Could not load these incidents.</p>'),
    );
  };

  useEffect(() => {
    if (!el.current) return;
    const map = L.map(el.current, {
      center: [25, 20],
      zoom: 2,
      minZoom: 1,
      maxZoom: 12,
      worldCopyJump: false,
      maxBounds: [
        [-85, -220],
        [85, 220],
      ],
      zoomSnap: 1,
      attributionControl: true,
    });
    map.attributionControl.setPrefix(false).addAttribution(ATTRIBUTION);
    const base = L.geoJSON(countries(world110), { style: BASE_STYLE, interactive: false }).addTo(map);
    // Finer borders once zoomed in, loaded from the bundle (a separate local chunk).
    let fine: L.GeoJSON | null = null;
    const detail = () => {
      if (map.getZoom() >= 4 && !fine) {
        void import('world-atlas/countries-50m.json').then((m) => {
          if (fine || !mapRef.current) return;
          fine = L.geoJSON(countries(m.default), { style: BASE_STYLE, interactive: false });
          fine.addTo(map);
          fine.bringToBack();
          base.remove();
        });
      }
    };
    const layer = L.layerGroup().addTo(map);
    mapRef.current = map;
    layerRef.current = layer;
    map.on('moveend', () => {
      detail();
      load();
    });
    // Links in popups navigate inside the app.
    map.on('popupopen', (e) => {
      e.popup.getElement()?.addEventListener('click', (ev) => {
        const a = (ev.target as HTMLElement).closest('a[data-nav]');
        if (a) {
          ev.preventDefault();
          navigate(a.getAttribute('href')!);
        }
      });
    });
    load();
    return () => {
      map.remove();
      mapRef.current = null;
      layerRef.current = null;
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    load();
  }, [filter]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="incident-map-wrap">
      <div ref={el} className="incident-map" style={{ height }} role="region" aria-label={label} data-testid="incident-map" />
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
