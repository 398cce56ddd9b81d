/** The MUC-4 answer-key readers of `eval/muc-keys.ts`: dates and locations as the keys write them. */
import { describe, expect, it } from 'vitest';
import { keyDateIntervals, keyLocation } from '../../eval/muc-keys.js';

const day = (iso: string) => Date.parse(iso) / 86_400_000;

describe('MUC-4 key dates', () => {
  it('a day, a range, "on or before", and alternatives', () => {
    expect(keyDateIntervals('02 FEB 90')).toEqual([[day('1990-02-02'), day('1990-02-02')]]);
    expect(keyDateIntervals('17 FEB 90 - 18 FEB 90')).toEqual([[day('1990-02-17'), day('1990-02-18')]]);
    expect(keyDateIntervals('- 04 FEB 90')).toEqual([[day('1990-02-04') - 30, day('1990-02-04')]]);
    expect(keyDateIntervals('(25 MAY 89 - 26 MAY 89) / (25 MAY 89)')).toEqual([[day('1989-05-25'), day('1989-05-26')], [day('1989-05-25'), day('1989-05-25')]]);
    expect(keyDateIntervals('*')).toEqual([]);
  });
});

describe('MUC-4 key locations', () => {
  it('the country and the named places below it, without their kinds', () => {
    const loc = keyLocation('COLOMBIA: MEDELLIN (CITY): AMERICA (NEIGHBORHOOD)');
    expect(loc.country).toBe('CO');
    expect([...loc.places].sort()).toEqual(['america', 'medellin']);
    expect(keyLocation('EL SALVADOR')).toEqual({ country: 'SV', places: new Set() });
    expect([...keyLocation('COLOMBIA: URABA (REGION / CITY)').places]).toEqual(['uraba']);
  });
});
