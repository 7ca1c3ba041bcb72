/** @jest-environment jsdom */
// The pane inside "Excel": the real Excel host and Office adapter against the recording fake, driven through the UI.
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { Pane } from '../../src/taskpane/app';
import { pageEngine } from '../../src/taskpane/engine';
import { createExcelHost } from '../../src/taskpane/excel-host';
import { FakeExcel, officeWith } from '../adapters/office/fake-excel';
import { trackerWorkbook } from './fake-host';

const region = (name: string) => screen.getByRole('region', { name });
const noExports = { packDocx: async () => new Blob(['x']), copy: async () => 'clipboard' as const, download: () => undefined };

function excelWithTracker() {
  const rows = trackerWorkbook().sheets[0]!.rows.map((r) => r.map((v) => v ?? ''));
  return new FakeExcel([{ name: 'Tracker', rows }]);
}

async function click(name: string) {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
  });
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
  render(<Pane host={createExcelHost(officeWith(20), fake.run)} engine={pageEngine()} exports={noExports} />);
  await screen.findByText(/5 rows read/);
  fake.failNextSyncs = { code: 'InvalidOperationInCellEditMode', times: 99 };
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Build register' }));
    await new Promise((r) => setTimeout(r, 0));
  });
  // The adapter retries with waits; give it the time it asks for.
  await screen.findByText(/press Enter or Esc/, undefined, { timeout: 15_000 });
  expect(fake.sheets.map((s) => s.name)).toEqual(['Tracker']);
}, 20_000);
