/**
 * Places in ALL-CAPS wire copy (the FBIS demo corpus, MUC-4 as first published), where
 * capitalisation no longer tells names apart: an organisation's bracketed acronym is not a town,
 * and a word inside another name is a place only when the document supports it.
 */
import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/resources.js';
import { extractArticle } from '../../src/extract/extract.js';

describe('places in ALL-CAPS text', () => {
  const res = loadResources();
  const read = (text: string) => extractArticle({ id: 'c', text, published: '1990-02-04' }, res);

  it('a bracketed acronym after an organisation is the organisation ("ALLIANCE (ARENA)"), in any case', () => {
    for (const text of [
      'ARMANDO CALDERON SOL, PRESIDENT OF THE NATIONALIST REPUBLICAN ALLIANCE (ARENA), TODAY CALLED FOR CALM IN SAN SALVADOR.',
      'Armando Calderon Sol, president of the Nationalist Republican Alliance (ARENA), today called for calm in San Salvador.',
    ]) {
      const x = read(text);
      expect(x.entities.find((e) => e.text === 'ARENA')).toMatchObject({ type: 'ORG' });
      expect(x.places.map((p) => p.text)).not.toContain('ARENA');
      expect(x.places.map((p) => `${p.name}, ${p.country_code}`)).toContain('San Salvador, SV');
    }
  });

  it('a place in brackets after a place stays a place', () => {
    const x = read('They drove from Kabul (Afghanistan) to the border.');
    expect(x.places.map((p) => p.country_code)).toEqual(['AF', 'AF']);
  });

  it('a surname or word inside another name is no foreign town without the document\'s support', () => {
    const x = read('SAN SALVADOR, 3 FEB 90 -- THE WOUNDED WERE TAKEN TO THE ROSALES HOSPITAL IN SAN SALVADOR. [SORIA] THE ARMY SAYS THE ATTACK WAS REPELLED. THE U.S. DEPARTMENT OF STATE CONDEMNED IT.');
    const places = x.places.map((p) => `${p.text} -> ${p.country_code}`);
    expect(places).toContain('SAN SALVADOR -> SV');
    for (const p of x.places) expect(['SV', 'US']).toContain(p.country_code);
  });

  it('a place inside a name is kept when the document names its country', () => {
    const x = read('MADRID, 3 FEB 90 -- [SORIA] A BOMB EXPLODED IN SPAIN TODAY.');
    expect(x.places.some((p) => p.text === 'SORIA' && p.country_code === 'ES')).toBe(true);
  });

  it('a surname the tagger took for a place is the person when the name goes on ("RODRIGUEZ PORTH\'S RESIDENCE")', () => {
    const x = read("SAN SALVADOR, 9 JUN 89 -- ARENA CONDEMNED THE MURDER OF PRESIDENCY MINISTER ANTONIO RODRIGUEZ PORTH. THE MINISTER DIED WHEN RODRIGUEZ PORTH'S RESIDENCE IN SAN SALVADOR WAS MACHINEGUNNED. ARENA LEADERS WHO ARRIVED AT RODRIGUEZ PORTH'S RESIDENCE BLAMED THE FMLN.");
    expect(x.places.map((p) => p.country_code)).toEqual(['SV', 'SV']);
    expect(x.entities.filter((e) => e.text === 'RODRIGUEZ PORTH').map((e) => e.type)).toContain('PER');
  });

  it('a town named like someone elsewhere in the text stays a town when nothing follows its name', () => {
    const x = read('George Washington was the first president. Protesters marched in Washington on Monday.');
    expect(x.places.map((p) => `${p.text} -> ${p.country_code}`)).toEqual(['Washington -> US']);
  });

  it('a wire dateline\'s date is no entity ("9 JUN 89")', () => {
    const x = read('SAN SALVADOR, 9 JUN 89 -- ARENA CONDEMNED THE MURDER.');
    expect(x.entities.map((e) => e.text)).not.toContain('JUN 89');
  });

  it('a place the tagger stopped short of is read whole when the gazetteer knows the longer name ("SAN PEDRO" + "SULA")', () => {
    const x = read('TEGUCIGALPA, 3 FEB 90 -- A BOMB DAMAGED A TELEPHONE OFFICE TODAY IN THE NORTHERN CITY OF SAN PEDRO SULA.');
    expect(x.places.map((p) => `${p.text} -> ${p.name}, ${p.country_code}`)).toContain('SAN PEDRO SULA -> San Pedro Sula, HN');
  });
});

describe('regions named like people', () => {
  const res = loadResources();
  it('a person the tagger found is no region of the same name unless the context says place ("Lara", "Cesar")', () => {
    const x = extractArticle({ id: 'p', text: 'Cesar Gaviria met Lara and her aides on Monday. Lara said Cesar would return.', published: '1990-02-04' }, res);
    expect(x.places).toEqual([]);
  });
});
