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
