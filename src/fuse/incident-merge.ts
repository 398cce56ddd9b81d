/**
 * One incident per real event: the rules that decide whether a report (one article's extracted
 * incident) describes an incident already known, and how the reports of one incident reconcile
 * into its fields. Pure functions over plain facts; the store (`src/store/sqlite/fusion.ts`)
 * does the blocking queries and the writes.
 *
 * Matching (`matchScore`): hard blocks first (different countries; dates more than
 * `DATE_WINDOW_DAYS` apart; two precise places far apart), then evidence for and against:
 * same day, same place, shared attack types, shared perpetrator groups, same story, shared role
 * words (targets, victims, weapons, trigger), equal casualty figures. Casualty figures that differ
 * are no evidence against: tolls rise for days. A report joins the best incident scoring at least
 * `MATCH_THRESHOLD`.
 *
 * Reconciliation (`reconcile`), the stated rule for casualty figures: **the figure of the latest
 * report (by publication time), but never below a confirmed figure**, where a figure is confirmed
 * once two different outlets have reported it (or a higher one). The figure says which report it
 * came from and which rule chose it. Every report's figures stay in the casualty history.
 */
import type { CasualtyReport, FigureSource, IncidentSource } from '../model.js';
import { foldName } from '../store/ids.js';

/** What the matcher and the reconciler know of one report. */
export interface ReportFacts {
  id: string;
  articleId: string;
  articleVersion: number;
  /** Publication time of the article (else its ingest time), ISO. */
  published: string | null;
  /** Outlet name (or the article's host); two reports of one outlet are one voice. */
  outlet: string | null;
  title: string | null;
  url: string | null;
  storyId: string | null;
  date: string | null;
  datePrecision: 'day' | 'month' | 'year' | null;
  dateStart: string | null;
  dateEnd: string | null;
  placeName: string | null;
  geonameid: string | null;
  admin1: string | null;
  countryCode: string | null;
  lat: number | null;
  lon: number | null;
  specificity: number | null;
  attackTypes: string[];
  groups: string[];
  killed: number | null;
  wounded: number | null;
  isBackground: boolean;
  /** Folded content words of the trigger and role fillers (targets, victims, weapons). */
  words: string[];
}

/** Reports further apart than this (days between their date ranges) never match. */
export const DATE_WINDOW_DAYS = 2;
/** Precise places (GTD specificity 1-2) further apart than this never match. */
export const PLACE_BLOCK_KM = 60;
export const MATCH_THRESHOLD = 3.5;

const DAY = 86_400_000;

function dayNumber(d: string | null): number | null {
  if (!d) return null;
  const t = Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(t) ? null : Math.floor(t / DAY);
}

/** Days between two date ranges (0 when they overlap); null when either is undated. */
export function dateGap(a: Pick<ReportFacts, 'dateStart' | 'dateEnd'>, b: Pick<ReportFacts, 'dateStart' | 'dateEnd'>): number | null {
  const as = dayNumber(a.dateStart);
  const ae = dayNumber(a.dateEnd) ?? as;
  const bs = dayNumber(b.dateStart);
  const be = dayNumber(b.dateEnd) ?? bs;
  if (as == null || ae == null || bs == null || be == null) return null;
  if (ae < bs) return bs - ae;
  if (be < as) return as - be;
  return 0;
}

export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const dLat = (b.lat - a.lat) * r;
  const dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const known = (xs: string[]) => xs.map(foldName).filter((x) => x && x !== 'unknown');

function overlap(a: string[], b: string[]): 'shared' | 'disjoint' | 'unknown' {
  const A = new Set(known(a));
  const B = known(b);
  if (A.size === 0 || B.length === 0) return 'unknown';
  return B.some((x) => A.has(x)) ? 'shared' : 'disjoint';
}

