// Reading a big file in the pane: the page keeps getting turns during the unzip and during the rows, the
// progress bar rises from the start to exactly 1, Cancel stops the read at its next pause with "Reading <file>
// cancelled" (never "damaged"), and what is read with progress and Cancel is exactly what is read without.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { at } from '../../checked';
import { readWorkbookBytes, type ReadResult } from '../../../src/adapters/xlsx/read-workbook';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTracker } = require('../../../bench/generate-tracker') as { generateTracker: (rows: number, label: string) => Promise<string> };

const CANCELLED = (name: string): ReadResult => ({
  ok: false,
  issue: { severity: 'warning', sheet: '', cell: '', code: 'cancelled', message: `Reading ${name} cancelled. The file was not changed; nothing was read.` },
});

/**
 * A clock that moves 30 ms each time it is read, so every second pause point ends a 50 ms slice however fast the
 * machine: the pauses, progress and Cancel below do not depend on its speed or load.
 */
function withSteppingClock<T>(work: () => Promise<T>): Promise<T> {
  let now = 1_000_000;
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => (now += 30));
  return work().finally(() => spy.mockRestore());
}

/** A CSV tracker of `rows` milestones (about 60 bytes a row). */
function csvTracker(rows: number): Uint8Array {
  const lines = ['Ref,Milestone,Owner,Due,Status,Update'];
  for (let i = 1; i <= rows; i++) lines.push(`M${i},"Deliver part ${i}, phase ${i % 7}",Team ${i % 13},Q${(i % 4) + 1} 2024/25,On track,Café € ${i}`);
  return new TextEncoder().encode(lines.join('\r\n') + '\r\n');
}

let big: Uint8Array; // 50,000 rows: a sheet of ~22 MB of XML, ~3.5 MB compressed (streamed in pieces)
let mid: Uint8Array; // 20,000 rows
let plainBig: ReadResult;
let plainBigMs: number;
beforeAll(async () => {
  big = new Uint8Array(readFileSync(await generateTracker(50_000, '50k')));
  mid = new Uint8Array(readFileSync(await generateTracker(20_000, '20k')));
  const t0 = performance.now();
  plainBig = await readWorkbookBytes(big, 'tracker-50k.xlsx');
  plainBigMs = performance.now() - t0;
  await readWorkbookBytes(mid, 'tracker-20k.xlsx');
}, 300_000);

test('a 50,000-row workbook: the page gets many turns, the progress rises to exactly 1, and the grid is the one read without progress', async () => {
  expect(plainBig.ok && plainBig.workbook.sheets.reduce((n, s) => n + s.rows.length, 0)).toBeGreaterThan(50_000);
  const fractions: number[] = [];
  const gaps = await watchTurns(() => readWorkbookBytes(big, 'tracker-50k.xlsx', { onProgress: (f) => fractions.push(f), signal: new AbortController().signal }));
  expect(gaps.value).toEqual(plainBig);
  // A turn at least every ~100 ms of reading (a slice is 50 ms); an unsliced read gets none.
  expect(gaps.turns).toBeGreaterThanOrEqual(Math.min(10, Math.floor(gaps.ms / 100)));
  // No single block near the length of the whole read (which blocks ~1 s or more here).
  expect(gaps.longest).toBeLessThan(Math.max(400, gaps.ms / 3));
  expect(fractions.length).toBeGreaterThanOrEqual(3);
  expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  expect(fractions[fractions.length - 1]).toBe(1);
  expect(fractions.filter((f) => f === 1)).toHaveLength(1);
});

/**
 * How often `work` let a 1 ms timer run: the turns, and the longest block between two of them, in ms.
 *
 * A block is timed as the work's own: its wall time less the garbage collections in it, and at most the CPU time the
 * process used in it. So a collection of the heap the test worker built up over earlier suites, or the machine giving
 * the core to another process, is not taken for the read holding the page; a stretch of the read's own code without a
 * pause is counted in full by both measures, and is still caught.
 */
async function watchTurns<T>(work: () => Promise<T>): Promise<{ value: T; turns: number; longest: number; ms: number }> {
  const collections: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) collections.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  const gaps: { start: number; end: number; cpu: number }[] = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const turn = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    gaps.push({ start: last, end: now, cpu: (cpu.user + cpu.system) / 1000 });
    last = now;
    lastCpu = process.cpuUsage();
  };
  const timer = setInterval(turn, 1);
  const t0 = performance.now();
  let value: T;
  try {
    value = await work();
  } finally {
    clearInterval(timer);
  }
  turn(); // the stretch from the last turn to the end of the work
  const turns = gaps.length - 1;
  const ms = performance.now() - t0;
  await new Promise((resolve) => setTimeout(resolve, 50)); // the observer is told of collections asynchronously
  observer.disconnect();
  const collected = (start: number, end: number) =>
    collections.reduce((sum, c) => sum + Math.max(0, Math.min(end, c.end) - Math.max(start, c.start)), 0);
  const longest = Math.max(0, ...gaps.map((g) => Math.min(g.end - g.start - collected(g.start, g.end), g.cpu)));
  return { value, turns, longest, ms };
}

test('progress moves during the unzip (0-20%) and through the rows, in steps of a slice, and ends at 1', async () => {
  const fractions: number[] = [];
  const r = await withSteppingClock(() => readWorkbookBytes(big, 'tracker-50k.xlsx', { onProgress: (f) => fractions.push(f) }));
  expect(r).toEqual(plainBig);
  const unzip = fractions.filter((f) => f > 0 && f < 0.2);
  const rows = fractions.filter((f) => f > 0.2 && f < 1);
  expect(unzip.length).toBeGreaterThanOrEqual(3);
  expect(rows.length).toBeGreaterThanOrEqual(50);
  expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  expect(fractions[fractions.length - 1]).toBe(1);
  // Roughly proportional: no step of the bar jumps more than a tenth.
  const steps = fractions.slice(1).map((f, i) => f - at(fractions, i));
  expect(Math.max(...steps)).toBeLessThan(0.1);
});

