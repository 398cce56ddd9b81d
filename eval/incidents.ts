/**
 * Incident extraction on MUC-4 and RAND dev.
 *
 * MUC-4: CEAF-REE as in GRIT (Du, Cardie and Rush 2021). Per document and role, the gold role
 * filler entities (each a list of coreferent mentions, pooled over the document's templates) and
 * the predicted fillers (pooled over the document's incidents) are matched one to one; a
 * prediction matches an entity when its normalised text equals one of the entity's mentions
 * (lower-cased, punctuation and the articles a/an/the removed). Precision, recall and F1 are
 * micro-averaged over PerpInd, PerpOrg, Target, Victim and Weapon. Scored on the lower-cased
 * release (`dev.jsonl`) and on the same documents as first published (`original-dev.jsonl`).
 *
 * RAND: each Description is extracted with its Date as the published date; the first news
 * incident is compared with RAND's fields.
 */
import { readFileSync } from 'node:fs';
import { countries } from 'countries-list';
import { extractArticle } from '../src/extract/extract.js';
import type { ExtractRecord, IncidentPlace } from '../src/model.js';
import type { Resources } from '../src/resources.js';
import { foldName, foldVariants } from '../src/nlp/fold.js';
import { dataPath, hasData, readJsonl } from './data.js';
import { parseCsv } from './csv.js';
import { scoreMucKeys } from './muc-keys.js';

// ---------------------------------------------------------------------------------------------
// MUC-4 CEAF-REE
// ---------------------------------------------------------------------------------------------

export const ROLES = ['PerpInd', 'PerpOrg', 'Target', 'Victim', 'Weapon'] as const;
type Role = (typeof ROLES)[number];
const ROLE_FIELD: Record<Role, 'perpetrator_individuals' | 'perpetrator_groups' | 'targets' | 'victims' | 'weapons'> = {
  PerpInd: 'perpetrator_individuals',
  PerpOrg: 'perpetrator_groups',
  Target: 'targets',
  Victim: 'victims',
  Weapon: 'weapons',
};

/** GRIT's normalisation: lower case, no punctuation, no articles, single spaces. */
export function normalizeFiller(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== 'a' && w !== 'an' && w !== 'the')
    .join(' ');
}

/** Maximum one-to-one matching between predictions and gold entities (small: brute-force DFS). */
export function maxMatching(pred: string[], gold: string[][]): number {
  const goldSets = gold.map((mentions) => new Set(mentions.map(normalizeFiller)));
  const edges = pred.map((p) => {
    const n = normalizeFiller(p);
    return goldSets.flatMap((g, j) => (g.has(n) ? [j] : []));
  });
  // Kuhn's augmenting paths.
  const matchOfGold = new Array<number>(gold.length).fill(-1);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (const j of edges[i]!) {
      if (seen[j]) continue;
      seen[j] = true;
      if (matchOfGold[j] === -1 || tryAssign(matchOfGold[j]!, seen)) {
        matchOfGold[j] = i;
        return true;
      }
    }
    return false;
  };
  let m = 0;
  for (let i = 0; i < pred.length; i++) if (tryAssign(i, new Array<boolean>(gold.length).fill(false))) m++;
  return m;
}

interface MucDoc {
  docid: string;
  doctext: string;
  templates: Array<{ incident_type: string } & Record<Role, Array<Array<[string, number]>>>>;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  pred: number;
  gold: number;
  matched: number;
}

const prf = (matched: number, pred: number, gold: number): Prf => {
  const precision = pred ? matched / pred : 0;
  const recall = gold ? matched / gold : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, pred, gold, matched };
};

/** Predicted fillers of a document for one role: pooled over incidents, deduplicated. */
export function predictedFillers(rec: ExtractRecord, role: Role): string[] {
  const seen = new Map<string, string>();
  for (const inc of rec.incidents) {
    for (const f of inc[ROLE_FIELD[role]]) {
      const n = normalizeFiller(f.text);
      if (n && !seen.has(n)) seen.set(n, f.text);
    }
  }
  return [...seen.values()];
}

export function ceafRee(docs: Array<{ id: string; gold: MucDoc; rec: ExtractRecord }>): { micro: Prf; byRole: Record<Role, Prf> } {
  const tot = { m: 0, p: 0, g: 0 };
  const byRole = {} as Record<Role, Prf>;
  for (const role of ROLES) {
    let m = 0;
    let p = 0;
    let g = 0;
    for (const d of docs) {
      const goldEntities: string[][] = [];
      const seen = new Set<string>();
      for (const t of d.gold.templates) {
        for (const ent of t[role] ?? []) {
          const mentions = ent.map((x) => x[0]);
          const key = mentions.map(normalizeFiller).sort().join('|');
          if (!seen.has(key)) {
            seen.add(key);
            goldEntities.push(mentions);
          }
        }
      }
      const pred = predictedFillers(d.rec, role);
      m += maxMatching(pred, goldEntities);
      p += pred.length;
      g += goldEntities.length;
    }
    byRole[role] = prf(m, p, g);
    tot.m += m;
    tot.p += p;
    tot.g += g;
  }
  return { micro: prf(tot.m, tot.p, tot.g), byRole };
}

