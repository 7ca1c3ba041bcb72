// The tracker sizes every benchmark runs on.
'use strict';

module.exports = {
  SIZES: [
    { label: '1k', rows: 1_000 },
    { label: '10k', rows: 10_000 },
    { label: '50k', rows: 50_000 },
    { label: '100k', rows: 100_000 },
  ],
  /** The "hidden 100k tracker with long progress text": every update about 650 characters (17 MB, 237 MB unzipped). */
  LONG_TEXT: { label: '100k-long', rows: 100_000, longText: true },
  /**
   * Run only when named: the same rows with text as varied as prose (deflating 2-3x, not 20x; 86 MB), and that text with
   * Word's curly apostrophes and en dashes (which V8 holds at two bytes a character; 88 MB); and the three with each text
   * in its cell, as exceljs's streaming writer writes by default, not as shared strings.
   */
  MORE_LONG_TEXT: [
    { label: '100k-prose', rows: 100_000, longText: true, prose: true },
    { label: '100k-typo', rows: 100_000, longText: true, prose: true, typo: true },
    { label: '100k-long-inline', rows: 100_000, longText: true, inline: true },
    { label: '100k-prose-inline', rows: 100_000, longText: true, prose: true, inline: true },
    { label: '100k-typo-inline', rows: 100_000, longText: true, prose: true, typo: true, inline: true },
  ],
};
