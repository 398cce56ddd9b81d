/**
 * Golden test of the entity pass on the seed article (issues 3 and 4): persons, organisations,
 * armed groups with parents, one id per alias chain, places with coordinates. Skipped with a
 * message when ../shared is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/resources.js';
import { extractArticle } from '../../src/extract/extract.js';
import { distanceKm } from '../../src/resolve/geocode.js';
import type { ExtractRecord } from '../../src/model.js';

const SEED = path.resolve('../shared/seed/article-isis-k-2024-03-29.txt');
const present = fs.existsSync(SEED);
if (!present) console.log(`seed-entities.test: ${SEED} not found, skipping the seed entity golden test`);

function seedBody(raw: string): string {
  const a = raw.indexOf('In the wake of');
  const end = 'American University.';
  return raw.slice(a, raw.lastIndexOf(end) + end.length);
}

describe.skipIf(!present)('seed article entities', () => {
  const text = present ? seedBody(fs.readFileSync(SEED, 'utf8')) : '';
  const rec: ExtractRecord = present ? extractArticle({ id: 'seed', text, published: '2024-03-29' }, loadResources()) : ({} as ExtractRecord);
  const ent = (surface: string) => rec.entities.find((e) => e.text === surface);
  const place = (surface: string) => rec.places.find((p) => p.text === surface);

  const rows: Array<[string, string, string?]> = [
    ['Sanaullah Ghafari', 'PER', 'person'], ['Shahab al-Muhajir', 'PER', 'person'], ['Sara Harmouch', 'PER', 'person'],
    ['Reuters', 'ORG', 'media'], ['US state department', 'ORG', 'government_body'], ['American University', 'ORG'],
    ['Isis-K', 'ORG', 'armed_group'], ['Islamic State group', 'ORG', 'armed_group'],
    ['Moscow', 'LOC'], ['Kandahar', 'LOC'], ['Balochistan', 'LOC'], ['San Bernardino', 'LOC'],
  ];
  for (const [surface, type, kind] of rows) {
    it(`${surface} is ${type}${kind ? `/${kind}` : ''}`, () => {
      const e = ent(surface);
      expect(e, surface).toBeDefined();
      expect(e!.type).toBe(type);
      if (kind) expect(e!.kind).toBe(kind);
    });
  }

  it('Ghafari and Shahab al-Muhajir are one person, the alias with where it was learned', () => {
    const full = ent('Sanaullah Ghafari')!;
    expect(ent('Shahab al-Muhajir')!.entity).toBe(full.entity);
    expect(ent('Ghafari')!.entity).toBe(full.entity);
    expect(full.entity).toBe('person:sanaullah-ghafari');
    const learned = full.learned_aliases?.find((l) => l.alias === 'Shahab al-Muhajir');
    expect(learned).toBeDefined();
    expect(text.slice(learned!.start, learned!.end)).toBe('Shahab al-Muhajir');
    expect(text.slice(learned!.evidence.start, learned!.evidence.end)).toMatch(/battlefield name Shahab al-Muhajir/);
  });

  it('Isis-K and Islamic State Khorasan Province are one group under the Islamic State', () => {
    const isk = ent('Isis-K')!;
    expect(ent('Islamic State Khorasan Province')!.entity).toBe(isk.entity);
    expect(isk.parent).toBe('armed_group:islamic-state');
    expect(isk.aliases).toContain('ISKP');
    expect(ent('Islamic State group')!.entity).toBe('armed_group:islamic-state');
  });

  it('every mention of an entity carries the same id, canonical name and exact offsets', () => {
    const byId = new Map<string, string>();
    for (const e of rec.entities) {
      expect(text.slice(e.start, e.end)).toBe(e.text);
      expect(byId.get(e.entity) ?? e.canonical).toBe(e.canonical);
      byId.set(e.entity, e.canonical);
    }
  });

  const places: Array<[string, string, number, number, string?]> = [
    ['Moscow', 'RU', 55.7558, 37.6173], ['Kandahar', 'AF', 31.6133, 65.7101], ['Kabul', 'AF', 34.5281, 69.1723],
    ['San Bernardino', 'US', 34.1083, -117.2898, 'California'], ['Orlando', 'US', 28.5383, -81.3792, 'Florida'],
    ['Balochistan', 'PK', 28.5, 65.5],
  ];
  for (const [name, cc, lat, lon, admin1] of places) {
    it(`${name} resolves to ${cc}${admin1 ? `, ${admin1}` : ''} within 50 km`, () => {
      const p = place(name);
      expect(p, name).toBeDefined();
      expect(p!.country_code).toBe(cc);
      if (admin1) expect(p!.admin1).toBe(admin1);
      expect(distanceKm(p!, { lat, lon })).toBeLessThan(50);
    });
  }

  it('demonyms are country mentions in places', () => {
    expect(place('Afghan')).toMatchObject({ country_code: 'AF', feature: 'country' });
    expect(ent('Afghan')).toMatchObject({ type: 'MISC', kind: 'nationality' });
  });
});
