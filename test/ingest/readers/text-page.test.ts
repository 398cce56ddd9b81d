/** Tests of the plain-text page reader: aggregator pages, wire datelines, and the real seed article. */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDateline, readTextPage } from '../../../src/ingest/readers/text-page.js';
import { fixtureText, repoRoot } from './helpers.js';

describe('readTextPage: aggregator page', () => {
  const r = readTextPage(fixtureText('aggregator.txt'));
  const a = r.articles[0]!;

  it('reads the header', () => {
    expect(r.kind).toBe('article');
    expect(a.title).toBe('Drone strike hits fuel depot in Sevastopol');
    expect(a.source).toBe('Black Sea News');
    expect(a.published).toBe('2023-07-04');
  });

  it('cleans the body', () => {
    expect(a.text).toBe(
      "A drone strike set a fuel depot on fire in Sevastopol early on Tuesday, the city's governor said.\n" +
        'Key facts\n\nNo casualties were reported.\nShare prices of regional fuel suppliers fell after the strike.',
    );
  });

  it('turns "Also read" and the related-post teasers into related links', () => {
    expect(a.related).toEqual([
      { title: 'Ferry traffic suspended across the Kerch Strait', url: null },
      { title: 'Port of Odesa shelled overnight as grain deal lapses', url: null },
      { title: 'Crimea bridge reopens to traffic after repairs', url: null },
    ]);
  });
});

describe('readTextPage: small pages', () => {
  it.each<[string, string, { title: string | null; text: string; published?: string | null; source?: string | null; byline?: string | null }]>([
    ['one line is body, not title', 'Kabul — blast near the Green Zone\n', { title: null, text: 'Kabul — blast near the Green Zone' }],
    ['prose first line is not a title', 'Gunmen attacked a bus.\n\nNine died.', { title: null, text: 'Gunmen attacked a bus.\n\nNine died.' }],
    ['title + body', 'Bus attacked near Kano\n\nGunmen attacked a bus.', { title: 'Bus attacked near Kano', text: 'Gunmen attacked a bus.' }],
    [
      'updated line and byline',
      'Updated: Mar 29, 2024, 10:15 IST\nRiots in Imphal | The Hindu\nBy Ravi Kumar\n\nCurfew was imposed.\n\nShare on Facebook\nTweet',
      { title: 'Riots in Imphal', text: 'Curfew was imposed.', published: '2024-03-29', source: 'The Hindu', byline: 'Ravi Kumar' },
    ],
    ['colon dateline', 'ISLAMABAD: The Islamic State group claimed the shooting.', { title: null, text: 'ISLAMABAD: The Islamic State group claimed the shooting.' }],
  ])('%s', (_name, input, expected) => {
    const a = readTextPage(input).articles[0]!;
    expect(a.title).toBe(expected.title);
    expect(a.text).toBe(expected.text);
    if (expected.published !== undefined) expect(a.published).toBe(expected.published);
    if (expected.source !== undefined) expect(a.source).toBe(expected.source);
    if (expected.byline !== undefined) expect(a.byline).toBe(expected.byline);
  });
});

