import { describe, expect, it } from 'vitest';
import { tokenize, tokenText } from '../../src/nlp/tokenize.js';
import { splitSentences } from '../../src/nlp/sentences.js';

const toks = (s: string): string[] => {
  const t = tokenize(s);
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) {
    expect(s.slice(t.start[i]!, t.end[i]!)).toBe(tokenText(t, i));
    out.push(tokenText(t, i));
  }
  return out;
};

describe('tokenize', () => {
  const rows: Array<[string, string[]]> = [
    ['Kabul’s airport', ['Kabul', '’s', 'airport']],
    ["Kabul's airport", ['Kabul', "'s", 'airport']],
    ['killed 1,300 and 4,000 people', ['killed', '1,300', 'and', '4,000', 'people']],
    ['Shahab al-Muhajir of Isis-K', ['Shahab', 'al-Muhajir', 'of', 'Isis-K']],
    ['the U.S. said', ['the', 'U.S.', 'said']],
    ['Mr. Smith and Gen. Jones', ['Mr.', 'Smith', 'and', 'Gen.', 'Jones']],
    ['“Hello,” (she) [FMLN]', ['“', 'Hello', ',', '”', '(', 'she', ')', '[', 'FMLN', ']']],
    ['SAN SALVADOR, 3 JAN 90 --', ['SAN', 'SALVADOR', ',', '3', 'JAN', '90', '--']],
    ['O’Brien’s car', ['O’Brien', '’s', 'car']],
    // Hyphenated names and al-/el- prefixes stay whole.
    ['Tehrik-i-Taliban Pakistan', ['Tehrik-i-Taliban', 'Pakistan']],
    ['Abu Bakr al-Baghdadi and Ayman el-Zawahiri', ['Abu', 'Bakr', 'al-Baghdadi', 'and', 'Ayman', 'el-Zawahiri']],
    ['Isis-K’s networks', ['Isis-K', '’s', 'networks']],
    ['an Afghanistan-Pakistan border', ['an', 'Afghanistan-Pakistan', 'border']],
    // "U.S." and other dotted abbreviations.
    ['U.S. and U.N. officials', ['U.S.', 'and', 'U.N.', 'officials']],
    ['in Washington, D.C., today', ['in', 'Washington', ',', 'D.C.', ',', 'today']],
    ['the U.S.’s withdrawal', ['the', 'U.S.', '’s', 'withdrawal']],
    // Possessives.
    ['the group’s claim', ['the', 'group', '’s', 'claim']],
    ["Russia's capital", ['Russia', "'s", 'capital']],
    ['the US’s withdrawal', ['the', 'US', '’s', 'withdrawal']],
    ['the soldiers’ base', ['the', 'soldiers', '’', 'base']],
    // Quotes and brackets.
    ['“The Moscow attack,” said Harmouch', ['“', 'The', 'Moscow', 'attack', ',', '”', 'said', 'Harmouch']],
    ['Islamic State Khorasan Province (Isis-K)', ['Islamic', 'State', 'Khorasan', 'Province', '(', 'Isis-K', ')']],
    ["'Shining Path' [Sendero]", ["'", 'Shining', 'Path', "'", '[', 'Sendero', ']']],
  ];
  for (const [input, expected] of rows) it(input, () => expect(toks(input)).toEqual(expected));
});

describe('splitSentences', () => {
  const sents = (s: string): string[] => splitSentences(tokenize(s)).map((x) => s.slice(x.start, x.end));
  const rows: Array<[string, string[]]> = [
    ['Mr. Smith left. He came back.', ['Mr. Smith left.', 'He came back.']],
    ['Gen. Jones met Dr. Who on Jan. 3 in the U.S. capital. Then he left.', ['Gen. Jones met Dr. Who on Jan. 3 in the U.S. capital.', 'Then he left.']],
    ['He went to the U.S. The trip was long.', ['He went to the U.S.', 'The trip was long.']],
    ['Intro line\n\n  • First bullet.\n  • Second bullet.', ['Intro line', 'First bullet.', 'Second bullet.']],
    ['The big picture\nAfter the fall, it rose.', ['The big picture', 'After the fall, it rose.']],
    ['global ambitions.The simultaneous attack', ['global ambitions.', 'The simultaneous attack']],
    ['“It is over.” She left.', ['“It is over.”', 'She left.']],
    [
      'SAN SALVADOR, 3 JAN 90 -- THE ARMED FORCES HAVE REPORTED THAT A GROUP OF\nURBAN GUERRILLAS ATTACKED A POWER STATION IN THE CITY OF SAN MIGUEL. THE\nATTACK CAUSED A BLACKOUT.',
      ['SAN SALVADOR, 3 JAN 90 -- THE ARMED FORCES HAVE REPORTED THAT A GROUP OF\nURBAN GUERRILLAS ATTACKED A POWER STATION IN THE CITY OF SAN MIGUEL.', 'THE\nATTACK CAUSED A BLACKOUT.'],
    ],
  ];
  for (const [input, expected] of rows) it(JSON.stringify(input).slice(0, 60), () => expect(sents(input)).toEqual(expected));
});
