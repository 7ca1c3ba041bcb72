/** @jest-environment node */
// The standalone pane's file work in the worker beside the engine: the page hands over the file's bytes (moved, not
// copied), the worker reads them, checks the tracker and writes register.xlsx, and the page gets progress and the bytes.
// The worker's protocol runs in-process here; each message is cloned (and its buffers moved) as postMessage does.
import { resolveObjectURL } from 'node:buffer';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pickSnapshot } from '../../src/adapters/xlsx/custom-xml-reader';
import { readWorkbookBytes } from '../../src/adapters/xlsx/read-workbook';
import { engineWorker, workerEngine, type EngineRequest, type EngineResponse, type FileWorkFunctions } from '../../src/taskpane/engine';
import { createFileHost } from '../../src/taskpane/file-host';
import { readFiles, writeFiles } from '../../src/taskpane/file-work';
import type { PaneHost } from '../../src/taskpane/pane-host';
import { registerInWorker } from '../../src/taskpane/result-transfer';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTracker } = require('../../bench/generate-tracker') as { generateTracker: (rows: number, label: string) => Promise<string> };

const sample = path.resolve(__dirname, '../../samples/met-tracker-2017-18.xlsx');

/** What the page posted and what the worker read, for the checks below. */
const seen = { requests: [] as EngineRequest[], responses: [] as EngineResponse[], movedAway: [] as ArrayBuffer[], failWrites: false, crashOnOpen: false };

const realWork: FileWorkFunctions = {
  readFiles,
  writeFiles: (file, result, kind, options) => {
    if (seen.failWrites) throw new Error('the writer broke');
    return writeFiles(file, result, kind, options);
  },
};

class InProcessWorker {
  onmessage: ((e: MessageEvent<EngineResponse>) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  private readonly handle = engineWorker((m, transfer) => {
    seen.responses.push(m);
    const copy = structuredClone(m, { transfer: transfer ?? [] });
    setTimeout(() => this.onmessage?.({ data: copy } as MessageEvent<EngineResponse>), 0);
  }, realWork);
  postMessage(m: EngineRequest, transfer: Transferable[] = []) {
    seen.requests.push(m);
    if (m.type === 'open' && seen.crashOnOpen) {
      setTimeout(() => this.onerror?.({ message: 'out of memory', preventDefault: () => undefined }), 0);
      return;
    }
    const copy = structuredClone(m, { transfer });
    for (const t of transfer) if (t instanceof ArrayBuffer) seen.movedAway.push(t);
    // A message arrives as its own task in the worker.
    setTimeout(() => this.handle(copy), 0);
  }
  terminate() {}
}

beforeEach(() => {
  (globalThis as { Worker?: unknown }).Worker = InProcessWorker;
  seen.requests = [];
  seen.responses = [];
  seen.movedAway = [];
  seen.failWrites = false;
  seen.crashOnOpen = false;
});
afterEach(() => {
  delete (globalThis as { Worker?: unknown }).Worker;
});

function fileOf(p: string): File {
  return new File([readFileSync(p)], path.basename(p));
}

function paneParts() {
  const engine = workerEngine();
  return { engine, host: createFileHost(undefined, engine) };
}

async function openAndCheck(host: PaneHost, engine: ReturnType<typeof workerEngine>, file: File) {
  const r = await host.openFile!([file], () => {});
  if (!r.ok) throw new Error(r.issue.message);
  return { source: r.source, result: await engine.analyse(r.source.workbook, {}, { readIssues: r.source.readIssues }) };
}

let big: string;
beforeAll(async () => {
  big = await generateTracker(10_000, '10k');
}, 120_000);

test('the file is read in the worker: its bytes are moved there, and the page holds only the sheet names', async () => {
  const { engine, host } = paneParts();
  const fractions: number[] = [];
  const r = await host.openFile!([fileOf(big)], (f) => fractions.push(f));
  if (!r.ok) throw new Error(r.issue.message);
  expect(seen.requests.filter((m) => m.type === 'open')).toHaveLength(1);
  // Moved, not copied: the page's buffer is detached once posted.
  expect(seen.movedAway).toHaveLength(1);
  expect(seen.movedAway[0]!.byteLength).toBe(0);
  expect(fractions.length).toBeGreaterThan(0);
  expect(r.source.workbook.sheets.length).toBeGreaterThan(0);
  expect(r.source.workbook.sheets.every((s) => s.rows.length === 0)).toBe(true);
  // The engine runs on the worker's grid; no grid is sent back for it.
  const result = await engine.analyse(r.source.workbook, {}, { readIssues: r.source.readIssues });
  expect(seen.requests.some((m) => m.type === 'load')).toBe(false);
  expect(result.report.rows.read).toBe(10_000);
  // The register stays in the worker, which writes register.xlsx from it; the page has its count.
  expect(result.report.rows.inRegister).toBeGreaterThan(9_000);
  expect(result.register).toEqual([]);
  expect(registerInWorker(result)).toBe(true);
}, 120_000);

test('Build register in the worker gives a register.xlsx that reads back with every milestone', async () => {
  const { engine, host } = paneParts();
  const { result } = await openAndCheck(host, engine, fileOf(sample));
  const fractions: number[] = [];
  const o = await host.writeRegister(result, (f) => fractions.push(f));
  expect(o.ok).toBe(true);
  expect(seen.requests.filter((m) => m.type === 'write')).toHaveLength(1);
  expect(o.downloads.map((d) => d.fileName)).toEqual(['register.xlsx']);
  expect(fractions.at(-1)).toBe(1);
  // The file crosses to the page as a Blob made in the worker (a handle, no copy of its bytes on the page's thread).
  const written = seen.responses.flatMap((m) => ('written' in m ? [m.written] : []));
  expect(written).toHaveLength(1);
  expect(written[0]!.xlsx).toBeInstanceOf(Blob);
  expect(written[0]!.xlsx!.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(o.downloads[0]!.size).toBe(written[0]!.xlsx!.size);
  const blob = await resolveObjectURL(o.downloads[0]!.url)!.arrayBuffer();
  const back = await readWorkbookBytes(new Uint8Array(blob), 'register.xlsx');
  if (!back.ok) throw new Error(back.issue.message);
  const register = back.workbook.sheets.find((s) => s.name === 'Milestone Register');
  expect(register).toBeDefined();
  // Header row plus one row per milestone; the source's own sheets are kept beside it.
  expect(register!.rows.filter((row) => row.some((v) => v !== null && v !== '')).length).toBe(result.report.rows.inRegister + 1);
  expect(back.workbook.sheets.length).toBeGreaterThan(2);

  const report = await host.writeReport(result, () => {});
  expect(report.ok).toBe(true);
  expect(report.downloads.map((d) => d.fileName)).toEqual(['register.xlsx', expect.stringMatching(/^report-Q\d-\d{4}-\d{2}\.docx$/)]);
}, 120_000);

test('Cancel while the file is read stops the read in the worker; the file read before stays, and reading again works', async () => {
  const { engine, host } = paneParts();
  const before = await openAndCheck(host, engine, fileOf(sample));
  const controller = new AbortController();
  const r = await host.openFile!([fileOf(big)], () => controller.abort(), controller.signal);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.issue.code).toBe('cancelled');
  expect(r.issue.message).toBe('Reading 10k.xlsx cancelled. The file was not changed; nothing was read.'.replace('10k.xlsx', path.basename(big)));
  expect(seen.requests.some((m) => m.type === 'cancel')).toBe(true);
  // What was read before is still what the worker holds: checking it and building from it work.
  const again = await engine.analyse(before.source.workbook, {}, {});
  expect(again.report.rows).toEqual(before.result.report.rows);
  const built = await host.writeRegister(again, () => {});
  expect(built.ok).toBe(true);
  // And the big file reads when not cancelled.
  const next = await openAndCheck(host, engine, fileOf(big));
  expect(next.result.report.rows.read).toBe(10_000);
}, 180_000);

test('a corrupt file gives the reader\u2019s issue through the worker', async () => {
  const { host } = paneParts();
  const bytes = readFileSync(sample);
  const r = await host.openFile!([new File([bytes.subarray(0, Math.floor(bytes.length / 2))], 'cut.xlsx')], () => {});
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.issue.code).toBe('corrupt-file');
  expect(r.issue.message).toBe('cut.xlsx is incomplete or damaged (the file ends too early).');
  expect(seen.requests.filter((m) => m.type === 'open')).toHaveLength(1);
});

