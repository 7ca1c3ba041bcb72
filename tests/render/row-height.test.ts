// Row heights for wrapped text: enough lines for the words, never past Excel's limit.
import { MAX_ROW_HEIGHT, wrappedLineCount, wrappedRowHeight } from '../../src/render/row-height';

describe('wrappedLineCount', () => {
  test('short text takes one line, each line break starts a new one', () => {
    expect(wrappedLineCount('On track', 12)).toBe(1);
    expect(wrappedLineCount('January: 52 per cent\nMarch: 11 per cent', 40)).toBe(2);
    expect(wrappedLineCount('', 40)).toBe(1);
  });

  test('wraps at word boundaries and splits words longer than the column', () => {
    const words = Array.from({ length: 40 }, () => 'officers').join(' '); // 359 characters
    const n = wrappedLineCount(words, 40);
    expect(n).toBeGreaterThanOrEqual(Math.ceil(359 / 44));
    expect(n).toBeLessThanOrEqual(Math.ceil(359 / 30));
    expect(wrappedLineCount('x'.repeat(100), 20)).toBeGreaterThanOrEqual(5);
    expect(wrappedLineCount(words, 40, { bold: true })).toBeGreaterThanOrEqual(n);
  });
});

describe('wrappedRowHeight', () => {
  test('one-line rows keep the default height; taller cells set the row', () => {
    expect(wrappedRowHeight([{ text: 'Delivered', width: 12 }])).toBeUndefined();
    const h = wrappedRowHeight([
      { text: 'a b c d e f g h i j k l m n o p q r s t u v w x y z '.repeat(4), width: 20 },
      { text: 'short', width: 50 },
    ]);
    expect(h).toBeGreaterThan(30);
  });

  test('never taller than Excel allows', () => {
    expect(wrappedRowHeight([{ text: 'word '.repeat(5000), width: 30 }])).toBe(MAX_ROW_HEIGHT);
  });
});
