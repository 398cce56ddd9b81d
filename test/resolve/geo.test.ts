/**
 * The geocoder on its own (gazetteer candidates + `geocode()`): the seed article's places as a
 * golden table, then the rules one by one (folding, demonyms, containment, document context,
 * one sense per document, landmarks).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../src/resolve/gazetteer.js';
import { distanceKm, geocode, looksLikeLandmark, type Toponym } from '../../src/resolve/geocode.js';

const g = loadGazetteer(path.resolve('data/gazetteer'));

/** Toponyms for every occurrence of `names` in `text`; "A, B" makes B the container of A. */
function toponymsOf(text: string, names: readonly string[]): Toponym[] {
  const out: Toponym[] = [];
  for (const name of names) {
    const re = new RegExp(`\\b${name.replace(/[.]/g, '\\.')}(?!\\w)`, 'g'); // "Ky." ends in a dot
    for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + name.length, text: name, candidates: g.candidates(name) });
  }
  out.sort((a, b) => a.start - b.start);
  for (let i = 0; i + 1 < out.length; i++) if (/^\s*,\s*$/.test(text.slice(out[i]!.end, out[i + 1]!.start))) out[i]!.container = out[i + 1]!.candidates;
  return out;
}

function resolve(text: string, names: readonly string[]): Map<string, ReturnType<typeof geocode>[number]> {
  const tops = toponymsOf(text, names);
  const chosen = geocode(tops, { countries: new Map(), text });
  const m = new Map<string, ReturnType<typeof geocode>[number]>();
  tops.forEach((t, i) => { if (!m.has(t.text)) m.set(t.text, chosen[i] ?? null); });
  return m;
}

const SEED = path.resolve('../shared/seed/article-isis-k-2024-03-29.txt');

describe.skipIf(!fs.existsSync(SEED))('seed article places (golden)', () => {
  const text = fs.existsSync(SEED) ? fs.readFileSync(SEED, 'utf8') : '';
  const names = ['Russian', 'Afghan', 'Moscow', 'Kandahar', 'Kabul', 'San Bernardino', 'California', 'Orlando', 'Florida', 'Balochistan', 'Afghanistan', 'Pakistan', 'United States', 'US'];
  const got = resolve(text, names);
  const rows: Array<[string, string, string | null, number, number]> = [
    // name, country, admin1, lat, lon (GeoNames)
    ['Moscow', 'RU', null, 55.7522, 37.6156],
    ['Kandahar', 'AF', null, 31.6133, 65.7101],
    ['Kabul', 'AF', null, 34.5281, 69.1723],
    ['San Bernardino', 'US', 'CA', 34.1083, -117.2898],
    ['Orlando', 'US', 'FL', 28.5383, -81.3792],
    ['Balochistan', 'PK', null, 28.5, 65.5],
  ];
  it.each(rows)('%s -> %s', (name, cc, admin1, lat, lon) => {
    const p = got.get(name);
    expect(p?.country).toBe(cc);
    if (admin1) expect(p?.admin1).toBe(admin1);
    expect(distanceKm(p!, { lat, lon })).toBeLessThan(161);
  });
});

describe('candidates', () => {
  it.each([
    ['Kandahār', 'AF'], ['KANDAHAR', 'AF'], ['Al Maḩmūdīyah', 'IQ'], ['Mahmudiyah', 'IQ'], ['al-Mahmudiyah', 'IQ'],
    ['Iraq’s', 'IQ'], ['the Netherlands', 'NL'], ['Afghan', 'AF'], ['Russians', 'RU'], ['Canadian', 'CA'], ['W.Va.', 'US'],
    ['Kandahar City', 'AF'], ['Basra', 'IQ'], ['Samawa', 'IQ'], ['Cologne', 'DE'], ['Vitoria', 'ES'],
  ])('%s has a candidate in %s', (name, cc) => {
    expect(g.candidates(name).some((p) => p.country === cc)).toBe(true);
  });

  it('"X City" is the town X only when the gazetteer has no such name', () => {
    expect(g.candidates('Kirkuk city').every((p) => p.feature === 'city' && p.country === 'IQ')).toBe(true);
    expect(g.candidates('Guatemala City')[0]).toMatchObject({ name: 'Guatemala City', country: 'GT' });
    expect(g.candidates('Nowhere City')).toEqual([]);
  });

  it('puts a demonym\'s country first, at its centroid rather than its capital', () => {
    const [us] = g.candidates('American');
    expect(us).toMatchObject({ feature: 'country', country: 'US' });
    expect(distanceKm(us!, { lat: 38.9, lon: -77.0 })).toBeGreaterThan(500); // not Washington
  });

  it('knows first-level regions and their abbreviations', () => {
    expect(g.candidates('Kentucky')[0]).toMatchObject({ feature: 'admin1', country: 'US', admin1: 'KY' });
    expect(g.candidates('Ky.')[0]).toMatchObject({ feature: 'admin1', admin1: 'KY' });
    expect(g.candidates('Ontario').some((p) => p.feature === 'admin1' && p.country === 'CA')).toBe(true);
    expect(g.admin1('US', 'CA')?.name).toBe('California');
  });

  it('knows US counties, parishes and boroughs (us-atlas) as admin2 rows of their state', () => {
    const laurel = g.candidates('Laurel County');
    expect(laurel).toHaveLength(1);
    expect(laurel[0]).toMatchObject({ name: 'Laurel County', feature: 'admin2', country: 'US', admin1: 'KY', code: 'ADM2' });
    expect(distanceKm(laurel[0]!, { lat: 37.11, lon: -84.12 })).toBeLessThan(30); // London, Ky. is its seat
    expect(g.candidates('Laurel Co.')[0]).toMatchObject({ name: 'Laurel County', admin1: 'KY', lat: laurel[0]!.lat });
    expect(g.candidates('East Baton Rouge Parish')[0]).toMatchObject({ feature: 'admin2', admin1: 'LA' });
    expect(g.candidates('Matanuska-Susitna Borough')[0]).toMatchObject({ feature: 'admin2', admin1: 'AK' });
    expect(g.candidates('St. Louis County').map((p) => p.admin1).sort()).toEqual(['MN', 'MO']);
    // The bare name only when no other county and no city of its state has it.
    expect(g.candidates('Kanawha').some((p) => p.feature === 'admin2' && p.admin1 === 'WV')).toBe(true);
    expect(g.candidates('Madison').some((p) => p.feature === 'admin2')).toBe(false); // twenty Madison counties
    expect(g.candidates('Los Angeles').some((p) => p.feature === 'admin2')).toBe(false); // the city of its state
    expect(g.candidates('Madison County').length).toBeGreaterThan(10);
  });

  it('has no candidates for words that are not places', () => {
    expect(g.candidates('')).toEqual([]);
    expect(g.candidates('Xyzzyville')).toEqual([]);
  });
});

