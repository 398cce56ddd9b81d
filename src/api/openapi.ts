/**
 * The OpenAPI 3.1 description of Vigil's REST API, served at `/api/openapi.json`. Query
 * parameters come from the same table that validates requests (`params.ts`); response schemas
 * are written here by hand after the records in `src/model.ts`. `test/api` checks that every
 * route the app registers is described.
 */
import { ATTACK_TYPES, TARGET_TYPES, WEAPON_TYPES } from '../taxonomy.js';
import {
  articleListDocs,
  entityIncidentsDocs,
  entityListDocs,
  incidentExportDocs,
  incidentFilterDocs,
  mapDocs,
  searchDocs,
  sourceErrorsDocs,
  timelineDocs,
  type QueryParamDoc,
} from './params.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Schema = {}): Schema => ({ type: [type, 'null'], ...extra });
const arr = (items: Schema): Schema => ({ type: 'array', items });
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties), extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  required,
  ...extra,
});
const pageOf = (item: string): Schema =>
  obj({ items: arr(ref(item)), total: { type: 'integer', minimum: 0 }, limit: { type: 'integer' }, offset: { type: 'integer' } });

const span = { start: { type: 'integer', minimum: 0 }, end: { type: 'integer', minimum: 0 } };
const textSpan = { ...span, text: { type: 'string' } };
const strings = arr({ type: 'string' });
const feature = { type: 'string', enum: ['city', 'admin1', 'admin2', 'country', 'region', 'landmark', 'other'] };
const precision = { type: 'string', enum: ['day', 'month', 'year'] };

