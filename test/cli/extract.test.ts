/** The batch interface (extract-format.md) through the real command. */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { BUILT, SEED, runVigil } from './helpers.js';

describe.skipIf(!BUILT)('vigil extract (built CLI)', () => {
  it('writes one record per input line, in order, with an error record in place of a bad line', async () => {
    const input = [
      JSON.stringify({ id: 'a1', text: 'A car bomb exploded in Kabul on Monday, killing 12 people.', published: '2024-03-04' }),
      '{"id": "bad", "text": ',
      JSON.stringify({ id: 'a3', title: 'no text here' }),
      '',
      JSON.stringify({ id: 'a4', text: '' }),
    ].join('\n');
    const r = await runVigil(['extract'], { input });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['a1', 'bad', 'a3', 'a4']);
    expect((lines[1]!.error as { code: string }).code).toBe('input.bad_json');
    expect((lines[2]!.error as { code: string }).code).toBe('input.missing_field');
    const first = lines[0] as { incidents: Array<{ killed: number | null; evidence: unknown[] }>; places: Array<{ country_code: string }> };
    expect(first.incidents.length).toBeGreaterThan(0);
    expect(first.incidents[0]!.killed).toBe(12);
    expect(first.places.some((p) => p.country_code === 'AF')).toBe(true);
    expect(lines[3]).toMatchObject({ id: 'a4', incidents: [] });
  });

  it('reports an unreadable file in place and goes on', async () => {
    const r = await runVigil(['extract', '/nonexistent/file.txt', 'package.json']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file?: string; error?: { code: string } });
    expect(lines[0]).toMatchObject({ file: '/nonexistent/file.txt', error: { code: 'input.unreadable' } });
    expect(lines.length).toBeGreaterThanOrEqual(1);
  });

  it('runs the tagger\'s second pass when VIGIL_NER_SECOND_PASS says so, and refuses a value it cannot read', async () => {
    // With the committed model, the second pass relabels the lone "Zubair" from what "Zubair Khan"
    // was tagged elsewhere in the text; the first pass alone reads it on its own.
    const input = JSON.stringify({ id: 'z', text: 'Zubair Khan was killed in Peshawar. Khan led the Awami National Party in the district. Zubair had survived an earlier attack.', published: '2020-01-01' });
    const entities = async (env: Record<string, string>) => {
      const r = await runVigil(['extract'], { input, env });
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { entities: Array<{ text: string; type: string }> }).entities.map((e) => `${e.text}/${e.type}`);
    };
    const one = await entities({ VIGIL_NER_SECOND_PASS: 'false' });
    const two = await entities({ VIGIL_NER_SECOND_PASS: 'true' });
    expect(one).toContain('Peshawar/LOC');
    expect(two).toContain('Peshawar/LOC');
    expect(two).not.toEqual(one);
    const bad = await runVigil(['extract'], { input, env: { VIGIL_NER_SECOND_PASS: 'perhaps' } });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^vigil: config.invalid: invalid VIGIL_NER_SECOND_PASS: expected true or false/);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it.skipIf(!existsSync(SEED))('reads the seed page into one clean record', async () => {
    const r = await runVigil(['extract', SEED]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const rec = JSON.parse(lines[0]!) as { published: string; title: string; source: string; text: string; related: Array<{ title: string }> };
    expect(rec.published).toBe('2024-03-29');
    expect(rec.title).toBe('Moscow massacre showed Isis-K is at war with the world: Could US be the next?');
    expect(rec.source).toBe('Times of India');
    expect(rec.text).not.toMatch(/\bShare\b|Related post|With inputs from agencies/);
    expect(rec.related).toHaveLength(3);
  });
});
if (!existsSync(SEED)) console.log('skipping the seed-page extract test: ../shared is absent (it is present in CI)');
