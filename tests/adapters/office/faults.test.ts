// Faults inside Excel, simulated through the recording fake: protection, sheets deleted or renamed, cell-edit
// mode, requests refused for size, a sync failing halfway. Each must leave the workbook as it was (or the half-written
// sheet clearly marked), the source sheets unchanged, no "(2)" copies after a retry, and an issue saying what to do.
import type { SessionOptions } from '../../../src/adapters/office/excel-session';
import { INCOMPLETE_NOTE } from '../../../src/adapters/office/partial-sheets';
import type { Issue } from '../../../src/domain/issue';
import { runPipeline, type PipelineResult } from '../../../src/domain/pipeline';
import { createExcelHost } from '../../../src/taskpane/excel-host';
import type { HostOutcome, PaneHost } from '../../../src/taskpane/pane-host';
import { trackerWorkbook } from '../../taskpane/fake-host';
import { FakeExcel, officeWith, type Op } from './fake-excel';

const SOURCES = ['Tracker', 'Notes'];
const WRITTEN = ['Tracker', 'Notes', 'Milestone Register', 'Issues'];
const noWait = () => Promise.resolve();
const noProgress = () => {};

function workbook(): FakeExcel {
  const rows = trackerWorkbook().sheets[0]!.rows.map((r) => r.map((v) => v ?? ''));
  return new FakeExcel([
    { name: 'Tracker', rows, merges: ['B4:B7'], formats: { '3,5': '@' } },
    { name: 'Notes', rows: [['My own notes'], [42, '=A2*2']] },
  ]);
}

interface Ctx {
  fake: FakeExcel;
  host: PaneHost;
  result: PipelineResult;
  before: string[];
}

/** A workbook with the pane open: settings loaded, the workbook read and analysed. Small requests, so a write takes many syncs. */
async function open(options: SessionOptions = {}, fake = workbook(), excelApi = 20): Promise<Ctx> {
  const host = createExcelHost(officeWith(excelApi), fake.run, { sleep: noWait, requestBudget: 2_500, ...options });
  await host.loadConfig();
  const result = await analyse(host);
  return { fake, host, result, before: SOURCES.map((n) => fake.snapshot(n)) };
}

async function analyse(host: PaneHost): Promise<PipelineResult> {
  const read = await host.readWorkbook!(noProgress);
  if (!read.ok) throw new Error(read.issue.message);
  return runPipeline(read.source.workbook, {}, { readIssues: read.source.readIssues });
}

const isSourceWrite = (o: Op) => SOURCES.includes(o.sheet) && o.path !== 'select()' && o.path !== 'activate()';

/** The source sheets hold exactly what they held, and no command was ever sent to change them. */
function expectSourcesUnchanged(c: Ctx): void {
  expect(SOURCES.map((n) => c.fake.snapshot(n))).toEqual(c.before);
  expect(c.fake.ops.filter(isSourceWrite)).toEqual([]);
}

/** The workbook is as it was: the same sheets, the sources unchanged. */
function expectAsItWas(c: Ctx, names = SOURCES): void {
  expect(c.fake.names()).toEqual(names);
  expectSourcesUnchanged(c);
}

function failure(o: HostOutcome): Issue {
  expect(o.ok).toBe(false);
  expect(o.issues).toHaveLength(1);
  const issue = o.issues[0]!;
  expect(issue.severity).toBe('error');
  expect(issue.suggestion).toBeTruthy();
  return issue;
}

/** After the fault is gone, building again gives exactly one register and one issues sheet, never "(2)" copies. */
async function expectCleanRetry(c: Ctx): Promise<void> {
  c.fake.clearFaults();
  const o = await c.host.writeRegister(c.result, noProgress);
  expect(o.ok).toBe(true);
  expect(c.fake.names()).toEqual(WRITTEN);
  expect(c.fake.sheet('Milestone Register').grid()).toEqual(await cleanRegisterGrid());
  expectSourcesUnchanged(c);
}

let cleanGrid: unknown[][] | undefined;
async function cleanRegisterGrid(): Promise<unknown[][]> {
  if (!cleanGrid) {
    const c = await open();
    expect((await c.host.writeRegister(c.result, noProgress)).ok).toBe(true);
    cleanGrid = c.fake.sheet('Milestone Register').grid();
  }
  return cleanGrid;
}

