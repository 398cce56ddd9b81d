/**
 * Query parameters of every list route, defined once: the zod schema that validates a request
 * and the OpenAPI description of the same parameter sit side by side, and the type checker
 * makes sure each schema key has its documentation (`satisfies ParamDocs<…>`).
 */
import { z } from 'zod';
import type { IncidentQuery } from '../store/store.js';

/** An OpenAPI 3.1 parameter object for a query parameter. */
export interface QueryParamDoc {
  name: string;
  in: 'query';
  required?: boolean;
  description: string;
  schema: Record<string, unknown>;
  example?: unknown;
}

type ParamDocs<T> = { [K in keyof T]-?: Omit<QueryParamDoc, 'name' | 'in'> };

const toDocs = <T>(docs: ParamDocs<T>, required: string[] = []): QueryParamDoc[] =>
  Object.entries(docs as Record<string, Omit<QueryParamDoc, 'name' | 'in'>>).map(([name, d]) => ({
    name,
    in: 'query' as const,
    ...(required.includes(name) ? { required: true } : {}),
    ...d,
  }));

const isCalendarDate = (s: string): boolean => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** `YYYY-MM-DD`, a real calendar day. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date');

const uint = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a non-negative integer')
    .transform(Number)
    .pipe(z.number().int().min(0).max(max));

export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 50;

const limit = uint(MAX_PAGE).refine((n) => n >= 1, `must be between 1 and ${MAX_PAGE}`);
const offset = uint(10_000_000);
const text = (max = 200) => z.string().trim().min(1, 'must not be empty').max(max);

const bbox = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((p) => p.trim());
    const nums = parts.map(Number);
    if (parts.length !== 4 || parts.some((p) => p === '') || nums.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: 'expected four numbers: west,south,east,north' });
      return z.NEVER;
    }
    const [w, s2, e, n] = nums as [number, number, number, number];
    if (w < -180 || e > 180 || w > 180 || e < -180) ctx.addIssue({ code: 'custom', message: 'longitudes must be within [-180, 180]' });
    if (s2 < -90 || n > 90 || s2 > 90 || n < -90) ctx.addIssue({ code: 'custom', message: 'latitudes must be within [-90, 90]' });
    if (s2 > n) ctx.addIssue({ code: 'custom', message: 'south must not be greater than north' });
    return [w, s2, e, n] as [number, number, number, number];
  });

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

// ---------------------------------------------------------------------------------------------

const pageShape = { limit: limit.optional(), offset: offset.optional() };
const pageDocs = {
  limit: { description: `Page size, 1-${MAX_PAGE} (default ${DEFAULT_PAGE}).`, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE } },
  offset: { description: 'Number of items to skip (default 0).', schema: { type: 'integer', minimum: 0, default: 0 } },
};

const incidentFilterShape = {
  since: isoDate.optional(),
  until: isoDate.optional(),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code')
    .transform((s) => s.toUpperCase())
    .optional(),
  group: text().optional(),
  attack_type: text(100).optional(),
  min_killed: uint(1_000_000).optional(),
  bbox: bbox.optional(),
  background: bool.optional(),
  q: text().optional(),
  entity: text().optional(),
  mentioning: text().optional(),
  sort: z.enum(['date', '-date', 'killed', '-killed']).optional(),
};
const sinceBeforeUntil = (v: { since?: string | undefined; until?: string | undefined }): boolean => !(v.since && v.until && v.since > v.until);
const sinceBeforeUntilError = { message: 'since must not be after until', path: ['since'] };

/** Filters and one page of `/api/incidents`. */
export const incidentFilterSchema = z.strictObject({ ...incidentFilterShape, ...pageShape }).refine(sinceBeforeUntil, sinceBeforeUntilError);

/** Filters of the exports; `limit` there caps the export (default: everything). */
export const incidentExportSchema = z
  .strictObject({ ...incidentFilterShape, limit: uint(100_000_000).optional(), offset: offset.optional() })
  .refine(sinceBeforeUntil, sinceBeforeUntilError);

export type IncidentFilterInput = z.input<typeof incidentFilterSchema>;

