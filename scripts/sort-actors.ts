/**
 * Builds `data/actors/armed-groups.jsonl` from the hand-written parts in `data/actors/src/*.jsonl`:
 * checks each line parses and that its id is `armed_group:` + slug(canonical), rejects duplicate
 * ids, writes every object with the same key order, and sorts the lines by id.
 * Usage: npx tsx scripts/sort-actors.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actorId, type Actor } from '../src/resolve/actors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'data', 'actors', 'src');
const outFile = path.join(root, 'data', 'actors', 'armed-groups.jsonl');

const rows = new Map<string, Actor>();
const problems: string[] = [];
for (const f of fs.readdirSync(srcDir).filter((n) => n.endsWith('.jsonl')).sort()) {
  const lines = fs.readFileSync(path.join(srcDir, f), 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let o: Partial<Actor>;
    try {
      o = JSON.parse(line) as Partial<Actor>;
    } catch (err) {
      problems.push(`${f}:${i + 1}: ${(err as Error).message}`);
      return;
    }
    if (typeof o.canonical !== 'string') {
      problems.push(`${f}:${i + 1}: no canonical`);
      return;
    }
    const id = actorId(o.canonical);
    if (o.id !== undefined && o.id !== id) problems.push(`${f}:${i + 1}: id ${o.id} != ${id}`);
    if (rows.has(id)) problems.push(`${f}:${i + 1}: duplicate id ${id}`);
    const aliases = [...new Set((o.aliases ?? []).filter((a) => a !== o.canonical))];
    rows.set(id, {
      id,
      canonical: o.canonical,
      aliases,
      parent: o.parent ?? null,
      countries: o.countries ?? [],
      active: o.active ?? [null, null],
      designations: o.designations ?? [],
    });
  });
}
for (const a of rows.values()) if (a.parent && !rows.has(a.parent)) problems.push(`${a.id}: unknown parent ${a.parent}`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exitCode = 1;
} else {
  const ids = [...rows.keys()].sort();
  fs.writeFileSync(outFile, ids.map((id) => JSON.stringify(rows.get(id))).join('\n') + '\n');
  console.log(`wrote ${ids.length} groups to ${path.relative(root, outFile)}`);
}
