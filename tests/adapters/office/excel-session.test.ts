import { createExcelSession } from '../../../src/adapters/office/excel-session';
import { detectCapabilities, runExcel } from '../../../src/adapters/office/excel-run';
import { parseAreas, readExcelWorkbook } from '../../../src/adapters/office/read-workbook';
import { SETTINGS_NAMESPACE, settingsFromXml } from '../../../src/adapters/office/workbook-settings';
import type { SheetLayout } from '../../../src/render/sheet-layout';
import { FakeExcel, officeWith } from './fake-excel';

const noWait = () => Promise.resolve();

function tracker(rows = 6) {
  const data: unknown[][] = [['Business Plan 2017-18 tracker'], [], ['Ref', 'Priority', 'Milestone', 'Due', 'Status']];
  for (let i = 1; i <= rows; i++) data.push([`P${i}`, i === 1 ? 'Keeping children safe' : '', `Milestone ${i}`, 43190, i === 2 ? '#N/A' : 'Green']);
  return {
    name: 'Tracker',
    rows: data,
    formats: { '3,3': 'dd/mm/yyyy', '4,3': 'd mmm yy', '5,3': '0.00' },
    types: { '4,4': 'Error' },
    merges: [`B4:B${3 + rows}`],
  };
}

const tinyLayout = (name: string): SheetLayout => ({ name, columnWidths: [], rows: [['x']], styles: [], merges: [], validations: [], iconRules: [] });

describe('reading the open workbook', () => {
  test('reads values, dates (by number format), errors and merges; writes nothing', async () => {
    const fake = new FakeExcel([tracker()]);
    const r = await readExcelWorkbook(fake.context, detectCapabilities(officeWith(20)));
    const sheet = r.workbook.sheets[0]!;
    expect(sheet.name).toBe('Tracker');
    expect(sheet.rows[2]).toEqual(['Ref', 'Priority', 'Milestone', 'Due', 'Status']);
    expect(sheet.rows[3]![3]).toEqual(new Date(Date.UTC(2018, 2, 31)));
    expect(sheet.rows[4]![3]).toEqual(new Date(Date.UTC(2018, 2, 31)));
    expect(sheet.rows[5]![3]).toBe(43190);
    expect(sheet.rows[4]![4]).toEqual({ error: '#N/A' });
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'warning', sheet: 'Tracker', cell: 'E5', code: 'error-value' })]);
    expect(sheet.merges).toEqual([{ top: 3, left: 1, bottom: 8, right: 1 }]);
    expect(fake.ops).toEqual([]);
  });

  test('reads a tall sheet in row blocks, one sync per block', async () => {
    const fake = new FakeExcel([tracker(25_000)]);
    const r = await readExcelWorkbook(fake.context, detectCapabilities(officeWith(20)), { blockCells: 50_000 });
    // 25,003 used rows x 5 columns, 10,000 rows per block: 3 blocks + 4 syncs: the sheet list, the active sheet, the used
    // ranges and the sheet's merged areas.
    expect(r.syncs).toBe(7);
    expect(fake.syncCount).toBe(7);
    expect(r.workbook.sheets[0]!.rows).toHaveLength(25_003);
    expect(r.workbook.sheets[0]!.rows[25_002]![2]).toBe('Milestone 25000');
  });

  test('long progress updates: blocks shrink so no answer goes over Excel on the web\u2019s 5 MB', async () => {
    const seed = tracker(6_000);
    const long = 'Progress this quarter: '.padEnd(1_500, 'x');
    seed.rows.forEach((row, i) => i > 2 && row.push(`${i} ${long}`));
    const fake = new FakeExcel([seed]);
    fake.maxResponseBytes = 5_000_000;
    const r = await readExcelWorkbook(fake.context, detectCapabilities(officeWith(20)));
    const rows = r.workbook.sheets[0]!.rows;
    expect(rows).toHaveLength(6_003);
    expect(rows[6_002]![5]).toBe(`6002 ${long}`);
    expect(Math.max(...fake.responses)).toBeLessThan(5_000_000);
    // About 9.7 MB of answers: a few blocks, not one per row.
    expect(fake.responses.length).toBeGreaterThanOrEqual(2);
    expect(fake.responses.length).toBeLessThanOrEqual(8);
  });

  test('parseAreas reads Excel multi-area addresses, quoted sheet names included', () => {
    expect(parseAreas("Tracker!A1:B2, 'My, sheet'!$C$3:$C$9, Tracker!D4")).toEqual([
      { top: 0, left: 0, bottom: 1, right: 1 },
      { top: 2, left: 2, bottom: 8, right: 2 },
      { top: 3, left: 3, bottom: 3, right: 3 },
    ]);
  });
});