/** Fires before the first request that writes to this sheet after the one that added it (some of its cells are in by then). */
const midway = (sheet: string) => (ops: Op[]) =>
  ops.some((o) => o.sheet === sheet) && !ops.some((o) => o.path === 'worksheets.add()' && (o.value as string[])[0] === sheet);

describe('happy path: no command of the Excel host changes a source sheet', () => {
  test('load settings, read, save settings, build register (icons included), generate report, go to a cell, remove', async () => {
    const c = await open();
    expectSourcesUnchanged(c);
    expect((await c.host.saveConfig({ financialYearStartMonth: 4 })).ok).toBe(true);
    expectSourcesUnchanged(c);
    const built = await c.host.writeRegister(c.result, noProgress);
    expect(built.ok).toBe(true);
    expect(c.fake.ops.some((o) => o.sheet === 'Milestone Register' && o.path === 'conditionalFormats.add()')).toBe(true);
    expectSourcesUnchanged(c);
    expect((await c.host.writeReport(c.result, noProgress)).ok).toBe(true);
    expectSourcesUnchanged(c);
    expect(await c.host.selectCell!('Tracker', 'D7')).toEqual([]);
    expectSourcesUnchanged(c);
    await analyse(c.host);
    expectSourcesUnchanged(c);
    expect((await c.host.removeGenerated()).ok).toBe(true);
    expectAsItWas(c);
    // The write took many requests here (small budget): the fault tests below stop it in the middle.
    expect(c.fake.syncCount).toBeGreaterThan(10);
  });
});

