// Task pane entry: inside Excel the pane drives the workbook; without Office (or offline) it works on a file.
import { createRoot } from 'react-dom/client';
import type { ExcelRunner } from '../adapters/office/excel-run';
import { browserExports, Pane } from './app';
import { workerEngine, type Engine } from './engine';
import { createExcelHost } from './excel-host';
import { createFileHost } from './file-host';
import type { PaneHost } from './pane-host';
import { workerReportDocx } from './report-exports';

const OFFICE_READY_TIMEOUT_MS = 5000;

export interface ChooseOptions {
  /** Where Office puts its host information when it opens the pane (`_host_Info`); defaults to this window's. */
  where?: { search?: string; name?: string; sessionStorage?: Pick<Storage, 'getItem'> | null };
  /** Called when Office is slow to become ready inside Excel (the pane keeps waiting). */
  onSlow?: () => void;
  /** The pane's engine: standalone, its worker also reads the file and writes register.xlsx. */
  engine?: Engine;
}

/**
 * Did Office open this page? Office adds `_host_Info` to the pane's address (kept in sessionStorage or window.name
 * after a reload), as office.js itself reads it.
 */
export function openedByOffice(where: NonNullable<ChooseOptions['where']>): boolean {
  if (/[?&]_host_Info=/i.test(where.search ?? '')) return true;
  try {
    if (where.sessionStorage?.getItem('hostInfoValue')) return true;
  } catch {
    // Storage refused (privacy settings): fall through.
  }
  try {
    const name = JSON.parse(where.name || 'null') as { hostInfo?: unknown } | null;
    if (name && typeof name === 'object' && name.hostInfo) return true;
  } catch {
    // window.name is not Office's JSON.
  }
  return false;
}

function thisWindow(): NonNullable<ChooseOptions['where']> {
  const w = globalThis as { location?: { search?: string }; name?: string; sessionStorage?: Storage };
  let storage: Storage | null = null;
  try {
    storage = w.sessionStorage ?? null;
  } catch {
    storage = null;
  }
  return { search: w.location?.search ?? '', name: w.name ?? '', sessionStorage: storage };
}

/**
 * Excel when office.js loaded inside Excel; otherwise (office.js missing, host null) standalone. Opened by Office, the
 * pane waits for Office however long it takes (a cold Excel on the web can take more than 5 s); a page opened in a
 * browser stops waiting after 5 s.
 */
export async function chooseHost(scope: { Office?: typeof Office; Excel?: typeof Excel } = globalThis, options: ChooseOptions = {}): Promise<PaneHost> {
  const office = scope.Office;
  if (office && typeof office.onReady === 'function') {
    const ready = office.onReady().catch(() => undefined);
    let info: Awaited<typeof ready>;
    if (openedByOffice(options.where ?? thisWindow())) {
      const slow = setTimeout(() => options.onSlow?.(), OFFICE_READY_TIMEOUT_MS);
      info = await ready;
      clearTimeout(slow);
    } else {
      info = await Promise.race([ready, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), OFFICE_READY_TIMEOUT_MS))]);
    }
    const excel = scope.Excel;
    if (info && info.host === office.HostType.Excel && excel) {
      // Where Excel supports it (DelayForCellEdit), a request waits while the user is typing in a cell instead of failing.
      const run: ExcelRunner = (batch) => excel.run({ delayForCellEdit: true }, batch);
      return createExcelHost(office, run);
    }
  }
  return createFileHost(undefined, options.engine);
}

async function boot(): Promise<void> {
  const container = document.getElementById('root');
  // browser-check.js found a browser engine the pane cannot run in, and shows its message instead.
  if (!container || (globalThis as { milestoneRegisterUnsupported?: boolean }).milestoneRegisterUnsupported) return;
  const engine = workerEngine();
  const host = await chooseHost(globalThis, {
    engine,
    onSlow: () => {
      container.textContent = 'Waiting for Excel\u2026 (a workbook that is still opening can take a little while)';
    },
  });
  document.documentElement.dataset.mode = host.kind;
  createRoot(container).render(<Pane host={host} engine={engine} exports={{ ...browserExports, packDocx: workerReportDocx(engine) }} />);
}

void boot();