describe('Cancel', () => {
  it.each([
    ['during the unzip', 0.05, 0.2],
    ['early in the rows', 0.25, 1],
    ['late in the rows', 0.9, 1],
  ])('%s: the read stops at its next pause with "Reading tracker-20k.xlsx cancelled", no further progress', async (_when, at, before) => {
    const cancel = new AbortController();
    const fractions: number[] = [];
    const r = await withSteppingClock(() =>
      readWorkbookBytes(mid, 'tracker-20k.xlsx', {
        signal: cancel.signal,
        onProgress: (f) => {
          fractions.push(f);
          if (f >= at) cancel.abort();
        },
      }),
    );
    expect(r).toEqual(CANCELLED('tracker-20k.xlsx'));
    // The pause that reported the progress saw the abort when it resumed: nothing was reported after it.
    expect(fractions[fractions.length - 1]).toBeGreaterThanOrEqual(at);
    expect(fractions.filter((f) => f >= at)).toHaveLength(1);
    expect(fractions[fractions.length - 1]).toBeLessThan(before);
  });

  it('pressed while a 50,000-row read is under way (real time): the answer comes within a slice or two, long before the read would end', async () => {
    const cancel = new AbortController();
    let abortedAt = 0;
    const pressed = setTimeout(() => {
      abortedAt = performance.now();
      cancel.abort();
    }, Math.min(150, plainBigMs / 4));
    const r = await readWorkbookBytes(big, 'tracker-50k.xlsx', { signal: cancel.signal, onProgress: () => {} });
    clearTimeout(pressed);
    const afterAbort = performance.now() - abortedAt;
    expect(abortedAt).toBeGreaterThan(0);
    expect(r).toEqual(CANCELLED('tracker-50k.xlsx'));
    expect(afterAbort).toBeLessThan(Math.max(300, plainBigMs / 3));
  });

  it('already pressed: nothing is read (no progress) and the answer is "cancelled", for a workbook, a CSV or a damaged file', async () => {
    const cancel = new AbortController();
    cancel.abort();
    const fractions: number[] = [];
    const options = { signal: cancel.signal, onProgress: (f: number) => fractions.push(f) };
    const t0 = performance.now();
    expect(await readWorkbookBytes(big, 'tracker-50k.xlsx', options)).toEqual(CANCELLED('tracker-50k.xlsx'));
    expect(performance.now() - t0).toBeLessThan(plainBigMs / 4);
    expect(await readWorkbookBytes(csvTracker(100), 'plan.csv', options)).toEqual(CANCELLED('plan.csv'));
    expect(await readWorkbookBytes(big.subarray(0, big.length >> 1), 'cut.xlsx', options)).toEqual(CANCELLED('cut.xlsx'));
    expect(fractions).toEqual([]);
  });
});

describe('CSV', () => {
  const csv = csvTracker(60_000); // ~5 MB

  it('pauses between decoding, parsing and the rows, progress ends at 1, the same grid as without', async () => {
    const plain = await readWorkbookBytes(csv, 'plan.csv');
    expect(plain.ok && plain.workbook.sheets[0]!.rows.length).toBe(60_001);
    const fractions: number[] = [];
    const sliced = await withSteppingClock(() => readWorkbookBytes(csv, 'plan.csv', { onProgress: (f) => fractions.push(f), signal: new AbortController().signal }));
    expect(sliced).toEqual(plain);
    expect(fractions.filter((f) => f > 0.8 && f < 1).length).toBeGreaterThanOrEqual(3);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions[fractions.length - 1]).toBe(1);
  });

  it('Cancel while the rows are built: "Reading plan.csv cancelled"', async () => {
    const cancel = new AbortController();
    const r = await withSteppingClock(() =>
      readWorkbookBytes(csv, 'plan.csv', {
        signal: cancel.signal,
        onProgress: (f) => {
          if (f > 0.85) cancel.abort();
        },
      }),
    );
    expect(r).toEqual(CANCELLED('plan.csv'));
  });
});

test('every fixture, bad file and sample reads the same with progress and Cancel as without (the pane unzips differently)', async () => {
  const root = path.join(__dirname, '../../..');
  const files = [
    ...readdirSync(path.join(root, 'tests/fixtures')).map((f) => path.join(root, 'tests/fixtures', f)),
    ...readdirSync(path.join(root, 'tests/fixtures/bad')).map((f) => path.join(root, 'tests/fixtures/bad', f)),
    ...readdirSync(path.join(root, 'samples')).map((f) => path.join(root, 'samples', f)),
  ].filter((f) => /\.(xlsx|xlsm|xls|xlsb|ods|csv|txt|tsv)$/i.test(f));
  expect(files.length).toBeGreaterThan(20);
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    const name = path.basename(file);
    const plain = await readWorkbookBytes(bytes, name);
    const fractions: number[] = [];
    const sliced = await withSteppingClock(() => readWorkbookBytes(bytes, name, { onProgress: (f) => fractions.push(f), signal: new AbortController().signal }));
    expect({ name, result: sliced }).toEqual({ name, result: plain });
    if (plain.ok) expect({ name, last: fractions[fractions.length - 1] }).toEqual({ name, last: 1 });
  }
});
