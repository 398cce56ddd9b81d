/**
 * Hand-built, realistic store fixtures: parsed articles and their extraction records, with every
 * span computed from the text so offsets are always right. Four incidents across three articles,
 * chosen so that each IncidentQuery filter keeps some and drops others:
 *
 * | article | incident               | date        | cc | attack            | group | killed | bg    |
 * |---------|------------------------|-------------|----|-------------------|-------|--------|-------|
 * | kabul   | Kabul bank bombing     | 2022-09-05  | AF | Bombing/Explosion | ISKP  | 13     | no    |
 * | moscow  | Crocus City Hall       | 2024-03-22  | RU | Armed Assault     | ISKP  | 145    | no    |
 * | peshawar| school siege           | 2014-12 (m) | PK | Armed Assault     | TTP   | 149    | yes   |
 * | peshawar| market bombing         | 2024-01-10  | PK | Bombing/Explosion | TTP   | 2      | no    |
 */
import type {
  EntityMention,
  ExtractedIncident,
  ExtractRecord,
  IncidentPlace,
  ParsedArticle,
  PerpetratorGroup,
  PlaceMention,
  TextSpan,
} from '../../src/model.js';

/** The span of the `nth` occurrence (0-based) of `needle` in `text`; throws when absent. */
export function span(text: string, needle: string, nth = 0): TextSpan {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture: "${needle}" (#${nth}) not in text`);
  }
  return { start: at, end: at + needle.length, text: needle };
}

export const ISKP = {
  id: 'armed_group:islamic-state-khorasan-province',
  canonical: 'Islamic State Khorasan Province',
  aliases: ['ISKP', 'Isis-K'],
};
export const TTP = { id: 'armed_group:tehrik-i-taliban-pakistan', canonical: 'Tehrik-i-Taliban Pakistan', aliases: ['TTP'] };

function entity(text: string, surface: string, e: { id: string; canonical: string; aliases: string[] }, nth = 0): EntityMention {
  return { ...span(text, surface, nth), type: 'ORG', kind: 'armed_group', entity: e.id, canonical: e.canonical, aliases: e.aliases };
}

function group(text: string, surface: string, e: { id: string; canonical: string; aliases: string[] }, claimed = true): PerpetratorGroup {
  return { ...span(text, surface), canonical: e.canonical, entity: e.id, aliases: e.aliases, claimed, claim_status: claimed ? 'claimed' : 'suspected' };
}

function place(text: string, name: string, lat: number, lon: number, cc: string): PlaceMention {
  return { ...span(text, name), name, lat, lon, country_code: cc, feature: 'city' };
}

function incidentPlace(text: string, name: string, lat: number, lon: number, cc: string, nth = 0): IncidentPlace {
  return { ...span(text, name, nth), name, lat, lon, country_code: cc, feature: 'city', specificity: 1 };
}

function incident(text: string, o: Partial<Omit<ExtractedIncident, 'trigger'>> & { trigger: string; place: IncidentPlace | null }): ExtractedIncident {
  const { trigger, ...rest } = o;
  const t = span(text, trigger);
  return {
    date: null,
    date_precision: null,
    is_background: false,
    attack_types: [],
    weapon_types: [],
    target_types: [],
    perpetrator_groups: [],
    perpetrator_individuals: [],
    victims: [],
    targets: [],
    weapons: [],
    killed: null,
    wounded: null,
    evidence: [{ start: 0, end: text.length }],
    ...rest,
    trigger: t,
  };
}

function parsed(o: Partial<ParsedArticle> & { text: string }): ParsedArticle {
  return { title: null, published: null, url: null, source: null, related: [], ...o };
}

// --------------------------------------------------------------------------------------------- Kabul

export const KABUL_URL = 'https://news.example.com/world/kabul-bank-blast?utm_source=twitter#comments';
export const KABUL_TITLE = 'Suicide bomber kills 13 outside Kabul bank';

export function kabulText(killed = 13): string {
  return (
    `KABUL, Sept 5 (Wire) - A suicide bomber killed ${killed} people outside a bank in Kabul on Monday, police said. ` +
    'Islamic State Khorasan Province, also known as ISKP, claimed the attack in a statement. ' +
    'Kabul has seen a string of such attacks this year.'
  );
}

export function kabulArticle(killed = 13, extra: Partial<ParsedArticle> = {}): ParsedArticle {
  return parsed({ title: KABUL_TITLE, published: '2022-09-05T10:00:00Z', url: KABUL_URL, source: 'Wire', text: kabulText(killed), lang: 'en', ...extra });
}

