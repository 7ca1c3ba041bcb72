// Raw tracker rows -> validated milestones and issues. A row with an error stays out of the register;
// every row read is either in the register or carries at least one error.
import type { Config, Field, StatusId } from './config';
import { DEFAULT_FY_START_MONTH, FIELDS } from './config';
import { cellAddress, cellText, isCellError, type CellError, type CellValue } from './grid';
import { makeIssue, type Issue, type IssueCodeAt } from './issue';
import { assertMilestone, type HistoryEntry, type Milestone, type QuarterRef } from './milestone';
import { compareQuarters, financialYearLabel, formatQuarter, parseQuarter } from './quarter';
import type { RawRow, TrackerSheet } from './read-tracker';
import { createStatusMatcher } from './status';
import { isDeliveredStatus, resolveScale, scaleEntry } from './status-scale';

export interface RegisterResult {
  register: Milestone[];
  issues: Issue[];
  rows: { read: number; inRegister: number; withErrors: number };
  unknownStatuses: string[];
  /** A1 address of a milestone's cell for a field or a quarter's update, for issues raised later. */
  locate: (id: string, what: Field | { quarter: QuarterRef; kind: 'status' | 'update' }) => { sheet: string; cell: string } | undefined;
}

export interface RegisterContext {
  /** Financial year that quarters without a year belong to (the report's). */
  defaultFinancialYear: string;
}

function text(v: CellValue | undefined): string {
  return v === null || v === undefined ? '' : cellText(v);
}

function isBlank(v: CellValue | undefined): boolean {
  if (typeof v === 'string') {
    // Text that starts with a printable ASCII character is not blank: no trim needed.
    const c = v.charCodeAt(0);
    return !(c > 32 && c < 127) && v.trim() === '';
  }
  return text(v).trim() === '';
}

function slug(s: string): string {
  const t = s.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return t === '' ? 'Sheet' : t.slice(0, 24);
}

/** The id the register gives a row the tracker gives no id: its sheet and row, e.g. "Tracker-12". */
export function assignedId(sheet: string, row: number): string {
  return `${slug(sheet)}-${row}`;
}

/** One quarter of the register's history, fed by one or more of the tracker's history columns. */
interface HistoryGroup {
  quarter: QuarterRef['quarter'];
  financialYear: string;
}

/**
 * Per tracker, once: which quarter each history column feeds, and those quarters oldest first. Every row of a
 * tracker has the same history columns, so every row's history has these quarters in this order (a quarter is
 * kept even when its cells are blank).
 */
function historyLayout(tracker: TrackerSheet, defaultFinancialYear: string): { groups: HistoryGroup[]; groupOf: number[] } {
  const byKey = new Map<string, number>();
  const firstSeen: HistoryGroup[] = [];
  const seenIdx: number[] = [];
  for (const h of tracker.history) {
    const fy = h.fyStart !== undefined ? financialYearLabel(h.fyStart) : defaultFinancialYear;
    const key = `${fy} ${h.quarter}`;
    let g = byKey.get(key);
    if (g === undefined) {
      g = firstSeen.length;
      byKey.set(key, g);
      firstSeen.push({ quarter: h.quarter, financialYear: fy });
    }
    seenIdx.push(g);
  }
  // Stable sort: quarters with the same index keep the order they were first seen in.
  const order = firstSeen.map((_, i) => i).sort((a, b) => compareQuarters(firstSeen[a]!, firstSeen[b]!));
  const rank: number[] = [];
  order.forEach((g, i) => (rank[g] = i));
  return { groups: order.map((g) => firstSeen[g]!), groupOf: seenIdx.map((g) => rank[g]!) };
}

/** A status cell's reading, shared by every cell with the same text. */
interface StatusReading {
  /** The trimmed text. */
  text: string;
  status: StatusId | undefined;
  /** For an unknown wording: the quoted text and the suggestion of its issue. */
  quoted?: string;
  suggestion?: string;
}

