/**
 * First incident extraction. Trigger words ("suicide bombing", "kidnapped", "attack") open an
 * incident; the trigger's window (its part of the sentence) supplies date, place, casualty
 * figures, perpetrator groups with claim status and MUC-4 role fillers, each with its span.
 * Mentions that refer back ("the Moscow attack", "the same day") merge into earlier incidents.
 * Generic or hypothetical mentions ("future attacks", "the possibility of an attack", plural
 * "attacks" without a count) are not incidents. GTD category names are used verbatim.
 * The role model's fillers go to the nearest incident; confident fillers with no trigger open one.
 * News incidents are then completed from the whole document (`completeFromDocument`): place,
 * casualties in later sentences, weapon type from the description's words, cued perpetrator groups.
 */
import type { DateMention, ExtractedIncident, IncidentPlace, PerpetratorGroup, PlaceMention, RoleFiller, Span, ClaimStatus } from '../model.js';
import type { Sentence } from '../nlp/sentences.js';
import type { NumberSpan } from '../nlp/numbers.js';
import type { Recognized } from './entities.js';
import type { Tokens } from '../nlp/tokenize.js';
import { findRoleFillers, type RoleFind, type RoleModel } from './roles.js';
import type { ActorGazetteer } from '../resolve/actors.js';

export interface IncidentInput {
  text: string;
  sentences: readonly Sentence[];
  entities: readonly Recognized[];
  dates: readonly DateMention[];
  numbers: readonly NumberSpan[];
  /** Reference date (published, else dateline date), `YYYY-MM-DD`. */
  reference?: string | null;
  /** Dateline place and date, resolved. */
  dateline?: { place: PlaceMention | null; date: string | null; span: Span } | null;
  /** Tokens of `text` and the role-filler model; without them role fillers come from word lists. */
  tokens?: Tokens | null;
  /** The tokens lower-cased, when the caller has them. */
  lowered?: readonly string[] | null;
  roles?: RoleModel | null;
  /** Actor gazetteer: group names the entity pass did not tag are resolved through it. */
  actors?: ActorGazetteer | null;
  /**
   * Every place the entity pass resolved, toponyms inside other names included ("the Austrian
   * Trade Office in Athens", "Narita Airport"); without it only the entities' own places count.
   */
  places?: readonly PlaceMention[] | null;
}

/** A facility named after its town: "Narita Airport", "Nangarhar University", "Kirkuk police station". */
const FACILITY_AFTER = /^\s+(?:[\p{Lu}][\p{L}'’.-]*\s+){0,3}(?:international\s+)?(?:airport|air\s*port|university|railway\s+station|train\s+station|bus\s+station|station|port|harbou?r|hospital|stadium|prison|jail|market|bazaar|mosque|cathedral|shipyard|refinery|airbase|air\s+base|police\s+(?:station|headquarters))$/iu;

/**
 * A country named as a modifier, as a demonym would be: "TWO U.S. CITIZENS", "the U.S. embassy in
 * Lima" — followed by a word that is no function word ("Congo on Monday" is a place), and not
 * after "in", "at" or "near".
 */
function countryAsModifier(text: string, p: PlaceMention): boolean {
  if (p.feature !== 'country') return false;
  const next = /^[ \t]+(\p{L}+)/u.exec(text.slice(p.end, p.end + 24));
  if (!next || FUNCTION_WORD.test(next[1]!)) return false;
  return !/\b(?:in|at|near|inside|across|throughout|into|to)\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, p.start - 16), p.start));
}
const FUNCTION_WORD = /^(?:on|in|at|of|for|and|or|but|to|from|with|by|as|when|where|while|after|before|since|during|until|than|that|which|who|was|were|is|are|has|had|have|will|would|last|this|yesterday|today|tonight|early|late)$/i;

/**
 * The places an incident can be at: the entities' places, the toponyms inside other names that
 * say where the named thing is — after "in", "at" or "near" inside it ("the Santander Family Fund
 * in Bucaramanga") — and the gazetteer's untagged toponyms with a place cue. Demonyms ("Austrian")
 * say whose, not where. `facilityTowns` are the towns opening a facility's name ("Narita
 * Airport"): weaker ("La Aurora" airport is in Guatemala City), used only when nothing else places
 * an incident.
 */
function incidentPlaces(text: string, entities: readonly Recognized[], all: readonly PlaceMention[] | null | undefined): { places: Array<{ p: PlaceMention }>; facilityTowns: PlaceMention[] } {
  const places: Array<{ p: PlaceMention }> = entities.filter((e) => e.place && !countryAsModifier(text, e.place)).map((e) => ({ p: e.place! }));
  const facilityTowns: PlaceMention[] = [];
  if (!all) return { places, facilityTowns };
  const taken = new Set(places.map(({ p }) => p.start));
  for (const p of all) {
    if (taken.has(p.start)) continue;
    const host = entities.find((e) => e.start <= p.start && p.end <= e.end);
    if (host) {
      if (host.kind === 'nationality' || host.place) continue;
      const inside = text.slice(host.start, p.start);
      const cued = /\b(?:in|at|near)\s+(?:the\s+)?$/i.test(inside) || (p.feature === 'city' && /\bof\s+$/i.test(inside));
      if (!cued) {
        if (host.start === p.start && p.feature === 'city' && FACILITY_AFTER.test(text.slice(p.end, host.end))) facilityTowns.push(p);
        continue;
      }
    }
    places.push({ p });
  }
  places.sort((x, y) => x.p.start - y.p.start);
  return { places, facilityTowns };
}


/**
 * A leading country heading in capitals ("ARGENTINA.  The second floor…", chronology style):
 * document context for the place, read like a dateline. Null when the text has none.
 */
