import { describe, expect, it } from 'vitest';
import { fallbackTitle } from '../../src/ingest/ingest.js';

describe('fallbackTitle', () => {
  const rows: Array<[string, string | null]> = [
    ['   SAN SALVADOR, 3 JAN 90 -- [REPORT] [ARMED FORCES PRESS COMMITTEE,\nCOPREFA] [TEXT] THE ARCE BATTALION COMMAND HAS REPORTED THAT ABOUT 50\nPEASANTS. MORE.', 'THE ARCE BATTALION COMMAND HAS REPORTED THAT ABOUT 50 PEASANTS.'],
    ['Gunmen attacked a bus. Ten died.', 'Gunmen attacked a bus.'],
    ['LIMA, 14 JAN 90 -- INTERIOR MINISTER EDUARDO PEREZ BELTRAN HAS BLAMED THE MURDER OF TWO U.S. CITIZENS ON THE MRTA. THE POLICE SAID.', 'INTERIOR MINISTER EDUARDO PEREZ BELTRAN HAS BLAMED THE MURDER OF TWO U.S. CITIZENS ON THE MRTA.'],
    ['Gen. Smith said the attack failed. Others disagreed.', 'Gen. Smith said the attack failed.'],
    ['', null],
    ['   ', null],
    ['A '.repeat(80) + 'end.', 'A '.repeat(50).trim() + '…'],
  ];
  for (const [text, want] of rows) it(JSON.stringify(text.slice(0, 30)), () => expect(fallbackTitle(text)).toBe(want));
});
