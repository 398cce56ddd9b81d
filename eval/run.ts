/**
 * `npm run eval`: every accuracy measure on the `../shared/data` development splits, printed and
 * written to EVAL.md. Each section skips with a message when its data is absent. Nothing here is
 * tuned on the sealed test splits, which the project never opens.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadResources } from '../src/resources.js';
import { evalCluster } from './cluster.js';
import { evalGeo, evalGeoGiven, type GeoEval } from './geo.js';
import { evalNer } from './ner.js';
import { evalIncidents } from './incidents.js';
import { REPO_ROOT, SHARED_DATA } from './data.js';
import type { ConllEvalResult } from '../src/nlp/ner/conlleval.js';

const pct = (x: number) => (100 * x).toFixed(1);
const lines: string[] = [];
const out = (s = '') => {
  lines.push(s);
  console.log(s);
};

const started = Date.now();
out('# Evaluation');
out();
out(`Written by \`npm run eval\` on ${new Date().toISOString().slice(0, 10)} from the development splits in \`${path.relative(REPO_ROOT, SHARED_DATA)}\`.`);
out('Figures are dev figures; the sealed test splits are scored elsewhere with the same code.');
out();

// --- NER ------------------------------------------------------------------------------------
out('## Entity recognition: CoNLL-2003 eng.testa (conlleval, exact match)');
out();
const ner = await evalNer();
if (ner.skipped) out(`Skipped: ${ner.skipped}`);
else {
  const row = (name: string, r: ConllEvalResult) =>
    `| ${name} | ${r.precision.toFixed(2)} | ${r.recall.toFixed(2)} | ${r.f1.toFixed(2)} | ${(['PER', 'ORG', 'LOC', 'MISC'] as const).map((t) => r.byType[t]?.f1.toFixed(2) ?? '-').join(' | ')} |`;
  out('| copy of eng.testa | P | R | F1 | PER F1 | ORG F1 | LOC F1 | MISC F1 |');
  out('|---|---|---|---|---|---|---|---|');
  out(row('as published', ner.dev!));
  out(row('UPPER CASED', ner.devUpper!));
  out(row('lower cased', ner.devLower!));
  out();
  out(`Model load: ${ner.modelLoadMs!.toFixed(0)} ms, and ${ner.caselessFirstUseMs!.toFixed(0)} ms more on the first ALL-CAPS or lower-case text (its tables are laid out on first use). Targets: F1 ≥ 91 as published, ≥ 75 on both case variants.`);
}
out();

// --- Geoparsing -------------------------------------------------------------------------------
out('## Geoparsing: LGL and GeoVirus (places of `vigil extract`)');
out();
const resources = loadResources();
const geo = [evalGeo(resources, 'lgl'), evalGeo(resources, 'geovirus')].filter((g): g is GeoEval => g !== null);
if (geo.length === 0) out('Skipped: ../shared/data/geo is absent.');
else {
  out('| corpus | docs | gold toponyms | toponym recall | toponym precision | Acc@161 on found | Acc@161 end to end | mean error km | median error km |');
  out('|---|---|---|---|---|---|---|---|---|');
  for (const g of geo)
    out(`| ${g.dataset} | ${g.docs} | ${g.gold} | ${pct(g.recall)} | ${pct(g.precision)} | ${pct(g.accFound)} | ${pct(g.accEndToEnd)} | ${g.meanKm.toFixed(0)} | ${g.medianKm.toFixed(0)} |`);
  out();
  out('A gold toponym is found when a predicted place overlaps its span. Published: CamCoder Acc@161 LGL 76, GeoVirus 82 (toponyms given); population baseline LGL 70.');
  out();
  out('With the gold toponyms given to the geocoder (as CamCoder is scored; no candidate counts as wrong):');
  out();
  out('| corpus | with candidates | candidate within 161 km | Acc@161 | mean error km | median error km |');
  out('|---|---|---|---|---|---|');
  for (const name of ['lgl', 'geovirus'] as const) {
    const g = evalGeoGiven(resources.gazetteer, name);
    if (g) out(`| ${g.dataset} | ${pct(g.withCandidates)} | ${pct(g.coverage)} | ${pct(g.acc)} | ${g.meanKm.toFixed(0)} | ${g.medianKm.toFixed(0)} |`);
  }
}
out();

// --- Incidents --------------------------------------------------------------------------------
out('## Incidents: MUC-4 and RAND dev');
out();
const inc = evalIncidents(resources);
for (const l of inc) out(l);
out();

// --- Clustering -------------------------------------------------------------------------------
out('## Story clustering: ECB+ dev (`vigil cluster`)');
out();
const cl = evalCluster();
if (!cl) out('Skipped: ../shared/data/clustering is absent.');
else {
  out('| corpus | docs | gold events | B³ precision | B³ recall | B³ F1 |');
  out('|---|---|---|---|---|---|');
  out(`| ${cl.dataset} | ${cl.docs} | ${cl.events} | ${pct(cl.scores.precision)} | ${pct(cl.scores.recall)} | ${pct(cl.scores.f1)} |`);
}
out();
out(`_Evaluation took ${((Date.now() - started) / 1000).toFixed(0)} s._`);

writeFileSync(path.join(REPO_ROOT, 'EVAL.md'), lines.join('\n') + '\n');
console.error(`wrote ${path.join(REPO_ROOT, 'EVAL.md')}`);
