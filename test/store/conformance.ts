/**
 * The one conformance suite every `Store` backend must pass (after hono's
 * `src/router/common.case.test.ts`): a backend's test file calls
 * `runStoreConformance('sqlite', () => openStore(...))`. Each test gets a fresh, migrated store.
 *
 * Checks that need to look under the interface (how many versions are kept, a human-verified
 * incident) go through optional `hooks`; a backend that gives none skips only those assertions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentRecord } from '../../src/model.js';
import type { IncidentQuery, Store } from '../../src/store/store.js';
import {
  ISKP,
  KABUL_TITLE,
  KABUL_URL,
  kabulArticle,
  kabulExtraction,
  kabulText,
  MOSCOW_URL,
  moscowArticle,
  moscowExtraction,
  peshawarArticle,
  peshawarExtraction,
  span,
  TTP,
} from './fixtures.js';

export interface ConformanceHooks {
  /** How many stored versions the article has (`article_versions` rows). */
  versionCount?(store: Store, articleId: string): Promise<number>;
  /** Marks an incident as reviewed by a human. */
  setIncidentStatus?(store: Store, incidentId: string, status: 'verified' | 'corrected'): Promise<void>;
}

export function runStoreConformance(name: string, newStore: () => Promise<Store>, hooks: ConformanceHooks = {}): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await newStore();
    });
    afterEach(async () => {
      await store.close();
    });

    /** The three fixture articles with their extractions. */
    async function seed(): Promise<{ kabul: string; moscow: string; peshawar: string }> {
      const k = await store.ingestArticle({ article: kabulArticle(), extraction: kabulExtraction() });
      const m = await store.ingestArticle({ article: moscowArticle(), extraction: moscowExtraction() });
      const p = await store.ingestArticle({ article: peshawarArticle(), extraction: peshawarExtraction() });
      return { kabul: k.articleId, moscow: m.articleId, peshawar: p.articleId };
    }

    const places = (items: IncidentRecord[]) => items.map((i) => `${i.placeName}:${i.date}`).sort();

    // ------------------------------------------------------------------------------ migrations

    describe('migrations', () => {
      it('can run again without changing anything', async () => {
        await store.ingestArticle({ article: kabulArticle(), extraction: kabulExtraction() });
        await store.migrate();
        await store.migrate();
        expect(await store.stats()).toEqual({ articles: 1, incidents: 1, entities: 1, sources: 0 });
      });
    });

    // ------------------------------------------------------------------------------ ingest

    describe('ingestArticle', () => {
      it('stores a new article with its id from the canonical URL', async () => {
        const out = await store.ingestArticle({ article: kabulArticle(), extraction: kabulExtraction() });
        expect(out.status).toBe('new');
        expect(out.version).toBe(1);
        expect(out.articleId).toMatch(/^a_[0-9a-f]{16}$/);
        const a = await store.getArticle(out.articleId);
        expect(a).not.toBeNull();
        expect(a!.title).toBe(KABUL_TITLE);
        expect(a!.text).toBe(kabulText());
        expect(a!.version).toBe(1);
        expect(a!.contentHash).toMatch(/^[0-9a-f]{64}$/);
        expect(a!.urls).toEqual(['https://news.example.com/world/kabul-bank-blast']);
        expect(a!.url).toBe(KABUL_URL);
      });

      it('is idempotent: the same article twice is one row, status duplicate', async () => {
        const first = await store.ingestArticle({ article: kabulArticle(), extraction: kabulExtraction() });
        const again = await store.ingestArticle({ article: kabulArticle(), extraction: kabulExtraction() });
        expect(again).toEqual({ articleId: first.articleId, status: 'duplicate', version: 1 });
        expect(await store.stats()).toMatchObject({ articles: 1, incidents: 1 });
        expect((await store.listArticles()).total).toBe(1);
      });

      it('treats the same URL with tracking parameters and a fragment as the same article', async () => {
        const first = await store.ingestArticle({ article: kabulArticle(), extraction: null });
        const again = await store.ingestArticle({
          article: kabulArticle(13, { url: 'HTTPS://NEWS.example.com:443/world/kabul-bank-blast/?fbclid=abc' }),
          extraction: null,
        });
        expect(again.status).toBe('duplicate');
        expect(again.articleId).toBe(first.articleId);
      });

      it('records a new URL of a duplicate (same canonical, other address)', async () => {
        const canonical = 'https://news.example.com/world/kabul-bank-blast';
        const first = await store.ingestArticle({ article: kabulArticle(13, { canonicalUrl: canonical }), extraction: null });
        const amp = await store.ingestArticle({
          article: kabulArticle(13, { canonicalUrl: canonical, url: 'https://amp.news.example.com/kabul-bank-blast' }),
          extraction: null,
        });
        expect(amp).toEqual({ articleId: first.articleId, status: 'duplicate', version: 1 });
        const a = await store.getArticle(first.articleId);
        expect(a!.urls).toContain('https://amp.news.example.com/kabul-bank-blast');
        expect(a!.urls).toContain(canonical);
      });

      it('makes a new version when the text under the same key changes', async () => {
        const v1 = await store.ingestArticle({ article: kabulArticle(13), extraction: kabulExtraction(kabulText(13), 13) });
        const v2 = await store.ingestArticle({ article: kabulArticle(14), extraction: kabulExtraction(kabulText(14), 14) });
        expect(v2).toEqual({ articleId: v1.articleId, status: 'updated', version: 2 });
        const a = await store.getArticle(v1.articleId);
        expect(a!.version).toBe(2);
        expect(a!.text).toBe(kabulText(14));
        expect(a!.ingestedAt <= a!.updatedAt).toBe(true);
        expect((await store.listArticles()).total).toBe(1);
        if (hooks.versionCount) expect(await hooks.versionCount(store, v1.articleId)).toBe(2);
        // The incidents and annotations are the new version's.
        const inc = await store.listIncidents({ articleId: v1.articleId });
        expect(inc.total).toBe(1);
        expect(inc.items[0]!.killed).toBe(14);
        expect(inc.items[0]!.articleVersion).toBe(2);
        const ann = await store.getAnnotations(v1.articleId);
        expect(ann!.incidents[0]!.killed).toBe(14);
        expect(ann!.text).toBe(kabulText(14));
        // Same text again: a duplicate of version 2.
        expect((await store.ingestArticle({ article: kabulArticle(14), extraction: null })).status).toBe('duplicate');
      });

      it('keeps the incident id stable across versions and never overwrites a verified incident', async () => {
        const v1 = await store.ingestArticle({ article: kabulArticle(13), extraction: kabulExtraction(kabulText(13), 13) });
        const before = (await store.listIncidents({ articleId: v1.articleId })).items[0]!;
        expect(before.id).toMatch(/^i_[0-9a-f]{16}$/);
        if (hooks.setIncidentStatus) await hooks.setIncidentStatus(store, before.id, 'verified');
        await store.ingestArticle({ article: kabulArticle(14), extraction: kabulExtraction(kabulText(14), 14) });
        const after = await store.getIncident(before.id);
        expect(after).not.toBeNull();
        if (hooks.setIncidentStatus) {
          expect(after!.status).toBe('verified');
          expect(after!.killed).toBe(13);
          expect(after!.articleVersion).toBe(1);
        } else {
          expect(after!.killed).toBe(14);
        }
        expect((await store.listIncidents({ articleId: v1.articleId })).total).toBe(1);
      });

      it('merges a syndicated copy into the first article (merged_url)', async () => {
        const first = await store.ingestArticle({ article: kabulArticle(), extraction: kabulExtraction() });
        const copyText = `  ${kabulText().toUpperCase().replace(/ /g, '\n ')}  `; // same body, other case and spacing
        const copy = await store.ingestArticle({
          article: kabulArticle(13, { url: 'https://syndicate.example.net/stories/12345', text: copyText, source: 'Syndicate' }),
          extraction: null,
        });
        expect(copy).toEqual({ articleId: first.articleId, status: 'merged_url', version: 1 });
        expect((await store.stats()).articles).toBe(1);
        const a = await store.getArticle(first.articleId);
        expect(a!.urls).toEqual(['https://news.example.com/world/kabul-bank-blast', 'https://syndicate.example.net/stories/12345']);
        expect(a!.text).toBe(kabulText());
        // Seeing the copy again adds nothing.
        const again = await store.ingestArticle({
          article: kabulArticle(13, { url: 'https://syndicate.example.net/stories/12345', text: copyText }),
          extraction: null,
        });
        expect(again.articleId).toBe(first.articleId);
        expect(again.status).toBe('duplicate');
      });

      it('does not merge unrelated articles that both have an empty body', async () => {
        const a = await store.ingestArticle({ article: kabulArticle(13, { text: '', url: 'https://x.example/a' }), extraction: null });
        const b = await store.ingestArticle({ article: kabulArticle(13, { text: '', url: 'https://x.example/b', title: 'Other' }), extraction: null });
        expect(a.status).toBe('new');
        expect(b.status).toBe('new');
        expect(a.articleId).not.toBe(b.articleId);
      });

      it('keys an article without a URL by its content hash', async () => {
        const a = await store.ingestArticle({ article: kabulArticle(13, { url: null }), extraction: null });
        const b = await store.ingestArticle({ article: kabulArticle(13, { url: null }), extraction: null });
        expect(a.status).toBe('new');
        expect(b).toEqual({ articleId: a.articleId, status: 'duplicate', version: 1 });
      });

      it('returns the stored annotations of the current version', async () => {
        const out = await store.ingestArticle({ article: kabulArticle(), extraction: kabulExtraction() });
        const ann = await store.getAnnotations(out.articleId);
        expect(ann).not.toBeNull();
        expect(ann!.id).toBe(out.articleId);
        expect(ann!.entities.map((e) => e.text)).toEqual(['Islamic State Khorasan Province', 'ISKP']);
        expect(ann!.places[0]!.name).toBe('Kabul');
        expect(ann!.dates[0]!.value).toBe('2022-09-05');
        const ent = ann!.entities[0]!;
        expect(ann!.text!.slice(ent.start, ent.end)).toBe(ent.text);
        expect(await store.getAnnotations('a_0000000000000000')).toBeNull();
        const bare = await store.ingestArticle({ article: moscowArticle(), extraction: null });
        expect(await store.getAnnotations(bare.articleId)).toBeNull();
      });

      it('keeps where a learned alias was learned: article, alias mention and teaching sentence', async () => {
        const text = kabulText();
        const extraction = kabulExtraction(text);
        const ent = extraction.entities[0]!;
        const acr = span(text, 'ISKP');
        const sentenceEnd = text.indexOf('.', acr.end) + 1;
        ent.learned_aliases = [{ alias: 'ISKP', start: acr.start, end: acr.end, evidence: { start: 0, end: sentenceEnd } }];
        const out = await store.ingestArticle({ article: kabulArticle(), extraction });
        const got = await store.getEntity(ent.entity);
        expect(got!.aliasSources).toEqual([
          { alias: 'ISKP', articleId: out.articleId, articleTitle: KABUL_TITLE, published: kabulArticle().published, start: acr.start, end: acr.end, evidence: { start: 0, end: sentenceEnd, text: text.slice(0, sentenceEnd) } },
        ]);
        // a new version without the alias cue forgets where it was learned
        await store.ingestArticle({ article: kabulArticle(20), extraction: kabulExtraction(kabulText(20), 20) });
        expect((await store.getEntity(ent.entity))!.aliasSources).toEqual([]);
      });

      it('links an article to its source and story', async () => {
        const { source } = await store.addSource('https://news.example.com/feed.xml');
        const out = await store.ingestArticle({ article: kabulArticle(), extraction: null, sourceId: source.id });
        expect((await store.getArticle(out.articleId))!.sourceId).toBe(source.id);
        expect((await store.getSource(source.id))!.articleCount).toBe(1);
        expect((await store.listArticles({ sourceId: source.id })).total).toBe(1);
        expect((await store.listArticles({ sourceId: 's_0000000000000000' })).total).toBe(0);
        await store.setStory(out.articleId, 'story-1');
        expect((await store.getArticle(out.articleId))!.storyId).toBe('story-1');
        await store.setStory(out.articleId, null);
        expect((await store.getArticle(out.articleId))!.storyId).toBeNull();
        await expect(store.setStory('a_0000000000000000', 'story-1')).rejects.toThrow();
      });
    });

    // ------------------------------------------------------------------------------ articles

    describe('listArticles', () => {
      it('pages newest first with a total and filters on published', async () => {
        const ids = await seed();
        const all = await store.listArticles();
        expect(all.total).toBe(3);
        expect(all.items.map((a) => a.id)).toEqual([ids.moscow, ids.peshawar, ids.kabul]);
        const page = await store.listArticles({ limit: 1, offset: 1 });
        expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
        expect(page.items.map((a) => a.id)).toEqual([ids.peshawar]);
        expect((await store.listArticles({ since: '2024-01-01' })).total).toBe(2);
        // A date-only `until` includes that whole day.
        expect((await store.listArticles({ until: '2024-01-10' })).items.map((a) => a.id)).toEqual([ids.peshawar, ids.kabul]);
      });
    });

    // ------------------------------------------------------------------------------ incidents

    describe('listIncidents', () => {
      const cases: Array<[string, IncidentQuery, string[]]> = [
        ['no filter', {}, ['Kabul:2022-09-05', 'Moscow:2024-03-22', 'Peshawar:2014-12', 'Peshawar:2024-01-10']],
        ['since', { since: '2024-01-01' }, ['Moscow:2024-03-22', 'Peshawar:2024-01-10']],
        ['until', { until: '2022-12-31' }, ['Kabul:2022-09-05', 'Peshawar:2014-12']],
        ['since and until', { since: '2022-01-01', until: '2024-01-31' }, ['Kabul:2022-09-05', 'Peshawar:2024-01-10']],
        ['since inside a month-precision date', { since: '2014-12-15', until: '2015-06-01' }, ['Peshawar:2014-12']],
        ['until a year', { until: '2014' }, ['Peshawar:2014-12']],
        ['country, any case', { country: 'pk' }, ['Peshawar:2014-12', 'Peshawar:2024-01-10']],
        ['group by canonical name', { group: 'Islamic State Khorasan Province' }, ['Kabul:2022-09-05', 'Moscow:2024-03-22']],
        ['group by alias, any case', { group: 'iskp' }, ['Kabul:2022-09-05', 'Moscow:2024-03-22']],
        ['group by alias learned in another article', { group: 'DAESH-KHORASAN' }, ['Kabul:2022-09-05', 'Moscow:2024-03-22']],
        ['group TTP', { group: 'ttp' }, ['Peshawar:2014-12', 'Peshawar:2024-01-10']],
        ['unknown group', { group: 'Boko Haram' }, []],
        ['attack type', { attackType: 'Bombing/Explosion' }, ['Kabul:2022-09-05', 'Peshawar:2024-01-10']],
        ['attack type, any case', { attackType: 'armed assault' }, ['Moscow:2024-03-22', 'Peshawar:2014-12']],
        ['minKilled', { minKilled: 100 }, ['Moscow:2024-03-22', 'Peshawar:2014-12']],
        ['minKilled inclusive', { minKilled: 13 }, ['Kabul:2022-09-05', 'Moscow:2024-03-22', 'Peshawar:2014-12']],
        ['bbox Af-Pak', { bbox: [60, 29, 75, 38] }, ['Kabul:2022-09-05', 'Peshawar:2014-12', 'Peshawar:2024-01-10']],
        ['bbox Russia', { bbox: [30, 50, 45, 60] }, ['Moscow:2024-03-22']],
        ['bbox over the antimeridian', { bbox: [170, -50, -170, -30] }, []],
        ['without background', { includeBackground: false }, ['Kabul:2022-09-05', 'Moscow:2024-03-22', 'Peshawar:2024-01-10']],
        ['with background explicitly', { includeBackground: true, country: 'PK' }, ['Peshawar:2014-12', 'Peshawar:2024-01-10']],
        ['q on place', { q: 'moscow' }, ['Moscow:2024-03-22']],
        ['q on group name', { q: 'Khorasan' }, ['Kabul:2022-09-05', 'Moscow:2024-03-22']],
        ['q on article title', { q: 'market bomb' }, ['Peshawar:2014-12', 'Peshawar:2024-01-10']],
        ['q with no match', { q: 'Nairobi' }, []],
        ['combined', { country: 'PK', includeBackground: false, group: 'TTP' }, ['Peshawar:2024-01-10']],
      ];
      it.each(cases)('filters: %s', async (_label, query, expected) => {
        await seed();
        const page = await store.listIncidents(query);
        expect(places(page.items)).toEqual(expected);
        expect(page.total).toBe(expected.length);
      });

      it('filters by article', async () => {
        const ids = await seed();
        const page = await store.listIncidents({ articleId: ids.peshawar });
        expect(page.total).toBe(2);
        expect(page.items.every((i) => i.articleId === ids.peshawar)).toBe(true);
      });

      it('sorts by date and by killed', async () => {
        await seed();
        const killed = (q: IncidentQuery) => store.listIncidents(q).then((p) => p.items.map((i) => i.killed));
        expect(await killed({ sort: 'killed' })).toEqual([2, 13, 145, 149]);
        expect(await killed({ sort: '-killed' })).toEqual([149, 145, 13, 2]);
        expect(await killed({ sort: 'date' })).toEqual([149, 13, 2, 145]);
        expect(await killed({ sort: '-date' })).toEqual([145, 2, 13, 149]);
        expect(await killed({})).toEqual([145, 2, 13, 149]);
      });

      it('pages with a total, a default limit of 50 and a cap of 500', async () => {
        await seed();
        const p1 = await store.listIncidents({ sort: 'killed', limit: 3 });
        const p2 = await store.listIncidents({ sort: 'killed', limit: 3, offset: 3 });
        const p3 = await store.listIncidents({ sort: 'killed', limit: 3, offset: 6 });
        expect([p1.total, p2.total, p3.total]).toEqual([4, 4, 4]);
        expect(p1.items.map((i) => i.killed)).toEqual([2, 13, 145]);
        expect(p2.items.map((i) => i.killed)).toEqual([149]);
        expect(p3.items).toEqual([]);
        expect(p2.offset).toBe(3);
        expect((await store.listIncidents()).limit).toBe(50);
        expect((await store.listIncidents({ limit: 10_000 })).limit).toBe(500);
      });

      it('returns complete records', async () => {
        const ids = await seed();
        const inc = (await store.listIncidents({ articleId: ids.kabul })).items[0]!;
        expect(inc).toMatchObject({
          articleId: ids.kabul,
          articleVersion: 1,
          articleTitle: KABUL_TITLE,
          published: '2022-09-05T10:00:00Z',
          date: '2022-09-05',
          datePrecision: 'day',
          placeName: 'Kabul',
          countryCode: 'AF',
          lat: 34.5281,
          lon: 69.1723,
          specificity: 1,
          attackTypes: ['Bombing/Explosion'],
          weaponTypes: ['Explosives'],
          targetTypes: ['Business'],
          groups: [ISKP.canonical],
          killed: 13,
          wounded: null,
          isBackground: false,
          status: 'machine',
        });
        expect(inc.detail.trigger.text).toBe('suicide bomber');
        expect(inc.detail.killed_span).toMatchObject({ text: '13 people' });
        expect(await store.getIncident(inc.id)).toEqual(inc);
        expect(await store.getIncident('i_0000000000000000')).toBeNull();
      });
    });

    // ------------------------------------------------------------------------------ aggregation

    describe('aggregation', () => {
      /** An article naming ISKP as a branch of the Islamic State, with its leader. */
      async function family(): Promise<void> {
        const text = 'Islamic State Khorasan Province, the Afghan branch of the Islamic State, is led by Sanaullah Ghafari.';
        const at = (needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length, text: needle });
        await store.ingestArticle({
          article: { title: 'Who leads ISKP', published: '2024-03-25', url: 'https://wire.example.org/iskp-leader', source: 'Wire', related: [], text },
          extraction: {
            id: 'family',
            entities: [
              { ...at('Islamic State Khorasan Province'), type: 'ORG', kind: 'armed_group', entity: ISKP.id, canonical: ISKP.canonical, aliases: ISKP.aliases, parent: 'armed_group:islamic-state' },
              { ...at('the Islamic State'), type: 'ORG', kind: 'armed_group', entity: 'armed_group:islamic-state', canonical: 'Islamic State', aliases: ['IS'] },
              { ...at('Sanaullah Ghafari'), type: 'PER', kind: 'person', entity: 'person:sanaullah-ghafari', canonical: 'Sanaullah Ghafari', aliases: [] },
            ],
            places: [],
            dates: [],
            incidents: [],
          },
        });
      }

      it('counts incidents per week, month and year by primary attack type', async () => {
        await seed();
        const week = await store.incidentTimeline({}, 'week');
        expect(week).toEqual({
          bucket: 'week',
          rows: [
            { bucket: '2022-09-05', attackType: 'Bombing/Explosion', count: 1, killed: 13 },
            { bucket: '2024-01-08', attackType: 'Bombing/Explosion', count: 1, killed: 2 },
            { bucket: '2024-03-18', attackType: 'Armed Assault', count: 1, killed: 145 },
          ],
          imprecise: 1,
          undated: 0,
        });
        const month = await store.incidentTimeline({}, 'month');
        expect(month.rows.map((r) => `${r.bucket} ${r.attackType} ${r.count} ${r.killed}`)).toEqual([
          '2014-12 Armed Assault 1 149',
          '2022-09 Bombing/Explosion 1 13',
          '2024-01 Bombing/Explosion 1 2',
          '2024-03 Armed Assault 1 145',
        ]);
        expect(month.imprecise).toBe(0);
        const year = await store.incidentTimeline({ includeBackground: false }, 'year');
        expect(year.rows.map((r) => `${r.bucket} ${r.attackType} ${r.count}`)).toEqual(['2022 Bombing/Explosion 1', '2024 Armed Assault 1', '2024 Bombing/Explosion 1']);
        expect(await store.incidentTimeline()).toMatchObject({ bucket: 'week', imprecise: 1 });
      });

      it('filters the timeline like the list', async () => {
        await seed();
        const pk = await store.incidentTimeline({ country: 'PK' }, 'week');
        expect(pk.rows).toEqual([{ bucket: '2024-01-08', attackType: 'Bombing/Explosion', count: 1, killed: 2 }]);
        expect(pk.imprecise).toBe(1);
        expect((await store.incidentTimeline({ group: 'isis-k', since: '2024-01-01' }, 'week')).rows.map((r) => r.bucket)).toEqual(['2024-03-18']);
        expect((await store.incidentTimeline({ q: 'Nairobi' }, 'week')).rows).toEqual([]);
      });

      it('groups located incidents in grid cells with mean position, extent and ids', async () => {
        await seed();
        const one = await store.incidentMapPoints({}, 1);
        expect(one.cellDegrees).toBe(1);
        expect(one.located).toBe(4);
        expect(one.unlocated).toBe(0);
        expect(one.cells).toHaveLength(3);
        expect(one.cells.every((c) => c.ids?.length === c.count)).toBe(true);
        const peshawar = one.cells[0]!;
        expect(peshawar).toMatchObject({ count: 2, killed: 151, lat: 34.008, lon: 71.5785, bbox: [71.5785, 34.008, 71.5785, 34.008] });
        expect(one.cells.map((c) => c.killed).sort((a, b) => a - b)).toEqual([13, 145, 151]);

        const all = await store.incidentMapPoints({}, 90);
        expect(all.cells).toHaveLength(1);
        expect(all.cells[0]).toMatchObject({ count: 4, killed: 309, bbox: [37.6173, 34.008, 71.5785, 55.7558] });
        expect(all.cells[0]!.ids).toHaveLength(4);
        expect([...all.cells[0]!.ids!].sort()).toEqual(all.cells[0]!.ids);
        expect(all.cells[0]!.lat).toBeCloseTo((34.5281 + 55.7558 + 34.008 * 2) / 4, 4);

        expect((await store.incidentMapPoints({ includeBackground: false, country: 'PK' }, 1)).cells).toMatchObject([{ count: 1, killed: 2 }]);
        expect((await store.incidentMapPoints({ bbox: [30, 50, 45, 60] }, 5)).cells.map((c) => c.count)).toEqual([1]);
        expect((await store.incidentMapPoints({}, 1000)).cellDegrees).toBe(90);
        expect((await store.incidentMapPoints({}, 0)).cellDegrees).toBe(0.01);
      });

      it('gives an overview of news incidents', async () => {
        await seed();
        const o = await store.overview();
        expect(o.stats).toEqual({ articles: 3, incidents: 4, entities: 2, sources: 0 });
        expect(o).toMatchObject({ news: 3, background: 1, killed: 160, wounded: 0, firstDate: '2022-09-05', lastDate: '2024-03-22' });
        expect(o.latest.map((i) => i.date)).toEqual(['2024-03-22', '2024-01-10', '2022-09-05']);
        expect(o.groups).toEqual([
          { key: ISKP.id, label: ISKP.canonical, count: 2, killed: 158 },
          { key: TTP.id, label: TTP.canonical, count: 1, killed: 2 },
        ]);
        expect(o.countries.map((c) => `${c.key} ${c.count} ${c.killed}`)).toEqual(['RU 1 145', 'AF 1 13', 'PK 1 2']);
        expect(o.attackTypes.map((c) => `${c.key} ${c.count} ${c.killed}`)).toEqual(['Bombing/Explosion 2 15', 'Armed Assault 1 145']);
      });

      it('filters incidents by perpetrating entity with its branches, and by mentioned entity', async () => {
        await seed();
        expect(places((await store.listIncidents({ entity: ISKP.id })).items)).toEqual(['Kabul:2022-09-05', 'Moscow:2024-03-22']);
        expect(places((await store.listIncidents({ entity: TTP.id, includeBackground: false })).items)).toEqual(['Peshawar:2024-01-10']);
        expect((await store.listIncidents({ entity: 'armed_group:islamic-state' })).total).toBe(0);
        await family();
        // ISKP is now a branch of the Islamic State: the parent's incidents include the branch's.
        expect(places((await store.listIncidents({ entity: 'armed_group:islamic-state' })).items)).toEqual(['Kabul:2022-09-05', 'Moscow:2024-03-22']);
        expect(places((await store.listIncidents({ mentioning: TTP.id })).items)).toEqual(['Peshawar:2014-12', 'Peshawar:2024-01-10']);
        expect((await store.listIncidents({ mentioning: 'person:sanaullah-ghafari' })).total).toBe(0);
        expect((await store.incidentTimeline({ entity: ISKP.id }, 'year')).rows.map((r) => r.bucket)).toEqual(['2022', '2024']);
        expect((await store.incidentMapPoints({ mentioning: TTP.id }, 1)).located).toBe(2);
      });

      it('profiles an entity: parent, branches and co-occurring actors', async () => {
        await seed();
        await family();
        const iskp = await store.entityProfile(ISKP.id);
        expect(iskp!.entity.id).toBe(ISKP.id);
        expect(iskp!.parent?.id).toBe('armed_group:islamic-state');
        expect(iskp!.branches).toEqual([]);
        expect(iskp!.cooccurring.map((c) => [c.entity.id, c.articles])).toEqual([
          ['armed_group:islamic-state', 1],
          ['person:sanaullah-ghafari', 1],
        ]);
        const is = await store.entityProfile('armed_group:islamic-state');
        expect(is!.parent).toBeNull();
        expect(is!.branches.map((e) => e.id)).toEqual([ISKP.id]);
        expect((await store.entityProfile(TTP.id))!.cooccurring).toEqual([]);
        expect(await store.entityProfile('person:nobody')).toBeNull();
      });
    });

    // ------------------------------------------------------------------------------ entities

    describe('entities', () => {
      it('upserts an entity once and merges aliases across articles', async () => {
        await seed();
        const e = await store.getEntity(ISKP.id);
        expect(e).not.toBeNull();
        expect(e!.canonical).toBe(ISKP.canonical);
        expect(e!.type).toBe('ORG');
        expect(e!.kind).toBe('armed_group');
        // 'ISIS-K' from Moscow is the same alias as 'Isis-K' from Kabul: kept once.
        expect(e!.aliases).toEqual(['ISKP', 'Isis-K', 'Daesh-Khorasan']);
        expect(e!.mentionCount).toBe(3);
        expect(e!.articleCount).toBe(2);
        expect((await store.getEntity(TTP.id))!.mentionCount).toBe(3);
        expect(await store.getEntity('person:nobody')).toBeNull();
      });

      it('lists entities by kind and by name or alias', async () => {
        await seed();
        const groups = await store.listEntities({ kind: 'armed_group' });
        expect(groups.total).toBe(2);
        expect(groups.items.map((e) => e.id).sort()).toEqual([ISKP.id, TTP.id].sort());
        expect((await store.listEntities({ q: 'daesh' })).items.map((e) => e.id)).toEqual([ISKP.id]);
        expect((await store.listEntities({ q: 'TEHRIK' })).items.map((e) => e.id)).toEqual([TTP.id]);
        expect((await store.listEntities({ type: 'PER' })).total).toBe(0);
        const p = await store.listEntities({ limit: 1 });
        expect(p.items).toHaveLength(1);
        expect(p.total).toBe(2);
      });
    });

    // ------------------------------------------------------------------------------ search

    describe('search', () => {
      it('ranks the article about the term first', async () => {
        const ids = await seed();
        const res = await store.search('Kabul');
        expect(res.total).toBe(2);
        expect(res.items.map((h) => h.articleId)).toEqual([ids.kabul, ids.moscow]);
        const [top, next] = res.items;
        expect(top!.score).toBeGreaterThan(next!.score);
        expect(top!.title).toBe(KABUL_TITLE);
        expect(top!.snippet).toContain('<mark>Kabul</mark>');
        expect(top!.source).toBe('Wire');
      });

      it('escapes everything in the snippet but the marks', async () => {
        await seed();
        const res = await store.search('alert ruthless');
        expect(res.total).toBe(1);
        const s = res.items[0]!.snippet;
        expect(s).not.toContain('<script>');
        expect(s).toContain('&lt;script&gt;');
        expect(s).toContain('<mark>alert</mark>');
        expect(s).toContain('&quot;<mark>ruthless</mark>&quot; &amp; fast');
        expect(s.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      });

      it('supports phrases, prefixes and OR', async () => {
        const ids = await seed();
        expect((await store.search('"suicide bomber"')).items.map((h) => h.articleId)).toEqual([ids.kabul]);
        expect((await store.search('"bomber suicide"')).total).toBe(0);
        expect((await store.search('pesh*')).items.map((h) => h.articleId)).toEqual([ids.peshawar]);
        expect((await store.search('crocus OR peshawar')).total).toBe(2);
        expect((await store.search('crocus peshawar')).total).toBe(0);
      });

      it('never throws on hostile queries', async () => {
        await seed();
        const hostile = ['"', 'AND OR', '*', '(', ')', 'NEAR(', 'title:kabul', '-kabul', 'kabul"', '^', "'; DROP TABLE articles; --", 'OR', 'a OR', '"unclosed phrase', '\u0000', '', '   ', 'NOT', 'kabul AND', '{title}: x'];
        for (const q of hostile) {
          const res = await store.search(q);
          expect(Array.isArray(res.items), q).toBe(true);
          expect(res.total, q).toBeGreaterThanOrEqual(0);
        }
        expect((await store.search('title:kabul')).total).toBeGreaterThanOrEqual(0);
        expect((await store.stats()).articles).toBe(3);
      });

      it('pages results with a total and follows new versions', async () => {
        const ids = await seed();
        const p = await store.search('people', { limit: 1, offset: 1 });
        expect(p.total).toBe(3);
        expect(p.items).toHaveLength(1);
        expect(p.offset).toBe(1);
        await store.ingestArticle({ article: { ...kabulArticle(), text: 'A quiet day in the capital; markets reopened after the holiday.' }, extraction: null });
        expect((await store.search('people')).total).toBe(2);
        expect((await store.search('markets reopened')).items.map((h) => h.articleId)).toEqual([ids.kabul]);
      });
    });

    // ------------------------------------------------------------------------------ sources

    describe('sources', () => {
      it('adds a source once, deduplicating equivalent URLs', async () => {
        const a = await store.addSource('https://Example.com/feed/?utm_source=newsletter', { title: 'Example' });
        expect(a.created).toBe(true);
        expect(a.source).toMatchObject({ kind: 'auto', title: 'Example', enabled: true, errorCount: 0, nextFetchAt: null, articleCount: 0 });
        expect(a.source.id).toMatch(/^s_[0-9a-f]{16}$/);
        const b = await store.addSource('https://example.com/feed', { kind: 'feed' });
        expect(b.created).toBe(false);
        expect(b.source.id).toBe(a.source.id);
        expect(await store.listSources()).toHaveLength(1);
        await store.addSource('https://other.example.org/rss', { kind: 'feed' });
        expect((await store.listSources()).map((s) => s.url)).toEqual(['https://Example.com/feed/?utm_source=newsletter', 'https://other.example.org/rss']);
        expect((await store.stats()).sources).toBe(2);
      });

      it('lists due sources and records fetch state and back-off', async () => {
        const { source } = await store.addSource('https://news.example.com/rss', { kind: 'feed' });
        const t0 = '2024-03-30T08:00:00.000Z';
        const t1 = '2024-03-30T08:15:00.000Z';
        const t2 = '2024-03-30T08:45:00.000Z';
        expect((await store.dueSources(t0)).map((s) => s.id)).toEqual([source.id]);

        await store.recordFetch(source.id, { ok: true, fetchedAt: t0, nextFetchAt: t1, etag: '"v1"', lastModified: 'Sat, 30 Mar 2024 07:59:00 GMT', title: 'News RSS' });
        let s = (await store.getSource(source.id))!;
        expect(s).toMatchObject({ etag: '"v1"', lastModified: 'Sat, 30 Mar 2024 07:59:00 GMT', lastFetchedAt: t0, lastSuccessAt: t0, nextFetchAt: t1, errorCount: 0, title: 'News RSS' });
        expect(await store.dueSources(t0)).toEqual([]);
        expect((await store.dueSources(t1)).map((x) => x.id)).toEqual([source.id]);

        await store.recordFetch(source.id, { ok: false, fetchedAt: t1, nextFetchAt: t2, errorCode: 'fetch.http_5xx', errorMessage: 'HTTP 503' });
        await store.recordFetch(source.id, { ok: false, fetchedAt: t2, nextFetchAt: '2024-03-30T10:00:00.000Z', errorCode: 'fetch.timeout', errorMessage: 'no answer in 20 s' });
        s = (await store.getSource(source.id))!;
        expect(s).toMatchObject({ errorCount: 2, lastErrorCode: 'fetch.timeout', lastErrorMessage: 'no answer in 20 s', lastFetchedAt: t2, lastSuccessAt: t0, etag: '"v1"' });
        expect(await store.sourceErrors(source.id)).toEqual([
          { at: t2, code: 'fetch.timeout', message: 'no answer in 20 s' },
          { at: t1, code: 'fetch.http_5xx', message: 'HTTP 503' },
        ]);
        expect(await store.sourceErrors(source.id, 1)).toHaveLength(1);
        expect(await store.dueSources(t2)).toEqual([]);

        // A failure can also drop the validators (null clears, undefined keeps).
        await store.recordFetch(source.id, { ok: false, fetchedAt: t2, nextFetchAt: t2, errorCode: 'feed.malformed', errorMessage: 'bad XML', etag: null, lastModified: null });
        s = (await store.getSource(source.id))!;
        expect(s).toMatchObject({ errorCount: 3, etag: null, lastModified: null });

        const t3 = '2024-03-30T11:00:00.000Z';
        await store.recordFetch(source.id, { ok: true, fetchedAt: t3, nextFetchAt: '2024-03-30T11:15:00.000Z', kind: 'feed' });
        s = (await store.getSource(source.id))!;
        expect(s).toMatchObject({ errorCount: 0, lastErrorCode: null, lastErrorMessage: null, lastSuccessAt: t3 });
        expect(await store.sourceErrors(source.id)).toHaveLength(3); // history stays
      });

      it('removes a source', async () => {
        const { source } = await store.addSource('https://news.example.com/rss');
        const art = await store.ingestArticle({ article: kabulArticle(), extraction: null, sourceId: source.id });
        expect(await store.removeSource(source.id)).toBe(true);
        expect(await store.removeSource(source.id)).toBe(false);
        expect(await store.getSource(source.id)).toBeNull();
        expect(await store.listSources()).toEqual([]);
        // Its articles stay, unlinked.
        expect((await store.getArticle(art.articleId))!.sourceId).toBeNull();
      });
    });

    // ------------------------------------------------------------------------------ ingest log

    describe('ingest log', () => {
      it('keeps entries newest first', async () => {
        await store.logIngest({ origin: 'a.html', status: 'new', articleId: 'a_1' });
        await store.logIngest({ origin: 'b.html', status: 'failed', errorCode: 'html.unreadable', message: 'no text' });
        await store.logIngest({ origin: 'stdin:3', status: 'duplicate', at: '2024-03-30T08:00:00.000Z' });
        const log = await store.recentIngestLog();
        expect(log.map((e) => e.origin)).toEqual(['stdin:3', 'b.html', 'a.html']);
        expect(log[1]).toMatchObject({ status: 'failed', errorCode: 'html.unreadable', message: 'no text' });
        expect(log[0]!.at).toBe('2024-03-30T08:00:00.000Z');
        expect(typeof log[2]!.at).toBe('string');
        expect(await store.recentIngestLog(2)).toHaveLength(2);
      });
    });

    // ------------------------------------------------------------------------------ fusion

    describe('fusion', () => {
      it('lists sources and history on incidents, merges and splits reversibly with an audit', async () => {
        const ids = await seed();
        const [kabul] = (await store.listIncidents({ articleId: ids.kabul })).items;
        const [moscow] = (await store.listIncidents({ articleId: ids.moscow })).items;
        expect(kabul!.sources!.map((s) => s.articleId)).toEqual([ids.kabul]);
        expect(kabul!.casualtyHistory!.map((h) => h.killed)).toEqual([13]);
        expect(kabul!.killedSource).toMatchObject({ articleId: ids.kabul, rule: 'latest' });
        const merged = await store.mergeIncidents([kabul!.id, moscow!.id], 'tester');
        expect(merged.sources).toHaveLength(2);
        expect(await store.getIncident(moscow!.id)).toBeNull();
        const back = await store.splitIncident(kabul!.id, [moscow!.sources![0]!.reportId], 'tester');
        expect(back.id).toBe(moscow!.id);
        expect((await store.getIncident(kabul!.id))!.sources).toHaveLength(1);
        expect((await store.incidentHistory(kabul!.id)).map((e) => [e.action, e.by])).toEqual([['split', 'tester'], ['merge', 'tester']]);
        await expect(store.mergeIncidents([kabul!.id], 'tester')).rejects.toThrow();
      });

      it('lists related articles and rejects an unknown article', async () => {
        const ids = await seed();
        const related = await store.relatedArticles(ids.kabul);
        expect(related.map((r) => r.id)).toContain(ids.moscow); // both name ISKP
        expect(related.find((r) => r.id === ids.moscow)!.reason).toMatch(/^(story|actors|places)$/);
        await expect(store.relatedArticles('a_0000000000000000')).rejects.toThrow();
      });
    });

    // ------------------------------------------------------------------------------ accounts and review

    describe('accounts and review', () => {
      it('keeps users, sessions until they expire, and tokens until revoked', async () => {
        const u = await store.createUser({ name: 'Alice', role: 'analyst', passwordHash: 'h1' });
        expect(u).toMatchObject({ name: 'Alice', role: 'analyst', disabled: false });
        await expect(store.createUser({ name: 'alice', role: 'viewer', passwordHash: 'h2' })).rejects.toMatchObject({ code: 'store.conflict' });
        expect(await store.findUser('ALICE')).toMatchObject({ id: u.id, passwordHash: 'h1' });
        expect((await store.listUsers()).map((x) => x.name)).toEqual(['Alice']);

        await store.createSession({ idHash: 'sess1', userId: u.id, expiresAt: '2030-01-01T00:00:00.000Z' });
        expect(await store.sessionUser('sess1', '2029-12-31T00:00:00.000Z')).toMatchObject({ user: { id: u.id }, expiresAt: '2030-01-01T00:00:00.000Z' });
        expect(await store.sessionUser('sess1', '2030-01-02T00:00:00.000Z')).toBeNull();
        await store.deleteSession('sess1');
        expect(await store.sessionUser('sess1', '2029-12-31T00:00:00.000Z')).toBeNull();
        await store.createSession({ idHash: 'sess2', userId: u.id, expiresAt: '2030-01-01T00:00:00.000Z' });
        await store.updateUser(u.id, { passwordHash: 'h3' }); // a new password ends the sessions
        expect(await store.sessionUser('sess2', '2029-12-31T00:00:00.000Z')).toBeNull();

        const t = await store.createToken({ id: 'tok1', userId: u.id, name: 'script', secretHash: 'sh' });
        expect(t).toMatchObject({ id: 'tok1', userName: 'Alice', revokedAt: null, expiresAt: null });
        expect(await store.tokenUser('tok1')).toMatchObject({ secretHash: 'sh', user: { id: u.id } });
        expect(await store.revokeToken('tok1')).toBe(true);
        expect(await store.revokeToken('tok1')).toBe(false);
        expect((await store.listTokens(u.id))[0]!.revokedAt).not.toBeNull();
      });

      it('stores when a token expires and returns it with the token (the caller decides what expired means)', async () => {
        const u = await store.createUser({ name: 'Bo', role: 'viewer', passwordHash: 'h' });
        const expiresAt = '2031-05-01T12:00:00.000Z';
        expect(await store.createToken({ id: 'tokx', userId: u.id, name: 'expiring', secretHash: 'sx', expiresAt })).toMatchObject({ expiresAt, revokedAt: null });
        await store.createToken({ id: 'tokn', userId: u.id, name: 'forever', secretHash: 'sn', expiresAt: null });
        const byId = new Map((await store.listTokens(u.id)).map((t) => [t.id, t]));
        expect(byId.get('tokx')!.expiresAt).toBe(expiresAt);
        expect(byId.get('tokn')!.expiresAt).toBeNull();
        expect((await store.tokenUser('tokx'))!.token.expiresAt).toBe(expiresAt);
        // Expired or not, the row stays listed and revocable.
        expect(await store.revokeToken('tokx')).toBe(true);
        expect((await store.tokenUser('tokx'))!.token).toMatchObject({ expiresAt, revokedAt: expect.any(String) });
      });

      it('verify sets the status and records who', async () => {
        const ids = await seed();
        const [kabul] = (await store.listIncidents({ articleId: ids.kabul })).items;
        const v = await store.verifyIncident(kabul!.id, 'alice', 'checked the wire');
        expect(v.status).toBe('verified');
        expect(await store.incidentCorrections(kabul!.id)).toEqual([
          expect.objectContaining({ action: 'verify', by: 'alice', before: 'machine', after: 'verified', reason: 'checked the wire' }),
        ]);
        await expect(store.verifyIncident('i_0000000000000000', 'alice')).rejects.toMatchObject({ code: 'store.not_found' });
      });

      it('a correction survives re-ingesting a changed version of the article', async () => {
        const ids = await seed();
        const [kabul] = (await store.listIncidents({ articleId: ids.kabul })).items;
        const c = await store.correctIncident(kabul!.id, { killed: 20, placeName: 'Kabul city', groups: [TTP.canonical] }, 'alice', 'wire update');
        expect(c).toMatchObject({ status: 'corrected', killed: 20, placeName: 'Kabul city', groups: [TTP.canonical] });
        const history = await store.incidentCorrections(kabul!.id);
        expect(history.find((h) => h.field === 'killed')).toMatchObject({ by: 'alice', before: 13, after: 20, reason: 'wire update' });
        expect((await store.listIncidents({ group: 'TTP', articleId: ids.kabul })).total).toBe(1);

        const out = await store.ingestArticle({ article: kabulArticle(15), extraction: kabulExtraction(kabulText(15), 15) });
        expect(out).toMatchObject({ status: 'updated', version: 2 });
        const after = (await store.getIncident(kabul!.id))!;
        expect(after).toMatchObject({ status: 'corrected', killed: 20, placeName: 'Kabul city', groups: [TTP.canonical] });
        expect((await store.listIncidents({ articleId: ids.kabul, includeBackground: true })).total).toBe(1);
      });

      it('merges entities reversibly, with who and why, and a re-ingest never undoes the merge', async () => {
        const ids = await seed();
        const merged = await store.mergeEntities([ISKP.id, TTP.id], 'alice', 'one network');
        expect(merged.id).toBe(ISKP.id);
        expect(merged.aliases).toEqual(expect.arrayContaining(['TTP', TTP.canonical]));
        expect(await store.getEntity(TTP.id)).toBeNull();
        expect((await store.listIncidents({ entity: ISKP.id, includeBackground: true })).total).toBe(4);
        expect(await store.entityMerges(TTP.id)).toEqual([expect.objectContaining({ fromId: TTP.id, intoId: ISKP.id, by: 'alice', reason: 'one network', undoneAt: null })]);

        // A changed version of the Peshawar article names TTP again.
        await store.ingestArticle({ article: { ...peshawarArticle(), text: `${peshawarArticle().text}\n\nUpdated.` }, extraction: peshawarExtraction() });
        expect(await store.getEntity(TTP.id)).toBeNull();
        expect((await store.listIncidents({ entity: ISKP.id, includeBackground: true })).total).toBe(4);

        const back = await store.unmergeEntity(TTP.id, 'bob', 'separate groups');
        expect(back).toMatchObject({ id: TTP.id, canonical: TTP.canonical });
        expect((await store.getEntity(ISKP.id))!.aliases).not.toContain('TTP');
        expect((await store.listIncidents({ entity: ISKP.id, includeBackground: true })).total).toBe(2);
        expect((await store.listIncidents({ entity: TTP.id, includeBackground: true })).total).toBe(2);
        expect((await store.entityMerges(TTP.id))[0]).toMatchObject({ undoneBy: 'bob', undoReason: 'separate groups' });
        await expect(store.unmergeEntity(TTP.id, 'bob')).rejects.toMatchObject({ code: 'store.not_found' });
        expect(ids.peshawar).toBeTruthy();
      });
    });

    it('counts everything in stats', async () => {
      await seed();
      await store.addSource('https://news.example.com/rss');
      expect(await store.stats()).toEqual({ articles: 3, incidents: 4, entities: 2, sources: 1 });
      expect(MOSCOW_URL).toContain('crocus');
    });
  });
}
