/**
 * API error responses. Every failure leaves the API as
 * `{"error": {"code", "message", "details"?}}` with a stable code from `src/errors.ts`;
 * `toErrorResponse` maps anything thrown to that shape and never leaks a stack trace.
 */
import type { ZodError } from 'zod';
import { ERROR_CODES, VigilError, type ErrorCode } from '../errors.js';

/** One validation problem: where (`query.limit`, `body.url`) and what. */
export interface ErrorDetail {
  path: string;
  message: string;
  code?: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}

/** An error that knows its HTTP status. */
export class ApiError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 429 | 500;
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  constructor(status: ApiError['status'], code: ErrorCode, message?: string, details?: ErrorDetail[]) {
    super(message ?? ERROR_CODES[code]);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Turns a zod failure on `where` (query, body, path) into a 400 with one detail per issue. */
export function invalidRequest(where: string, err: ZodError): ApiError {
  const details = err.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
    code: i.code,
  }));
  const first = details[0];
  const message = first ? `invalid ${first.path}: ${first.message}` : ERROR_CODES['api.invalid_request'];
  return new ApiError(400, 'api.invalid_request', message, details);
}

export const notFound = (what: string): ApiError => new ApiError(404, 'api.not_found', `${what} not found`);

const STATUS_OF_CODE: Partial<Record<ErrorCode, ApiError['status']>> = {
  'api.invalid_request': 400,
  'fetch.invalid_url': 400,
  'fetch.scheme_refused': 400,
  'api.not_found': 404,
  'store.not_found': 404,
  'store.conflict': 409,
  'auth.required': 401,
  'auth.invalid_credentials': 401,
  'auth.invalid_token': 401,
  'auth.token_expired': 401,
  'auth.forbidden': 403,
  'auth.csrf': 403,
  'auth.weak_password': 400,
  'auth.rate_limited': 429,
  'auth.last_admin': 409,
};

/** Status and body for anything thrown; unknown errors become a generic 500 `api.internal`. */
export function toErrorResponse(err: unknown): { status: ApiError['status']; body: ErrorBody; internal: boolean } {
  if (err instanceof ApiError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details) body.error.details = err.details;
    return { status: err.status, body, internal: false };
  }
  if (err instanceof VigilError) {
    const status = STATUS_OF_CODE[err.code];
    if (status !== undefined) return { status, body: { error: { code: err.code, message: err.message } }, internal: false };
  }
  return { status: 500, body: { error: { code: 'api.internal', message: ERROR_CODES['api.internal'] } }, internal: true };
}
