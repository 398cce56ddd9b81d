/** Tests of the JSON reader: object, array, JSON Lines with bad lines. */

import { describe, expect, it } from 'vitest';
import { readJson } from '../../../src/ingest/readers/json.js';
import { VigilError } from '../../../src/errors.js';
import { fixtureText } from './helpers.js';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof VigilError ? e.code : 'not a VigilError';
  }
}

describe('readJson', () => {
  it('reads JSON Lines, reporting bad lines and going on', () => {
    const r = readJson(fixtureText('articles.jsonl'));
    expect(r.kind).toBe('list');
    expect(r.articles.map((a) => [a.id, a.text])).toEqual([
      ['a1', 'Gunmen attacked a checkpoint in Kandahar.'],
      ['a2', 'A roadside bomb struck a patrol.'],
      ['5', 'Numeric id, content synonym.'],
    ]);
    expect(r.articles[0]).toMatchObject({ title: 'Checkpoint attack', published: '2024-03-22', url: 'https://x.example/a1' });
    expect(r.articles[1]?.published).toBe('2024-03-23T08:00:00Z');
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toMatchObject({ index: 2, id: 'a3', code: 'input.bad_json' });
    expect(r.errors[0]?.message).toMatch(/^line 4: /);
    expect(r.errors[1]).toMatchObject({ index: 3, id: 'a4', code: 'input.missing_field' });
  });

  it.each<[string, string, { kind: string; texts: string[]; errors: string[] }]>([
    ['object', '{"id":"x","text":"T","lang":"en","related":[{"title":"R","url":null},"S"]}', { kind: 'article', texts: ['T'], errors: [] }],
    ['array', '[{"id":"1","text":"A"},{"id":"2"},3,{"id":"4","body":"B"}]', { kind: 'list', texts: ['A', 'B'], errors: ['input.missing_field', 'input.bad_json'] }],
    ['empty text is allowed', '{"id":"x","text":""}', { kind: 'article', texts: [''], errors: [] }],
    ['CRLF JSONL', '{"id":"1","text":"A"}\r\n{"id":"2","text":"B"}\r\n', { kind: 'list', texts: ['A', 'B'], errors: [] }],
  ])('%s', (_name, input, expected) => {
    const r = readJson(input);
    expect(r.kind).toBe(expected.kind);
    expect(r.articles.map((a) => a.text)).toEqual(expected.texts);
    expect(r.errors.map((e) => e.code)).toEqual(expected.errors);
  });

  it('keeps the text verbatim', () => {
    const text = '  Line one\r\n\r\nLine  two  ';
    expect(readJson(JSON.stringify({ id: 'v', text })).articles[0]?.text).toBe(text);
  });

  it.each([
    ['single bad document', '{"id": "x", "text": ', 'input.bad_json'],
    ['single object without text', '{"id": "x", "title": "T"}', 'input.missing_field'],
    ['empty', '   ', 'input.empty'],
  ])('throws on %s', (_name, input, code) => {
    expect(codeOf(() => readJson(input))).toBe(code);
  });
});