export function evalMuc(resources: Resources): string[] {
  if (!hasData('muc4', 'dev.jsonl')) return ['MUC-4 skipped: ../shared/data/muc4 is absent.'];
  const gold = readJsonl<MucDoc>(dataPath('muc4', 'dev.jsonl'));
  const original = new Map(readJsonl<{ id: string; text: string }>(dataPath('muc4', 'original-dev.jsonl')).map((d) => [d.id, d.text]));
  const rows: string[] = [];
  const pct = (x: number) => (100 * x).toFixed(1);
  rows.push('| MUC-4 dev release | P | R | F1 | ' + ROLES.map((r) => `${r} F1`).join(' | ') + ' |');
  rows.push('|---|---|---|---|' + ROLES.map(() => '---').join('|') + '|');
  for (const [name, textOf] of [
    ['lower-cased (dev.jsonl)', (d: MucDoc) => d.doctext],
    ['as first published (original-dev.jsonl)', (d: MucDoc) => original.get(d.docid) ?? d.doctext],
  ] as const) {
    const docs = gold.map((d) => ({ id: d.docid, gold: d, rec: extractArticle({ id: d.docid, text: textOf(d) }, resources) }));
    const s = ceafRee(docs);
    rows.push(`| ${name} | ${pct(s.micro.precision)} | ${pct(s.micro.recall)} | ${pct(s.micro.f1)} | ${ROLES.map((r) => pct(s.byRole[r].f1)).join(' | ')} |`);
  }
  rows.push('');
  rows.push('CEAF-REE micro-averaged over the five roles (GRIT scorer semantics). Published on the test split: GRIT 54.5, GTT 50.2. Target on dev: 45.');
  rows.push('');
  rows.push('| MUC-4 dev answer keys | templates | type | date | country | place | documents with an incident: found | documents without: none found |');
  rows.push('|---|---|---|---|---|---|---|---|');
  const byId = new Map(gold.map((d) => [d.docid, d]));
  for (const [name, textOf] of [
    ['lower-cased (dev.jsonl)', (id: string) => byId.get(id)?.doctext ?? null],
    ['as first published (original-dev.jsonl)', (id: string) => original.get(id) ?? byId.get(id)?.doctext ?? null],
  ] as const) {
    const k = scoreMucKeys(resources, textOf);
    if (!k) continue;
    const acc = (f: keyof typeof k.fields) => `${pct(k.fields[f].right / (k.fields[f].total || 1))} (${k.fields[f].total})`;
    rows.push(`| ${name} | ${k.templates} | ${acc('type')} | ${acc('date')} | ${acc('country')} | ${acc('place')} | ${pct(k.relevant.flagged / (k.relevant.docs || 1))} of ${k.relevant.docs} | ${pct(1 - k.irrelevant.flagged / (k.irrelevant.docs || 1))} of ${k.irrelevant.docs} |`);
  }
  rows.push('');
  rows.push('Each key template (one per incident) is paired with at most one predicted news incident of its document, the most agreeing pairs first; an unpaired template is wrong on every field, so these are accuracies over the key\'s incidents (in brackets, how many templates fill the field). type: the GTD counterpart of the key\'s type (ATTACK: armed assault, assassination or unarmed assault); date: inside the key\'s day or range ("- 04 FEB 90": the 30 days up to it); place: a named place of the key below the country (only a country: the right country). The lower-cased release has lost its datelines and the documents carry no published date, so a date relative to the report ("yesterday") cannot be resolved there. See `eval/muc-keys.ts`.');
  return rows;
}

// ---------------------------------------------------------------------------------------------
// RAND
// ---------------------------------------------------------------------------------------------

export { parseCsv } from './csv.js';

const RAND_WEAPON: Record<string, string> = {
  Explosives: 'Explosives',
  'Remote-detonated explosive': 'Explosives',
  Bombing: 'Explosives',
  Firearms: 'Firearms',
  'Fire or Firebomb': 'Incendiary',
  'Knives & sharp objects': 'Melee',
  'Chemical Agent': 'Chemical',
  'Biological Agent': 'Biological',
  Other: 'Other',
  Unknown: 'Unknown',
};

