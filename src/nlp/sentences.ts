/**
 * Sentence splitter over tokens. A sentence ends at ".", "!" or "?" (plus closing quotes and
 * brackets) when the next token can open a sentence; abbreviations ("Mr.", "Gen.", "Jan.") are
 * single tokens and so never end one, "U.S." ends one only before a typical sentence opener.
 * Blank lines and bullet lines ("•") are paragraph breaks; a single newline is a break after
 * terminal punctuation or a short heading line, and is ignored inside hard-wrapped text
 * (MUC-4 wire copy).
 */
import { TokenKind, type Tokens, tokenText, textCase } from './tokenize.js';

export interface Sentence {
  start: number;
  end: number;
  /** Token range `[tokenStart, tokenEnd)`. */
  tokenStart: number;
  tokenEnd: number;
}

const OPENERS = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'in', 'on', 'at', 'but', 'and', 'this', 'that', 'these',
  'those', 'his', 'her', 'its', 'their', 'there', 'officials', 'police', 'meanwhile', 'however', 'according',
]);

const SPACE = /\s/;

/** `\s` (what `trim()` removes) for the code unit at text[i]. */
function isSpace(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return SPACE.test(text[i]!);
}

/** Closes a sentence or a heading line: `/[.!?:"”)\]]/`. */
function isCloser(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 58 || c === 34 || c === 0x201d || c === 41 || c === 93;
}

/**
 * `text.slice(a, b).trim()` as offsets `[from, to)` (no string is built): the lines are measured
 * in place.
 */
function trimmed(text: string, a: number, b: number): [number, number] {
  while (a < b && isSpace(text, a)) a++;
  while (b > a && isSpace(text, b - 1)) b--;
  return [a, b];
}

function lineBreakBetween(text: string, from: number, to: number): 'none' | 'single' | 'blank' {
  let nl = 0;
  for (let i = from; i < to; i++) if (text[i] === '\n') nl++;
  if (nl === 0) return 'none';
  if (nl >= 2) return 'blank';
  return 'single';
}

/** Splits tokens into sentences; every token belongs to exactly one sentence except bullets. */
export function splitSentences(t: Tokens): Sentence[] {
  const out: Sentence[] = [];
  const text = t.text;
  // A wrapped document has many long lines that do not end in punctuation.
  let lineCount = 0;
  let longOpen = 0;
  for (let a = 0; a <= text.length; ) {
    let b = text.indexOf('\n', a);
    if (b < 0) b = text.length;
    lineCount++;
    const [f, e] = trimmed(text, a, b);
    if (e - f > 50 && !isCloser(text.charCodeAt(e - 1))) longOpen++;
    a = b + 1;
  }
  const wrapped = longOpen >= 2 && longOpen >= lineCount * 0.3;

  const lowerText = textCase(text) === 'lower';
  let sStart = -1;
  const close = (endTok: number): void => {
    if (sStart >= 0 && endTok > sStart) {
      out.push({ start: t.start[sStart]!, end: t.end[endTok - 1]!, tokenStart: sStart, tokenEnd: endTok });
    }
    sStart = -1;
  };
  for (let i = 0; i < t.length; i++) {
    const k = t.kind[i]!;
    if (i > 0 && sStart >= 0) {
      const gap = lineBreakBetween(text, t.end[i - 1]!, t.start[i]!);
      if (gap === 'blank') close(i);
      else if (gap === 'single') {
        const lineStart = text.lastIndexOf('\n', t.end[i - 1]! - 1) + 1;
        const [f, e] = trimmed(text, lineStart, t.end[i - 1]!);
        const prevEndsPunct = e > f && isCloser(text.charCodeAt(e - 1));
        if (k === TokenKind.Bullet || prevEndsPunct || !wrapped || e - f < 40) close(i);
      }
    }
    if (k === TokenKind.Bullet) { close(i); continue; }
    if (sStart < 0) sStart = i;
    // Only terminal punctuation and dotted abbreviations can end a sentence: test the
    // characters in place before reading the token's text.
    const a = t.start[i]!;
    const e = t.end[i]!;
    const c0 = text.charCodeAt(a);
    let terminal = false;
    let dottedAbbrev = false;
    if (k === TokenKind.Punct) {
      terminal = e - a === 1 ? c0 === 46 || c0 === 33 || c0 === 63 || c0 === 0x2026 : e - a === 3 && text.startsWith('...', a);
    } else if (k === TokenKind.Word && text.charCodeAt(e - 1) === 46) {
      dottedAbbrev = /^(?:\p{L}\.){2,}$/u.test(text.slice(a, e));
    }
    if (!terminal && !dottedAbbrev) continue;
    const s = text.slice(a, e);
    // An initial ("J. Smith") does not end a sentence.
    if (s === '.' && i > 0 && t.end[i - 1] === t.start[i] && /^\p{Lu}$/u.test(tokenText(t, i - 1))) continue;
    // Absorb closing quotes and brackets.
    let j = i + 1;
    while (j < t.length && (t.kind[j] === TokenKind.Quote || (t.kind[j] === TokenKind.Bracket && /[)\]}]/.test(tokenText(t, j)))) && t.start[j] === t.end[j - 1]) j++;
    if (j >= t.length) { i = j - 1; continue; }
    const next = tokenText(t, j);
    const nextKind = t.kind[j]!;
    const first = next[0] ?? '';
    const upper = first !== first.toLowerCase();
    const canOpen = upper || (lowerText && nextKind === TokenKind.Word) || nextKind === TokenKind.Number || nextKind === TokenKind.Quote || nextKind === TokenKind.Bullet || (nextKind === TokenKind.Bracket && /[([]/.test(next));
    if (!canOpen) continue;
    if (dottedAbbrev && !OPENERS.has(next.toLowerCase())) continue;
    // "ambitions.The" (missing space) is still a break; "3.5" never reaches here (one token).
    close(j);
    i = j - 1;
  }
  close(t.length);
  return out;
}
