// The one wrapper around Excel.run: requirement sets, a retry while Excel is in cell-edit mode, Office errors -> issues.
import { makeIssue, type Issue } from '../../domain/issue';

export type ExcelResult<T> = { ok: true; value: T } | { ok: false; issue: Issue };

/** Feature -> ExcelApi requirement set that provides it. */
export const FEATURE_SETS = {
  read: '1.4',
  autofit: '1.2',
  settings: '1.5',
  iconSets: '1.6',
  freezePanes: '1.7',
  readBlocks: '1.7',
  validation: '1.8',
  pageLayout: '1.9',
  suspendScreenUpdating: '1.9',
  mergedAreas: '1.13',
} as const;
export type Feature = keyof typeof FEATURE_SETS;

const FEATURE_NAMES: Record<Feature, string> = {
  read: 'reading the workbook',
  autofit: 'automatic column widths',
  settings: 'saving settings in the workbook',
  iconSets: 'status icons (icon sets)',
  freezePanes: 'frozen header rows',
  readBlocks: 'reading large sheets in blocks',
  validation: 'status and quarter dropdowns',
  pageLayout: 'print setup (A4, fit to width, repeated headings)',
  suspendScreenUpdating: 'pausing screen updates while writing',
  mergedAreas: 'reading merged cells',
};

export type Capabilities = Record<Feature, boolean>;

export interface OfficeLike {
  context: { requirements: { isSetSupported(name: string, minVersion?: string): boolean } };
}

export function detectCapabilities(office: OfficeLike): Capabilities {
  const caps = {} as Capabilities;
  for (const f of Object.keys(FEATURE_SETS) as Feature[]) {
    let ok = false;
    try {
      ok = office.context.requirements.isSetSupported('ExcelApi', FEATURE_SETS[f]);
    } catch {
      ok = false;
    }
    caps[f] = ok;
  }
  return caps;
}

/** What this Excel cannot do, in words for the pane ("ExcelApi 1.8: status and quarter dropdowns"). */
export function describeMissing(caps: Capabilities): string[] {
  return (Object.keys(caps) as Feature[]).filter((f) => !caps[f]).map((f) => `${FEATURE_NAMES[f]} (needs ExcelApi ${FEATURE_SETS[f]})`);
}

export interface RunExcelOptions {
  /** What the user asked for, used in messages: "Building the register". */
  action: string;
  attempts?: number;
  retryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

type ExcelRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs one batch in Excel; never throws for Office errors, returns them as an issue instead. */
export async function runExcel<T>(
  run: ExcelRunner,
  batch: (context: Excel.RequestContext) => Promise<T>,
  options: RunExcelOptions,
): Promise<ExcelResult<T>> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await run(batch) };
    } catch (e) {
      const code = officeErrorCode(e);
      if (code === undefined) throw e; // not an Office error: a bug in our code
      if (code === 'InvalidOperationInCellEditMode' && attempt < attempts) {
        await sleep((options.retryDelayMs ?? 1000) * attempt);
        continue;
      }
      return { ok: false, issue: officeErrorToIssue(e, code, options.action) };
    }
  }
}

function officeErrorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const rec = e as { code?: unknown; name?: unknown };
  if (typeof rec.code === 'string' && (rec.name === 'RichApi.Error' || rec.name === 'OfficeExtension.Error' || 'debugInfo' in rec)) return rec.code;
  return undefined;
}

const ADVICE: Record<string, string> = {
  InvalidOperationInCellEditMode: 'Excel is editing a cell: press Enter or Esc in the sheet, then try again.',
  RequestPayloadSizeLimitExceeded: 'The data is too large for one request to Excel on the web; try again with fewer sheets, or use the desktop app.',
  ItemAlreadyExists: 'A sheet or table with that name exists already; remove the generated sheets and try again.',
  AccessDenied: 'The workbook or sheet is protected or read-only; unprotect it or save a copy, then try again.',
  InsertDeleteConflict: 'Another change happened at the same time; try again.',
  ItemNotFound: 'Something the add-in expected was deleted or renamed; try again.',
  GeneralException: 'Excel reported an internal error; save the workbook, reload the add-in and try again.',
};

export function officeErrorToIssue(e: unknown, code: string, action: string): Issue {
  const rec = e as { message?: string; debugInfo?: { errorLocation?: string } };
  const where = rec.debugInfo?.errorLocation ? ` (at ${rec.debugInfo.errorLocation})` : '';
  return makeIssue(
    'error',
    '',
    '',
    `excel-${code}`,
    `${action} failed in Excel: ${rec.message ?? code}${where}.`,
    ADVICE[code] ?? 'Try again; if it keeps failing, save the workbook, reload the add-in and try again.',
  );
}
