/**
 * The HTTP app: Vigil's REST API under `/api` and the built web app at `/`. Requests are
 * validated with zod (`params.ts`), every failure is a JSON `{"error": {code, message}}` with a
 * stable code (`errors.ts`), and the store is the only data access. `createApp` is pure wiring:
 * it holds no state of its own, so tests call it in process with `app.request(url)`.
 */
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { ExtractRecord, IncidentRecord } from '../model.js';
import { reportIds } from '../store/ids.js';
import type { Store } from '../store/store.js';
import { ApiError, invalidRequest, notFound, toErrorResponse } from './errors.js';
import { csvHeader, csvRow, EXPORT_BATCH, geoFeature, incidentBatches, streamBatches } from './export.js';
import { openApiDocument } from './openapi.js';
import {
  addSourceSchema,
  articleListSchema,
  DEFAULT_PAGE,
  entityIncidentsSchema,
  entityListSchema,
  incidentExportSchema,
  incidentFilterSchema,
  mapCellDegrees,
  mapSchema,
  searchSchema,
  sourceErrorsSchema,
  timelineSchema,
  toIncidentQuery,
} from './params.js';
import { resolveStatic } from './static.js';
import { authenticate, type AuthEnv } from '../auth/middleware.js';
import { registerAuthRoutes } from '../auth/routes.js';
import { createAuthService, type AuthService } from '../auth/service.js';
import { registerReviewRoutes } from './review.js';

export interface AppDeps {
  store: Store;
  /** Folder of the Vite build (`dist/web`); null or missing serves a "run npm run build" page. */
  webRoot?: string | null;
  config?: Partial<Config>;
  version?: string;
  /** Receives unexpected errors (the 500s); defaults to `console.error`. */
  logError?: (err: unknown, where: string) => void;
  /** Accounts (src/auth); default: a service over `store` with `config.sessionHours`. */
  auth?: AuthService;
}

/** Parses the query string of `c` with `schema`, or throws a 400 listing every issue. */
function query<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const r = schema.safeParse(c.req.query());
  if (!r.success) throw invalidRequest('query', r.error);
  return r.data;
}

/** Every incident of an article, background ones included, in text order of the store. */
/**
 * The incidents an article reports. A fused incident led by another article carries that
 * article's evidence; here its `detail` becomes this article's own report, so every span points
 * into this article's text (the fused figures stay).
 */
async function articleIncidents(store: Store, articleId: string, annotations: ExtractRecord | null): Promise<IncidentRecord[]> {
  const out: IncidentRecord[] = [];
  for (let offset = 0; ; offset += EXPORT_BATCH) {
    const page = await store.listIncidents({ articleId, includeBackground: true, sort: 'date', limit: EXPORT_BATCH, offset });
    out.push(...page.items);
    if (page.items.length < EXPORT_BATCH || out.length >= page.total) break;
  }
  const own = annotations?.incidents ?? [];
  const rids = reportIds(articleId, own);
  return out.flatMap((inc) => {
    if (inc.articleId === articleId) return [inc];
    const source = inc.sources?.find((s) => s.articleId === articleId);
    const k = source ? rids.indexOf(source.reportId) : -1;
    return k >= 0 ? [{ ...inc, detail: own[k]! }] : [];
  });
}

/** Checks a source URL the way the fetcher will: http or https only, with a host. */
function checkSourceUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ApiError(400, 'fetch.invalid_url', `not a valid URL: ${raw.slice(0, 200)}`, [{ path: 'body.url', message: 'not a valid URL' }]);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ApiError(400, 'fetch.scheme_refused', `only http and https URLs are fetched, not ${u.protocol.replace(/:$/, '')}`, [
      { path: 'body.url', message: `scheme ${u.protocol} refused` },
    ]);
  }
  if (!u.hostname) throw new ApiError(400, 'fetch.invalid_url', 'the URL has no host', [{ path: 'body.url', message: 'no host' }]);
  return u.toString();
}

