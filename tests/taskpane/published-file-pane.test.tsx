/** @jest-environment jsdom */
// Standalone pane: Publish report downloads register.xlsx with the quarter's report inside; the published reports of
// the chosen file (then of the register.xlsx just published) are listed, with no Remove but a sentence saying why; next
// quarter, Compare with… that register.xlsx compares with what was published; and a register.xlsx chosen as the file
// is compared with its own published report by default, as a workbook in Excel is. The real standalone host, reader
// and writer, on the page.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDecoder, TextEncoder } from 'node:util';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { GridWorkbook } from '../../src/domain/grid';
import { previousFromWorkbook, runPipeline } from '../../src/domain/pipeline';
import { Pane, type ReportExports } from '../../src/taskpane/app';
import { changesLine } from '../../src/taskpane/components/changes-line';
import { pageEngine } from '../../src/taskpane/engine';
import { CANNOT_REMOVE, createFileHost } from '../../src/taskpane/file-host';
import type { Download } from '../../src/taskpane/pane-host';

// jsdom has no TextEncoder, which the xlsx reader and writer use (a browser's in the real pane).
Object.assign(globalThis, { TextEncoder, TextDecoder });

const DIR = path.resolve(__dirname, '../fixtures/compare');
const Q3 = { quarter: 'Q3', financialYear: '2017-18' } as const;
const Q4 = { quarter: 'Q4', financialYear: '2017-18' } as const;
const region = (name: string) => screen.getByRole('region', { name });

/** A File whose bytes can be read (jsdom's File has no arrayBuffer(); browsers' has). */
function fileOf(name: string, bytes: Uint8Array): File {
  const copy = bytes.slice();
  return Object.assign(new File([copy], name), { arrayBuffer: async () => copy.buffer });
}
const fixture = (name: string) => fileOf(name, new Uint8Array(readFileSync(path.join(DIR, name))));

/** Blobs the pane offers, by URL, read back as bytes (jsdom has no object URLs). */
const blobs = new Map<string, Blob>();
beforeAll(() => {
  URL.createObjectURL = (b: Blob) => {
    const url = `blob:made-in-test/${blobs.size}`;
    blobs.set(url, b);
    return url;
  };
  URL.revokeObjectURL = () => undefined;
});
const bytesOf = (d: Download) =>
  new Promise<Uint8Array>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('the blob could not be read'));
    reader.readAsArrayBuffer(blobs.get(d.url)!);
  });

async function choose(label: string, file: File) {
  await act(async () => {
    fireEvent.change(screen.getByLabelText(label, { selector: 'input' }), { target: { files: [file] } });
  });
}

async function idle() {
  await waitFor(() => expect(screen.getByRole('button', { name: 'Generate report' }).hasAttribute('disabled')).toBe(false));
}

async function setPeriod(quarter: string) {
  const report = within(region('Report'));
  fireEvent.change(report.getByLabelText('Quarter'), { target: { value: quarter } });
  await idle();
  fireEvent.change(report.getByLabelText('Financial year'), { target: { value: '2017-18' } });
  await waitFor(() => expect(report.getByRole('document', { name: 'Report preview' }).textContent).toContain(`Quarter ${quarter.slice(1)} 2017-18`));
  await idle();
}

function expectedChanges() {
  const rows = (f: string) => readFileSync(path.join(DIR, f), 'utf8').trim().split('\n').map((l) => l.split(','));
  const q3: GridWorkbook = { source: 'q3', sheets: [{ name: 'Tracker', rows: rows('q3-2017-18.csv'), merges: [] }] };
  const q4: GridWorkbook = { source: 'q4', sheets: [{ name: 'Tracker', rows: rows('q4-2017-18.csv'), merges: [] }] };
  const frozen = previousFromWorkbook(q3, {}, 'q3', { period: Q3 });
  if (!frozen.ok) throw new Error('the Q3 fixture does not read');
  return runPipeline(q4, {}, { period: Q4, previous: frozen.previous }).report.changes!;
}

