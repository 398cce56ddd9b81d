/**
 * Date mentions. chrono-node finds the expressions, anchored at a reference date (the article's
 * published date, or its dateline date); without a reference, relative expressions
 * ("yesterday", "on Friday", "last June", "March 22") are dropped and absolute ones kept. Local
 * rules add what chrono misses: bare years ("in 2021", "the 2016 incident"), "June of last year"
 * and "last June". Each mention has a precision (day, month, year) and a value of that length.
 */
import * as chrono from 'chrono-node';
import type { DateMention, DatePrecision } from '../model.js';

export interface DateOptions {
  /** Reference date `YYYY-MM-DD[...]`; relative dates resolve against it. */
  reference?: string | null;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = 'jan(?:uary|\\.)?|feb(?:ruary|\\.)?|mar(?:ch|\\.)?|apr(?:il|\\.)?|may|june?|july?|aug(?:ust|\\.)?|sep(?:t(?:ember)?)?\\.?|oct(?:ober|\\.)?|nov(?:ember|\\.)?|dec(?:ember|\\.)?';
const WEEKDAY = /\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b/i;
/** A cheap pre-filter: chrono only runs on text that could hold a date. */
const CUE = new RegExp(`\\b(?:${MONTH_RE}|yesterday|today|tonight|tomorrow|ago|last|next|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4})\\b`, 'i');
const CUES = new RegExp(CUE.source, 'gi');
/** "June of last year", "last June", "this March"; REL_MONTH_CUE is a cheap necessary condition for a match. */
const REL_MONTH = new RegExp(`\\b(?:(${MONTH_RE})\\s+of\\s+(last|this|next)\\s+year|(last|this|next)\\s+(${MONTH_RE}))(?![\\p{L}])`, 'giu');
const REL_MONTH_CUE = /of\s+(?:last|this|next)\s+year|(?:last|this|next)\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/iu;
const DATEISH = new RegExp(`(?:${MONTH_RE}|yesterday|today|tonight|tomorrow|ago|year|week|month|day|\\d{1,4}[/.-]\\d{1,2})`, 'i');

/** Words before a bare month name that make it a date. */
const MONTH_CONTEXT = /(?:\b(?:in|since|during|until|till|by|early|late|mid|of|last|this|next|through|from|to|between|and|or|before|after)\s+|-)$/i;

/** Reference dates probed when there is no real reference (a result that moves with them is relative). */
const PROBE_A = new Date(Date.UTC(2001, 5, 15, 12));
const PROBE_B = new Date(Date.UTC(2011, 0, 20, 12));

function monthIndex(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, '');
  return MONTHS.findIndex((m) => m.startsWith(w.slice(0, 3)));
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function valueOf(y: number, m: number, d: number, p: DatePrecision): string {
  if (p === 'year') return String(y);
  if (p === 'month') return `${y}-${pad(m)}`;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function parseReference(ref: string | null | undefined): Date | null {
  if (!ref) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ref);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
}

function overlaps(list: DateMention[], s: number, e: number): boolean {
  return list.some((d) => d.start < e && s < d.end);
}

/** Finds the date mentions of `text`, sorted by offset. */
export function findDates(text: string, opts: DateOptions = {}): DateMention[] {
  const ref = parseReference(opts.reference);
  const refYear = ref ? ref.getUTCFullYear() : null;
  const out: DateMention[] = [];

  // 1. Month + relative year: "June of last year", "last June", "this March" (only with a reference).
  for (const m of ref && REL_MONTH_CUE.test(text) ? text.matchAll(REL_MONTH) : []) {
    if (refYear === null || !ref) continue;
    const mon = monthIndex(m[1] ?? m[4] ?? '');
    if (mon < 0) continue;
    const rel = (m[2] ?? m[3] ?? '').toLowerCase();
    let y = refYear;
    if (m[1]) y += rel === 'last' ? -1 : rel === 'next' ? 1 : 0;
    else if (rel === 'last') y = mon < ref.getUTCMonth() ? refYear : refYear - 1;
    else if (rel === 'next') y = mon > ref.getUTCMonth() ? refYear : refYear + 1;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], value: valueOf(y, mon + 1, 1, 'month'), precision: 'month' });
  }

  // 2. chrono on windows around date cues only (it is the slow part), with two probe
  //    references when there is no real one (disagreement = relative).
  const windows: Array<[number, number]> = [];
  for (const m of text.matchAll(CUES)) {
    const a = Math.max(0, m.index - 24);
    const b = Math.min(text.length, m.index + m[0].length + 24);
    const last = windows[windows.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else windows.push([a, b]);
  }
  for (const [wa, wb] of windows) {
    // Widen to word boundaries so chrono sees whole words.
    let a = wa;
    let b = wb;
    while (a > 0 && /\S/.test(text[a - 1]!)) a--;
    while (b < text.length && /\S/.test(text[b]!)) b++;
    const chunk = text.slice(a, b);
    // Without a reference only dates with a written year survive (below), and a year is digits:
    // what chrono would find in a chunk without any is relative to the probe dates.
    if (!ref && !/\d/.test(chunk)) continue;
    const results = chrono.parse(chunk, ref ?? PROBE_A);
    // The second probe only matters for results that reach the comparison below: parse lazily.
    let probe: chrono.ParsedResult[] | null = null;
    for (const res of results) {
      let s = a + res.index;
      let str = res.text;
      // chrono keeps leading prepositions ("ON 30 DECEMBER"); the span starts at the date.
      const lead = /^(?:on|in|at|since|by|of|from|the)\s+/i.exec(str);
      if (lead) { s += lead[0].length; str = str.slice(lead[0].length); }
      str = str.replace(/\s+(?:of|at|in|on)$/i, '').replace(/[\s,;:]+$/, '');
      const e = s + str.length;
      if (!DATEISH.test(str) && !WEEKDAY.test(str)) continue;
      if (overlaps(out, s, e)) continue;
      const c = res.start;
      let precision: DatePrecision;
      if (c.isCertain('day') || WEEKDAY.test(str) || /yesterday|today|tonight|tomorrow|ago/i.test(str)) precision = 'day';
      else if (c.isCertain('month')) precision = 'month';
      else if (c.isCertain('year')) precision = 'year';
      else continue;
      if (/^(?:last|this|next)\s+(?:week|month)$/i.test(str)) continue;
      // A bare month name ("MARCH", "May") is often a noun or a verb: keep it only after a
      // preposition or qualifier that makes it a date ("in March", "since May", "late June").
      if (precision === 'month' && !c.isCertain('year') && !MONTH_CONTEXT.test(text.slice(Math.max(0, s - 12), s))) continue;
      if (!ref) {
        if (!c.isCertain('year')) continue;
        probe ??= chrono.parse(chunk, PROBE_B);
        const other = probe.find((p) => p.index === res.index && p.text === res.text);
        if (!other || other.start.date().getTime() !== c.date().getTime()) continue;
      }
      const d = c.date();
      // chrono builds dates in local time; read the components it assigned.
      let y = c.get('year') ?? d.getFullYear();
      // News reports the past: a date without a year that would fall more than a week after the
      // reference belongs to the year before ("in March", written in November).
      if (ref && !c.isCertain('year') && !/\b(?:next|tomorrow|coming)\b/i.test(str)) {
        const t = Date.UTC(y, (c.get('month') ?? d.getMonth() + 1) - 1, precision === 'day' ? (c.get('day') ?? 1) : 1);
        if (t > ref.getTime() + 7 * 86_400_000) y -= 1;
      }
      const mo = c.get('month') ?? d.getMonth() + 1;
      const da = c.get('day') ?? d.getDate();
      out.push({ start: s, end: e, text: text.slice(s, e), value: valueOf(y, mo, da, precision), precision });
    }
  }

  // 3. Bare years 1900-2099 not counting things ("2,000 people" never matches; "1990 people" is excluded).
  for (const m of text.matchAll(/(?<![\p{L}\p{N},.$£€-])((?:19|20)\d\d)(?![\p{N}%]|,\d|\.\d)(s?)/gu)) {
    const s = m.index;
    const e = s + m[1]!.length;
    if (m[2]) continue; // "the 1990s": a decade, not a year
    if (overlaps(out, s, e)) continue;
    const after = text.slice(e, e + 24);
    if (/^\s+(?:hours|hrs|gmt|utc|local|people|persons|men|women|children|soldiers|troops|civilians|dead|killed|militants|fighters|residents|families|homes|houses|votes|dollars|euros|km|kilometers|miles|meters|feet|tons|tonnes|rounds|members|students|workers|prisoners|refugees|[a-z]+s\b(?!\s+(?:attack|incident|bombing|election)))/i.test(after) && !/^\s+(?:attacks?|incidents?|bombings?|elections?|shootings?|massacres?)\b/i.test(after)) continue;
    const before = text.slice(Math.max(0, s - 12), s);
    if (/(?:\d\s*|\bof\s+|\bto\s+|\bnumber\s+|\bNo\.?\s*)$/i.test(before) && !/\b(?:of|in|since|until|by)\s+$/i.test(before)) continue;
    out.push({ start: s, end: e, text: m[1]!, value: m[1]!, precision: 'year' });
  }

  out.sort((a, b) => a.start - b.start);
  return out;
}
