/** @jest-environment jsdom */
import { chooseHost } from '../../src/taskpane/index';

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
});