test('publish Q3, then next quarter compare with the register.xlsx it downloaded; Remove is explained, not offered', async () => {
  const downloads: Download[] = [];
  const exports: ReportExports = { packDocx: async () => new Blob(['x']), copy: async () => 'clipboard', download: (d) => downloads.push(d) };
  const host = createFileHost(undefined, undefined, { now: () => new Date('2018-01-15T10:30:00.000Z') });
  await act(async () => {
    render(<Pane host={host} engine={pageEngine()} exports={exports} />);
  });
  const report = within(region('Report'));
  expect(report.getByText('None yet: Publish report makes a register.xlsx with this quarter\u2019s inside.')).toBeTruthy();
  expect(report.getByRole('button', { name: 'Publish report' }).hasAttribute('disabled')).toBe(true);

  await choose('Open workbook', fixture('q3-2017-18.csv'));
  await screen.findByText(/7 rows read/);
  await setPeriod('Q3');
  expect(report.getByRole('heading', { name: 'Published reports in q3-2017-18.csv' })).toBeTruthy();
  expect(report.getByText('None in q3-2017-18.csv. Publish report makes a register.xlsx with this quarter\u2019s inside.')).toBeTruthy();
  expect(
    report.getByText('Downloads register.xlsx with this quarter\u2019s report (Q3 2017-18, 7 register rows) frozen inside; next quarter, choose it in Compare with\u2026 to see what changed since.'),
  ).toBeTruthy();

  await act(async () => {
    fireEvent.click(report.getByRole('button', { name: 'Publish report' }));
  });
  await report.findByText(/^Published the Q3 2017-18 report on 15 January 2018: register\.xlsx carries its figures and 7 register rows inside/);
  expect(downloads.map((d) => d.fileName)).toEqual(['register.xlsx']);
  expect(report.getByRole('link', { name: 'Download register.xlsx' }).getAttribute('href')).toBe(downloads[0]!.url);
  expect(await report.findByRole('heading', { name: 'Published reports in register.xlsx, published just now' })).toBeTruthy();
  const list = report.getByRole('list', { name: 'Published reports' });
  expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Q3 2017-18, published 15 January 2018 (7 rows)']);
  expect(report.queryByRole('button', { name: /^Remove/ })).toBeNull();
  expect(report.getByText(CANNOT_REMOVE)).toBeTruthy();
  // The report just published is this quarter's: it is not offered to compare this quarter with.
  expect(report.queryByRole('combobox', { name: 'Compare with a published report' })).toBeNull();

  // Next quarter: the overwritten tracker, compared with the register.xlsx downloaded last quarter.
  const published = await bytesOf(downloads[0]!);
  await choose('Open workbook', fixture('q4-2017-18.csv'));
  await screen.findByRole('heading', { name: 'Published reports in q4-2017-18.csv' });
  await setPeriod('Q4');
  await choose('Compare with…', fileOf('register.xlsx', published));
  const line = await report.findByTestId('changes-line');
  expect(line.textContent).toBe(`Comparing with register.xlsx (its Q3 2017-18 report, published 15 January 2018). ${changesLine(expectedChanges())}`);
  expect(report.getByRole('document', { name: 'Report preview' }).textContent).toContain('Changes since Q3 2017-18');
  // One way to compare at a time: the file chosen; no list of published reports to choose from as well.
  expect(report.queryByRole('combobox', { name: 'Compare with a published report' })).toBeNull();
}, 60_000);

test('a register.xlsx chosen as the file: its published report is listed and compared with by default, and kept in the next one', async () => {
  const downloads: Download[] = [];
  const exports: ReportExports = { packDocx: async () => new Blob(['x']), copy: async () => 'clipboard', download: (d) => downloads.push(d) };
  let now = new Date('2018-01-15T10:30:00.000Z');
  const host = createFileHost(undefined, undefined, { now: () => now });
  await act(async () => {
    render(<Pane host={host} engine={pageEngine()} exports={exports} />);
  });
  const report = within(region('Report'));
  await choose('Open workbook', fixture('q3-2017-18.csv'));
  await screen.findByText(/7 rows read/);
  await setPeriod('Q3');
  await act(async () => {
    fireEvent.click(report.getByRole('button', { name: 'Publish report' }));
  });
  await report.findByRole('heading', { name: 'Published reports in register.xlsx, published just now' });

  await choose('Open workbook', fileOf('register.xlsx', await bytesOf(downloads[0]!)));
  await report.findByRole('heading', { name: 'Published reports in register.xlsx' });
  await setPeriod('Q4');
  const compare = report.getByRole<HTMLSelectElement>('combobox', { name: 'Compare with a published report' });
  expect(compare.selectedOptions[0]!.textContent).toBe('Q3 2017-18, published 15 January 2018');
  const line = await report.findByTestId('changes-line');
  expect(line.textContent).toMatch(/^Comparing with the Q3 2017-18 report published on 15 January 2018\. Since Q3 2017-18: /);

  now = new Date('2018-04-16T09:00:00.000Z');
  await act(async () => {
    fireEvent.click(report.getByRole('button', { name: 'Publish report' }));
  });
  await report.findByText(/The report published earlier in register\.xlsx is in it too, unchanged\.$/);
  await waitFor(() =>
    expect(within(report.getByRole('list', { name: 'Published reports' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Q4 2017-18, published 16 April 2018 (7 rows)',
      'Q3 2017-18, published 15 January 2018 (7 rows)',
    ]),
  );
}, 60_000);
