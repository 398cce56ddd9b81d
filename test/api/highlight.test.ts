/**
 * The reader's highlight segmentation (`web/src/highlight.ts`) and search-snippet parsing
 * (`web/src/snippet.ts`): overlapping spans must never duplicate or drop text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSegments, topKind, type HighlightSpan } from '../../web/src/highlight.js';
import { parseSnippet, unescapeHtml } from '../../web/src/snippet.js';

const sp = (start: number, end: number, kind: string, key = `${kind}${start}`): HighlightSpan => ({ start, end, kind, key });
const joined = (text: string, spans: HighlightSpan[]) => buildSegments(text, spans).map((s) => s.text).join('');

describe('buildSegments', () => {
  const text = 'Isis-K attacked Moscow on March 22, 2024.';

  it.each<[string, HighlightSpan[], Array<[string, string[]]>]>([
    ['no spans', [], [[text, []]]],
    ['one span', [sp(16, 22, 'LOC')], [['Isis-K attacked ', []], ['Moscow', ['LOC']], [' on March 22, 2024.', []]]],
    [
      'nested: entity inside evidence',
      [sp(0, 41, 'EVIDENCE'), sp(16, 22, 'LOC')],
      [['Isis-K attacked ', ['EVIDENCE']], ['Moscow', ['EVIDENCE', 'LOC']], [' on March 22, 2024.', ['EVIDENCE']]],
    ],
    [
      'crossing spans',
      [sp(7, 22, 'TRIGGER'), sp(16, 34, 'X')],
      [['Isis-K ', []], ['attacked ', ['TRIGGER']], ['Moscow', ['X', 'TRIGGER']], [' on March 22', ['X']], [', 2024.', []]],
    ],
    ['identical spans', [sp(0, 6, 'ORG', 'a'), sp(0, 6, 'GROUP', 'b')], [['Isis-K', ['ORG', 'GROUP']], [' attacked Moscow on March 22, 2024.', []]]],
    ['adjacent spans', [sp(0, 6, 'ORG'), sp(6, 15, 'TRIGGER')], [['Isis-K', ['ORG']], [' attacked', ['TRIGGER']], [' Moscow on March 22, 2024.', []]]],
    ['empty, inverted and out-of-range spans', [sp(3, 3, 'A'), sp(9, 4, 'B'), sp(35, 99, 'C'), sp(-5, 2, 'D'), sp(NaN, 4, 'E')], [['Is', ['D']], ['is-K attacked Moscow on March 22,', []], [' 2024.', ['C']]]],
  ])('%s', (_name, spans, expected) => {
    const segs = buildSegments(text, spans);
    expect(segs.map((s) => [s.text, s.spans.map((x) => x.kind)])).toEqual(expected);
    expect(segs.map((s) => s.text).join('')).toBe(text);
  });

  it('handles empty text and astral characters', () => {
    expect(joined('', [sp(0, 3, 'A')])).toBe('');
    const t = 'Attack 💥 in Kabul';
    expect(joined(t, [sp(7, 8, 'A'), sp(7, 9, 'B'), sp(13, 18, 'LOC')])).toBe(t);
  });

  it('segments are contiguous and cover each span exactly (property)', () => {
    const spanArb = fc.record({ start: fc.integer({ min: -5, max: 70 }), end: fc.integer({ min: -5, max: 70 }), kind: fc.constantFrom('PER', 'ORG', 'LOC', 'DATE', 'TRIGGER', 'EVIDENCE') });
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.array(spanArb, { maxLength: 12 }), (t, raw) => {
        const spans = raw.map((s, i) => ({ ...s, key: `k${i}` }));
        const segs = buildSegments(t, spans);
        expect(segs.map((s) => s.text).join('')).toBe(t);
        let pos = 0;
        for (const s of segs) {
          expect(s.start).toBe(pos);
          expect(s.end).toBeGreaterThan(s.start);
          pos = s.end;
        }
        expect(pos).toBe(t.length);
        for (const s of spans) {
          const a = Math.max(0, Math.min(t.length, s.start));
          const b = Math.max(0, Math.min(t.length, s.end));
          const covered = segs.filter((g) => g.spans.some((x) => x.key === s.key));
          if (b <= a) expect(covered).toHaveLength(0);
          else expect(covered.map((g) => g.text).join('')).toBe(t.slice(a, b));
        }
      }),
    );
  });

  it('topKind picks the highest-priority enabled kind', () => {
    const [seg] = buildSegments('Moscow', [sp(0, 6, 'EVIDENCE'), sp(0, 6, 'LOC'), sp(0, 6, 'TRIGGER')]);
    const prio = ['TRIGGER', 'PER', 'ORG', 'LOC', 'DATE', 'EVIDENCE'];
    expect(topKind(seg!, prio, new Set(prio))).toBe('TRIGGER');
    expect(topKind(seg!, prio, new Set(['LOC', 'EVIDENCE']))).toBe('LOC');
    expect(topKind(seg!, prio, new Set())).toBeNull();
  });
});

describe('parseSnippet', () => {
  it.each([
    ['plain', [{ text: 'plain', mark: false }]],
    ['…the <mark>embassy</mark> in Kabul', [{ text: '…the ', mark: false }, { text: 'embassy', mark: true }, { text: ' in Kabul', mark: false }]],
    ['&lt;script&gt;alert(1)&lt;/script&gt; <mark>a&amp;b</mark>', [{ text: '<script>alert(1)</script> ', mark: false }, { text: 'a&b', mark: true }]],
    ['<img src=x onerror=alert(1)>x', [{ text: 'x', mark: false }]],
    ['Kabul&#8217;s &#x41;', [{ text: 'Kabul’s A', mark: false }]],
  ])('%s', (snippet, parts) => {
    expect(parseSnippet(snippet)).toEqual(parts);
  });

  it('leaves unknown entities alone', () => {
    expect(unescapeHtml('&bogus; &amp;')).toBe('&bogus; &');
  });
});
