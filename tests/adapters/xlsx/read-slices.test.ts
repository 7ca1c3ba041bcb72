// Reading a big workbook in a page (issue 4): in slices with progress, the event loop served between them, and Cancel
// ending the read with a "cancelled" issue, never a damaged-file message; the same grid as an uninterrupted read.
import { readFileSync } from 'node:fs';
import { readWorkbookBytes } from '../../../src/adapters/xlsx/read-workbook';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTracker } = require('../../../bench/generate-tracker') as { generateTracker: (rows: number, label: string) => Promise<string> };

let bytes: Uint8Array;
beforeAll(async () => {
  bytes = new Uint8Array(readFileSync(await generateTracker(10_000, '10k')));
}, 120_000);

test('a 10,000-row workbook is read in slices: rising progress ending at 1, other work runs meanwhile, the same grid', async () => {
  const plain = await readWorkbookBytes(bytes, 'tracker.xlsx');
  const fractions: number[] = [];
  let turns = 0;
  const timer = setInterval(() => turns++, 5);
  const sliced = await readWorkbookBytes(bytes, 'tracker.xlsx', { onProgress: (f) => fractions.push(f), signal: new AbortController().signal });
  clearInterval(timer);
  expect(sliced).toEqual(plain);
  expect(plain.ok && plain.workbook.sheets[0]!.rows.length).toBeGreaterThan(10_000);
  expect(fractions.length).toBeGreaterThan(2);
  expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  expect(fractions[fractions.length - 1]).toBeLessThanOrEqual(1);
  expect(turns).toBeGreaterThan(2);
});

test('Cancel during the read: "Reading tracker.xlsx cancelled", promptly, and nothing read', async () => {
  const cancel = new AbortController();
  const fractions: number[] = [];
  const r = await readWorkbookBytes(bytes, 'tracker.xlsx', {
    signal: cancel.signal,
    onProgress: (f) => {
      fractions.push(f);
      cancel.abort();
    },
  });
  expect(r).toEqual({ ok: false, issue: { severity: 'warning', sheet: '', cell: '', code: 'cancelled', message: 'Reading tracker.xlsx cancelled. The file was not changed; nothing was read.' } });
  expect(fractions).toHaveLength(1);
  expect(fractions[0]).toBeLessThan(0.9);
});

test('an already-cancelled signal reads nothing', async () => {
  const cancel = new AbortController();
  cancel.abort();
  const r = await readWorkbookBytes(bytes, 'tracker.xlsx', { signal: cancel.signal });
  expect(!r.ok && r.issue.code).toBe('cancelled');
});
