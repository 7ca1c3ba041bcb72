/** @jest-environment jsdom */
// The pane inside "Excel": the real Excel host and Office adapter against the recording fake, driven through the UI.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Pane } from '../../src/taskpane/app';
import { pageEngine } from '../../src/taskpane/engine';
import { createExcelHost } from '../../src/taskpane/excel-host';
import { FakeExcel, officeWith } from '../adapters/office/fake-excel';
import { trackerWorkbook } from './fake-host';

const region = (name: string) => screen.getByRole('region', { name });
const noWait = () => Promise.resolve();
const noExports = { packDocx: async () => new Blob(['x']), copy: async () => 'clipboard' as const, download: () => undefined };

function excelWithTracker(...others: { name: string; rows: unknown[][] }[]) {
  const rows = trackerWorkbook().sheets[0]!.rows.map((r) => r.map((v) => v ?? ''));
  return new FakeExcel([{ name: 'Tracker', rows }, ...others]);
}

/** Clicks and waits until the pane is idle again (the button enabled: long steps pause between sheets). */
async function click(name: string) {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
  });
  await waitFor(() => expect(screen.getByRole('button', { name }).hasAttribute('disabled')).toBe(false));
}

test('build, issues, report, settings and tidy-up inside Excel, never touching the tracker sheet', async () => {
  const fake = excelWithTracker();
  const before = JSON.stringify(fake.sheet('Tracker').grid());
  render(<Pane host={createExcelHost(officeWith(20), fake.run)} engine={pageEngine()} exports={noExports} />);
  await screen.findByText(/5 rows read/);

  await click('Build register');
  expect(within(region('Build register')).getByText('Added "Milestone Register" and "Issues" to this workbook. Your own sheets were not changed.')).toBeTruthy();
  expect(fake.sheet('Milestone Register').grid()[1]!.slice(0, 4)).toEqual(['P1.1', 'Keeping children safe', 'Child protection', 'Demonstrate robust progress on child protection']);

  await act(async () => {
    fireEvent.click(within(region('Issues')).getByRole('button', { name: 'Go to Tracker!D7' }));
  });
  expect(fake.selected).toEqual({ sheet: 'Tracker', address: 'D7' });

  await click('Generate report');
  expect(fake.sheet('Q4 2017-18 Report').grid().flat().join(' ')).toContain('Quarter 4 2017-18');
  expect(fake.ops.some((o) => o.sheet === 'Q4 2017-18 Report' && o.path === 'charts.add()')).toBe(true);

  fireEvent.change(screen.getByLabelText('Financial year starts in'), { target: { value: '1' } });
  await screen.findByText(/5 rows read/);
  await click('Save settings in workbook');
  expect(within(region('Source')).getByText(/Settings saved in this workbook/)).toBeTruthy();
  expect(fake.xmlParts.filter((p) => !p.deleted).map((p) => p.xml).join('')).toContain('"financialYearStartMonth":1');

  await click('Remove generated sheets');
  expect(fake.sheets.filter((s) => !s.deleted).map((s) => s.name)).toEqual(['Tracker']);
  expect(JSON.stringify(fake.sheet('Tracker').grid())).toBe(before);
  expect(fake.ops.filter((o) => o.sheet === 'Tracker' && o.path !== 'select()' && o.path !== 'activate()')).toEqual([]);
});

test('an Excel error (cell-edit mode that does not end) is shown with advice, not thrown', async () => {
  const fake = excelWithTracker();
  render(<Pane host={createExcelHost(officeWith(20), fake.run, { sleep: noWait })} engine={pageEngine()} exports={noExports} />);
  await screen.findByText(/5 rows read/);
  fake.failNextSyncs = { code: 'InvalidOperationInCellEditMode', times: 99 };
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Build register' }));
    await new Promise((r) => setTimeout(r, 0));
  });
  await screen.findByText(/Finish editing the cell \(press Enter or Esc\) and try again\./);
  expect(fake.sheets.map((s) => s.name)).toEqual(['Tracker']);
});

