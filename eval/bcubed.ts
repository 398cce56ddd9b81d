/**
 * B-cubed precision, recall and F1 of a clustering against gold clusters (Bagga & Baldwin 1998):
 * for every item, the share of its predicted cluster that shares its gold cluster (precision)
 * and the share of its gold cluster that shares its predicted cluster (recall), averaged.
 */
export interface BCubed {
  precision: number;
  recall: number;
  f1: number;
  items: number;
}

export function bcubed(pred: Map<string, string>, gold: Map<string, string>): BCubed {
  const ids = [...gold.keys()];
  const byPred = new Map<string, Set<string>>();
  const byGold = new Map<string, Set<string>>();
  for (const id of ids) {
    const p = pred.get(id) ?? `__missing__${id}`;
    const g = gold.get(id)!;
    if (!byPred.has(p)) byPred.set(p, new Set());
    byPred.get(p)!.add(id);
    if (!byGold.has(g)) byGold.set(g, new Set());
    byGold.get(g)!.add(id);
  }
  let P = 0;
  let R = 0;
  for (const id of ids) {
    const pc = byPred.get(pred.get(id) ?? `__missing__${id}`)!;
    const gc = byGold.get(gold.get(id)!)!;
    let both = 0;
    for (const x of pc) if (gc.has(x)) both += 1;
    P += both / pc.size;
    R += both / gc.size;
  }
  const n = ids.length || 1;
  const precision = P / n;
  const recall = R / n;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, items: ids.length };
}
