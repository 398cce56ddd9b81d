/**
 * Fusion through the SQLite store: five differently worded reports of one bombing (death toll
 * rising from report to report) and two reports of another attack in the same city the same
 * week become exactly two incidents; a lightly edited syndicated copy becomes one article with
 * two URLs; human merges and splits are audited, reversible and survive re-ingest.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExtractedIncident, ExtractRecord, IncidentRecord, ParsedArticle } from '../../src/model.js';
import { openStore } from '../../src/store/open.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { span } from '../store/fixtures.js';
import { loadResources } from '../../src/resources.js';
import { ingestDocument } from '../../src/ingest/ingest.js';
import { createApp } from '../../src/api/app.js';

interface Report {
  url: string;
  outlet: string;
  published: string;
  title: string;
  text: string;
  trigger: string;
  killedText: string;
  killed: number;
  attack: string;
  date: string;
  target: string;
}

const BOMBING: Report[] = [
  { url: 'https://dawn.example/peshawar-blast', outlet: 'Dawn', published: '2024-05-06T09:00:00Z', title: 'Blast rips through Peshawar market',
    text: 'PESHAWAR: A bomb hidden in a motorcycle exploded in the crowded Qissa Khwani market in Peshawar on Monday morning, killing 6 people and wounding dozens, police said.',
    trigger: 'bomb', killedText: '6 people', killed: 6, attack: 'Bombing/Explosion', date: '2024-05-06', target: 'Qissa Khwani market' },
  { url: 'https://geo.example/news/market-bombing', outlet: 'Geo News', published: '2024-05-06T13:30:00Z', title: 'Death toll rises in Peshawar bombing',
    text: 'The number of dead in the Qissa Khwani market bombing in Peshawar rose to 9 on Monday afternoon as rescuers pulled more victims from the rubble.',
    trigger: 'bombing', killedText: '9', killed: 9, attack: 'Bombing/Explosion', date: '2024-05-06', target: 'Qissa Khwani market' },
  { url: 'https://wire.example/asia/pakistan-explosion', outlet: 'Wire Service', published: '2024-05-06T20:00:00Z', title: 'Pakistan: explosion in Peshawar bazaar',
    text: 'An explosion tore through a bazaar in the northwestern city of Peshawar on Monday. Hospital officials said 14 people were killed in the Qissa Khwani market blast.',
    trigger: 'explosion', killedText: '14 people', killed: 14, attack: 'Bombing/Explosion', date: '2024-05-06', target: 'Qissa Khwani market' },
  { url: 'https://tribune.example/story/peshawar-mourns', outlet: 'Express Tribune', published: '2024-05-07T08:00:00Z', title: 'Peshawar mourns as blast toll climbs',
    text: "Funerals were held in Peshawar on Tuesday for victims of Monday's market blast, whose toll reached 20 after several of the wounded died overnight at Lady Reading Hospital. The bomb had been planted near the Qissa Khwani market.",
    trigger: 'blast', killedText: '20', killed: 20, attack: 'Bombing/Explosion', date: '2024-05-06', target: 'Qissa Khwani market' },
  { url: 'https://dawn.example/peshawar-toll-23', outlet: 'Dawn', published: '2024-05-08T07:00:00Z', title: 'Qissa Khwani bombing toll reaches 23',
    text: 'Two more victims of the Qissa Khwani market bombing in Peshawar died in hospital, raising the death toll to 23, officials said on Wednesday.',
    trigger: 'bombing', killedText: '23', killed: 23, attack: 'Bombing/Explosion', date: '2024-05-06', target: 'Qissa Khwani market' },
];

const CHECKPOINT: Report[] = [
  { url: 'https://dawn.example/checkpoint-attack', outlet: 'Dawn', published: '2024-05-09T10:00:00Z', title: 'Gunmen attack police checkpoint in Peshawar',
    text: 'Gunmen opened fire on a police checkpoint on Ring Road in Peshawar on Thursday, killing 3 policemen before escaping on motorcycles.',
    trigger: 'opened fire', killedText: '3 policemen', killed: 3, attack: 'Armed Assault', date: '2024-05-09', target: 'police checkpoint' },
  { url: 'https://geo.example/news/ring-road-firing', outlet: 'Geo News', published: '2024-05-09T15:00:00Z', title: 'Policemen martyred in Ring Road firing',
    text: 'Four policemen were martyred when unidentified gunmen attacked a checkpoint on Peshawar’s Ring Road on Thursday; a fourth officer, 4 in all, died on the way to hospital.',
    trigger: 'attacked', killedText: '4', killed: 4, attack: 'Armed Assault', date: '2024-05-09', target: 'checkpoint' },
];

function article(r: Report, over: Partial<ParsedArticle> = {}): ParsedArticle {
  return { title: r.title, published: r.published, url: r.url, source: r.outlet, related: [], text: r.text, ...over };
}

function extraction(r: Report, text = r.text): ExtractRecord {
  const place = { ...span(text, 'Peshawar'), name: 'Peshawar', lat: 34.008, lon: 71.5785, country_code: 'PK', feature: 'city' as const, geonameid: '1168197', specificity: 1 as const };
  const inc: ExtractedIncident = {
    date: r.date,
    date_precision: 'day',
    place,
    is_background: false,
    attack_types: [r.attack],
    weapon_types: [r.attack === 'Armed Assault' ? 'Firearms' : 'Explosives'],
    target_types: [],
    perpetrator_groups: [],
    perpetrator_individuals: [],
    victims: [],
    targets: [span(text, r.target)],
    weapons: [],
    killed: r.killed,
    wounded: null,
    killed_span: span(text, r.killedText),
    trigger: span(text, r.trigger),
    evidence: [{ start: 0, end: text.length }],
  };
  return { id: r.url, entities: [], places: [{ ...place }], dates: [], incidents: [inc] };
}

describe('fusion in the SQLite store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ databaseUrl: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  async function ingestAll(reports: Report[]) {
    const ids: string[] = [];
    for (const r of reports) ids.push((await store.ingestArticle({ article: article(r), extraction: extraction(r) })).articleId);
    return ids;
  }

  it('holds exactly two incidents for seven reports of two attacks in one city and week', async () => {
    const bombingArticles = await ingestAll(BOMBING);
    await ingestAll(CHECKPOINT);
    expect((await store.stats()).articles).toBe(7);
    const page = await store.listIncidents({ sort: 'date' });
    expect(page.total).toBe(2);
    const [bombing, checkpoint] = page.items as [IncidentRecord, IncidentRecord];
    expect(bombing.attackTypes).toEqual(['Bombing/Explosion']);
    expect(bombing.sources!.map((s) => s.articleId)).toEqual(bombingArticles);
    expect(bombing.sources).toHaveLength(5);
    expect(bombing.casualtyHistory!.map((h) => h.killed)).toEqual([6, 9, 14, 20, 23]);
    expect(bombing.casualtyHistory!.map((h) => h.published)).toEqual(BOMBING.map((r) => r.published));
    // The rule: the latest report's figure (never below a confirmed one), with its report.
    expect(bombing.killed).toBe(23);
    expect(bombing.killedSource).toMatchObject({ articleId: bombingArticles[4], rule: 'latest' });
    expect(bombing.id).toBe(bombing.sources![0]!.reportId); // founded by the first report
    expect(checkpoint.attackTypes).toEqual(['Armed Assault']);
    expect(checkpoint.sources).toHaveLength(2);
    expect(checkpoint.killed).toBe(4);
    expect(await store.getIncident(bombing.id)).toEqual(bombing);
  });

  it('a report that knows the weapon replaces another report\'s "Unknown"', async () => {
    const [first, second] = BOMBING as [Report, Report];
    const unknown = extraction(first);
    unknown.incidents[0]!.weapon_types = ['Unknown'];
    await store.ingestArticle({ article: article(first), extraction: unknown });
    await store.ingestArticle({ article: article(second), extraction: extraction(second) });
    const page = await store.listIncidents({});
    expect(page.total).toBe(1);
    expect(page.items[0]!.weaponTypes).toEqual(['Explosives']);
  });

  it('does the same through the live pipeline: readers, extraction and fusion on the raw texts', async () => {
    const resources = loadResources();
    const deps = { store, resources, maxDocumentBytes: 1 << 20 };
    for (const r of [...BOMBING, ...CHECKPOINT]) {
      const doc = JSON.stringify({ id: r.url, title: r.title, published: r.published, url: r.url, source: r.outlet, text: r.text });
      const res = await ingestDocument(deps, { bytes: new TextEncoder().encode(doc), path: 'report.json' }, r.url);
      expect(res.items.map((i) => i.status)).toEqual(['new']);
    }
    const page = await store.listIncidents({ sort: 'date', includeBackground: false });
    expect(page.items.map((i) => [i.date, i.placeName, i.attackTypes[0]])).toEqual([
      ['2024-05-06', 'Peshawar', 'Bombing/Explosion'],
      ['2024-05-09', 'Peshawar', 'Armed Assault'],
    ]);
    expect(page.items[0]!.killed).toBe(23);
    expect(page.items[1]!.sources).toHaveLength(2);
    expect(page.items[1]!.killed).toBe(4); // "Four policemen were martyred"
    expect(page.items[0]!.sources).toHaveLength(5);
    expect(page.items[0]!.casualtyHistory!.map((h) => h.killed)).toEqual([6, 9, 14, 20, 23]);
    // Each reporting article's page shows the fused incident with evidence in its own text.
    const app = createApp({ store, webRoot: null });
    for (const src of page.items[0]!.sources!) {
      const res = (await (await app.request(`/api/articles/${src.articleId}`)).json()) as { article: { text: string }; incidents: IncidentRecord[] };
      expect(res.incidents.map((i) => i.id)).toContain(page.items[0]!.id);
      for (const inc of res.incidents) {
        const t = inc.detail.trigger;
        expect(res.article.text.slice(t.start, t.end)).toBe(t.text);
      }
    }
  });

  it('gives the same incidents whatever the ingest order, and the same id for the same founder', async () => {
    await ingestAll([...CHECKPOINT, ...[...BOMBING].reverse()]);
    const page = await store.listIncidents({ sort: 'date' });
    expect(page.total).toBe(2);
    expect(page.items[0]!.sources).toHaveLength(5);
    expect(page.items[0]!.killed).toBe(23);
  });

  it('keeps a confirmed figure when a later report gives a lower one', async () => {
    const lower: Report = { ...BOMBING[4]!, url: 'https://late.example/x', outlet: 'Late Post', published: '2024-05-09T07:00:00Z', text: BOMBING[4]!.text.replace('23', '12'), killedText: '12', killed: 12 };
    await ingestAll([...BOMBING.slice(0, 4), { ...BOMBING[3]!, url: 'https://other.example/20', outlet: 'Other Daily', published: '2024-05-07T09:00:00Z', text: BOMBING[3]!.text.replace('Funerals were held', 'Mourners gathered') }, lower]);
    const inc = (await store.listIncidents()).items[0]!;
    expect(inc.casualtyHistory!.map((h) => h.killed)).toEqual([6, 9, 14, 20, 20, 12]);
    expect(inc.killed).toBe(20);
    expect(inc.killedSource!.rule).toBe('confirmed');
  });

  it('assigns stories at ingest: the bombing reports share one story', async () => {
    const ids = await ingestAll(BOMBING);
    const stories = await Promise.all(ids.map(async (id) => (await store.getArticle(id))!.storyId));
    expect(stories.every((s) => s && /^s-[0-9a-f]{12}$/.test(s))).toBe(true);
    const related = await store.relatedArticles(ids[0]!);
    expect(related.length).toBeGreaterThan(0);
    expect(related[0]!.reason).toBe('story');
    await expect(store.relatedArticles('a_0000000000000000')).rejects.toThrow();
  });

  it('merges a lightly edited syndicated copy into one article with two URLs', async () => {
    const base = BOMBING[3]!;
    const long = `${base.text} ${'Witnesses described shattered shop fronts, burning motorcycles and traders searching for relatives among the debris of the old bazaar, one of the busiest in the city. '.repeat(2)}Security was tightened across the province and schools were closed for two days.`;
    const first = await store.ingestArticle({ article: article(base, { text: long }), extraction: extraction(base, long) });
    const edited = long.replace('Funerals were held', 'Funeral prayers were offered').replace('for two days', 'until further notice');
    const copy = await store.ingestArticle({
      article: article(base, { text: edited, url: 'https://aggregator.example/2024/05/peshawar-mourns', source: 'Aggregator', title: 'Peshawar mourns' }),
      extraction: extraction(base, edited),
    });
    expect(copy).toEqual({ articleId: first.articleId, status: 'merged_url', version: 1 });
    expect((await store.stats()).articles).toBe(1);
    expect((await store.getArticle(first.articleId))!.urls).toEqual([base.url, 'https://aggregator.example/2024/05/peshawar-mourns']);
    // A different report of the same event is not a copy.
    const other = await store.ingestArticle({ article: article(BOMBING[0]!), extraction: null });
    expect(other.status).toBe('new');
  });

  it('merges and splits by hand, audited and reversible, and never changes a verified incident', async () => {
    await ingestAll(BOMBING);
    await ingestAll(CHECKPOINT);
    const [bombing, checkpoint] = (await store.listIncidents({ sort: 'date' })).items as [IncidentRecord, IncidentRecord];
    const merged = await store.mergeIncidents([bombing.id, checkpoint.id], 'analyst@example.org');
    expect(merged.id).toBe(bombing.id);
    expect(merged.sources).toHaveLength(7);
    expect((await store.listIncidents()).total).toBe(1);
    const split = await store.splitIncident(bombing.id, checkpoint.sources!.map((s) => s.reportId), 'analyst@example.org');
    expect(split.id).toBe(checkpoint.id); // the old id comes back
    expect((await store.listIncidents()).total).toBe(2);
    const history = await store.incidentHistory(bombing.id);
    expect(history.map((h) => h.action)).toEqual(['split', 'merge']);
    expect(history[1]!.moves).toHaveLength(2);
    expect(history[1]!.by).toBe('analyst@example.org');

    // A verified incident keeps its fields when more reports arrive; they are listed as sources.
    (store as SqliteStore).db.prepare(`UPDATE incidents SET status = 'verified', killed = 21 WHERE id = ?`).run(bombing.id);
    const extra: Report = { ...BOMBING[4]!, url: 'https://late.example/30', outlet: 'Late Post', published: '2024-05-10T07:00:00Z', text: BOMBING[4]!.text.replace('23', '30'), killedText: '30', killed: 30 };
    await ingestAll([extra]);
    const after = (await store.getIncident(bombing.id))!;
    expect(after.status).toBe('verified');
    expect(after.killed).toBe(21);
    expect(after.sources).toHaveLength(6);
    expect((await store.listIncidents()).total).toBe(2);
  });
});
