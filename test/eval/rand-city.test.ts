/** How `npm run eval` scores RAND's City column against an incident's place. */
import { describe, expect, it } from 'vitest';
import { randCityMatches } from '../../eval/incidents.js';
import type { IncidentPlace } from '../../src/model.js';

const place = (name: string, feature: string, text = name, country_code = 'TH'): IncidentPlace =>
  ({ name, feature, text, country_code, start: 0, end: text.length, lat: 0, lon: 0, admin1: null, geonameid: null, specificity: 2 }) as unknown as IncidentPlace;

describe('RAND city scoring', () => {
  it('a region matches the bare province name RAND writes, with or without its type word', () => {
    expect(randCityMatches(place('Yala province', 'admin1', 'Yala Province'), 'Yala', 'TH')).toBe(true);
    expect(randCityMatches(place('Diyala', 'admin1', 'Diyala', 'IQ'), 'Diyala', 'IQ')).toBe(true);
    expect(randCityMatches(place('Pattani province', 'admin1'), 'Yala', 'TH')).toBe(false);
  });
  it('a country never matches a city', () => {
    expect(randCityMatches(place('Thailand', 'country'), 'Thailand', 'TH')).toBe(false);
  });
  it('a town matches by its name or by the text\'s words in the right country', () => {
    expect(randCityMatches(place('Kirkuk', 'city', 'Kirkuk', 'IQ'), 'Kirkuk City', 'IQ')).toBe(true);
    expect(randCityMatches(place('An Nasiriyah', 'city', 'Nassariyah', 'IQ'), 'Nassariyah', 'IQ')).toBe(true);
    expect(randCityMatches(place('An Nasiriyah', 'city', 'Nassariyah', 'IQ'), 'Nassariyah', 'SY')).toBe(false);
  });
});