describe('geocode rules', () => {
  it('containment: "Orlando, Florida" and "Alexandria, La." pick the US cities', () => {
    const m = resolve('A nightclub in Orlando, Florida was attacked. A woman from Alexandria, Louisiana was charged.', ['Orlando', 'Florida', 'Alexandria', 'Louisiana']);
    expect(m.get('Orlando')).toMatchObject({ country: 'US', admin1: 'FL' });
    expect(m.get('Alexandria')).toMatchObject({ country: 'US', admin1: 'LA' });
  });

  it('containment: "Laurel County, Ky." and "Madison County, Ill." pick the county of the state', () => {
    const m = resolve('Deputies in Laurel County, Ky. and in Madison County, Ill. made arrests.', ['Laurel County', 'Ky.', 'Madison County', 'Ill.']);
    expect(m.get('Laurel County')).toMatchObject({ feature: 'admin2', country: 'US', admin1: 'KY' });
    expect(m.get('Madison County')).toMatchObject({ feature: 'admin2', country: 'US', admin1: 'IL' });
  });

  it('a county contains the towns near it: "London, Laurel County" is London, Ky.', () => {
    const m = resolve('A crash in London, Laurel County injured two.', ['London', 'Laurel County']);
    expect(m.get('London')).toMatchObject({ country: 'US', admin1: 'KY' });
  });

  it('document context picks among same-named counties', () => {
    const m = resolve('Sheriffs in Madison County and in Huntsville, Alabama searched the area.', ['Madison County', 'Huntsville', 'Alabama']);
    expect(m.get('Madison County')).toMatchObject({ feature: 'admin2', admin1: 'AL' });
  });

  it('document context: the other places of the article decide', () => {
    const m = resolve('Alexandria police said the suspect fled to Pineville. Deputies from Rapides Parish and Lafayette helped.', ['Alexandria', 'Pineville', 'Lafayette']);
    expect(m.get('Alexandria')).toMatchObject({ country: 'US', admin1: 'LA' });
  });

  it('population prior without context: Moscow is in Russia, Paris in France', () => {
    const m = resolve('Moscow and Paris.', ['Moscow', 'Paris']);
    expect(m.get('Moscow')?.country).toBe('RU');
    expect(m.get('Paris')?.country).toBe('FR');
  });

  it('one sense per document', () => {
    const text = 'Georgia officials met in Atlanta. Later, Georgia said more.';
    const tops = toponymsOf(text, ['Georgia', 'Atlanta']);
    const out = geocode(tops, { countries: new Map(), text });
    const georgias = tops.map((t, i) => (t.text === 'Georgia' ? out[i] : undefined)).filter(Boolean);
    expect(georgias).toHaveLength(2);
    expect(georgias[0]).toEqual(georgias[1]);
    expect(georgias[0]).toMatchObject({ feature: 'admin1', country: 'US' });
  });

  it.each([
    ['a bomb at Café Paris injured two', 'Paris'],
    ['the fire at 6016 Dublin Road spread', 'Dublin'],
    ['guests of the Hotel Berlin fled', 'Berlin'],
    ['the militia calls itself "Kabul" in its posts', 'Kabul'],
  ])('landmarks are not places: %s', (text, name) => {
    const t = toponymsOf(text, [name])[0]!;
    expect(looksLikeLandmark(t, text)).toBe(true);
    expect(geocode([t], { countries: new Map(), text })[0]).toBeNull();
  });

  it.each([
    ['gunmen attacked Kabul’s airport', 'Kabul'],
    ['he lives in Dublin, where', 'Dublin'],
  ])('and places are not landmarks: %s', (text, name) => {
    expect(looksLikeLandmark(toponymsOf(text, [name])[0]!, text)).toBe(false);
  });
});
