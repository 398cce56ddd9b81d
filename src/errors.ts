/**
 * Stable error codes. Every external failure (a bad file, a dead URL, an invalid API call) is
 * reported as a `VigilError` with one of these codes; codes are stored on sources and ingest log
 * rows, drive back-off, and appear verbatim in CLI, API and web. Never rename a code.
 */

export const ERROR_CODES = {
  // reading documents
  'input.unreadable': 'the file or stream could not be read',
  'input.empty': 'the document is empty',
  'input.too_large': 'the document exceeds the size cap',
  'input.unsupported': 'the document format is not one Vigil reads',
  'input.bad_json': 'a JSON or JSON Lines record could not be parsed',
  'input.missing_field': 'a required field is missing',
  'decode.failed': 'the bytes could not be decoded in any known charset',
  'feed.malformed': 'the feed XML or JSON is malformed',
  'html.unreadable': 'no article text could be found in the HTML page',
  // fetching
  'fetch.invalid_url': 'the URL is not a valid http or https URL',
  'fetch.scheme_refused': 'only http and https URLs are fetched',
  'fetch.address_refused': 'the host resolves to a private or loopback address',
  'fetch.dns_failed': 'the host name could not be resolved',
  'fetch.connection_failed': 'the connection was refused or reset',
  'fetch.timeout': 'the server did not answer in time',
  'fetch.too_large': 'the response body exceeds the size cap',
  'fetch.too_many_redirects': 'the redirect limit was exceeded',
  'fetch.robots_disallowed': "robots.txt disallows fetching this URL",
  'fetch.http_4xx': 'the server answered with a client error',
  'fetch.http_5xx': 'the server answered with a server error',
  'fetch.not_found': 'the server answered 404 or 410',
  'fetch.rate_limited': 'the server answered 429',
  'fetch.tls_failed': 'the TLS handshake failed',
  // store and API
  'store.conflict': 'the record already exists',
  'store.not_found': 'no such record',
  'store.unsupported_backend': 'this database backend is not available',
  'api.invalid_request': 'the request parameters are invalid',
  'api.not_found': 'no such resource',
  'api.internal': 'an internal error occurred',
  'extract.failed': 'extraction failed on this article',
  'config.invalid': 'an environment variable holds a value Vigil cannot read',
  // accounts and review (src/auth)
  'auth.required': 'log in (a session or an API token) to do this',
  'auth.forbidden': 'your role does not allow this',
  'auth.invalid_credentials': 'wrong user name or password',
  'auth.invalid_token': 'the API token is unknown, malformed or revoked',
  'auth.token_expired': 'the API token has expired; create a new one',
  'auth.csrf': 'a write with a session cookie needs the X-CSRF-Token header of that session',
  'auth.weak_password': 'the password is too short or too long',
  'auth.rate_limited': 'too many failed logins; wait and try again',
  'auth.last_admin': 'this would leave no active admin; make another user admin first',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error with a stable code, safe to show to users and store. */
export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERROR_CODES[code]);
    this.name = 'VigilError';
    this.code = code;
    this.details = details;
  }
}

/** Turns anything thrown into `{code, message}`; unknown errors keep their message. */
export function toErrorInfo(err: unknown, fallback: ErrorCode = 'input.unreadable'): { code: ErrorCode; message: string } {
  if (err instanceof VigilError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: fallback, message };
}
