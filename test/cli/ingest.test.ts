/**
 * Ingest through the real command: idempotent reruns, and a SIGKILL in the middle of an ingest
 * followed by a rerun loses nothing and doubles nothing.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILT, REPO_ROOT, runVigil, spawnVigil } from './helpers.js';
import { openStore } from '../../src/store/open.js';

const DEMO = path.join(REPO_ROOT, 'data', 'demo', 'fbis');

async function stats(db: string) {
  const store = await openStore({ databaseUrl: db });
  try {
    return await store.stats();
  } finally {
    await store.close();
  }
}

describe.skipIf(!BUILT)('vigil ingest (built CLI)', () => {
  it('ingests a folder once: the second run adds nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-ingest-'));
    const corpus = path.join(dir, 'corpus');
    cpSync(DEMO, corpus, { recursive: true });
    for (const f of readdirSync(corpus).slice(40)) writeFileSync(path.join(corpus, f), ''); // empty files fail with input.empty
    writeFileSync(path.join(corpus, '000-broken.json'), '{"id": "x", "text": ');
    const db = path.join(dir, 'v.db');
    const first = await runVigil(['ingest', corpus, '--db', db, '--quiet']);
    expect(first.code).toBe(1); // some inputs are bad on purpose
    expect(first.stderr).toMatch(/ingest: 40 new, 0 updated, 0 duplicate, 0 merged .*, 261 failed/);
    expect(first.stderr).toContain('input.empty');
    expect(first.stderr).toContain('input.bad_json');
    const s1 = await stats(db);
    expect(s1.articles).toBe(40);
    const second = await runVigil(['ingest', corpus, '--db', db, '--quiet']);
    expect(second.stderr).toMatch(/ingest: 0 new, 0 updated, 40 duplicate/);
    const s2 = await stats(db);
    expect(s2.articles).toBe(40);
    expect(s2.incidents).toBe(s1.incidents);
    expect(s2.entities).toBe(s1.entities);
  });

  it('survives SIGKILL in the middle: the rerun ends exactly where an uninterrupted run does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-kill-'));
    const corpus = path.join(dir, 'corpus');
    cpSync(DEMO, corpus, { recursive: true });
    const total = readdirSync(corpus).length;
    // the reference: one uninterrupted run
    const cleanDb = path.join(dir, 'clean.db');
    expect((await runVigil(['ingest', corpus, '--db', cleanDb, '--quiet'])).code).toBe(0);
    const clean = await stats(cleanDb);
    expect(clean.articles).toBeGreaterThan(total * 0.9); // a few near-duplicate reports merge

    const db = path.join(dir, 'v.db');
    const child = spawnVigil(['ingest', corpus, '--db', db]);
    let lines = 0;
    const killedAt = await new Promise<number>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        lines += (d.toString().match(/^new /gm) ?? []).length;
        if (lines >= 25 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve(lines);
        }
      });
      child.on('close', () => resolve(lines));
    });
    expect(child.signalCode ?? 'SIGKILL').toBe('SIGKILL');
    expect(killedAt).toBeLessThan(total);
    const partial = await stats(db);
    expect(partial.articles).toBeGreaterThanOrEqual(25);
    expect(partial.articles).toBeLessThan(clean.articles);
    const rerun = await runVigil(['ingest', corpus, '--db', db, '--quiet']);
    expect(rerun.code).toBe(0);
    const done = await stats(db);
    expect(done).toEqual(clean);
    const again = await runVigil(['ingest', corpus, '--db', db, '--quiet']);
    expect(again.stderr).toMatch(/ingest: 0 new, 0 updated, \d+ duplicate/);
    expect(await stats(db)).toEqual(clean);
  });
});
