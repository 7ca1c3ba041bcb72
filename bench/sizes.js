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
};
