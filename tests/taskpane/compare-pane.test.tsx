/** @jest-environment jsdom */
// Standalone pane: "Compare with…" a previous period's file; the changes line, the preview's "Changes since" section,
// "Stop comparing", a previous file without a tracker said plainly, and a register.xlsx's published report used.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { TextDecoder, TextEncoder } from 'node:util';
import { previousFromWorkbook, runPipeline } from '../../src/domain/pipeline';
import { Pane, type ReportExports } from '../../src/taskpane/app';
import { changesLine } from '../../src/taskpane/components/changes-line';
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
  const report = screen.getByRole('region', { name: 'Report' });
  // The browser's file input, whose own words would say "No file chosen" once emptied for the next choice, is not
  // shown: the Compare with… button opens it, and the words beside the button say what is compared with.
  const input = screen.getByLabelText<HTMLInputElement>('Compare with…');
  expect(input.type).toBe('file');
  expect(input.hidden).toBe(true);
  const opened = jest.spyOn(input, 'click').mockImplementation(() => undefined);
  fireEvent.click(within(report).getByRole('button', { name: 'Compare with…' }));
  expect(opened).toHaveBeenCalledTimes(1);
  expect(within(report).getByTestId('compare-file').textContent).toBe('No file chosen');
  await choose('Compare with…', 'q3-2017-18.csv');
  // The tracker's latest quarter with updates is Q1 2018-19 (C2's new due date); the previous file has no quarter
  // columns, so it is taken as the quarter before. The counts are the fixtures README's.
  const line = await within(report).findByTestId('changes-line');
  expect(line.textContent).toBe(
    'Comparing with q3-2017-18.csv. Since Q4 2017-18: 2 delivered, 2 newly delayed, 1 recovered, 1 due date moved, 1 new, 1 dropped (6 in both).',
  );
  const preview = within(report).getByRole('document', { name: 'Report preview' });
  expect(preview.textContent).toContain('Changes since Q4 2017-18');
  expect(preview.textContent).toContain('No longer in the tracker; was on track in Q4 2017-18.');
  expect(within(report).getByTestId('compare-file').textContent).toBe('q3-2017-18.csv');
  expect(report.textContent).not.toContain('No file chosen');

  await act(async () => {
    fireEvent.click(within(report).getByRole('button', { name: 'Stop comparing' }));
  });
  await waitFor(() => expect(within(report).queryByTestId('changes-line')).toBeNull());
  await waitFor(() => expect(within(report).getByRole('document', { name: 'Report preview' }).textContent).not.toContain('Changes since'));
  expect(within(report).getByTestId('compare-file').textContent).toBe('No file chosen');
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

test('a register.xlsx that carries its published report: Compare with… uses the report, and finds what comparing with the tracker it froze finds', async () => {
  const { runCli } = await import('../../src/cli/main.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pane-register-'));
  try {
    const out: string[] = [];
    const code = await runCli([FILES['q3-2017-18.csv']!, '--quarter', 'Q3', '--year', '2017-18', '--out', dir], { out: (l) => out.push(l), err: (l) => out.push(l), cwd: ROOT });
    expect(code).toBe(0);
    const bytes = readFileSync(path.join(dir, 'register.xlsx'));
    // jsdom's File has no arrayBuffer(); browsers' has.
    const withBytes = Object.assign(new File([bytes], 'register.xlsx'), { arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    const base = host();
    let sheetsRead = 0;
    await act(async () => {
      render(<Pane host={{ ...base, openPreviousFile: (f, p, s) => (sheetsRead++, base.openPreviousFile!(f, p, s)) }} engine={pageEngine()} exports={fakeExports} />);
    });
    await choose('Open workbook', 'q4-2017-18.csv');
    await screen.findByText(/rows read/);
    const report = screen.getByRole('region', { name: 'Report' });
    fireEvent.change(within(report).getByLabelText('Quarter'), { target: { value: 'Q4' } });
    await waitFor(() => expect(within(report).getByRole('document', { name: 'Report preview' }).textContent).toContain('Quarter 4 '));
    fireEvent.change(within(report).getByLabelText('Financial year'), { target: { value: '2017-18' } });
    await waitFor(() => expect(within(report).getByRole('document', { name: 'Report preview' }).textContent).toContain('Quarter 4 2017-18'));
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Compare with…'), { target: { files: [withBytes] } });
    });
    const line = await within(report).findByTestId('changes-line');
    expect(sheetsRead).toBe(0);
    expect(line.textContent).toMatch(/^Comparing with register\.xlsx \(its Q3 2017-18 report, published \d{1,2} [A-Z][a-z]+ \d{4}\)\. /);
    // The words beside Compare with… agree: the file chosen, not "No file chosen".
    expect(within(report).getByTestId('compare-file').textContent).toBe('register.xlsx');
    expect(report.textContent).not.toContain('No file chosen');

    const q3 = await readWorkbookBytesOf('q3-2017-18.csv');
    const q4 = await readWorkbookBytesOf('q4-2017-18.csv');
    const frozen = previousFromWorkbook(q3, {}, 'q3', { period: { quarter: 'Q3', financialYear: '2017-18' } });
    if (!frozen.ok) throw new Error('the Q3 fixture does not read');
    const expected = runPipeline(q4, {}, { period: { quarter: 'Q4', financialYear: '2017-18' }, previous: frozen.previous }).report.changes!;
    expect(line.textContent.replace(/^Comparing with .*?\)\. /, '')).toBe(changesLine(expected));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function readWorkbookBytesOf(name: string) {
  const { readWorkbookBytes } = await import('../../src/adapters/xlsx/read-workbook.js');
  const r = await readWorkbookBytes(new Uint8Array(readFileSync(FILES[name]!)), name);
  if (!r.ok) throw new Error(`${name} does not read`);
  return r.workbook;
}
