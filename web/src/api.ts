/**
 * The web app's client of the REST API: typed fetch helpers that turn the API's
 * `{"error": {code, message}}` responses into `ApiFailure`s the pages can show.
 */
import type { ArticleRecord, EntityRecord, ExtractRecord, IncidentRecord, SourceRecord } from '../../src/model.js';
import type { CountByKey, MapCell, MapPoints, Overview, Page, SearchHit, SourceErrorRecord, StoreStats, Timeline, TimelineRow } from '../../src/store/store.js';

export type { ArticleRecord, EntityRecord, ExtractRecord, IncidentRecord, SourceRecord, Page, SearchHit, SourceErrorRecord };
export type { CountByKey, MapCell, MapPoints, Overview, Timeline, TimelineRow };

/** `GET /api/entities/:id`: the entity with its family and co-occurring actors. */
export interface EntityDetail extends EntityRecord {
  parentEntity: EntityRecord | null;
  branches: EntityRecord[];
  cooccurring: Array<{ entity: EntityRecord; articles: number }>;
}

export type EntityIncidents = Page<IncidentRecord> & { role: 'perpetrator' | 'mentioned' };

export interface Health {
  ok: boolean;
  version: string;
  time: string;
  stats: StoreStats;
}

export interface ArticleDetail {
  article: ArticleRecord;
  annotations: ExtractRecord | null;
  incidents: IncidentRecord[];
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, ...init });
  } catch {
    throw new ApiFailure(0, 'network', 'The Vigil server could not be reached.');
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) throw new ApiFailure(res.status, body?.error?.code ?? 'api.internal', body?.error?.message ?? res.statusText);
  return body as T;
}

export const api = {
  health: () => request<Health>('/api/health'),
  incidents: (qs: string) => request<Page<IncidentRecord>>(`/api/incidents?${qs}`),
  article: (id: string) => request<ArticleDetail>(`/api/articles/${encodeURIComponent(id)}`),
  entities: (qs: string) => request<Page<EntityRecord>>(`/api/entities?${qs}`),
  entity: (id: string) => request<EntityDetail>(`/api/entities/${encodeURIComponent(id)}`),
  entityIncidents: (id: string, qs: string) => request<EntityIncidents>(`/api/entities/${encodeURIComponent(id)}/incidents?${qs}`),
  incident: (id: string) => request<IncidentRecord>(`/api/incidents/${encodeURIComponent(id)}`),
  timeline: (qs: string) => request<Timeline>(`/api/incidents/timeline?${qs}`),
  mapPoints: (qs: string) => request<MapPoints>(`/api/incidents/map?${qs}`),
  overview: () => request<Overview>('/api/overview'),
  search: (qs: string) => request<Page<SearchHit>>(`/api/search?${qs}`),
  sources: () => request<{ items: SourceRecord[] }>('/api/sources'),
  sourceErrors: (id: string) => request<{ items: SourceErrorRecord[] }>(`/api/sources/${encodeURIComponent(id)}/errors?limit=10`),
  addSource: (url: string) =>
    request<{ source: SourceRecord; created: boolean }>('/api/sources', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ url }),
    }),
  removeSource: (id: string) => request<void>(`/api/sources/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
