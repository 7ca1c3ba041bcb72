// Row heights from Calibri's (Carlito's) advance widths: lines as a spreadsheet wraps them, never past Excel's limit.
import fc from 'fast-check';
import { columnWidthPx, lineHeightPt, rowHeightFor, rowHeightForLines, textWidthPx, wrappedLineCount, wrappedLineCountUtf8 } from '../../src/render/row-height';
import { MAX_ROW_HEIGHT } from '../../src/shared/excel-rules';

describe('measuring text', () => {
  test('widths are Calibri 11 pixels: digits 7.4 px, "i" narrower than "W", bold wider', () => {
    expect(textWidthPx('0')).toBeCloseTo((1038 / 2048) * (11 * 96) / 72, 5);
    expect(textWidthPx('0123456789')).toBeCloseTo(74.3, 1);
    expect(textWidthPx('i')).toBeLessThan(textWidthPx('W') / 2);
    expect(textWidthPx('Some delay', { bold: true })).toBeGreaterThan(textWidthPx('Some delay'));
    expect(textWidthPx('abc', { fontSize: 22 })).toBeCloseTo(2 * textWidthPx('abc'), 5);
  });

  test('columns are as wide as Excel draws them (7 px per width unit at Calibri 11)', () => {
    expect(columnWidthPx(9.140625)).toBe(64); // Excel's default 8.43 characters plus 5 px of padding
    expect(columnWidthPx(44)).toBe(308);
  });
});

describe('wrappedLineCount', () => {
  test('short text takes one line, each line break starts a new one', () => {
    expect(wrappedLineCount('On track', 12)).toBe(1);
    expect(wrappedLineCount('January: 52 per cent\nMarch: 11 per cent', 40)).toBe(2);
    expect(wrappedLineCount('', 40)).toBe(1);
  });

  test('wraps at spaces where the next word no longer fits the column', () => {
    // 44 units = 308 px, 301 px for text: 40 "n " pairs of about 9.9 px each fill about 30 per line.
    const words = Array(60).fill('nn').join(' ');
    expect(wrappedLineCount(words, 44)).toBe(Math.ceil(60 / Math.floor((301 + textWidthPx(' ')) / (textWidthPx('nn') + textWidthPx(' ')))));
    expect(wrappedLineCount('iiiiiiiiii '.repeat(6), 44)).toBe(1);
    expect(wrappedLineCount('WWWWWWWWWW '.repeat(10), 44)).toBeGreaterThan(4);
  });

  test('a word wider than the column is broken across lines', () => {
    expect(wrappedLineCount('x'.repeat(200), 20)).toBe(Math.ceil(textWidthPx('x'.repeat(200)) / (columnWidthPx(20) - 7)));
  });

  test('CR, LF and CRLF each end a line once; runs of spaces and tabs separate words as one space', () => {
    expect(wrappedLineCount('a\r\nb\rc\nd', 40)).toBe(4);
    expect(wrappedLineCount('a\n\nb\r\n', 40)).toBe(4);
    const room = columnWidthPx(10) - 7;
    const word = 'n'.repeat(Math.floor(room / textWidthPx('n') / 2) - 1);
    expect(wrappedLineCount(`${word} ${word}`, 10)).toBe(1);
    expect(wrappedLineCount(`  ${word} \t  ${word}\t`, 10)).toBe(1);
    expect(wrappedLineCount(`${word}${word}${word}`, 10)).toBe(2);
  });

  test('a character outside the table is as wide as "W", an emoji (two UTF-16 units) counts once', () => {
    expect(textWidthPx('\u4e2d')).toBe(textWidthPx('W'));
    expect(textWidthPx('\u{1F600}')).toBe(textWidthPx('W'));
    expect(textWidthPx('\u2122')).toBeLessThan(textWidthPx('W'));
    const perLine = Math.floor((columnWidthPx(10) - 7) / textWidthPx('W'));
    expect(wrappedLineCount('\u{1F600}'.repeat(perLine), 10)).toBe(1);
    expect(wrappedLineCount('\u{1F600}'.repeat(perLine + 1), 10)).toBe(2);
  });

  test('bold text takes at least as many lines', () => {
    const text = 'Deliver the new response model across every borough and report the outcomes to the board each quarter';
    expect(wrappedLineCount(text, 30, { bold: true })).toBeGreaterThanOrEqual(wrappedLineCount(text, 30));
  });
});

