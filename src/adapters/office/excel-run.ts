// The one wrapper around Excel.run: requirement sets, a retry while Excel is in cell-edit mode, Office errors -> issues.
import { makeIssue, OfficeErrorCodeSchema, type Issue, type OfficeErrorCode } from '../../domain/issue';

export type ExcelResult<T> = { ok: true; value: T } | { ok: false; issue: Issue };

/** Feature -> ExcelApi requirement set that provides it. */
export const FEATURE_SETS = {
  read: '1.4',
  autofit: '1.2',
  protection: '1.7',
  settings: '1.5',
  snapshots: '1.5',
  iconSets: '1.6',
  freezePanes: '1.7',
  readBlocks: '1.7',
  validation: '1.8',
  chartAxes: '1.8',
  pageLayout: '1.9',
  suspendScreenUpdating: '1.9',
  mergedAreas: '1.13',
} as const;
export type Feature = keyof typeof FEATURE_SETS;

const FEATURE_NAMES: Record<Feature, string> = {
  read: 'reading the workbook',
  autofit: 'automatic column widths',
  protection: 'saying which sheet or workbook protection stopped a write',
  settings: 'saving settings in the workbook',
  snapshots: 'keeping published reports in the workbook',
  iconSets: 'status icons (icon sets)',
  freezePanes: 'frozen header rows',
  readBlocks: 'reading large sheets in blocks',
  validation: 'status and quarter dropdowns',
  chartAxes: 'the report chart\u2019s priorities in the order of its tables',
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
  /** Other Office error codes worth another attempt (cell-edit mode and TRANSIENT_CODES always are). */
  retryIf?: (code: string) => boolean;
}

/** Excel on the web throttling the add-in, or its session timing out: worth another attempt after a pause. */
export const TRANSIENT_CODES: readonly string[] = ['ActivityLimitReached', 'Timeout', 'InvalidOrTimedOutSession'] satisfies OfficeErrorCode[];

/** Excel.run as the host gives it (the pane passes its own options, such as delayForCellEdit). */
export type ExcelRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

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
      const transient = TRANSIENT_CODES.includes(code);
      if (attempt < attempts && (code === CELL_EDIT || transient || options.retryIf?.(code))) {
        // Cell-edit mode (where Excel cannot wait for it: delayForCellEdit needs ExcelApi 1.20): 1 s, 2 s, 3 s.
        if (code === CELL_EDIT) await sleep((options.retryDelayMs ?? 1000) * attempt);
        // Throttling or a timed-out session: back off, 2 s, 4 s, 8 s.
        if (transient) await sleep((options.retryDelayMs ?? 1000) * 2 ** attempt);
        continue;
      }
      return { ok: false, issue: officeErrorToIssue(e, code, options.action) };
    }
  }
}

export const CELL_EDIT = 'InvalidOperationInCellEditMode' satisfies OfficeErrorCode;
/** Excel on the web refusing a request or an answer for its size. */
export const SIZE_CODES: readonly string[] = ['RequestPayloadSizeLimitExceeded', 'ResponsePayloadSizeLimitExceeded'] satisfies OfficeErrorCode[];
/** A write refused because a sheet or the workbook structure is protected. */
export const PROTECTION_CODES: readonly string[] = ['AccessDenied', 'InvalidOperation'] satisfies OfficeErrorCode[];

/** The code of an error Office.js raised (RichApi.Error), or undefined for any other error. */
export function officeErrorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const rec = e as { code?: unknown; name?: unknown };
  if (typeof rec.code === 'string' && (rec.name === 'RichApi.Error' || rec.name === 'OfficeExtension.Error' || 'debugInfo' in rec)) return rec.code;
  return undefined;
}

const TOO_LARGE = {
  why: 'Excel refused a request as too large (Excel on the web accepts about 5 MB at a time)',
  advice: 'Use the Excel desktop app for a tracker this large, or name fewer sheets in the settings, then try again.',
};

/** What each Office error means to the user, and what to do about it. */
const PLAIN: Partial<Record<OfficeErrorCode, { why: string; advice: string }>> = {
  InvalidOperationInCellEditMode: { why: 'Excel is busy while a cell is being edited', advice: 'Finish editing the cell (press Enter or Esc) and try again.' },
  AccessDenied: {
    why: 'a sheet or the workbook is protected or read-only',
    advice: 'Unprotect it (Review > Unprotect Sheet, or Review > Protect Workbook for the sheet list), or save a copy you can edit, then try again.',
  },
  ItemNotFound: { why: 'a sheet it was using was renamed or deleted', advice: 'Press "Read workbook again" on the Source step, then try again.' },
  ItemAlreadyExists: { why: 'a sheet or table with that name exists already', advice: 'Remove the generated sheets (step 5) and try again.' },
  InsertDeleteConflict: { why: 'another change happened at the same time', advice: 'Try again.' },
  GeneralException: { why: 'Excel reported an internal error', advice: 'Save the workbook, close and reopen the add-in, and try again.' },
  RequestPayloadSizeLimitExceeded: TOO_LARGE,
  ResponsePayloadSizeLimitExceeded: TOO_LARGE,
  ActivityLimitReached: { why: 'Excel on the web is limiting how much the add-in may do at once', advice: 'Wait a minute and try again.' },
  Timeout: { why: 'Excel took too long to answer', advice: 'Wait a moment and try again; if it keeps happening, close other add-ins or workbooks.' },
  InvalidOrTimedOutSession: { why: 'the connection to the workbook timed out', advice: 'Reload the add-in (close and reopen the pane), or reload the page in Excel on the web, and try again.' },
};

export function officeErrorToIssue(e: unknown, code: string, action: string): Issue {
  const known = OfficeErrorCodeSchema.safeParse(code);
  // An undocumented code, outside the Office error family, gets the catch-all excel-error; the message still quotes it.
  const issueCode = known.success ? (`excel-${known.data}` as const) : 'excel-error';
  const plain = known.success ? PLAIN[known.data] : undefined;
  if (plain) return makeIssue('error', '', '', issueCode, `${action} stopped: ${plain.why}.`, plain.advice);
  // A code without plain words (InvalidOperation, ...): Excel's own message is the best description there is.
  const rec = e as { message?: string; debugInfo?: { errorLocation?: string } };
  const where = rec.debugInfo?.errorLocation ? ` (at ${rec.debugInfo.errorLocation})` : '';
  return makeIssue('error', '', '', issueCode, `${action} stopped: Excel refused it (${code}: ${rec.message ?? 'no details'}${where}).`,
    'Try again; if it keeps failing, save the workbook, close and reopen the add-in, and try again.');
}
