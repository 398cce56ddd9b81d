/**
 * Measures how much of the perpetrator vocabulary of the development datasets the actor
 * gazetteer covers: RAND's `Perpetrator` column (rand-dev.csv) and ACLED's `actor1`/`actor2`
 * columns of non-state armed actors (inter codes 2 rebel groups, 3 political militias) in
 * acled-dev.csv. Prints the share found and the most frequent names not found, to guide what to
 * add to data/actors. Reads ../shared/data; copies nothing from it.
 * Usage: npx tsx scripts/actors-coverage.ts [dataDir] [--top N]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadActors, type ActorGazetteer } from '../src/resolve/actors.js';
import { parseCsv } from '../eval/csv.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const topIdx = args.indexOf('--top');
const top = topIdx >= 0 ? Number(args[topIdx + 1]) : 40;
const dataDir = args.find((a, i) => !a.startsWith('--') && (topIdx < 0 || i !== topIdx + 1)) ?? path.join(root, '..', 'shared', 'data', 'incidents');


function readTable(file: string): Array<Record<string, string>> {
  const [head, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  if (!head) return [];
  return rows.filter((r) => r.length > 1).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

/**
 * Name forms a dataset label may be looked up under: as written; RAND's "Name (ACR)" split into
 * name and acronym (also when the 50-character cut left the bracket open); ACLED's "ACR: Name",
 * "A/B" pairs, "(Country)" qualifiers and "Name - Unit" suffixes.
 */
function candidates(label: string): string[] {
  const out: string[] = [];
  const add = (s: string | undefined): void => {
    const t = s?.trim();
    if (t && !out.includes(t)) out.push(t);
  };
  const l = label.trim();
  add(l);
  const colon = /^([^:]{1,40}):\s*(.+)$/.exec(l);
  const parts = colon ? [colon[2]!, colon[1]!] : [l];
  for (const p of parts) {
    add(p);
    for (const m of p.matchAll(/\(([^()]*)\)?/g)) add(m[1]);
    const noParens = p.replace(/\([^()]*\)?/g, ' ').replace(/\s+/g, ' ');
    add(p.replace(/\(([^()]*)\)/g, '$1'));
    add(noParens);
    add(noParens.replace(/\s+-\s+.*$/, ''));
    add(p.replace(/\s+-\s+.*$/, ''));
    for (const s of p.split('/')) add(s);
    for (const s of noParens.split(' and/or ')) add(s.replace(/\s+-\s+.*$/, ''));
  }
  return out;
}

function find(gaz: ActorGazetteer, label: string): string | null {
  for (const c of candidates(label)) {
    const hit = gaz.lookup(c)[0];
    if (hit) return hit.id;
  }
  return null;
}

const UNNAMED = /^(unknown|other|unidentified|sole perpetrator|\s*)$|^unidentified |^unknown /i;

function report(title: string, labels: string[], gaz: ActorGazetteer): void {
  const named = labels.filter((l) => !UNNAMED.test(l.trim()));
  let direct = 0;
  let found = 0;
  const missing = new Map<string, number>();
  for (const l of named) {
    if (gaz.lookup(l).length) direct++;
    if (find(gaz, l)) found++;
    else missing.set(l, (missing.get(l) ?? 0) + 1);
  }
  const pct = (n: number): string => (named.length ? ((100 * n) / named.length).toFixed(1) : '0') + '%';
  const distinct = new Set(named);
  const distinctFound = [...distinct].filter((l) => find(gaz, l)).length;
  console.log(`\n== ${title}`);
  console.log(`rows with a label: ${labels.length}; named (not Unknown/Other/Unidentified): ${named.length}`);
  console.log(`found by lookup() as written: ${direct} (${pct(direct)})`);
  console.log(`found by lookup() of the label's name forms: ${found} (${pct(found)})`);
  console.log(`distinct named labels: ${distinct.size}, found: ${distinctFound}`);
  console.log(`most frequent labels not found:`);
  for (const [l, n] of [...missing].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${String(n).padStart(5)}  ${l}`);
}

const gaz = loadActors();
console.log(`gazetteer: ${gaz.all().length} groups`);
const rand = path.join(dataDir, 'rand-dev.csv');
if (fs.existsSync(rand)) report('RAND dev: Perpetrator', readTable(rand).map((r) => r.Perpetrator ?? ''), gaz);
const acled = path.join(dataDir, 'acled-dev.csv');
if (fs.existsSync(acled)) {
  const labels: string[] = [];
  for (const r of readTable(acled)) {
    if (['2', '3'].includes(r.inter1 ?? '')) labels.push(r.actor1 ?? '');
    if (['2', '3'].includes(r.inter2 ?? '')) labels.push(r.actor2 ?? '');
  }
  report('ACLED dev: actor1/actor2 with inter code 2 (rebels) or 3 (political militias)', labels, gaz);
}
