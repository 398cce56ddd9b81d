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
  const lines = text.split('\n');
  let longOpen = 0;
  for (const l of lines) if (l.trim().length > 50 && !/[.!?:"”)\]]\s*$/.test(l)) longOpen++;
  const wrapped = longOpen >= 2 && longOpen >= lines.length * 0.3;

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
        const prevLine = text.slice(lineStart, t.end[i - 1]!).trim();
        const prevEndsPunct = /[.!?:"”)\]]$/.test(prevLine);
        if (k === TokenKind.Bullet || prevEndsPunct || !wrapped || prevLine.length < 40) close(i);
      }
    }
    if (k === TokenKind.Bullet) { close(i); continue; }
    if (sStart < 0) sStart = i;
    const s = tokenText(t, i);
    const terminal = k === TokenKind.Punct && (s === '.' || s === '!' || s === '?' || s === '...' || s === '…');
    const dottedAbbrev = k === TokenKind.Word && /\.$/.test(s) && /^(?:\p{L}\.){2,}$/u.test(s);
    if (!terminal && !dottedAbbrev) continue;
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