/** Evidence that two reports describe one event; -Infinity when they cannot. */
export function pairScore(a: ReportFacts, b: ReportFacts): number {
  if (a.countryCode && b.countryCode && a.countryCode.toUpperCase() !== b.countryCode.toUpperCase()) return -Infinity;
  let score = 0;
  const gap = dateGap(a, b);
  if (gap !== null) {
    if (gap > DATE_WINDOW_DAYS) return -Infinity;
    if (a.datePrecision === 'day' && b.datePrecision === 'day') score += gap === 0 ? 2 : gap === 1 ? 0.5 : -1;
    else score += 0.5;
  }
  const samePlace =
    (a.geonameid && b.geonameid && a.geonameid === b.geonameid) ||
    (a.placeName && b.placeName && foldName(a.placeName) === foldName(b.placeName));
  if (samePlace) score += 2;
  else if (a.lat != null && a.lon != null && b.lat != null && b.lon != null) {
    const km = distanceKm({ lat: a.lat, lon: a.lon }, { lat: b.lat, lon: b.lon });
    const precise = (a.specificity ?? 5) <= 2 && (b.specificity ?? 5) <= 2;
    if (precise && km > PLACE_BLOCK_KM) return -Infinity;
    if (km <= 30) score += 1;
    else if (a.admin1 && b.admin1 && foldName(a.admin1) === foldName(b.admin1)) score += 0.5;
  }
  const types = overlap(a.attackTypes, b.attackTypes);
  score += types === 'shared' ? 1.5 : types === 'disjoint' ? -2 : 0;
  const groups = overlap(a.groups, b.groups);
  score += groups === 'shared' ? 1.5 : groups === 'disjoint' ? -2 : 0;
  if (a.storyId && a.storyId === b.storyId) score += 2;
  if (a.killed != null && a.killed === b.killed && a.killed > 0) score += 0.5;
  if (a.words.length && b.words.length) {
    const A = new Set(a.words);
    const shared = new Set(b.words.filter((w) => A.has(w))).size;
    const union = new Set([...a.words, ...b.words]).size;
    if (union && shared / union >= 0.2) score += 1;
  }
  return score;
}

/** How well a report fits an incident: its best match among the incident's reports. */
export function matchScore(report: ReportFacts, incidentReports: ReportFacts[]): number {
  let best = -Infinity;
  for (const r of incidentReports) {
    if (r.id === report.id) continue;
    best = Math.max(best, pairScore(report, r));
  }
  return best;
}