test('every button of the pane leaves the tracker sheet exactly as it was', async () => {
  URL.createObjectURL = () => 'blob:made-in-test';
  const fake = excelWithTracker();
  const before = fake.snapshot('Tracker');
  const unchanged = () => {
    expect(fake.snapshot('Tracker')).toBe(before);
    expect(fake.ops.filter((o) => o.sheet === 'Tracker' && o.path !== 'select()' && o.path !== 'activate()')).toEqual([]);
  };
  render(<Pane host={createExcelHost(officeWith(20), fake.run, { sleep: noWait })} engine={pageEngine()} exports={noExports} />);
  await screen.findByText(/5 rows read/);
  unchanged();
  for (const name of ['Build register', 'Generate report', 'Export Word report', 'Copy report', 'Save settings in workbook', 'Check again', 'Read workbook again']) {
    expect(screen.getByRole('button', { name }).hasAttribute('disabled')).toBe(false);
    await click(name);
    await screen.findByText(/5 rows read/);
    unchanged();
  }
  await act(async () => {
    fireEvent.click(within(region('Issues')).getByRole('button', { name: 'Go to Tracker!D7' }));
  });
  unchanged();
  await click('Remove generated sheets');
  expect(fake.names()).toEqual(['Tracker']);
  unchanged();
});

test('the tracker sheet deleted after reading: Build register says to read again; Go to says the sheet is gone', async () => {
  const fake = excelWithTracker({ name: 'Notes', rows: [['mine']] });
  render(<Pane host={createExcelHost(officeWith(20), fake.run, { sleep: noWait })} engine={pageEngine()} exports={noExports} />);
  await screen.findByText(/5 rows read/);
  fake.renameSheet('Tracker', 'Old tracker');
  await click('Build register');
  const build = within(region('Build register'));
  expect(build.getByText('The register could not be written.')).toBeTruthy();
  expect(build.getByText(/The sheet "Tracker" was renamed or deleted; press "Read workbook again" on the Source step, then try again\./)).toBeTruthy();
  expect(fake.names()).toEqual(['Old tracker', 'Notes']);

  fake.deleteSheet('Old tracker');
  await act(async () => {
    fireEvent.click(within(region('Issues')).getByRole('button', { name: 'Go to Tracker!D7' }));
  });
  expect(within(region('Issues')).getByText(/Sheet "Tracker" is no longer in the workbook, so D7 cannot be shown\. The sheet "Tracker" was renamed or deleted/)).toBeTruthy();
});

test('Cancel while the register is being written: the half-written sheets go, the pane says so, and building again works', async () => {
  const fake = excelWithTracker();
  const before = fake.snapshot('Tracker');
  // Small requests, so the write takes many syncs and the Cancel click lands between two of them.
  render(<Pane host={createExcelHost(officeWith(20), fake.run, { sleep: noWait, requestBudget: 2_500 })} engine={pageEngine()} exports={noExports} />);
  await screen.findByText(/5 rows read/);
  const build = within(region('Build register'));
  let clicked = false;
  fake.beforeSync(
    (ops) => ops.some((o) => o.sheet === 'Milestone Register' && o.path !== 'worksheets.add()'),
    () => {
      clicked = true;
      fireEvent.click(build.getByRole('button', { name: 'Cancel: Building the register' }));
    },
  );
  await act(async () => {
    fireEvent.click(build.getByRole('button', { name: 'Build register' }));
  });
  await build.findByText(/^Building the register cancelled\. The half-written sheets? .* removed; the workbook is as it was\. Your own sheets were not changed\.$/);
  expect(clicked).toBe(true);
  expect(fake.names()).toEqual(['Tracker']);
  expect(fake.snapshot('Tracker')).toBe(before);

  await click('Build register');
  expect(build.getByText('Added "Milestone Register" and "Issues" to this workbook. Your own sheets were not changed.')).toBeTruthy();
  expect(fake.names()).toEqual(['Tracker', 'Milestone Register', 'Issues']);
});
