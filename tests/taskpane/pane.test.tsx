/** @jest-environment jsdom */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Pane, type ReportExports } from '../../src/taskpane/app';
import { CancelledError } from '../../src/shared/long-work';
import type { Download, HostOutcome } from '../../src/taskpane/pane-host';
import { fakeHost } from './fake-host';

beforeAll(() => {
  // jsdom has no blob URLs.
  URL.createObjectURL = () => 'blob:made-in-test';
  URL.revokeObjectURL = () => undefined;
});

function fakeExports(copyResult: 'clipboard' | 'failed' = 'clipboard') {
  const downloads: Download[] = [];
  const copied: string[] = [];
  const exports: ReportExports = {
    packDocx: async (report) => new Blob([`docx for ${report.quarter} ${report.financialYear}`]),
    copy: async (report) => {
      copied.push(`${report.quarter} ${report.financialYear}`);
      return copyResult;
    },
    download: (d) => downloads.push(d),
  };
  return { exports, downloads, copied };
}

async function openTracker() {
  const input = screen.getByLabelText<HTMLInputElement>('Open workbook');
  const file = new File([new Uint8Array([1, 2, 3])], 'tracker.xlsx');
  await act(async () => {
    fireEvent.change(input, { target: { files: [file] } });
  });
  await screen.findByText('tracker.xlsx', { selector: 'strong' });
  await screen.findByText(/rows read/);
}

const region = (name: string) => screen.getByRole('region', { name });