export function createApp(deps: AppDeps): Hono<AuthEnv> {
  const { store } = deps;
  const requireLogin = deps.config?.requireLogin ?? false;
  const auth = deps.auth ?? createAuthService({ store, ...(deps.config?.sessionHours ? { sessionHours: deps.config.sessionHours } : {}) });
  const version = deps.version ?? '0.0.0';
  const logError = deps.logError ?? ((err: unknown, where: string) => console.error(`[vigil api] ${where}:`, err));
  const app = new Hono<AuthEnv>();

  app.onError((err, c) => {
    const r = toErrorResponse(err);
    if (r.internal) logError(err, `${c.req.method} ${c.req.path}`);
    return c.json(r.body, r.status);
  });

  app.notFound(async (c) => {
    const p = c.req.path;
    if (p === '/api' || p.startsWith('/api/') || c.req.method !== 'GET') {
      return c.json({ error: { code: 'api.not_found', message: `no route ${c.req.method} ${p}` } }, 404);
    }
    const file = await resolveStatic(deps.webRoot, p);
    return c.body(file.body as Uint8Array<ArrayBuffer> | string, file.status, file.headers);
  });

  // Who is asking (session cookie or bearer token); writes need an analyst (src/auth/middleware.ts).
  app.use('/api/*', authenticate(auth, { requireLogin }));

  // accounts and review --------------------------------------------------------------------------
  registerAuthRoutes(app, { store, auth, requireLogin });
  registerReviewRoutes(app, store);

  // meta ---------------------------------------------------------------------------------------
  app.get('/api/health', async (c) => {
    const stats = await store.stats();
    return c.json({ ok: true, version, time: new Date().toISOString(), stats });
  });

  const openapi = openApiDocument(version);
  app.get('/api/openapi.json', (c) => c.json(openapi));

  // articles -----------------------------------------------------------------------------------
  app.get('/api/articles', async (c) => {
    const q = query(c, articleListSchema);
    const page = await store.listArticles({ ...q, limit: q.limit ?? DEFAULT_PAGE, offset: q.offset ?? 0 });
    return c.json(page);
  });

  app.get('/api/articles/:id', async (c) => {
    const id = c.req.param('id');
    const article = await store.getArticle(id);
    if (!article) throw notFound(`article ${id}`);
    const annotations = await store.getAnnotations(id);
    const [incidents, related] = await Promise.all([articleIncidents(store, id, annotations), store.relatedArticles(id, 10)]);
    return c.json({ article, annotations, incidents, related });
  });

  // Same story first, then articles sharing actors, then places.
  app.get('/api/articles/:id/related', async (c) => {
    const id = c.req.param('id');
    if (!(await store.getArticle(id))) throw notFound(`article ${id}`);
    return c.json({ items: await store.relatedArticles(id, 20) });
  });

  app.get('/api/search', async (c) => {
    const q = query(c, searchSchema);
    const page = await store.search(q.q, { limit: q.limit ?? DEFAULT_PAGE, offset: q.offset ?? 0 });
    return c.json(page);
  });

  // incidents ----------------------------------------------------------------------------------
  app.get('/api/incidents', async (c) => {
    const q = query(c, incidentFilterSchema);
    const page = await store.listIncidents({ ...toIncidentQuery(q), limit: q.limit ?? DEFAULT_PAGE, offset: q.offset ?? 0 });
    return c.json(page);
  });

  /** Shared by both exports: validates, fetches the first batch eagerly, then streams. */
  async function exportStream(c: Context, render: (i: IncidentRecord, n: number) => string | null, head: string, tail: string) {
    const q = query(c, incidentExportSchema);
    const base = toIncidentQuery(q);
    const offset = q.offset ?? 0;
    const cap = q.limit ?? Number.MAX_SAFE_INTEGER;
    const first = cap > 0 ? (await store.listIncidents({ ...base, limit: Math.min(EXPORT_BATCH, cap), offset })).items : [];
    return streamBatches(incidentBatches(store, base, offset, cap, first), render, head, tail);
  }

  app.get('/api/incidents.csv', async (c) => {
    const body = await exportStream(c, csvRow, csvHeader(), '');
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="vigil-incidents.csv"',
    });
  });

  app.get('/api/incidents.geojson', async (c) => {
    const body = await exportStream(
      c,
      (i, n) => {
        const f = geoFeature(i);
        return f ? (n === 0 ? '\n' : ',\n') + JSON.stringify(f) : null;
      },
      '{"type":"FeatureCollection","features":[',
      '\n]}\n',
    );
    return c.body(body, 200, {
      'content-type': 'application/geo+json; charset=utf-8',
      'content-disposition': 'attachment; filename="vigil-incidents.geojson"',
    });
  });

  // aggregation for the desk (registered before /api/incidents/:id) ---------------------------------
  app.get('/api/incidents/timeline', async (c) => {
    const q = query(c, timelineSchema);
    return c.json(await store.incidentTimeline(toIncidentQuery(q), q.bucket ?? 'week'));
  });

  app.get('/api/incidents/map', async (c) => {
    const q = query(c, mapSchema);
    return c.json(await store.incidentMapPoints(toIncidentQuery(q), mapCellDegrees(q)));
  });

  app.get('/api/overview', async (c) => c.json(await store.overview()));

  // Merges and splits of an incident, newest first (its sources and casualty history are on the incident).
  app.get('/api/incidents/:id/history', async (c) => {
    const id = c.req.param('id');
    if (!(await store.getIncident(id))) throw notFound(`incident ${id}`);
    return c.json({ items: await store.incidentHistory(id) });
  });

  app.get('/api/incidents/:id', async (c) => {
    const id = c.req.param('id');
    const incident = await store.getIncident(id);
    if (!incident) throw notFound(`incident ${id}`);
    return c.json(incident);
  });

  // entities -----------------------------------------------------------------------------------
  app.get('/api/entities', async (c) => {
    const q = query(c, entityListSchema);
    const page = await store.listEntities({ ...q, limit: q.limit ?? DEFAULT_PAGE, offset: q.offset ?? 0 });
    return c.json(page);
  });

  app.get('/api/entities/:id', async (c) => {
    const id = c.req.param('id');
    const profile = await store.entityProfile(id);
    if (!profile) {
      const merged = (await store.entityMerges(id)).find((m) => m.fromId === id && !m.undoneAt);
      throw notFound(merged ? `entity ${id} (merged into ${merged.intoId} by ${merged.by})` : `entity ${id}`);
    }
    const { entity, parent, branches, cooccurring } = profile;
    return c.json({ ...entity, parentEntity: parent, branches, cooccurring });
  });

  app.get('/api/entities/:id/incidents', async (c) => {
    const id = c.req.param('id');
    const q = query(c, entityIncidentsSchema);
    const entity = await store.getEntity(id);
    if (!entity) throw notFound(`entity ${id}`);
    const role = q.role ?? (entity.kind === 'armed_group' ? 'perpetrator' : 'mentioned');
    const base = { ...toIncidentQuery(q), ...(role === 'perpetrator' ? { entity: id } : { mentioning: id }) };
    const page = await store.listIncidents({ ...base, limit: q.limit ?? DEFAULT_PAGE, offset: q.offset ?? 0 });
    return c.json({ ...page, role });
  });

  // sources ------------------------------------------------------------------------------------
  app.get('/api/sources', async (c) => c.json({ items: await store.listSources() }));

  app.post('/api/sources', async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new ApiError(400, 'api.invalid_request', 'the body must be JSON: {"url": "https://…"}');
    }
    const r = addSourceSchema.safeParse(raw);
    if (!r.success) throw invalidRequest('body', r.error);
    const url = checkSourceUrl(r.data.url);
    const opts: { kind?: 'feed' | 'page' | 'auto'; title?: string | null } = {};
    if (r.data.kind !== undefined) opts.kind = r.data.kind;
    if (r.data.title !== undefined) opts.title = r.data.title;
    const out = await store.addSource(url, opts);
    return c.json(out, out.created ? 201 : 200);
  });

  app.delete('/api/sources/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await store.removeSource(id))) throw notFound(`source ${id}`);
    return c.body(null, 204);
  });

  app.get('/api/sources/:id/errors', async (c) => {
    const id = c.req.param('id');
    const q = query(c, sourceErrorsSchema);
    if (!(await store.getSource(id))) throw notFound(`source ${id}`);
    return c.json({ items: await store.sourceErrors(id, q.limit ?? DEFAULT_PAGE) });
  });

  return app;
}
