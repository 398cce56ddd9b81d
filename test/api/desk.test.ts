/**
 * The desk's aggregation routes in process against the fake store: timeline, map cells,
 * overview, entity profiles and an entity's incidents, with their validation.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import type { FakeStore } from './fake-store.js';
import { seededStore } from './fixtures.js';

let store: FakeStore;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  store = await seededStore();
  app = createApp({ store, webRoot: null, version: 'desk', logError: (e) => { throw e; } });
});

const getJson = async (url: string) => {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as any };
};

const ISKP = 'org:islamic-state-khorasan-province';
const IS = 'org:islamic-state';

describe('GET /api/incidents/timeline', () => {
  it('counts news incidents per week (starting Monday) by primary attack type', async () => {
    const { status, body } = await getJson('/api/incidents/timeline?background=false');
    expect(status).toBe(200);
    expect(body).toEqual({
      bucket: 'week',
      rows: [
        { bucket: '2023-07-24', attackType: 'Bombing/Explosion', count: 1, killed: 54 },
        { bucket: '2024-01-01', attackType: 'Bombing/Explosion', count: 1, killed: 95 },
        { bucket: '2024-03-18', attackType: 'Armed Assault', count: 1, killed: 0 },
        { bucket: '2024-03-18', attackType: 'Unknown', count: 1, killed: 0 },
      ],
      imprecise: 0,
      undated: 0,
    });
  });

  it('reports incidents too coarse for the bucket, and passes every filter to the store', async () => {
    const all = await getJson('/api/incidents/timeline');
    expect(all.body.imprecise).toBe(4);
    const years = await getJson('/api/incidents/timeline?bucket=year&country=us');
    expect(years.body.rows.map((r: any) => r.bucket)).toEqual(['2015', '2016']);
    expect(store.lastCall('incidentTimeline')).toEqual([{ includeBackground: true, sort: '-date', country: 'US' }, 'year']);
    await getJson('/api/incidents/timeline?entity=org:islamic-state&since=2024-01-01&until=2024-12-31&q=moscow');
    expect(store.lastCall('incidentTimeline')![0]).toMatchObject({ entity: IS, since: '2024-01-01', until: '2024-12-31', q: 'moscow' });
  });

  it('refuses bad buckets, paging and reversed ranges', async () => {
    for (const qs of ['bucket=day', 'limit=5', 'since=2024-02-01&until=2024-01-01', 'sort=date']) {
      const { status, body } = await getJson(`/api/incidents/timeline?${qs}`);
      expect(status, qs).toBe(400);
      expect(body.error.code).toBe('api.invalid_request');
    }
  });
});

describe('GET /api/incidents/map', () => {
  it('groups located incidents in cells sized by cell or zoom', async () => {
    const { status, body } = await getJson('/api/incidents/map?cell=90');
    expect(status).toBe(200);
    expect(body.cellDegrees).toBe(90);
    expect(body.located).toBe(8);
    expect(body.unlocated).toBe(0);
    expect(body.cells.reduce((a: number, c: any) => a + c.count, 0)).toBe(8);
    expect(body.cells.reduce((a: number, c: any) => a + c.killed, 0)).toBe(13 + 14 + 49 + 95 + 54);
    for (const c of body.cells) {
      expect(c.bbox).toHaveLength(4);
      expect(c.lat).toBeGreaterThanOrEqual(c.bbox[1]);
      expect(c.lat).toBeLessThanOrEqual(c.bbox[3]);
    }
    expect((await getJson('/api/incidents/map?zoom=3')).body.cellDegrees).toBe(11.25);
    expect((await getJson('/api/incidents/map')).body.cellDegrees).toBe(1);
  });

  it('applies the same filters as the list', async () => {
    const { body } = await getJson('/api/incidents/map?cell=1&country=US&background=true');
    expect(body.cells.map((c: any) => c.ids).flat().length).toBe(2);
    const list = await getJson('/api/incidents?country=US');
    expect(body.cells.flatMap((c: any) => c.ids).sort()).toEqual(list.body.items.map((i: any) => i.id).sort());
    expect((await getJson('/api/incidents/map?cell=1&min_killed=50')).body.located).toBe(2);
  });

  it('refuses bad grids', async () => {
    for (const qs of ['cell=0', 'cell=-1', 'cell=abc', 'cell=91', 'zoom=21', 'zoom=1.5']) {
      expect((await getJson(`/api/incidents/map?${qs}`)).status, qs).toBe(400);
    }
  });
});

describe('GET /api/overview', () => {
  it('counts news and background incidents and lists the latest and leading ones', async () => {
    const { status, body } = await getJson('/api/overview');
    expect(status).toBe(200);
    expect(body).toMatchObject({ news: 4, background: 4, killed: 149, wounded: 484, firstDate: '2023-07-30', lastDate: '2024-03-22' });
    expect(body.stats).toMatchObject({ articles: 3, incidents: 8, sources: 3 });
    expect(body.latest.map((i: any) => i.date)).toEqual(['2024-03-22', '2024-03-22', '2024-01-03', '2023-07-30']);
    expect(body.groups[0]).toMatchObject({ key: ISKP, label: 'Islamic State Khorasan Province', count: 3 });
    expect(body.countries.map((c: any) => c.key).sort()).toEqual(['AF', 'IR', 'PK', 'RU']);
    expect(body.attackTypes[0]).toMatchObject({ key: 'Bombing/Explosion', count: 2, killed: 149 });
  });
});

describe('entities', () => {
  it('GET /api/entities/:id adds parent, branches and co-occurring actors', async () => {
    const iskp = (await getJson(`/api/entities/${ISKP}`)).body;
    expect(iskp.canonical).toBe('Islamic State Khorasan Province');
    expect(iskp.parentEntity.id).toBe(IS);
    expect(iskp.branches).toEqual([]);
    const co = iskp.cooccurring.map((c: any) => c.entity.id);
    expect(co).toContain('person:sanaullah-ghafari');
    expect(co).not.toContain(ISKP);
    const is = (await getJson(`/api/entities/${IS}`)).body;
    expect(is.parentEntity).toBeNull();
    expect(is.branches.map((e: any) => e.id)).toEqual([ISKP]);
  });

  it('GET /api/entities/:id/incidents: a group perpetrates, a person is mentioned', async () => {
    const iskp = await getJson(`/api/entities/${ISKP}/incidents?background=true`);
    expect(iskp.status).toBe(200);
    expect(iskp.body.role).toBe('perpetrator');
    expect(iskp.body.total).toBe(5);
    // The Islamic State's incidents include those of its branch ISKP.
    expect((await getJson(`/api/entities/${IS}/incidents`)).body.total).toBe(8);
    const person = await getJson('/api/entities/person:sanaullah-ghafari/incidents?background=false');
    expect(person.body.role).toBe('mentioned');
    expect(person.body.items.map((i: any) => i.placeName).sort()).toEqual(['Kandahar', 'Moscow']);
    expect((await getJson('/api/entities/person:sanaullah-ghafari/incidents?role=perpetrator')).body.total).toBe(0);
    expect((await getJson('/api/entities/nobody/incidents')).status).toBe(404);
    expect((await getJson(`/api/entities/${ISKP}/incidents?role=victim`)).status).toBe(400);
    expect((await getJson(`/api/entities/${ISKP}/incidents?entity=x`)).status).toBe(400);
  });

  it('the incident list filters by entity and by mentioned entity', async () => {
    expect((await getJson(`/api/incidents?entity=${IS}`)).body.total).toBe(8);
    expect((await getJson(`/api/incidents?entity=${ISKP}&background=false`)).body.total).toBe(3);
    expect((await getJson('/api/incidents?mentioning=person:qassem-soleimani')).body.items.map((i: any) => i.placeName)).toEqual(['Kerman']);
  });
});
