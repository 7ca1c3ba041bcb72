// Task pane entry: inside Excel the pane drives the workbook; without Office (or offline) it works on a file.
import { createRoot } from 'react-dom/client';
import type { ExcelRunner } from '../adapters/office/excel-session';
import { Pane } from './app';
import { createExcelHost } from './excel-host';
import { createFileHost } from './file-host';
import type { PaneHost } from './pane-host';

const OFFICE_READY_TIMEOUT_MS = 5000;

/** Excel when office.js loaded inside Excel; otherwise (office.js missing, host null, timeout) standalone. */
export async function chooseHost(scope: { Office?: typeof Office; Excel?: typeof Excel } = globalThis as never): Promise<PaneHost> {
  const office = scope.Office;
  if (office && typeof office.onReady === 'function') {
    const info = await Promise.race([
      office.onReady().catch(() => undefined),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), OFFICE_READY_TIMEOUT_MS)),
    ]);
    const excel = scope.Excel;
    if (info && info.host === office.HostType.Excel && excel) {
      const run: ExcelRunner = (batch) => excel.run(batch);
      return createExcelHost(office, run);
    }
  }
  return createFileHost();
}

async function boot(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) return;
  const host = await chooseHost();
  document.documentElement.dataset.mode = host.kind;
  createRoot(container).render(<Pane host={host} />);
}

void boot();
