// The register as a sheet: one standard column order, an Excel table, dropdowns and status icons.
import { columnLetter } from '../domain/grid';
import { packedUpdateOf, type Milestone, type QuarterRef } from '../domain/milestone';
import { financialYearLabel, financialYearStart, formatQuarter, quarterIndex } from '../domain/quarter';
import type { Changes } from '../domain/changes-model';
import { deliveredId, DELIVERY_SCALE, type StatusScale } from '../domain/status-scale';
import { statusIconRule, statusLabel, statusScoreFormula, statusScoreFormulas } from './status-icons';
import { layoutWithRows, type CellRange, type LayoutCell, type ListValidation, type SheetLayout, type StreamedCell, type StreamedLayout, type StyledRange } from './sheet-layout';
import { REGISTER_SHEET_NAME, REGISTER_TABLE_NAME } from '../shared/excel-rules';


const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'] as const;

/** "Sheet!A8", quoting sheet names as Excel does when they are not plain words. */
export function sourceReference(sheet: string, row: number): string {
  const name = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!A${row}`;
}

function historyQuarters(register: Milestone[]): QuarterRef[] {
  // The last entry seen of each quarter names it.
  const seen = new Map<number, QuarterRef>();
  for (const m of register) for (const h of m.history) seen.set(quarterIndex(h), h);
  return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, q]) => ({ quarter: q.quarter, financialYear: q.financialYear }));
}

/** Every quarter of every financial year the register mentions, and of the year after the last. */
function dueChoices(register: Milestone[]): string[] {
  // Loops, not Math.min(...years): a 100k-row register would overflow the call's arguments.
  let first = Infinity;
  let last = -Infinity;
  const see = (q: QuarterRef) => {
    const y = financialYearStart(q.financialYear);
    if (y < first) first = y;
    if (y > last) last = y;
  };
  for (const m of register) {
    see(m.due);
    if (m.completed) see(m.completed);
    for (const h of m.history) see(h);
  }
  if (first === Infinity) return [];
  last += 1;
  const out: string[] = [];
  for (let y = first; y <= last; y++) for (const q of QUARTERS) out.push(formatQuarter({ quarter: q, financialYear: financialYearLabel(y) }));
  return out;
}

/** What the register's Change column compares with: the previous report's statuses of the matched milestones. */
export interface RegisterComparison {
  changes: Changes;
  /** By this register's id; a matched milestone that had no status maps to undefined. */
  previousStatus: ReadonlyMap<string, string | undefined>;
}

/** The comparison a pipeline result carries, when it was run with a previous period. */
export function registerComparison(result: { report: { changes?: Changes | undefined }; previousStatus?: ReadonlyMap<string, string | undefined> }): RegisterComparison | undefined {
  return result.report.changes && result.previousStatus ? { changes: result.report.changes, previousStatus: result.previousStatus } : undefined;
}

function quoteText(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * The Change cell of each row: compares the Status cell with the previous status kept in the hidden helper cell, so
 * it follows edits as the icon does. "New since Q3" for a milestone the previous report did not have (a constant:
 * nothing to compare). The texts every row shares are made once.
 */
function changeCells(comparison: RegisterComparison, prevLabel: string, scale: StatusScale): (m: Milestone, statusCell: string, helperCell: string) => LayoutCell {
  const newIds = new Set(comparison.changes.new);
  const statusChanges = new Map(comparison.changes.statusChanges.map((s) => [s.id, s]));
  const deliveredStatus = deliveredId(scale);
  const texts = { new: `New since ${prevLabel}`, delivered: `Delivered since ${prevLabel}`, better: `Better than ${prevLabel}`, worse: `Worse than ${prevLabel}` };
  const better = quoteText(texts.better);
  const worse = quoteText(texts.worse);
  // A scale without a delivered status (DCA) says only better or worse.
  const delivered = deliveredStatus === undefined ? undefined : quoteText(statusLabel(deliveredStatus, scale));
  const deliveredText = quoteText(texts.delivered);
  return (m, statusCell, helperCell) => {
    if (newIds.has(m.id)) return texts.new;
    if (!comparison.previousStatus.has(m.id)) return '';
    const now = statusScoreFormula(statusCell, m.status, scale).formula;
    const before = statusScoreFormula(helperCell, undefined, scale).formula;
    const betterOrWorse = `IF(${now}>${before},${better},IF(${now}<${before},${worse},""))`;
    const formula =
      `IF(OR(${helperCell}="",${statusCell}="",${statusCell}=${helperCell}),"",` +
      `IF(OR(${now}="",${before}=""),"",` +
      (delivered === undefined
        ? `${betterOrWorse}))`
        : `IF(AND(${statusCell}=${delivered},${helperCell}<>${delivered}),${deliveredText},${betterOrWorse})))`);
    const prev = comparison.previousStatus.get(m.id);
    const change = statusChanges.get(m.id);
    let result = '';
    if (prev !== undefined && m.status !== undefined && prev !== m.status) {
      if (deliveredStatus !== undefined && m.status === deliveredStatus) result = texts.delivered;
      else if (change) result = change.direction === 'better' ? texts.better : texts.worse;
    }
    return { formula, result };
  };
}

/** "Q4 2017-18", one string per quarter however many rows show it. */
function quarterTexts(): (q: QuarterRef) => string {
  const byYear = new Map<string, (string | undefined)[]>();
  return (q) => {
    const i = QUARTERS.indexOf(q.quarter);
    if (i < 0) return formatQuarter(q);
    let year = byYear.get(q.financialYear);
    if (!year) byYear.set(q.financialYear, (year = []));
    return (year[i] ??= formatQuarter(q));
  };
}

interface Column {
  header: string;
  width: number;
  wrap?: boolean;
  center?: boolean;
  value: (m: Milestone, row: number) => StreamedCell;
}

/** A past quarter's update as the register shows it: packed text given unread (the file writer reads or refers to it). */
function updateOf(entry: Milestone['history'][number] | undefined): StreamedCell {
  if (!entry) return '';
  return packedUpdateOf(entry) ?? entry.update ?? '';
}

export function renderRegisterSheet(register: Milestone[], scale: StatusScale = DELIVERY_SCALE, comparison?: RegisterComparison): SheetLayout {
  return layoutWithRows(streamRegisterSheet(register, scale, comparison));
}

/**
 * The register sheet with its rows made as they are written (the file writer's way at any size: a 100k-row register
 * laid out whole would hold every row's cells at once). The same sheet as renderRegisterSheet, row for row.
 */
export function streamRegisterSheet(register: Milestone[], scale: StatusScale = DELIVERY_SCALE, comparison?: RegisterComparison): StreamedLayout {
  const history = historyQuarters(register);
  const quarterText = quarterTexts();
  const columns: Column[] = [
    { header: 'ID', width: 10, value: (m) => m.id },
    { header: 'Priority', width: 24, wrap: true, value: (m) => m.priority },
    { header: 'Theme', width: 24, wrap: true, value: (m) => m.theme },
    { header: 'Milestone', width: 50, wrap: true, value: (m) => m.milestone },
    { header: 'Owner', width: 16, wrap: true, value: (m) => m.owner },
    { header: 'Due', width: 12, center: true, value: (m) => quarterText(m.due) },
    { header: 'Icon', width: 7, center: true, value: (m, row) => iconFormula(row, m.status) },
    { header: 'Status', width: 13, value: (m) => statusLabel(m.status, scale) },
    { header: 'Progress update', width: 60, wrap: true, value: (m) => packedUpdateOf(m) ?? m.update },
    { header: 'Completed', width: 13, center: true, value: (m) => (m.completed ? quarterText(m.completed) : '') },
  ];
  if (comparison) {
    const prevLabel = formatQuarter(comparison.changes.previous);
    const changeCell = changeCells(comparison, comparison.changes.previous.quarter, scale);
    const at = columns.findIndex((c) => c.header === 'Status') + 1;
    columns.splice(at, 0,
      { header: 'Change', width: 18, value: (m, row) => changeCell(m, `${statusLetter}${row + 1}`, `${helperLetter}${row + 1}`) },
      { header: `Last reported (${prevLabel})`, width: 13, value: (m) => statusLabel(comparison.previousStatus.get(m.id), scale) });
  }
  const STATUS_COL = columns.findIndex((c) => c.header === 'Status');
  const HELPER_COL = columns.findIndex((c) => c.header.startsWith('Last reported ('));
  // Cell addresses in the status and helper columns, by row: the column letters are found once.
  const statusLetter = columnLetter(STATUS_COL);
  const helperLetter = columnLetter(HELPER_COL);
  const iconFormula = statusScoreFormulas(statusLetter, scale);
  const DUE_COL = columns.findIndex((c) => c.header === 'Due');
  const ICON_COL = columns.findIndex((c) => c.header === 'Icon');
  const historyStatusCols: number[] = [];
  // Each row's history by quarter, found once per row (not searched twice per history column); the first entry of a quarter counts.
  const slotOf = new Map(history.map((q, k) => [quarterIndex(q), k]));
  const slots: (Milestone['history'][number] | undefined)[] = history.map(() => undefined);
  let current: Milestone | undefined;
  const historyAt = (m: Milestone, slot: number) => {
    if (m !== current) {
      current = m;
      slots.fill(undefined);
      for (const h of m.history) {
        const k = slotOf.get(quarterIndex(h));
        if (k !== undefined && slots[k] === undefined) slots[k] = h;
      }
    }
    return slots[slot];
  };
  history.forEach((q, slot) => {
    const at = (m: Milestone) => historyAt(m, slot);
    historyStatusCols.push(columns.length);
    columns.push({ header: `${formatQuarter(q)} status`, width: 14, value: (m) => statusLabel(at(m)?.status, scale) });
    columns.push({ header: `${formatQuarter(q)} update`, width: 40, wrap: true, value: (m) => updateOf(at(m)) });
  });
  columns.push({ header: 'Source', width: 18, value: (m) => sourceReference(m.source.sheet, m.source.row) });

  const headers = columns.map((c) => c.header);
  // An Excel table needs a data row; an empty register gets one blank row to type into.
  const rows: StreamedLayout['rows'] = {
    length: Math.max(1, register.length) + 1,
    width: columns.length,
    row: (r) => {
      if (r === 0) return [...headers];
      const m = register[r - 1];
      return m ? columns.map((c) => c.value(m, r)) : columns.map(() => '');
    },
  };
  const last = rows.length - 1;
  const lastCol = columns.length - 1;
  const dataRange = (col: number): CellRange => ({ top: 1, left: col, bottom: last, right: col });

  const styles: StyledRange[] = [
    { range: { top: 0, left: 0, bottom: 0, right: lastCol }, style: { bold: true, wrap: true, vertical: 'top' } },
    { range: { top: 1, left: 0, bottom: last, right: lastCol }, style: { vertical: 'top' } },
  ];
  columns.forEach((c, i) => {
    if (c.wrap) styles.push({ range: dataRange(i), style: { wrap: true, vertical: 'top' } });
    if (c.center) styles.push({ range: dataRange(i), style: { horizontal: 'center', vertical: 'top' } });
  });

  const labels = scale.entries.map((s) => s.label);
  const statusError = `Choose a status: ${labels.join(', ')}.`;
  const validations: ListValidation[] = [
    { range: dataRange(STATUS_COL), values: [...labels], error: statusError },
    ...historyStatusCols.map((col) => ({ range: dataRange(col), values: [...labels], error: statusError })),
  ];
  const due = dueChoices(register);
  if (due.length > 0) {
    validations.push({ range: dataRange(DUE_COL), values: due, error: `Choose a quarter such as "${due[0]}".` });
  }

  return {
    name: REGISTER_SHEET_NAME,
    columnWidths: columns.map((c) => c.width),
    rows,
    styles,
    merges: [],
    table: { name: REGISTER_TABLE_NAME, range: { top: 0, left: 0, bottom: last, right: lastCol }, style: 'TableStyleMedium2' },
    validations,
    iconRules: [statusIconRule(dataRange(ICON_COL), scale)],
    freeze: { rows: 1, columns: 0 },
    ...(HELPER_COL >= 0 ? { hiddenColumns: [HELPER_COL] } : {}),
    // Fit to one page wide only while the text stays readable (about 60% on A4 landscape).
    page: { orientation: 'landscape', paperSize: 'A4', fitToWidth: columns.reduce((n, c) => n + c.width, 0) <= 260, printTitleRows: { first: 0, last: 0 } },
  };
}

