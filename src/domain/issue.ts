// Problems are data: every reader, parser and validator returns issues instead of throwing.
import { z } from 'zod';
import { flatString } from '../shared/flat-string';
import { memoize } from '../shared/memo';

export const SeveritySchema = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof SeveritySchema>;

/**
 * Every issue code but the Office error family: the severity it is raised at and when. The README's table of
 * issue codes lists exactly these, in this order (tests/domain/issue-codes.test.ts compares the two).
 */
export const ISSUE_CODES = {
  // Opening the file
  'file-not-found': { severity: 'error', when: 'there is no file at the path given' },
  'not-a-file': { severity: 'error', when: 'the path given is a folder' },
  'file-not-readable': { severity: 'error', when: 'the file cannot be opened: permission denied, or locked by another program' },
  'file-changed': { severity: 'error', when: 'the tracker was changed in place while the CLI was making the outputs (nothing is written)' },
  'empty-file': { severity: 'error', when: 'the file is empty (0 bytes)' },
  'not-a-workbook': { severity: 'error', when: 'the file is neither an .xlsx workbook nor a CSV file (.xlsb, .ods, a Word file, another zip, binary data)' },
  'corrupt-file': { severity: 'error', when: 'the file is damaged or incomplete' },
  'password-protected': { severity: 'error', when: 'the workbook is encrypted with a password' },
  'old-xls-format': { severity: 'error', when: 'the workbook is in the Excel 97-2003 format (.xls)' },
  'encoding': { severity: 'warning', when: 'a CSV read as Windows-1252' },
  'csv-quotes': { severity: 'warning', when: 'a CSV row has a quoted field that is never closed' },
  'formula-without-result': { severity: 'warning', when: 'no formula of the sheet has a stored result (never calculated), so they read as empty' },
  'unreadable-formula-result': { severity: 'warning', when: 'a formula\'s stored result cannot be read, so the cell reads as empty' },
  'outside-grid': { severity: 'warning', when: 'the sheet names rows or cells beyond Excel\'s last row or column; they are ignored' },
  'error-value': { severity: 'error or warning', when: 'a cell the register reads holds #REF!, #N/A, …: an error in the milestone, due or status, else a warning and the cell reads as blank' },
  // Finding the tracker
  'no-tracker': { severity: 'warning', when: 'a sheet is skipped: it has no header row with a milestone column' },
  'no-tracker-found': { severity: 'error', when: 'no sheet of the workbook holds a tracker' },
  'sheet-not-found': { severity: 'error or warning', when: 'the settings name a sheet the workbook lacks (error); (add-in) a sheet to show is no longer there (warning)' },
  'config-column-not-found': { severity: 'error', when: 'the settings map a field to a header the header row does not have' },
  'ambiguous-column': { severity: 'warning', when: 'two headers map to one field (the better one is used; same-named columns are read as one)' },
  'cell-without-header': { severity: 'warning', when: 'a column has values but no header, so they are not read (one issue per column, at its first value)' },
  'register-sheet-used': { severity: 'warning', when: 'the workbook already holds a "Milestone Register" sheet (a register.xlsx), which is read instead of the tracker' },
  // The rows
  'missing-milestone': { severity: 'error', when: 'a data row with no milestone text' },
  'unknown-status': { severity: 'error', when: 'a status word not on the scale (with a suggestion)' },
  'missing-due': { severity: 'error', when: 'no due quarter' },
  'invalid-due': { severity: 'error', when: 'a due quarter that cannot be read or cannot exist ("Q5", 31/02/2018)' },
  'duplicate-id': { severity: 'error', when: 'an id used by an earlier row' },
  'missing-status': { severity: 'warning', when: 'no status given' },
  'quarter-without-year': { severity: 'warning', when: '"Q3" alone: read in the report\'s year' },
  'ambiguous-year': { severity: 'warning', when: '"Q3 2018" (a single year): read in the financial year starting then' },
  'completed-not-delivered': { severity: 'warning', when: 'a completion date with a status other than delivered' },
  'invalid-completed': { severity: 'warning', when: 'a completion that cannot be read as a date or quarter; it is ignored' },
  'hidden-row': { severity: 'warning', when: 'a hidden row (included)' },
  'missing-update': { severity: 'warning', when: 'a milestone in the report with no progress update for the quarter' },
  // Comparing with the previous quarter
  'previous-unreadable': { severity: 'error', when: 'with `--previous`: the previous file cannot be read or holds no tracker' },
  'ambiguous-match': { severity: 'warning', when: 'with `--previous`: a milestone\'s wording fits several previous milestones equally; it is not compared (neither new nor dropped)' },
  'previous-period-assumed': { severity: 'warning', when: 'the previous file has no quarter columns, so it is taken as the quarter before the report\'s' },
  'previous-not-earlier': { severity: 'warning', when: 'the previous file\'s quarter is not before the report\'s' },
  'snapshot-unreadable': { severity: 'warning', when: 'with `--previous`: a published snapshot in that file cannot be read (damaged, or from a newer version); it is left as it is' },
  'snapshot-not-used': { severity: 'warning', when: 'with `--previous`: no snapshot in that file could be read, so its sheets were compared with instead' },
  'previous-quarter-ignored': { severity: 'warning', when: '`--previous-quarter` names another quarter than the published snapshot it is compared with; the snapshot\'s is used' },
  'fuzzy-match-skipped': { severity: 'warning', when: 'over 250,000 wording pairs left after ids and exact wording: not compared by similar wording' },
  // Writing the outputs
  'text-too-long': { severity: 'warning', when: 'a cell\'s text is over Excel\'s 32,767 characters: cut in the output' },
  'macros-left-out': { severity: 'warning', when: 'the source has macros; register.xlsx holds its sheets without them' },
  'source-recompressed': { severity: 'warning', when: 'the source is a ZIP64 package, so its parts were compressed again rather than copied as stored' },
  'source-copied-as-values': { severity: 'warning', when: 'the source\'s package could not be copied part for part; its sheets are copied as values' },
  // The add-in and the standalone page
  'cancelled': { severity: 'warning', when: '(add-in) the user pressed Cancel; the message says what stopped and what became of the output' },
  'no-file': { severity: 'error', when: '(add-in) no file was chosen' },
  'excel-too-old': { severity: 'error', when: '(add-in) Excel lacks ExcelApi 1.4, so it cannot give the workbook\'s cells' },
  'sheet-hidden': { severity: 'warning', when: 'a hidden sheet is not read (register.xlsx still holds it)' },
  'merges-unread': { severity: 'warning', when: '(add-in) Excel could not list a sheet\'s merged cells' },
  'settings-unreadable': { severity: 'warning', when: '(add-in) the settings saved in the workbook cannot be read; the defaults are used' },
  'source-sheet-missing': { severity: 'error', when: '(add-in) a sheet the tracker was read from went away before a build' },
  'table-renamed': { severity: 'warning', when: '(add-in) a defined name already takes the table\'s name, so the table got a free one' },
  'fit-to-width-unset': { severity: 'warning', when: '(add-in) Excel did not set the report to print one page wide' },
  'publishing-unavailable': { severity: 'warning', when: '(add-in) Excel lacks ExcelApi 1.5, so reports cannot be published in the workbook or compared with one published there' },
  'snapshot-too-large': { severity: 'error', when: '(add-in) the report\'s snapshot is over the 5 MB Excel takes in one request: nothing was published' },
  'snapshot-missing': { severity: 'warning', when: '(add-in) the published report chosen to compare with was removed from the workbook meanwhile' },
  'worker-failed': { severity: 'error', when: '(standalone page) the background worker stopped during file work (out of memory, or a bug); nothing was written' },
  'excel-error': { severity: 'error', when: '(add-in) Excel refused a request with an error code not in the Office error family; the message quotes it' },
} as const satisfies Record<string, { severity: Severity | 'error or warning'; when: string }>;

