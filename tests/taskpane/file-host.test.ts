// The standalone pane's host with the real reader, writer and Word report (no fakes): what a user gets from each action,
// and what Cancel leaves: no file, nothing kept for "Remove generated sheets", the source file unchanged.
import { resolveObjectURL } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { workbookSnapshots } from '../../src/adapters/xlsx/custom-xml-reader';
import { runPipeline, type PipelineResult } from '../../src/domain/pipeline';
import { createFileHost } from '../../src/taskpane/file-host';
import type { PaneHost } from '../../src/taskpane/pane-host';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTracker } = require('../../bench/generate-tracker') as { generateTracker: (rows: number, label: string) => Promise<string> };

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function opened(file: string): Promise<{ host: PaneHost; result: PipelineResult; bytes: Uint8Array }> {
  const bytes = new Uint8Array(readFileSync(file));
  const host = createFileHost(undefined);
  const r = await host.openFile!([new File([bytes.slice()], path.basename(file))], () => {});
  if (!r.ok) throw new Error(r.issue.message);
  return { host, result: runPipeline(r.source.workbook, {}, { readIssues: r.source.readIssues }), bytes };
}

let big: string;
beforeAll(async () => {
  big = await generateTracker(10_000, '10k');
}, 120_000);

test('Build register on the bundled sample gives register.xlsx with rising progress', async () => {
  const { host, result } = await opened(path.resolve(__dirname, '../../samples/met-tracker-2017-18.xlsx'));
  const fractions: number[] = [];
  const o = await host.writeRegister(result, (f) => fractions.push(f));
  expect(o.ok).toBe(true);
  expect(o.downloads.map((d) => d.fileName)).toEqual(['register.xlsx']);
  expect(o.message).toMatch(/^register\.xlsx holds your sheets, unchanged, plus "Milestone Register" and "Issues" \(\d+ milestones\)\.$/);
  expect(fractions[fractions.length - 1]).toBe(1);
  expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
});

test('Cancel while register.xlsx is written: no file, nothing kept, the source unchanged; building again works', async () => {
  const { host, result, bytes } = await opened(big);
  const before = sha(bytes);
  const cancel = new AbortController();
  const fractions: number[] = [];
  const o = await host.writeRegister(result, (f) => {
    fractions.push(f);
    if (f > 0.2) cancel.abort();
  }, cancel.signal);
  expect(o).toEqual({ ok: false, cancelled: true, message: 'Making register.xlsx cancelled. No file was made; your file is unchanged.', issues: [], downloads: [] });
  expect(fractions[fractions.length - 1]).toBeLessThan(0.9);
  expect((await host.removeGenerated()).message).toBe('Nothing was generated yet.');
  expect(sha(bytes)).toBe(before);
  const again = await host.writeRegister(result, () => {});
  expect(again.ok).toBe(true);
});

test('Cancel while the Word file of the report is made: neither file is offered', async () => {
  const { host, result } = await opened(big);
  const cancel = new AbortController();
  const o = await host.writeReport(result, (f) => {
    // Past 0.6 the register.xlsx is done and the Word report is being made.
    if (f > 0.65) cancel.abort();
  }, cancel.signal);
  expect(o).toMatchObject({ ok: false, cancelled: true, downloads: [] });
  expect(o.message).toBe('Making the report files cancelled. No file was made; your file is unchanged.');
  expect((await host.removeGenerated()).message).toBe('Nothing was generated yet.');
});

test('several files chosen at once are read as one tracker, and register.xlsx holds each file\u2019s sheets as values', async () => {
  const host = createFileHost(undefined);
  const csv = (rows: string[]) => new File([['Ref,Milestone,Due,Status,Update', ...rows].join('\r\n')], 'x.csv');
  const housing = new File([await csv(['H1,Build 50 homes,Q4 2017-18,Green,On site.']).arrayBuffer()], 'housing.csv');
  const waste = new File([await csv(['H1,Weekly food waste,Q4 2017-18,Amber,Delayed.']).arrayBuffer()], 'waste.csv');
  const fractions: number[] = [];
  const r = await host.openFile!([housing, waste], (f) => fractions.push(f));
  if (!r.ok) throw new Error(r.issue.message);
  expect(r.source.label).toBe('2 files: housing.csv, waste.csv');
  expect(r.source.workbook.sheets.map((s) => s.name)).toEqual(['housing', 'waste']);
  expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  const result = runPipeline(r.source.workbook, {}, { readIssues: r.source.readIssues });
  expect(result.register.map((m) => `${m.priority}:${m.id}`)).toEqual(['housing:H1']);
  expect(result.issues.find((i) => i.code === 'duplicate-id')?.message).toBe('The id "H1" in waste.csv is used already in housing.csv (housing!A2).');
  const o = await host.writeRegister(result, () => {});
  expect(o.message).toBe('register.xlsx holds the sheets of your 2 files as values, plus "Milestone Register" and "Issues" (1 milestones).');
});

test('Publish report on a 10,000-row tracker: the snapshot is deflated as the CLI\u2019s is (well under a MB); its time is logged', async () => {
  const { host, result } = await opened(big);
  let t = performance.now();
  const built = await host.writeReport(result, () => {});
  const reportMs = performance.now() - t;
  t = performance.now();
  const o = await host.published!.publish(result, {}, () => {});
  const publishMs = performance.now() - t;
  expect(o.ok).toBe(true);
  const parts = unzipSync(new Uint8Array(await resolveObjectURL(o.downloads[0]!.url)!.arrayBuffer()));
  const part = parts['customXml/item1.xml'];
  expect(part).toBeDefined();
  const { snapshots } = workbookSnapshots(new Uint8Array(await resolveObjectURL(o.downloads[0]!.url)!.arrayBuffer()));
  expect(result.register.length).toBeGreaterThan(9_000);
  expect(snapshots.map((s) => s.header.rows)).toEqual([result.register.length]);
  expect(part!.length).toBeLessThan(1_000_000);
  // What the report files without a snapshot took (the Word file included), for the record.
  process.stdout.write(`10k rows: publish ${Math.round(publishMs)} ms (snapshot part ${Math.round(part!.length / 1024)} KB); report files ${Math.round(reportMs)} ms; register.xlsx ${Math.round(built.downloads[0]!.size / 1024)} KB -> ${Math.round(o.downloads[0]!.size / 1024)} KB\n`);
}, 120_000);
