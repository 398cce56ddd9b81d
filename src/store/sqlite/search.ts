/**
 * Full-text search helpers for the SQLite store: `ftsQuery()` turns any user text into an FTS5
 * MATCH expression that cannot be a syntax error, and `markedSnippetToHtml()` turns an FTS5
 * `snippet()` with control-character markers into HTML where only the markers become `<mark>`.
 */

/** Markers passed to `snippet()`; control characters that never survive into HTML. */
export const SNIPPET_OPEN = '\u0001';
export const SNIPPET_CLOSE = '\u0002';

const HAS_WORD = /[\p{L}\p{N}]/u;

function cleanTerm(s: string): string {
  // Inside an FTS5 string only `"` is special; control characters are dropped for good measure.
  return s.replace(/["\u0000-\u001f\u007f]+/gu, ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * Builds a safe FTS5 query from user text. Every term and `"quoted phrase"` becomes a quoted
 * FTS5 string (implicit AND between them); a trailing `*` keeps prefix search (`kab*`); a bare
 * upper-case `OR` or `NOT` between two terms stays an operator and a bare `AND` is dropped (AND
 * is implicit). Everything else (`NEAR`, `(`, `^`, `:`, `-`, column filters) is plain text.
 * Returns '' when nothing searchable is left.
 */
export function ftsQuery(raw: string): string {
  const parts: string[] = [];
  const isOp = (p: string | undefined) => p === 'OR' || p === 'NOT';
  for (const m of raw.matchAll(/"([^"]*)"?|([^\s"]+)/gu)) {
    if (m[1] !== undefined) {
      const phrase = cleanTerm(m[1]);
      if (HAS_WORD.test(phrase)) parts.push(`"${phrase}"`);
      continue;
    }
    const tok = m[2] ?? '';
    if (tok === 'AND') continue;
    if (tok === 'OR' || tok === 'NOT') {
      if (parts.length > 0 && !isOp(parts[parts.length - 1])) parts.push(tok);
      continue;
    }
    const prefix = /[\p{L}\p{N}_]\*+$/u.test(tok);
    const term = cleanTerm(tok.replace(/\*+$/u, ''));
    if (!HAS_WORD.test(term)) continue;
    parts.push(prefix ? `"${term}"*` : `"${term}"`);
  }
  while (isOp(parts[parts.length - 1])) parts.pop();
  return parts.join(' ');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** HTML-escapes a snippet, then turns the markers into `<mark>` / `</mark>`. */
export function markedSnippetToHtml(snippet: string): string {
  return escapeHtml(snippet).replaceAll(SNIPPET_OPEN, '<mark>').replaceAll(SNIPPET_CLOSE, '</mark>');
}