export function kabulExtraction(text = kabulText(), killed = 13): ExtractRecord {
  return {
    id: 'kabul',
    entities: [entity(text, 'Islamic State Khorasan Province', ISKP), entity(text, 'ISKP', ISKP)],
    places: [place(text, 'Kabul', 34.5281, 69.1723, 'AF')],
    dates: [{ ...span(text, 'Monday'), value: '2022-09-05', precision: 'day' }],
    incidents: [
      incident(text, {
        date: '2022-09-05',
        date_precision: 'day',
        place: incidentPlace(text, 'Kabul', 34.5281, 69.1723, 'AF'),
        attack_types: ['Bombing/Explosion'],
        weapon_types: ['Explosives'],
        target_types: ['Business'],
        perpetrator_groups: [group(text, 'Islamic State Khorasan Province', ISKP)],
        perpetrator_individuals: [span(text, 'A suicide bomber')],
        victims: [span(text, `${killed} people`)],
        targets: [span(text, 'a bank')],
        killed,
        killed_span: span(text, `${killed} people`),
        trigger: 'suicide bomber',
      }),
    ],
  };
}

// --------------------------------------------------------------------------------------------- Moscow

export const MOSCOW_URL = 'https://wire.example.org/2024/03/22/crocus/';

export function moscowText(): string {
  return (
    'MOSCOW - Gunmen stormed Crocus City Hall outside Moscow on March 22, 2024, killing 145 people. ' +
    'Isis-K claimed responsibility; one survivor said the attackers were <script>alert(1)</script> "ruthless" & fast. ' +
    'Kabul was mentioned once by an analyst.'
  );
}

export function moscowArticle(): ParsedArticle {
  return parsed({ title: 'Gunmen storm Moscow concert hall', published: '2024-03-22T20:00:00Z', url: MOSCOW_URL, source: 'Wire', text: moscowText() });
}

export function moscowExtraction(): ExtractRecord {
  const text = moscowText();
  const iskp = { ...ISKP, aliases: ['ISIS-K', 'Daesh-Khorasan'] };
  return {
    id: 'moscow',
    entities: [entity(text, 'Isis-K', iskp)],
    places: [place(text, 'Moscow', 55.7558, 37.6173, 'RU')],
    dates: [{ ...span(text, 'March 22, 2024'), value: '2024-03-22', precision: 'day' }],
    incidents: [
      incident(text, {
        date: '2024-03-22',
        date_precision: 'day',
        place: incidentPlace(text, 'Moscow', 55.7558, 37.6173, 'RU'),
        attack_types: ['Armed Assault'],
        weapon_types: ['Firearms'],
        target_types: ['Private Citizens & Property'],
        perpetrator_groups: [group(text, 'Isis-K', iskp)],
        killed: 145,
        trigger: 'stormed',
      }),
    ],
  };
}

// --------------------------------------------------------------------------------------------- Peshawar

export function peshawarText(): string {
  return (
    'PESHAWAR - A bomb ripped through a market in Peshawar on January 10, 2024, killing 2 people. ' +
    'Tehrik-i-Taliban Pakistan (TTP) was blamed. The city still remembers the school siege of December 2014, ' +
    'when TTP gunmen killed 149 people at the Army Public School in Peshawar.'
  );
}

export function peshawarArticle(): ParsedArticle {
  return parsed({ title: 'Market bomb kills two in Peshawar', published: '2024-01-10T12:00:00Z', url: 'https://pk.example.net/peshawar-market', source: 'Frontier Post', text: peshawarText() });
}

export function peshawarExtraction(): ExtractRecord {
  const text = peshawarText();
  return {
    id: 'peshawar',
    entities: [entity(text, 'Tehrik-i-Taliban Pakistan', TTP), entity(text, 'TTP', TTP), entity(text, 'TTP', TTP, 1)],
    places: [place(text, 'Peshawar', 34.008, 71.5785, 'PK')],
    dates: [],
    incidents: [
      incident(text, {
        date: '2024-01-10',
        date_precision: 'day',
        place: incidentPlace(text, 'Peshawar', 34.008, 71.5785, 'PK'),
        attack_types: ['Bombing/Explosion'],
        perpetrator_groups: [group(text, 'Tehrik-i-Taliban Pakistan', TTP, false)],
        killed: 2,
        trigger: 'bomb ripped',
      }),
      incident(text, {
        date: '2014-12',
        date_precision: 'month',
        place: incidentPlace(text, 'Peshawar', 34.008, 71.5785, 'PK', 1),
        is_background: true,
        attack_types: ['Armed Assault', 'Hostage Taking (Barricade Incident)'],
        target_types: ['Educational Institution'],
        perpetrator_groups: [group(text, 'TTP gunmen', TTP)],
        killed: 149,
        trigger: 'school siege',
      }),
    ],
  };
}
