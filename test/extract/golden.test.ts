/**
 * Golden files for the extract stage: `test/golden/extract/<name>.json` holds the input and the
 * expected record. `UPDATE_GOLDEN=1 npx vitest run test/extract/golden.test.ts` rewrites the
 * expected records from the current output; review the diff before committing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/resources.js';
import { extractArticle } from '../../src/extract/extract.js';
import type { ExtractInput, ExtractRecord } from '../../src/model.js';

const DIR = path.resolve('test/golden/extract');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Golden {
  description: string;
  input: ExtractInput;
  expected: ExtractRecord | null;
}

describe('extract golden files', () => {
  const res = loadResources();
  for (const file of fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
    it(file, () => {
      const full = path.join(DIR, file);
      const golden = JSON.parse(fs.readFileSync(full, 'utf8')) as Golden;
      const got = JSON.parse(JSON.stringify(extractArticle(golden.input, res))) as ExtractRecord;
      if (UPDATE || golden.expected === null) {
        fs.writeFileSync(full, `${JSON.stringify({ ...golden, expected: got }, null, 2)}\n`);
        return;
      }
      expect(got).toEqual(golden.expected);
    });
  }
});