describe('rowHeightFor', () => {
  test('a line is 15 points at 11pt, as in Excel; the tallest cell sets the row', () => {
    expect(lineHeightPt(11)).toBe(15);
    expect(rowHeightFor([{ text: 'Delivered', width: 12 }])).toBe(15);
    expect(rowHeightFor([{ text: 'one\ntwo\nthree', width: 30 }, { text: 'short', width: 50 }])).toBe(45);
    expect(rowHeightFor([{ text: 'Title', width: 100, fontSize: 16 }])).toBeCloseTo(lineHeightPt(16), 5);
    expect(lineHeightPt(16)).toBeGreaterThan(21);
  });

  test('never taller than Excel allows', () => {
    expect(rowHeightFor([{ text: 'word '.repeat(5000), width: 30 }])).toBe(MAX_ROW_HEIGHT);
  });

  test('from a count of lines, the same height as from the cells', () => {
    const texts = ['Delivered', 'one\ntwo\nthree', 'a longer progress update that wraps over a few lines in a narrow column', 'word '.repeat(5000)];
    for (const text of texts) {
      for (const width of [12, 30, 44]) expect(rowHeightForLines(wrappedLineCount(text, width))).toBe(rowHeightFor([{ text, width }]));
    }
    expect(rowHeightForLines(0)).toBe(15);
  });
});

describe('wrappedLineCountUtf8 (a packed text measured in its bytes)', () => {
  const encoder = new TextEncoder();
  /** The count from the text's UTF-8, lying inside a longer buffer as a packed block holds it. */
  const fromBytes = (text: string, width: number, font = {}) => {
    const bytes = encoder.encode(text);
    const block = new Uint8Array(bytes.length + 6).fill(0x41);
    block.set(bytes, 3);
    return wrappedLineCountUtf8(block, 3, 3 + bytes.length, width, font);
  };
  /** The count of the text as it reads back from its UTF-8 (a lone surrogate becomes U+FFFD). */
  const fromText = (text: string, width: number, font = {}) => wrappedLineCount(new TextDecoder().decode(encoder.encode(text)), width, font);

  test('counts as wrappedLineCount does: breaks, long words, wide and narrow letters, emoji, CRLF', () => {
    const texts = [
      '',
      'On track',
      'January: 52 per cent\r\nMarch: 11 per cent\rApril',
      'W'.repeat(300),
      `${'iiii '.repeat(80)}${'🚓'.repeat(40)} 中文的进展报告 ${'é’–“”'.repeat(30)}`,
      'word\t\ttabbed  spaced\n\n\nlines',
    ];
    for (const text of texts) for (const width of [1, 8, 30, 60, 120]) for (const font of [{}, { bold: true }, { italic: true, fontSize: 14 }]) {
      expect(fromBytes(text, width, font)).toBe(fromText(text, width, font));
    }
    expect(fromBytes('W'.repeat(300), 30)).toBeGreaterThan(5);
  });

  test('any text (property): the same count as wrappedLineCount of the text', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom(' ', '\n', '\r', '\r\n', '\t', 'W', 'i', '🚓', '中', '’', '\u2122', '\u2123', '\ud800', 'averyveryverylongwordthatmustbreak'),
    );
    const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.double({ min: 0.5, max: 100, noNaN: true }), fc.boolean(), (s, width, bold) => {
        expect(fromBytes(s, width, { bold })).toBe(fromText(s, width, { bold }));
      }),
      { numRuns: 3000 },
    );
  });
});