describe('(a) a sheet protected mid-run', () => {
  test.each(['AccessDenied', 'InvalidOperation'])('the new sheet is protected between syncs (%s): it is removed, the pane says so', async (code) => {
    const c = await open();
    c.fake.beforeSync(midway('Milestone Register'), () => c.fake.protectSheet('Milestone Register', code));
    const issue = failure(await c.host.writeRegister(c.result, noProgress));
    expect(issue.code).toBe(`excel-${code}`);
    expect(issue.message).toBe(
      'Building the register stopped: sheet "Milestone Register" was protected while the add-in was writing. The half-written sheet "Milestone Register" was removed; the workbook is as it was. Your own sheets were not changed.',
    );
    expect(issue.suggestion).toMatch(/^Something else protected the new sheet while the add-in was writing/);
    expect(c.fake.failures.map((f) => f.code)).toEqual([code]);
    expectAsItWas(c);
    await expectCleanRetry(c);
  });

  test('an Excel without ExcelApi 1.7 cannot say which sheet was protected, but still removes the half-written one', async () => {
    const c = await open({}, workbook(), 6);
    c.fake.beforeSync(midway('Milestone Register'), () => c.fake.protectSheet('Milestone Register'));
    const issue = failure(await c.host.writeRegister(c.result, noProgress));
    expect(issue.message).toBe(
      'Building the register stopped: a sheet or the workbook is protected or read-only. The half-written sheet "Milestone Register" was removed; the workbook is as it was. Your own sheets were not changed.',
    );
    expect(issue.suggestion).toMatch(/^Unprotect it \(Review > Unprotect Sheet/);
    expectAsItWas(c);
    await expectCleanRetry(c);
  });

  test('a source sheet protected between syncs does not stop the write, and stays unchanged', async () => {
    const c = await open();
    c.fake.beforeSync(3, () => c.fake.protectSheet('Tracker'));
    c.fake.beforeSync(5, () => c.fake.protectSheet('Notes', 'InvalidOperation'));
    expect((await c.host.writeRegister(c.result, noProgress)).ok).toBe(true);
    expect((await c.host.writeReport(c.result, noProgress)).ok).toBe(true);
    expect(c.fake.failures).toEqual([]);
    c.fake.unprotectSheet('Tracker');
    c.fake.unprotectSheet('Notes');
    expectSourcesUnchanged(c);
  });

  test('the workbook structure is protected: nothing is added, the pane says to unprotect the workbook', async () => {
    const c = await open();
    c.fake.protectWorkbook();
    const issue = failure(await c.host.writeReport(c.result, noProgress));
    expect(issue.code).toBe('excel-AccessDenied');
    expect(issue.message).toMatch(/^Generating the report sheet stopped: the workbook’s structure is protected, so sheets cannot be added or removed\./);
    expect(issue.message).toContain('Nothing was written; your own sheets were not changed.');
    expect(issue.suggestion).toMatch(/structure is protected: unprotect it \(Review > Protect Workbook\)/);
    expectAsItWas(c);
    c.fake.protectWorkbook(false);
    await expectCleanRetry(c);
  });

  test('the workbook is protected halfway (after the register sheet was added): the sheet Excel will not delete is marked incomplete', async () => {
    const c = await open();
    c.fake.beforeSync((ops) => ops.some((o) => o.path === 'worksheets.add()' && (o.value as string[])[0] === 'Issues'), () => c.fake.protectWorkbook());
    const issue = failure(await c.host.writeRegister(c.result, noProgress));
    expect(issue.code).toBe('excel-AccessDenied');
    // Deleting and renaming are refused while the structure is protected; the note in A1 is not.
    expect(c.fake.names()).toEqual([...SOURCES, 'Milestone Register']);
    expect(c.fake.sheet('Milestone Register').get(0, 0)!.value).toBe(INCOMPLETE_NOTE);
    expect(issue.message).toContain('"Milestone Register" is marked incomplete (a note in A1). Delete it, or use "Remove generated sheets".');
    expect(issue.suggestion).toMatch(/Review > Protect Workbook/);
    expectSourcesUnchanged(c);

    // Once unprotected: the marked sheet is not read as a source, and "Remove generated sheets" deletes it.
    c.fake.protectWorkbook(false);
    const again = await c.host.readWorkbook!(noProgress);
    expect(again.ok && again.source.workbook.sheets.map((s) => s.name)).toEqual(SOURCES);
    expect((await c.host.removeGenerated()).ok).toBe(true);
    expectAsItWas(c);
    await expectCleanRetry(c);
  });
});

describe('(b) a source sheet deleted or renamed while the pane is open', () => {
  test('deleted between reading and building: nothing is written, the pane says to read again', async () => {
    const c = await open();
    c.fake.deleteSheet('Tracker');
    const issue = failure(await c.host.writeRegister(c.result, noProgress));
    expect(issue).toMatchObject({ code: 'source-sheet-missing', sheet: 'Tracker' });
    expect(issue.message).toBe('Building the register stopped: the sheet "Tracker" it was read from is no longer in the workbook. Nothing was written; your own sheets were not changed.');
    expect(issue.suggestion).toBe('The sheet "Tracker" was renamed or deleted; press "Read workbook again" on the Source step, then try again.');
    expect(c.fake.names()).toEqual(['Notes']);
    expect(c.fake.snapshot('Notes')).toBe(c.before[1]);
    expect(c.fake.ops.filter(isSourceWrite)).toEqual([]);
  });

  test('renamed between reading and generating the report: refused; after reading again it works under the new name', async () => {
    const c = await open();
    c.fake.renameSheet('Tracker', 'Tracker 2017-18');
    const issue = failure(await c.host.writeReport(c.result, noProgress));
    expect(issue.code).toBe('source-sheet-missing');
    expect(issue.suggestion).toMatch(/^The sheet "Tracker" was renamed or deleted; press "Read workbook again"/);
    expect(c.fake.names()).toEqual(['Tracker 2017-18', 'Notes']);
    const result = await analyse(c.host);
    expect(result.mappings.map((m) => m.sheet)).toEqual(['Tracker 2017-18']);
    expect((await c.host.writeReport(result, noProgress)).ok).toBe(true);
    expect(c.fake.names()).toEqual(['Tracker 2017-18', 'Notes', 'Q4 2017-18 Report']);
  });

  test('deleted or renamed while being read: the read starts again once, from the new list of sheets', async () => {
    const c = await open();
    c.fake.beforeSync(3, () => c.fake.deleteSheet('Notes'));
    let read = await c.host.readWorkbook!(noProgress);
    expect(read.ok && read.source.workbook.sheets.map((s) => s.name)).toEqual(['Tracker']);
    expect(c.fake.failures.map((f) => f.code)).toEqual(['ItemNotFound']);

    c.fake.beforeSync(3, () => c.fake.renameSheet('Tracker', 'Tracker (old)'));
    read = await c.host.readWorkbook!(noProgress);
    expect(read.ok && read.source.workbook.sheets.map((s) => s.name)).toEqual(['Tracker (old)']);
  });

  test('the settings name a sheet that was renamed: reading says which sheet and what the workbook has', async () => {
    const c = await open();
    await c.host.saveConfig({ sheet: 'Tracker' });
    c.fake.renameSheet('Tracker', 'Q4 tracker');
    const read = await c.host.readWorkbook!(noProgress);
    if (!read.ok) throw new Error(read.issue.message);
    const result = runPipeline(read.source.workbook, (await c.host.loadConfig()).config, {});
    expect(result.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'sheet-not-found', sheet: 'Tracker', suggestion: expect.stringContaining('Q4 tracker') }));
  });

  test('sheets that keep vanishing while being read: an issue, no source data', async () => {
    const c = await open();
    c.fake.failOnSync(2, 'ItemNotFound', { times: 9 });
    const read = await c.host.readWorkbook!(noProgress);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.issue).toMatchObject({ severity: 'error', code: 'excel-ItemNotFound', message: 'Reading the workbook stopped: a sheet it was using was renamed or deleted.' });
    expect(read.issue.suggestion).toMatch(/Read workbook again/);
    expectSourcesUnchanged(c);
  });

  test('going to the cell of an issue on a deleted sheet: a warning that says what happened', async () => {
    const c = await open();
    c.fake.deleteSheet('Tracker');
    expect(await c.host.selectCell!('Tracker', 'D7')).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'sheet-not-found', suggestion: 'The sheet "Tracker" was renamed or deleted; press "Read workbook again" on the Source step.' }),
    ]);
  });
});

