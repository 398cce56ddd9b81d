/**
 * The REST API in process (`app.request`) against the fake store: validation and error codes,
 * filters reaching the store, exports, the OpenAPI document and the static web app.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createAuthService } from '../../src/auth/service.js';
import { csvField } from '../../src/api/export.js';
import type { IncidentQuery } from '../../src/store/store.js';
import type { FakeStore } from './fake-store.js';
import { SEED_ID, seededStore } from './fixtures.js';

let store: FakeStore;
let app: ReturnType<typeof createApp>;
const errors: unknown[] = [];
/** Writes need an analyst (test/review covers the roles): an analyst's API token. */
let asAnalyst: Record<string, string> = {};

beforeEach(async () => {
  store = await seededStore();
  errors.length = 0;
  const auth = createAuthService({ store });
  const analyst = await store.createUser({ name: 'ana', role: 'analyst', passwordHash: 'unused' });
  asAnalyst = { authorization: `Bearer ${(await auth.createToken(analyst, 'api tests')).secret}` };
  app = createApp({ store, auth, webRoot: null, version: '9.9.9', logError: (e) => errors.push(e) });
});

const getJson = async (url: string) => {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as any, res };
};

/** A minimal RFC 4180 parser, to check the CSV the way a spreadsheet reads it. */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

describe('meta', () => {
  it('health reports ok, version and counts', async () => {
    const { status, body } = await getJson('/api/health');
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.version).toBe('9.9.9');
    expect(body.stats).toMatchObject({ articles: 3, incidents: 8, sources: 3 });
  });

  it('unknown API routes are JSON 404 api.not_found', async () => {
    for (const url of ['/api/nope', '/api', '/api/incidents/x/y']) {
      const { status, body } = await getJson(url);
      expect(status, url).toBe(404);
      expect(body.error.code).toBe('api.not_found');
    }
    const res = await app.request('/api/health', { method: 'PUT', headers: asAnalyst });
    expect(res.status).toBe(404);
  });

  it('a thrown store error is a 500 api.internal without stack or message', async () => {
    store.failNext = new Error('SQLITE_CORRUPT: secret path /var/lib/vigil.db');
    const { status, body } = await getJson('/api/incidents');
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: 'api.internal', message: 'an internal error occurred' } });
    expect(JSON.stringify(body)).not.toMatch(/SQLITE|stack|at /);
    expect(errors).toHaveLength(1);
  });
});

