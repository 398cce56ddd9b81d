/**
 * Tokenizer: splits text into tokens held in flat typed arrays (wink-nlp style). A token is
 * the half-open span `[start[i], end[i])` of the text; read it through `tokenText()` and the
 * other accessors instead of copying strings. Keeps "U.S." and "Mr." whole, numbers such as
 * "1,300" whole, hyphenated names ("al-Muhajir", "Isis-K") whole, splits possessives
 * ("Kabul’s" -> "Kabul" + "’s"), and makes every quote, bracket and punctuation mark a token.
 */

export const enum TokenKind {
  Word = 1,
  Number = 2,
  Punct = 3,
  /** A clitic split off a word: "’s", "'s", "n’t", "’re"... */
  Clitic = 4,
  Quote = 5,
  Bracket = 6,
  Symbol = 7,
  /** Bullet marks that open list items ("•", "·", "▪"). */
  Bullet = 8,
}

export interface Tokens {
  readonly text: string;
  readonly length: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly kind: Uint8Array;
}

/** Abbreviations that keep their final period (matched case-insensitively). */
export const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'dr', 'gen', 'col', 'lt', 'sgt', 'capt', 'maj', 'gov', 'sen', 'rep', 'st', 'mt', 'ft',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'inc', 'corp', 'co', 'ltd', 'no', 'vs', 'etc', 'jr', 'sr', 'prof', 'rev', 'adm', 'cmdr', 'brig', 'gens', 'pres',
  'messrs', 'hon', 'supt', 'insp', 'det', 'cpl', 'pvt', 'approx', 'dept', 'univ', 'ave', 'blvd',
]);

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LETTER = /[\p{L}]/u;
const SPACE = /\s/;
const QUOTES = '"“”„‟«»‹›`';
const BRACKETS = '()[]{}';
const BULLETS = '•·▪◦●‣∙';
const APOS = "'’‘";
const CLITIC = /^['’‘](?:s|S|t|T|re|RE|ll|LL|ve|VE|d|D|m|M)(?![\p{L}\p{N}])/u;

// Character tests on UTF-16 code units (NaN past the end is false everywhere): ASCII is
// decided by comparisons, only other characters run the Unicode regular expressions.
function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** `[\p{L}\p{M}\p{N}]` for the code unit at text[i]. */
function isWordCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiAlnum(c);
  return c === c && WORD_CHAR.test(text[i]!);
}

/** `\p{L}` for the code unit at text[i]. */
function isLetterCode(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return c === c && LETTER.test(text[i]!);
}

/** `\s` for the code unit c (= text[i]). */
function isSpaceCode(text: string, i: number, c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || SPACE.test(text[i]!);
}

