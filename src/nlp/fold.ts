/**
 * Name folding shared by every lookup table (gazetteer, armed groups, demonyms): lower case,
 * diacritics removed, apostrophes removed, hyphens and dots to spaces, whitespace collapsed.
 * `foldVariants()` adds the forms without an Arabic article ("al-Qaeda" -> "qaeda").
 */

const APOS = /['’‘`ʼʻ]/g;

/** The folded form of a name: "Kandahār" -> "kandahar", "N’Djamena" -> "ndjamena". */
export function foldName(name: string): string {
  // Fast path for plain ASCII letters, digits and spaces (most tokens): no normalisation needed.
  if (/^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/.test(name)) return name.toLowerCase();
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(APOS, '')
    .toLowerCase()
    .replace(/[-‐‑.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The folded name plus variants without a leading "al-"/"el-"/"ad-" article. */
export function foldVariants(name: string): string[] {
  const f = foldName(name);
  const out = [f];
  const m = /^(?:al|el|ad|an|ar|as|ash|at|az) (.+)$/.exec(f);
  if (m) out.push(m[1]!);
  return out;
}

/** A slug for ids: "Sanaullah Ghafari" -> "sanaullah-ghafari". */
export function slug(name: string): string {
  return foldName(name).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
