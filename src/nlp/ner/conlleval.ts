/**
 * conlleval-exact chunk scorer: a literal port of the chunk start/end logic of
 * conlleval.pl (CoNLL-2000/2003), so IOB1, IOB2 (and IOE/BILOU-style E tags) are
 * scored exactly as the Perl script does. Sentence boundaries are given as `null`
 * rows (blank lines), which conlleval treats as an `O` token for both columns.
 */

export interface TypeScore {
  precision: number;
  recall: number;
  f1: number;
  /** Number of chunks in the gold column. */
  gold: number;
  /** Number of chunks in the guessed column. */
  guessed: number;
  /** Chunks matching exactly (same span, same type). */
  correct: number;
}

export interface ConllEvalResult extends TypeScore {
  accuracy: number;
  tokens: number;
  byType: Record<string, TypeScore>;
}

function split(tag: string): [string, string] {
  const m = /^([^-]*)-(.*)$/.exec(tag);
  if (m) return [m[1]!, m[2]!];
  return [tag, ''];
}

/** conlleval.pl endOfChunk. */
export function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  let end = false;
  if (prevTag === 'B' && tag === 'B') end = true;
  if (prevTag === 'B' && tag === 'O') end = true;
  if (prevTag === 'I' && tag === 'B') end = true;
  if (prevTag === 'I' && tag === 'O') end = true;
  if (prevTag === 'E' && tag === 'E') end = true;
  if (prevTag === 'E' && tag === 'I') end = true;
  if (prevTag === 'E' && tag === 'O') end = true;
  if (prevTag !== 'O' && prevTag !== '.' && prevType !== type) end = true;
  if (prevTag === ']' || prevTag === '[') end = true;
  return end;
}

/** conlleval.pl startOfChunk. */
export function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  let start = false;
  if (prevTag === 'B' && tag === 'B') start = true;
  if (prevTag === 'I' && tag === 'B') start = true;
  if (prevTag === 'O' && tag === 'B') start = true;
  if (prevTag === 'O' && tag === 'I') start = true;
  if (prevTag === 'E' && tag === 'E') start = true;
  if (prevTag === 'E' && tag === 'I') start = true;
  if (prevTag === 'O' && tag === 'E') start = true;
  if (prevTag === 'O' && tag === 'I') start = true;
  if (tag !== 'O' && tag !== '.' && prevType !== type) start = true;
  if (tag === '[' || tag === ']') start = true;
  return start;
}

function score(correct: number, guessed: number, gold: number): TypeScore {
  const precision = guessed > 0 ? (100 * correct) / guessed : 0;
  const recall = gold > 0 ? (100 * correct) / gold : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, gold, guessed, correct };
}

/**
 * Score rows of `[goldTag, guessedTag]`; `null` marks a sentence boundary.
 */
export function conllEval(rows: Iterable<readonly [string, string] | null>): ConllEvalResult {
  let correctChunk = 0;
  let foundCorrect = 0;
  let foundGuessed = 0;
  let tokens = 0;
  let correctTags = 0;
  const cC = new Map<string, number>();
  const fC = new Map<string, number>();
  const fG = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

  let inCorrect = false;
  let lastCorrect = 'O';
  let lastCorrectType = '';
  let lastGuessed = 'O';
  let lastGuessedType = '';

  const step = (goldTag: string, guessTag: string, isBoundary: boolean) => {
    const [correct, correctType] = split(goldTag);
    const [guessed, guessedType] = split(guessTag);
    const lastCorrectEnd = endOfChunk(lastCorrect, correct, lastCorrectType, correctType);
    const lastGuessedEnd = endOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);
    const correctStart = startOfChunk(lastCorrect, correct, lastCorrectType, correctType);
    const guessedStart = startOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);

    if (inCorrect) {
      if (lastCorrectEnd && lastGuessedEnd && lastGuessedType === lastCorrectType) {
        inCorrect = false;
        correctChunk++;
        inc(cC, lastCorrectType);
      } else if (lastCorrectEnd !== lastGuessedEnd || guessedType !== correctType) {
        inCorrect = false;
      }
    }
    if (correctStart && guessedStart && guessedType === correctType) inCorrect = true;
    if (correctStart) {
      foundCorrect++;
      inc(fC, correctType);
    }
    if (guessedStart) {
      foundGuessed++;
      inc(fG, guessedType);
    }
    if (!isBoundary) {
      if (goldTag === guessTag) correctTags++;
      tokens++;
    }
    lastGuessed = guessed;
    lastCorrect = correct;
    lastGuessedType = guessedType;
    lastCorrectType = correctType;
  };

  for (const row of rows) {
    if (row === null) step('O', 'O', true);
    else step(row[0], row[1], false);
  }
  if (inCorrect) {
    correctChunk++;
    inc(cC, lastCorrectType);
  }

  const byType: Record<string, TypeScore> = {};
  const types = [...new Set([...fC.keys(), ...fG.keys()])].sort();
  for (const t of types) byType[t] = score(cC.get(t) ?? 0, fG.get(t) ?? 0, fC.get(t) ?? 0);
  return {
    ...score(correctChunk, foundGuessed, foundCorrect),
    accuracy: tokens > 0 ? (100 * correctTags) / tokens : 0,
    tokens,
    byType,
  };
}

/** Format a result the way conlleval prints its summary (roughly). */
export function formatConllEval(r: ConllEvalResult): string {
  const f = (x: number) => x.toFixed(2).padStart(6);
  const lines = [
    `processed ${r.tokens} tokens with ${r.gold} phrases; found: ${r.guessed} phrases; correct: ${r.correct}.`,
    `accuracy: ${f(r.accuracy)}%; precision: ${f(r.precision)}%; recall: ${f(r.recall)}%; FB1: ${f(r.f1)}`,
  ];
  for (const [t, s] of Object.entries(r.byType)) {
    lines.push(
      `${t.padStart(17)}: precision: ${f(s.precision)}%; recall: ${f(s.recall)}%; FB1: ${f(s.f1)}  ${s.guessed}`,
    );
  }
  return lines.join('\n');
}
