/**
 * A small built-in list of armed groups with aliases and parents, used by the first entity
 * pass until the curated actor gazetteer (`src/resolve/actors.ts`) replaces it. The list is a
 * resource: `recognize()` receives it (via `Resources`) and never imports it directly.
 */
import { foldVariants } from '../nlp/fold.js';

export interface ArmedGroup {
  /** Preferred name; the entity id is `armed_group:<slug(canonical)>`. */
  canonical: string;
  /** Other names. Aliases of 2-4 letters in capitals match case-sensitively. */
  aliases: string[];
  /** Canonical name of the parent group (ISKP -> Islamic State). */
  parent?: string;
  /** Country most associated with the group (ISO 3166-1 alpha-2). */
  country?: string;
}

export const ARMED_GROUPS: readonly ArmedGroup[] = [
  { canonical: 'Islamic State', aliases: ['IS', 'ISIS', 'Isis', 'ISIL', 'Daesh', 'Daish', 'Islamic State group', 'Islamic State of Iraq and Syria', 'Islamic State of Iraq and the Levant'] },
  { canonical: 'Islamic State Khorasan Province', aliases: ['ISKP', 'ISIS-K', 'Isis-K', 'IS-K', 'ISIS-KP', 'Islamic State Khorasan', 'Islamic State-Khorasan', 'Islamic State in Khorasan Province', 'Islamic State Khorasan Province group'], parent: 'Islamic State', country: 'AF' },
  { canonical: 'Islamic State West Africa Province', aliases: ['ISWAP'], parent: 'Islamic State', country: 'NG' },
  { canonical: 'Taliban', aliases: ['Afghan Taliban', 'Islamic Emirate of Afghanistan'], country: 'AF' },
  { canonical: 'Tehrik-i-Taliban Pakistan', aliases: ['TTP', 'Pakistani Taliban', 'Tehreek-e-Taliban Pakistan', 'Tehrik-e-Taliban Pakistan'], country: 'PK' },
  { canonical: 'Farabundo Marti National Liberation Front', aliases: ['FMLN', 'Farabundo Martí National Liberation Front', 'Frente Farabundo Marti para la Liberacion Nacional'], country: 'SV' },
  { canonical: 'Shining Path', aliases: ['Sendero Luminoso'], country: 'PE' },
  { canonical: 'National Liberation Army', aliases: ['ELN', 'Ejercito de Liberacion Nacional'], country: 'CO' },
  { canonical: 'Revolutionary Armed Forces of Colombia', aliases: ['FARC', 'Fuerzas Armadas Revolucionarias de Colombia'], country: 'CO' },
  { canonical: '19th of April Movement', aliases: ['M-19', 'April 19 Movement'], country: 'CO' },
  { canonical: 'Manuel Rodriguez Patriotic Front', aliases: ['FPMR', 'Manuel Rodríguez Patriotic Front'], country: 'CL' },
  { canonical: 'Medellin Cartel', aliases: ['Medellín Cartel', 'Medellin cartel', 'the Extraditables', 'Extraditables'], country: 'CO' },
  { canonical: 'Tupac Amaru Revolutionary Movement', aliases: ['MRTA'], country: 'PE' },
  { canonical: 'al-Qaeda', aliases: ['al-Qaida', 'al Qaeda', 'Al Qaeda', 'Al-Qaeda', 'al-Qa’ida', 'Qaeda'] },
  { canonical: 'al-Qaeda in the Arabian Peninsula', aliases: ['AQAP'], parent: 'al-Qaeda', country: 'YE' },
  { canonical: 'al-Qaeda in the Islamic Maghreb', aliases: ['AQIM'], parent: 'al-Qaeda' },
  { canonical: 'al-Shabaab', aliases: ['al-Shabab', 'Al-Shabaab', 'Al Shabaab', 'Shabaab', 'Harakat al-Shabaab al-Mujahideen'], parent: 'al-Qaeda', country: 'SO' },
  { canonical: 'Boko Haram', aliases: ['Jama’atu Ahlis Sunna Lidda’awati wal-Jihad'], country: 'NG' },
  { canonical: 'Hamas', aliases: ['HAMAS', 'Islamic Resistance Movement'], country: 'PS' },
  { canonical: 'Hezbollah', aliases: ['Hizbollah', 'Hizballah', 'Hizbullah'], country: 'LB' },
  { canonical: 'Kurdistan Workers’ Party', aliases: ['PKK', 'Kurdistan Workers Party'], country: 'TR' },
  { canonical: 'ETA', aliases: ['Euskadi Ta Askatasuna'], country: 'ES' },
  { canonical: 'Irish Republican Army', aliases: ['IRA', 'Provisional IRA'], country: 'GB' },
  { canonical: 'Lashkar-e-Taiba', aliases: ['LeT', 'Lashkar-e-Toiba'], country: 'PK' },
  { canonical: 'Jaish-e-Mohammed', aliases: ['JeM', 'Jaish-e-Muhammad'], country: 'PK' },
  { canonical: 'Haqqani network', aliases: ['Haqqani Network'], country: 'AF' },
  { canonical: 'Hayat Tahrir al-Sham', aliases: ['HTS'], country: 'SY' },
  { canonical: 'Jama’at Nusrat al-Islam wal-Muslimin', aliases: ['JNIM'], parent: 'al-Qaeda', country: 'ML' },
  { canonical: 'Houthis', aliases: ['Houthi', 'Ansar Allah', 'Ansarullah'], country: 'YE' },
];

