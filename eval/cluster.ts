/**
 * Story clustering on ECB+: B-cubed precision, recall and F1 of `clusterArticles` (the function
 * behind `vigil cluster`) against the gold `event` of each document. The parameters in
 * `DEFAULT_CLUSTER_OPTIONS` were chosen on the train split; dev is reported, train shown beside it.
 */
import { clusterArticles, type ClusterOptions } from '../src/fuse/cluster.js';
import { bcubed, type BCubed } from './bcubed.js';
import { dataPath, hasData, readJsonl } from './data.js';

export interface ClusterEval {
  dataset: string;
  docs: number;
  events: number;
  scores: BCubed;
}

/** Scores one ECB+ split (`dev` by default); null when the file is absent. */
export function evalCluster(split: 'dev' | 'train' = 'dev', options: Partial<ClusterOptions> = {}): ClusterEval | null {
  const file = `ecbplus-${split}.jsonl`;
  if (!hasData('clustering', file)) return null;
  const rows = readJsonl<{ id: string; text: string; event: string | number }>(dataPath('clustering', file));
  const gold = new Map(rows.map((r) => [r.id, String(r.event)]));
  const pred = clusterArticles(rows.map((r) => ({ id: r.id, text: r.text })), options);
  return { dataset: `ECB+ ${split}`, docs: rows.length, events: new Set(gold.values()).size, scores: bcubed(pred, gold) };
}
