/**
 * Story clustering on ECB+ dev: B-cubed precision, recall and F1 of `clusterArticles` (the
 * function behind `vigil cluster`) against the gold `event` of each document.
 */
import { clusterArticles } from '../src/fuse/cluster.js';
import { bcubed, type BCubed } from './bcubed.js';
import { dataPath, hasData, readJsonl } from './data.js';

export interface ClusterEval {
  dataset: string;
  docs: number;
  events: number;
  scores: BCubed;
}

export function evalCluster(): ClusterEval | null {
  if (!hasData('clustering', 'ecbplus-dev.jsonl')) return null;
  const rows = readJsonl<{ id: string; text: string; event: string | number }>(dataPath('clustering', 'ecbplus-dev.jsonl'));
  const gold = new Map(rows.map((r) => [r.id, String(r.event)]));
  const pred = clusterArticles(rows.map((r) => ({ id: r.id, text: r.text })));
  return { dataset: 'ECB+ dev', docs: rows.length, events: new Set(gold.values()).size, scores: bcubed(pred, gold) };
}