export const incidentFilterDocs = toDocs<IncidentFilterInput>({
  since: { description: 'Earliest incident date, inclusive (YYYY-MM-DD).', schema: { type: 'string', format: 'date' }, example: '2024-01-01' },
  until: { description: 'Latest incident date, inclusive (YYYY-MM-DD).', schema: { type: 'string', format: 'date' } },
  country: { description: 'ISO 3166-1 alpha-2 country code of the incident place.', schema: { type: 'string', pattern: '^[A-Za-z]{2}$' }, example: 'RU' },
  group: { description: "Perpetrator group: canonical name or alias, case-insensitive.", schema: { type: 'string' }, example: 'ISKP' },
  attack_type: { description: 'GTD attack type, e.g. "Bombing/Explosion".', schema: { type: 'string' }, example: 'Armed Assault' },
  min_killed: { description: 'Only incidents with at least this many killed.', schema: { type: 'integer', minimum: 0 } },
  bbox: { description: 'Bounding box west,south,east,north in WGS84 degrees.', schema: { type: 'string', pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$' }, example: '20,10,80,60' },
  background: { description: 'Include incidents the article mentions as history (default true); false keeps news only.', schema: { type: 'boolean', default: true } },
  q: { description: 'Free text matched against place, groups and article title.', schema: { type: 'string' } },
  entity: { description: 'Perpetrated by this entity (a group id) or one of its branches.', schema: { type: 'string' }, example: 'armed_group:islamic-state' },
  mentioning: { description: 'Reported in an article that mentions this entity (a person, an organisation…).', schema: { type: 'string' } },
  sort: { description: 'Sort order (default -date, newest first).', schema: { type: 'string', enum: ['date', '-date', 'killed', '-killed'], default: '-date' } },
  ...pageDocs,
});

const { sort: _sort, ...aggregateFilterShape } = incidentFilterShape;
const aggregateFilterDocs = incidentFilterDocs.filter((d) => !['sort', 'limit', 'offset'].includes(d.name));

/** `/api/incidents/timeline`: the incident filters and the bucket size. */
export const timelineSchema = z
  .strictObject({ ...aggregateFilterShape, bucket: z.enum(['week', 'month', 'year']).optional() })
  .refine(sinceBeforeUntil, sinceBeforeUntilError);
export const timelineDocs: QueryParamDoc[] = [
  ...aggregateFilterDocs,
  { name: 'bucket', in: 'query', description: 'Time bucket: week (starting Monday), month or year (default week).', schema: { type: 'string', enum: ['week', 'month', 'year'], default: 'week' } },
];

const degrees = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'expected a positive number of degrees')
  .transform(Number)
  .pipe(z.number().min(0.01).max(90));

/** `/api/incidents/map`: the incident filters and the grid: `cell` degrees, or a map `zoom` (cell = 90 / 2^zoom). */
export const mapSchema = z
  .strictObject({ ...aggregateFilterShape, cell: degrees.optional(), zoom: uint(20).optional() })
  .refine(sinceBeforeUntil, sinceBeforeUntilError);
export const mapDocs: QueryParamDoc[] = [
  ...aggregateFilterDocs,
  { name: 'cell', in: 'query', description: 'Grid cell size in degrees, 0.01-90 (default 1, or from zoom).', schema: { type: 'number', minimum: 0.01, maximum: 90 } },
  { name: 'zoom', in: 'query', description: 'Web-map zoom level 0-20; the cell is 90 / 2^zoom degrees (about 64 pixels).', schema: { type: 'integer', minimum: 0, maximum: 20 } },
];

/** The grid cell in degrees for validated map parameters. */
export function mapCellDegrees(v: { cell?: number | undefined; zoom?: number | undefined }): number {
  if (v.cell !== undefined) return v.cell;
  if (v.zoom !== undefined) return Math.max(0.01, 90 / 2 ** v.zoom);
  return 1;
}

/** `/api/entities/{id}/incidents`: the incident filters, paging and the entity's role. */
const { entity: _entity, mentioning: _mentioning, ...entityIncidentsShape } = incidentFilterShape;
export const entityIncidentsSchema = z
  .strictObject({ ...entityIncidentsShape, ...pageShape, role: z.enum(['perpetrator', 'mentioned']).optional() })
  .refine(sinceBeforeUntil, sinceBeforeUntilError);
export const entityIncidentsDocs: QueryParamDoc[] = [
  ...incidentFilterDocs.filter((d) => d.name !== 'entity' && d.name !== 'mentioning'),
  {
    name: 'role',
    in: 'query',
    description: "perpetrator: incidents of the group and its branches; mentioned: incidents reported in articles naming the entity. Default: perpetrator for armed groups, mentioned otherwise.",
    schema: { type: 'string', enum: ['perpetrator', 'mentioned'] },
  },
];

export const incidentExportDocs = incidentFilterDocs.map((d) =>
  d.name === 'limit' ? { ...d, description: 'Export at most this many incidents (default: all).', schema: { type: 'integer', minimum: 0 } } : d,
);

/** The store query for validated incident filters (paging left to the caller). */
export function toIncidentQuery(v: Omit<z.output<typeof incidentExportSchema>, 'sort'> & { sort?: IncidentQuery['sort'] }): IncidentQuery {
  const q: IncidentQuery = { includeBackground: v.background ?? true, sort: v.sort ?? '-date' };
  if (v.since !== undefined) q.since = v.since;
  if (v.until !== undefined) q.until = v.until;
  if (v.country !== undefined) q.country = v.country;
  if (v.group !== undefined) q.group = v.group;
  if (v.attack_type !== undefined) q.attackType = v.attack_type;
  if (v.min_killed !== undefined) q.minKilled = v.min_killed;
  if (v.bbox !== undefined) q.bbox = v.bbox;
  if (v.q !== undefined) q.q = v.q;
  if (v.entity !== undefined) q.entity = v.entity;
  if (v.mentioning !== undefined) q.mentioning = v.mentioning;
  return q;
}

export const articleListSchema = z.strictObject({
  since: isoDate.optional(),
  until: isoDate.optional(),
  sourceId: text().optional(),
  ...pageShape,
});
export const articleListDocs = toDocs<z.input<typeof articleListSchema>>({
  since: { description: 'Earliest published date, inclusive (YYYY-MM-DD).', schema: { type: 'string', format: 'date' } },
  until: { description: 'Latest published date, inclusive (YYYY-MM-DD).', schema: { type: 'string', format: 'date' } },
  sourceId: { description: 'Only articles fetched from this source.', schema: { type: 'string' } },
  ...pageDocs,
});

export const entityListSchema = z.strictObject({
  type: z.enum(['PER', 'ORG', 'LOC', 'MISC']).optional(),
  kind: text(60).optional(),
  q: text().optional(),
  ...pageShape,
});
export const entityListDocs = toDocs<z.input<typeof entityListSchema>>({
  type: { description: 'Entity type (CoNLL).', schema: { type: 'string', enum: ['PER', 'ORG', 'LOC', 'MISC'] } },
  kind: { description: 'Finer kind: person, armed_group, government_body, media, country, city, …', schema: { type: 'string' }, example: 'armed_group' },
  q: { description: 'Matches the canonical name or an alias.', schema: { type: 'string' } },
  ...pageDocs,
});

export const searchSchema = z.strictObject({ q: text(500), ...pageShape });
export const searchDocs = toDocs<z.input<typeof searchSchema>>(
  {
    q: { description: 'Full-text query over article titles and bodies.', schema: { type: 'string', minLength: 1 }, example: 'Kabul airport' },
    ...pageDocs,
  },
  ['q'],
);

export const sourceErrorsSchema = z.strictObject({ limit: limit.optional() });
export const sourceErrorsDocs = toDocs<z.input<typeof sourceErrorsSchema>>({
  limit: { description: 'Most recent errors to return, 1-500 (default 50).', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE } },
});

export const addSourceSchema = z.strictObject({
  url: z.string().trim().min(1, 'must not be empty').max(2048),
  kind: z.enum(['feed', 'page', 'auto']).optional(),
  title: z.string().trim().max(300).nullable().optional(),
});
