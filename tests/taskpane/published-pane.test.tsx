/** @jest-environment jsdom */
// Inside Excel: Publish report, the list of published reports with Remove (confirmed), and "Compare with…" defaulting to
// the latest report published before the report's quarter. The real Excel host and Office adapter, on the recording
// fake and on Office.js itself (the simulator), driven through the pane.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { GridWorkbook } from '../../src/domain/grid';
import { previousFromWorkbook, runPipeline } from '../../src/domain/pipeline';
import { SNAPSHOT_NAMESPACE } from '../../src/domain/snapshot-xml';
import { Pane, type ReportExports } from '../../src/taskpane/app';
import { changesLine } from '../../src/taskpane/components/changes-line';
import { pageEngine } from '../../src/taskpane/engine';
import { createExcelHost } from '../../src/taskpane/excel-host';
import { FakeExcel, officeWith } from '../adapters/office/fake-excel';
import { OfficeJsSim } from '../adapters/office/office-js-sim';

const DIR = path.resolve(__dirname, '../fixtures/compare');
const csvRows = (file: string) => readFileSync(path.join(DIR, file), 'utf8').trim().split('\n').map((l) => l.split(','));
const noExports: ReportExports = { packDocx: async () => new Blob(['x']), copy: async () => 'clipboard', download: () => undefined };
const noWait = () => Promise.resolve();
const region = (name: string) => screen.getByRole('region', { name });
const Q3 = { quarter: 'Q3', financialYear: '2017-18' } as const;
const Q4 = { quarter: 'Q4', financialYear: '2017-18' } as const;

/** A workbook double whose "Tracker" sheet can be overwritten, as the analyst does each quarter. */
interface Workbook {
  run: FakeExcel['run'];
  parts: { id: string; xml: string; deleted: boolean }[];
  tracker(): string;
  overwrite(rows: string[][]): void;
  otherChanges(): unknown[];
}

function fakeWorkbook(rows: string[][]): Workbook {
  const fake = new FakeExcel([{ name: 'Tracker', rows }]);
  return {
    run: fake.run,
    parts: fake.xmlParts,
    tracker: () => fake.snapshot('Tracker'),
    overwrite(next) {
      const s = fake.sheet('Tracker');
      s.cells.clear();
      next.forEach((row, r) => row.forEach((v, c) => s.set(r, c, { value: v, type: 'String' })));
    },
    otherChanges: () => fake.ops.filter((o) => !o.path.startsWith('customXmlParts.')),
  };
}

function simWorkbook(rows: string[][]): Workbook {
  const sim = new OfficeJsSim([{ name: 'Tracker', rows }]);
  return {
    run: sim.run,
    parts: sim.xmlParts,
    tracker: () => JSON.stringify(sim.sheet('Tracker').grid()),
    overwrite(next) {
      const s = sim.sheet('Tracker');
      s.cells.clear();
      next.forEach((row, r) => row.forEach((v, c) => s.cells.set(`${r},${c}`, { value: v, type: 'String', format: 'General' })));
    },
    otherChanges: () => sim.ops,
  };
}

async function idle() {
  await waitFor(() => expect(screen.getByRole('button', { name: 'Generate report' }).hasAttribute('disabled')).toBe(false));
}

async function setPeriod(quarter: string) {
  fireEvent.change(within(region('Report')).getByLabelText('Quarter'), { target: { value: quarter } });
  await idle();
  fireEvent.change(within(region('Report')).getByLabelText('Financial year'), { target: { value: '2017-18' } });
  await waitFor(() => expect(within(region('Report')).getByRole('document', { name: 'Report preview' }).textContent).toContain(`Quarter ${quarter.slice(1)} 2017-18`));
  await idle();
}

async function click(button: HTMLElement) {
  await act(async () => {
    fireEvent.click(button);
  });
  await idle();
}