const schemas: Record<string, Schema> = {
  Error: obj({
    error: obj(
      {
        code: { type: 'string', description: 'Stable error code (src/errors.ts).', examples: ['api.invalid_request'] },
        message: { type: 'string' },
        details: arr(obj({ path: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } }, ['path', 'message'])),
      },
      ['code', 'message'],
    ),
  }),
  Span: obj(span),
  TextSpan: obj(textSpan),
  RelatedLink: obj({ title: { type: 'string' }, url: nullable('string') }),
  Stats: obj({ articles: { type: 'integer' }, incidents: { type: 'integer' }, entities: { type: 'integer' }, sources: { type: 'integer' } }),
  Health: obj({ ok: { type: 'boolean' }, version: { type: 'string' }, time: { type: 'string', format: 'date-time' }, stats: ref('Stats') }),
  Source: obj({
    id: { type: 'string' },
    url: { type: 'string', format: 'uri' },
    kind: { type: 'string', enum: ['feed', 'page', 'auto'] },
    title: nullable('string'),
    enabled: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    etag: nullable('string'),
    lastModified: nullable('string'),
    lastFetchedAt: nullable('string', { format: 'date-time' }),
    lastSuccessAt: nullable('string', { format: 'date-time' }),
    nextFetchAt: nullable('string', { format: 'date-time' }),
    errorCount: { type: 'integer', minimum: 0, description: 'Consecutive failures.' },
    lastErrorCode: nullable('string'),
    lastErrorMessage: nullable('string'),
    articleCount: { type: 'integer', minimum: 0 },
  }),
  SourceError: obj({ at: { type: 'string', format: 'date-time' }, code: { type: 'string' }, message: { type: 'string' } }),
  Article: obj({
    id: { type: 'string' },
    url: nullable('string'),
    urls: strings,
    title: nullable('string'),
    published: nullable('string'),
    source: nullable('string'),
    byline: nullable('string'),
    lang: nullable('string'),
    text: { type: 'string', description: 'Cleaned body; every span offset refers to it (UTF-16 code units).' },
    contentHash: { type: 'string' },
    version: { type: 'integer' },
    related: arr(ref('RelatedLink')),
    sourceId: nullable('string'),
    storyId: nullable('string'),
    ingestedAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  }),
  EntityMention: obj(
    {
      ...textSpan,
      type: { type: 'string', enum: ['PER', 'ORG', 'LOC', 'MISC'] },
      kind: { type: 'string' },
      entity: { type: 'string' },
      canonical: { type: 'string' },
      aliases: strings,
      parent: nullable('string'),
    },
    ['start', 'end', 'text', 'type', 'kind', 'entity', 'canonical', 'aliases'],
  ),
  PlaceMention: obj(
    {
      ...textSpan,
      name: { type: 'string' },
      lat: { type: 'number' },
      lon: { type: 'number' },
      country_code: { type: 'string' },
      admin1: nullable('string'),
      feature,
      geonameid: nullable('string'),
    },
    ['start', 'end', 'text', 'name', 'lat', 'lon', 'country_code', 'feature'],
  ),
  DateMention: obj({ ...textSpan, value: { type: 'string' }, precision }),
  PerpetratorGroup: obj(
    {
      ...textSpan,
      canonical: { type: 'string' },
      entity: { type: 'string' },
      aliases: strings,
      claimed: { type: 'boolean' },
      claim_status: { type: 'string', enum: ['claimed', 'suspected', 'denied', 'inspired', 'attributed'] },
    },
    ['start', 'end', 'text', 'canonical', 'aliases', 'claimed', 'claim_status'],
  ),
  IncidentPlace: obj(
    {
      ...textSpan,
      name: { type: 'string' },
      lat: nullable('number'),
      lon: nullable('number'),
      country_code: nullable('string'),
      admin1: nullable('string'),
      feature,
      geonameid: nullable('string'),
      specificity: { type: 'integer', minimum: 1, maximum: 5, description: 'GTD specificity: 1 city with coordinates … 5 unknown.' },
    },
    ['start', 'end', 'text', 'name', 'lat', 'lon', 'country_code', 'feature', 'specificity'],
  ),
  ExtractedIncident: obj(
    {
      date: nullable('string'),
      date_precision: { type: ['string', 'null'], enum: ['day', 'month', 'year', null] },
      date_span: { oneOf: [ref('Span'), { type: 'null' }] },
      place: { oneOf: [ref('IncidentPlace'), { type: 'null' }] },
      is_background: { type: 'boolean' },
      attack_types: strings,
      weapon_types: strings,
      target_types: strings,
      perpetrator_groups: arr(ref('PerpetratorGroup')),
      perpetrator_individuals: arr(ref('TextSpan')),
      victims: arr(ref('TextSpan')),
      targets: arr(ref('TextSpan')),
      weapons: arr(ref('TextSpan')),
      killed: nullable('integer'),
      wounded: nullable('integer'),
      killed_min: { type: 'integer' },
      wounded_min: { type: 'integer' },
      killed_span: { oneOf: [ref('Span'), { type: 'null' }] },
      wounded_span: { oneOf: [ref('Span'), { type: 'null' }] },
      trigger: ref('TextSpan'),
      evidence: arr(ref('Span')),
    },
    [
      'date', 'date_precision', 'place', 'is_background', 'attack_types', 'weapon_types', 'target_types',
      'perpetrator_groups', 'perpetrator_individuals', 'victims', 'targets', 'weapons', 'killed', 'wounded', 'trigger', 'evidence',
    ],
  ),
  Annotations: obj(
    {
      id: { type: 'string' },
      entities: arr(ref('EntityMention')),
      places: arr(ref('PlaceMention')),
      dates: arr(ref('DateMention')),
      incidents: arr(ref('ExtractedIncident')),
    },
    ['id', 'entities', 'places', 'dates', 'incidents'],
    { description: 'The stored extraction of the article (extract-format.md).' },
  ),
  Incident: obj({
    id: { type: 'string' },
    articleId: { type: 'string' },
    articleVersion: { type: 'integer' },
    articleTitle: nullable('string'),
    published: nullable('string'),
    date: nullable('string'),
    datePrecision: { type: ['string', 'null'], enum: ['day', 'month', 'year', null] },
    placeName: nullable('string'),
    countryCode: nullable('string'),
    lat: nullable('number'),
    lon: nullable('number'),
    specificity: nullable('integer'),
    attackTypes: strings,
    weaponTypes: strings,
    targetTypes: strings,
    groups: strings,
    killed: nullable('integer'),
    wounded: nullable('integer'),
    isBackground: { type: 'boolean' },
    status: { type: 'string', enum: ['machine', 'verified', 'corrected'] },
    detail: ref('ExtractedIncident'),
    sources: { ...arr(ref('IncidentSource')), description: 'Every article reporting the incident, oldest first.' },
    casualtyHistory: { ...arr(ref('CasualtyReport')), description: 'Every reported figure with its article and time (the death-toll history).' },
    killedSource: { oneOf: [ref('FigureSource'), { type: 'null' }] },
    woundedSource: { oneOf: [ref('FigureSource'), { type: 'null' }] },
  }, ['id', 'articleId', 'articleVersion', 'articleTitle', 'published', 'date', 'datePrecision', 'placeName', 'countryCode', 'lat', 'lon', 'specificity', 'attackTypes', 'weaponTypes', 'targetTypes', 'groups', 'killed', 'wounded', 'isBackground', 'status', 'detail']),
  IncidentSource: obj({
    reportId: { type: 'string' },
    articleId: { type: 'string' },
    title: nullable('string'),
    url: nullable('string'),
    outlet: nullable('string'),
    published: nullable('string'),
    killed: nullable('integer'),
    wounded: nullable('integer'),
  }),
  CasualtyReport: obj({
    reportId: { type: 'string' },
    articleId: { type: 'string' },
    published: nullable('string'),
    killed: nullable('integer'),
    wounded: nullable('integer'),
  }),
  FigureSource: obj(
    {
      reportId: { type: 'string' },
      articleId: { type: 'string' },
      published: nullable('string'),
      rule: { type: 'string', enum: ['latest', 'confirmed', 'human'] },
    },
    undefined,
    { description: 'The report a reconciled figure came from: the latest report\'s figure, never below one confirmed by two outlets.' },
  ),
  IncidentAudit: obj({
    id: { type: 'integer' },
    at: { type: 'string' },
    action: { type: 'string', enum: ['merge', 'split'] },
    by: { type: 'string' },
    incidentIds: strings,
    moves: arr(obj({ reportId: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } })),
  }),
  RelatedArticle: obj({
    id: { type: 'string' },
    title: nullable('string'),
    url: nullable('string'),
    published: nullable('string'),
    source: nullable('string'),
    storyId: nullable('string'),
    reason: { type: 'string', enum: ['story', 'actors', 'places'] },
    shared: strings,
    score: { type: 'number' },
  }),
  ArticleDetail: obj({
    article: ref('Article'),
    annotations: { oneOf: [ref('Annotations'), { type: 'null' }] },
    incidents: arr(ref('Incident')),
    related: arr(ref('RelatedArticle')),
  }),
  Entity: obj({
    id: { type: 'string' },
    type: { type: 'string', enum: ['PER', 'ORG', 'LOC', 'MISC'] },
    kind: { type: 'string' },
    canonical: { type: 'string' },
    aliases: strings,
    parent: nullable('string'),
    mentionCount: { type: 'integer' },
    articleCount: { type: 'integer' },
  }),
  SearchHit: obj({
    articleId: { type: 'string' },
    title: nullable('string'),
    published: nullable('string'),
    source: nullable('string'),
    snippet: { type: 'string', description: 'HTML-escaped text; matches wrapped in <mark>…</mark>.' },
    score: { type: 'number' },
  }),
  ArticlePage: pageOf('Article'),
  IncidentPage: pageOf('Incident'),
  EntityPage: pageOf('Entity'),
  SearchPage: pageOf('SearchHit'),
  IncidentFeatureCollection: obj({
    type: { const: 'FeatureCollection' },
    features: arr(
      obj({
        type: { const: 'Feature' },
        id: { type: 'string' },
        geometry: obj({ type: { const: 'Point' }, coordinates: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, description: '[lon, lat]' } }),
        properties: { type: 'object', description: 'The CSV columns of the incident; list fields as arrays.' },
      }),
    ),
  }),
  TimelineRow: obj({ bucket: { type: 'string', description: 'Monday of the week (YYYY-MM-DD), YYYY-MM or YYYY.' }, attackType: { type: 'string', description: 'Primary (first) attack type.' }, count: { type: 'integer' }, killed: { type: 'integer' } }),
  Timeline: obj({
    bucket: { type: 'string', enum: ['week', 'month', 'year'] },
    rows: arr(ref('TimelineRow')),
    imprecise: { type: 'integer', description: 'Matching incidents dated more coarsely than the bucket (not in rows).' },
    undated: { type: 'integer' },
  }),
  MapCell: obj(
    {
      lat: { type: 'number', description: 'Mean latitude of the cell\'s incidents.' },
      lon: { type: 'number' },
      count: { type: 'integer' },
      killed: { type: 'integer' },
      bbox: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4, description: '[west, south, east, north] of the incidents.' },
      ids: { ...strings, description: 'Incident ids, for cells of at most 5 incidents.' },
    },
    ['lat', 'lon', 'count', 'killed', 'bbox'],
  ),
  MapPoints: obj({ cellDegrees: { type: 'number' }, cells: arr(ref('MapCell')), located: { type: 'integer' }, unlocated: { type: 'integer' } }),
  CountByKey: obj({ key: { type: 'string' }, label: { type: 'string' }, count: { type: 'integer' }, killed: { type: 'integer' } }),
  Overview: obj({
    stats: ref('Stats'),
    news: { type: 'integer' },
    background: { type: 'integer' },
    killed: { type: 'integer' },
    wounded: { type: 'integer' },
    firstDate: nullable('string'),
    lastDate: nullable('string'),
    latest: arr(ref('Incident')),
    groups: arr(ref('CountByKey')),
    countries: arr(ref('CountByKey')),
    attackTypes: arr(ref('CountByKey')),
  }),
  EntityDetail: {
    allOf: [
      ref('Entity'),
      obj({
        parentEntity: { oneOf: [ref('Entity'), { type: 'null' }] },
        branches: arr(ref('Entity')),
        cooccurring: arr(obj({ entity: ref('Entity'), articles: { type: 'integer' } })),
      }),
    ],
  },
  User: obj({
    id: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['viewer', 'analyst', 'admin'] },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
  }),
  Me: obj({
    user: { oneOf: [ref('User'), { type: 'null' }] },
    via: { type: ['string', 'null'], enum: ['session', 'token', null] },
    csrfToken: { type: ['string', 'null'], description: 'Send it as X-CSRF-Token with every write made with the session cookie.' },
    requireLogin: { type: 'boolean', description: 'Reading needs a login too (VIGIL_REQUIRE_LOGIN).' },
  }),
  Login: obj({ name: { type: 'string' }, password: { type: 'string', format: 'password' } }),
  Session: obj({ user: ref('User'), csrfToken: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } }),
  Token: obj({
    id: { type: 'string' },
    userId: { type: 'string' },
    userName: { type: 'string' },
    name: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    revokedAt: nullable('string', { format: 'date-time' }),
    expiresAt: nullable('string', { format: 'date-time', description: 'When it stops working (UTC); null: never. An expired token is refused with 401 `auth.token_expired`.' }),
  }),
  CreateToken: obj(
    {
      name: { type: 'string', minLength: 1, maxLength: 100 },
      user: { type: 'string', description: 'Admins: the owner (name or id).' },
      expiresInDays: { type: 'integer', minimum: 1, maximum: 3650, description: 'Lifetime in days; absent: the token never expires.' },
    },
    ['name'],
    { additionalProperties: false },
  ),
  NewToken: obj({ token: ref('Token'), secret: { type: 'string', description: 'The whole token (vigil_<id>_<secret>), shown only once: send it as "Authorization: Bearer …".' } }),
  IncidentCorrection: obj(
    {
      date: nullable('string', { pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$', description: 'YYYY, YYYY-MM or YYYY-MM-DD; the precision follows unless given.' }),
      datePrecision: { type: ['string', 'null'], enum: ['day', 'month', 'year', null] },
      placeName: nullable('string'),
      countryCode: nullable('string', { pattern: '^[A-Za-z]{2}$' }),
      lat: nullable('number', { minimum: -90, maximum: 90 }),
      lon: nullable('number', { minimum: -180, maximum: 180 }),
      attackTypes: arr({ type: 'string', enum: [...ATTACK_TYPES] }),
      weaponTypes: arr({ type: 'string', enum: [...WEAPON_TYPES] }),
      targetTypes: arr({ type: 'string', enum: [...TARGET_TYPES] }),
      groups: strings,
      killed: nullable('integer', { minimum: 0 }),
      wounded: nullable('integer', { minimum: 0 }),
      isBackground: { type: 'boolean' },
      reason: nullable('string', { description: 'Why; kept with the correction.' }),
    },
    [],
    { additionalProperties: false, minProperties: 1 },
  ),
  Correction: obj({
    id: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    by: { type: 'string', description: 'User name.' },
    targetKind: { type: 'string', enum: ['incident', 'entity'] },
    targetId: { type: 'string' },
    action: { type: 'string', enum: ['verify', 'correct', 'merge', 'split', 'merge_entity', 'unmerge_entity'] },
    field: nullable('string'),
    before: {},
    after: {},
    reason: nullable('string'),
  }),
  EntityMerge: obj({
    id: { type: 'integer' },
    fromId: { type: 'string' },
    intoId: { type: 'string' },
    fromCanonical: { type: 'string' },
    by: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    reason: nullable('string'),
    undoneBy: nullable('string'),
    undoneAt: nullable('string', { format: 'date-time' }),
    undoReason: nullable('string'),
  }),
  AddSource: obj(
    { url: { type: 'string', format: 'uri', description: 'http or https URL of a feed or page.' }, kind: { type: 'string', enum: ['feed', 'page', 'auto'] }, title: nullable('string') },
    ['url'],
  ),
};

const json = (schema: Schema, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = (...statuses: Array<400 | 401 | 403 | 404 | 409>) => {
  const out: Record<string, unknown> = { '500': json(ref('Error'), 'Internal error (`api.internal`).') };
  const text = {
    400: 'Invalid request (`api.invalid_request`).',
    401: 'Not logged in (`auth.required`), or a bad token (`auth.invalid_token`), an expired token (`auth.token_expired`) or a bad password (`auth.invalid_credentials`).',
    403: 'The role does not allow it (`auth.forbidden`), or a session write without its X-CSRF-Token (`auth.csrf`).',
    404: 'Not found (`api.not_found`).',
    409: 'Conflict.',
  };
  for (const s of statuses) out[String(s)] = json(ref('Error'), text[s]);
  return out;
};
const idParam = (what: string) => ({ name: 'id', in: 'path', required: true, description: `Id of the ${what}.`, schema: { type: 'string' } });
const get = (summary: string, tag: string, params: unknown[], ok: Record<string, unknown>, errs: Record<string, unknown>) => ({
  get: { summary, tags: [tag], operationId: undefined as string | undefined, parameters: params, responses: { '200': ok, ...errs } },
});

function paths(): Record<string, Record<string, Record<string, unknown>>> {
  const p: Record<string, Record<string, Record<string, unknown>>> = {
    '/api/health': get('Health and counts', 'meta', [], json(ref('Health'), 'Server is up.'), errors()),
    '/api/openapi.json': get('This document', 'meta', [], json({ type: 'object' }, 'OpenAPI 3.1 document.'), errors()),
    '/api/articles': get('List articles', 'articles', articleListDocs, json(ref('ArticlePage'), 'A page of articles, newest first.'), errors(400)),
    '/api/articles/{id}': get('An article with its annotations and incidents', 'articles', [idParam('article')], json(ref('ArticleDetail'), 'The article.'), errors(404)),
    '/api/incidents': get('List incidents', 'incidents', incidentFilterDocs, json(ref('IncidentPage'), 'A page of incidents.'), errors(400)),
    '/api/incidents.csv': get('Export incidents as CSV', 'incidents', incidentExportDocs, {
      description: 'RFC 4180 CSV with a header row, CRLF line ends, one row per incident; list cells joined with "; ".',
      content: { 'text/csv': { schema: { type: 'string' } } },
    }, errors(400)),
    '/api/incidents.geojson': get('Export incidents as GeoJSON', 'incidents', incidentExportDocs, {
      description: 'A FeatureCollection of the matching incidents that have coordinates.',
      content: { 'application/geo+json': { schema: ref('IncidentFeatureCollection') } },
    }, errors(400)),
    '/api/incidents/timeline': get('Incidents per week, month or year by primary attack type', 'incidents', timelineDocs, json(ref('Timeline'), 'Counts per bucket.'), errors(400)),
    '/api/incidents/map': get('Matching incidents grouped in a lat/lon grid', 'incidents', mapDocs, json(ref('MapPoints'), 'Cells, densest first.'), errors(400)),
    '/api/overview': get('Counts, latest news incidents, leading groups, countries and attack types', 'meta', [], json(ref('Overview'), 'The overview.'), errors()),
    '/api/incidents/{id}': get('An incident with its evidence spans, sources and casualty history', 'incidents', [idParam('incident')], json(ref('Incident'), 'The incident.'), errors(404)),
    '/api/incidents/{id}/history': get('Merges and splits of an incident, newest first', 'incidents', [idParam('incident')], json(obj({ items: arr(ref('IncidentAudit')) }), 'The audit entries.'), errors(404)),
    '/api/articles/{id}/related': get('Related articles: same story first, then shared actors and places', 'articles', [idParam('article')], json(obj({ items: arr(ref('RelatedArticle')) }), 'Related articles.'), errors(404)),
    '/api/entities': get('List entities', 'entities', entityListDocs, json(ref('EntityPage'), 'A page of entities.'), errors(400)),
    '/api/entities/{id}': get('An entity with its parent, branches and co-occurring actors', 'entities', [idParam('entity')], json(ref('EntityDetail'), 'The entity.'), errors(404)),
    '/api/entities/{id}/incidents': get('Incidents of an entity', 'entities', [idParam('entity'), ...entityIncidentsDocs], json({ allOf: [ref('IncidentPage'), obj({ role: { type: 'string', enum: ['perpetrator', 'mentioned'] } })] }, 'A page of incidents.'), errors(400, 404)),
    '/api/search': get('Full-text search over articles', 'articles', searchDocs, json(ref('SearchPage'), 'Hits with snippets.'), errors(400)),
    '/api/sources': {
      ...get('List sources with fetch state', 'sources', [], json(obj({ items: arr(ref('Source')) }), 'All sources.'), errors()),
      post: {
        summary: 'Add a source (idempotent on the URL)',
        tags: ['sources'],
        requestBody: { required: true, content: { 'application/json': { schema: ref('AddSource') } } },
        responses: {
          '201': json(obj({ source: ref('Source'), created: { type: 'boolean' } }), 'Created.'),
          '200': json(obj({ source: ref('Source'), created: { type: 'boolean' } }), 'Already present.'),
          '400': json(ref('Error'), 'Invalid body, `fetch.invalid_url` or `fetch.scheme_refused`.'),
          '401': json(ref('Error'), 'Not logged in (`auth.required`).'),
          '403': json(ref('Error'), 'Not an analyst (`auth.forbidden`).'),
          '500': json(ref('Error'), 'Internal error.'),
        },
      },
    },
    '/api/sources/{id}': {
      delete: {
        summary: 'Remove a source (its articles stay)',
        tags: ['sources'],
        parameters: [idParam('source')],
        responses: { '204': { description: 'Removed.' }, ...errors(401, 403, 404) },
      },
    },
    ...accountPaths(),
    '/api/sources/{id}/errors': get('Recent fetch errors of a source', 'sources', [idParam('source'), ...sourceErrorsDocs], json(obj({ items: arr(ref('SourceError')) }), 'Newest first.'), errors(400, 404)),
  };
  // Review adds methods to paths that exist (PATCH next to GET /api/incidents/{id}).
  for (const [route, ops] of Object.entries(reviewPaths())) p[route] = { ...(p[route] ?? {}), ...ops };
  // operationIds: method + path words, stable and unique.
  for (const [route, ops] of Object.entries(p)) {
    for (const [method, op] of Object.entries(ops)) {
      const words = route.replace(/^\/api\//, '').replace(/[{}]/g, '').split(/[/.]/).filter(Boolean);
      op['operationId'] = method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
    }
  }
  return p;
}

const body = (schema: Schema) => ({ required: true, content: { 'application/json': { schema } } });
const op = (summary: string, tag: string, extra: Record<string, unknown>, responses: Record<string, unknown>) => ({ summary, tags: [tag], ...extra, responses });
const write = { security: [{ session: [] }, { bearer: [] }] };

function accountPaths(): Record<string, Record<string, Record<string, unknown>>> {
  return {
    '/api/auth/login': {
      post: op('Log in: sets the HttpOnly session cookie and returns the CSRF token', 'accounts', { requestBody: body(ref('Login')) }, {
        '200': json(ref('Session'), 'Logged in.'),
        ...errors(400, 401),
        '429': json(ref('Error'), 'Too many failed logins (`auth.rate_limited`).'),
      }),
    },
    '/api/auth/logout': { post: op('Log out: ends the session and clears the cookie', 'accounts', {}, { '204': { description: 'Logged out.' }, ...errors(403) }) },
    '/api/auth/me': get('Who is asking, and the CSRF token of the session', 'accounts', [], json(ref('Me'), 'The user, or null.'), errors()),
    '/api/tokens': {
      get: op('API tokens of the user (admins: ?all=true for everyone\'s)', 'accounts', { ...write, parameters: [{ name: 'all', in: 'query', description: 'Admins: every user\'s tokens.', schema: { type: 'boolean' } }] }, {
        '200': json(obj({ items: arr(ref('Token')) }), 'Newest first.'),
        ...errors(401),
      }),
      post: op('Create an API token (admins may name another user)', 'accounts', { ...write, requestBody: body(ref('CreateToken')) }, {
        '201': json(ref('NewToken'), 'Created; the secret is shown only now.'),
        ...errors(400, 401, 403, 404),
      }),
    },
    '/api/tokens/{id}': {
      delete: op('Revoke an API token (one\'s own; admins: anyone\'s)', 'accounts', { ...write, parameters: [idParam('token')] }, { '204': { description: 'Revoked.' }, ...errors(401, 403, 404) }),
    },
    '/api/users': {
      get: op('List users (admin)', 'accounts', write, { '200': json(obj({ items: arr(ref('User')) }), 'All users.'), ...errors(401, 403) }),
      post: op('Create a user (admin)', 'accounts', { ...write, requestBody: body(obj({ name: { type: 'string' }, role: { type: 'string', enum: ['viewer', 'analyst', 'admin'] }, password: { type: 'string', format: 'password', minLength: 8 } })) }, {
        '201': json(ref('User'), 'Created.'),
        ...errors(400, 401, 403, 409),
      }),
    },
    '/api/users/{id}': {
      patch: op('Change a user\'s role, password or disabled flag (admin); a new password ends their sessions', 'accounts', {
        ...write,
        parameters: [idParam('user')],
        requestBody: body(obj({ role: { type: 'string', enum: ['viewer', 'analyst', 'admin'] }, disabled: { type: 'boolean' }, password: { type: 'string', format: 'password' } }, [])),
      }, { '200': json(ref('User'), 'The user.'), ...errors(400, 401, 403, 404), '409': json(ref('Error'), 'It would leave no active admin (`auth.last_admin`).') }),
    },
  };
}

function reviewPaths(): Record<string, Record<string, Record<string, unknown>>> {
  const reasonBody = body(obj({ reason: nullable('string') }, []));
  return {
    '/api/incidents/{id}/verify': {
      post: op('Verify an incident (analyst): status becomes verified; a corrected one stays corrected', 'review', { ...write, parameters: [idParam('incident')], requestBody: { ...reasonBody, required: false } }, {
        '200': json(ref('Incident'), 'The incident.'),
        ...errors(401, 403, 404),
      }),
    },
    '/api/incidents/{id}': {
      patch: op('Correct fields of an incident (analyst): status becomes corrected; re-extraction never overwrites them', 'review', { ...write, parameters: [idParam('incident')], requestBody: body(ref('IncidentCorrection')) }, {
        '200': json(ref('Incident'), 'The corrected incident.'),
        ...errors(400, 401, 403, 404),
      }),
    },
    '/api/incidents/merge': {
      post: op('Merge incidents into the first id (analyst)', 'review', { ...write, requestBody: body(obj({ ids: { ...strings, minItems: 2 } })) }, {
        '200': json(ref('Incident'), 'The merged incident.'),
        ...errors(400, 401, 403, 404),
      }),
    },
    '/api/incidents/{id}/split': {
      post: op('Move reports (sources[].reportId) out into a new incident (analyst)', 'review', { ...write, parameters: [idParam('incident')], requestBody: body(obj({ reportIds: { ...strings, minItems: 1 } })) }, {
        '200': json(ref('Incident'), 'The new incident.'),
        ...errors(400, 401, 403, 404),
      }),
    },
    '/api/incidents/{id}/corrections': get('Verifications, corrections, merges and splits of an incident, newest first', 'review', [idParam('incident')], json(obj({ items: arr(ref('Correction')) }), 'Who, when, before and after.'), errors(404)),
    '/api/entities/merge': {
      post: op('Merge entities into the first id (analyst); reversible, and re-ingesting never undoes it', 'review', { ...write, requestBody: body(obj({ ids: { ...strings, minItems: 2 }, reason: nullable('string') }, ['ids'])) }, {
        '200': json(ref('Entity'), 'The surviving entity.'),
        ...errors(400, 401, 403, 404),
      }),
    },
    '/api/entities/{id}/unmerge': {
      post: op('Undo the merge of this entity into another (analyst)', 'review', { ...write, parameters: [idParam('entity')], requestBody: { ...reasonBody, required: false } }, {
        '200': json(ref('Entity'), 'The restored entity.'),
        ...errors(401, 403, 404),
      }),
    },
    '/api/entities/{id}/merges': get('Merges from or into an entity: who, when, why, and undone or not', 'review', [idParam('entity')], json(obj({ items: arr(ref('EntityMerge')) }), 'Newest first.'), errors(404)),
  };
}

/** The OpenAPI document for this server's version. */
export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version,
      description: 'Political-violence incidents extracted from news, with an evidence span for every field. All span offsets are UTF-16 code units into the article text, end exclusive.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'incidents' }, { name: 'articles' }, { name: 'entities' }, { name: 'sources' }, { name: 'meta' }, { name: 'accounts' }, { name: 'review' },
    ],
    paths: paths(),
    components: {
      schemas,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'vigil_session', description: 'Web login (POST /api/auth/login); writes also need the X-CSRF-Token header.' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/tokens or `vigil token create`; one past its expiresAt is refused (401 `auth.token_expired`).' },
      },
    },
  };
}

export type { QueryParamDoc };
