/**
 * Tests for the actor gazetteer: the data file's invariants (sorted, ids = slug(canonical),
 * parents exist without cycles, no undeclared alias collisions) and the behaviour of
 * `lookup()` and `findInText()` on names, case variants and ordinary words.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actorId, loadActors, readActors, readAmbiguous } from '../../src/resolve/actors.js';
import { foldName } from '../../src/nlp/fold.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.join(root, 'data', 'actors');
const file = path.join(dir, 'armed-groups.jsonl');
const actors = readActors(file);
const gaz = loadActors();

const key = (s: string): string =>
  [...s.matchAll(/[\p{L}\p{N}]+(?:['’ʼ][\p{L}\p{N}]+)*/gu)]
    .map((m) => foldName(m[0]))
    .join(' ')
    .replace(/^the /, '');

describe('data/actors/armed-groups.jsonl', () => {
  it('has one JSON object per line, sorted by id, at least 250 groups', () => {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(actors.length);
    expect(actors.length).toBeGreaterThanOrEqual(250);
    const ids = actors.map((a) => a.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('has unique ids equal to armed_group: + slug(canonical)', () => {
    const ids = new Set<string>();
    for (const a of actors) {
      expect(a.id).toBe(actorId(a.canonical));
      expect(ids.has(a.id)).toBe(false);
      ids.add(a.id);
    }
  });

  it('has well-formed fields', () => {
    for (const a of actors) {
      for (const c of a.countries) expect(c, a.id).toMatch(/^[A-Z]{2}$/);
      const [from, to] = a.active;
      if (from !== null && to !== null) expect(from, a.id).toBeLessThanOrEqual(to);
      expect(new Set(a.aliases).size, a.id).toBe(a.aliases.length);
    }
  });

  it('has parents that exist, and no cycles', () => {
    const byId = new Map(actors.map((a) => [a.id, a]));
    for (const a of actors) {
      if (a.parent) expect(byId.has(a.parent), `${a.id} -> ${a.parent}`).toBe(true);
      const seen = new Set([a.id]);
      let p = a.parent;
      while (p) {
        expect(seen.has(p), `cycle through ${a.id}`).toBe(false);
        seen.add(p);
        p = byId.get(p)?.parent ?? null;
      }
    }
  });

  it('has no alias shared by two groups unless listed in ambiguous-aliases.tsv', () => {
    const ambiguous = readAmbiguous(path.join(dir, 'ambiguous-aliases.tsv'));
    const owners = new Map<string, Set<string>>();
    for (const a of actors)
      for (const n of [a.canonical, ...a.aliases]) {
        const k = key(n);
        const s = owners.get(k) ?? new Set<string>();
        s.add(a.id);
        owners.set(k, s);
      }
    const undeclared: string[] = [];
    for (const [k, ids] of owners) {
      if (ids.size < 2) continue;
      const listed = ambiguous.get(k) ?? [];
      if (![...ids].every((id) => listed.includes(id))) undeclared.push(`${k}: ${[...ids].join(', ')}`);
    }
    expect(undeclared).toEqual([]);
    // Every listed id exists.
    for (const ids of ambiguous.values()) for (const id of ids) expect(gaz.get(id), id).toBeDefined();
  });
});

describe('lookup', () => {
  const iskp = 'armed_group:islamic-state-khorasan-province';
  it.each([
    ['ISKP', iskp],
    ['Isis-K', iskp],
    ['ISIS-K', iskp],
    ['Islamic State Khorasan Province', iskp],
    ['Wilayat Khorasan', iskp],
    ['Daesh', 'armed_group:islamic-state'],
    ['the Islamic State group', 'armed_group:islamic-state'],
    ["Islamic State's", 'armed_group:islamic-state'],
    ['ISLAMIC STATE', 'armed_group:islamic-state'],
    ['Sendero Luminoso', 'armed_group:shining-path'],
    ['Shining Path', 'armed_group:shining-path'],
    ['FMLN', 'armed_group:farabundo-marti-national-liberation-front'],
    ['Farabundo Martí National Liberation Front', 'armed_group:farabundo-marti-national-liberation-front'],
    ['the Extraditables', 'armed_group:medellin-cartel'],
    ['Pakistani Taliban', 'armed_group:tehrik-i-taliban-pakistan'],
    ['al-Qaida', 'armed_group:al-qaeda'],
    ['Hizballah', 'armed_group:hezbollah'],
    ['Ansar Allah', 'armed_group:houthis'],
    ["Lord's Resistance Army", 'armed_group:lords-resistance-army'],
  ])('%s -> %s', (name, id) => {
    expect(gaz.lookup(name)[0]?.id).toBe(id);
  });

  it('gives ISKP the Islamic State as parent', () => {
    expect(gaz.get(iskp)?.parent).toBe('armed_group:islamic-state');
    expect(gaz.parentChain(iskp).map((a) => a.id)).toEqual(['armed_group:islamic-state']);
    expect(gaz.parentChain('armed_group:katiba-macina').map((a) => a.id)).toEqual([
      'armed_group:jamaat-nusrat-al-islam-wal-muslimin',
      'armed_group:al-qaeda',
    ]);
  });

  it('returns every group for an ambiguous alias, preferred first', () => {
    expect(gaz.lookup('SLA').map((a) => a.id)[0]).toBe('armed_group:sudan-liberation-movement-army');
    expect(gaz.lookup('ELF').length).toBe(2);
  });

  it('finds nothing for unknown names', () => {
    expect(gaz.lookup('Rotary Club')).toEqual([]);
    expect(gaz.lookup('')).toEqual([]);
  });
});

describe('findInText', () => {
  const ids = (text: string): string[] => gaz.findInText(text).map((m) => m.actor.id);

  it('finds groups in mixed-case text, longest match first, with offsets', () => {
    const text = "The Islamic State's Khorasan affiliate ISIS-K and the Islamic State Khorasan Province group clashed with the Taliban; IS claimed it.";
    const found = gaz.findInText(text);
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(found.map((m) => m.actor.id)).toEqual([
      'armed_group:islamic-state',
      'armed_group:islamic-state-khorasan-province',
      'armed_group:islamic-state-khorasan-province',
      'armed_group:taliban',
      'armed_group:islamic-state',
    ]);
    expect(found[2]?.text).toBe('Islamic State Khorasan Province');
  });

  it('finds groups in ALL CAPS wire text', () => {
    expect(ids('SAN SALVADOR, 3 JAN 90 -- THE FMLN AND THE SHINING PATH (SENDERO LUMINOSO) ATTACKED; IT IS NOT KNOWN IF THE ELN WAS INVOLVED.')).toEqual([
      'armed_group:farabundo-marti-national-liberation-front',
      'armed_group:shining-path',
      'armed_group:shining-path',
      'armed_group:national-liberation-army',
    ]);
  });

  it('finds groups in lower-case text', () => {
    expect(ids('militants of al-shabaab and iskp were blamed, while the farc denied it is involved')).toEqual([
      'armed_group:al-shabaab',
      'armed_group:islamic-state-khorasan-province',
      'armed_group:revolutionary-armed-forces-of-colombia',
    ]);
  });

  it('keeps case-sensitive acronyms apart: JeM vs JEM', () => {
    expect(ids('JeM claimed the attack.')).toEqual(['armed_group:jaish-e-mohammed']);
    expect(ids('JEM fighters entered Darfur.')).toEqual(['armed_group:justice-and-equality-movement']);
  });

  it.each(['This is a test', 'it is what it is', 'IT IS WHAT IT IS', 'Let us go far, as far as the path allows.', 'We saw a shining path to the islamic state of mind.', 'Is this the one?'])(
    'finds nothing in %j',
    (text) => {
      expect(gaz.findInText(text)).toEqual([]);
    },
  );
});
