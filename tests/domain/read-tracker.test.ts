// The tracker reader's shortcuts must agree with the plain definitions they stand in for.
import fc from 'fast-check';
import { foldsTo } from '../../src/domain/read-tracker';
import { foldWords } from '../../src/domain/status';

describe('foldsTo: a cell compared with a folded header without folding the cell', () => {
  const HEADERS = ['Milestone', 'Due date', 'Q2 RAG', 'Ref.', 'Lead officer', 'Ｇｒｅｅｎ', 'Statüs', 'café', 'x', '✓ done'];

  test.each([
    ['Milestone', 'milestone', true],
    ['  MILESTONE!! ', 'milestone', true],
    ['Due-Date', 'due date', true],
    ['due_date.', 'due date', true],
    ['(Due)  /  date', 'due date', true],
    ['Due dates', 'due date', false],
    ['Due', 'due date', false],
    ['Ref', 'ref', true],
    ['R ef', 'ref', false],
    ['', 'ref', false],
    ['...', 'ref', false],
    ['Green', foldWords('Ｇｒｅｅｎ'), true],
    ['Statu\u0308s', foldWords('Statüs'), true],
    ['Stat\u0075\u0308s', 'status', false],
    ['cafe\u0301', foldWords('café'), true],
    ['x\u00a0', 'x', true],
    ['x\u2003y', 'x y', true],
    ['X\u0000', 'x', false],
  ])('%j against %j: %s', (text, key, expected) => {
    expect(foldWords(text) === key).toBe(expected);
    expect(foldsTo(text, key)).toBe(expected);
  });

  test('agrees with foldWords(text) === key on arbitrary text', () => {
    const piece = fc.oneof(
      fc.constantFrom(...HEADERS, ' ', '-', '_', '/', '.', '\t', '\n', '’', '“', '\u00a0', '\u0301', '\u0308', 'ﬁ', 'İ', 'ẞ', 'Ω', 'Å'),
      fc.string({ maxLength: 4 }),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    );
    const text = fc.array(piece, { maxLength: 5 }).map((xs) => xs.join(''));
    const key = fc.oneof(fc.constantFrom(...HEADERS).map(foldWords), text.map(foldWords), text);
    fc.assert(
      fc.property(text, key, (t, k) => {
        expect(foldsTo(t, k)).toBe(foldWords(t) === k);
      }),
      { numRuns: 20000, seed: 4242 },
    );
    // Matches as well as misses: a header against itself, dressed up.
    fc.assert(
      fc.property(fc.constantFrom(...HEADERS), fc.constantFrom('', ' ', ' - ', '.'), (h, pad) => {
        expect(foldsTo(`${pad}${h.toUpperCase()}${pad}`, foldWords(h))).toBe(foldWords(`${pad}${h.toUpperCase()}${pad}`) === foldWords(h));
      }),
    );
  });
});
