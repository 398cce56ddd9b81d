/**
 * Accounts and API tokens through the real command (`vigil user`, `vigil token`): tokens with
 * and without an expiry, the expiry in `vigil token list`, refused lifetimes, and the exit codes
 * of commands that fail after opening the store.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILT, runVigil } from './helpers.js';
import { openStore } from '../../src/store/open.js';

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/;

describe.skipIf(!BUILT)('vigil user and token (built CLI)', () => {
  it('creates tokens that never expire or expire in N days, lists when, refuses bad lifetimes, revokes', async () => {
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'vigil-accounts-')), 'v.db');
    const vigil = (args: string[], input?: string) => runVigil([...args, '--db', db], input === undefined ? {} : { input });

    const added = await vigil(['user', 'add', 'alice', '--role', 'analyst', '--password-stdin'], 'correct horse battery\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^created analyst alice \(u_[0-9a-f]+\)\n$/);

    const forever = await vigil(['token', 'create', 'alice', '--label', 'forever']);
    expect(forever.code, forever.stderr).toBe(0);
    expect(forever.stdout).toMatch(/^vigil_[0-9a-f]{16}_[A-Za-z0-9_-]{43}\n$/);
    expect(forever.stderr).toMatch(/^token [0-9a-f]{16} for alice \(analyst\); it is shown only now:\n$/);

    const start = Date.now();
    const monthly = await vigil(['token', 'create', 'alice', '--label', 'monthly', '--expires-in-days', '30']);
    expect(monthly.code, monthly.stderr).toBe(0);
    const expiresAt = new RegExp(`, expires (${ISO.source}); it is shown only now`).exec(monthly.stderr)![1]!;
    expect(Date.parse(expiresAt) - start).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(Date.parse(expiresAt) - start).toBeLessThan(30 * 86_400_000 + 60_000);

    const bad = await Promise.all(['0', '3651', 'abc', '1.5', '-3'].map((n) => vigil(['token', 'create', 'alice', '--expires-in-days', n])));
    for (const r of bad) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^vigil: api\.invalid_request: a token expires in 1 to 3650 whole days\n$/);
    }
    const nobody = await vigil(['token', 'create', 'nobody', '--expires-in-days', '30']);
    expect([nobody.code, nobody.stderr]).toEqual([2, 'vigil: store.not_found: no user nobody\n']);

    // One that has already expired, made under the CLI's feet.
    const store = await openStore({ databaseUrl: db });
    const alice = (await store.findUser('alice'))!;
    await store.createToken({ id: 'ffffffffffffffff', userId: alice.id, name: 'old', secretHash: 'x', expiresAt: '2020-01-01T00:00:00.000Z' });
    await store.close();

    const list = await vigil(['token', 'list', 'alice']);
    expect(list.code, list.stderr).toBe(0);
    const [header, , ...rows] = list.stdout.trim().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['id', 'user', 'label', 'created', 'expires', 'revoked']);
    const row = (label: string) => rows.find((r) => r.split(/\s{2,}/)[2] === label)!.split(/\s{2,}/);
    expect(row('forever')[4]).toBe('never');
    expect(row('monthly')[4]).toBe(expiresAt);
    expect(row('old')[4]).toBe('2020-01-01T00:00:00.000Z (expired)');
    expect(rows).toHaveLength(3);

    const id = row('monthly')[0]!;
    expect(await vigil(['token', 'revoke', id])).toMatchObject({ code: 0, stdout: `revoked ${id}\n` });
    expect(await vigil(['token', 'revoke', id])).toMatchObject({ code: 2, stderr: `vigil: store.not_found: no live token ${id}\n` });
    const after = await vigil(['token', 'list']);
    expect(after.stdout).toMatch(new RegExp(`${id}\\s+alice\\s+monthly\\s+${ISO.source}\\s+${expiresAt}\\s+${ISO.source}`));
  }, 60_000);
});
