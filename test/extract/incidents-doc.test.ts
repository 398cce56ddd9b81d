/** Role scoring fast path and document-level completion of incidents. */
import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/resources.js';
import { extractArticle } from '../../src/extract/extract.js';
import { candidates, hash32, lowerTokens, scoreAll, scoreDocument } from '../../src/extract/roles.js';
import { tokenize } from '../../src/nlp/tokenize.js';
import { splitSentences } from '../../src/nlp/sentences.js';

const res = loadResources();
const first = (text: string, published = '2005-06-01') => {
  const rec = extractArticle({ id: 't', text, published }, res);
  return rec.incidents.find((i) => !i.is_background) ?? null;
};

describe('role scoring', () => {
  it.skipIf(!res.roles)('the fast scorer equals the feature-list scorer', () => {
    const m = res.roles!;
    for (const text of [
      'SAN SALVADOR, 3 JAN 90 -- URBAN GUERRILLAS OF THE FMLN ATTACKED A POWER STATION WITH DYNAMITE, KILLING TWO SOLDIERS OF THE 3D INFANTRY BRIGADE.',
      'Gunmen stormed a hotel in Mogadishu, killing 12 people. Al-Shabaab claimed responsibility for the attack on the "Sahafi" hotel.',
    ]) {
      const t = tokenize(text);
      const s = splitSentences(t);
      const low = lowerTokens(t);
      const slow = candidates(t, low, s, m.heads, (k) => m.lex.get(hash32(k)));
      const fast = scoreDocument(m, t, low, s);
      expect(fast.cands.map((c) => [c.from, c.to, c.norm])).toEqual(slow.map((c) => [c.from, c.to, c.norm]));
      const ref = scoreAll(m, slow);
      for (let i = 0; i < ref.length; i++) expect(fast.scores[i]).toBeCloseTo(ref[i]!, 6);
    }
  });
});

describe('incidents completed from the document', () => {
  it('a country named as a modifier ("TWO U.S. CITIZENS", "the U.S. embassy") is not where it happened', () => {
    expect(first('LIMA, 14 JAN 90 -- GUERRILLAS OF THE TUPAC AMARU REVOLUTIONARY MOVEMENT (MRTA) TODAY SHOT DEAD TWO U.S. CITIZENS WHO WERE TRAVELLING NEAR THE CAPITAL.', '1990-01-15')?.place).toMatchObject({ name: 'Lima', country_code: 'PE' });
    expect(first('A bomb exploded outside the U.S. embassy in Lima on Monday.')?.place).toMatchObject({ country_code: 'PE' });
    expect(first('Gunmen attacked a bus in Pakistan on Monday, killing five.')?.place).toMatchObject({ country_code: 'PK' });
    expect(first('Rebels attacked a village in the Democratic Republic of Congo on Monday, killing 12.')?.place).toMatchObject({ feature: 'country', country_code: 'CD' });
  });

  it('a region of the country says more than the country ("Yala province … in southern Thailand")', () => {
    expect(first('Gunmen shot dead a Yala province municipality worker on his way to work in southern Thailand.')?.place).toMatchObject({ feature: 'admin1', country_code: 'TH' });
  });

  it('a singular victim counts one killed; "shot" is a firearm', () => {
    const inc = first('Gunmen shot and killed a policeman in Amarah.  Attacks on police are frequent in Iraq.');
    expect(inc).toMatchObject({ killed: 1, weapon_types: ['Firearms'] });
    expect(inc!.place?.country_code).toBe('IQ');
  });
  it('casualties stated in a later sentence', () => {
    const inc = first('An explosives laced car detonated near a gas station in southern Baghdad.  As a result, two civilians died and fifteen were wounded.');
    expect(inc).toMatchObject({ killed: 2, wounded: 15 });
  });
  it('"leaving" a number without the dead is no death toll', () => {
    const inc = first('Rebels bombed an electrical tower, leaving 450,000 residents without power.');
    expect(inc?.killed ?? null).toBeNull();
  });
  it('a group named with a suspicion cue', () => {
    const inc = first('A bomb exploded at a police station in Quetta. Suspected Baloch Liberation Army insurgents are reported to have targeted the station.');
    expect(inc?.perpetrator_groups.map((g) => g.claim_status)).toEqual(['suspected']);
  });
  it('"no group claimed" names no perpetrator', () => {
    const inc = first('A suicide bomber detonated a car near the Turkish Embassy in Baghdad. No group, including Hamas, claimed responsibility for the attack.');
    expect(inc?.perpetrator_groups ?? []).toEqual([]);
  });
});

