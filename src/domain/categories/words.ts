// The words a category guess compares (quick entry's note, a past entry's
// note, a category's name and keywords): lower-cased runs of letters and
// digits, two characters or more.

/** The words of `text`, in order (repeats kept). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2);
}

// A letter or digit starting at lastIndex (sticky: test() allocates no match).
const WORD_CHAR = /[\p{L}\p{N}]/uy;
function wordCharAt(s: string, i: number): boolean {
  WORD_CHAR.lastIndex = i;
  return WORD_CHAR.test(s);
}
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/**
 * Whether `text` has one of `ws` (words() of another text) among its words:
 * `words(text).some((w) => ws.includes(w))`, without the arrays. Run on every
 * past entry's note a guess reads (usually one or two per quick entry). Each
 * word of `ws` is a run of letters and digits, so an occurrence of it in the
 * lower-cased text is one of its words exactly when no letter or digit stands
 * right before or after it (tests/domain/category-words.property.test.ts).
 */
export function sharesWord(text: string, ws: readonly string[]): boolean {
  if (ws.length === 0) return false;
  const lower = text.toLowerCase();
  for (const w of ws) {
    for (let i = lower.indexOf(w); i >= 0; i = lower.indexOf(w, i + 1)) {
      const end = i + w.length;
      if (end < lower.length && wordCharAt(lower, end)) continue;
      if (i > 0) {
        // The character before may be a surrogate pair (a letter outside the BMP): test from its start.
        const before = isLowSurrogate(lower.charCodeAt(i - 1)) && i >= 2 && isHighSurrogate(lower.charCodeAt(i - 2)) ? i - 2 : i - 1;
        if (wordCharAt(lower, before)) continue;
      }
      return true;
    }
  }
  return false;
}
