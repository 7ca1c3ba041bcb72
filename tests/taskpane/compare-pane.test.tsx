/** @jest-environment jsdom */
// Standalone pane: "Compare with…" a previous period's file; the changes line, the preview's "Changes since" section,
// "Stop comparing", and a previous file without a tracker said plainly.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { TextDecoder, TextEncoder } from 'node:util';
import { Pane, type ReportExports } from '../../src/taskpane/app';
import { pageEngine } from '../../src/taskpane/engine';
import { createFileHost } from '../../src/taskpane/file-host';
import type { PaneHost, SourceResult } from '../../src/taskpane/pane-host';

// jsdom has no TextEncoder, which the xlsx reader (a browser's in the real pane) uses from its first line; so it is
// given one, and the reader is imported once it is there.
Object.assign(globalThis, { TextEncoder, TextDecoder });

const ROOT = path.resolve(__dirname, '../..');
const FILES: Record<string, string> = {
  'q3-2017-18.csv': path.join(ROOT, 'tests/fixtures/compare/q3-2017-18.csv'),
  'q4-2017-18.csv': path.join(ROOT, 'tests/fixtures/compare/q4-2017-18.csv'),
};
/** A CSV of numbers: no header row, no tracker. */
const NUMBERS = path.join(os.tmpdir(), `numbers-${process.pid}.csv`);
beforeAll(() => {
  writeFileSync(NUMBERS, '1,2,3\n4,5,6\n');
  FILES['numbers.csv'] = NUMBERS;
});
afterAll(() => rmSync(NUMBERS, { force: true }));

/** The real standalone host, reading the fixture a File names (jsdom's File cannot hand over its bytes). */
function host(): PaneHost {
  const read = async (f: File): Promise<SourceResult> => {
    const { readWorkbookBytes } = await import('../../src/adapters/xlsx/read-workbook.js');
    const r = await readWorkbookBytes(new Uint8Array(readFileSync(FILES[f.name]!)), f.name);
    return r.ok ? { ok: true, source: { workbook: r.workbook, readIssues: r.issues, label: f.name } } : r;
  };
  return { ...createFileHost(undefined), openFile: (files) => read(files[0]!), openPreviousFile: read };
}

const fakeExports: ReportExports = { packDocx: async () => new Blob(['docx']), copy: async () => 'clipboard', download: () => undefined };

async function choose(label: string, name: string) {
  await act(async () => {
    fireEvent.change(screen.getByLabelText(label), { target: { files: [new File(['x'], name)] } });
  });
}

test('Compare with… shows what changed, in the step and in the preview; Stop comparing clears it', async () => {
  await act(async () => {
    render(<Pane host={host()} engine={pageEngine()} exports={fakeExports} />);
  });
  await choose('Open workbook', 'q4-2017-18.csv');
  await screen.findByText(/rows read/);
  await choose('Compare with…', 'q3-2017-18.csv');
  const report = screen.getByRole('region', { name: 'Report' });
  // The tracker's latest quarter with updates is Q1 2018-19 (C2's new due date); the previous file has no quarter
  // columns, so it is taken as the quarter before. The counts are the fixtures README's.
  const line = await within(report).findByTestId('changes-line');
  expect(line.textContent).toBe(
    'Comparing with q3-2017-18.csv. Since Q4 2017-18: 2 delivered, 2 newly delayed, 1 recovered, 1 due date moved, 1 new, 1 dropped (6 in both).',
  );
  const preview = within(report).getByRole('document', { name: 'Report preview' });
  expect(preview.textContent).toContain('Changes since Q4 2017-18');
  expect(preview.textContent).toContain('No longer in the tracker; was on track in Q4 2017-18.');

  await act(async () => {
    fireEvent.click(within(report).getByRole('button', { name: 'Stop comparing' }));
  });
  await waitFor(() => expect(within(report).queryByTestId('changes-line')).toBeNull());
  await waitFor(() => expect(within(report).getByRole('document', { name: 'Report preview' }).textContent).not.toContain('Changes since'));
});

test('a previous file with no tracker is said plainly; the report stays as it was', async () => {
  await act(async () => {
    render(<Pane host={host()} engine={pageEngine()} exports={fakeExports} />);
  });
  await choose('Open workbook', 'q4-2017-18.csv');
  await screen.findByText(/rows read/);
  await choose('Compare with…', 'numbers.csv');
  const report = screen.getByRole('region', { name: 'Report' });
  await waitFor(() => expect(report.textContent).toMatch(/The previous file cannot be used: No milestone tracker was found in numbers\.csv/));
  expect(within(report).queryByTestId('changes-line')).toBeNull();
  expect(within(report).getByRole('document', { name: 'Report preview' }).textContent).not.toContain('Changes since');
});
