/** Tests of the HTML reader: metadata from JSON-LD, meta tags and `<time>`, body text, failures. */

import { describe, expect, it } from 'vitest';
import { readHtml } from '../../../src/ingest/readers/html.js';
import { VigilError } from '../../../src/errors.js';
import { fixtureText } from './helpers.js';

describe('readHtml', () => {
  it('reads a page with JSON-LD (@graph)', () => {
    const r = readHtml(fixtureText('html-jsonld.html'), { url: 'https://horn.example/world/car-bomb-mogadishu?utm=x' });
    const a = r.articles[0]!;
    expect(a).toMatchObject({
      title: 'Car bomb kills five in Mogadishu market',
      published: '2024-02-14T06:30:00Z',
      source: 'Horn Daily',
      byline: 'Amina Yusuf',
      lang: 'en',
      url: 'https://horn.example/world/car-bomb-mogadishu?utm=x',
      canonicalUrl: 'https://horn.example/world/car-bomb-mogadishu',
    });
    expect(a.text.split('\n\n')).toEqual([
      'A car bomb exploded in a crowded market in Mogadishu on Wednesday morning, killing at least five people and wounding 12 others, police said.',
      'The blast struck near the Bakara market shortly after 9 a.m. — the busiest hour & the most dangerous, witnesses told reporters at the scene.',
      'No group immediately claimed responsibility, but al-Shabaab has carried out similar attacks in the Somali capital in recent years.',
    ]);
    expect(a.text).not.toContain('Home');
    expect(a.related).toEqual([
      { title: 'Al-Shabaab gunmen storm hotel in Mogadishu', url: 'https://horn.example/world/shabaab-hotel-siege' },
      { title: 'Somalia prepares for contested elections', url: 'https://horn.example/world/somalia-elections' },
    ]);
  });

  it('reads a page with only meta tags', () => {
    const a = readHtml(fixtureText('html-meta.html')).articles[0]!;
    expect(a).toMatchObject({
      title: 'Attaque au couteau à Arras',
      published: '2023-10-13T11:05:00Z',
      source: 'Le Quotidien',
      byline: 'Jean Martin',
      lang: 'fr',
      canonicalUrl: 'https://quotidien.example/arras-attaque',
      url: 'https://quotidien.example/arras-attaque',
    });
    expect(a.text).toContain("lors d'une attaque au couteau dans un lycée d'Arras");
    expect(a.text).toContain('L’assaillant');
    expect(a.text).not.toMatch(/&#?\w+;/);
  });

  it('reads a page with only <time> and a title suffix', () => {
    const a = readHtml(fixtureText('html-time.html')).articles[0]!;
    expect(a.title).toBe('Gunmen attack police post in Burkina Faso');
    expect(a.source).toBe('The Sahel Monitor');
    expect(a.published).toBe('2023-11-26');
    expect(a.byline).toBeNull();
    expect(a.text).toContain('according to local sources.\nThe army said');
    expect(a.text).toContain('At least eight officers were killed.');
    expect(a.text).not.toContain('Gunmen attack police post in Burkina Faso\n');
  });

  it.each([
    ['og:published_time', '<meta property="og:published_time" content="2024-01-02T03:04:05+01:00">', '2024-01-02T02:04:05Z'],
    ['name=date', '<meta name="date" content="2024-01-02">', '2024-01-02'],
    ['name=pubdate', '<meta name="pubdate" content="20240102">', null],
    ['dc.date', '<meta name="DC.date" content="2024-01-02">', '2024-01-02'],
    ['JSON-LD array', '<script type="application/ld+json">[{"@type":"NewsArticle","datePublished":"Tue, 02 Jan 2024 10:00:00 GMT"}]</script>', '2024-01-02T10:00:00Z'],
    ['broken JSON-LD, then <time>', '<script type="application/ld+json">{oops</script></head><body><time datetime="2024-01-03T10:00">x</time>', '2024-01-03T10:00:00'],
  ])('published from %s', (_name, head, expected) => {
    const html = `<html><head>${head}</head><body><article><p>${'Gunmen attacked a village in the north of the country. '.repeat(5)}</p></article></body></html>`;
    expect(readHtml(html).articles[0]!.published).toBe(expected);
  });

  it('reads a bare fragment', () => {
    const a = readHtml('<p>Rebels seized the town of Bunia on Friday, residents said.</p>').articles[0]!;
    expect(a.text).toBe('Rebels seized the town of Bunia on Friday, residents said.');
  });

  it('throws html.unreadable when there is no body text', () => {
    expect(() => readHtml(fixtureText('html-empty.html'))).toThrow(VigilError);
    try {
      readHtml(fixtureText('html-empty.html'));
    } catch (e) {
      expect((e as VigilError).code).toBe('html.unreadable');
    }
  });
});