describe.each([
  ['the recording fake', fakeWorkbook],
  ['Office.js (simulator)', simWorkbook],
])('published reports in the pane, on %s', (_, make) => {
  test('publish Q3, overwrite the tracker with Q4, compare with what was published, then remove it after a question', async () => {
    const wb = make(csvRows('q3-2017-18.csv'));
    let now = new Date('2018-01-15T09:30:00.000Z');
    render(<Pane host={createExcelHost(officeWith(20), wb.run, { sleep: noWait, now: () => now })} engine={pageEngine()} exports={noExports} />);
    await screen.findByText(/7 rows read/);
    const report = within(region('Report'));
    await report.findByText('None yet: Publish report keeps one.');
    await setPeriod('Q3');
    const trackerBefore = wb.tracker();

    expect(report.getByText(/Keeps this report \(Q3 2017-18, 7 register rows\) in the workbook/)).toBeTruthy();
    await click(report.getByRole('button', { name: 'Publish report' }));
    expect(report.getByText(/^Published the Q3 2017-18 report on 15 January 2018: its figures and 7 register rows are kept in this workbook/)).toBeTruthy();
    const list = await report.findByRole('list', { name: 'Published reports' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Q3 2017-18, published 15 January 2018 (7 rows)Remove']);
    expect(wb.tracker()).toBe(trackerBefore);
    expect(wb.parts.filter((p) => !p.deleted && p.xml.includes(SNAPSHOT_NAMESPACE))).toHaveLength(1);

    // Next quarter: the tracker is overwritten with Q4's statuses and read again.
    wb.overwrite(csvRows('q4-2017-18.csv'));
    await click(within(region('Source')).getByRole('button', { name: 'Read workbook again' }));
    await setPeriod('Q4');
    const compare = report.getByLabelText<HTMLSelectElement>('Compare with…');
    expect(compare.selectedOptions[0]!.textContent).toBe('Q3 2017-18, published 15 January 2018');
    expect(report.getByText("Unless you choose, the latest report published before this one's quarter: Q3 2017-18.")).toBeTruthy();

    // What comparing with the frozen Q3 tracker itself finds.
    const q3: GridWorkbook = { source: 'q3', sheets: [{ name: 'Tracker', rows: csvRows('q3-2017-18.csv'), merges: [] }] };
    const q4: GridWorkbook = { source: 'q4', sheets: [{ name: 'Tracker', rows: csvRows('q4-2017-18.csv'), merges: [] }] };
    const frozen = previousFromWorkbook(q3, {}, 'q3', { period: Q3 });
    if (!frozen.ok) throw new Error('the Q3 fixture does not read');
    const expected = runPipeline(q4, {}, { period: Q4, previous: frozen.previous }).report.changes!;
    expect(expected.counts.deliveredSince + expected.counts.newlyDelayed + expected.counts.new + expected.counts.dropped).toBeGreaterThan(0);
    const line = await report.findByTestId('changes-line');
    expect(line.textContent).toBe(`Comparing with the Q3 2017-18 report published on 15 January 2018. ${changesLine(expected)}`);
    expect(report.getByRole('document', { name: 'Report preview' }).textContent).toContain('Changes since Q3 2017-18');

    // Q4 published too: the default stays Q3 (the latest published before Q4).
    now = new Date('2018-04-12T08:00:00.000Z');
    await click(report.getByRole('button', { name: 'Publish report' }));
    expect(within(report.getByRole('list', { name: 'Published reports' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Q4 2017-18, published 12 April 2018 (7 rows)Remove',
      'Q3 2017-18, published 15 January 2018 (7 rows)Remove',
    ]);
    expect((report.getByLabelText<HTMLSelectElement>('Compare with…')).selectedOptions[0]!.textContent).toBe('Q3 2017-18, published 15 January 2018');

    // No comparison, then back.
    fireEvent.change(report.getByLabelText('Compare with…'), { target: { value: '' } });
    await waitFor(() => expect(report.queryByTestId('changes-line')).toBeNull());
    await waitFor(() => expect(report.getByRole('document', { name: 'Report preview' }).textContent).not.toContain('Changes since'));
    const q3Key = [...(report.getByLabelText<HTMLSelectElement>('Compare with…')).options].find((o) => o.textContent?.startsWith('Q3'))!.value;
    fireEvent.change(report.getByLabelText('Compare with…'), { target: { value: q3Key } });
    await report.findByTestId('changes-line');

    // Remove asks first, in place; "Keep it" keeps it and the focus goes back to Remove.
    await click(report.getByRole('button', { name: 'Remove the Q3 2017-18 report published on 15 January 2018' }));
    const question = report.getByRole('group', { name: /^Remove the Q3 2017-18 report published on 15 January 2018\?/ });
    expect(question.textContent).toContain('Its figures and 7 register rows are deleted from this workbook; later quarters can no longer compare with it. No sheet is changed.');
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep it' }));
    await click(within(question).getByRole('button', { name: 'Keep it' }));
    expect(report.queryByRole('group', { name: /^Remove the/ })).toBeNull();
    expect(document.activeElement).toBe(report.getByRole('button', { name: 'Remove the Q3 2017-18 report published on 15 January 2018' }));
    expect(within(report.getByRole('list', { name: 'Published reports' })).getAllByRole('listitem')).toHaveLength(2);

    await click(report.getByRole('button', { name: 'Remove the Q3 2017-18 report published on 15 January 2018' }));
    await click(within(report.getByRole('group', { name: /^Remove the Q3/ })).getByRole('button', { name: 'Remove it' }));
    expect(await report.findByText('Removed the Q3 2017-18 report published on 15 January 2018 from this workbook. The sheets were not changed.')).toBeTruthy();
    await waitFor(() =>
      expect(within(report.getByRole('list', { name: 'Published reports' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
        'Q4 2017-18, published 12 April 2018 (7 rows)Remove',
      ]),
    );
    // Nothing published before Q4 is left: no comparison unless one is chosen.
    await waitFor(() => expect(report.queryByTestId('changes-line')).toBeNull());
    expect((report.getByLabelText<HTMLSelectElement>('Compare with…')).value).toBe('');
    expect(report.getByText('No report was published before this one\u2019s quarter; choose one to compare with.')).toBeTruthy();
    expect(wb.otherChanges()).toEqual([]);
  });
});

test('a damaged published report is listed with what is wrong and can be removed; it is never offered to compare with', async () => {
  const wb = fakeWorkbook(csvRows('q4-2017-18.csv'));
  wb.parts.push({ id: '{DAMAGED}', xml: `<snapshot xmlns="${SNAPSHOT_NAMESPACE}" version="1" id="x"><payload/></snapshot>`, deleted: false });
  render(<Pane host={createExcelHost(officeWith(20), wb.run, { sleep: noWait })} engine={pageEngine()} exports={noExports} />);
  await screen.findByText(/7 rows read/);
  const report = within(region('Report'));
  const list = await report.findByRole('list', { name: 'Published reports' });
  expect(list.textContent).toContain('A published snapshot (x) stored in the workbook cannot be read: it has no publishing date.');
  expect(report.queryByLabelText('Compare with…')).toBeNull();
  await click(report.getByRole('button', { name: 'Remove the published report that cannot be read' }));
  await click(within(report.getByRole('group', { name: /^Remove the published report that cannot be read\?/ })).getByRole('button', { name: 'Remove it' }));
  await report.findByText('None yet: Publish report keeps one.');
  expect(wb.parts.filter((p) => !p.deleted)).toEqual([]);
});

test('an Excel without ExcelApi 1.5 says plainly that it cannot keep published reports; no Publish button', async () => {
  const wb = fakeWorkbook(csvRows('q4-2017-18.csv'));
  render(<Pane host={createExcelHost(officeWith(4), wb.run, { sleep: noWait })} engine={pageEngine()} exports={noExports} />);
  await screen.findByText(/7 rows read/);
  const report = within(region('Report'));
  expect(report.getByText(/^This version of Excel cannot keep published reports in the workbook \(it needs ExcelApi 1\.5/)).toBeTruthy();
  expect(report.queryByRole('button', { name: 'Publish report' })).toBeNull();
});
