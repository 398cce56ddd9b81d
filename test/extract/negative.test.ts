/** Sentences that must yield no incident (compromise-style false-positive table). */
import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/resources.js';
import { extractArticle } from '../../src/extract/extract.js';

const NEGATIVE = [
  'The ministry condemned the attacks.',
  'Police arrested three suspects on Monday.',
  'Talks between the government and the rebels resumed.',
  'Could a US city be the next target?',
  'Officials warned of future attacks on the capital.',
  'It would be naive to dismiss the possibility of an attack on American soil.',
  'The group is known for high-profile attacks.',
  'The president will visit Kabul next week.',
  'The suspects were charged with plotting attacks.',
];

describe('no incident', () => {
  const res = loadResources();
  for (const text of NEGATIVE) {
    it(text, () => {
      expect(extractArticle({ id: 'n', text, published: '2024-03-29' }, res).incidents).toEqual([]);
    });
  }
});