describe('incidents', () => {
  it('lists a page with total, newest first by default', async () => {
    const { status, body } = await getJson('/api/incidents?limit=3');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 8, limit: 3, offset: 0 });
    expect(body.items).toHaveLength(3);
    expect(body.items[0].date).toBe('2024-03-22');
  });

  it('passes every filter to the store', async () => {
    const { status } = await getJson(
      '/api/incidents?since=2015-01-01&until=2024-12-31&country=af&group=ISKP&attack_type=Bombing%2FExplosion&min_killed=10&bbox=60,25,75,40&background=false&q=kabul&sort=-killed&limit=10&offset=5',
    );
    expect(status).toBe(200);
    const q = store.lastCall('listIncidents')![0] as IncidentQuery;
    expect(q).toEqual({
      since: '2015-01-01', until: '2024-12-31', country: 'AF', group: 'ISKP', attackType: 'Bombing/Explosion', minKilled: 10,
      bbox: [60, 25, 75, 40], includeBackground: false, q: 'kabul', sort: '-killed', limit: 10, offset: 5,
    });
  });

  it('filters change the result', async () => {
    expect((await getJson('/api/incidents?background=false')).body.total).toBe(4);
    expect((await getJson('/api/incidents?country=US')).body.total).toBe(2);
    expect((await getJson('/api/incidents?group=isis-k')).body.total).toBe(5);
    expect((await getJson('/api/incidents?min_killed=50&sort=-killed')).body.items.map((i: any) => i.killed)).toEqual([95, 54]);
    expect((await getJson('/api/incidents?bbox=-130,20,-60,50')).body.total).toBe(2);
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=501', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['offset=-1', 'query.offset'],
    ['since=2024-02-30', 'query.since'],
    ['since=yesterday', 'query.since'],
    ['since=2024-05-01&until=2024-01-01', 'query.since'],
    ['country=Russia', 'query.country'],
    ['min_killed=-3', 'query.min_killed'],
    ['bbox=1,2,3', 'query.bbox'],
    ['bbox=0,50,10,40', 'query.bbox'],
    ['bbox=-200,0,10,10', 'query.bbox'],
    ['background=maybe', 'query.background'],
    ['sort=place', 'query.sort'],
    ['q=', 'query.q'],
    ['attackType=Bombing', 'query'],
  ])('rejects %s with 400 api.invalid_request', async (qs, where) => {
    const { status, body } = await getJson(`/api/incidents?${qs}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('api.invalid_request');
    expect(body.error.message).toMatch(/invalid/);
    expect(body.error.details.length).toBeGreaterThan(0);
    expect(body.error.details[0].path.startsWith(where)).toBe(true);
  });

  it('gets one incident with its evidence, 404 otherwise', async () => {
    const id = store.incidents[0]!.id;
    const { status, body } = await getJson(`/api/incidents/${id}`);
    expect(status).toBe(200);
    expect(body.detail.trigger.text).toBe('deadly attack');
    const missing = await getJson('/api/incidents/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('api.not_found');
  });
});

describe('exports', () => {
  it('CSV has the header, one row per incident and RFC 4180 quoting', async () => {
    const first = store.incidents[0]!;
    first.articleTitle = 'Attack, "massacre" and\nafter';
    const res = await app.request('/api/incidents.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const text = await res.text();
    expect(text.startsWith('id,date,date_precision,country_code,place,lat,lon,specificity,attack_types,weapon_types,target_types,groups,killed,wounded,is_background,status,article_id,article_title\r\n')).toBe(true);
    expect(text).toContain('"Attack, ""massacre"" and\nafter"');
    const rows = parseCsv(text);
    expect(rows).toHaveLength(1 + 8);
    expect(rows.every((r) => r.length === 18)).toBe(true);
    const row = rows.find((r) => r[0] === first.id)!;
    expect(row[17]).toBe('Attack, "massacre" and\nafter');
    expect(row[8]).toBe('Armed Assault');
    expect(row[9]).toBe('Firearms; Incendiary');
  });

  it('csvField quotes only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(-117.2898)).toBe('-117.2898');
    expect(csvField(false)).toBe('false');
  });

  it('csvField defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1 bomb')).toBe("'+1 bomb");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-2)).toBe('-2');
    expect(csvField('Kabul')).toBe('Kabul');
  });

  it('exports apply the same filters and validation', async () => {
    const text = await (await app.request('/api/incidents.csv?country=US')).text();
    expect(parseCsv(text)).toHaveLength(3);
    expect((await getJson('/api/incidents.csv?country=USA')).status).toBe(400);
    expect((await getJson('/api/incidents.geojson?bbox=x')).status).toBe(400);
  });

  it('pages through the store for large exports', async () => {
    const base = store.incidents[0]!;
    for (let n = 0; n < 1203; n++) store.incidents.push({ ...base, id: `bulk-${String(n).padStart(5, '0')}`, date: '2020-01-01' });
    const text = await (await app.request('/api/incidents.csv')).text();
    expect(parseCsv(text)).toHaveLength(1 + 8 + 1203);
    const pages = store.calls.filter((c) => c.method === 'listIncidents').map((c) => (c.args[0] as IncidentQuery).offset);
    expect(pages).toEqual([0, 500, 1000]);
    const capped = await (await app.request('/api/incidents.csv?limit=700&offset=10')).text();
    expect(parseCsv(capped)).toHaveLength(701);
  });

  it('GeoJSON is a FeatureCollection of points at [lon, lat]', async () => {
    const res = await app.request('/api/incidents.geojson?background=true');
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const fc = (await res.json()) as any;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(8);
    const sb = fc.features.find((f: any) => f.properties.place === 'San Bernardino');
    expect(sb).toMatchObject({ type: 'Feature', geometry: { type: 'Point', coordinates: [-117.2898, 34.1083] } });
    expect(sb.properties).toMatchObject({ killed: 14, is_background: true, groups: ['Islamic State'] });
    store.incidents[0]!.lat = null;
    const fc2 = (await (await app.request('/api/incidents.geojson')).json()) as any;
    expect(fc2.features).toHaveLength(7);
    const empty = (await (await app.request('/api/incidents.geojson?country=ZZ')).json()) as any;
    expect(empty).toEqual({ type: 'FeatureCollection', features: [] });
  });
});

describe('articles, entities, search', () => {
  it('lists articles and passes filters', async () => {
    const { body } = await getJson('/api/articles?since=2024-01-01&limit=5');
    expect(body.total).toBe(2);
    expect(store.lastCall('listArticles')![0]).toEqual({ since: '2024-01-01', limit: 5, offset: 0 });
    expect((await getJson('/api/articles?since=01/01/2024')).status).toBe(400);
  });

  it('an article comes with its annotations and all its incidents', async () => {
    const { status, body } = await getJson(`/api/articles/${SEED_ID}`);
    expect(status).toBe(200);
    expect(body.article.title).toMatch(/^Moscow massacre/);
    expect(body.annotations.entities.length).toBeGreaterThan(5);
    expect(body.incidents).toHaveLength(6);
    for (const e of body.annotations.entities) expect(body.article.text.slice(e.start, e.end)).toBe(e.text);
    expect((await getJson('/api/articles/missing')).body.error.code).toBe('api.not_found');
  });

  it('entities filter and resolve', async () => {
    const { body } = await getJson('/api/entities?type=PER&q=ghafari');
    expect(body.items[0]).toMatchObject({ id: 'person:sanaullah-ghafari', canonical: 'Sanaullah Ghafari' });
    expect((await getJson('/api/entities?type=person')).status).toBe(400);
    expect((await getJson('/api/entities/person:sanaullah-ghafari')).body.aliases).toContain('Shahab al-Muhajir');
    expect((await getJson('/api/entities/nobody')).status).toBe(404);
  });

  it('search requires q and returns snippets', async () => {
    const { body } = await getJson('/api/search?q=embassy');
    expect(body.total).toBe(1);
    expect(body.items[0].snippet).toContain('<mark>embassy</mark>');
    const bad = await getJson('/api/search');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.q');
  });
});

describe('sources', () => {
  it('lists sources with fetch state and errors', async () => {
    const { body } = await getJson('/api/sources');
    expect(body.items).toHaveLength(3);
    const wire = body.items.find((s: any) => s.url.includes('example-wire'));
    expect(wire).toMatchObject({ errorCount: 2, lastErrorCode: 'fetch.http_5xx' });
    const errs = await getJson(`/api/sources/${wire.id}/errors?limit=1`);
    expect(errs.body.items).toEqual([{ at: '2024-03-30T07:30:00.000Z', code: 'fetch.http_5xx', message: 'HTTP 503 Service Unavailable' }]);
    expect((await getJson('/api/sources/nope/errors')).status).toBe(404);
  });

  const post = (body: unknown) =>
    app.request('/api/sources', { method: 'POST', headers: { 'content-type': 'application/json', ...asAnalyst }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('adds a source (201, then 200 when it exists)', async () => {
    const res = await post({ url: 'https://www.example.org/feed.xml' });
    expect(res.status).toBe(201);
    const out = (await res.json()) as any;
    expect(out).toMatchObject({ created: true, source: { url: 'https://www.example.org/feed.xml' } });
    expect((await post({ url: 'https://www.example.org/feed.xml' })).status).toBe(200);
  });

  it.each([
    [{ url: 'ftp://example.org/feed' }, 'fetch.scheme_refused'],
    [{ url: 'file:///etc/passwd' }, 'fetch.scheme_refused'],
    [{ url: 'javascript:alert(1)' }, 'fetch.scheme_refused'],
    [{ url: 'not a url' }, 'fetch.invalid_url'],
    [{ url: '' }, 'api.invalid_request'],
    [{}, 'api.invalid_request'],
    [{ url: 'https://x.org', extra: 1 }, 'api.invalid_request'],
    ['{not json', 'api.invalid_request'],
  ])('refuses %j with %s', async (body, code) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe(code);
    expect(store.lastCall('addSource')).toBeUndefined();
  });

  it('deletes a source, 404 the second time', async () => {
    const id = store.sources[0]!.id;
    expect((await app.request(`/api/sources/${id}`, { method: 'DELETE', headers: asAnalyst })).status).toBe(204);
    const again = await app.request(`/api/sources/${id}`, { method: 'DELETE', headers: asAnalyst });
    expect(again.status).toBe(404);
    expect(((await again.json()) as any).error.code).toBe('api.not_found');
  });
});

describe('OpenAPI', () => {
  it('is OpenAPI 3.1 and describes every registered route', async () => {
    const { body: doc } = await getJson('/api/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    const registered = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    expect(registered.length).toBeGreaterThanOrEqual(19);
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(documented.sort()).toEqual([...new Set(registered)].sort());
  });

  it('documents every incident filter and resolves every $ref', async () => {
    const { body: doc } = await getJson('/api/openapi.json');
    const names = doc.paths['/api/incidents'].get.parameters.map((p: any) => p.name).sort();
    expect(names).toEqual(['attack_type', 'background', 'bbox', 'country', 'entity', 'group', 'limit', 'mentioning', 'min_killed', 'offset', 'q', 'since', 'sort', 'until']);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const r of refs) expect(doc.components.schemas[r], r).toBeDefined();
    const ids = Object.values(doc.paths as Record<string, Record<string, any>>).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('web app', () => {
  it('without a build, / says to run npm run build', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('npm run build');
  });

  it('serves files and falls back to index.html for app routes', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'vigil-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(path.join(root, '..', 'secret.txt'), 'secret');
    const web = createApp({ store, webRoot: root });
    const index = await web.request('/');
    expect(await index.text()).toContain('id="root"');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    const deep = await web.request(`/articles/${SEED_ID}?x=1`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('id="root"');
    const js = await web.request('/assets/app-1234.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    expect((await web.request('/assets/missing.js')).status).toBe(404);
    const escape = await web.request('/..%2Fsecret.txt');
    expect(await escape.text()).not.toBe('secret');
    expect((await web.request('/api/missing')).headers.get('content-type')).toMatch(/json/);
  });
});