describe('detection, casualties and places read from short reports', () => {
  const all = (text: string, published = '2005-06-01') => extractArticle({ id: 't', text, published }, res).incidents;
  it('a killing named by its verb is an incident, one victim killed', () => {
    const inc = first('Ghulam Hussain Bhat, a leader of the People\'s Democratic Party, was shot and killed by unidentified gunmen in Baramulla.');
    expect(inc).toMatchObject({ killed: 1, attack_types: ['Armed Assault'], weapon_types: ['Firearms'] });
    const taliban = first('The former police chief of Zabul Province, Abdullah Khan, was killed by suspected Taliban fighters as he traveled through the district.');
    expect(taliban?.perpetrator_groups.map((g) => g.canonical)).toEqual(['Taliban']);
  });
  it('a killing verb beside a bombing adds nothing: one incident', () => {
    expect(all('A bomb exploded outside a mosque in Khalis. The attack killed five Sunnis and wounded 17 others.')).toHaveLength(1);
    expect(all('A bomb exploded in a market in Hillah, killing two people. A policeman was shot and killed at the scene.')).toHaveLength(1);
  });
  it('the verb before a number decides what it counts', () => {
    expect(first('A bomb exploded outside a mosque in Khalis. The attack killed five Sunnis and wounded 17 others.')).toMatchObject({ killed: 5, wounded: 17 });
    expect(first('A car bomb exploded in Hillah; seventeen were wounded and two killed.')).toMatchObject({ killed: 2, wounded: 17 });
  });
  it('a toll that reached a number counts the killed, even when the wounded died', () => {
    const inc = first("A bomb exploded in the Qissa Khwani market in Peshawar. The toll reached 20 after several of the wounded died overnight.");
    expect(inc).toMatchObject({ killed: 20 });
    expect(inc?.wounded ?? null).toBeNull();
  });
  it('"no one was hurt" and money are no casualties', () => {
    expect(first('Shots were fired at an Israeli bus near the Hizma roadblock.  No one was hurt.')?.wounded ?? null).toBeNull();
    const inc = first('UNITED STATES.  A homemade bomb exploded at Los Angeles International Airport.  It caused as much as $50,000 damage but injured no one.', '1980-01-01');
    expect(inc?.wounded ?? null).toBeNull();
  });
  it('plural bombs placed is an event; plural plots in general are not', () => {
    expect(all('ARGENTINA.  Guerrillas placed eleven bombs in U.S. business offices in Rosario.', '1975-01-01')).toHaveLength(1);
    expect(all('The group\'s thwarted plots across Europe show its reach.')).toHaveLength(0);
  });
  it('a town named in another sentence refines a country heading', () => {
    const inc = first('ITALY.  In what appeared to be an act of sabotage, two hydrofoil boats were sunk while docked at a Messina shipyard.  Two explosions were heard.', '1979-01-01');
    expect(inc?.place).toMatchObject({ name: 'Messina', country_code: 'IT', feature: 'city' });
  });
  it('a town inside a name locates the incident ("the Trade Office in Athens", "Narita Airport")', () => {
    expect(first('An incendiary device exploded outside the Austrian Foreign Trade Office in Athens.')?.place?.name).toBe('Athens');
    expect(first('Three trench mortars were fired at Narita Airport.')?.place?.name).toBe('Narita');
  });
  it('with no place in the text, the country the perpetrator group operates in, its evidence the group', () => {
    const text = 'A bomb exploded at a bank.  The Basque Fatherland and Freedom (ETA) claimed responsibility.';
    const inc = first(text);
    expect(inc?.place).toMatchObject({ country_code: 'ES', feature: 'country', specificity: 4, basis: 'perpetrator' });
    expect(text.slice(inc!.place!.start, inc!.place!.end)).toBe(inc!.place!.text);
    expect(inc!.place!.text).toMatch(/Basque|ETA/);
  });
  it('a group the gazetteer does not know is the perpetrator when it claims the attack', () => {
    const inc = first('FEDERAL REPUBLIC OF GERMANY.  A bomb exploded at the Air France office in Frankfurt.  The Guardsmen of Islam claimed responsibility.', '1984-01-01');
    expect(inc?.perpetrator_groups.map((g) => [g.text, g.claim_status])).toEqual([['Guardsmen of Islam', 'claimed']]);
  });
});

