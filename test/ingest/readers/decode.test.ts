/** Tests of `decodeBytes`: BOMs, declared charsets, UTF-8, detection and failure. */

import { describe, expect, it } from 'vitest';
import { decodeBytes, normaliseCharset } from '../../../src/ingest/decode.js';
import { VigilError } from '../../../src/errors.js';
import { fixture } from './helpers.js';

const b = (...parts: Array<string | number[]>): Uint8Array =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))));

describe('decodeBytes on fixture files', () => {
  it.each([
    ['cp1252.txt', 'windows-1252', 'Police said the blast “was deliberate” and that the café’s owner was unhurt – for now.'],
    ['latin1.txt', 'windows-1252', 'Málaga, 12 de marzo. Un artefacto explosivo dañó la fachada de la comisaría'],
    ['latin1.html', 'windows-1252', 'pingüino «El Norte»'],
    ['utf8-bom.txt', 'utf-8', 'Kabul — blast near the “Green Zone”\n'],
    ['utf16le-bom.txt', 'utf-16le', 'Gunmen attacked a café in Bamako.\nNo group claimed it.\n'],
  ])('%s -> %s', (name, charset, contains) => {
    const r = decodeBytes(fixture(name));
    expect(r.charset).toBe(charset);
    expect(r.text).toContain(contains);
    expect(r.text).not.toContain('\r');
    expect(r.text.charCodeAt(0)).not.toBe(0xfeff);
  });
});

describe('decodeBytes precedence', () => {
  it.each<[string, Uint8Array, Parameters<typeof decodeBytes>[1], string, string]>([
    ['UTF-16BE BOM', new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0x00, 0xe9]), {}, 'utf-16be', 'Aé'],
    ['content-type wins over detection', b('caf', [0xe9]), { contentType: 'text/plain; charset=ISO-8859-1' }, 'windows-1252', 'café'],
    ['content-type koi8-r', b([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]), { contentType: 'text/plain; charset=koi8-r' }, 'koi8-r', 'Привет'],
    ['meta charset', b('<html><head><meta charset="windows-1252"></head><body>', [0x93], 'hi', [0x94], '</body></html>'), {}, 'windows-1252', '“hi”'],
    ['xml prolog', b('<?xml version="1.0" encoding="ISO-8859-1"?><rss><t>', [0xe9], '</t></rss>'), { isHtmlOrXml: true }, 'windows-1252', '<t>é</t>'],
    ['valid UTF-8 beats a wrong single-byte meta', b('<meta charset="iso-8859-1"><p>', [0xc3, 0xa9], '</p>'), {}, 'utf-8', '<p>é</p>'],
    ['declared UTF-8 with a stray cp1252 byte', b('<meta charset="utf-8"><p>', [0xc3, 0xa9], ' ', [0x93], 'x', [0x94], '</p>'), {}, 'utf-8', '<p>é “x”</p>'],
    ['plain ASCII', b('hello\r\nworld\r'), {}, 'utf-8', 'hello\nworld\n'],
    ['NULs stripped', b('a', [0], 'b'), {}, 'utf-8', 'ab'],
    ['BOM-less UTF-16LE', new Uint8Array(Buffer.from('Attack in Mosul, Iraq', 'utf16le')), {}, 'utf-16le', 'Attack in Mosul, Iraq'],
    ['unknown declared label falls back', b('caf', [0xe9], ' au lait et cr', [0xe8], 'me br', [0xfb], 'l', [0xe9], 'e pour le d', [0xe9], 'jeuner'), { contentType: 'text/plain; charset=x-nonsense' }, 'windows-1252', 'café au lait'],
  ])('%s', (_name, bytes, hint, charset, text) => {
    const r = decodeBytes(bytes, hint);
    expect(r.charset).toBe(charset);
    expect(r.text).toContain(text);
  });

  it('throws decode.failed on binary data', () => {
    const bytes = new Uint8Array(256).map((_, i) => (i * 7) % 32);
    expect(() => decodeBytes(bytes)).toThrow(VigilError);
    try {
      decodeBytes(bytes);
    } catch (e) {
      expect((e as VigilError).code).toBe('decode.failed');
    }
  });

  it.each([
    ['latin1', 'windows-1252'],
    ['ISO-8859-1', 'windows-1252'],
    ['us-ascii', 'windows-1252'],
    ['UTF8', 'utf-8'],
    ['iso8859-2', 'iso-8859-2'],
    ['Shift_JIS', 'shift_jis'],
    ['bogus', null],
    [null, null],
  ])('normaliseCharset(%s) = %s', (label, expected) => {
    expect(normaliseCharset(label)).toBe(expected);
  });
});