/** Acronyms that are also ordinary words in capitalised text. */
const CAPS_WORDS: ReadonlySet<string> = new Set(['IRA', 'ETA', 'LET', 'JEM', 'HTS']);

/** A lookup table over armed-group names: folded name -> group, with case rules. */
export interface ArmedGroupIndex {
  readonly groups: readonly ArmedGroup[];
  /** Longest alias in tokens. */
  readonly maxTokens: number;
  /** The group named by a folded key; `surface` is checked against case-sensitive aliases. */
  match(foldedKey: string, surface: string, mode: 'upper' | 'lower' | 'mixed'): ArmedGroup | null;
  /** The group with this canonical name. */
  byCanonical(canonical: string): ArmedGroup | null;
  /** True when some alias starts with this folded word (cheap pre-check). */
  hasFirstWord(foldedWord: string): boolean;
}

/** Builds the lookup table for `recognize()`; aliases are folded with the same tokenizer rules. */
export function buildArmedGroupIndex(groups: readonly ArmedGroup[]): ArmedGroupIndex {
  const table = new Map<string, Array<{ group: ArmedGroup; exact: string | null }>>();
  let maxTokens = 1;
  const canon = new Map<string, ArmedGroup>();
  const firstWords = new Set<string>();
  for (const g of groups) {
    canon.set(g.canonical, g);
    for (const name of [g.canonical, ...g.aliases]) {
      for (const key of foldVariants(name)) {
        const exact = /^[A-Z][A-Za-z]{1,3}$/.test(name) && name !== name.slice(0, 1) + name.slice(1).toLowerCase() ? name : null;
        const list = table.get(key) ?? [];
        list.push({ group: g, exact });
        table.set(key, list);
        firstWords.add(key.split(' ')[0]!);
        maxTokens = Math.max(maxTokens, key.split(' ').length);
      }
    }
  }
  return {
    groups,
    maxTokens,
    match(key, surface, mode) {
      const list = table.get(key);
      if (!list) return null;
      for (const e of list) {
        if (e.exact === null) return e.group;
        if (mode === 'mixed' && surface === e.exact) return e.group;
        // Caseless text: "FMLN" in wire capitals, "isis" in lower case; never "IS" or "LET".
        const allCaps = e.exact === e.exact.toUpperCase();
        if (mode === 'upper' && allCaps && e.exact.length >= 3 && surface === e.exact && !CAPS_WORDS.has(e.exact)) return e.group;
        if (mode === 'lower' && allCaps && e.exact.length >= 4 && surface === e.exact.toLowerCase()) return e.group;
      }
      return null;
    },
    byCanonical: (c) => canon.get(c) ?? null,
    hasFirstWord: (w) => firstWords.has(w),
  };
}