type CodeTable = typeof ISSUE_CODES;
export type PlainIssueCode = keyof CodeTable;
export const PlainIssueCodeSchema = z.enum(Object.keys(ISSUE_CODES) as [PlainIssueCode, ...PlainIssueCode[]]);

/**
 * The Office.js error codes an Excel refusal can carry (Excel.ErrorCodes and OfficeExtension.ErrorCodes, plus the
 * three Excel on the web sends for size and time-outs). A refusal becomes the issue `excel-<code>`, an error.
 */
export const OfficeErrorCodeSchema = z.enum([
  'AccessDenied', 'ActivityLimitReached', 'ApiNotFound', 'CannotRegisterEvent', 'Conflict', 'ConnectionFailure',
  'DirtySupportingFormula', 'EmptyChartSeries', 'FilteredRangeConflict', 'FormulaLengthExceedsLimit', 'GeneralException',
  'InactiveWorkbook', 'InsertDeleteConflict', 'InvalidArgument', 'InvalidBinding', 'InvalidObjectPath', 'InvalidOperation',
  'InvalidOperationInCellEditMode', 'InvalidOrTimedOutSession', 'InvalidReference', 'InvalidRequestContext', 'InvalidSelection',
  'ItemAlreadyExists', 'ItemNotFound', 'MergedRangeConflict', 'NonBlankCellOffSheet', 'NotImplemented',
  'OpenWorkbookLinksBlocked', 'OperationCellsExceedLimit', 'PivotTableRangeConflict', 'PowerQueryRefreshResourceChallenge',
  'PropertyNotLoaded', 'RangeExceedsLimit', 'RangeImageExceedsLimit', 'RefreshWorkbookLinksBlocked', 'RequestAborted',
  'RequestPayloadSizeLimitExceeded', 'ResponsePayloadSizeLimitExceeded', 'RunMustReturnPromise', 'Timeout',
  'UnsupportedFeature', 'UnsupportedFillType', 'UnsupportedOperation', 'UnsupportedSheet', 'ValueNotLoaded',
]);
export type OfficeErrorCode = z.infer<typeof OfficeErrorCodeSchema>;
/** The Office error family's row of the table: every `excel-<code>` issue. */
export const OFFICE_ISSUES = {
  severity: 'error',
  when: '(add-in) Excel refused a request; `<OfficeError>` is the Office error code it gave, one of',
} as const;

