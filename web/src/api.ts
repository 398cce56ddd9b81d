/**
 * The web app's client of the REST API: typed fetch helpers that turn the API's
 * `{"error": {code, message}}` responses into `ApiFailure`s the pages can show.
 */
import type {
  ArticleRecord,
  CorrectionRecord,
  EntityMergeRecord,
  EntityRecord,
  ExtractRecord,
  IncidentCorrection,
  IncidentRecord,
  RelatedArticle,
  Role,
  SourceRecord,
  TokenRecord,
  UserRecord,
} from '../../src/model.js';
import type { CountByKey, MapCell, MapPoints, Overview, Page, SearchHit, SourceErrorRecord, StoreStats, Timeline, TimelineRow } from '../../src/store/store.js';

export type { ArticleRecord, EntityRecord, ExtractRecord, IncidentRecord, SourceRecord, Page, SearchHit, SourceErrorRecord };
export type { CorrectionRecord, EntityMergeRecord, IncidentCorrection, Role, TokenRecord, UserRecord };

/** `GET /api/auth/me`: who is logged in, and the CSRF token their writes must carry. */
export interface Me {
  user: UserRecord | null;
  via: 'session' | 'token' | null;
  csrfToken: string | null;
  requireLogin: boolean;
}

/** The session's CSRF token, sent as X-CSRF-Token on every write (set by `web/src/session.ts`). */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
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
  /** Stored articles on the same story first, then those sharing actors or places. */
  related?: RelatedArticle[];
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
    const write = init?.method !== undefined && !['GET', 'HEAD'].includes(init.method);
    const headers: Record<string, string> = { accept: 'application/json', ...(init?.headers as Record<string, string> | undefined) };
    if (write && csrfToken) headers['x-csrf-token'] = csrfToken;
    res = await fetch(url, { ...init, headers });
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
  // accounts and review
  me: () => request<Me>('/api/auth/me'),
  login: (name: string, password: string) => send<{ user: UserRecord; csrfToken: string }>('POST', '/api/auth/login', { name, password }),
  logout: () => request<void>('/api/auth/logout', { method: 'POST' }),
  verify: (id: string) => send<IncidentRecord>('POST', `/api/incidents/${encodeURIComponent(id)}/verify`, {}),
  correct: (id: string, fields: IncidentCorrection & { reason?: string | null }) => send<IncidentRecord>('PATCH', `/api/incidents/${encodeURIComponent(id)}`, fields),
  mergeIncidents: (ids: string[]) => send<IncidentRecord>('POST', '/api/incidents/merge', { ids }),
  splitIncident: (id: string, reportIds: string[]) => send<IncidentRecord>('POST', `/api/incidents/${encodeURIComponent(id)}/split`, { reportIds }),
  corrections: (id: string) => request<{ items: CorrectionRecord[] }>(`/api/incidents/${encodeURIComponent(id)}/corrections`),
  // entity merges: `ids[1..]` go into `ids[0]`; an unmerge restores the absorbed entity
  mergeEntities: (ids: string[], reason?: string) => send<EntityRecord>('POST', '/api/entities/merge', reason ? { ids, reason } : { ids }),
  unmergeEntity: (id: string, reason?: string) => send<EntityRecord>('POST', `/api/entities/${encodeURIComponent(id)}/unmerge`, reason ? { reason } : {}),
  entityMerges: (id: string) => request<{ items: EntityMergeRecord[] }>(`/api/entities/${encodeURIComponent(id)}/merges`),
  // API tokens (own; every user's with `all` for an admin) and users (admin)
  tokens: (all = false) => request<{ items: TokenRecord[] }>(all ? '/api/tokens?all=true' : '/api/tokens'),
  /** `expiresInDays` null: the token never expires. */
  createToken: (name: string, expiresInDays: number | null = null) =>
    send<{ token: TokenRecord; secret: string }>('POST', '/api/tokens', expiresInDays === null ? { name } : { name, expiresInDays }),
  revokeToken: (id: string) => request<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  users: () => request<{ items: UserRecord[] }>('/api/users'),
  createUser: (name: string, role: Role, password: string) => send<UserRecord>('POST', '/api/users', { name, role, password }),
  updateUser: (id: string, patch: { role?: Role; disabled?: boolean; password?: string }) => send<UserRecord>('PATCH', `/api/users/${encodeURIComponent(id)}`, patch),
};

function send<T>(method: string, url: string, body: unknown): Promise<T> {
  return request<T>(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
