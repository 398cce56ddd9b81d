#!/usr/bin/env node
// The `vigil` command: runs the compiled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('vigil: not built yet; run `npm run build` in ' + root + '\n');
  process.exit(2);
}
await import(main);