test('a failure inside the worker comes back as an issue, not a hang', async () => {
  const { engine, host } = paneParts();
  const { result } = await openAndCheck(host, engine, fileOf(sample));
  seen.failWrites = true;
  const o = await host.writeRegister(result, () => {});
  expect(o.ok).toBe(false);
  expect(o.downloads).toEqual([]);
  expect(o.issues.map((i) => i.code)).toEqual(['worker-failed']);
  expect(o.message).toMatch(/^Making register\.xlsx failed in the pane's background worker: the writer broke\./);

  // The worker itself stops (as when the browser ends it): the read fails with an issue.
  seen.crashOnOpen = true;
  const r = await host.openFile!([fileOf(sample)], () => {});
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.issue).toMatchObject({ code: 'worker-failed', message: expect.stringMatching(/out of memory/) });
});

test('Publish report in the worker: the page sends the settings and the time, the worker freezes its own result into register.xlsx', async () => {
  const engine = workerEngine();
  const host = createFileHost(undefined, engine, { now: () => new Date('2018-01-15T10:30:00.000Z') });
  const { result } = await openAndCheck(host, engine, fileOf(sample));
  const o = await host.published!.publish(result, { scale: 'delivery' }, () => {});
  expect(o.ok).toBe(true);
  const writes = seen.requests.filter((m) => m.type === 'write');
  expect(writes).toEqual([expect.objectContaining({ kind: 'publish', publish: { config: { scale: 'delivery' }, publishedAt: '2018-01-15T10:30:00.000Z' } })]);
  const bytes = new Uint8Array(await resolveObjectURL(o.downloads[0]!.url)!.arrayBuffer());
  const found = pickSnapshot(bytes);
  if (found.kind !== 'found') throw new Error('register.xlsx carries no snapshot');
  // The worker's copy of the result is what was frozen: the page holds no register rows, only the report's count of them.
  expect(result.register).toEqual([]);
  expect(found.snapshot.milestones).toHaveLength(result.report.rows.inRegister);
  expect(found.snapshot.report.rows.inRegister).toBe(result.report.rows.inRegister);
  expect(found.snapshot.report.summarySentence).toBe(result.report.summarySentence);
  expect(found.snapshot.settings).toEqual({ scale: 'delivery' });
  // Listed from the register.xlsx as the worker wrote it.
  const list = await host.published!.list();
  expect(list.ok && list.where).toBe('register.xlsx, published just now');
  expect(list.ok && list.items.map((i) => i.ok && i.header.id)).toEqual(['20180115T103000000Z']);
}, 120_000);