describe('standalone pane (no Office)', () => {
  test('before a file is opened: "Open workbook" is offered and the later steps wait', async () => {
    const { host } = fakeHost('file');
    // Rendered inside act so the settings the pane loads on opening land before the checks.
    await act(async () => {
      render(<Pane host={host} exports={fakeExports().exports} />);
    });
    expect(screen.getByLabelText('Open workbook')).toHaveProperty('type', 'file');
    expect(screen.getByRole('button', { name: 'Build register' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Generate report' })).toHaveProperty('disabled', true);
    expect(within(region('Issues')).getByText(/Issues appear here/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Read workbook again' })).toBeNull();
  });

  test('after opening a tracker: header row, mapping with confidence, unknown status words, row counts', async () => {
    const { host, calls } = fakeHost('file');
    render(<Pane host={host} exports={fakeExports().exports} />);
    await openTracker();
    expect(calls.openFile).toEqual(['tracker.xlsx']);
    const source = region('Source');
    expect(within(source).getByText(/header row 3 on "Tracker"/)).toBeTruthy();
    const table = within(source).getByRole('table', { name: 'Column mapping for Tracker' });
    const milestoneRow = within(table).getByText('Milestone', { selector: 'td' }).closest('tr')!;
    expect(within(milestoneRow).getByRole('option', { name: 'Milestone (auto)' })).toBeTruthy();
    expect(milestoneRow.textContent).toMatch(/\d+%/);
    const statusRow = within(table).getByText('Status', { selector: 'td' }).closest('tr')!;
    expect(statusRow.textContent).toContain('Quarter columns');
    expect(within(source).getByLabelText('“Wobbly” means')).toBeTruthy();
    expect(within(region('Build register')).getByText('5 rows read: 3 go into the register, 2 have errors.')).toBeTruthy();
  });

  test('the Issues region groups issues by severity, with each cell address, and counts them in the badge', async () => {
    const { host } = fakeHost('file');
    render(<Pane host={host} exports={fakeExports().exports} />);
    await openTracker();
    const issues = region('Issues');
    const errors = within(issues).getByRole('list', { name: /^Errors \(\d+\)$/ });
    expect(within(errors).getByText('Tracker!D7')).toBeTruthy();
    expect(within(errors).getByText('Tracker!I6')).toBeTruthy();
    const total = within(issues).getAllByRole('listitem').length;
    expect(within(issues).getByText(String(total))).toBeTruthy();
    // Standalone: addresses are text, not buttons (there is no Excel to select in).
    expect(within(issues).queryAllByRole('button', { name: /^Go to/ })).toHaveLength(0);
  });

  test('mapping an unknown status word on the Source step removes its issue', async () => {
    const { host } = fakeHost('file');
    render(<Pane host={host} exports={fakeExports().exports} />);
    await openTracker();
    expect(within(region('Issues')).getByText('Tracker!I6')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('“Wobbly” means'), { target: { value: 'some-delay' } });
    await waitFor(() => expect(within(region('Issues')).queryByText('Tracker!I6')).toBeNull());
  });

  test('choosing the RAG scale: the status words are offered its statuses, and Save settings keeps the choice', async () => {
    const { host, calls } = fakeHost('file');
    render(<Pane host={host} exports={fakeExports().exports} />);
    await openTracker();
    const scale = screen.getByLabelText<HTMLSelectElement>('Status scale');
    expect(scale.value).toBe('delivery');
    fireEvent.change(scale, { target: { value: 'rag' } });
    await waitFor(() => {
      const offered = [...(screen.getByLabelText<HTMLSelectElement>('\u201cWobbly\u201d means')).options].map((o) => o.textContent);
      expect(offered).toEqual(['Not set (reported as an issue)', 'Complete', 'Green', 'Amber', 'Red']);
    });
    fireEvent.change(screen.getByLabelText('\u201cWobbly\u201d means'), { target: { value: 'amber' } });
    await waitFor(() => expect(within(region('Issues')).queryByText('Tracker!I6')).toBeNull());
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    });
    expect(calls.saveConfig).toEqual([{ scale: 'rag', statusSynonyms: { amber: ['Wobbly'] } }]);
  });

  test('overriding a column sets it in the settings, shown as "Set by you", and Save settings hands it to the host', async () => {
    const { host, calls } = fakeHost('file');
    render(<Pane host={host} exports={fakeExports().exports} />);
    await openTracker();
    fireEvent.change(screen.getByLabelText('Column for Owner'), { target: { value: 'Lead' } });
    const ownerRow = screen.getByLabelText('Column for Owner').closest('tr')!;
    await waitFor(() => expect(ownerRow.textContent).toContain('Set by you'));
    fireEvent.change(screen.getByLabelText('Financial year starts in'), { target: { value: '1' } });
    await screen.findByText(/rows read/);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    });
    expect(calls.saveConfig).toEqual([{ columns: { owner: 'Lead' }, financialYearStartMonth: 1 }]);
  });

  test('Build register hands the engine result to the host, shows progress outcome and starts the download', async () => {
    const { host, calls } = fakeHost('file');
    const fx = fakeExports();
    render(<Pane host={host} exports={fx.exports} />);
    await openTracker();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Build register' }));
    });
    expect(calls.writeRegister).toHaveLength(1);
    expect(calls.writeRegister[0]!.register.map((m) => m.id)).toEqual(['P1.1', 'P1.2', 'P2.1']);
    expect(within(region('Build register')).getByText('Register written (3 milestones).')).toBeTruthy();
    expect(within(region('Build register')).getByRole('link', { name: 'Download register.xlsx' })).toBeTruthy();
    expect(fx.downloads.map((d) => d.fileName)).toEqual(['register.xlsx']);
  });

  test('Report: Quarter and Financial year default to the latest quarter with updates; changing them re-runs the report', async () => {
    const { host, calls } = fakeHost('file');
    render(<Pane host={host} exports={fakeExports().exports} />);
    await openTracker();
    const report = region('Report');
    expect((within(report).getByLabelText<HTMLSelectElement>('Quarter')).value).toBe('Q4');
    expect((within(report).getByLabelText<HTMLSelectElement>('Financial year')).value).toBe('2017-18');
    const preview = within(report).getByRole('document', { name: 'Report preview' });
    expect(preview.textContent).toContain('Quarter 4 2017-18');
    fireEvent.change(within(report).getByLabelText('Quarter'), { target: { value: 'Q3' } });
    await waitFor(() => expect(within(report).getByRole('document', { name: 'Report preview' }).textContent).toContain('Quarter 3 2017-18'));
    await screen.findByText(/rows read/);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Generate report' }));
    });
    expect(calls.writeReport.map((r) => `${r.report.quarter} ${r.report.financialYear}`)).toEqual(['Q3 2017-18']);
    expect(within(report).getByText('Report Q3 2017-18 written.')).toBeTruthy();
  });

  test('Export Word report downloads the .docx; Copy report reports success or says what to do instead', async () => {
    const { host } = fakeHost('file');
    const fx = fakeExports();
    const { unmount } = render(<Pane host={host} exports={fx.exports} />);
    await openTracker();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Export Word report' }));
    });
    expect(fx.downloads.map((d) => d.fileName)).toEqual(['report-Q4-2017-18.docx']);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    });
    expect(fx.copied).toEqual(['Q4 2017-18']);
    expect(within(region('Report')).getByText(/Report copied/)).toBeTruthy();
    unmount();

    const failing = fakeExports('failed');
    render(<Pane host={fakeHost('file').host} exports={failing.exports} />);
    await openTracker();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    });
    expect(within(region('Report')).getByText(/could not be put on the clipboard/)).toBeTruthy();
  });

  test('long work shows its progress with a Cancel button; Cancel stops it, says nothing was made, and the step can run again', async () => {
    let started = 0;
    const { host } = fakeHost('file', {
      // Works until cancelled, as the real hosts do with the signal (tests/adapters/office/faults.test.ts, write-scale.test.ts).
      writeRegister: (_r, progress, signal) =>
        new Promise<HostOutcome>((resolve) => {
          started++;
          progress(0.3);
          signal!.addEventListener('abort', () =>
            resolve({ ok: false, cancelled: true, message: 'Making register.xlsx cancelled. No file was made; your file is unchanged.', issues: [], downloads: [] }),
          );
        }),
    });
    const fx = fakeExports();
    render(<Pane host={host} exports={fx.exports} />);
    await openTracker();
    const build = region('Build register');
    await act(async () => {
      fireEvent.click(within(build).getByRole('button', { name: 'Build register' }));
    });
    const cancel = within(build).getByRole('button', { name: 'Cancel: Building the register' });
    expect(within(build).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0.3');
    // Everything else waits meanwhile.
    expect(screen.getByRole('button', { name: 'Generate report' })).toHaveProperty('disabled', true);
    await act(async () => {
      fireEvent.click(cancel);
    });
    expect(within(build).getByText('Making register.xlsx cancelled. No file was made; your file is unchanged.')).toBeTruthy();
    expect(within(build).queryByRole('button', { name: /^Cancel/ })).toBeNull();
    expect(within(build).queryByRole('link')).toBeNull();
    expect(fx.downloads).toEqual([]);
    expect(within(build).getByRole('button', { name: 'Build register' })).toHaveProperty('disabled', false);
    expect(started).toBe(1);
  });

  test('Export Word report can be cancelled too: no file is downloaded', async () => {
    const { host } = fakeHost('file');
    const fx = fakeExports();
    fx.exports.packDocx = (_report, options) =>
      new Promise<Blob>((_resolve, reject) => {
        options?.onProgress?.(0.2);
        options?.signal?.addEventListener('abort', () => reject(new CancelledError()));
      });
    render(<Pane host={host} exports={fx.exports} />);
    await openTracker();
    const report = region('Report');
    await act(async () => {
      fireEvent.click(within(report).getByRole('button', { name: 'Export Word report' }));
    });
    await act(async () => {
      fireEvent.click(within(report).getByRole('button', { name: 'Cancel: Making the Word report' }));
    });
    expect(within(report).getByText('Making the Word report cancelled. No file was made.')).toBeTruthy();
    expect(fx.downloads).toEqual([]);
  });

  test('a read cancelled half-way keeps the tracker read before', async () => {
    let reads = 0;
    const base = fakeHost('file');
    const { host } = fakeHost('file', {
      openFile: (f, progress, signal) => {
        reads++;
        if (reads === 1) return base.host.openFile!(f, progress, signal);
        return new Promise((resolve) => {
          signal!.addEventListener('abort', () =>
            resolve({ ok: false, issue: { severity: 'warning', sheet: '', cell: '', code: 'cancelled', message: 'Reading big.xlsx cancelled. The file was not changed; nothing was read.' } }),
          );
        });
      },
    });
    render(<Pane host={host} exports={fakeExports().exports} />);
    await openTracker();
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Open workbook'), { target: { files: [new File(['x'], 'big.xlsx')] } });
    });
    await act(async () => {
      fireEvent.click(within(region('Source')).getByRole('button', { name: 'Cancel: Reading the file' }));
    });
    expect(await screen.findAllByText(/Reading big.xlsx cancelled/)).not.toHaveLength(0);
    expect(screen.getByText('tracker.xlsx', { selector: 'strong' })).toBeTruthy();
    expect(within(region('Build register')).getByText('5 rows read: 3 go into the register, 2 have errors.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Build register' })).toHaveProperty('disabled', false);
  });

  test('several files chosen together are handed to the host as one source', async () => {
    const { host, calls } = fakeHost('file');
    render(<Pane host={host} exports={fakeExports().exports} />);
    const input = screen.getByLabelText<HTMLInputElement>('Open workbook');
    expect(input.multiple).toBe(true);
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File(['a'], 'housing.xlsx'), new File(['b'], 'waste.csv')] } });
    });
    await screen.findByText(/rows read/);
    expect(calls.openFile).toEqual(['housing.xlsx, waste.csv']);
  });

  test('a file that cannot be read shows the reader\u2019s message and keeps the steps waiting', async () => {
    const { host } = fakeHost('file', {
      openFile: async () => ({ ok: false, issue: { severity: 'error', sheet: '', cell: '', code: 'not-a-workbook', message: 'notes.docx is not an Excel workbook (.xlsx) or a CSV file.' } }),
    });
    render(<Pane host={host} exports={fakeExports().exports} />);
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Open workbook'), { target: { files: [new File(['x'], 'notes.docx')] } });
    });
    expect(await screen.findAllByText(/notes.docx is not an Excel workbook/)).not.toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Build register' })).toHaveProperty('disabled', true);
  });
});

