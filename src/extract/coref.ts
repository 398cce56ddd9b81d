/**
 * Coreference and aliases within one document. Works on the entity pass's drafts (token spans
 * with a type, kind and id) and links mentions that name the same entity:
 *   learned aliases  "by his battlefield name X", "also known as X", "alias X", "a.k.a. X" put X
 *                    on the entity named just before in the sentence; "Name (ACR)" puts the
 *                    acronym on Name. Each learned alias keeps the span it was learned from.
 *   later mentions   a later mention of a learned alias joins the entity;
 *   name variants    a person's surname or shorter name ("Ghafari") joins the full name
 *                    ("Sanaullah Ghafari") seen in the document (the nearest one before it,
 *                    else the only one after it).
 * A linked mention points at its root through `aliasOf`; ids stay the root's deterministic
 * `kind:slug` id, so the same person in two documents gets the same id.
 */
import type { EntityType, Span } from '../model.js';
import type { Actor } from '../resolve/actors.js';
import type { Toponym } from '../resolve/geocode.js';
import type { Sentence } from '../nlp/sentences.js';
import { TokenKind, type Tokens, tokenText, tokenAtOrAfter } from '../nlp/tokenize.js';
import { foldName } from '../nlp/fold.js';
import { ALIAS_CUE, NAME_CONNECTORS, NAME_PARTICLE } from './entity-lexicon.js';

/** An alias learned from the text: the alias, its mention's span and the sentence that taught it. */
export interface LearnedAlias {
  alias: string;
  start: number;
  end: number;
  evidence: Span;
}

/** A mention in the making. */
export interface Draft {
  /** Token range `[tokenStart, tokenEnd)`. */
  tokenStart: number;
  tokenEnd: number;
  type: EntityType;
  kind: string;
  canonical: string;
  /** Deterministic `kind:slug` id; '' while unresolved. */
  id: string;
  /** Other names known for the entity (gazetteer aliases). */
  aliases: Set<string>;
  /** Aliases learned from this document. */
  learned: LearnedAlias[];
  parent?: string | null;
  actor?: Actor;
  toponym?: Toponym;
  /** The mention this one is another name of. */
  aliasOf?: Draft;
}

/** The entity a draft finally stands for (follows `aliasOf`). */
export function rootOf(d: Draft): Draft {
  let r = d;
  for (let k = 0; r.aliasOf && k < 32; k++) r = r.aliasOf;
  return r;
}

const NAMEY = new Set<EntityType>(['PER', 'ORG']);

function sentenceOf(sentences: readonly Sentence[], tok: number): Sentence | undefined {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = sentences[mid]!;
    if (tok < s.tokenStart) hi = mid - 1;
    else if (tok >= s.tokenEnd) lo = mid + 1;
    else return s;
  }
  return undefined;
}

function capitalised(w: string): boolean {
  const c = w[0] ?? '';
  return c !== c.toLowerCase();
}

/** A name the tagger missed right after an alias cue: capitalised words and particles. */
function nameRunAt(t: Tokens, i: number, caseless: boolean, limit: number): number {
  let j = i;
  while (j < limit && j < i + 5 && t.kind[j] === TokenKind.Word) {
    const w = tokenText(t, j);
    if (caseless || capitalised(w) || NAME_PARTICLE.test(w)) { j++; continue; }
    if (j > i && NAME_CONNECTORS.has(w) && j + 1 < limit && capitalised(tokenText(t, j + 1))) { j++; continue; }
    break;
  }
  return j;
}

/**
 * Learns aliases from cue phrases and acronym definitions and links the mentions of a document;
 * may add drafts (aliases the tagger missed). `drafts` is sorted by position on return.
 */
