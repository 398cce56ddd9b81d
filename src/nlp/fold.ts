/**
 * Name folding shared by every lookup table (gazetteer, armed groups, demonyms): lower case,
 * diacritics removed, apostrophes removed, hyphens and dots to spaces, whitespace collapsed.
 * `foldVariants()` adds the forms without an Arabic article ("al-Qaeda" -> "qaeda").
 */

const APOS = /['’‘`ʼʻ]/g;

/** True for `[A-Za-z0-9]+( [A-Za-z0-9]+)*` (same as the regular expression, without running one). */
function plainAscii(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  let prevSpace = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return false;
      prevSpace = true;
    } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) prevSpace = false;
    else return false;
  }
  return !prevSpace;
}

/** The folded form of a name: "Kandahār" -> "kandahar", "N’Djamena" -> "ndjamena". */
export function foldName(name: string): string {
  // Fast path for plain ASCII letters, digits and single inner spaces (most tokens): no normalisation needed.
  if (plainAscii(name)) return name.toLowerCase();
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
