/**
 * Places the tagger misses or mistypes (names in context, counties inside person spans, a
 * legislator's home town, demonyms of regions) and the geocoder's joint first round.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadGazetteer } from '../../src/resolve/gazetteer.js';
import { geocode } from '../../src/resolve/geocode.js';
import { tokenize, tokenText } from '../../src/nlp/tokenize.js';
import { embeddedToponyms, nameEvidence, placeContext, untaggedToponyms } from '../../src/extract/entity-places.js';

const g = loadGazetteer(path.resolve('data/gazetteer'));
const span = (text: string, words: string): [number, number] => {
  const t = tokenize(text);
  const first = words.split(' ')[0]!;
  const n = tokenize(words).length;
  for (let i = 0; i < t.length; i++) if (tokenText(t, i) === first) return [i, i + n];
  throw new Error(words);
};
const none = { placeKeys: new Set<string>(), personKeys: new Set<string>() };

describe('places in context', () => {
  it('a PER span after "in" or before ", St." is a place; after a title it is not', () => {
    for (const text of ['The parade in Greer drew crowds.', 'He moved to Greer, S.C., last year.']) {
      const t = tokenize(text);
      const [a, b] = span(text, 'Greer');
      expect(placeContext(t, a, b, g)).toBe(true);
      expect(embeddedToponyms(text, t, a, b, 'PER', g, false, none).map((x) => x.text)).toEqual(['Greer']);
    }
    const text = 'Mr. Greer said the vote was close.';
    const t = tokenize(text);
    const [a, b] = span(text, 'Greer');
    expect(embeddedToponyms(text, t, a, b, 'PER', g, false, none)).toEqual([]);
  });

  it('a name the document uses for a person stays a person', () => {
    const text = 'Mr. Greer spoke. Later Greer left.';
    const t = tokenize(text);
    const ev = nameEvidence(text, t, [{ tokenStart: 1, tokenEnd: 2, type: 'PER', placed: false }]);
    expect(ev.personKeys.has('greer')).toBe(true);
    const [a, b] = [5, 6];
    expect(embeddedToponyms(text, t, a, b, 'PER', g, false, ev)).toEqual([]);
  });

  it('a county inside a person span, and a home town after the party', () => {
    const text = 'Laurel County Clerk Dean Johnson said.';
    const t = tokenize(text);
    const found = embeddedToponyms(text, t, 0, 5, 'PER', g, false, none);
    expect(found.map((x) => x.text)).toEqual(['Laurel County']);
    expect(found[0]!.candidates[0]).toMatchObject({ feature: 'admin2', admin1: 'KY' });
    const text2 = 'Rep. Joseph Wagner, D-Chicopee, said.';
    const t2 = tokenize(text2);
    const got = untaggedToponyms(text2, t2, new Int32Array(t2.length).fill(-1).map((_, i) => (i < 3 ? 0 : -1)), g, none);
    expect(got.map((x) => x.text)).toEqual(['Chicopee']);
  });

  it('demonyms of regions name the region', () => {
    const text = 'Iowans will vote.';
    const t = tokenize(text);
    const got = embeddedToponyms(text, t, 0, 1, 'MISC', g, false, none);
    expect(got[0]?.candidates[0]).toMatchObject({ feature: 'admin1', country: 'US', admin1: 'IA' });
  });
});

describe('joint geocoding', () => {
  it('the readings of all names vote before any choice: Alexandria with Rapides Parish is in Louisiana', () => {
    const tops = ['Alexandria', 'Rapides Parish'].map((n, i) => ({ start: i * 20, end: i * 20 + n.length, text: n, candidates: g.candidates(n) }));
    expect(tops[1]!.candidates.length).toBeGreaterThan(0);
    const [a] = geocode(tops, { countries: new Map() });
    expect(a).toMatchObject({ country: 'US', admin1: 'LA' });
  });
});