/** Splits `text` into tokens; whitespace is never a token. */
export function tokenize(text: string): Tokens {
  const cap = Math.max(16, text.length >>> 1);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let kind = new Uint8Array(cap);
  let n = 0;
  const push = (s: number, e: number, k: TokenKind): void => {
    if (n === start.length) {
      const grow = start.length * 2;
      const s2 = new Int32Array(grow); s2.set(start); start = s2;
      const e2 = new Int32Array(grow); e2.set(end); end = e2;
      const k2 = new Uint8Array(grow); k2.set(kind); kind = k2;
    }
    start[n] = s; end[n] = e; kind[n] = k; n++;
  };
  const len = text.length;
  let i = 0;
  while (i < len) {
    const code = text.charCodeAt(i);
    if (isSpaceCode(text, i, code)) { i++; continue; }
    const c = text[i]!;
    // Clitics: "’s" after a word.
    // Also after a dotted abbreviation: "the U.S.’s withdrawal".
    if ((code === 39 || code === 0x2019 || code === 0x2018) && i > 0 && (isWordCode(text, i - 1) || (text.charCodeAt(i - 1) === 46 && n > 0 && end[n - 1] === i && kind[n - 1] === TokenKind.Word))) {
      const m = CLITIC.exec(text.slice(i, i + 4));
      if (m) { push(i, i + m[0].length, TokenKind.Clitic); i += m[0].length; continue; }
    }
    if (code >= 48 && code <= 57) {
      let j = i + 1;
      while (j < len) {
        const d = text.charCodeAt(j);
        if (d >= 48 && d <= 57) { j++; continue; }
        if ((d === 44 || d === 46 || d === 58) && j + 1 < len) {
          const e = text.charCodeAt(j + 1);
          if (e >= 48 && e <= 57) { j += 2; continue; }
        }
        break;
      }
      // Ordinals and units glued to the number ("22nd", "9mm") stay in one token.
      let k = j;
      while (k < len && isLetterCode(text, k)) k++;
      if (k > j && /^(st|nd|rd|th|s|mm|km|kg|m)$/i.test(text.slice(j, k))) j = k;
      push(i, j, TokenKind.Number);
      i = j;
      continue;
    }
    if (isWordCode(text, i)) {
      // Dotted abbreviations: "U.S.", "U.N.", "e.g." (a letter then a dot, at least twice).
      if (text.charCodeAt(i + 1) === 46) {
        const dotted = /^(?:\p{L}\.){2,}/u.exec(text.slice(i, i + 12));
        if (dotted) { push(i, i + dotted[0].length, TokenKind.Word); i += dotted[0].length; continue; }
      }
      let j = i + 1;
      for (;;) {
        while (j < len && isWordCode(text, j)) j++;
        const d = text.charCodeAt(j);
        if ((d === 45 || d === 0x2010 || d === 0x2011) && isWordCode(text, j + 1)) { j += 2; continue; }
        // Inner apostrophes of names ("O'Brien", "N’Djamena"), not clitics.
        if ((d === 39 || d === 0x2019 || d === 0x2018) && isWordCode(text, j + 1) && !CLITIC.test(text.slice(j, j + 4))) { j += 2; continue; }
        break;
      }
      if (text.charCodeAt(j) === 46 && ABBREVIATIONS.has(text.slice(i, j).toLowerCase())) j++;
      push(i, j, TokenKind.Word);
      i = j;
      continue;
    }
    if (QUOTES.includes(c) || APOS.includes(c)) { push(i, i + 1, TokenKind.Quote); i++; continue; }
    if (BRACKETS.includes(c)) { push(i, i + 1, TokenKind.Bracket); i++; continue; }
    if (BULLETS.includes(c)) { push(i, i + 1, TokenKind.Bullet); i++; continue; }
    if (c === '.' && text.startsWith('...', i)) { push(i, i + 3, TokenKind.Punct); i += 3; continue; }
    if (c === '-' && text[i + 1] === '-') { let j = i + 2; while (text[j] === '-') j++; push(i, j, TokenKind.Punct); i = j; continue; }
    if ('.,;:!?—–-…'.includes(c)) { push(i, i + 1, TokenKind.Punct); i++; continue; }
    // Surrogate pairs (emoji) stay together.
    const w = code >= 0xd800 && code <= 0xdbff && i + 1 < len ? 2 : 1;
    push(i, i + w, TokenKind.Symbol);
    i += w;
  }
  return { text, length: n, start: start.subarray(0, n), end: end.subarray(0, n), kind: kind.subarray(0, n) };
}

/** The text of token `i`. */
export function tokenText(t: Tokens, i: number): string {
  return t.text.slice(t.start[i]!, t.end[i]!);
}

/** The text of tokens `[from, to)`, with the original spacing. */
export function spanText(t: Tokens, from: number, to: number): string {
  if (to <= from) return '';
  return t.text.slice(t.start[from]!, t.end[to - 1]!);
}

/** Index of the first token whose end is after `offset` (binary search); `t.length` if none. */
export function tokenAtOrAfter(t: Tokens, offset: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.end[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when token `i` starts with an upper-case letter. */
export function isCapitalized(t: Tokens, i: number): boolean {
  const c = t.text[t.start[i]!];
  return c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase();
}

/** True when token `i` has letters and no lower-case letter ("FMLN", "U.S."). */
export function isAllCaps(t: Tokens, i: number): boolean {
  const s = tokenText(t, i);
  return s !== s.toLowerCase() && s === s.toUpperCase();
}

/** Case of the document's letters: mostly upper (MUC-4 wire copy), mostly lower, or mixed. */
export function textCase(text: string): 'upper' | 'lower' | 'mixed' {
  let up = 0;
  let low = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) up++;
    else if (c >= 97 && c <= 122) low++;
  }
  if (up + low === 0) return 'mixed';
  if (low < (up + low) * 0.1) return 'upper';
  if (up < (up + low) * 0.01) return 'lower';
  return 'mixed';
}
