/** Fixture helpers for the reader tests: paths and bytes of files under `fixtures/`. */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(fixturesDir, name)));
}

export function fixtureText(name: string): string {
  return readFileSync(path.join(fixturesDir, name), 'utf8');
}