export function resolveCoreference(text: string, t: Tokens, sentences: readonly Sentence[], drafts: Draft[], caseless: boolean): void {
  drafts.sort((x, y) => x.tokenStart - y.tokenStart);
  const byStart = new Map<number, Draft>();
  for (const d of drafts) byStart.set(d.tokenStart, d);
  const surface = (d: Draft): string => text.slice(t.start[d.tokenStart]!, t.end[d.tokenEnd - 1]!);
  const sentenceSpan = (tok: number): Span => {
    const s = sentenceOf(sentences, tok);
    return s ? { start: s.start, end: s.end } : { start: t.start[tok]!, end: t.end[tok]! };
  };
  const learn = (target: Draft, d: Draft): void => {
    const root = rootOf(target);
    if (root === d || rootOf(d) === root) return;
    d.aliasOf = root;
    d.type = root.type;
    d.kind = root.kind;
    const alias = surface(d);
    if (foldName(alias) === foldName(root.canonical)) return;
    root.learned.push({ alias, start: t.start[d.tokenStart]!, end: t.end[d.tokenEnd - 1]!, evidence: sentenceSpan(d.tokenStart) });
  };
  const added: Draft[] = [];
  linkNameVariants(t, drafts, surface);

  // 1. Cue phrases: "by his battlefield name X", "also known as X", "alias X".
  const cue = new RegExp(ALIAS_CUE.source.replace(/\$$/, ''), 'gi');
  for (const m of text.matchAll(cue)) {
    const at = m.index + m[0].length;
    const i = tokenAtOrAfter(t, at);
    if (i >= t.length || t.start[i]! - at > 2) continue;
    const s = sentenceOf(sentences, i);
    if (!s) continue;
    const cueTok = tokenAtOrAfter(t, m.index);
    // The entity named last before the cue, in the same sentence.
    let target: Draft | undefined;
    for (const o of drafts) {
      if (o.tokenEnd > cueTok) break;
      if (o.tokenStart >= s.tokenStart && NAMEY.has(rootOf(o).type)) target = o;
    }
    if (!target) continue;
    let d = byStart.get(i);
    if (d && (d.type === 'LOC' && d.toponym)) continue;
    if (!d) {
      const j = nameRunAt(t, i, caseless, s.tokenEnd);
      if (j === i) continue;
      d = { tokenStart: i, tokenEnd: j, type: target.type, kind: target.kind, canonical: text.slice(t.start[i]!, t.end[j - 1]!), id: '', aliases: new Set(), learned: [] };
      added.push(d);
      byStart.set(i, d);
    }
    learn(target, d);
  }

  // 2. Acronym definitions: "Islamic State Khorasan Province (ISKP)".
  for (const d of drafts) {
    const e = d.tokenEnd;
    if (e + 2 >= t.length || !NAMEY.has(d.type) && d.type !== 'MISC') continue;
    const open = tokenText(t, e);
    const close = tokenText(t, e + 2);
    if (!((open === '(' && close === ')') || (open === '[' && close === ']'))) continue;
    const acr = tokenText(t, e + 1);
    if (!/^\p{Lu}[\p{L}\d-]{1,9}$/u.test(acr) || acr === acr[0]! + acr.slice(1).toLowerCase() && acr.length > 4) continue;
    const inner = byStart.get(e + 1);
    if (inner && (rootOf(inner) === rootOf(d) || inner.id && inner.id === d.id)) continue;
    if (inner && inner.actor && d.actor && inner.actor !== d.actor) continue;
    // The acronym's first letter is an initial of the name (after "the").
    const initials = surface(d).split(/[\s-]+/).filter((w) => w && !/^(?:the|of|and|for|in|al|el)$/i.test(w)).map((w) => w[0]!.toUpperCase());
    if (!initials.includes(acr[0]!.toUpperCase()) && !(d.actor && d.actor.aliases.includes(acr))) continue;
    const a = inner ?? { tokenStart: e + 1, tokenEnd: e + 2, type: d.type, kind: d.kind, canonical: acr, id: '', aliases: new Set<string>(), learned: [] };
    if (!inner) { added.push(a); byStart.set(e + 1, a); }
    learn(d, a);
  }
  if (added.length) {
    drafts.push(...added);
    drafts.sort((x, y) => x.tokenStart - y.tokenStart);
  }

  // 3. Later mentions of learned aliases.
  const learned = new Map<string, Draft>();
  for (const d of drafts) {
    const root = rootOf(d);
    if (root !== d) learned.set(foldName(surface(d)), root);
  }
  for (const d of drafts) {
    if (d.aliasOf || d.type === 'LOC' && d.toponym) continue;
    const known = learned.get(foldName(surface(d)));
    if (known && rootOf(known) !== d && (NAMEY.has(d.type) || d.type === 'MISC')) d.aliasOf = rootOf(known);
  }
  linkNameVariants(t, drafts, surface);
  // Aliases learned on a mention that later joined another entity move to the root.
  for (const d of drafts) {
    const r = rootOf(d);
    if (r !== d && d.learned.length) { r.learned.push(...d.learned); d.learned = []; }
  }
}

/** A person's surname or shorter form joins the full name seen in the document. */
function linkNameVariants(t: Tokens, drafts: readonly Draft[], surface: (d: Draft) => string): void {
  const persons = drafts.filter((d) => d.type === 'PER' && !d.aliasOf && d.tokenEnd - d.tokenStart >= 2);
  const lastName = (d: Draft): string => foldName(tokenText(t, d.tokenEnd - 1)).replace(/^(?:al|el|ad|as|ash|an|ar|at|az) /, '');
  for (const d of drafts) {
    if (d.aliasOf || d.type === 'LOC' || d.kind === 'armed_group' || d.kind === 'nationality') continue;
    const f = foldName(surface(d));
    // A surname or shorter form of a person named in full.
    const n = d.tokenEnd - d.tokenStart;
    if (n > 2) continue;
    const key = lastName(d);
    const single = n === 1 ? f.replace(/^(?:al|el|ad|as|ash|an|ar|at|az) /, '') : null;
    let best: Draft | undefined;
    let after: Draft | undefined;
    let afterCount = 0;
    for (const p of persons) {
      if (p === d || p.tokenEnd - p.tokenStart <= n) continue;
      const match = single !== null ? lastName(p) === single || foldName(tokenText(t, p.tokenStart)) === single && d.type === 'PER' : lastName(p) === key && foldName(surface(p)).endsWith(f);
      if (!match) continue;
      if (p.tokenStart < d.tokenStart) best = p;
      else if (!after || rootOf(after) !== rootOf(p)) { after = after ?? p; afterCount++; }
    }
    const target = best ?? (afterCount === 1 ? after : undefined);
    if (!target) continue;
    if (d.type !== 'PER' && n !== 1) continue;
    d.aliasOf = rootOf(target);
    d.type = 'PER';
    d.kind = 'person';
  }
}
