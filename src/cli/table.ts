/** Plain-text tables for the CLI: columns padded to their widest cell, long cells cut with "…". */
export function formatTable(header: string[], rows: Array<Array<string | number>>, maxWidth = 48): string {
  const cells = [header, ...rows.map((r) => r.map((c) => String(c)))].map((r) =>
    r.map((c) => (c.length > maxWidth ? c.slice(0, maxWidth - 1) + '…' : c).replace(/\s+/g, ' ')),
  );
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
  return out.join('\n') + '\n';
}
