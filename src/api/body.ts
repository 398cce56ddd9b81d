/**
 * Reads and validates a JSON request body with zod: a body that is not JSON or does not match
 * is a 400 `api.invalid_request` with one detail per issue (paths start with `body`).
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, invalidRequest } from './errors.js';

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S, example = '{…}'): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, 'api.invalid_request', `the body must be JSON: ${example}`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw invalidRequest('body', r.error);
  return r.data;
}