const COUNTRY_ALIASES: Record<string, string> = {
  'west bank/gaza': 'PS',
  'united states': 'US',
  'united kingdom': 'GB',
  russia: 'RU',
  'south korea': 'KR',
  'north korea': 'KP',
  iran: 'IR',
  syria: 'SY',
  laos: 'LA',
  vietnam: 'VN',
  bolivia: 'BO',
  venezuela: 'VE',
  tanzania: 'TZ',
  'ivory coast': 'CI',
  "cote d'ivoire": 'CI',
  'czech republic': 'CZ',
  macedonia: 'MK',
  moldova: 'MD',
  kosovo: 'XK',
  'democratic republic of the congo': 'CD',
  congo: 'CG',
  'east timor': 'TL',
  burma: 'MM',
  'west germany': 'DE',
  'east germany': 'DE',
  yugoslavia: 'RS',
  'soviet union': 'RU',
  ussr: 'RU',
  rhodesia: 'ZW',
  zaire: 'CD',
  'northern ireland': 'GB',
  taiwan: 'TW',
  'palestinian territories': 'PS',
};

/** ISO code of a country name as RAND and the MUC-4 keys write it ("West Bank/Gaza", "EL SALVADOR"). */
export function countryCode(name: string): string | null {
  const key = name.trim().toLowerCase();
  if (COUNTRY_ALIASES[key]) return COUNTRY_ALIASES[key]!;
  for (const [code, c] of Object.entries(countries)) if (c.name.toLowerCase() === key) return code;
  return null;
}

/** The names a RAND Perpetrator field stands for: whole, without its bracket, the bracket alone. */
export function randPerpNames(perp: string): Set<string> {
  const out = new Set<string>([foldName(perp)]);
  const m = /^(.*?)\s*\(([^)]*)\)?\s*$/.exec(perp);
  if (m) {
    if (m[1]) out.add(foldName(m[1]));
    if (m[2] && perp.includes(')')) out.add(foldName(m[2]));
  }
  return out;
}

/** The type word of a region's name ("Yala province", "Cabanas department"). */
const REGION_TYPE = /\s+(?:province|department|region|state|governorate|oblast|district|county|division)$/i;

/**
 * RAND's City against the incident's place. A town matches by its gazetteer name or by the words
 * the text used for it ("Nassariyah" resolved to An Naşşārīyah), with or without an Arabic article
 * or a trailing "City" ("Kirkuk City"); the text's words count only when the country is right too.
 * RAND's City column sometimes holds a province ("Paktika", "Diyala", "Yala"): a region matches
 * when its name is that, with or without its type word (the gazetteer's "Yala province").
 */
export function randCityMatches(place: IncidentPlace | null, city: string, cc: string | null): boolean {
  if (!place || place.feature === 'country') return false;
  // RAND writes a province in the City column as its bare name ("Yala" for "Yala Province").
  if (place.feature !== 'city' && place.feature !== 'landmark') return foldName(place.name.replace(REGION_TYPE, '')) === foldName(city.replace(REGION_TYPE, ''));
  const golds = new Set([...foldVariants(city), ...foldVariants(city.replace(/\s+city$/i, ''))]);
  if (foldVariants(place.name).some((v) => golds.has(v))) return true;
  return (!cc || place.country_code === cc) && foldVariants(place.text).some((v) => golds.has(v));
}

export interface RandScores {
  docs: number;
  fields: Record<'country' | 'city' | 'weapon' | 'killed' | 'wounded' | 'perpetrator' | 'no_perpetrator', { right: number; total: number }>;
  mean: number;
}

/**
 * `limit`: the first N descriptions; `stride`: every Nth (a sample spread over the decades), for quick iterations.
 * `onRow`: called with each row, its record and the field verdicts, for error analysis (no caller in `npm run eval`).
 */
