/** Tests of `readDocument` and `sniffFormat`: dispatch by content-type, extension and content; errors. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDocument, sniffFormat, type DocumentFormat } from '../../../src/ingest/read.js';
import { VigilError } from '../../../src/errors.js';
import { fixture } from './helpers.js';

describe('sniffFormat', () => {
  it.each<[string, { text: string; path?: string; url?: string; contentType?: string }, DocumentFormat]>([
    ['rss root beats text/html', { text: '<?xml version="1.0"?>\n<rss version="2.0">', contentType: 'text/html' }, 'feed'],
    ['atom root', { text: '<!-- c --><feed xmlns="http://www.w3.org/2005/Atom">' }, 'feed'],
    ['rdf root', { text: '<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">' }, 'feed'],
    ['JSON Feed in a .json file', { text: '{"version": "https://jsonfeed.org/version/1.1", "items": []}', path: 'a.json' }, 'feed'],
    ['content-type html', { text: 'hello', contentType: 'text/html; charset=utf-8' }, 'html'],
    ['content-type ndjson', { text: 'x', contentType: 'application/x-ndjson' }, 'json'],
    ['content-type rss', { text: 'x', contentType: 'application/rss+xml' }, 'feed'],
    ['.txt', { text: '<b>not html</b>', path: '/tmp/a.txt' }, 'text'],
    ['.htm', { text: 'x', path: 'page.HTM' }, 'html'],
    ['.jsonl', { text: 'x', path: 'a.jsonl' }, 'json'],
    ['.ndjson', { text: 'x', path: 'a.ndjson' }, 'json'],
    ['.rss', { text: 'x', path: 'a.rss' }, 'feed'],
    ['.atom', { text: 'x', path: 'a.atom' }, 'feed'],
    ['.xml holding html', { text: '<html><body>x</body></html>', path: 'a.xml' }, 'html'],
    ['url extension', { text: 'x', url: 'https://x.example/feed.xml?x=1' }, 'feed'],
    ['doctype', { text: '\n<!DOCTYPE html><html>' }, 'html'],
    ['html root', { text: '<html lang="en">' }, 'html'],
    ['fragment', { text: '<p>Hello</p>' }, 'html'],
    ['object', { text: '{"id":1}' }, 'json'],
    ['array', { text: '  [1]' }, 'json'],
    ['plain text', { text: 'Hello world' }, 'text'],
    ['text/plain with html content', { text: '<!doctype html><p>x', contentType: 'text/plain' }, 'html'],
  ])('%s', (_name, input, expected) => {
    expect(sniffFormat(input)).toBe(expected);
  });
});

describe('readDocument', () => {
  it.each<[string, string, string | null, string, string]>([
    ['cp1252.txt', 'cp1252.txt', null, 'article', 'café’s owner'],
    ['latin1.html', 'latin1.html', null, 'article', 'pingüino «El Norte»'],
    ['utf16le-bom.txt', 'utf16le-bom.txt', null, 'article', 'Gunmen attacked a café in Bamako.'],
    ['rss2.xml', 'rss2.xml', null, 'feed', 'Explosion hits Kabul ministry'],
    ['atom.xml served as text/xml', 'atom.xml', 'text/xml', 'feed', 'Militants ambush convoy near Kidal'],
    ['rdf.xml', 'rdf.xml', null, 'feed', 'Pipeline sabotaged in Arauca'],
    ['feed.json', 'feed.json', 'application/json', 'feed', 'Grenade attack on bus station'],
    ['articles.jsonl', 'articles.jsonl', null, 'list', 'Gunmen attacked a checkpoint in Kandahar.'],
    ['html-jsonld.html', 'html-jsonld.html', null, 'article', 'Car bomb kills five in Mogadishu market'],
    ['dateline-fbis.txt', 'dateline-fbis.txt', null, 'article', 'DYNAMITED AN ELECTRICITY PYLON'],
  ])('%s', (_name, file, contentType, kind, contains) => {
    const r = readDocument({ bytes: fixture(file), path: `fixtures/${file}`, contentType });
    expect(r.kind).toBe(kind);
    const all = r.articles.map((a) => `${a.title ?? ''}\n${a.text}`).join('\n');
    expect(all).toContain(contains);
  });

  it('accepts a string', () => {
    const r = readDocument({ bytes: '\ufeffTitle line\r\n\r\nBody text here.', path: 'x.txt' });
    expect(r.articles[0]).toMatchObject({ title: 'Title line', text: 'Body text here.' });
  });

  it('passes the URL on', () => {
    const r = readDocument({ bytes: 'Some text.', url: 'https://x.example/a' });
    expect(r.articles[0]?.url).toBe('https://x.example/a');
  });

  it.each<[string, Uint8Array | string, string | undefined, string]>([
    ['empty bytes', new Uint8Array(0), undefined, 'input.empty'],
    ['whitespace only', ' \n\t\r\n', undefined, 'input.empty'],
    ['BOM only', new Uint8Array([0xef, 0xbb, 0xbf]), undefined, 'input.empty'],
    ['broken feed', fixture('broken.xml'), 'broken.xml', 'feed.malformed'],
    ['empty HTML', fixture('html-empty.html'), 'e.html', 'html.unreadable'],
    ['bad JSON', '{"id": ', 'a.json', 'input.bad_json'],
    ['binary', new Uint8Array(64).map((_, i) => i % 16), 'a.bin', 'decode.failed'],
  ])('%s -> %s', (_name, bytes, path, code) => {
    try {
      readDocument({ bytes, path: path ?? null });
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(VigilError);
      expect((e as VigilError).code).toBe(code);
    }
  });

  it('never throws anything but a VigilError (property)', () => {
    const onlyVigil = (run: () => unknown): boolean => {
      try {
        run();
        return true;
      } catch (e) {
        return e instanceof VigilError;
      }
    };
    const prefixes = ['', '<rss>', '<feed>', '<html>', '{', '[', '<?xml version="1.0"?>', '   SAN SALVADOR, 3 JAN 90 -- ', '• March 29, 2024\n\n'];
    const paths = [null, 'a.txt', 'a.html', 'a.xml', 'a.json', 'a.jsonl'];
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ maxLength: 300 }),
        fc.constantFrom(...prefixes),
        fc.constantFrom(...paths),
        (bytes, str, prefix, path) =>
          onlyVigil(() => readDocument({ bytes, path })) &&
          onlyVigil(() => readDocument({ bytes: prefix + str, path })) &&
          onlyVigil(() => readDocument({ bytes: new Uint8Array(Buffer.from(prefix + str, 'utf8')), path, contentType: 'text/html' })),
      ),
      { numRuns: 300 },
    );
  });
});
