/**
 * Incident exports: CSV (RFC 4180, CRLF, one row per incident) and GeoJSON (a FeatureCollection
 * of the incidents that have coordinates). Both page through the store in batches and stream,
 * so an export of the whole database never sits in memory at once.
 */
import type { IncidentRecord } from '../model.js';
import type { IncidentQuery, Store } from '../store/store.js';

export const EXPORT_BATCH = 500;

export const CSV_COLUMNS = [
  'id', 'date', 'date_precision', 'country_code', 'place', 'lat', 'lon', 'specificity',
  'attack_types', 'weapon_types', 'target_types', 'groups', 'killed', 'wounded',
  'is_background', 'status', 'article_id', 'article_title',
] as const;

/**
 * Quotes a field when it holds a comma, a quote, CR or LF; inner quotes are doubled. Text that a
 * spreadsheet would run as a formula (it opens with =, +, -, @, a tab or CR: an article title
 * such as "=HYPERLINK(…)" from a hostile page) gets a leading apostrophe (OWASP's advice);
 * numbers are written as they are.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** List values in one cell are joined with "; " (GTD-style multi-value columns). */
const list = (xs: string[]): string => xs.join('; ');

export function csvRow(i: IncidentRecord): string {
  const cells: Array<string | number | boolean | null> = [
    i.id, i.date, i.datePrecision, i.countryCode, i.placeName, i.lat, i.lon, i.specificity,
    list(i.attackTypes), list(i.weaponTypes), list(i.targetTypes), list(i.groups),
    i.killed, i.wounded, i.isBackground, i.status, i.articleId, i.articleTitle,
  ];
  return cells.map(csvField).join(',') + '\r\n';
}

export const csvHeader = (): string => CSV_COLUMNS.join(',') + '\r\n';

export interface GeoJsonFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Record<string, unknown>;
}

/** A feature for an incident with coordinates, else null. */
export function geoFeature(i: IncidentRecord): GeoJsonFeature | null {
  if (i.lat === null || i.lon === null) return null;
  return {
    type: 'Feature',
    id: i.id,
    geometry: { type: 'Point', coordinates: [i.lon, i.lat] },
    properties: {
      id: i.id,
      date: i.date,
      date_precision: i.datePrecision,
      country_code: i.countryCode,
      place: i.placeName,
      specificity: i.specificity,
      attack_types: i.attackTypes,
      weapon_types: i.weaponTypes,
      target_types: i.targetTypes,
      groups: i.groups,
      killed: i.killed,
      wounded: i.wounded,
      is_background: i.isBackground,
      status: i.status,
      article_id: i.articleId,
      article_title: i.articleTitle,
    },
  };
}

/**
 * Yields the incidents matching `query` from `offset`, at most `cap` of them, one store page at
 * a time. The first page is fetched eagerly by `firstBatch` so store errors still become a
 * JSON error response before any byte is streamed.
 */
export async function* incidentBatches(
  store: Store,
  query: IncidentQuery,
  offset: number,
  cap: number,
  first?: IncidentRecord[],
): AsyncGenerator<IncidentRecord[]> {
  let pos = offset;
  let left = cap;
  let batch = first;
  while (left > 0) {
    if (!batch) {
      const page = await store.listIncidents({ ...query, limit: Math.min(EXPORT_BATCH, left), offset: pos });
      batch = page.items;
    }
    const items = batch.slice(0, left);
    if (items.length === 0) return;
    yield items;
    pos += batch.length;
    left -= items.length;
    if (batch.length < EXPORT_BATCH) return;
    batch = undefined;
  }
}

/** A byte stream of `head`, then each rendered item, then `tail`; pulls batches on demand. */
export function streamBatches(
  batches: AsyncGenerator<IncidentRecord[]>,
  render: (i: IncidentRecord, index: number) => string | null,
  head: string,
  tail: string,
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let index = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(enc.encode(head));
        return;
      }
      try {
        const next = await batches.next();
        if (next.done) {
          controller.enqueue(enc.encode(tail));
          controller.close();
          return;
        }
        let out = '';
        for (const item of next.value) {
          const s = render(item, index);
          if (s !== null) {
            out += s;
            index++;
          }
        }
        if (out) controller.enqueue(enc.encode(out));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
