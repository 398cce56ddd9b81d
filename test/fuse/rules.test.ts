/**
 * Table tests of the pure fusion rules: incident matching and the casualty-figure rule,
 * near-duplicate signatures, and the two-pass story clustering on hand-made event pairs.
 */
import { describe, expect, it } from 'vitest';
import { clusterArticles } from '../../src/fuse/cluster.js';
import { chooseIncident, dateGap, pairScore, reconcile, reconcileFigure, type ReportFacts } from '../../src/fuse/incident-merge.js';
import { isNearDuplicate, minhashSignature, signatureSimilarity } from '../../src/fuse/near-duplicate.js';
import { assignStory, storyIdFor } from '../../src/fuse/stories.js';

function report(o: Partial<ReportFacts> & { id: string }): ReportFacts {
  return {
    articleId: `a-${o.id}`, articleVersion: 1, published: '2024-05-06T10:00:00Z', outlet: `outlet-${o.id}`, title: null, url: null, storyId: null,
    date: '2024-05-06', datePrecision: 'day', dateStart: '2024-05-06', dateEnd: '2024-05-06', placeName: 'Peshawar', geonameid: '1168197',
    admin1: 'Khyber Pakhtunkhwa', countryCode: 'PK', lat: 34.008, lon: 71.5785, specificity: 1, attackTypes: ['Bombing/Explosion'], groups: [],
    killed: null, wounded: null, isBackground: false, words: [], ...o,
  };
}

describe('incident matching', () => {
  const base = report({ id: 'x' });
  const rows: Array<[string, Partial<ReportFacts>, boolean]> = [
    ['same day, place and type', {}, true],
    ['same event, higher toll', { killed: 20 }, true],
    ['a day off, same place and type (dates read from another time zone)', { date: '2024-05-07', dateStart: '2024-05-07', dateEnd: '2024-05-07' }, true],
    ['a day off and another type', { date: '2024-05-07', dateStart: '2024-05-07', dateEnd: '2024-05-07', attackTypes: ['Armed Assault'] }, false],
    ['three days later', { date: '2024-05-09', dateStart: '2024-05-09', dateEnd: '2024-05-09' }, false],
    ['same day, other attack type', { attackTypes: ['Armed Assault'] }, false],
    ['other country', { countryCode: 'AF' }, false],
    ['other precise city', { placeName: 'Quetta', geonameid: '1167528', lat: 30.187, lon: 67.0125 }, false],
    ['same story, month-precision date', { storyId: 's-1', date: '2024-05', datePrecision: 'month', dateStart: '2024-05-01', dateEnd: '2024-05-31' }, true],
  ];
  it.each(rows)('%s', (_label, over, joins) => {
    const other = report({ id: 'y', ...over });
    const a = over.storyId ? { ...base, storyId: over.storyId } : base;
    expect(chooseIncident(other, [{ id: 'i', reports: [a] }]) === 'i').toBe(joins);
  });

  it('never matches across a hard block', () => {
    expect(pairScore(base, report({ id: 'y', countryCode: 'IN' }))).toBe(-Infinity);
    expect(dateGap({ dateStart: '2024-05-01', dateEnd: '2024-05-31' }, { dateStart: '2024-05-06', dateEnd: '2024-05-06' })).toBe(0);
    expect(dateGap({ dateStart: '2024-05-01', dateEnd: '2024-05-01' }, { dateStart: null, dateEnd: null })).toBeNull();
  });
});

describe('casualty figures: latest report, never below a confirmed figure', () => {
  const at = (h: number) => `2024-05-0${6 + Math.floor(h / 24)}T${String(h % 24).padStart(2, '0')}:00:00Z`;
  it('takes the latest figure when tolls rise', () => {
    const rs = [6, 9, 14].map((k, i) => report({ id: `r${i}`, killed: k, published: at(i * 5) }));
    expect(reconcileFigure(rs, 'killed')).toEqual({ value: 14, source: { reportId: 'r2', articleId: 'a-r2', published: at(10), rule: 'latest' } });
  });
  it('keeps a figure two outlets gave over a lower later one', () => {
    const rs = [report({ id: 'a', killed: 20, published: at(1) }), report({ id: 'b', killed: 21, published: at(2) }), report({ id: 'c', killed: 12, published: at(3) })];
    expect(reconcileFigure(rs, 'killed')).toMatchObject({ value: 20, source: { reportId: 'a', rule: 'confirmed' } });
  });
  it('does not count one outlet twice as confirmation', () => {
    const rs = [report({ id: 'a', killed: 20, outlet: 'Dawn', published: at(1) }), report({ id: 'b', killed: 20, outlet: 'dawn', published: at(2) }), report({ id: 'c', killed: 12, published: at(3) })];
    expect(reconcileFigure(rs, 'killed')).toMatchObject({ value: 12, source: { reportId: 'c', rule: 'latest' } });
  });
  it('is null without figures, and reconciles the other fields by vote', () => {
    expect(reconcileFigure([report({ id: 'a' })], 'wounded')).toEqual({ value: null, source: null });
    const r = reconcile([
      report({ id: 'a', attackTypes: ['Unknown'], date: '2024-05', datePrecision: 'month' }),
      report({ id: 'b', attackTypes: ['Bombing/Explosion'], killed: 3 }),
      report({ id: 'c', isBackground: true }),
    ]);
    expect(r.attackTypes).toEqual(['Bombing/Explosion']);
    expect(r.date).toBe('2024-05-06');
    expect(r.isBackground).toBe(false);
    expect(r.sources.map((s) => s.reportId)).toEqual(['a', 'b', 'c']);
    expect(r.casualtyHistory.map((h) => h.killed)).toEqual([3]);
  });
});

