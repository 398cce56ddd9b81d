/**
 * The desk's SQL aggregation (src/store/sqlite/aggregate.ts) against a plain recount in
 * JavaScript, over a few thousand synthetic incidents from the desk bench (1970 to today, some
 * dated to a month or year, some undated): weeks start on Monday, imprecise and undated incidents
 * are counted, not drawn, and map cells carry their incidents' ids when small.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSynthetic } from '../../bench/desk.js';
import { openStore } from '../../src/store/open.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { TimeBucket } from '../../src/store/store.js';

interface Row {
  id: string;
  date_start: string | null;
  date_precision: string | null;
  attack_types: string;
  killed: number | null;
  lat: number | null;
  lon: number | null;
  is_background: number;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-desk-sql-'));
let store: SqliteStore;
let rows: Row[];

beforeAll(async () => {
  store = (await openStore({ databaseUrl: path.join(dir, 'desk.db') })) as SqliteStore;
  await loadSynthetic(store, 3000);
  // A few unlocated incidents, which the bench does not make.
  store.db.exec(`UPDATE incidents SET lat = NULL, lon = NULL WHERE ordinal = 7`);
  rows = store.db.prepare('SELECT id, date_start, date_precision, attack_types, killed, lat, lon, is_background FROM incidents').all() as Row[];
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function monday(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - dow * 86_400_000).toISOString().slice(0, 10);
}

function recount(bucket: TimeBucket, news: boolean) {
  const cells = new Map<string, { bucket: string; attackType: string; count: number; killed: number }>();
  let undated = 0;
  let imprecise = 0;
  for (const r of rows) {
    if (news && r.is_background) continue;
    if (!r.date_start) {
      undated++;
      continue;
    }
    const ok = bucket === 'week' ? r.date_precision === 'day' : bucket === 'month' ? r.date_precision !== 'year' : true;
    if (!ok) {
      imprecise++;
      continue;
    }
    const b = bucket === 'week' ? monday(r.date_start) : bucket === 'month' ? r.date_start.slice(0, 7) : r.date_start.slice(0, 4);
    const attackType = (JSON.parse(r.attack_types) as string[])[0] ?? 'Unknown';
    const c = cells.get(`${b} ${attackType}`) ?? { bucket: b, attackType, count: 0, killed: 0 };
    c.count++;
    c.killed += r.killed ?? 0;
    cells.set(`${b} ${attackType}`, c);
  }
  const sorted = [...cells.values()].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : a.attackType < b.attackType ? -1 : 1));
  return { bucket, rows: sorted, imprecise, undated };
}

describe('SQLite desk aggregation', () => {
  it('the synthetic data spans 1970 to today, with imprecise, undated and background incidents', () => {
    const years = rows.filter((r) => r.date_start).map((r) => Number(r.date_start!.slice(0, 4)));
    expect(Math.min(...years)).toBeLessThan(1975);
    expect(Math.max(...years)).toBeGreaterThanOrEqual(new Date().getUTCFullYear() - 1);
    expect(rows.filter((r) => !r.date_start).length).toBeGreaterThan(0);
    const bg = rows.filter((r) => r.is_background).length / rows.length;
    expect(bg).toBeGreaterThan(0.15);
    expect(bg).toBeLessThan(0.25);
  });

  for (const bucket of ['week', 'month', 'year'] as const) {
    it(`counts per ${bucket} and attack type like a recount`, async () => {
      expect(await store.incidentTimeline({}, bucket)).toEqual(recount(bucket, false));
      expect(await store.incidentTimeline({ includeBackground: false }, bucket)).toEqual(recount(bucket, true));
    });
  }

  it('weeks start on Monday', async () => {
    const t = await store.incidentTimeline({}, 'week');
    expect(t.rows.length).toBeGreaterThan(100);
    for (const r of t.rows) expect(new Date(`${r.bucket}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  it('groups located incidents in cells, counts the unlocated, and lists the ids of small cells', async () => {
    for (const cell of [0.05, 1.40625, 11.25]) {
      const m = await store.incidentMapPoints({}, cell);
      const located = rows.filter((r) => r.lat !== null && r.lon !== null);
      expect(m.unlocated, `cell ${cell}`).toBe(rows.length - located.length);
      expect(m.located).toBe(located.length);
      expect(m.cells.reduce((a, c) => a + c.count, 0)).toBe(located.length);
      const byId = new Map(located.map((r) => [r.id, r]));
      for (const c of m.cells) {
        if (c.count <= 5) {
          expect(c.ids, `cell ${cell}`).toHaveLength(c.count);
          expect(c.ids).toEqual([...c.ids!].sort());
          for (const id of c.ids!) {
            const r = byId.get(id)!;
            expect(r.lat! >= c.bbox[1] && r.lat! <= c.bbox[3] && r.lon! >= c.bbox[0] && r.lon! <= c.bbox[2]).toBe(true);
          }
        } else expect(c.ids).toBeUndefined();
      }
      const counts = m.cells.map((c) => c.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    }
  });
});