describe('(c) Excel in cell-edit mode', () => {
  test('at the first sync: the add-in waits and carries on once the edit ends', async () => {
    let waits = 0;
    const fake = workbook();
    const c = await open({ sleep: async () => void (++waits === 2 && (fake.cellEditMode = false)) }, fake);
    fake.cellEditMode = true;
    expect((await c.host.writeRegister(c.result, noProgress)).ok).toBe(true);
    expect(waits).toBe(2);
    expect(fake.names()).toEqual(WRITTEN);
    expectSourcesUnchanged(c);
  });

  test('in the middle of a write: the retry removes the half-written sheet first, so there is no "(2)" copy', async () => {
    let waits = 0;
    const fake = workbook();
    const c = await open({ sleep: async () => void (++waits === 2 && (fake.cellEditMode = false)) }, fake);
    fake.beforeSync(midway('Milestone Register'), () => (fake.cellEditMode = true));
    const o = await c.host.writeRegister(c.result, noProgress);
    expect(o.ok).toBe(true);
    expect(fake.names()).toEqual(WRITTEN);
    expect(fake.sheets.filter((s) => s.deleted).map((s) => s.name)).toEqual(['Milestone Register']);
    expect(fake.sheet('Milestone Register').grid()).toEqual(await cleanRegisterGrid());
    expectSourcesUnchanged(c);
    // The pane's list of generated sheets holds the new sheets only.
    expect((await c.host.removeGenerated()).message).toBe('Removed "Milestone Register", "Issues". Your own sheets were not touched.');
  });

  test('an edit that does not end: the pane says to finish editing; the half-written sheet goes at the next attempt', async () => {
    const c = await open();
    c.fake.beforeSync(midway('Milestone Register'), () => (c.fake.cellEditMode = true));
    const issue = failure(await c.host.writeRegister(c.result, noProgress));
    expect(issue.code).toBe('excel-InvalidOperationInCellEditMode');
    expect(issue.message).toMatch(/^Building the register stopped: Excel is busy while a cell is being edited\. Sheets it had started \("Milestone Register", "Issues"\) may still be in the workbook/);
    expect(issue.suggestion).toBe('Finish editing the cell (press Enter or Esc) and try again. The half-written sheets are removed first when you try again, or use "Remove generated sheets".');
    // Excel refused everything, the clean-up too: the half-written sheet is there until the next attempt.
    expect(c.fake.names()).toEqual([...SOURCES, 'Milestone Register']);
    expectSourcesUnchanged(c);
    c.fake.cellEditMode = false;
    await expectCleanRetry(c);
  });

  test('an edit that does not end, then "Remove generated sheets": the half-written sheet is removed too', async () => {
    const c = await open();
    c.fake.beforeSync(midway('Milestone Register'), () => (c.fake.cellEditMode = true));
    failure(await c.host.writeRegister(c.result, noProgress));
    c.fake.cellEditMode = false;
    const removed = await c.host.removeGenerated();
    expect(removed.message).toBe('Removed "Milestone Register". Your own sheets were not touched.');
    expectAsItWas(c);
  });
});

