/** Table tests for the deterministic ids and canonical keys of `src/store/ids.ts`. */
import { describe, expect, it } from 'vitest';
import { articleId, articleKey, canonicalUrl, contentHash, entityId, incidentId, incidentKey, sourceId } from '../../src/store/ids.js';

describe('canonicalUrl', () => {
  const rows: Array<[string, string]> = [
    ['HTTPS://Example.COM/Path/To', 'https://example.com/Path/To'],
    ['https://example.com/a/#frag', 'https://example.com/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['http://example.com:80/', 'http://example.com/'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['https://example.com/', 'https://example.com/'],
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/a?utm_source=x&id=3&UTM_Medium=y&fbclid=z&gclid=q', 'https://example.com/a?id=3'],
    ['https://example.com/a?utm_campaign=x', 'https://example.com/a'],
    ['https://example.com/a?b=2&a=1', 'https://example.com/a?b=2&a=1'],
    ['  https://example.com/a  ', 'https://example.com/a'],
    ['not a url', 'not a url'],
  ];
  it.each(rows)('%s -> %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });
});

describe('entityId', () => {
  const rows: Array<[string, string, string]> = [
    ['person', 'Sanaullah Ghafari', 'person:sanaullah-ghafari'],
    ['armed_group', 'Islamic State Khorasan Province', 'armed_group:islamic-state-khorasan-province'],
    ['armed_group', 'Tehrik-i-Taliban Pakistan', 'armed_group:tehrik-i-taliban-pakistan'],
    ['person', 'Abū Bakr al-Baghdādī', 'person:abu-bakr-al-baghdadi'],
    ['city', 'São Paulo', 'city:sao-paulo'],
    ['person', '  Mullah  Omar ', 'person:mullah-omar'],
    ['media', "Al-Jazeera's Desk", 'media:al-jazeera-s-desk'],
  ];
  it.each(rows)('%s %s -> %s', (kind, name, expected) => {
    expect(entityId(kind, name)).toBe(expected);
  });
  it('gives a stable non-empty slug to names without letters', () => {
    expect(entityId('misc', '!!!')).toMatch(/^misc:h-[0-9a-f]{8}$/);
    expect(entityId('misc', '!!!')).toBe(entityId('misc', '!!!'));
  });
});

describe('hashes and ids', () => {
  it('hashes text regardless of case and whitespace', () => {
    expect(contentHash('A  bomb\n\texploded. ')).toBe(contentHash('a bomb exploded.'));
    expect(contentHash('a bomb exploded.')).not.toBe(contentHash('a bomb exploded!'));
    expect(contentHash('x')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keys an article by canonical URL, else URL, else content hash', () => {
    expect(articleKey({ canonicalUrl: 'https://a.example/x/', url: 'https://b.example/y', text: 't' })).toBe('https://a.example/x');
    expect(articleKey({ url: 'https://b.example/y?utm_source=z', text: 't' })).toBe('https://b.example/y');
    // A home page declared as canonical of an article page is ignored.
    expect(articleKey({ canonicalUrl: 'https://b.example/', url: 'https://b.example/news/1', text: 't' })).toBe('https://b.example/news/1');
    expect(articleKey({ canonicalUrl: 'https://b.example/', url: 'https://b.example/?p=1', text: 't' })).toBe('https://b.example/?p=1');
    expect(articleKey({ url: null, text: 'Some  Text' })).toBe(`hash:${contentHash('some text')}`);
    expect(articleKey({ url: null, text: '', title: 'Only a title' })).toBe(`hash:${contentHash('Only a title')}`);
  });

  it('derives prefixed 16-hex ids deterministically', () => {
    expect(articleId('https://a.example/x')).toMatch(/^a_[0-9a-f]{16}$/);
    expect(articleId('https://a.example/x')).toBe(articleId('https://a.example/x'));
    expect(sourceId('https://Example.com/feed/')).toBe(sourceId('https://example.com/feed'));
    expect(sourceId('https://example.com/feed')).toMatch(/^s_[0-9a-f]{16}$/);
    expect(incidentId('a_1', 'k')).toMatch(/^i_[0-9a-f]{16}$/);
    expect(incidentId('a_1', 'k')).not.toBe(incidentId('a_2', 'k'));
  });

  it('keys an incident by date, place, attack types and trigger, not offsets', () => {
    const base = { date: '2024-03-22', place: { name: 'Moscow' }, attack_types: ['Armed Assault', 'Hostage Taking (Barricade Incident)'], trigger: { text: 'stormed' } };
    const moved = { ...base, attack_types: [...base.attack_types].reverse(), trigger: { text: 'Stormed', start: 99, end: 106 } };
    expect(incidentKey(moved)).toBe(incidentKey(base));
    expect(incidentKey({ ...base, date: '2024-03-23' })).not.toBe(incidentKey(base));
    expect(incidentKey({ ...base, place: null })).not.toBe(incidentKey(base));
  });
});