export function countryHeader(text: string): { place: string; date: null; span: Span } | null {
  const m = /^(\s*)((?:THE\s+)?[A-Z][A-Z.'&/ -]{2,40}?)\.\s+(?=[A-Z0-9"“])/.exec(text.slice(0, 60));
  if (!m) return null;
  const start = m[1]!.length;
  const raw = m[2]!;
  if (/\s{2,}/.test(raw) || !/[A-Z]{3}/.test(raw)) return null;
  const place = raw.replace(/^THE\s+/, '').split('/')[0]!.trim();
  return { place, date: null, span: { start, end: start + raw.length } };
}

interface TriggerRule {
  re: RegExp;
  attack: string[];
  weapon: string[];
  /** Weak triggers ("incident") only open an incident with a date or casualties. */
  weak?: boolean;
  /** Only adds to an earlier incident ("X claimed responsibility", "officials blamed X"). */
  referOnly?: boolean;
  /**
   * A killing or a wounding named by its verb ("was shot and killed", "killed by suspected
   * rebels", "murdered"): counts only in a sentence that names no other event, and adds to the
   * incident before it when nothing (date, place) says it is another.
   */
  secondary?: boolean;
  drone?: boolean;
}

const R = (src: string): RegExp => new RegExp(`\\b(?:${src})\\b`, 'gi');

/** Ordered: longer and more specific patterns first; overlapping later matches are ignored. */
export const TRIGGERS: readonly TriggerRule[] = [
  { re: R('(?:foiled|thwarted|disrupted)\\s+(?:an?\\s+|the\\s+)?(?:\\w+\\s+)?(?:plots?|attacks?|attempts?)|plots?\\s+to\\s+(?:attack|bomb|kill)'), attack: ['Foiled Plot'], weapon: [] },
  { re: R('suicide\\s+(?:car\\s+|truck\\s+)?bomb(?:ing|ings|er|ers|s)?|suicide\\s+(?:attack|attacks)'), attack: ['Bombing/Explosion'], weapon: ['Explosives'] },
  { re: R('suicide\\s+(?:assault|assaults|raid)'), attack: ['Armed Assault', 'Bombing/Explosion'], weapon: ['Explosives', 'Firearms'] },
  { re: R('(?:car|truck|vehicle|roadside|parcel|letter|pipe|nail)[-\\s]bomb(?:s|ing|ings)?'), attack: ['Bombing/Explosion'], weapon: ['Explosives'] },
  { re: R('(?:drone)\\s+(?:strikes?|attacks?)'), attack: ['Bombing/Explosion'], weapon: ['Explosives'], drone: true },
  { re: R('(?:rocket|mortar|missile|grenade|artillery)\\s+(?:attacks?|strikes?|fire)|air\\s*strikes?|shelling'), attack: ['Bombing/Explosion'], weapon: ['Explosives'] },
  { re: R('bombings?|bomb\\s+(?:attacks?|blasts?)|blasts?|explosions?|exploded|detonated|bombed'), attack: ['Bombing/Explosion'], weapon: ['Explosives'] },
  { re: R('(?:planted|placed|threw|thrown|hurled|tossed|set|left|found|discovered|defused|disarmed|located)\\s+(?:\\w+\\s+){0,3}(?:time\\s+)?(?:bombs?|explosives?|explosive\\s+devices?|grenades?|dynamite)|(?:bombs?|explosive\\s+devices?|grenades?|dynamite)\\s+(?:[\\w-]+\\s+){0,5}?(?:found|discovered|defused|disarmed|located|thrown|planted|hurled|placed|went\\s+off)|(?:hand\\s+)?grenades?\\s+attacks?|bomb\\s+(?:wrecked|damaged|destroyed)'), attack: ['Bombing/Explosion'], weapon: ['Explosives'] },
  { re: R('(?:threw|thrown|hurled|tossed)\\s+(?:\\w+\\s+){0,3}(?:molotov\\s+cocktails?|incendiary\\s+devices?|firebombs?)|molotov\\s+cocktails?|incendiary\\s+devices?'), attack: ['Facility/Infrastructure Attack'], weapon: ['Incendiary'] },
  { re: R('fired\\s+(?:\\w+\\s+){0,3}(?:on|at|upon|into)|(?:wounded|killed|struck|hit)\\s+by\\s+(?:gunfire|bullets|shots)|machine-?gunned|(?:shots|bullets|slugs|rounds)\\s+(?:[\\w-]+\\s+){0,2}fired|fired\\s+from'), attack: ['Armed Assault'], weapon: ['Firearms'] },
  { re: R('(?:attempted|tried|attempting|trying)\\s+to\\s+hijack'), attack: ['Hijacking'], weapon: [] },
  { re: R('(?:attempted|tried|attempting|trying)\\s+to\\s+(?:assassinate|kill)'), attack: ['Assassination'], weapon: [] },
  { re: R('(?:attempted|tried|attempting|trying)\\s+to\\s+(?:kidnap|abduct)'), attack: ['Hostage Taking (Kidnapping)'], weapon: [] },
  { re: R('(?:taken|held)\\s+hostages?'), attack: ['Hostage Taking (Kidnapping)'], weapon: [] },
  { re: R('(?:mass\\s+)?shootings?|opened\\s+fire|gun\\s+attacks?|shot\\s+dead|gunned\\s+down'), attack: ['Armed Assault'], weapon: ['Firearms'] },
  { re: R('stormed|storming'), attack: ['Armed Assault'], weapon: [] },
  { re: R('massacres?|massacred'), attack: ['Armed Assault'], weapon: [] },
  { re: R('ambush(?:es|ed)?'), attack: ['Armed Assault'], weapon: [] },
  { re: R('stabbings?|knife\\s+attacks?'), attack: ['Armed Assault'], weapon: ['Melee'] },
  { re: R('kidnappings?|kidnapped|kidnap|abducted|abductions?'), attack: ['Hostage Taking (Kidnapping)'], weapon: [] },
  { re: R('hostage[-\\s]taking|took\\s+\\w+\\s+hostages?|(?<!state\\s+of\\s+)sieges?'), attack: ['Hostage Taking (Barricade Incident)'], weapon: [] },
  { re: R('hijack(?:ing|ings|ed)'), attack: ['Hijacking'], weapon: [] },
  { re: R('assassinations?|assassinated'), attack: ['Assassination'], weapon: [] },
  { re: R('arson|set\\s+(?:\\w+\\s+)?(?:on\\s+)?fire|torched|firebomb(?:ed|ing)?'), attack: ['Facility/Infrastructure Attack'], weapon: ['Incendiary'] },
  { re: R('blew\\s+up|blown\\s+up|blowing\\s+up'), attack: ['Bombing/Explosion'], weapon: ['Explosives'] },
  { re: R('attacks?|attacked|assaults?|raids?|raided'), attack: [], weapon: [] },
  { re: R('shot\\s+and\\s+(?:killed|wounded|injured)|shot\\s+to\\s+death|shot\\s+(?:\\w+\\s+){0,2}?(?:dead|in\\s+the\\s+(?:head|chest|back|neck|leg|legs|stomach))'), attack: ['Armed Assault'], weapon: ['Firearms'], secondary: true },
  { re: R('stabbed(?:\\s+to\\s+death)?|hacked\\s+to\\s+death|knifed'), attack: ['Armed Assault'], weapon: ['Melee'], secondary: true },
  { re: R(`(?:killed|murdered|slain|wounded|injured)\\s+by\\s+(?:(?:an?|the|two|three|four|five|several|some)\\s+)?(?:suspected|alleged|unidentified|unknown|armed|masked|(?:[\\w'’()-]+\\s+){0,6}?(?:${'urban\\s+guerrillas?|guerrillas?|gunm[ae]n|terrorists?|militants?|insurgents?|rebels?|attackers?|assailants?|extremists?|fighters|hitm[ae]n|snipers?|cadres?|members?|activists'})\\b)`), attack: ['Armed Assault'], weapon: [], secondary: true },
  { re: R('murdered|beheaded|decapitated|(?:the\\s+)?(?:killing|murder)\\s+of'), attack: ['Armed Assault'], weapon: [], secondary: true },
  { re: R('incidents?'), attack: [], weapon: [], weak: true },
  { re: R('claimed\\s+responsibility|blamed|(?:was|were)\\s+(?:responsible|behind)'), attack: [], weapon: [], weak: true, referOnly: true },
];

const PLURAL = /(?:s|es)$/i;
const NEGATIVE_BEFORE = /\b(?:future|possible|possibility\s+of|potential|threats?\s+of|risk\s+of|fears?\s+of|warn(?:ed|s|ing)?\s+of|plan(?:s|ned|ning)?\s+(?:to|for)|prevent(?:ing|ed)?|deter(?:ring)?|against\s+(?:an?\s+)?|vulnerable\s+to|capacity\s+for|capability\s+to|could|would|might|may|if)\s+(?:(?:an?|the|more|further|new|any|such|similar|large-scale|major|deadly|terror|terrorist)\s+){0,3}$/i;
const COUNTED_PLURAL = /\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twin|both|series\s+of|wave\s+of|string\s+of|coordinated|simultaneous)\s+(?:\w+\s+){0,2}$/i;
const DEFINITE = /\b(?:the|this|that|these|those|yesterday's|friday's|its|same)\s+(?:[\p{L}\p{N}’'.-]+\s+){0,3}$/iu;
const INDEFINITE = /\b(?:an?|another|one)\s+(?:[\p{L}\p{N}’'.-]+\s+){0,3}$/iu;

const PERP_WORDS = 'urban\\s+guerrillas?|guerrillas?|gunm[ae]n|terrorists?|militants?|insurgents?|rebels?|suicide\\s+bombers?|bombers?|attackers?|assailants?|jihadists?|extremists?|fighters|hitm[ae]n|snipers?|kidnappers?|hijackers?|subversives?|armed\\s+men|masked\\s+men|unidentified\\s+men';
const VICTIM_WORDS = 'civilians|peasants|soldiers|troops|police(?:\\s+officers|men)?|policem[ae]n|officers|worshippers|students|children|women|concert-goers|concertgoers|people|persons|passengers|tourists|journalists|villagers|residents|officials|judges?|diplomats?|pilgrims|workers|farmers|teachers|civilian|soldier|policeman|journalist|official|diplomat|priests?|mayor';
const TARGET_WORDS = 'embassy|consulate|international\\s+airport|airport|nightclub|night\\s+club|buse?s|bus\\s+station|mosque|church|school|university|market(?:place)?|hotel|checkpoint|police\\s+station|military\\s+base|base|barracks|pipeline|pylons?|power\\s+(?:station|plant|lines?)|bridge|convoy|concert\\s+hall|headquarters|restaurant|shrine|hospital|train|plane|aircraft|airliner|shops?|bank|courthouse|residences?|homes?|houses?|vehicles?|office|offices|station|temple|synagogue|stadium|mall|hall|camp';
const WEAPON_WORDS = 'car\\s+bombs?|truck\\s+bombs?|bombs?|explosives?|explosive\\s+devices?|dynamite|IEDs?|grenades?|automatic\\s+rifles|assault\\s+rifles|rifles?|machine-?guns?|guns?|firearms|pistols?|knives|knife|machetes?|rockets?|mortars?|missiles?|drones?|suicide\\s+vests?|explosive\\s+belts?|kalashnikovs?|AK-47s?|molotov\\s+cocktails?';
const MODIFIER = "(?:(?:\\d[\\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|fifty|dozens\\s+of|hundreds\\s+of|several|numerous|many|some|about\\s+\\d+)\\s+)?(?:(?:US|U\\.S\\.|[A-Z][a-z]+(?:an|ian|ese|i|ish)|heavily\\s+armed|armed|unidentified|masked|foreign|local|innocent|Russian|American|international|crowded|popular|busy|military|police|passenger|government)\\s+)?";

const TARGET_TYPES: Array<[RegExp, string]> = [
  [/embass|consulat|diplomat/i, 'Government (Diplomatic)'],
  [/airport|aircraft|plane|airliner/i, 'Airports & Aircraft'],
  [/police|checkpoint/i, 'Police'],
  [/soldier|troop|military|barracks|\bbase\b|convoy|army/i, 'Military'],
  [/nightclub|night club|restaurant|hotel|bank|shop|market|mall|concert|business/i, 'Business'],
  [/mosque|church|shrine|temple|synagogue|worshipper|priest|pilgrim/i, 'Religious Figures/Institutions'],
  [/school|universit|student|teacher/i, 'Educational Institution'],
  [/pipeline|pylon|power/i, 'Utilities'],
  [/\bbus|train|station|passenger/i, 'Transportation'],
  [/journalist/i, 'Journalists & Media'],
  [/tourist/i, 'Tourists'],
  [/official|judge|mayor|courthouse|office/i, 'Government (General)'],
  [/civilian|peasant|villager|people|person|resident|children|women|home|house|residence|concert-?goer|farmer|worker/i, 'Private Citizens & Property'],
];

const WEAPON_TYPES: Array<[RegExp, string]> = [
  [/bomb|explosiv|dynamite|IED|grenade|rocket|mortar|missile|drone|vest|belt/i, 'Explosives'],
  [/rifle|gun|firearm|pistol|kalashnikov|AK-47|shoot|gunm/i, 'Firearms'],
  [/knife|knives|machete|stab/i, 'Melee'],
  [/molotov|arson|fire|incendiar/i, 'Incendiary'],
];

interface Trig {
  start: number;
  end: number;
  text: string;
  rule: TriggerRule;
  definite: boolean;
}

interface Work {
  inc: ExtractedIncident;
  sentenceIndex: number;
  placeKey: string | null;
  year: number | null;
}

function within(s: { start: number }, a: number, b: number): boolean {
  return s.start >= a && s.start < b;
}

function yearOf(value: string | null): number | null {
  return value ? Number(value.slice(0, 4)) : null;
}

/** True when a date lies well before the reference: an earlier year, or a day/month over 60 days back. */
export function isHistory(date: string | null, reference: string | null): boolean {
  if (!date || !reference) return false;
  const ref = Date.parse(reference.slice(0, 10));
  if (date.length === 4) return Number(date) < Number(reference.slice(0, 4));
  const end = date.length === 7 ? Date.parse(`${date}-28`) : Date.parse(date);
  return Number.isFinite(ref) && Number.isFinite(end) && ref - end > 60 * 86400000;
}

function compatibleDates(a: string | null, b: string | null): boolean {
  if (!a || !b) return true;
  return a.startsWith(b) || b.startsWith(a);
}

function specificity(p: PlaceMention): 1 | 2 | 3 | 4 | 5 {
  if (p.feature === 'city' || p.feature === 'landmark') return 1;
  if (p.feature === 'admin1' || p.feature === 'admin2' || p.feature === 'region') return p.country_code ? 2 : 4;
  if (p.feature === 'country') return 4;
  return 5;
}

function toIncidentPlace(p: PlaceMention): IncidentPlace {
  return {
    start: p.start, end: p.end, text: p.text, name: p.name, lat: p.lat, lon: p.lon,
    country_code: p.country_code || null, admin1: p.admin1 ?? null, feature: p.feature, geonameid: p.geonameid ?? null,
    specificity: specificity(p),
  };
}

const FILLER_RE = new Map<string, { filler: RegExp; head: RegExp }>();
/** Longer than any numeral and adjective a filler opens with ("hundreds of heavily armed "). */
const MODIFIER_MAX = 120;

/**
 * Role fillers of `[a, b)`: each head word (`words`, a regex alternation) with the numeral and
 * adjective before it ("two heavily armed gunmen"). The filler regex only starts its search
 * within `MODIFIER_MAX` characters of the next head word, which a plain search finds faster.
 */
function fillers(text: string, a: number, b: number, words: string): RoleFiller[] {
  const out: RoleFiller[] = [];
  let res = FILLER_RE.get(words);
  if (!res) {
    res = { filler: new RegExp(`${MODIFIER}\\b(?:${words})\\b`, 'gi'), head: new RegExp(`\\b(?:${words})\\b`, 'gi') };
    FILLER_RE.set(words, res);
  }
  const { filler: re, head } = res;
  const slice = text.slice(a, b);
  let from = 0;
  for (;;) {
    head.lastIndex = from;
    const h = head.exec(slice);
    if (!h) break;
    re.lastIndex = Math.max(from, h.index - MODIFIER_MAX);
    const m = re.exec(slice);
    if (!m) break;
    from = m.index + m[0].length;
    const s = a + m.index;
    // The speaker is not a participant: "officials said".
    if (/^\s+(?:said|say|says|told|reported|added|confirmed)\b/i.test(text.slice(s + m[0].length, s + m[0].length + 12))) continue;
    out.push({ start: s, end: s + m[0].length, text: m[0] });
  }
  return out;
}

function typesFrom(list: readonly RoleFiller[], table: Array<[RegExp, string]>): string[] {
  const out = new Set<string>();
  for (const f of list) for (const [re, name] of table) if (re.test(f.text)) { out.add(name); break; }
  return [...out];
}

/** Finds the trigger mentions of one sentence, longest rules first, skipping overlaps. */
/**
 * Word stems at least one of which every trigger rule's match contains (checked rule by rule
 * against `TRIGGERS`): a sentence with none of them has no trigger, and no rule runs on it.
 */
export const TRIGGER_STEMS = /bomb|blast|explo|deton|dynamit|grenade|rocket|mortar|missile|artiller|strike|shelling|drone|suicide|plot|foil|thwart|disrupt|molotov|incendiar|fire|gun|bullet|shot|slug|round|hijack|assassin|kill|kidnap|abduct|hostage|shoot|storm|massacr|ambush|stab|knife|siege|arson|torch|blew|blown|blowing|attack|assault|raid|hack|murder|slain|wound|injur|behead|decapit|incident|claim|blame|responsib|behind/i;

export function findTriggers(text: string, s: Sentence): Trig[] {
  const sent = text.slice(s.start, s.end);
  const found: Trig[] = [];
  if (!TRIGGER_STEMS.test(sent)) return found;
  for (const rule of TRIGGERS) {
    // exec on the rule's own global regex: matchAll would clone the regex and build an iterator.
    const re = rule.re;
    re.lastIndex = 0;
    for (let m = re.exec(sent); m; m = re.exec(sent)) {
      if (m[0].length === 0) { re.lastIndex++; continue; }
      const start = s.start + m.index;
      const end = start + m[0].length;
      if (found.some((f) => f.start < end && start < f.end)) continue;
      const before = text.slice(Math.max(s.start, start - 60), start);
      found.push({ start, end, text: m[0], rule, definite: DEFINITE.test(before) && !INDEFINITE.test(before) });
    }
  }
  return found.sort((x, y) => x.start - y.start);
}

/** What follows a group that claims an attack: "claimed responsibility", "telephoned … to claim". */
const CLAIMANT_AFTER = /^[\s)\]]*(?:\w+\s+){0,2}?(?:has\s+|have\s+|had\s+)?(?:(?:claimed|took|takes|claims|accepted|assumed)\s+(?:\w+\s+)?(?:responsibility|credit)|claimed\s+(?:the|that|it)\b|(?:telephoned|called|phoned|contacted)\s+(?:[\w-]+\s+){0,5}?(?:to\s+)?claim)/i;

/** Extracts the incidents of one document. */
export function extractIncidents(input: IncidentInput): ExtractedIncident[] {
  const { text, sentences, entities, dates, numbers } = input;
  const works: Work[] = [];
  const { places, facilityTowns } = incidentPlaces(text, entities, input.places);
  const groups: Recognized[] = entities.filter((e) => e.kind === 'armed_group');
  if (input.actors) {
    for (const m of input.actors.findInText(text)) {
      if (entities.some((e) => e.start < m.end && m.start < e.end && e.kind === 'armed_group')) continue;
      groups.push({
        start: m.start, end: m.end, text: m.text, type: 'ORG', kind: 'armed_group', entity: m.actor.id, canonical: m.actor.canonical,
        aliases: m.actor.aliases, parent: m.actor.parent, tokenStart: -1, tokenEnd: -1,
      });
    }
  }
  // A group the gazetteer does not know, named as the one claiming: "The Guardsmen of Islam
  // claimed responsibility", "a group calling itself the Islamic Resistance Front".
  for (const e of entities) {
    if (e.type !== 'ORG' || e.kind === 'armed_group' || e.kind === 'media' || e.kind === 'government_body' || e.kind === 'company') continue;
    if (groups.some((g) => g.start < e.end && e.start < g.end)) continue;
    const before = text.slice(Math.max(0, e.start - 40), e.start);
    const after = text.slice(e.end, e.end + 80);
    if (CLAIMANT_AFTER.test(after) || /\bcalling\s+(?:itself|themselves)\s+(?:the\s+)?$/i.test(before)) groups.push({ ...e, kind: 'armed_group' });
  }
  groups.sort((x, y) => x.start - y.start);
  let lastGroupBefore = (offset: number): Recognized | null => {
    let g: Recognized | null = null;
    for (const e of groups) if (e.end <= offset) g = e;
    return g;
  };

  sentences.forEach((s, si) => {
    const sentText = text.slice(s.start, s.end);
    const triggers = findTriggers(text, s).filter((tr) => {
      const before = text.slice(Math.max(s.start, tr.start - 60), tr.start);
      if (NEGATIVE_BEFORE.test(before)) return false;
      if (/^(?:could|would|will|can|should|might|may)\b/i.test(sentText) && /\?\s*["”]?$/.test(sentText)) return false;
      // "bombings" is a topic, "placed eleven bombs" an event: only a trigger that is a noun counts its number.
      const verbFirst = /^(?:\w+ed|threw|thrown|hurled|set|left|found|blew|blown)\s/i.test(tr.text) && !tr.rule.attack.includes('Foiled Plot');
      const plural = !verbFirst && PLURAL.test(tr.text) && !/(?:ss|ous|us|sis)$/i.test(tr.text) && !/ed$/i.test(tr.text) && !/^(?:mass|was)$/i.test(tr.text);
      const counted = COUNTED_PLURAL.test(before) && !/\bboth\s+$/i.test(before);
      if (plural && !/^(?:shooting|bombing|attack|kidnapping)$/i.test(tr.text) && !counted) return false;
      return true;
    });
    // A claim or blame cue only refers back when the sentence names no event itself.
    if (triggers.some((x) => !x.rule.referOnly)) {
      for (let k = triggers.length - 1; k >= 0; k--) if (triggers[k]!.rule.referOnly) triggers.splice(k, 1);
    }
    // A killing verb is the event only in a sentence that names no other ("a bomb exploded, killing two").
    if (triggers.some((x) => !x.rule.secondary)) {
      for (let k = triggers.length - 1; k >= 0; k--) if (triggers[k]!.rule.secondary) triggers.splice(k, 1);
    } else if (triggers.length > 1) triggers.splice(1);
    // One clause, one event: "a car bomb exploded" is one trigger, not two.
    for (let k = triggers.length - 1; k > 0; k--) {
      const x = triggers[k - 1]!;
      const y = triggers[k]!;
      const between = text.slice(x.end, y.start);
      if (between.length < 40 && !/[,;]|\band\b/i.test(between) && !y.definite && !y.rule.referOnly && !x.rule.referOnly) {
        const rule: TriggerRule = {
          re: x.rule.re,
          attack: x.rule.attack.length ? x.rule.attack : y.rule.attack,
          weapon: [...new Set([...x.rule.weapon, ...y.rule.weapon])],
          weak: x.rule.weak && y.rule.weak,
          drone: x.rule.drone || y.rule.drone,
        };
        triggers.splice(k - 1, 2, { ...x, end: y.end, text: text.slice(x.start, y.end), rule });
      }
    }
    if (!triggers.length) return;
    // Windows: split the sentence between consecutive triggers at the last clause mark.
    const bounds: Array<[number, number]> = triggers.map((tr, k) => {
      let a = s.start;
      let b = s.end;
      const prev = triggers[k - 1];
      const next = triggers[k + 1];
      const cut = (x: { end: number }, y: { start: number }): number => {
        const between = text.slice(x.end, y.start);
        const m = /[,;](?![^,;]*[,;])/.exec(between);
        const lastComma = Math.max(between.lastIndexOf(','), between.lastIndexOf(';'));
        return lastComma >= 0 && m ? x.end + lastComma + 1 : Math.floor((x.end + y.start) / 2);
      };
      if (prev) a = cut(prev, tr);
      if (next) b = cut(tr, next);
      return [a, b];
    });
    const sentGroupsAll = /\b(?:both|all)\b[^.]*\b(?:influenced|inspired|claimed|carried out)\b/i.test(sentText);

    triggers.forEach((tr, k) => {
      const [a, b] = bounds[k]!;
      const dist = (x: { start: number; end: number }): number => (x.start >= tr.end ? x.start - tr.end : tr.start - x.end);
      // Date.
      let date: DateMention | null = null;
      for (const d of dates) if (within(d, a, b) && (!date || dist(d) < dist(date))) date = d;
      let dateValue = date?.value ?? null;
      let precision = date?.precision ?? null;
      let dateSpan: Span | null = date ? { start: date.start, end: date.end } : null;
      const sameDay = /\b(?:the\s+same\s+day|that\s+same\s+day|the\s+same\s+night)\b/i.test(sentText);
      // Place.
      const inWin = places.filter(({ p }) => within(p, a, b));
      let place: PlaceMention | null = null;
      let best = Infinity;
      for (const { p } of inWin) {
        const prep = /\b(?:in|at|near|outside|on|into|of)\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, p.start - 12), p.start));
        const poss = /^['’]s\b/.test(text.slice(p.end, p.end + 2)) && p.end <= tr.start + 40;
        const score = dist(p) - (prep ? 25 : 0) - (poss ? 25 : 0) + (p.feature === 'country' ? 15 : 0);
        if (score < best) { best = score; place = p; }
      }
      if (place && place.feature !== 'city') {
        const city = inWin.find(({ p }) => p.feature === 'city' && p.end < place!.start && /^\s*,\s*$/.test(text.slice(p.end, place!.start)));
        if (city) place = city.p;
      }
      // Refer-back: "the Moscow attack", "the attack", "the same day".
      const placeKey = place ? `${place.name}|${place.country_code}` : null;
      let target: Work | null = null;
      if (tr.definite || tr.rule.weak || tr.rule.referOnly || tr.rule.secondary) {
        for (let w = works.length - 1; w >= 0; w--) {
          const o = works[w]!;
          if (placeKey && o.placeKey !== placeKey) continue;
          if (!compatibleDates(o.inc.date, dateValue)) continue;
          if (!placeKey && !dateValue && !tr.definite) continue;
          if (!placeKey && dateValue && !o.inc.date) continue;
          target = o;
          break;
        }
      }
      if (sameDay && !dateValue) {
        const ref = [...works].reverse().find((w) => w.inc.date && w.inc.date_precision === 'day' && w !== target);
        const anchor = target ?? ref;
        if (anchor?.inc.date) { dateValue = anchor.inc.date; precision = anchor.inc.date_precision; dateSpan = null; }
      }
      // Casualties.
      let killed: { n: NumberSpan; min: boolean } | null = null;
      let wounded: { n: NumberSpan; min: boolean } | null = null;
      for (const n of numbers) {
        if (!within(n, a, b)) continue;
        if (dates.some((d) => d.start <= n.start && n.end <= d.end)) continue;
        const before = text.slice(Math.max(a, n.start - 45), n.start);
        const hedge = /\b(?:at\s+least|a\s+minimum\s+of|more\s+than|over|no\s+fewer\s+than)\s+$/i.test(before);
        if (n.approximate && !hedge) continue;
        const kind = casualtyKind(text, n, a, b);
        if (kind === 'killed' && (!killed || dist(n) < dist(killed.n))) killed = { n, min: hedge };
        else if (kind === 'wounded' && (!wounded || dist(n) < dist(wounded.n))) wounded = { n, min: hedge };
      }
      if (tr.rule.secondary && !target) {
        const last = works[works.length - 1] ?? null;
        if (last && compatibleDates(last.inc.date, dateValue) && (!placeKey || !last.placeKey || last.placeKey === placeKey)) target = last;
      }
      if (tr.rule.referOnly) {
        const last = works[works.length - 1] ?? null;
        if (!target && last && compatibleDates(last.inc.date, dateValue)) target = last;
        if (!target) return;
      }
      // Weak triggers ("incident") need a date, casualties or a back-reference.
      if (tr.rule.weak && !target && !dateValue && !killed && !wounded) return;
      if (tr.rule.weak && !target && !tr.definite && !killed) return;
      // Perpetrator groups and their claim status.
      const perps: PerpetratorGroup[] = [];
      const addGroup = (g: Recognized, status: ClaimStatus): void => {
        if (perps.some((p) => p.canonical === g.canonical)) return;
        perps.push({ start: g.start, end: g.end, text: g.text, canonical: g.canonical, entity: g.entity, aliases: g.aliases, claimed: status === 'claimed', claim_status: status });
      };
      const groupScope = sentGroupsAll ? [s.start, s.end] : [a, b];
      for (const g of groups) {
        if (!within(g, groupScope[0]!, groupScope[1]!)) continue;
        const before = text.slice(Math.max(s.start, g.start - 40), g.start);
        const after = text.slice(g.end, Math.min(s.end, g.end + 60));
        let status: ClaimStatus | null = null;
        if (/\b(?:influenced|inspired|pledged\s+allegiance|in\s+the\s+name)\s+(?:by|to|of)\s+(?:the\s+)?$/i.test(before)) status = 'inspired';
        else if (/^\s*(?:\w+\s+){0,3}?(?:has\s+|have\s+|had\s+)?(?:claimed|took|takes|claims)\b/i.test(after) || /\bclaimed\s+by\s+(?:the\s+)?$/i.test(before)) status = 'claimed';
        else if (/^\s*(?:\w+\s+){0,2}?(?:denied|denies)\b/i.test(after)) status = 'denied';
        else if (/\b(?:blamed(?:\s+on)?|suspected|attributed\s+to|accused|believed\s+to\s+be|suspects?)\s+(?:the\s+)?(?:\w+\s+)?$/i.test(before) || /^\s*(?:\w+\s+){0,2}?(?:was|were|is|are)\s+(?:suspected|blamed|believed)\b/i.test(after)) status = 'suspected';
        else if (/\b(?:by|of)\s+(?:the\s+)?(?:\w+\s+){0,2}$/i.test(before) && g.start > tr.end && g.start - tr.end < 60) status = 'attributed';
        else if (/^[\s\])]*(?:['’]s\s+)?(?:\w+\s+)?(?:attacked|bombed|stormed|carried\s+out|launched|killed|kidnapped|abducted|ambushed|was\s+behind|were\s+behind|executed|staged|struck)\b/i.test(after)) status = 'attributed';
        else if (g.end <= tr.start && /^\s*$/.test(text.slice(g.end, tr.start).replace(/^['’]s/, '').replace(/\b(?:suicide|deadly|latest|recent)\b/gi, ''))) status = 'attributed';
        else if (target && g.start > tr.end && /^['’]s\b/.test(text.slice(g.end, g.end + 2))) status = 'attributed';
        if (status) addGroup(g, status);
      }
      // "the group claimed responsibility" with no named group: the last group named before.
      const tail = text.slice(a, b);
      if (!perps.length && /\b(?:the|that)\s+(?:group|organi[sz]ation|militants?)\s+(?:has\s+|had\s+)?(?:claimed|took)\s+(?:the\s+)?responsibility/i.test(tail)) {
        const g = lastGroupBefore(s.start);
        if (g) addGroup(g, 'claimed');
      }
      // Role fillers.
      const roles = !tr.rule.referOnly;
      const perpInd = roles ? fillers(text, a, b, PERP_WORDS) : [];
      const targets = roles ? fillers(text, a, b, TARGET_WORDS) : [];
      const victims = (roles ? fillers(text, a, b, VICTIM_WORDS) : []).filter((v) => ![...perpInd, ...targets].some((p) => p.start < v.end && v.start < p.end));
      const weapons = (roles ? fillers(text, a, b, WEAPON_WORDS) : []).filter((w) => !(w.start >= tr.start && w.end <= tr.end && /bomb/i.test(w.text) && !/car|truck/i.test(w.text)));
      const attack = tr.rule.attack.length ? [...tr.rule.attack] : [];
      const weaponTypes = new Set<string>([...tr.rule.weapon, ...typesFrom(weapons, WEAPON_TYPES)]);
      if (!tr.rule.weapon.length && perpInd.some((p) => /gunm/i.test(p.text))) weaponTypes.add('Firearms');
      if (!attack.length) {
        if (tr.rule.weak || /attack|assault|raid/i.test(tr.text)) {
          if (weaponTypes.has('Explosives')) attack.push('Bombing/Explosion');
          else if (weaponTypes.has('Firearms') || weaponTypes.has('Melee')) attack.push('Armed Assault');
          else attack.push('Unknown');
        }
      }
      const targetTypes = typesFrom([...targets, ...victims], TARGET_TYPES);
      const year = yearOf(dateValue);
      const bgPhrase = /\b(?:previously|in\s+the\s+past|took\s+notice\s+of|anniversary\s+of|recalled|reminiscent\s+of|years?\s+ago)\b/i.test(text.slice(s.start, s.end));
      const evidence: Span = { start: s.start, end: s.end };
      if (target) {
        const inc = target.inc;
        if (!inc.evidence.some((e) => e.start === evidence.start)) inc.evidence.push(evidence);
        for (const p of perps) if (!inc.perpetrator_groups.some((q) => q.canonical === p.canonical)) inc.perpetrator_groups.push(p);
        if (inc.killed === null && killed) { inc.killed = killed.n.value; inc.killed_span = { start: killed.n.start, end: killed.n.end }; if (killed.min) inc.killed_min = killed.n.value; }
        if (inc.wounded === null && wounded) { inc.wounded = wounded.n.value; inc.wounded_span = { start: wounded.n.start, end: wounded.n.end }; if (wounded.min) inc.wounded_min = wounded.n.value; }
        if (!inc.place && place) { inc.place = toIncidentPlace(place); target.placeKey = placeKey; }
        if (!inc.date && dateValue) { inc.date = dateValue; inc.date_precision = precision; inc.date_span = dateSpan; }
        if (inc.attack_types.includes('Unknown') && attack.length && !attack.includes('Unknown')) inc.attack_types = attack;
        inc.perpetrator_individuals.push(...perpInd);
        inc.victims.push(...victims);
        inc.targets.push(...targets);
        inc.weapons.push(...weapons);
        for (const w of weaponTypes) if (!inc.weapon_types.includes(w)) inc.weapon_types.push(w);
        for (const tt of targetTypes) if (!inc.target_types.includes(tt)) inc.target_types.push(tt);
        return;
      }
      const inc: ExtractedIncident = {
        date: dateValue,
        date_precision: precision,
        date_span: dateSpan,
        place: place ? toIncidentPlace(place) : null,
        is_background: isHistory(dateValue, input.reference ?? null) || bgPhrase,
        attack_types: attack.length ? attack : ['Unknown'],
        weapon_types: weaponTypes.size ? [...weaponTypes] : ['Unknown'],
        target_types: targetTypes.length ? targetTypes : ['Unknown'],
        perpetrator_groups: perps,
        perpetrator_individuals: perpInd,
        victims,
        targets,
        weapons,
        killed: killed ? killed.n.value : null,
        wounded: wounded ? wounded.n.value : null,
        killed_span: killed ? { start: killed.n.start, end: killed.n.end } : null,
        wounded_span: wounded ? { start: wounded.n.start, end: wounded.n.end } : null,
        trigger: { start: tr.start, end: tr.end, text: tr.text },
        evidence: [evidence],
      };
      if (killed?.min) inc.killed_min = killed.n.value;
      if (wounded?.min) inc.wounded_min = wounded.n.value;
      if (tr.rule.drone) (inc as ExtractedIncident & { drone?: boolean }).drone = true;
      works.push({ inc, sentenceIndex: si, placeKey, year });
    });
  });

  // Dateline: the lead incident takes the dateline's place and date when the text has none.
  const dl = input.dateline;
  if (dl && works.length) {
    const lead = works[0]!;
    if (!lead.inc.place && dl.place) lead.inc.place = toIncidentPlace(dl.place);
    // A country heading is document context: news incidents elsewhere-less take it, and a lead
    // placed in another country ("U.S.-owned" in an ARGENTINA item) yields to it.
    if (dl.place && dl.place.feature === 'country') {
      const cc = dl.place.country_code;
      for (const w of works) {
        if (w.inc.is_background) continue;
        if (!w.inc.place || (w === lead && w.inc.place.country_code !== cc)) w.inc.place = toIncidentPlace(dl.place);
      }
    }
    if (!lead.inc.date && dl.date) {
      lead.inc.date = dl.date;
      lead.inc.date_precision = dl.date.length === 10 ? 'day' : dl.date.length === 7 ? 'month' : 'year';
      lead.inc.date_span = null;
    }
  }
  if (input.roles && input.tokens) {
    const finds = findRoleFillers(input.tokens, sentences, input.roles, input.lowered ?? undefined);
    const strength = finds.reduce((x, f) => x + f.margin, 0);
    // No trigger fired but the role model is confident: the strongest filler's sentence is the incident.
    if (!works.length && finds.length && strength >= TUNE.fallbackMin) {
      const fb = fallbackIncident(text, sentences, finds, places.map((x) => x.p), input.dateline?.place ?? null);
      if (fb) works.push(fb);
    }
    // A weak role signal over the whole document: its fillers are more likely noise than an event's.
    if (works.length) assignRoles(works, strength >= TUNE.relevantMin ? finds : [], groups);
  }
  completeFromDocument(works, input, places.map((x) => x.p), groups);
  for (const w of works) {
    if (w.inc.place || w.inc.is_background) continue;
    const town = facilityTowns.find((p) => w.inc.evidence.some((e) => p.start >= e.start && p.end <= e.end));
    if (town) { w.inc.place = toIncidentPlace(town); w.placeKey = `${town.name}|${town.country_code}`; }
  }
  for (const w of works) {
    // "Unknown" only when nothing better is known.
    for (const k of ['attack_types', 'weapon_types', 'target_types'] as const) {
      if (w.inc[k].length > 1) w.inc[k] = w.inc[k].filter((x) => x !== 'Unknown');
    }
    addTypeSpans(w.inc);
  }
  return works.map((w) => w.inc);
}

/** "the death toll rose to 143", "the number of dead … climbed to 9": a rising toll names the killed. */
const TOLL_RISE_BEFORE = /\b(?:rose|risen|rising|climbed|climbing|reached|reaching|increased|jumped|went\s+up|raising\s+the\s+(?:death\s+)?toll)\s+to\s+(?:at\s+least\s+)?$/i;
const TOLL_NOUN = /\b(?:death\s+toll|toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|people\s+killed|victims|fatalities))\b/i;
// The words between a number and its verb may not name the other kind of casualty
// ("seventeen wounded and two killed": seventeen is not killed).
const KILLED_AFTER = /^\s+(?:(?!wounded|injured|hurt)[\p{L}.-]+\s+){0,5}?(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+|are\s+)?(?:killed|dead|died|deaths|fatalities|slain|murdered|martyred|lost\s+their\s+lives|bodies)\b/iu;
const WOUNDED_AFTER = /^\s+(?:(?!killed|dead|died|slain)[\p{L}.-]+\s+){0,4}?(?:were\s+|was\s+|have\s+been\s+|are\s+)?(?:wounded|injured|hurt|injuries)\b(?!\s+(?:later\s+)?(?:died|succumbed))/iu;
const KILLED_BEFORE = /\b(?:killed|killing|killings\s+of|deaths?\s+of|death\s+toll\s+(?:\w+\s+){0,2}(?:to|at|of)|toll\s+(?:\w+\s+){0,2}(?:to|at|of)|toll\s+(?:has\s+|had\s+)?(?:reached|hit|passed|topped)|dead:)\s+(?:at\s+least\s+|a\s+minimum\s+of\s+|more\s+than\s+|some\s+|about\s+|nearly\s+|over\s+)?$/i;
const WOUNDED_BEFORE = /\b(?:wounding|injuring|wounded|injured|injuries\s+to)\s+(?:at\s+least\s+|more\s+than\s+|some\s+|about\s+|another\s+)?$/i;
/** "no one was hurt", "$50,000 damage", "not one": numbers that count no casualty. */
const NOT_A_COUNT_BEFORE = /(?:\b(?:no|not)\s+|[$€£]\s*)$/i;

/**
 * Whether the number `n` (inside `[a, b)`) counts killed or wounded, read from its words: a verb
 * before it ("killing five", "wounded 17") decides first, then a rising toll, then the words after
 * it ("five people were killed").
 */
function casualtyKind(text: string, n: NumberSpan, a: number, b: number): 'killed' | 'wounded' | null {
  const before = text.slice(Math.max(a, n.start - 45), n.start);
  if (NOT_A_COUNT_BEFORE.test(before)) return null;
  const after = text.slice(n.end, Math.min(b, n.end + 70));
  if (MONTH_AFTER.test(after)) return null;
  if (KILLED_BEFORE.test(before)) return 'killed';
  if (WOUNDED_BEFORE.test(before)) return 'wounded';
  if (TOLL_RISE_BEFORE.test(before) && TOLL_NOUN.test(text.slice(a, n.start))) return 'killed';
  if (KILLED_AFTER.test(after)) return 'killed';
  if (WOUNDED_AFTER.test(after)) return 'wounded';
  return null;
}
/** One person killed or wounded, named by a singular noun phrase ("shot and killed a policeman", "a soldier was wounded"). */
const KILLED_ONE = /\b(?:shot\s+and\s+killed|killed|killing|murdered|assassinated|shot\s+dead|stabbed\s+to\s+death|beheaded)\s+(?:a|an|the|one)\s+(?!number\b|total\b|few\b|dozen\b|group\b|couple\b)[\p{L}-]+(?:\s+[\p{L}-]+)?\b(?!\s+(?:and|members|people|of\s+\d))|\b(?:a|an|one)\s+(?:[\p{L}-]+\s+){1,3}(?:was|is)\s+(?:shot\s+and\s+)?(?:killed|shot\s+dead|murdered|assassinated|beheaded)\b|\b(?:was|has\s+been)(?<!\b(?:no\s+one|nobody|none|no\s+[\p{L}-]+)\s(?:was|has\s+been))\s+(?:shot\s+and\s+killed|shot\s+dead|shot\s+to\s+death|stabbed\s+to\s+death|hacked\s+to\s+death|beaten\s+to\s+death|gunned\s+down|killed|murdered|assassinated|beheaded)\b/iu;
const WOUNDED_ONE = /\b(?:wounding|injuring|wounded|injured)\s+(?:a|an|one)\s+(?!number\b|total\b|few\b|dozen\b|group\b|couple\b)[\p{L}-]+\b|\b(?:a|an|one)\s+(?:[\p{L}-]+\s+){1,3}(?:was|is)\s+(?:seriously\s+|slightly\s+|critically\s+)?(?:wounded|injured|hurt)\b|\bwas(?<!\b(?:no\s+one|nobody|none|no\s+[\p{L}-]+)\swas)\s+(?:seriously\s+|slightly\s+|critically\s+|badly\s+)?(?:shot\s+and\s+)?(?:wounded|injured)\b/iu;
const KILLED_ONE_VERB = /killed|killing|murdered|assassinated|dead|death|beheaded|gunned/i;
const WOUNDED_ONE_VERB = /wound|injur|hurt/i;
const MONTH_AFTER = /^\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;

/** Killed and wounded figures of one text range (`[a, b)`), nearest `anchor` first. */
function casualtiesIn(text: string, numbers: readonly NumberSpan[], dates: readonly DateMention[], a: number, b: number, anchor: number): { killed: { value: number; span: Span } | null; wounded: { value: number; span: Span } | null } {
  let killed: { value: number; span: Span; d: number } | null = null;
  let wounded: { value: number; span: Span; d: number } | null = null;
  for (const n of numbers) {
    if (!within(n, a, b) || n.approximate) continue;
    if (dates.some((d) => d.start <= n.start && n.end <= d.end)) continue;
    const d = Math.abs(n.start - anchor);
    const kind = casualtyKind(text, n, a, b);
    if (kind === 'killed' && (!killed || d < killed.d)) killed = { value: n.value, span: { start: n.start, end: n.end }, d };
    else if (kind === 'wounded' && (!wounded || d < wounded.d)) wounded = { value: n.value, span: { start: n.start, end: n.end }, d };
  }
  const slice = text.slice(a, b);
  // The one-victim patterns need one of their verbs: a plain search rules most sentences out first.
  if (!killed && KILLED_ONE_VERB.test(slice)) { const m = KILLED_ONE.exec(slice); if (m) killed = { value: 1, span: { start: a + m.index, end: a + m.index + m[0].length }, d: 0 }; }
  if (!wounded && WOUNDED_ONE_VERB.test(slice)) { const m = WOUNDED_ONE.exec(slice); if (m) wounded = { value: 1, span: { start: a + m.index, end: a + m.index + m[0].length }, d: 0 }; }
  return { killed, wounded };
}

const WEAPON_WORDS_TEXT: Array<[RegExp, string]> = [
  [/\b(?:guns?|gunfire|gunm[ae]n|gunshots?|shot|shooting|shootings|shots|rifles?|firearms?|pistols?|machine-?guns?|snipers?|kalashnikovs?|ak-47s?|bullets?)\b/i, 'Firearms'],
  [/\b(?:bombs?|bombings?|bombed|explosives?|explosions?|exploded|blasts?|grenades?|ieds?|dynamite|mortars?|rockets?|missiles?|landmines?|mines?|shells?|detonated|suicide\s+bombers?)\b/i, 'Explosives'],
  [/\b(?:arson|arsonists?|set\s+(?:\w+\s+){0,3}(?:on\s+)?fire|torched|burn(?:ed|t|ing)?|molotov|firebombs?|firebombed|incendiary)\b/i, 'Incendiary'],
  [/\b(?:knife|knives|stabbed|stabbing|machetes?|axes?|hacked)\b/i, 'Melee'],
];
const foldKey = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const GROUP_CUE = /\b(?:claim\w*|responsib\w*|blam\w*|suspect\w*|believ\w*|attribut\w*|perpetrat\w*|carried\s+out|behind|accused|linked\s+to)\b/i;
const NO_CLAIM = /\b(?:no|not|nobody|none)\b[^.]{0,40}\b(?:claim\w*|responsib\w*)/i;

/**
 * Completes news incidents from the rest of the document: the place (the most specific place of
 * the evidence, else the document's dominant country and its first city), casualty figures stated
 * in later sentences that open no incident ("As a result, two civilians died"), the weapon type
 * from the description's words when no trigger or filler gave one, and a perpetrator group the
 * document names with a claim or suspicion cue.
 */
function completeFromDocument(works: Work[], input: IncidentInput, places: readonly PlaceMention[], groups: readonly Recognized[]): void {
  if (!works.length) return;
  const { text, sentences, numbers, dates } = input;
  const sentOf = (off: number): number => {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sentences[mid]!.start <= off) lo = mid; else hi = mid - 1;
    }
    return lo;
  };
  const counts = new Map<string, number>();
  for (const p of places) if (p.country_code) counts.set(p.country_code, (counts.get(p.country_code) ?? 0) + (p.feature === 'country' ? 1 : 1.5));
  let dominant: string | null = null;
  for (const [cc, n] of counts) if (!dominant || n > counts.get(dominant)!) dominant = cc;
  const dl = input.dateline?.place ?? null;
  if (dl?.country_code) dominant = dl.country_code;
  const evidenceSentences = new Set<number>();
  for (const w of works) for (const e of w.inc.evidence) evidenceSentences.add(sentOf(e.start));
  for (const w of works) {
    const inc = w.inc;
    if (inc.is_background) continue;
    const ev = inc.evidence.map((e) => [e.start, e.end] as const);
    const inEv = (p: { start: number }): boolean => ev.some(([a, b]) => p.start >= a && p.start < b);
    // Place.
    const specific = (p: PlaceMention): boolean => p.feature === 'city' || p.feature === 'landmark';
    if (!inc.place || !specific({ ...inc.place } as PlaceMention)) {
      const cc = inc.place?.country_code ?? null;
      const region = inc.place && inc.place.feature !== 'country' ? foldKey(inc.place.admin1 ?? inc.place.name) : null;
      const dls = input.dateline?.span ?? null;
      const notDateline = (p: PlaceMention): boolean => !(dls && p.start < dls.end && dls.start < p.end);
      const inRegion = (p: PlaceMention): boolean => !region || foldKey(p.admin1 ?? '') === region;
      // Sentences the incident may take a place from: its own, and those no other incident's evidence holds.
      const own = new Set(inc.evidence.map((e) => sentOf(e.start)));
      const freeSentence = (p: PlaceMention): boolean => own.has(sentOf(p.start)) || !evidenceSentences.has(sentOf(p.start));
      const t = inc.trigger.start;
      const byDistance = (x: PlaceMention, y: PlaceMention): number => Math.abs(x.start - t) - Math.abs(y.start - t);
      const near = places.filter((p) => inEv(p) && specific(p) && (!cc || p.country_code === cc) && inRegion(p) && notDateline(p));
      near.sort(byDistance);
      let pick: PlaceMention | null = near[0] ?? null;
      if (!pick && inc.place) {
        // "ITALY. … Two hydrofoils were sunk … at a Messina shipyard.": a town of the incident's
        // country or region named in a sentence no other incident's evidence holds.
        const free = places.filter((p) => specific(p) && p.country_code === cc && inRegion(p) && freeSentence(p) && notDateline(p));
        free.sort(byDistance);
        pick = free[0] ?? null;
      }
      if (!pick && inc.place?.feature === 'country') {
        // "A Yala province municipality worker was shot … in southern Thailand": a region of the
        // incident's country, in its evidence or a free sentence, says more than the country.
        const regions = places.filter((p) => p.country_code === cc && (p.feature === 'admin1' || p.feature === 'admin2') && (inEv(p) || freeSentence(p)) && notDateline(p));
        regions.sort((x, y) => Number(inEv(y)) - Number(inEv(x)) || byDistance(x, y));
        pick = regions[0] ?? null;
      }
      if (!pick && !inc.place) {
        const docCity = places.find((p) => specific(p) && (!dominant || p.country_code === dominant));
        const docAny = places.find((p) => p.feature !== 'country' && (!dominant || p.country_code === dominant));
        const docCountry = places.find((p) => p.feature === 'country' && (!dominant || p.country_code === dominant));
        pick = docCity ?? docAny ?? docCountry ?? dl ?? places[0] ?? null;
      }
      if (pick) { inc.place = toIncidentPlace(pick); w.placeKey = `${pick.name}|${pick.country_code}`; }
    }
    // Casualties from the incident's own sentence (fallback incidents) and later sentences that open no incident.
    const si = w.sentenceIndex;
    for (let k = si; k < sentences.length && k <= si + 3 && (inc.killed === null || inc.wounded === null); k++) {
      if (k > si && evidenceSentences.has(k)) break;
      const s = sentences[k]!;
      const c = casualtiesIn(text, numbers, dates, s.start, s.end, k === si ? inc.trigger.start : s.start);
      if (inc.killed === null && c.killed) { inc.killed = c.killed.value; inc.killed_span = c.killed.span; }
      if (inc.wounded === null && c.wounded) { inc.wounded = c.wounded.value; inc.wounded_span = c.wounded.span; }
    }
    // Weapon type from the words of the evidence (first named first).
    if (!inc.weapon_types.length || inc.weapon_types[0] === 'Unknown') {
      const evText = ev.map(([a, b]) => text.slice(a, b)).join(' ');
      const found: Array<[number, string]> = [];
      for (const [re, type] of WEAPON_WORDS_TEXT) { const m = re.exec(evText); if (m) found.push([m.index, type]); }
      if (found.length) inc.weapon_types = found.sort((x, y) => x[0] - y[0]).map((x) => x[1]);
    } else if (inc.weapon_types[0] === 'Firearms' && inc.weapon_types.includes('Explosives') && /\b(?:mortars?|rockets?|shells?|missiles?|grenades?)\b/i.test(text.slice(ev[0]![0], ev[0]![1]))) {
      inc.weapon_types = ['Explosives', ...inc.weapon_types.filter((x) => x !== 'Explosives' && x !== 'Firearms')];
    }
    // Perpetrator group named with a claim or suspicion cue (or as the actor of the trigger's sentence).
    if (!inc.perpetrator_groups.length) {
      for (const g of groups) {
        const gs = sentences[sentOf(g.start)]!;
        const sent = text.slice(gs.start, gs.end);
        if (NO_CLAIM.test(sent)) continue;
        const before = text.slice(Math.max(gs.start, g.start - 30), g.start);
        if (/\b(?:on|at|against|targeting|targeted|of\s+the\s+rival|rival)\s+(?:the\s+)?(?:\w+\s+)?$/i.test(before)) continue;
        const actor = inEv(g) && g.end <= inc.trigger.start + 10 && g.start >= inc.trigger.start - 120;
        if (!actor && !GROUP_CUE.test(sent)) continue;
        const status: ClaimStatus = /\bclaim/i.test(sent) && !/\bsuspect|\bbelie/i.test(sent) ? 'claimed' : actor ? 'attributed' : 'suspected';
        inc.perpetrator_groups.push({ start: g.start, end: g.end, text: g.text, canonical: g.canonical, entity: g.entity, aliases: g.aliases, claimed: status === 'claimed', claim_status: status });
        break;
      }
    }
  }
}

/**
 * Document-level role gating, chosen on MUC-4 dev: with no trigger, role fillers whose margins sum
 * to at least `fallbackMin` open an incident; with a trigger, a document whose fillers sum below
 * `relevantMin` keeps no fillers (weak signals there are mostly noise).
 */
const TUNE = { fallbackMin: 20, relevantMin: 10 } as const;

/**
 * An incident read from role fillers alone (no trigger word): its evidence is the sentence of
 * the strongest filler, its trigger that filler; place from that sentence, else the document's first.
 */
function fallbackIncident(text: string, sentences: readonly Sentence[], finds: readonly RoleFind[], places: readonly PlaceMention[], datelinePlace: PlaceMention | null): Work | null {
  let top: RoleFind | null = null;
  for (const f of finds) if (!top || f.margin > top.margin) top = f;
  if (!top) return null;
  const s = sentences[top.sentence];
  if (!s) return null;
  const inSent = places.filter((p) => p.start >= s.start && p.end <= s.end);
  const pick = (list: readonly PlaceMention[]): PlaceMention | null => list.find((p) => p.feature === 'city') ?? list.find((p) => p.feature !== 'country') ?? list[0] ?? null;
  const place = pick(inSent) ?? datelinePlace ?? pick(places);
  const inc: ExtractedIncident = {
    date: null, date_precision: null, date_span: null,
    place: place ? toIncidentPlace(place) : null,
    is_background: false,
    attack_types: ['Unknown'], weapon_types: ['Unknown'], target_types: ['Unknown'],
    perpetrator_groups: [], perpetrator_individuals: [], victims: [], targets: [], weapons: [],
    killed: null, wounded: null, killed_span: null, wounded_span: null,
    trigger: { start: top.start, end: top.end, text: text.slice(top.start, top.end) },
    evidence: [{ start: s.start, end: s.end }],
  };
  return { inc, sentenceIndex: top.sentence, placeKey: place ? `${place.name}|${place.country_code}` : null, year: null };
}

/** Evidence of the coded types: the trigger for attack types, fillers (else the trigger) for weapon and target types. */
function addTypeSpans(inc: ExtractedIncident): void {
  const tr = { start: inc.trigger.start, end: inc.trigger.end };
  inc.attack_type_spans = inc.attack_types.filter((t) => t !== 'Unknown').map((type) => ({ type, ...tr }));
  const spansOf = (types: string[], fillers: readonly RoleFiller[], table: Array<[RegExp, string]>, fallback: RegExp | null): Array<Span & { type: string }> => {
    const out: Array<Span & { type: string }> = [];
    for (const type of types) {
      if (type === 'Unknown') continue;
      const f = fillers.find((x) => table.find(([re]) => re.test(x.text))?.[1] === type);
      if (f) out.push({ type, start: f.start, end: f.end });
      else if (!fallback || fallback.test(inc.trigger.text)) out.push({ type, ...tr });
    }
    return out;
  };
  inc.weapon_type_spans = spansOf(inc.weapon_types, [...inc.weapons, ...inc.perpetrator_individuals], WEAPON_TYPES, null);
  inc.target_type_spans = spansOf(inc.target_types, [...inc.targets, ...inc.victims], TARGET_TYPES, null);
}

const MERGE_STOP = new Set(['of', 'and', 'de', 'del', 'la', 'el', 'los', 'las', 'for', 'y', 'in', 'on', 'at', 'two', 'three', 'four', 'five', 'six', 'several', 'some', 'other', 'unidentified', 'armed', 'heavily', 'group', 'members', 'member', 'men', 'man', 'people', 'persons']);
/** Roles where MUC-4 keys list one entity per thing (descriptions of perpetrators and weapons often stay apart). */
const MERGE_ROLES = new Set<string>(['Target', 'Victim']);
const stem = (w: string): string => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);

/** Drops a filler that names the same thing as a surer filler of the same role (see `assignRoles`). */
export function mergeSameThing(finds: readonly RoleFind[]): RoleFind[] {
  const order = [...finds].sort((a, b) => b.margin - a.margin);
  const kept: Array<{ f: RoleFind; words: Set<string> }> = [];
  for (const f of order) {
    const words = new Set(f.norm.split(' ').filter((w) => !MERGE_STOP.has(w) && !/^\d/.test(w)).map(stem));
    const same = kept.some((k) => {
      if (k.f.role !== f.role || !words.size || !MERGE_ROLES.has(f.role)) return false;
      let shared = 0;
      for (const w of words) if (k.words.has(w)) shared++;
      if (!shared) return false;
      // Names merge only when one holds all the other's words ("Pizarro", "Carlos Pizarro").
      if (f.role === 'Victim' || f.role === 'PerpOrg') return shared === Math.min(words.size, k.words.size);
      return true;
    });
    if (!same) kept.push({ f, words });
  }
  const keep = new Set(kept.map((k) => k.f));
  return finds.filter((f) => keep.has(f));
}

/**
 * Replaces the word-list role fillers with the classifier's: each filler goes to the incident
 * whose evidence holds it (the nearest trigger when several do), else to the nearest incident.
 */
function assignRoles(works: Work[], finds: RoleFind[], groups: readonly Recognized[]): void {
  for (const w of works) {
    w.inc.perpetrator_individuals = [];
    w.inc.victims = [];
    w.inc.targets = [];
    w.inc.weapons = [];
  }
  const gap = (f: RoleFind, e: Span): number => (f.start >= e.end ? f.start - e.end : e.start >= f.end ? e.start - f.end : 0);
  const owner = new Map<RoleFind, Work>();
  for (const f of finds) {
    let best: Work | null = null;
    let bestD = Infinity;
    for (const w of works) {
      let d = Infinity;
      for (const e of w.inc.evidence) d = Math.min(d, gap(f, e));
      // Inside the evidence: prefer the nearest trigger; outside: prefer a preceding incident.
      const t = w.inc.trigger;
      const key = d === 0 ? Math.abs(f.start - t.start) / 1e6 : d + (f.start < t.start ? 50 : 0);
      if (key < bestD) { bestD = key; best = w; }
    }
    if (best) owner.set(f, best);
  }
  // One thing, one filler: "the embassy" and "the US embassy", "Pizarro" and "Carlos Pizarro" in one
  // role of one incident are one entity; the filler the model is surest of stands for it.
  const kept = new Set<RoleFind>();
  for (const w of works) for (const f of mergeSameThing(finds.filter((x) => owner.get(x) === w))) kept.add(f);
  for (const f of finds) {
    const best = owner.get(f);
    if (!best || !kept.has(f)) continue;
    const inc = best.inc;
    const filler: RoleFiller = { start: f.start, end: f.end, text: f.text };
    if (f.role === 'PerpInd') inc.perpetrator_individuals.push(filler);
    else if (f.role === 'Victim') inc.victims.push(filler);
    else if (f.role === 'Target') inc.targets.push(filler);
    else if (f.role === 'Weapon') inc.weapons.push(filler);
    else {
      const g = groups.find((x) => x.start < f.end && f.start < x.end);
      const canonical = g?.canonical ?? f.text.replace(/\s+/g, ' ');
      if (inc.perpetrator_groups.some((p) => p.canonical === canonical || (p.start < f.end && f.start < p.end))) continue;
      inc.perpetrator_groups.push(g
        ? { start: g.start, end: g.end, text: g.text, canonical, entity: g.entity, aliases: g.aliases, claimed: false, claim_status: 'attributed' }
        : { ...filler, canonical, aliases: [], claimed: false, claim_status: 'attributed' });
    }
  }
  for (const w of works) {
    const inc = w.inc;
    const add = (list: string[], types: string[]): void => {
      if (!types.length) return;
      const k = list.indexOf('Unknown');
      if (k >= 0) list.splice(k, 1);
      for (const x of types) if (!list.includes(x)) list.push(x);
    };
    add(inc.weapon_types, typesFrom(inc.weapons, WEAPON_TYPES));
    add(inc.target_types, typesFrom([...inc.targets, ...inc.victims], TARGET_TYPES));
  }
}