describe('a wire dateline in the text dates and places the lead incident', () => {
  it('reads "SAN SALVADOR, 3 JAN 90 --" when no reader passed a dateline', () => {
    const rec = extractArticle({ id: 'w', text: 'SAN SALVADOR, 3 JAN 90 (ACAN-EFE) -- [TEXT] URBAN GUERRILLAS ATTACKED A POWER STATION WITH DYNAMITE, KILLING TWO SOLDIERS.' }, res);
    const inc = rec.incidents.find((i) => !i.is_background);
    expect(inc).toMatchObject({ date: '1990-01-03', date_precision: 'day', killed: 2 });
    expect(inc?.place?.name).toBe('San Salvador');
  });
});

describe('words that name no attack', () => {
  it('"a state of siege" is a legal measure, not a hostage siege', () => {
    const rec = extractArticle({ id: 's', text: 'A state of siege might be imposed at any moment, the government minister said.', published: '1990-01-01' }, res);
    expect(rec.incidents).toEqual([]);
  });
});

describe('the trigger pre-filter', () => {
  it('every match of every trigger rule holds one of TRIGGER_STEMS (demo corpus and examples)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { TRIGGERS, TRIGGER_STEMS } = await import('../../src/extract/incidents.js');
    const dir = path.join(__dirname, '..', '..', 'data', 'demo', 'fbis');
    const texts = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
    texts.push('Gunmen shot and killed a policeman; a car bomb exploded; rebels blew up a pipeline; the hostages were taken hostage; '
      + 'a drone strike; mortar fire; an air strike; militants stormed a hotel; he was stabbed; a man was knifed; a plot to bomb; '
      + 'they thwarted an attack; Molotov cocktails; an incendiary device; shots were fired; machine-gunned; the murder of a judge; '
      + 'beheaded; killed by suspected rebels; the incident; the group claimed responsibility; officials blamed the rebels; arson.');
    let matches = 0;
    for (const text of texts) {
      for (const rule of TRIGGERS) {
        const re = new RegExp(rule.re.source, 'gi');
        for (const m of text.matchAll(re)) {
          matches++;
          expect(TRIGGER_STEMS.test(m[0]), m[0]).toBe(true);
        }
      }
    }
    expect(matches).toBeGreaterThan(500);
  });
});

describe('names broken across lines', () => {
  it('are one line in canonical names and aliases; the span keeps the text as written', () => {
    const text = '   THE SALVADORAN AIR FORCE MAINTAINS THE SAME OPERATIONAL LEVEL IT HAS HAD\nFOR THE LAST 10 YEARS, DESPITE THE REMOVAL OF ITS TOP COMMANDER, JAUN RAFAEL\nBUSTILLOS, THIS WEEK.\n';
    const rec = extractArticle({ id: 'n', text, published: '1989-11-20' }, res);
    const e = rec.entities.find((x) => x.text.includes('\n'));
    expect(e?.canonical).toBe('JAUN RAFAEL BUSTILLOS');
    expect(text.slice(e!.start, e!.end)).toBe('JAUN RAFAEL\nBUSTILLOS');
    for (const x of rec.entities) for (const a of x.aliases) expect(a).not.toMatch(/\n/);
  });
});