describe('near-duplicates', () => {
  const body = 'The bomb exploded at the entrance of the market shortly after nine in the morning, when traders were opening their shops and the street was full of shoppers. ' +
    'Police said the device had been hidden in a parked motorcycle. Rescue workers carried the wounded to Lady Reading Hospital, where doctors declared an emergency. ' +
    'No group has claimed responsibility for the attack, the third in the city this month.';
  it('finds lightly edited copies and not other reports', () => {
    const a = minhashSignature(body)!;
    const edited = minhashSignature(body.replace('shortly after nine', 'just after 9').replace('this month', 'in May'))!;
    const other = minhashSignature('Gunmen opened fire on a police checkpoint on the Ring Road, killing three policemen before escaping on motorcycles, officials said. ' + body.slice(0, 120).split('').reverse().join('') + ' The provincial government announced compensation for the families of the dead policemen.')!;
    expect(isNearDuplicate(a, edited)).toBe(true);
    expect(signatureSimilarity(a, other)).toBeLessThan(0.2);
    expect(minhashSignature('too short to compare')).toBeNull();
  });
});

describe('stories', () => {
  const arrest = (name: string, team: string, day: string, extra: string) => `${team} wide receiver ${name} was arrested ${day} on suspicion of drunken driving. ${extra}`;
  it('keeps two similar events of one topic apart', () => {
    const docs = [
      arrest('Vincent Jackson', 'San Diego Chargers', 'Tuesday', 'Jackson will play in the playoff game at Pittsburgh.'),
      arrest('Vincent Jackson', 'Chargers', 'early Tuesday', 'Police booked Jackson at 2:30 a.m. before the Pittsburgh game.'),
      arrest('Vincent Jackson', 'San Diego Chargers', 'Tuesday morning', 'Jackson was released; the Pittsburgh game is on Sunday.'),
      arrest('Vincent Jackson', 'The Chargers', 'on Tuesday', 'Coach Turner said Jackson would face Pittsburgh.'),
      arrest('Jamal Williams', 'San Diego Chargers defensive tackle', 'Sunday', 'Williams was pulled over for speeding in his Bentley on State Route 94.'),
      arrest('Jamal Williams', 'Chargers defensive tackle', 'early Sunday', 'Williams, 32, was stopped on State Route 94 in his Bentley.'),
      arrest('Jamal Williams', 'Chargers lineman', 'Sunday', 'The Highway Patrol said Williams was speeding on Route 94 in a Bentley.'),
      arrest('Jamal Williams', 'San Diego defensive tackle', 'on Sunday', 'Williams, 32, drove a Bentley on State Route 94, the patrol said.'),
    ];
    const out = clusterArticles(docs.map((text, i) => ({ id: `d${i}`, text })));
    const s = docs.map((_, i) => out.get(`d${i}`));
    expect(new Set(s.slice(0, 4)).size).toBe(1);
    expect(new Set(s.slice(4)).size).toBe(1);
    expect(s[0]).not.toBe(s[4]);
  });
  it('joins the story of co-clustered neighbours, or starts its own', () => {
    const n = [
      { id: 'n1', text: 'A bomb exploded in the Qissa Khwani market in Peshawar on Monday, killing 6 people.', storyId: 's-old' },
      { id: 'n2', text: 'The toll of the Qissa Khwani market bombing in Peshawar rose to 9.', storyId: 's-old' },
    ];
    expect(assignStory({ id: 'x', text: 'Qissa Khwani market blast toll in Peshawar reaches 14 as victims die in hospital.' }, n)).toBe('s-old');
    expect(assignStory({ id: 'y', text: 'Floods in Sindh displaced thousands of families after heavy monsoon rains.' }, n)).toBe(storyIdFor('y'));
    expect(assignStory({ id: 'z', text: 'anything' }, [])).toBe(storyIdFor('z'));
  });
});