export function buildRegister(trackers: TrackerSheet[], config: Config, ctx: RegisterContext): RegisterResult {
  const fyStart = config.financialYearStartMonth ?? DEFAULT_FY_START_MONTH;
  const scale = resolveScale(config.scale);
  const matcher = createStatusMatcher(config, scale);
  const labels = scale.entries.map((e) => e.label);
  const delivered = scale.entries.find((e) => e.delivered);
  const labelList = `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
  const issues: Issue[] = [];
  const register: Milestone[] = [];
  const unknown = new Set<string>();
  /** The register's rows by id: the first row with an id, for a duplicate's message and for locate. */
  const rowsById = new Map<string, RawRow>();
  const slugs = new Map<string, string>();
  let read = 0;
  let withErrors = 0;

  // Status texts repeat thousands of times ("Green", "Amber"): each is folded, matched and suggested once.
  const readings = new Map<string, StatusReading>();
  const readingOf = (t: string): StatusReading => {
    let r = readings.get(t);
    if (r === undefined) {
      const status = matcher.match(t);
      r = { text: t, status };
      if (status === undefined) {
        const sug = matcher.suggest(t);
        r.quoted = short(t);
        r.suggestion = sug
          ? `Did you mean "${scaleEntry(scale, sug.status).label}" (like "${sug.wording}")? Or add the wording to statusSynonyms in the settings.`
          : `Use ${labelList}, or add the wording to statusSynonyms in the settings.`;
      }
      readings.set(t, r);
    }
    return r;
  };

  /** Each sheet's file, when several files are read as one. */
  const fileOf = new Map<string, string>();
  for (const t of trackers) if (t.file !== undefined) fileOf.set(t.sheet, t.file);

  for (const tracker of trackers) {
    const layout = historyLayout(tracker, ctx.defaultFinancialYear);

    for (const row of tracker.rows) {
      read++;
      const sheet = row.sheet;
      const r0 = row.row - 1;
      const fields = row.fields;
      const cols = row.columns;
      // Issues go straight onto the list, in the order they are found; these say what the row has had.
      let hasError = false;
      /** An unknown status or an error value was reported, so a missing status is not reported again. */
      let statusExcused = false;
      const err = (cell: string, code: IssueCodeAt<'error'>, message: string, suggestion?: string) => {
        hasError = true;
        issues.push(makeIssue('error', sheet, cell, code, message, suggestion));
      };
      const warn = (cell: string, code: IssueCodeAt<'warning'>, message: string, suggestion?: string) => {
        issues.push(makeIssue('warning', sheet, cell, code, message, suggestion));
      };
      // The row's leftmost mapped cell, for issues about a cell the row does not have.
      let firstCellText: string | undefined;
      const firstCell = (): string => (firstCellText ??= firstCellOf(row));

      // Error values (#REF!, #N/A): in the milestone, due or a status the row cannot be read; elsewhere the
      // cell is read as blank.
      const errorCell = (what: string, value: CellError, column: number, essential: boolean) => {
        statusExcused = true;
        if (essential) {
          err(cellAddress(r0, column), 'error-value', `The ${what} cell holds the Excel error ${value.error}, so this milestone cannot be read.`,
            'Fix the formula or type the value in the source sheet.');
        } else {
          warn(cellAddress(r0, column), 'error-value', `The ${what} cell holds the Excel error ${value.error}; it is read as blank.`,
            'Fix the formula or type the value in the source sheet.');
        }
      };
      for (const f of FIELDS) {
        const v = fields[f];
        if (v !== undefined && isCellError(v)) errorCell(f, v, cols[f]!, f === 'milestone' || f === 'due' || f === 'status');
      }
      const historyColumns = row.historyColumns;
      const historyValues = row.historyValues;
      for (let i = 0; i < historyValues.length; i++) {
        const v = historyValues[i]!;
        if (isCellError(v)) {
          const h = historyColumns[i]!;
          errorCell(h.header, v, h.column, h.kind === 'status');
        }
      }

      const milestoneValue = fields.milestone;
      const milestoneText = text(milestoneValue);
      if (milestoneText.trim() === '' && !isCellError(milestoneValue ?? null)) {
        err(milestoneValue !== undefined ? cellAddress(r0, cols.milestone!) : firstCell(), 'missing-milestone',
          `Row ${row.row} has data but no milestone text.`, 'Type the milestone wording, or delete the row if it is not a milestone.');
      }

      // Due quarter.
      let due: QuarterRef | undefined;
      const dueValue = fields.due;
      if (dueValue === undefined || isBlank(dueValue)) {
        if (!isCellError(dueValue ?? null)) {
          err(dueValue !== undefined ? cellAddress(r0, cols.due!) : firstCell(), 'missing-due', `"${short(milestoneText)}" has no due quarter.`,
            'Give the quarter it is due, e.g. "Q3 2017-18".');
        }
      } else if (!isCellError(dueValue)) {
        const dueColumn = cols.due!;
        const p = parseQuarter(dueValue, fyStart);
        if (p.kind === 'ok') {
          due = { quarter: p.ref.quarter, financialYear: p.ref.financialYear };
          if (p.note === 'year-ambiguous') {
            warn(cellAddress(r0, dueColumn), 'ambiguous-year', `"${text(dueValue)}" names one year; read as ${formatQuarter(p.ref)} (the financial year starting then).`,
              'Write the financial year in full, e.g. "Q3 2017-18".');
          }
        } else if (p.kind === 'no-year') {
          due = { quarter: p.quarter, financialYear: ctx.defaultFinancialYear };
          warn(cellAddress(r0, dueColumn), 'quarter-without-year',
            `"${text(dueValue)}" gives no year; read as ${formatQuarter(due)}, the year of the report.`,
            'Add the financial year, e.g. "Q3 2017-18".');
        } else if (p.kind === 'invalid') {
          err(cellAddress(r0, dueColumn), 'invalid-due', `The due quarter cannot be read: ${p.reason}.`,
            'Use a quarter such as "Q3 2017-18", a month such as "Dec 2017", or a date.');
        }
      }

      // Status, current and per quarter.
      // header: the history column's, or undefined for the status column.
      const readStatus = (value: CellValue, column: number, header: string | undefined): StatusId | undefined => {
        if (value === null || isCellError(value)) return undefined;
        const t = (typeof value === 'string' ? value : cellText(value)).trim();
        if (t === '') return undefined;
        const reading = readingOf(t);
        if (reading.status !== undefined) return reading.status;
        unknown.add(t);
        statusExcused = true;
        const label = header === undefined ? 'The status' : `The ${header}`;
        err(cellAddress(r0, column), 'unknown-status', `${label} "${reading.quoted!}" is not on the status scale (${labels.join(', ')}).`,
          reading.suggestion);
        return undefined;
      };
      // Every quarter the tracker has columns for, filled or not: a blank "Q4 update" means no Q4 update.
      const historyList: HistoryEntry[] = layout.groups.map((g) => ({ quarter: g.quarter, financialYear: g.financialYear }));
      for (let i = 0; i < historyValues.length; i++) {
        const h = historyColumns[i]!;
        const v = historyValues[i]!;
        const entry = historyList[layout.groupOf[i]!]!;
        if (h.kind === 'status') {
          const s = readStatus(v, h.column, h.header);
          if (s) entry.status = s;
        } else if (!isBlank(v) && !isCellError(v)) {
          entry.update = text(v);
        }
      }

      let status: StatusId | undefined;
      const statusValue = fields.status;
      // Without a status or update column, the current position is the latest quarter's. With one, a blank
      // cell means none was given (and says so), not last quarter's.
      if (statusValue !== undefined) {
        status = readStatus(statusValue, cols.status!, undefined);
      } else {
        for (let i = historyList.length - 1; i >= 0; i--) {
          if (historyList[i]!.status !== undefined) {
            status = historyList[i]!.status;
            break;
          }
        }
      }
      const updateValue = fields.update;
      let update = '';
      if (updateValue !== undefined) {
        if (!isCellError(updateValue)) update = text(updateValue);
      } else {
        for (let i = historyList.length - 1; i >= 0; i--) {
          const u = historyList[i]!.update;
          if (u) {
            update = u;
            break;
          }
        }
      }

      let completed: QuarterRef | undefined;
      const compValue = fields.completed;
      if (compValue !== undefined && !isBlank(compValue) && !isCellError(compValue)) {
        const compColumn = cols.completed!;
        const p = parseQuarter(compValue, fyStart);
        if (p.kind === 'ok') completed = { quarter: p.ref.quarter, financialYear: p.ref.financialYear };
        else if (p.kind === 'no-year') completed = { quarter: p.quarter, financialYear: ctx.defaultFinancialYear };
        else if (!DONE_WORD.test(text(compValue).trim())) {
          warn(cellAddress(r0, compColumn), 'invalid-completed', `The completion "${text(compValue)}" cannot be read as a date or quarter; it is ignored.`,
            'Give the date or quarter it was delivered.');
        }
        if (completed && status !== undefined && delivered !== undefined && !isDeliveredStatus(scale, status)) {
          warn(cellAddress(r0, compColumn), 'completed-not-delivered',
            `A completion (${formatQuarter(completed)}) is given but the status is "${scaleEntry(scale, status).label}".`,
            `Set the status to ${delivered?.label}, or clear the completion.`);
        }
      }

      // Identity.
      const idValue = fields.id;
      let id = idValue !== undefined && !isBlank(idValue) && !isCellError(idValue) ? text(idValue).trim() : '';
      if (id === '') {
        let s = slugs.get(sheet);
        if (s === undefined) slugs.set(sheet, (s = slug(sheet)));
        id = `${s}-${row.row}`;
      }
      const firstRow = rowsById.get(id);
      if (firstRow !== undefined) {
        const firstFile = fileOf.get(firstRow.sheet);
        const thisFile = fileOf.get(sheet);
        if (firstFile !== undefined && thisFile !== undefined && firstFile !== thisFile) {
          err(idValue !== undefined ? cellAddress(r0, cols.id!) : firstCell(), 'duplicate-id',
            `The id "${id}" in ${thisFile} is used already in ${firstFile} (${idPlace(firstRow)}).`,
            'Give each milestone its own id; trackers read together need ids that differ across files (a prefix per file, for example).');
        } else {
          err(idValue !== undefined ? cellAddress(r0, cols.id!) : firstCell(), 'duplicate-id', `The id "${id}" is used already (${idPlace(firstRow)}).`,
            'Give each milestone its own id.');
        }
      }

      if (status === undefined && !statusExcused) {
        const cell = statusValue !== undefined ? cellAddress(r0, cols.status!) : firstCell();
        warn(cell, 'missing-status', `"${short(milestoneText)}" has no status.`, `Choose ${labelList}.`);
      }
      if (row.hidden) {
        warn(firstCell(), 'hidden-row', `Row ${row.row} is hidden in the source sheet; it is included in the register.`,
          'Unhide it to check it, or delete it if it is not a milestone.');
      }

      if (hasError || due === undefined) {
        withErrors++;
        continue;
      }
      const ownerValue = fields.owner;
      const m: Milestone = {
        id,
        priority: groupText(row, 'priority') ?? row.headingPriority ?? '',
        theme: groupText(row, 'theme') ?? row.headingTheme ?? '',
        milestone: milestoneText,
        owner: ownerValue === undefined || isCellError(ownerValue) ? '' : text(ownerValue),
        due,
        update,
        history: historyList,
        source: { sheet, row: row.row },
      };
      if (status !== undefined) m.status = status;
      if (completed !== undefined) m.completed = completed;
      // The register's contract, checked on every row: a plain check, and zod's own error when it fails.
      assertMilestone(m);
      register.push(m);
      rowsById.set(id, row);
    }
  }

  return {
    register,
    issues,
    rows: { read, inRegister: register.length, withErrors },
    unknownStatuses: [...unknown],
    locate(id, what) {
      const row = rowsById.get(id);
      if (!row) return undefined;
      const address = (column: number) => ({ sheet: row.sheet, cell: cellAddress(row.row - 1, column) });
      if (typeof what === 'string') {
        const c = row.columns[what];
        return c !== undefined ? address(c) : undefined;
      }
      const h = row.historyColumns.find(
        (x) => x.kind === what.kind && x.quarter === what.quarter.quarter &&
          (x.fyStart === undefined ? ctx.defaultFinancialYear : financialYearLabel(x.fyStart)) === what.quarter.financialYear,
      );
      if (h) return address(h.column);
      const c = row.columns[what.kind];
      return c !== undefined ? address(c) : undefined;
    },
  };
}

/** A1 address of the row's leftmost mapped cell. */
function firstCellOf(row: RawRow): string {
  let min = Infinity;
  for (const f of FIELDS) {
    const c = row.columns[f];
    if (c !== undefined && c < min) min = c;
  }
  for (const h of row.historyColumns) if (h.column < min) min = h.column;
  return cellAddress(row.row - 1, min);
}

/** Where a row's id is: its id cell, or its first cell when the id is made up. */
function idPlace(row: RawRow): string {
  const idColumn = row.columns.id;
  return `${row.sheet}!${idColumn !== undefined ? cellAddress(row.row - 1, idColumn) : firstCellOf(row)}`;
}

const DONE_WORD = /^(yes|y|true|✓|✔|x|done|complete|completed)$/i;

function groupText(row: RawRow, field: 'priority' | 'theme'): string | undefined {
  const v = row.fields[field];
  if (v === undefined || v === null || isCellError(v)) return undefined;
  const t = cellText(v).trim();
  return t === '' ? undefined : t;
}

function short(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t === '' ? '(no milestone text)' : t;
}