describe('readTextPage: wire datelines', () => {
  it('keeps an FBIS text intact and reads its dateline and source', () => {
    const input = fixtureText('dateline-fbis.txt');
    const a = readTextPage(input).articles[0]!;
    expect(a.text).toBe(input);
    expect(a.published).toBe('1991-02-14');
    expect(a.source).toBe('NATIONAL POLICE COMMAND, DIRCOTE');
    expect(a.dateline).toEqual({ place: 'LIMA', date: '1991-02-14', span: { start: 3, end: 7 } });
    expect(a.text.slice(a.dateline!.span.start, a.dateline!.span.end)).toBe('LIMA');
  });

  it('finds a modern dateline after the page header, with the year from the date line', () => {
    const a = readTextPage(fixtureText('dateline-wire.txt')).articles[0]!;
    expect(a.title).toBe('Bomb blast hits bus in Quetta');
    expect(a.source).toBe('Daily Frontier');
    expect(a.published).toBe('2025-01-03');
    expect(a.text.startsWith('QUETTA, Jan 2 (Reuters) - A bomb')).toBe(true);
    expect(a.text).not.toContain('Share');
    expect(a.text).not.toContain('inputs from agencies');
    expect(a.dateline).toEqual({ place: 'QUETTA', date: '2025-01-02', span: { start: 0, end: 6 } });
  });

  it.each<[string, string | null, { place: string; date: string | null; source: string | null } | null]>([
    ['   SAN SALVADOR, 3 JAN 90 -- [REPORT] [ARMED FORCES PRESS COMMITTEE,\nCOPREFA] [TEXT] THE ARCE', null, { place: 'SAN SALVADOR', date: '1990-01-03', source: 'ARMED FORCES PRESS COMMITTEE, COPREFA' }],
    ['   BOGOTA, 18 APRIL 89 (AFP) -- [TEXT] MULTI-PARTY TALKS', null, { place: 'BOGOTA', date: '1989-04-18', source: 'AFP' }],
    ['   PERTH (AUSTRALIA), JUNE 11 89 (AFP) -- [TEXT] X', null, { place: 'PERTH', date: '1989-06-11', source: 'AFP' }],
    ['   LIMA, NO DATE (DOMESTIC SERVICE) -- [SPEECH] [GARCIA] [TEXT] X', null, { place: 'LIMA', date: null, source: 'DOMESTIC SERVICE' }],
    ['   TEGUCIGALPA, 7 FEB (REUTER) -- [TEXT] A BOMB', '1990-03-01', { place: 'TEGUCIGALPA', date: '1990-02-07', source: 'REUTER' }],
    ['MOSCOW, March 22, 2024 (Reuters) - Gunmen', null, { place: 'MOSCOW', date: '2024-03-22', source: 'Reuters' }],
    ['KYIV, Dec 31 (AP) — Drones', '2025-01-02', { place: 'KYIV', date: '2024-12-31', source: 'AP' }],
    ['Moscow, March 22 (Reuters) - lower-case place is not a dateline', null, null],
    ['The attack happened -- again.', null, null],
  ])('findDateline(%j)', (text, ref, expected) => {
    const d = findDateline(text, ref);
    if (!expected) {
      expect(d).toBeNull();
      return;
    }
    expect(d?.dateline.place).toBe(expected.place);
    expect(d?.dateline.date).toBe(expected.date);
    expect(d?.source).toBe(expected.source);
    expect(text.slice(d!.dateline.span.start, d!.dateline.span.end)).toBe(expected.place);
  });
});

const seedPath = path.resolve(repoRoot, '../shared/seed/article-isis-k-2024-03-29.txt');
const hasSeed = existsSync(seedPath);
if (!hasSeed) console.log(`[readers] skipping the seed-article test: ${seedPath} is absent`);

describe.skipIf(!hasSeed)('readTextPage: the seed article', () => {
  it('reads it as a user expects', () => {
    const r = readTextPage(readFileSync(seedPath, 'utf8'));
    expect(r.articles).toHaveLength(1);
    const a = r.articles[0]!;
    expect(a.published).toBe('2024-03-29');
    expect(a.title).toBe('Moscow massacre showed Isis-K is at war with the world: Could US be the next?');
    expect(a.source).toBe('Times of India');
    expect(a.text).toContain('In the wake of a deadly attack in Moscow');
    expect(a.text).toContain('said Sara Harmouch, American University.');
    for (const junk of ['Share', 'Related post', '(With inputs from agencies)', 'Source', '•', 'March 29, 2024']) {
      expect(a.text).not.toContain(junk);
    }
    expect(a.text.startsWith('In the wake of')).toBe(true);
    expect(a.related).toHaveLength(3);
    const prefixes = ['Islamic State killed more than 4,000', '“EU In Crosshairs Of Jihadists”', 'The Islamic State group says it was behind'];
    prefixes.forEach((p, i) => {
      expect(a.related[i]?.title.startsWith(p)).toBe(true);
      expect(a.related[i]?.title).not.toMatch(/ – (Times of India|News18)$/);
      expect(a.related[i]?.url).toBeNull();
    });
  });
});
