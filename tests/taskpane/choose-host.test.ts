/** @jest-environment jsdom */
import { chooseHost, openedByOffice } from '../../src/taskpane/index';
import { OfficeJsSim } from '../adapters/office/office-js-sim';

const excelStub = { run: async () => undefined } as unknown as typeof Excel;
const office = (host: string | null, sets = 20) =>
  ({
    HostType: { Excel: 'Excel' },
    onReady: async () => ({ host, platform: null }),
    context: { requirements: { isSetSupported: (_: string, v?: string) => Number((v ?? '1.1').split('.')[1]) <= sets } },
  }) as unknown as typeof Office;

describe('choosing where the pane runs', () => {
  test('no office.js (CDN unreachable): standalone on a file', async () => {
    const host = await chooseHost({});
    expect(host.kind).toBe('file');
    expect(host.openFile).toBeDefined();
  });

  test('office.js loaded outside Office (host null): standalone', async () => {
    expect((await chooseHost({ Office: office(null), Excel: excelStub })).kind).toBe('file');
  });

  test('inside Excel: the Excel host, with what an old Excel lacks', async () => {
    const host = await chooseHost({ Office: office('Excel', 7), Excel: excelStub });
    expect(host.kind).toBe('excel');
    expect(host.readWorkbook).toBeDefined();
    expect(host.openFile).toBeUndefined();
    expect(host.limitations.join('; ')).toMatch(/dropdowns.*1\.8.*print setup.*1\.9/);
  });

  test('an Excel too old to read cells says so and points to the standalone page', async () => {
    const host = await chooseHost({ Office: office('Excel', 3), Excel: excelStub });
    expect(host.limitations.join('; ')).toMatch(/reading the workbook \(needs ExcelApi 1\.4\)/);
    const r = await host.readWorkbook!(() => undefined);
    expect(r).toEqual({ ok: false, issue: expect.objectContaining({ code: 'excel-too-old', suggestion: expect.stringMatching(/standalone page/) }) });
  });

  test('office.js that never becomes ready does not hang the pane', async () => {
    jest.useFakeTimers();
    const stuck = { ...office('Excel'), onReady: () => new Promise(() => undefined) } as unknown as typeof Office;
    const pending = chooseHost({ Office: stuck, Excel: excelStub });
    await jest.advanceTimersByTimeAsync(6000);
    expect((await pending).kind).toBe('file');
    jest.useRealTimers();
  });

  test('opened by Office (_host_Info), a slow Office is waited for: the pane says it is waiting, then runs on Excel', async () => {
    jest.useFakeTimers();
    let ready!: (v: unknown) => void;
    const slow = { ...office('Excel'), onReady: () => new Promise((r) => (ready = r)) } as unknown as typeof Office;
    const onSlow = jest.fn();
    const pending = chooseHost({ Office: slow, Excel: excelStub }, { where: { search: '?_host_Info=Excel$Web$16.01$en-GB$$$$0' }, onSlow });
    let settled = false;
    void pending.then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(20_000);
    expect(settled).toBe(false);
    expect(onSlow).toHaveBeenCalledTimes(1);
    ready({ host: 'Excel', platform: 'OfficeOnline' });
    expect((await pending).kind).toBe('excel');
    jest.useRealTimers();
  });

  test('Office\u2019s host information is found where office.js keeps it after a reload', () => {
    expect(openedByOffice({ search: '?_host_Info=Excel$Win32$16.01$en-GB$telemetry$$$0' })).toBe(true);
    expect(openedByOffice({ search: '', sessionStorage: { getItem: (k: string) => (k === 'hostInfoValue' ? 'Excel$Web$16.01' : null) } })).toBe(true);
    expect(openedByOffice({ search: '', name: JSON.stringify({ hostInfo: 'Excel|Mac|16.01' }) })).toBe(true);
    expect(openedByOffice({ search: '?file=x', name: '', sessionStorage: { getItem: () => null } })).toBe(false);
  });

  test('inside Excel, requests wait while the user is typing in a cell (Excel.run with delayForCellEdit)', async () => {
    const sim = new OfficeJsSim([{ name: 'Tracker', rows: [['Ref'], ['P1']] }]);
    const host = await chooseHost({ Office: office('Excel'), Excel: sim.Excel });
    sim.cellEditMode = true;
    const r = await host.readWorkbook!(() => undefined);
    expect(r.ok).toBe(true);
    expect(sim.waitedForCellEdit).toBe(1);
  });
});