describe('(d) a request refused for its size', () => {
  test('refused once: the add-in removes what it wrote and sends smaller requests', async () => {
    const c = await open({ requestBudget: 60_000 });
    const sizes: number[] = [];
    c.fake.maxRequestBytes = 6_000;
    const o = await c.host.writeRegister(c.result, noProgress);
    expect(o.ok).toBe(true);
    expect(c.fake.failures.map((f) => f.code)).toContain('RequestPayloadSizeLimitExceeded');
    for (const r of c.fake.requests) sizes.push(r.bytes);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6_000);
    expect(c.fake.names()).toEqual(WRITTEN);
    expect(c.fake.sheet('Milestone Register').grid()).toEqual(await cleanRegisterGrid());
    expectSourcesUnchanged(c);
  });

  test.each(['RequestPayloadSizeLimitExceeded', 'ResponsePayloadSizeLimitExceeded'])('refused whatever the size (%s): the workbook is as it was, the pane says what to do', async (code) => {
    const c = await open();
    c.fake.failWhen((o) => o.path === 'values', code);
    const issue = failure(await c.host.writeRegister(c.result, noProgress));
    expect(issue.code).toBe(`excel-${code}`);
    expect(issue.message).toMatch(/^Building the register stopped: Excel refused a request as too large/);
    expect(issue.suggestion).toMatch(/Excel desktop app/);
    expect(c.fake.failures).toHaveLength(3); // the first attempt and two with smaller requests
    expectAsItWas(c);
    await expectCleanRetry(c);
  });

  test('reading: an answer too large even for one row gives an issue', async () => {
    const c = await open();
    c.fake.maxResponseBytes = 50;
    const read = await c.host.readWorkbook!(noProgress);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.issue).toMatchObject({ severity: 'error', code: 'excel-ResponsePayloadSizeLimitExceeded', suggestion: expect.stringMatching(/Excel desktop app/) });
    expectSourcesUnchanged(c);
  });
});

