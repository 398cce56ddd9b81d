/**
 * Realistic fixture data for the API and web tests: the seed article (../shared/seed, cleaned
 * the way a reader would) with hand-made annotations, two shorter fixture articles about other
 * attacks, and three sources in different fetch states. Spans are located by searching for
 * their text, so they always agree with the article body.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  DateMention,
  EntityMention,
  ExtractedIncident,
  ExtractRecord,
  IncidentPlace,
  PerpetratorGroup,
  PlaceMention,
  TextSpan,
} from '../../src/model.js';
import { FakeStore } from './fake-store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SEED = path.resolve(here, '../../../shared/seed/article-isis-k-2024-03-29.txt');

const FALLBACK_BODY = `In the wake of a deadly attack in Moscow on March 22, 2024, the vulnerability of the Russian capital to the threat posed by the Islamic State group and its affiliate, Isis-K, has been starkly exposed.
After the fall of its parent organization in Syria, Islamic State Khorasan Province (Isis-K) has emerged as a formidable force.
The simultaneous attack in Kandahar on the same day as the Moscow incident illustrates a coordinated effort to project power.
Sanaullah Ghafari, at the age of 29, has guided the Afghan division of Islamic State, a Reuters report said.
The world took notice of Isis-K following a suicide bombing at Kabul’s international airport in 2021 amidst the US military exit, which resulted in the deaths of 13 US soldiers and numerous civilians. Additionally, in September 2022, the group claimed responsibility for a lethal suicide assault on the Russian embassy in Kabul.
The mass shooting that occurred in San Bernardino, California, in 2015, resulting in 14 fatalities, and the 2016 incident at a nightclub in Orlando, Florida, where a minimum of 49 people lost their lives, were both incidents influenced by the Islamic State group.`;

/** The seed article's body as a reader cleans it: no header, buttons or related teasers. */
export function seedBody(): string {
  let raw: string;
  try {
    if (process.env.VIGIL_TEST_NO_SHARED) throw new Error('../shared treated as absent');
    raw = readFileSync(SEED, 'utf8');
  } catch {
    return FALLBACK_BODY;
  }
  const start = raw.indexOf('In the wake of');
  const end = raw.indexOf('(With inputs from agencies)');
  if (start < 0 || end < 0) return FALLBACK_BODY;
  return raw
    .slice(start, end + '(With inputs from agencies)'.length)
    .split('\n')
    .map((l) => l.replace(/^\s*•\s*/, '').trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n\n')
    .replace(/([.!?])([A-Z])/g, '$1 $2');
}

/** Finds the `nth` occurrence of `phrase` in `text` (after `from`), or throws. */
function at(text: string, phrase: string, nth = 0, from = 0): TextSpan {
  let i = from - 1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(phrase, i + 1);
    if (i < 0) throw new Error(`fixture phrase not found: ${phrase} #${nth}`);
  }
  return { start: i, end: i + phrase.length, text: phrase };
}
function all(text: string, phrase: string): TextSpan[] {
  const out: TextSpan[] = [];
  const letter = (ch: string | undefined) => ch !== undefined && /\p{L}/u.test(ch);
  for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + phrase.length)) {
    if (letter(text[i - 1]) || letter(text[i + phrase.length])) continue; // "Iraq" in "Iraqi"
    out.push({ start: i, end: i + phrase.length, text: phrase });
  }
  return out;
}
/** The sentence around a span, as evidence. */
function sentence(text: string, s: { start: number; end: number }) {
  const before = text.slice(0, s.start);
  const dot = before.lastIndexOf('. ');
  const start = Math.max(dot < 0 ? 0 : dot + 2, before.lastIndexOf('\n') + 1);
  const m = /[.!?](\s|$)/.exec(text.slice(s.end));
  const end = m ? s.end + m.index + 1 : text.length;
  return { start, end };
}

const ent = (text: string, phrase: string, type: EntityMention['type'], kind: string, entity: string, canonical: string, aliases: string[] = [], parent: string | null = null): EntityMention[] =>
  all(text, phrase).map((s) => ({ ...s, type, kind, entity, canonical, aliases, parent }));
const place = (text: string, phrase: string, name: string, lat: number, lon: number, cc: string, feature: PlaceMention['feature']): PlaceMention[] =>
  all(text, phrase).map((s) => ({ ...s, name, lat, lon, country_code: cc, feature }));
