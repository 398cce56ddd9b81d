/** Where the evaluation data lives (`../shared/data`, present in CI, absent in a user's clone). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root, from `eval/` or from the compiled `dist/eval/`. */
export const REPO_ROOT = existsSync(path.join(here, '..', 'package.json')) ? path.resolve(here, '..') : path.resolve(here, '..', '..');
export const SHARED_DATA = process.env.VIGIL_SHARED_DATA ?? path.resolve(REPO_ROOT, '..', 'shared', 'data');

export function dataPath(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}

export function hasData(...parts: string[]): boolean {
  return existsSync(dataPath(...parts));
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}
