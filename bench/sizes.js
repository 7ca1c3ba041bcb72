// The tracker sizes every benchmark runs on.
'use strict';

module.exports = {
  SIZES: [
    { label: '1k', rows: 1_000 },
    { label: '10k', rows: 10_000 },
    { label: '50k', rows: 50_000 },
    { label: '100k', rows: 100_000 },
  ],
};