const date = (text: string, phrase: string, value: string, precision: DateMention['precision'], nth = 0): DateMention => ({ ...at(text, phrase, nth), value, precision });

const ISKP = { canonical: 'Islamic State Khorasan Province', entity: 'org:islamic-state-khorasan-province', aliases: ['Isis-K', 'ISKP', 'ISIS-K'] };
const IS = { canonical: 'Islamic State', entity: 'org:islamic-state', aliases: ['Islamic State group', 'IS', 'Isis', 'ISIL'] };
const group = (s: TextSpan, g: typeof ISKP, claim: PerpetratorGroup['claim_status']): PerpetratorGroup => ({ ...s, ...g, claimed: claim === 'claimed', claim_status: claim });
const iplace = (s: TextSpan, name: string, lat: number | null, lon: number | null, cc: string | null, feature: IncidentPlace['feature'], specificity: IncidentPlace['specificity']): IncidentPlace => ({
  ...s, name, lat, lon, country_code: cc, feature, specificity,
});
const incident = (p: Partial<ExtractedIncident> & Pick<ExtractedIncident, 'trigger'>): ExtractedIncident => ({
  date: null, date_precision: null, place: null, is_background: false, attack_types: [], weapon_types: [], target_types: [],
  perpetrator_groups: [], perpetrator_individuals: [], victims: [], targets: [], weapons: [], killed: null, wounded: null, evidence: [],
  ...p,
});