export function evalRand(
  resources: Resources,
  opts: { limit?: number; stride?: number; onRow?: (row: Record<string, string>, rec: ExtractRecord, verdicts: Partial<Record<keyof RandScores['fields'], boolean>>) => void } = {},
): RandScores | null {
  if (!hasData('incidents', 'rand-dev.csv')) return null;
  const rows = parseCsv(readFileSync(dataPath('incidents', 'rand-dev.csv'), 'utf8'));
  const header = rows[0]!;
  const col = (name: string) => header.indexOf(name);
  const [cDate, cCity, cCountry, cPerp, cWeapon, cInj, cFat, cDesc] = ['Date', 'City', 'Country', 'Perpetrator', 'Weapon', 'Injuries', 'Fatalities', 'Description'].map(col) as number[];
  const fields: RandScores['fields'] = {
    country: { right: 0, total: 0 },
    city: { right: 0, total: 0 },
    weapon: { right: 0, total: 0 },
    killed: { right: 0, total: 0 },
    wounded: { right: 0, total: 0 },
    perpetrator: { right: 0, total: 0 },
    no_perpetrator: { right: 0, total: 0 },
  };
  const data = rows.slice(1).filter((r) => r.length >= header.length && r[cDesc!]);
  const strided = opts.stride && opts.stride > 1 ? data.filter((_, i) => i % opts.stride! === 0) : data;
  const sample = opts.limit ? strided.slice(0, opts.limit) : strided;
  let verdicts: Partial<Record<keyof RandScores['fields'], boolean>> = {};
  const tally = (f: keyof RandScores['fields'], ok: boolean) => {
    fields[f].total++;
    if (ok) fields[f].right++;
    verdicts[f] = ok;
  };
  for (const [i, r] of sample.entries()) {
    verdicts = {};
    const rec = extractArticle({ id: `rand-${i}`, text: r[cDesc!]!, published: r[cDate!] || null }, resources);
    const inc = rec.incidents.find((x) => !x.is_background) ?? rec.incidents[0] ?? null;
    const cc = countryCode(r[cCountry!]!);
    if (cc) tally('country', inc?.place?.country_code === cc);
    const city = r[cCity!]!.trim();
    if (city && !/^unknown$/i.test(city)) tally('city', randCityMatches(inc?.place ?? null, city, cc));
    const weapon = RAND_WEAPON[r[cWeapon!]!.trim()];
    if (weapon) tally('weapon', weapon === 'Unknown' ? !inc || inc.weapon_types.length === 0 || inc.weapon_types[0] === 'Unknown' : inc?.weapon_types[0] === weapon);
    const fat = Number(r[cFat!]);
    if (Number.isFinite(fat)) tally('killed', fat > 0 ? inc?.killed === fat : !inc || !inc.killed);
    const inj = Number(r[cInj!]);
    if (Number.isFinite(inj)) tally('wounded', inj > 0 ? inc?.wounded === inj : !inc || !inc.wounded);
    const perp = r[cPerp!]!.trim();
    const groups = inc?.perpetrator_groups ?? [];
    if (!perp || /^unknown$/i.test(perp)) tally('no_perpetrator', groups.length === 0);
    else if (!/^other$/i.test(perp)) {
      // RAND's Perpetrator column is cut at 50 characters ("Popular Front for the
      // Liberation of Palestine (PFL") and often ends in "(ACRONYM)"; "Other" names no group
      // and is not scored. Gold names are the full field, the part before the bracket and the
      // bracketed acronym; a cut field matches a name it begins.
      const golds = randPerpNames(perp);
      const cut = perp.length >= 50;
      // RAND codes a wing under its movement (the Qassam Brigades as Hamas): a group's parents count as its names.
      const parents = (g: (typeof groups)[number]) => (g.entity && resources.actors ? resources.actors.parentChain(g.entity).flatMap((p) => [p.canonical, ...p.aliases]) : []);
      tally('perpetrator', groups.some((g) => [g.canonical, g.text, ...g.aliases, ...parents(g)].some((n) => {
        const f = foldName(n);
        return golds.has(f) || (cut && f.length >= 20 && foldName(perp).startsWith(f.slice(0, 45)));
      })));
    }
    opts.onRow?.(Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])), rec, verdicts);
  }
  const accs = Object.values(fields).filter((f) => f.total > 0).map((f) => f.right / f.total);
  return { docs: sample.length, fields, mean: accs.reduce((a, b) => a + b, 0) / (accs.length || 1) };
}

export function evalIncidents(resources: Resources): string[] {
  const out = evalMuc(resources);
  out.push('');
  const rand = evalRand(resources);
  if (!rand) out.push('RAND skipped: ../shared/data/incidents is absent.');
  else {
    const pct = (x: number) => (100 * x).toFixed(1);
    out.push(`| RAND dev (${rand.docs} descriptions) | accuracy | scored on |`);
    out.push('|---|---|---|');
    for (const [k, v] of Object.entries(rand.fields)) out.push(`| ${k.replace('_', ' ')} | ${pct(v.right / (v.total || 1))} | ${v.total} |`);
    out.push(`| **mean field accuracy** | **${pct(rand.mean)}** | |`);
    out.push('');
    out.push('The first news incident of each description is compared. city: the place\'s gazetteer name or the words the text used for it (then the country must be right too), with or without an Arabic article or a trailing "City"; a region only when its name is exactly RAND\'s (RAND\'s City column sometimes holds a province). killed/wounded: exact where RAND counts any; where it counts none, right when none is reported. perpetrator: a name or alias of the group, or of a movement it is a wing of (RAND codes the Qassam Brigades as Hamas), equals RAND\'s (folded); no perpetrator: right when RAND says Unknown and none is extracted. Target: mean ≥ 75.');
  }
  return out;
}