/** The incident a report joins: the best-scoring candidate at or above the threshold, else null. */
export function chooseIncident(report: ReportFacts, candidates: Array<{ id: string; reports: ReportFacts[] }>): string | null {
  let best: string | null = null;
  let bestScore = MATCH_THRESHOLD;
  for (const c of [...candidates].sort((x, y) => (x.id < y.id ? -1 : 1))) {
    const s = matchScore(report, c.reports);
    if (s >= bestScore && (best === null || s > bestScore)) {
      best = c.id;
      bestScore = s;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Reconciliation
// ---------------------------------------------------------------------------------------------

export type FigureRule = FigureSource['rule'];
export type { CasualtyReport, FigureSource, IncidentSource };

export interface Provenance {
  sources: IncidentSource[];
  casualtyHistory: CasualtyReport[];
  killedSource: FigureSource | null;
  woundedSource: FigureSource | null;
}

/** The fused fields of an incident. */
export interface Reconciled extends Provenance {
  /** The report whose article leads (its evidence is the incident's `detail`). */
  lead: ReportFacts;
  date: string | null;
  datePrecision: ReportFacts['datePrecision'];
  dateStart: string | null;
  dateEnd: string | null;
  place: ReportFacts;
  attackTypes: string[];
  groups: string[];
  killed: number | null;
  wounded: number | null;
  isBackground: boolean;
}

/** Reports oldest first: by publication time, then id. */
export function chronological(reports: ReportFacts[]): ReportFacts[] {
  return [...reports].sort((a, b) => {
    const pa = a.published ?? '';
    const pb = b.published ?? '';
    return pa < pb ? -1 : pa > pb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * The reconciled figure of one field: the latest report's, raised to the highest confirmed
 * figure (reported, or exceeded, by two different outlets) when the latest is below it.
 */
export function reconcileFigure(reports: ReportFacts[], field: 'killed' | 'wounded'): { value: number | null; source: FigureSource | null } {
  const withFigure = chronological(reports).filter((r) => r[field] != null);
  const latest = withFigure[withFigure.length - 1];
  if (!latest) return { value: null, source: null };
  const voice = (r: ReportFacts) => foldName(r.outlet ?? '') || r.articleId;
  let confirmed: ReportFacts | null = null;
  for (const r of withFigure) {
    const v = r[field]!;
    const outlets = new Set(withFigure.filter((x) => x[field]! >= v).map(voice));
    if (outlets.size >= 2 && (confirmed === null || v > confirmed[field]! || (v === confirmed[field]! && (r.published ?? '') >= (confirmed.published ?? '')))) {
      confirmed = r;
    }
  }
  const src = (r: ReportFacts, rule: FigureRule): FigureSource => ({ reportId: r.id, articleId: r.articleId, published: r.published, rule });
  if (confirmed && confirmed[field]! > latest[field]!) return { value: confirmed[field]!, source: src(confirmed, 'confirmed') };
  return { value: latest[field]!, source: src(latest, 'latest') };
}

function mostCommon<T>(xs: T[], key: (x: T) => string): T | undefined {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(key(x), (counts.get(key(x)) ?? 0) + 1);
  let best: T | undefined;
  let n = 0;
  for (const x of xs) {
    const c = counts.get(key(x))!;
    if (c > n) {
      best = x;
      n = c;
    }
  }
  return best;
}

/** Names ordered by how many reports give them (first seen first on ties), each once. */
function byVotes(lists: string[][]): string[] {
  const votes = new Map<string, { name: string; n: number; first: number }>();
  let i = 0;
  for (const list of lists) {
    for (const name of new Set(list)) {
      const k = foldName(name);
      const v = votes.get(k);
      if (v) v.n += 1;
      else votes.set(k, { name, n: 1, first: i++ });
    }
  }
  const all = [...votes.values()].sort((a, b) => b.n - a.n || a.first - b.first);
  const hasKnown = all.some((v) => foldName(v.name) !== 'unknown');
  return all.filter((v) => !hasKnown || foldName(v.name) !== 'unknown').map((v) => v.name);
}

const PRECISION_RANK = { day: 0, month: 1, year: 2 } as const;

/** The fused incident of its reports (at least one). */
export function reconcile(reports: ReportFacts[]): Reconciled {
  if (reports.length === 0) throw new Error('reconcile needs at least one report');
  const chron = chronological(reports);
  const news = chron.filter((r) => !r.isBackground);
  const lead = (news[0] ?? chron[0])!;
  // The date: the most common among the most precise dates given.
  const dated = chron.filter((r) => r.date && r.datePrecision);
  const bestPrecision = Math.min(...dated.map((r) => PRECISION_RANK[r.datePrecision!]));
  const dateReport = mostCommon(dated.filter((r) => PRECISION_RANK[r.datePrecision!] === bestPrecision), (r) => r.date!) ?? lead;
  // The place: the most common among the most specific places given.
  const placed = chron.filter((r) => r.placeName);
  const bestSpec = Math.min(...placed.map((r) => r.specificity ?? 5));
  const place = mostCommon(placed.filter((r) => (r.specificity ?? 5) === bestSpec), (r) => r.geonameid ?? foldName(r.placeName!)) ?? lead;
  const killed = reconcileFigure(chron, 'killed');
  const wounded = reconcileFigure(chron, 'wounded');
  return {
    lead,
    date: dateReport.date,
    datePrecision: dateReport.datePrecision,
    dateStart: dateReport.dateStart,
    dateEnd: dateReport.dateEnd,
    place,
    attackTypes: byVotes(chron.map((r) => r.attackTypes)),
    groups: byVotes(chron.map((r) => r.groups)),
    killed: killed.value,
    wounded: wounded.value,
    isBackground: news.length === 0,
    ...provenance(chron),
    killedSource: killed.source,
    woundedSource: wounded.source,
  };
}

/** Sources and casualty history of reports (oldest first), without figure sources. */
export function provenance(reports: ReportFacts[]): Provenance {
  const chron = chronological(reports);
  return {
    sources: chron.map((r) => ({
      reportId: r.id,
      articleId: r.articleId,
      title: r.title,
      url: r.url,
      outlet: r.outlet,
      published: r.published,
      killed: r.killed,
      wounded: r.wounded,
    })),
    casualtyHistory: chron
      .filter((r) => r.killed != null || r.wounded != null)
      .map((r) => ({ reportId: r.id, articleId: r.articleId, published: r.published, killed: r.killed, wounded: r.wounded })),
    killedSource: null,
    woundedSource: null,
  };
}

/** Content words of role fillers and the trigger, folded, for `ReportFacts.words`. */
export function roleWords(texts: Array<string | null | undefined>): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    for (const w of foldName(t ?? '').split(/[^\p{L}\p{N}]+/u)) if (w.length > 3) out.add(w);
  }
  return [...out].sort();
}