describe('runExcel', () => {
  test('retries while Excel is in cell-edit mode, then succeeds', async () => {
    const fake = new FakeExcel([tracker()]);
    fake.failNextSyncs = { code: 'InvalidOperationInCellEditMode', times: 2 };
    const r = await runExcel(fake.run, (ctx) => readExcelWorkbook(ctx, detectCapabilities(officeWith(20))), { action: 'Reading', sleep: noWait });
    expect(r.ok).toBe(true);
  });

  test('an Office error becomes an issue with advice; a bug in our code still throws', async () => {
    const fake = new FakeExcel([tracker()]);
    fake.failNextSyncs = { code: 'InvalidOperationInCellEditMode', times: 9 };
    const r = await runExcel(fake.run, (ctx) => readExcelWorkbook(ctx, detectCapabilities(officeWith(20))), { action: 'Reading the workbook', sleep: noWait });
    expect(r).toEqual({ ok: false, issue: expect.objectContaining({ severity: 'error', code: 'excel-InvalidOperationInCellEditMode', suggestion: expect.stringMatching(/press Enter or Esc/) }) });
    await expect(runExcel(fake.run, async () => { throw new TypeError('bug'); }, { action: 'x', sleep: noWait })).rejects.toThrow('bug');
  });
});

describe('the Excel session the pane uses', () => {
  test('keeps the settings in a custom XML part that the next session reads back', async () => {
    const fake = new FakeExcel([tracker()]);
    const a = createExcelSession(officeWith(20), fake.run, noWait);
    await a.loadSettings();
    expect(await a.saveConfig({ headerRow: 3, columns: { status: 'Status' }, financialYearStartMonth: 1 })).toEqual([]);
    expect(fake.xmlParts.filter((p) => !p.deleted)).toHaveLength(1);
    expect(fake.xmlParts[0]!.xml).toContain(SETTINGS_NAMESPACE);
    // Saving again replaces the part rather than adding a second.
    await a.saveConfig({ headerRow: 3, financialYearStartMonth: 1 });
    expect(fake.xmlParts.filter((p) => !p.deleted)).toHaveLength(1);

    const b = createExcelSession(officeWith(20), fake.run, noWait);
    const loaded = await b.loadSettings();
    expect(loaded.settings.config).toEqual({ headerRow: 3, financialYearStartMonth: 1 });
    expect(fake.sheet('Tracker').grid()[2]).toEqual(['Ref', 'Priority', 'Milestone', 'Due', 'Status']);
  });

  test('settings that do not match the schema give a warning and the defaults', () => {
    const r = settingsFromXml(`<settings xmlns="${SETTINGS_NAMESPACE}">{"config":{"headerRow":-1},"generatedSheets":[]}</settings>`);
    expect(r.settings.config).toEqual({});
    expect(r.issues[0]).toMatchObject({ severity: 'warning', code: 'settings-unreadable' });
  });

  test('"Remove generated sheets" deletes only the sheets the add-in wrote, even after a rename', async () => {
    const fake = new FakeExcel([tracker(), { name: 'Notes', rows: [['mine']] }]);
    const s = createExcelSession(officeWith(20), fake.run, noWait);
    await s.loadSettings();
    const w = await s.writeSheets([tinyLayout('Milestone Register'), tinyLayout('Issues')]);
    expect(w.ok && w.value.sheets.map((x) => x.name)).toEqual(['Milestone Register', 'Issues']);
    fake.sheet('Issues').name = 'My issues';
    // A later session (the workbook reopened) still knows which sheets are generated.
    const later = createExcelSession(officeWith(20), fake.run, noWait);
    await later.loadSettings();
    const read = await later.readWorkbook();
    expect(read.ok && read.value.workbook.sheets.map((x) => x.name)).toEqual(['Tracker', 'Notes']);
    const r = await later.removeGeneratedSheets();
    expect(r.ok && r.value.removed).toEqual(['Milestone Register', 'My issues']);
    expect(fake.sheets.filter((x) => !x.deleted).map((x) => x.name)).toEqual(['Tracker', 'Notes']);
    const again = await later.removeGeneratedSheets();
    expect(again.ok && again.value.removed).toEqual([]);
  });

  test('clicking an issue selects its cell on the source sheet', async () => {
    const fake = new FakeExcel([tracker(), { name: 'Other', rows: [['x']] }]);
    fake.activeSheet = 1;
    const s = createExcelSession(officeWith(20), fake.run, noWait);
    expect(await s.selectCell('Tracker', 'E5')).toEqual([]);
    expect(fake.selected).toEqual({ sheet: 'Tracker', address: 'E5' });
    expect(fake.activeSheet).toBe(0);
    expect(await s.selectCell('Gone', 'A1')).toEqual([expect.objectContaining({ code: 'sheet-not-found' })]);
  });

  test('follows a dark Office theme', () => {
    const fake = new FakeExcel();
    expect(createExcelSession(officeWith(20, { bodyBackgroundColor: '#262626' }), fake.run).theme()).toBe('dark');
    expect(createExcelSession(officeWith(20, { bodyBackgroundColor: '#FFFFFF' }), fake.run).theme()).toBe('light');
  });
});
