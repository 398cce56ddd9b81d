/**
 * Number mentions: numerals ("13", "1,300", "4.5"), number words ("two", "forty-nine",
 * "a dozen", "three hundred") and vague quantities ("hundreds", "dozens", "scores") flagged as
 * approximate. Casualty extraction reads these; years are left to `dates.ts`.
 */
import type { NumberMention } from '../model.js';

export interface NumberSpan extends NumberMention {
  /** True for vague quantities ("dozens", "hundreds of") and hedged numerals ("about 50"). */
  approximate: boolean;
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };
const VAGUE: Record<string, number> = { dozens: 24, scores: 40, hundreds: 200, thousands: 2000, several: 3, numerous: 3, many: 3, few: 2 };

const WORD_RE = new RegExp(
  '\\b(?:a\\s+dozen|a\\s+score\\s+of|a\\s+hundred|a\\s+thousand|(?:' +
    [...Object.keys(TENS), ...Object.keys(UNITS)].join('|') +
    ')(?:[-\\s](?:' + [...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(SCALES), 'and'].join('|') + '))*|dozens|scores|hundreds|thousands|dozen)\\b',
  'gi',
);

function wordsValue(phrase: string): number | null {
  const p = phrase.toLowerCase().replace(/\s+/g, ' ');
  if (p === 'a dozen' || p === 'dozen') return 12;
  if (p.startsWith('a score')) return 20;
  if (p === 'a hundred') return 100;
  if (p === 'a thousand') return 1000;
  let total = 0;
  let cur = 0;
  let seen = false;
  for (const w of p.split(/[-\s]+/)) {
    if (w === 'and') continue;
    if (w in UNITS) { cur += UNITS[w]!; seen = true; } else if (w in TENS) { cur += TENS[w]!; seen = true; } else if (w in SCALES) {
      const sc = SCALES[w]!;
      if (sc === 100) cur = (cur || 1) * 100;
      else { total += (cur || 1) * sc; cur = 0; }
      seen = true;
    } else return null;
  }
  return seen ? total + cur : null;
}

const HEDGE = /\b(?:about|around|some|nearly|almost|approximately|roughly|up\s+to|more\s+than|over|at\s+least|a\s+minimum\s+of|dozens\s+of)\s+$/i;

/** Finds numbers in `text`, sorted by offset. Numbers glued to letters ("9mm") are skipped. */
export function findNumbers(text: string): NumberSpan[] {
  const out: NumberSpan[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{N}.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\p{L}\p{N}])|(?<![\p{L}\p{N}.,])\d+(?:\.\d+)?(?![\p{L}\p{N}]|,\d{3})/gu)) {
    const value = Number(m[0].replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], value, approximate: HEDGE.test(before) });
  }
  for (const m of text.matchAll(WORD_RE)) {
    const phrase = m[0].replace(/[-\s]+and$/i, '').replace(/\s+$/, '');
    const lower = phrase.toLowerCase();
    const vague = VAGUE[lower];
    const value = vague ?? wordsValue(phrase);
    if (value === null) continue;
    // "one" as a pronoun ("one of the", "the one") is not a count.
    if (lower === 'one' && /^\s+(?:of|another|day|who|that)\b/i.test(text.slice(m.index + phrase.length, m.index + phrase.length + 10))) continue;
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    out.push({ start: m.index, end: m.index + phrase.length, text: phrase, value, approximate: vague !== undefined || HEDGE.test(before) });
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}
