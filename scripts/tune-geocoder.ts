/**
 * Tunes the geocoder's weights (`DEFAULT_WEIGHTS` in `src/resolve/geocode.ts`) by coordinate
 * ascent on the dev sets LGL and GeoVirus with the gold toponyms given (`evalGeoGiven`): the
 * objective is the mean of the two Acc@161. Feature-type weights (country, admin1, admin2, region,
 * seat) may become negative, the evidence weights not; the temperature of the joint first round
 * (`JOINT.temperature`) is searched with them. Prints the best weights to paste into the code.
 *
 *   npx tsx scripts/tune-geocoder.ts
 */
import { loadResources } from '../src/resources.js';
import { DEFAULT_WEIGHTS, JOINT, type GeocodeWeights } from '../src/resolve/geocode.js';
import { evalGeoGiven, givenToponyms, loadGeoDocs, type GeoCorpus } from '../eval/geo.js';

const { gazetteer } = loadResources();
const corpora: GeoCorpus[] = ['lgl', 'geovirus'];
const prepared = corpora.map((name) => (loadGeoDocs(name) ?? []).map((doc) => ({ doc, toponyms: givenToponyms(gazetteer, doc) })));

const objective = (w: GeocodeWeights): number[] => corpora.map((name, i) => evalGeoGiven(gazetteer, name, w, prepared[i])!.acc);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

let best: GeocodeWeights = { ...DEFAULT_WEIGHTS };
let bestAcc = objective(best);
console.log('start', JSON.stringify(best), bestAcc.map((x) => (100 * x).toFixed(1)).join(' / '));
const keys = Object.keys(best) as Array<keyof GeocodeWeights>;
const TYPE_WEIGHTS: ReadonlySet<keyof GeocodeWeights> = new Set(['country', 'admin1', 'admin2', 'region', 'seat']);
for (const step of [2, 1, 0.5, 0.25]) {
  let improved = true;
  while (improved) {
    improved = false;
    for (const dir of [1, -1]) {
      const before = JOINT.temperature;
      JOINT.temperature = Math.max(0, before + dir * step);
      const acc = objective(best);
      if (JOINT.temperature !== before && mean(acc) > mean(bestAcc) + 1e-9) {
        bestAcc = acc;
        improved = true;
        console.log(`step ${step} temperature=${JOINT.temperature}`, acc.map((x) => (100 * x).toFixed(1)).join(' / '));
      } else JOINT.temperature = before;
    }
    for (const k of keys) {
      if (k === 'prior') continue; // the scale: the other weights are relative to it
      for (const dir of [1, -1]) {
        // Feature-type weights are offsets and may go below zero; evidence weights may not.
        const v = best[k] + dir * step;
        const w = { ...best, [k]: TYPE_WEIGHTS.has(k) ? v : Math.max(0, v) };
        if (w[k] === best[k]) continue;
        const acc = objective(w);
        if (mean(acc) > mean(bestAcc) + 1e-9) {
          best = w;
          bestAcc = acc;
          improved = true;
          console.log(`step ${step} ${k}=${w[k]}`, acc.map((x) => (100 * x).toFixed(1)).join(' / '));
        }
      }
    }
  }
}
console.log('best', JSON.stringify(best), 'temperature', JOINT.temperature, bestAcc.map((x) => (100 * x).toFixed(1)).join(' / '));