export const IssueCodeSchema = z.union([PlainIssueCodeSchema, z.templateLiteral(['excel-', OfficeErrorCodeSchema])], {
  error: (iss) => `"${String(iss.input)}" is not an issue code (src/domain/issue.ts lists them)`,
});
export type IssueCode = z.infer<typeof IssueCodeSchema>;

/** The severities a code may be raised at. */
export type SeverityOf<C extends IssueCode> = C extends PlainIssueCode
  ? CodeTable[C]['severity'] extends Severity ? CodeTable[C]['severity'] : Severity
  : (typeof OFFICE_ISSUES)['severity'];
/** The codes that may be raised at severity S. */
export type IssueCodeAt<S extends Severity> = { [C in IssueCode]: S extends SeverityOf<C> ? C : never }[IssueCode];

/** The Office error behind an `excel-<code>` issue, or undefined for any other issue. */
export function officeErrorOf(code: IssueCode): OfficeErrorCode | undefined {
  const r = OfficeErrorCodeSchema.safeParse(code.startsWith('excel-') ? code.slice('excel-'.length) : undefined);
  return r.success ? r.data : undefined;
}

export const IssueSchema = z.object({
  severity: SeveritySchema,
  sheet: z.string(),
  /** A1 address in the source sheet, or "" when the issue concerns the whole sheet or file. */
  cell: z.string(),
  code: IssueCodeSchema,
  message: z.string(),
  suggestion: z.string().optional(),
});
export type Issue = z.infer<typeof IssueSchema>;

/**
 * An issue's text as one flat string, each wording once while it keeps coming: a big tracker's issues repeat a few
 * wordings thousands of times (57k issues on 100k rows of the bench's tracker), and a message made by a template is a
 * tree of strings (V8's cons strings), each node one more object for the collector to visit until an output reads it
 * (flatString). The memo forgets everything once it holds 4096 wordings.
 */
const issueText = memoize(flatString, 4096);

export function makeIssue<C extends IssueCode>(
  severity: SeverityOf<C>,
  sheet: string,
  cell: string,
  code: C,
  message: string,
  suggestion?: string,
): Issue {
  const text = issueText(message);
  return suggestion === undefined
    ? { severity, sheet, cell, code, message: text }
    : { severity, sheet, cell, code, message: text, suggestion: issueText(suggestion) };
}


/** Appends without spreading into arguments: a big tracker yields more issues than a call can take. */
export function appendIssues(target: Issue[], more: readonly Issue[]): void {
  for (let i = 0; i < more.length; i++) target.push(more[i]!);
}
