import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/nlp/dates.js';
import { findNumbers } from '../../src/nlp/numbers.js';

describe('findDates', () => {
  const rows: Array<[string, string | null, Array<[string, string, string]>]> = [
    ['an attack in Moscow on March 22, 2024, the', '2024-03-29', [['March 22, 2024', '2024-03-22', 'day']]],
    ['his death in June of last year', '2024-03-29', [['June of last year', '2023-06', 'month']]],
    ['since last June', '2024-03-29', [['last June', '2023-06', 'month']]],
    ['in September 2022, the group', '2024-03-29', [['September 2022', '2022-09', 'month']]],
    ['appointed in 2020 and the 2016 incident', '2024-03-29', [['2020', '2020', 'year'], ['2016', '2016', 'year']]],
    ['killed 2,000 people and 1990 soldiers', '2024-03-29', []],
    ['yesterday the bomb exploded', '2024-03-29', [['yesterday', '2024-03-28', 'day']]],
    ['yesterday the bomb exploded', null, []],
    ['on Friday gunmen struck', null, []],
    ['on March 22 gunmen struck', null, []],
    ['on March 22, 2024 gunmen struck', null, [['March 22, 2024', '2024-03-22', 'day']]],
    ['SAN SALVADOR, 3 JAN 90 -- ON 30 DECEMBER THE', '1990-01-03', [['3 JAN 90', '1990-01-03', 'day'], ['30 DECEMBER', '1989-12-30', 'day']]],
    ['AT 1930 HOURS', '1990-01-03', []],
    ['LEADERS HEADED THE FUNERAL MARCH OF THE 10 UNION MEMBERS', '1989-11-03', []],
    ['you may march on', '2024-03-29', []],
    ['the offensive launched in March', '1989-11-03', [['March', '1989-03', 'month']]],
    ['ON 30 DECEMBER THE', '1989-11-03', [['30 DECEMBER', '1988-12-30', 'day']]],
  ];
  for (const [text, ref, expected] of rows) {
    it(`${text} @${ref}`, () => {
      const got = findDates(text, { reference: ref });
      for (const d of got) expect(text.slice(d.start, d.end)).toBe(d.text);
      expect(got.map((d) => [d.text, d.value, d.precision])).toEqual(expected);
    });
  }
  it('never invents the published date', () => {
    expect(findDates('Gunmen attacked a checkpoint.', { reference: '2024-03-29' })).toEqual([]);
  });
});

describe('findNumbers', () => {
  const rows: Array<[string, Array<[string, number, boolean]>]> = [
    ['13 US soldiers', [['13', 13, false]]],
    ['1,300 dead', [['1,300', 1300, false]]],
    ['two people and forty-nine others', [['two', 2, false], ['forty-nine', 49, false]]],
    ['a dozen wounded', [['a dozen', 12, false]]],
    ['hundreds of people', [['hundreds', 200, true]]],
    ['about 50 peasants', [['50', 50, true]]],
    ['one of the attackers', []],
  ];
  for (const [text, expected] of rows) {
    it(text, () => {
      const got = findNumbers(text);
      for (const n of got) expect(text.slice(n.start, n.end)).toBe(n.text);
      expect(got.map((n) => [n.text, n.value, n.approximate])).toEqual(expected);
    });
  }
});
