// sharesWord (the category guess's test of a past entry's note) says exactly
// what its definition by words() says, for any two texts: letters of several
// scripts and cases, digits, separators, letters outside the BMP (surrogate
// pairs), lone surrogates, combining marks and characters whose lower case is
// longer ("İ").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharesWord, words } from '../../src/domain/categories/words.js';

const pieces = ['a', 'b', 'ab', 'A', 'B', 'Ab', 'к', 'К', 'ко', 'ф', '1', '2', '12', ' ', '-', '.', ',', '_', '\n', '😀', '𝐀', '𝐚', '\ud835', '\udc00', '\u0301', 'İ', 'i', 'ß', 'ǅ'];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 14 }).map((p) => p.join(''));
const bySplitting = (a: string, b: string) => words(a).some((w) => words(b).includes(w));

describe('sharesWord', () => {
  it('equals the definition by words() for any two texts', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(sharesWord(a, words(b))).toBe(bySplitting(a, b));
      }),
      { numRuns: 20_000 },
    );
  });

  it('finds a word only as a whole word, in any case', () => {
    expect(sharesWord('Coffee to go', words('coffee'))).toBe(true);
    expect(sharesWord('coffees', words('coffee'))).toBe(false);
    expect(sharesWord('iced-coffee', words('COFFEE beans'))).toBe(true);
    expect(sharesWord('𝐀coffee', words('coffee'))).toBe(false);
    expect(sharesWord('coffee', [])).toBe(false);
  });
});