/** Hand-made annotations of the seed article, in the batch extraction format. */
export function seedExtraction(text: string): ExtractRecord {
  const entities: EntityMention[] = [
    ...ent(text, 'Islamic State Khorasan Province', 'ORG', 'armed_group', ISKP.entity, ISKP.canonical, ISKP.aliases, IS.entity),
    ...ent(text, 'Isis-K', 'ORG', 'armed_group', ISKP.entity, ISKP.canonical, ISKP.aliases, IS.entity).filter((m) => !/Province \($/.test(text.slice(m.start - 10, m.start))),
    ...ent(text, 'Islamic State group', 'ORG', 'armed_group', IS.entity, IS.canonical, IS.aliases),
    ...ent(text, 'Sanaullah Ghafari', 'PER', 'person', 'person:sanaullah-ghafari', 'Sanaullah Ghafari', ['Shahab al-Muhajir']),
    ...all(text, 'Ghafari').filter((s) => text.slice(s.start - 10, s.start) !== 'Sanaullah ').map((s) => ({ ...s, type: 'PER' as const, kind: 'person', entity: 'person:sanaullah-ghafari', canonical: 'Sanaullah Ghafari', aliases: ['Shahab al-Muhajir'] })),
    ...ent(text, 'Shahab al-Muhajir', 'PER', 'person', 'person:sanaullah-ghafari', 'Sanaullah Ghafari', ['Shahab al-Muhajir']),
    ...ent(text, 'Sara Harmouch', 'PER', 'person', 'person:sara-harmouch', 'Sara Harmouch'),
    ...ent(text, 'Reuters', 'ORG', 'media', 'org:reuters', 'Reuters'),
    ...ent(text, 'Foreign Ministry of Pakistan', 'ORG', 'government_body', 'org:foreign-ministry-of-pakistan', 'Foreign Ministry of Pakistan'),
    ...ent(text, 'US state department', 'ORG', 'government_body', 'org:us-state-department', 'US State Department', ['State Department']),
    ...ent(text, 'American University', 'ORG', 'university', 'org:american-university', 'American University'),
    ...ent(text, 'Taliban', 'ORG', 'armed_group', 'org:taliban', 'Taliban'),
  ].sort((a, b) => a.start - b.start);
  const places: PlaceMention[] = [
    ...place(text, 'Moscow', 'Moscow', 55.7558, 37.6173, 'RU', 'city'),
    ...place(text, 'Kandahar', 'Kandahar', 31.6133, 65.7101, 'AF', 'city'),
    ...place(text, 'Kabul', 'Kabul', 34.5281, 69.1723, 'AF', 'city'),
    ...place(text, 'Syria', 'Syria', 35, 38, 'SY', 'country'),
    ...place(text, 'Balochistan', 'Balochistan', 28.5, 65.5, 'PK', 'admin1'),
    ...place(text, 'San Bernardino', 'San Bernardino', 34.1083, -117.2898, 'US', 'city'),
    ...place(text, 'Orlando', 'Orlando', 28.5383, -81.3792, 'US', 'city'),
    ...place(text, 'Iraq', 'Iraq', 33, 44, 'IQ', 'country'),
    ...place(text, 'Turkey', 'Turkey', 39, 35, 'TR', 'country'),
  ].sort((a, b) => a.start - b.start);
  const dates: DateMention[] = [
    date(text, 'March 22, 2024', '2024-03-22', 'day'),
    ...(text.includes('June of last year') ? [date(text, 'June of last year', '2023-06', 'month')] : []),
    ...(text.includes('in 2020') ? [{ ...date(text, 'in 2020', '2020', 'year'), start: text.indexOf('in 2020') + 3, text: '2020' }] : []),
    date(text, 'in 2021', '2021', 'year'),
    date(text, 'September 2022', '2022-09', 'month'),
    date(text, 'in 2015', '2015', 'year'),
    date(text, '2016', '2016', 'year'),
  ].map((d) => (d.text.startsWith('in ') ? { ...d, start: d.start + 3, text: d.text.slice(3) } : d))
    .sort((a, b) => a.start - b.start);

  const moscowTrigger = at(text, 'deadly attack');
  const kandaharTrigger = at(text, 'simultaneous attack');
  const kabulTrigger = at(text, 'suicide bombing');
  const embassyTrigger = at(text, 'suicide assault');
  const sbTrigger = at(text, 'mass shooting');
  const orlTrigger = at(text, 'incident at a nightclub');
  const kill13 = at(text, '13 US soldiers');
  const kill14 = at(text, '14 fatalities');
  const kill49 = at(text, 'a minimum of 49 people lost their lives');
  const isGroup = at(text, 'Islamic State group', 0, sbTrigger.start);

  const incidents: ExtractedIncident[] = [
    incident({
      trigger: moscowTrigger,
      date: '2024-03-22', date_precision: 'day', date_span: at(text, 'March 22, 2024'),
      place: iplace(at(text, 'Moscow'), 'Moscow', 55.7558, 37.6173, 'RU', 'city', 1),
      attack_types: ['Armed Assault'], weapon_types: ['Firearms', 'Incendiary'], target_types: ['Private Citizens & Property'],
      perpetrator_groups: [group(at(text, 'Isis-K'), ISKP, 'attributed')],
      evidence: [sentence(text, moscowTrigger)],
    }),
    incident({
      trigger: kandaharTrigger,
      date: '2024-03-22', date_precision: 'day', date_span: at(text, 'on the same day'),
      place: iplace(at(text, 'Kandahar'), 'Kandahar', 31.6133, 65.7101, 'AF', 'city', 1),
      attack_types: ['Unknown'], weapon_types: ['Unknown'], target_types: ['Unknown'],
      perpetrator_groups: [group(at(text, 'Islamic State Khorasan Province'), ISKP, 'suspected')],
      evidence: [sentence(text, kandaharTrigger)],
    }),
    incident({
      trigger: kabulTrigger, is_background: true,
      date: '2021', date_precision: 'year', date_span: at(text, '2021', 0, kabulTrigger.end),
      place: iplace(at(text, 'Kabul’s international airport'), 'Hamid Karzai International Airport, Kabul', 34.5659, 69.2122, 'AF', 'landmark', 1),
      attack_types: ['Bombing/Explosion'], weapon_types: ['Explosives'], target_types: ['Military', 'Airports & Aircraft'],
      perpetrator_groups: [group(at(text, 'Isis-K', 0, kabulTrigger.start - 40), ISKP, 'attributed')],
      victims: [kill13], killed: 13, killed_min: 13, killed_span: kill13,
      evidence: [sentence(text, kabulTrigger)],
    }),
    incident({
      trigger: embassyTrigger, is_background: true,
      date: '2022-09', date_precision: 'month', date_span: at(text, 'September 2022'),
      place: iplace(at(text, 'Kabul', 0, embassyTrigger.end), 'Kabul', 34.5281, 69.1723, 'AF', 'city', 1),
      attack_types: ['Bombing/Explosion'], weapon_types: ['Explosives'], target_types: ['Government (Diplomatic)'],
      perpetrator_groups: [group(at(text, 'the group claimed responsibility'), ISKP, 'claimed')],
      targets: [at(text, 'the Russian embassy')],
      evidence: [sentence(text, embassyTrigger)],
    }),
    incident({
      trigger: sbTrigger, is_background: true,
      date: '2015', date_precision: 'year', date_span: at(text, '2015'),
      place: iplace(at(text, 'San Bernardino, California'), 'San Bernardino', 34.1083, -117.2898, 'US', 'city', 1),
      attack_types: ['Armed Assault'], weapon_types: ['Firearms'], target_types: ['Private Citizens & Property'],
      perpetrator_groups: [group(isGroup, IS, 'inspired')],
      killed: 14, killed_span: kill14,
      evidence: [sentence(text, sbTrigger)],
    }),
    incident({
      trigger: orlTrigger, is_background: true,
      date: '2016', date_precision: 'year', date_span: at(text, '2016'),
      place: iplace(at(text, 'Orlando, Florida'), 'Orlando', 28.5383, -81.3792, 'US', 'city', 1),
      attack_types: ['Armed Assault'], weapon_types: ['Firearms'], target_types: ['Business'],
      perpetrator_groups: [group(isGroup, IS, 'inspired')],
      killed: 49, killed_min: 49, killed_span: kill49,
      evidence: [sentence(text, orlTrigger)],
    }),
  ];
  return { id: 'toi-2024-03-29-isis-k', entities, places, dates, incidents };
}

const KERMAN = `KERMAN, Iran — Two explosions tore through a crowd marking the anniversary of Qassem Soleimani's death near his tomb in Kerman on January 3, 2024, killing at least 95 people and wounding 284, Iranian officials said.
The Islamic State group claimed responsibility for the twin suicide bombings the next day, saying two of its members had detonated explosive belts among the mourners. Analysts said the attack bore the hallmarks of Isis-K, the group's Afghan branch.`;

const BAJAUR = `KHAR, Pakistan — A suicide bomber struck a political rally of the Jamiat Ulema-e-Islam-F party in the Bajaur district on July 30, 2023, killing 54 people and wounding about 200, police said.
Islamic State Khorasan Province, the regional affiliate of the Islamic State, claimed the bombing through its Amaq news agency. The "Bajaur" attack was the deadliest in the north-west that year, with "dozens" of party workers among the dead.`;

function shortExtraction(id: string, text: string, o: {
  trigger: string; date: string; dateText: string; place: [string, string, number, number, string]; groupText: string; claim: PerpetratorGroup['claim_status'];
  killedText: string; killed: number; woundedText: string; wounded: number; attack: string[]; weapon: string[]; target: string[]; extraPlaces: PlaceMention[];
}): ExtractRecord {
  const trigger = at(text, o.trigger);
  const [ptext, pname, lat, lon, cc] = o.place;
  const placeSpan = at(text, ptext);
  return {
    id,
    entities: [
      ...ent(text, 'Islamic State Khorasan Province', 'ORG', 'armed_group', ISKP.entity, ISKP.canonical, ISKP.aliases, IS.entity),
      ...ent(text, 'Isis-K', 'ORG', 'armed_group', ISKP.entity, ISKP.canonical, ISKP.aliases, IS.entity),
      ...ent(text, 'Islamic State group', 'ORG', 'armed_group', IS.entity, IS.canonical, IS.aliases),
      ...ent(text, 'Qassem Soleimani', 'PER', 'person', 'person:qassem-soleimani', 'Qassem Soleimani'),
      ...ent(text, 'Jamiat Ulema-e-Islam-F', 'ORG', 'political_party', 'org:jamiat-ulema-e-islam-f', 'Jamiat Ulema-e-Islam (F)', ['JUI-F']),
      ...ent(text, 'Amaq', 'ORG', 'media', 'org:amaq', 'Amaq News Agency'),
    ].sort((a, b) => a.start - b.start),
    places: [{ ...placeSpan, name: pname, lat, lon, country_code: cc, feature: 'city' as const }, ...o.extraPlaces].sort((a, b) => a.start - b.start),
    dates: [date(text, o.dateText, o.date, 'day')],
    incidents: [
      incident({
        trigger,
        date: o.date, date_precision: 'day', date_span: at(text, o.dateText),
        place: iplace(placeSpan, pname, lat, lon, cc, 'city', 1),
        attack_types: o.attack, weapon_types: o.weapon, target_types: o.target,
        perpetrator_groups: [group(at(text, o.groupText), o.groupText.startsWith('Islamic State Khorasan') ? ISKP : IS, o.claim)],
        killed: o.killed, wounded: o.wounded, killed_span: at(text, o.killedText), wounded_span: at(text, o.woundedText),
        evidence: [sentence(text, trigger)],
      }),
    ],
  };
}

export const SEED_ID = 'toi-2024-03-29-isis-k';

/** A fake store filled with the fixture articles, incidents and sources. */
export async function seededStore(): Promise<FakeStore> {
  const store = new FakeStore();
  const toi = await store.addSource('https://timesofindia.indiatimes.com/rssfeeds/296589292.cms', { kind: 'feed', title: 'Times of India — World' });
  await store.recordFetch(toi.source.id, { fetchedAt: '2024-03-30T07:45:00.000Z', nextFetchAt: '2024-03-30T08:00:00.000Z', ok: true, kind: 'feed' });
  const wire = await store.addSource('https://feeds.example-wire.org/world/rss.xml', { kind: 'feed', title: 'Example Wire — World' });
  await store.recordFetch(wire.source.id, { fetchedAt: '2024-03-30T06:00:00.000Z', nextFetchAt: '2024-03-30T09:00:00.000Z', ok: false, errorCode: 'fetch.timeout', errorMessage: 'no answer within 20000 ms' });
  await store.recordFetch(wire.source.id, { fetchedAt: '2024-03-30T07:30:00.000Z', nextFetchAt: '2024-03-30T10:30:00.000Z', ok: false, errorCode: 'fetch.http_5xx', errorMessage: 'HTTP 503 Service Unavailable' });
  const page = await store.addSource('https://www.example-monitor.org/attacks/latest', { kind: 'page', title: null });
  void page;

  const body = seedBody();
  await store.ingestArticle({
    article: {
      id: SEED_ID,
      title: 'Moscow massacre showed Isis-K is at war with the world: Could US be the next?',
      published: '2024-03-29',
      url: 'https://timesofindia.indiatimes.com/world/moscow-massacre-showed-isis-k-is-at-war-with-the-world-could-us-be-the-next/articleshow/108877563.cms',
      source: 'Times of India',
      related: [{ title: 'Islamic State killed more than 4,000 since Syria territorial defeat: monitor', url: null }],
      text: body,
    },
    extraction: seedExtraction(body),
    sourceId: toi.source.id,
  });
  await store.ingestArticle({
    article: { id: 'fx-kerman-2024-01-04', title: 'Islamic State claims twin blasts in Kerman, Iran, that killed at least 95', published: '2024-01-04', url: 'https://news.example.org/2024/01/04/kerman-blasts', source: 'Example Wire', related: [], text: KERMAN },
    extraction: shortExtraction('fx-kerman-2024-01-04', KERMAN, {
      trigger: 'Two explosions', date: '2024-01-03', dateText: 'January 3, 2024', place: ['Kerman', 'Kerman', 30.2839, 57.0834, 'IR'], groupText: 'Islamic State group', claim: 'claimed',
      killedText: 'at least 95 people', killed: 95, woundedText: 'wounding 284', wounded: 284, attack: ['Bombing/Explosion'], weapon: ['Explosives'], target: ['Private Citizens & Property', 'Religious Figures/Institutions'], extraPlaces: [],
    }),
    sourceId: wire.source.id,
  });
  await store.ingestArticle({
    article: { id: 'fx-bajaur-2023-07-31', title: 'Suicide bomber kills 54 at "JUI-F" rally in Bajaur, Pakistan', published: '2023-07-31', url: 'https://news.example.org/2023/07/31/bajaur-rally-bombing', source: 'Example Wire', related: [], text: BAJAUR },
    extraction: shortExtraction('fx-bajaur-2023-07-31', BAJAUR, {
      trigger: 'suicide bomber struck', date: '2023-07-30', dateText: 'July 30, 2023', place: ['Bajaur', 'Khar, Bajaur', 34.7295, 71.5232, 'PK'], groupText: 'Islamic State Khorasan Province', claim: 'claimed',
      killedText: 'killing 54 people', killed: 54, woundedText: 'wounding about 200', wounded: 200, attack: ['Bombing/Explosion'], weapon: ['Explosives'], target: ['Violent Political Party'], extraPlaces: [],
    }),
    sourceId: wire.source.id,
  });
  const bajaur = store.incidents.find((i) => i.articleId === 'fx-bajaur-2023-07-31');
  if (bajaur) bajaur.status = 'verified';
  store.calls = [];
  return store;
}