describe('(e) a sync failing halfway through a write', () => {
  test('a generic failure at each sync in turn: every time, the workbook is as it was (or complete), never "(2)"', async () => {
    // How many syncs a clean build takes here.
    const clean = await open();
    const start = clean.fake.syncCount;
    await clean.host.writeRegister(clean.result, noProgress);
    const syncs = clean.fake.syncCount - start;
    expect(syncs).toBeGreaterThan(8);

    for (let n = 1; n <= syncs; n++) {
      const c = await open();
      c.fake.failOnSync(n, 'GeneralException', { applyFirst: 'half' });
      const o = await c.host.writeRegister(c.result, noProgress);
      if (o.ok) {
        // The last syncs record the new sheets in the workbook's settings: the sheets are complete, the pane warns.
        expect(c.fake.names()).toEqual(WRITTEN);
        expect(o.issues.map((i) => i.code)).toContain('excel-GeneralException');
        expectSourcesUnchanged(c);
        continue;
      }
      const issue = failure(o);
      expect(issue.code).toBe('excel-GeneralException');
      expect(issue.message).toMatch(/^Building the register stopped: Excel reported an internal error\. (The half-written sheets? .* (was|were) removed; the workbook is as it was\. Your own sheets were not changed\.|Nothing was written; your own sheets were not changed\.)$/);
      expect(issue.suggestion).toBe('Save the workbook, close and reopen the add-in, and try again.');
      expectAsItWas(c);
      await expectCleanRetry(c);
    }
  });

  test('when Excel will not delete the half-written sheet, it is renamed " (incomplete)" with a note in A1', async () => {
    const c = await open();
    c.fake.beforeSync(midway('Milestone Register'), () => {
      c.fake.failOnSync(1, 'GeneralException', { applyFirst: 'half' });
      c.fake.failWhen((o) => o.path === 'delete()', 'GeneralException');
    });
    const issue = failure(await c.host.writeRegister(c.result, noProgress));
    expect(c.fake.names()).toEqual([...SOURCES, 'Milestone Register (incomplete)']);
    expect(c.fake.sheet('Milestone Register (incomplete)').get(0, 0)!.value).toBe(INCOMPLETE_NOTE);
    expect(issue.message).toContain('"Milestone Register (incomplete)" is marked incomplete (a note in A1)');
    expectSourcesUnchanged(c);

    c.fake.clearFaults();
    const read = await c.host.readWorkbook!(noProgress);
    expect(read.ok && read.source.workbook.sheets.map((s) => s.name)).toEqual(SOURCES);
    expect((await c.host.writeRegister(c.result, noProgress)).ok).toBe(true);
    expect(c.fake.names()).toEqual([...SOURCES, 'Milestone Register (incomplete)', 'Milestone Register', 'Issues']);
    expect((await c.host.removeGenerated()).message).toBe('Removed "Milestone Register (incomplete)", "Milestone Register", "Issues". Your own sheets were not touched.');
    expectAsItWas(c);
  });
});

describe('(h) the user presses Cancel (long work can be cancelled)', () => {
  test('midway through building the register: no request follows but the clean-up, the half-written sheet is removed, a later build is clean', async () => {
    const c = await open();
    const cancel = new AbortController();
    let syncsAtCancel = 0;
    c.fake.beforeSync(midway('Milestone Register'), () => {
      cancel.abort();
      syncsAtCancel = c.fake.syncCount;
    });
    const o = await c.host.writeRegister(c.result, noProgress, cancel.signal);
    expect(o).toMatchObject({ ok: false, cancelled: true, issues: [], downloads: [] });
    expect(o.message).toBe(
      'Building the register cancelled. The half-written sheet "Milestone Register" was removed; the workbook is as it was. Your own sheets were not changed.',
    );
    expectAsItWas(c);
    // The request under way when Cancel was pressed, then the clean-up's (find the sheets, delete them): nothing more was written.
    expect(c.fake.syncCount - syncsAtCancel).toBeLessThanOrEqual(3);
    // Not remembered as generated: "Remove generated sheets" has nothing to do, and building again gives exactly one register.
    expect((await c.host.removeGenerated()).message).toBe('There were no generated sheets to remove.');
    await expectCleanRetry(c);
  });

  test('pressed before the first request went: nothing is written, and the pane is told so', async () => {
    const c = await open();
    const cancel = new AbortController();
    cancel.abort();
    const o = await c.host.writeReport(c.result, noProgress, cancel.signal);
    expect(o).toMatchObject({ ok: false, cancelled: true });
    expect(o.message).toBe('Generating the report sheet cancelled. Nothing was written; your own sheets were not changed.');
    expectAsItWas(c);
  });

  test('while reading the workbook: the read stops, says it was cancelled, and changes nothing', async () => {
    const c = await open();
    const cancel = new AbortController();
    const progress: number[] = [];
    const r = await c.host.readWorkbook!((f) => {
      progress.push(f);
      cancel.abort();
    }, cancel.signal);
    expect(r).toEqual({ ok: false, issue: expect.objectContaining({ code: 'cancelled', message: 'Reading the workbook cancelled. Reading changes nothing in the workbook.' }) });
    expect(progress).toHaveLength(1);
    expectAsItWas(c);
  });
});
