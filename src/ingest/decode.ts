/**
 * Turns the raw bytes of a document into text: byte-order mark first, then the declared charset
 * (HTTP content-type, `<meta charset>`, `<meta http-equiv>`, XML prolog), then valid UTF-8, then
 * detection with chardet and decoding with iconv-lite. Latin-1 is read as windows-1252, as
 * browsers do. The result has no NULs and LF line ends.
 */

import chardet from 'chardet';
import iconv from 'iconv-lite';
import { VigilError } from '../errors.js';

export interface DecodeHint {
  /** The HTTP `Content-Type` header, if any (`text/html; charset=iso-8859-1`). */
  contentType?: string | null;
  /** Look for `<meta charset>` / XML prolog declarations (guessed from the bytes when absent). */
  isHtmlOrXml?: boolean;
}

export interface Decoded {
  text: string;
  /** Lower-case WHATWG-style name of the charset used (`utf-8`, `windows-1252`, `utf-16le`). */
  charset: string;
}

const UTF8_FATAL = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Maps a declared or detected label to the name iconv-lite should decode with, or null. */
export function normaliseCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  let l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (!l) return null;
  if (['utf8', 'utf-8', 'unicode-1-1-utf-8', 'x-unicode20utf8'].includes(l)) return 'utf-8';
  if (['utf-16', 'utf16', 'unicode', 'ucs-2', 'utf-16le'].includes(l)) return 'utf-16le';
  if (l === 'utf-16be' || l === 'unicodefffe') return 'utf-16be';
  // WHATWG: latin-1 and ASCII labels mean windows-1252.
  if (/^(iso[-_ ]?8859[-_ ]?1|latin-?1|l1|us-ascii|ascii|ansi_x3\.4-1968|iso-ir-100|cp819|ibm819|csisolatin1|x-cp1252|cp1252|windows-1252)$/.test(l)) {
    return 'windows-1252';
  }
  if (/^iso[-_ ]?8859[-_ ]?(\d+)$/.test(l)) l = l.replace(/^iso[-_ ]?8859[-_ ]?(\d+)$/, 'iso-8859-$1');
  if (/^cp125\d$/.test(l)) l = `windows-${l.slice(2)}`;
  if (l === 'gb2312' || l === 'gbk' || l === 'x-gbk') l = 'gbk';
  if (l === 'sjis' || l === 'x-sjis' || l === 'shift-jis') l = 'shift_jis';
  return iconv.encodingExists(l) ? l : null;
}

/** The `charset=` parameter of a content-type header. */
function charsetFromContentType(ct: string | null | undefined): string | null {
  if (!ct) return null;
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(ct);
  return m?.[1] ?? null;
}

/** Charset declared inside the first bytes of HTML or XML (`<meta charset>`, http-equiv, prolog). */
function charsetFromMarkup(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml?.[1]) return xml[1];
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta?.[1]) return meta[1];
  return null;
}

function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart();
  return head.startsWith('<');
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    UTF8_FATAL.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

/** BOM-less UTF-16: NULs concentrated in the odd (LE) or even (BE) positions of ASCII-heavy text. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * UTF-8 with stray bytes of another encoding: valid sequences decode as UTF-8, each invalid byte
 * as windows-1252 (what a page declared UTF-8 but patched with a latin-1 snippet means).
 */
function decodeLenientUtf8(bytes: Uint8Array): string {
  const out: string[] = [];
  let i = 0;
  let start = 0;
  const flush = (end: number): void => {
    if (end > start) out.push(Buffer.from(bytes.subarray(start, end)).toString('utf8'));
  };
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let len = 0;
    if (b < 0x80) len = 1;
    else if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = 3;
    else if (b >= 0xf0 && b <= 0xf4) len = 4;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) ok = false;
    if (ok && len > 1) {
      const chunk = bytes.subarray(i, i + len);
      ok = isValidUtf8(chunk);
    }
    if (ok) {
      i += len;
      continue;
    }
    flush(i);
    out.push(iconv.decode(Buffer.from([b]), 'windows-1252'));
    i += 1;
    start = i;
  }
  flush(i);
  return out.join('');
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === 'utf-8') return Buffer.from(bytes).toString('utf8');
  return iconv.decode(Buffer.from(bytes), charset);
}

/** Share of characters that only binary data produces (C0 controls, NUL, U+FFFD). */
function junkRatio(text: string): number {
  if (!text.length) return 0;
  let junk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0xfffd || c === 0x7f) junk++;
  }
  return junk / text.length;
}

function finish(raw: string, charset: string): Decoded {
  if (raw.length >= 8 && junkRatio(raw) > 0.1) {
    throw new VigilError('decode.failed', `the bytes do not look like text in ${charset}`, { charset });
  }
  const text = raw.replace(/^\ufeff/, '').replace(/\u0000/g, '').replace(/\r\n?/g, '\n');
  return { text, charset };
}

/**
 * Decodes document bytes to text. Order: BOM, declared charset (content-type, then markup
 * declarations), valid UTF-8, BOM-less UTF-16, chardet. A single-byte declaration that the bytes
 * contradict (they are valid UTF-8 with multi-byte characters) yields to UTF-8. Throws
 * `VigilError('decode.failed')` when the bytes decode to nothing that looks like text.
 */
export function decodeBytes(bytes: Uint8Array, hint: DecodeHint = {}): Decoded {
  try {
    return decodeInner(bytes, hint);
  } catch (err) {
    if (err instanceof VigilError) throw err;
    throw new VigilError('decode.failed', err instanceof Error ? err.message : String(err));
  }
}

function decodeInner(bytes: Uint8Array, hint: DecodeHint): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return finish(Buffer.from(bytes.subarray(3)).toString('utf8'), 'utf-8');
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return finish(iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), 'utf-16le');
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return finish(iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), 'utf-16be');
  }

  const utf16 = sniffUtf16(bytes);
  const validUtf8 = isValidUtf8(bytes);
  const markup = hint.isHtmlOrXml ?? looksLikeMarkup(bytes);
  const declared =
    normaliseCharset(charsetFromContentType(hint.contentType)) ??
    (markup && !utf16 ? normaliseCharset(charsetFromMarkup(bytes)) : null);

  if (declared) {
    if (declared === 'utf-8') {
      return finish(validUtf8 ? decodeWith(bytes, 'utf-8') : decodeLenientUtf8(bytes), 'utf-8');
    }
    if (declared.startsWith('utf-16')) {
      return finish(iconv.decode(Buffer.from(bytes), utf16 ?? declared), utf16 ?? declared);
    }
    const singleByte = /^(windows-|iso-8859-|koi8|cp\d|ibm|mac)/.test(declared);
    if (!(singleByte && validUtf8 && hasNonAscii(bytes))) return finish(decodeWith(bytes, declared), declared);
  }

  if (utf16) return finish(iconv.decode(Buffer.from(bytes), utf16), utf16);
  if (validUtf8) return finish(decodeWith(bytes, 'utf-8'), 'utf-8');

  const detected = normaliseCharset(chardet.detect(bytes)) ?? 'windows-1252';
  // chardet reads stray NUL-free binary as UTF-8 sometimes; valid UTF-8 was handled above.
  const charset = detected === 'utf-8' ? 'windows-1252' : detected;
  return finish(decodeWith(bytes, charset), charset);
}
