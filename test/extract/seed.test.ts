/** Golden test on the seed article (skipped with a message when ../shared is absent). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/resources.js';
import { extractArticle } from '../../src/extract/extract.js';
import type { ExtractRecord } from '../../src/model.js';

const SEED = path.resolve('../shared/seed/article-isis-k-2024-03-29.txt');
const present = fs.existsSync(SEED);
if (!present) console.log(`seed.test: ${SEED} not found, skipping the seed golden test`);

/** Until the reader exists: the body runs from "In the wake of" to the last "American University." */
function seedBody(raw: string): string {
  const a = raw.indexOf('In the wake of');
  const end = 'American University.';
  const b = raw.lastIndexOf(end) + end.length;
  return raw.slice(a, b);
}

describe.skipIf(!present)('seed article', () => {
  const text = present ? seedBody(fs.readFileSync(SEED, 'utf8')) : '';
  const rec: ExtractRecord = present ? extractArticle({ id: 'seed', text, published: '2024-03-29' }, loadResources()) : ({} as ExtractRecord);
  const ent = (surface: string) => rec.entities.find((e) => e.text === surface);
  const place = (surface: string) => rec.places.find((p) => p.text === surface);
  const incidentAt = (name: string, date?: string) => rec.incidents.find((i) => i.place?.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '') === name && (date === undefined || i.date === date));

  it('offsets are exact', () => {
    for (const e of rec.entities) expect(text.slice(e.start, e.end)).toBe(e.text);
    for (const p of rec.places) expect(text.slice(p.start, p.end)).toBe(p.text);
    for (const d of rec.dates) expect(text.slice(d.start, d.end)).toBe(d.text);
  });

  it('persons, with the battlefield name on the same entity', () => {
    expect(ent('Sanaullah Ghafari')).toMatchObject({ type: 'PER', entity: 'person:sanaullah-ghafari' });
    expect(ent('Shahab al-Muhajir')).toMatchObject({ type: 'PER', entity: 'person:sanaullah-ghafari' });
    expect(ent('Ghafari')).toMatchObject({ type: 'PER', entity: 'person:sanaullah-ghafari' });
    expect(ent('Sanaullah Ghafari')!.aliases).toContain('Shahab al-Muhajir');
    expect(ent('Sara Harmouch')).toMatchObject({ type: 'PER', kind: 'person' });
  });

  it('organisations', () => {
    expect(ent('Reuters')).toMatchObject({ type: 'ORG', kind: 'media' });
    expect(ent('US state department')).toMatchObject({ type: 'ORG', kind: 'government_body' });
    expect(ent('American University')).toMatchObject({ type: 'ORG' });
    expect(ent('Foreign Ministry of Pakistan')).toMatchObject({ type: 'ORG', kind: 'government_body' });
  });

  it('armed groups: Isis-K and ISKP are one entity under the Islamic State', () => {
    const isk = ent('Isis-K')!;
    const iskp = ent('Islamic State Khorasan Province')!;
    expect(isk).toMatchObject({ type: 'ORG', kind: 'armed_group', parent: 'armed_group:islamic-state' });
    expect(iskp.entity).toBe(isk.entity);
    expect(ent('Islamic State group')).toMatchObject({ type: 'ORG', kind: 'armed_group', entity: 'armed_group:islamic-state' });
  });

  it('places', () => {
    const rows: Array<[string, string, string?]> = [
      ['Moscow', 'RU'], ['Kandahar', 'AF'], ['Kabul', 'AF'], ['Balochistan', 'PK'],
      ['San Bernardino', 'US', 'California'], ['Orlando', 'US', 'Florida'],
    ];
    for (const [name, cc, admin1] of rows) {
      const p = place(name);
      expect(p, name).toBeDefined();
      expect(p!.country_code, name).toBe(cc);
      if (admin1) expect(p!.admin1, name).toBe(admin1);
    }
  });

  it('news incidents: Moscow and Kandahar on 2024-03-22', () => {
    const moscow = incidentAt('Moscow', '2024-03-22');
    expect(moscow).toBeDefined();
    expect(moscow!.is_background).toBe(false);
    expect(moscow!.perpetrator_groups.map((g) => g.canonical)).toContain('Islamic State Khorasan Province');
    const kandahar = incidentAt('Kandahar', '2024-03-22');
    expect(kandahar).toBeDefined();
    expect(kandahar!.is_background).toBe(false);
    expect(rec.incidents.filter((i) => i.place?.name === 'Moscow')).toHaveLength(1);
  });

  it('background incidents', () => {
    const airport = incidentAt('Kabul', '2021')!;
    expect(airport).toMatchObject({ is_background: true });
    expect(airport.killed).toBeGreaterThanOrEqual(13);
    expect(airport.target_types).toContain('Airports & Aircraft');
    const embassy = incidentAt('Kabul', '2022-09')!;
    expect(embassy).toMatchObject({ is_background: true, date_precision: 'month' });
    expect(embassy.perpetrator_groups[0]).toMatchObject({ canonical: 'Islamic State Khorasan Province', claimed: true, claim_status: 'claimed' });
    expect(embassy.target_types).toContain('Government (Diplomatic)');
    const sb = incidentAt('San Bernardino', '2015')!;
    expect(sb).toMatchObject({ is_background: true, killed: 14 });
    expect(sb.perpetrator_groups[0]).toMatchObject({ canonical: 'Islamic State', claimed: false, claim_status: 'inspired' });
    const orlando = incidentAt('Orlando', '2016')!;
    expect(orlando).toMatchObject({ is_background: true, killed: 49, killed_min: 49 });
    expect(orlando.perpetrator_groups[0]).toMatchObject({ canonical: 'Islamic State', claimed: false, claim_status: 'inspired' });
  });

  it('every incident field carries its evidence span', () => {
    for (const inc of rec.incidents) {
      expect(text.slice(inc.trigger.start, inc.trigger.end)).toBe(inc.trigger.text);
      if (inc.place) expect(text.slice(inc.place.start, inc.place.end)).toBe(inc.place.text);
      for (const g of inc.perpetrator_groups) expect(text.slice(g.start, g.end)).toBe(g.text);
      for (const f of [...inc.perpetrator_individuals, ...inc.victims, ...inc.targets, ...inc.weapons]) expect(text.slice(f.start, f.end)).toBe(f.text);
      if (inc.killed !== null) expect(inc.killed_span).toBeTruthy();
      if (inc.date && inc.date_span) expect(rec.dates.some((d) => d.start === inc.date_span!.start)).toBe(true);
      for (const t of inc.attack_types.filter((x) => x !== 'Unknown')) expect(inc.attack_type_spans?.some((x) => x.type === t)).toBe(true);
      for (const t of inc.weapon_types.filter((x) => x !== 'Unknown')) expect(inc.weapon_type_spans?.some((x) => x.type === t)).toBe(true);
      for (const t of inc.target_types.filter((x) => x !== 'Unknown')) expect(inc.target_type_spans?.some((x) => x.type === t)).toBe(true);
    }
  });

  it('nothing is dated on the publication day', () => {
    expect(rec.incidents.filter((i) => i.date === '2024-03-29')).toEqual([]);
    expect(rec.dates.filter((d) => d.value === '2024-03-29')).toEqual([]);
    expect(rec.incidents).toHaveLength(6);
  });
});
