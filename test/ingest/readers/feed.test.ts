/** Tests of the feed reader: RSS 2.0, Atom, RDF, JSON Feed, sloppy and broken XML. */

import { describe, expect, it } from 'vitest';
import { readFeed } from '../../../src/ingest/readers/feed.js';
import { VigilError } from '../../../src/errors.js';
import { fixtureText } from './helpers.js';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof VigilError ? e.code : `not a VigilError: ${String(e)}`;
  }
}

describe('readFeed', () => {
  it('reads RSS 2.0', () => {
    const r = readFeed(fixtureText('rss2.xml'));
    expect(r.kind).toBe('feed');
    expect(r.title).toBe('Wire & World');
    expect(r.articles.map((a) => [a.id, a.title, a.url, a.published])).toEqual([
      ['wire-1001', 'Explosion hits Kabul ministry', 'https://wire.example/kabul-ministry', '2024-03-11T10:00:00Z'],
      ['https://wire.example/sahel-raid', 'Hostages freed in Sahel raid', 'https://wire.example/sahel-raid', '2024-03-10T08:00:00Z'],
      ['https://wire.example/live', 'Live updates: the aftermath', 'https://wire.example/live', '2024-03-09T22:15:00Z'],
    ]);
    const [first, second, third] = r.articles;
    expect(first?.text).toBe('An explosion hit the ministry in Kabul on Monday & killed two guards.\n\nPolice said the café nearby was damaged.');
    expect(first?.byline).toBe('Staff reporter');
    expect(first?.source).toBe('Wire & World');
    expect(first?.lang).toBe('en');
    expect(second?.text).toBe('Security forces freed 12 hostages held by gunmen.');
    expect(third?.text).toBe('');
  });

  it('reads Atom', () => {
    const r = readFeed(fixtureText('atom.xml'));
    expect(r.title).toBe('Conflict Notes');
    expect(r.articles).toMatchObject([
      {
        id: 'urn:uuid:entry-1',
        title: 'Militants ambush convoy near Kidal',
        url: 'https://notes.example/2024/03/kidal-ambush',
        published: '2024-03-12T08:00:00Z',
        byline: 'R. Diallo',
        text: 'Militants ambushed a supply convoy near Kidal.\n\nThree soldiers died.',
        source: 'Conflict Notes',
      },
      { id: 'urn:uuid:entry-2', url: 'https://notes.example/2024/03/doha-talks', published: '2024-03-11T21:45:00Z', text: 'Negotiators met again on Monday.' },
    ]);
  });

  it('reads RSS 1.0 (RDF)', () => {
    const r = readFeed(fixtureText('rdf.xml'));
    expect(r.title).toBe('RDF Bulletin');
    expect(r.articles).toMatchObject([
      { id: 'https://rdf.example/a1', title: 'Pipeline sabotaged in Arauca', url: 'https://rdf.example/a1', published: '2024-01-05T11:00:00Z', text: 'Rebels blew up a section of the oil pipeline overnight.' },
    ]);
  });

  it('reads JSON Feed', () => {
    const r = readFeed(fixtureText('feed.json'));
    expect(r.title).toBe('JSON Wire');
    expect(r.articles).toMatchObject([
      { id: 'jw-1', title: 'Grenade attack on bus station', url: 'https://json.example/1', published: '2024-03-01T12:30:00Z', byline: 'K. Rao', text: 'A grenade was thrown at a bus station & injured nine.' },
      { id: 'jw-2', published: '2024-03-03', text: 'Authorities lifted the curfew on Sunday.' },
    ]);
  });

  it.each([
    ['bare ampersands and HTML entities', '<rss version="2.0"><channel><title>Fish & Chips</title><item><title>A&nbsp;&amp; B &hellip;</title><link>https://x.example/a?a=1&b=2</link><description>x < y</description></item></channel></rss>', 'A & B …'],
    ['garbage before the root', 'junk\n<rss version="2.0"><channel><title>T</title><item><title>Only</title></item></channel></rss>', 'Only'],
  ])('survives sloppiness: %s', (_name, xml, title) => {
    const r = readFeed(xml);
    expect(r.articles[0]?.title).toBe(title);
  });

  it.each([
    ['broken.xml fixture', fixtureText('broken.xml'), 'feed.malformed'],
    ['root only', '<rss>', 'feed.malformed'],
    ['bad JSON feed', '{"version":"https://jsonfeed.org/version/1.1","items":[}', 'feed.malformed'],
    ['XML that is no feed', '<?xml version="1.0"?><note><to>x</to></note>', 'input.unsupported'],
  ])('rejects %s with %s', (_name, input, code) => {
    expect(codeOf(() => readFeed(input))).toBe(code);
  });
});
