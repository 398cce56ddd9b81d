/**
 * The review routes: analysts verify and correct incidents, merge and split them, merge and
 * unmerge entities; anyone who may read sees the corrections and merges. Every write needs the
 * analyst role (`src/auth/middleware.ts`) and records who made it. Corrections are validated
 * with zod against the GTD lists (`src/taxonomy.ts`).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { requireRoleOf, type AuthEnv } from '../auth/middleware.js';
import type { IncidentCorrection } from '../model.js';
import type { Store } from '../store/store.js';
import { ATTACK_TYPES, TARGET_TYPES, WEAPON_TYPES } from '../taxonomy.js';
import { jsonBody } from './body.js';
import { notFound } from './errors.js';

const isCalendar = (s: string): boolean => {
  const full = s.length === 4 ? `${s}-01-01` : s.length === 7 ? `${s}-01` : s;
  const d = new Date(`${full}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === full;
};

const reason = z.string().trim().max(1000).nullable().optional();
const typeList = <T extends readonly [string, ...string[]]>(list: T) => z.array(z.enum(list)).max(10).refine((a) => new Set(a).size === a.length, 'listed twice');

/** `PATCH /api/incidents/:id`: the fields of `IncidentRecord` an analyst may set; null means unknown. */
export const incidentPatchSchema = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/u, 'expected YYYY, YYYY-MM or YYYY-MM-DD')
      .refine(isCalendar, 'not a calendar date')
      .nullable()
      .optional(),
    datePrecision: z.enum(['day', 'month', 'year']).nullable().optional(),
    placeName: z.string().trim().min(1).max(200).nullable().optional(),
    countryCode: z.string().regex(/^[A-Za-z]{2}$/u, 'expected an ISO 3166-1 alpha-2 code').nullable().optional(),
    lat: z.number().min(-90).max(90).nullable().optional(),
    lon: z.number().min(-180).max(180).nullable().optional(),
    attackTypes: typeList(ATTACK_TYPES).optional(),
    weaponTypes: typeList(WEAPON_TYPES).optional(),
    targetTypes: typeList(TARGET_TYPES).optional(),
    groups: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
    killed: z.number().int().min(0).max(1_000_000).nullable().optional(),
    wounded: z.number().int().min(0).max(1_000_000).nullable().optional(),
    isBackground: z.boolean().optional(),
    reason,
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'reason'), 'nothing to correct')
  .refine((b) => (b.lat === undefined) === (b.lon === undefined), { message: 'lat and lon go together', path: ['lat'] })
  .refine((b) => !(b.date === null && b.datePrecision), { message: 'an unknown date has no precision', path: ['datePrecision'] });

export const verifySchema = z.object({ reason }).strict();
export const idsSchema = z.object({ ids: z.array(z.string().min(1).max(200)).min(2).max(50), reason }).strict();
export const incidentIdsSchema = z.object({ ids: z.array(z.string().min(1).max(200)).min(2).max(50) }).strict();
export const splitSchema = z.object({ reportIds: z.array(z.string().min(1).max(200)).min(1).max(500) }).strict();
export const unmergeSchema = z.object({ reason }).strict();

/** An empty body reads as `{}` for routes whose body is optional. */
async function optionalBody<S extends z.ZodType>(c: Parameters<typeof jsonBody>[0], schema: S): Promise<z.output<S>> {
  const text = await c.req.raw.clone().text();
  if (!text.trim()) return schema.parse({});
  return jsonBody(c, schema);
}

export function registerReviewRoutes(app: Hono<AuthEnv>, store: Store): void {
  app.post('/api/incidents/merge', async (c) => {
    const user = requireRoleOf(c, 'analyst');
    const b = await jsonBody(c, incidentIdsSchema, '{"ids": ["i_…", "i_…"]}');
    return c.json(await store.mergeIncidents(b.ids, user.name));
  });

  app.post('/api/incidents/:id/verify', async (c) => {
    const user = requireRoleOf(c, 'analyst');
    const b = await optionalBody(c, verifySchema);
    return c.json(await store.verifyIncident(c.req.param('id'), user.name, b.reason ?? null));
  });

  app.patch('/api/incidents/:id', async (c) => {
    const user = requireRoleOf(c, 'analyst');
    const { reason: why, ...fields } = await jsonBody(c, incidentPatchSchema, '{"killed": 12}');
    const clean: IncidentCorrection = {};
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) (clean as Record<string, unknown>)[k] = v;
    return c.json(await store.correctIncident(c.req.param('id'), clean, user.name, why ?? null));
  });

  app.post('/api/incidents/:id/split', async (c) => {
    const user = requireRoleOf(c, 'analyst');
    const b = await jsonBody(c, splitSchema, '{"reportIds": ["i_…"]}');
    return c.json(await store.splitIncident(c.req.param('id'), b.reportIds, user.name));
  });

  app.get('/api/incidents/:id/corrections', async (c) => {
    const id = c.req.param('id');
    const items = await store.incidentCorrections(id);
    if (items.length === 0 && !(await store.getIncident(id))) throw notFound(`incident ${id}`);
    return c.json({ items });
  });

  app.post('/api/entities/merge', async (c) => {
    const user = requireRoleOf(c, 'analyst');
    const b = await jsonBody(c, idsSchema, '{"ids": ["armed_group:…", "armed_group:…"], "reason": "…"}');
    return c.json(await store.mergeEntities(b.ids, user.name, b.reason ?? null));
  });

  app.post('/api/entities/:id/unmerge', async (c) => {
    const user = requireRoleOf(c, 'analyst');
    const b = await optionalBody(c, unmergeSchema);
    return c.json(await store.unmergeEntity(c.req.param('id'), user.name, b.reason ?? null));
  });

  app.get('/api/entities/:id/merges', async (c) => {
    const id = c.req.param('id');
    const items = await store.entityMerges(id);
    if (items.length === 0 && !(await store.getEntity(id))) throw notFound(`entity ${id}`);
    return c.json({ items });
  });
}