describe('inside Excel', () => {
  test('reads the workbook at once, names missing Excel features, and a click on an issue selects its cell', async () => {
    const { host, calls } = fakeHost('excel', { limitations: ['status and quarter dropdowns (needs ExcelApi 1.8)'] });
    render(<Pane host={host} exports={fakeExports().exports} />);
    await screen.findByText('This workbook', { selector: 'strong' });
    await screen.findByText(/rows read/);
    expect(calls.readWorkbook).toBe(1);
    expect(screen.queryByLabelText('Open workbook')).toBeNull();
    expect(screen.getByText(/status and quarter dropdowns \(needs ExcelApi 1\.8\)/)).toBeTruthy();
    await act(async () => {
      fireEvent.click(within(region('Issues')).getByRole('button', { name: 'Go to Tracker!D7' }));
    });
    expect(calls.selectCell).toEqual([['Tracker', 'D7']]);
    expect(screen.getByRole('button', { name: 'Save settings in workbook' })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove generated sheets' }));
    });
    expect(calls.removeGenerated).toBe(1);
    expect(within(region('Tidy up')).getByText('Removed "Milestone Register".')).toBeTruthy();
  });

  test('"Check again" re-reads the workbook after edits', async () => {
    const { host, calls } = fakeHost('excel');
    render(<Pane host={host} exports={fakeExports().exports} />);
    await screen.findByText('This workbook', { selector: 'strong' });
    await screen.findByText(/rows read/);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    });
    expect(calls.readWorkbook).toBe(2);
  });
});
