/**
 * The FTS5 query sanitiser and snippet escaping: a table of inputs and the MATCH expression they
 * become, and a property test that no user text makes FTS5 throw.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ftsQuery, markedSnippetToHtml, SNIPPET_CLOSE, SNIPPET_OPEN } from '../../src/store/sqlite/search.js';

describe('ftsQuery', () => {
  const rows: Array<[string, string]> = [
    ['kabul', '"kabul"'],
    ['kabul bombing', '"kabul" "bombing"'],
    ['"suicide bomber" kabul', '"suicide bomber" "kabul"'],
    ['kab*', '"kab"*'],
    ['crocus OR peshawar', '"crocus" OR "peshawar"'],
    ['kabul NOT moscow', '"kabul" NOT "moscow"'],
    ['kabul AND moscow', '"kabul" "moscow"'],
    ['or and not', '"or" "and" "not"'],
    ['Isis-K', '"Isis-K"'],
    ['title:kabul', '"title:kabul"'],
    ['"unclosed phrase', '"unclosed phrase"'],
    ['ab"cd', '"ab" "cd"'],
    // nothing searchable
    ['"', ''],
    ['AND OR', ''],
    ['*', ''],
    ['(', ''],
    ['OR', ''],
    ['NOT kabul OR', '"kabul"'],
    ['   ', ''],
  ];
  it.each(rows)('%j -> %j', (input, expected) => {
    expect(ftsQuery(input)).toBe(expected);
  });

  it('never produces an FTS5 syntax error', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE f USING fts5 (title, text, tokenize = 'unicode61 remove_diacritics 2')");
    db.prepare('INSERT INTO f VALUES (?, ?)').run('Kabul blast', 'A suicide bomber struck in Kabul; ISKP claimed it.');
    const stmt = db.prepare('SELECT count(*) AS n FROM f WHERE f MATCH ?');
    const hostile = fc.constantFrom('"', '*', '(', ')', ':', '^', '-', '+', 'AND', 'OR', 'NOT', 'NEAR', '{', '}', ',', ' ', 'kabul', 'title', '\u0000', 'é', '①');
    const input = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.array(hostile, { maxLength: 12 }).map((xs) => xs.join('')), fc.array(hostile, { maxLength: 8 }).map((xs) => xs.join(' ')));
    fc.assert(
      fc.property(input, (q) => {
        const m = ftsQuery(q);
        if (m) stmt.get(m);
      }),
      { numRuns: 2000 },
    );
    db.close();
  });
});

describe('markedSnippetToHtml', () => {
  it('escapes everything but the match markers', () => {
    const s = `x <script>alert("1")</script> & ${SNIPPET_OPEN}bomb${SNIPPET_CLOSE} 'y'`;
    expect(markedSnippetToHtml(s)).toBe('x &lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; <mark>bomb</mark> &#39;y&#39;');
  });
});
