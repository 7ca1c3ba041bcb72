// Raw tracker rows -> validated milestones and issues. A row with an error stays out of the register;
// every row read is either in the register or carries at least one error.
import type { Config, Field, StatusId } from './config';
import { DEFAULT_FY_START_MONTH, FIELDS } from './config';
import { cellAddress, cellText, isCellError, type CellValue } from './grid';
import { makeIssue, type Issue } from './issue';
import { MilestoneSchema, type HistoryEntry, type Milestone, type QuarterRef } from './milestone';
import { compareQuarters, financialYearLabel, formatQuarter, parseQuarter } from './quarter';
import type { RawCell, RawRow, TrackerSheet } from './read-tracker';
import { createStatusMatcher } from './status';
import { statusInfo } from './status-scale';

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
  return text(v).trim() === '';
}

function slug(s: string): string {
  const t = s.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return t === '' ? 'Sheet' : t.slice(0, 24);
}

export function buildRegister(trackers: TrackerSheet[], config: Config, ctx: RegisterContext): RegisterResult {
  const fyStart = config.financialYearStartMonth ?? DEFAULT_FY_START_MONTH;
  const matcher = createStatusMatcher(config);
  const issues: Issue[] = [];
  const register: Milestone[] = [];
  const unknown = new Set<string>();
  const seenIds = new Map<string, string>();
  const rowsById = new Map<string, RawRow>();
  let read = 0;
  let withErrors = 0;

  for (const tracker of trackers) {
    for (const row of tracker.rows) {
      read++;
      const rowIssues: Issue[] = [];
      const at = (c: RawCell | number) => cellAddress(row.row - 1, typeof c === 'number' ? c : c.column);
      const err = (cell: string, code: string, message: string, suggestion?: string) =>
        rowIssues.push(makeIssue('error', row.sheet, cell, code, message, suggestion));
      const warn = (cell: string, code: string, message: string, suggestion?: string) =>
        rowIssues.push(makeIssue('warning', row.sheet, cell, code, message, suggestion));
      const firstCell = at(Math.min(...Object.values(row.fields).map((c) => c!.column), ...row.history.map((h) => h.column.column)));

      // Error values (#REF!, #N/A): in the milestone, due or a status the row cannot be read; elsewhere the
      // cell is read as blank.
      const errorCell = (what: string, c: RawCell, essential: boolean) => {
        if (!isCellError(c.value)) return;
        if (essential) {
          err(at(c), 'error-value', `The ${what} cell holds the Excel error ${c.value.error}, so this milestone cannot be read.`,
            'Fix the formula or type the value in the source sheet.');
        } else {
          warn(at(c), 'error-value', `The ${what} cell holds the Excel error ${c.value.error}; it is read as blank.`,
            'Fix the formula or type the value in the source sheet.');
        }
      };
      for (const f of FIELDS) {
        const c = row.fields[f];
        if (c) errorCell(f, c, f === 'milestone' || f === 'due' || f === 'status');
      }
      for (const h of row.history) errorCell(h.column.header, { value: h.value, column: h.column.column }, h.column.kind === 'status');

      const milestoneText = text(row.fields.milestone?.value);
      if (milestoneText.trim() === '' && !isCellError(row.fields.milestone?.value ?? null)) {
        err(row.fields.milestone ? at(row.fields.milestone) : firstCell, 'missing-milestone',
          `Row ${row.row} has data but no milestone text.`, 'Type the milestone wording, or delete the row if it is not a milestone.');
      }

      // Due quarter.
      let due: QuarterRef | undefined;
      const dueCell = row.fields.due;
      if (!dueCell || isBlank(dueCell.value)) {
        if (!isCellError(dueCell?.value ?? null)) {
          err(dueCell ? at(dueCell) : firstCell, 'missing-due', `"${short(milestoneText)}" has no due quarter.`,
            'Give the quarter it is due, e.g. "Q3 2017-18".');
        }
      } else if (!isCellError(dueCell.value)) {
        const p = parseQuarter(dueCell.value, fyStart);
        if (p.kind === 'ok') {
          due = { ...p.ref };
          if (p.note === 'year-ambiguous') {
            warn(at(dueCell), 'ambiguous-year', `"${text(dueCell.value)}" names one year; read as ${formatQuarter(p.ref)} (the financial year starting then).`,
              'Write the financial year in full, e.g. "Q3 2017-18".');
          }
        } else if (p.kind === 'no-year') {
          due = { quarter: p.quarter, financialYear: ctx.defaultFinancialYear };
          warn(at(dueCell), 'quarter-without-year',
            `"${text(dueCell.value)}" gives no year; read as ${formatQuarter(due)}, the year of the report.`,
            'Add the financial year, e.g. "Q3 2017-18".');
        } else if (p.kind === 'invalid') {
          err(at(dueCell), 'invalid-due', `The due quarter cannot be read: ${p.reason}.`,
            'Use a quarter such as "Q3 2017-18", a month such as "Dec 2017", or a date.');
        }
      }

      // Status, current and per quarter.
      const readStatus = (c: RawCell, label: string): StatusId | undefined => {
        if (isBlank(c.value) || isCellError(c.value)) return undefined;
        const t = text(c.value).trim();
        const s = matcher.match(t);
        if (s) return s;
        unknown.add(t);
        const sug = matcher.suggest(t);
        const q = short(t);
        err(at(c), 'unknown-status', `${label} "${q}" is not on the status scale (Delivered, On track, Some delay).`,
          sug
            ? `Did you mean "${statusInfo(sug.status).label}" (like "${sug.wording}")? Or add the wording to statusSynonyms in the settings.`
            : `Use Delivered, On track or Some delay, or add the wording to statusSynonyms in the settings.`);
        return undefined;
      };
      const history = new Map<string, HistoryEntry>();
      for (const h of row.history) {
        const fy = h.column.fyStart !== undefined ? financialYearLabel(h.column.fyStart) : ctx.defaultFinancialYear;
        const key = `${fy} ${h.column.quarter}`;
        const entry = history.get(key) ?? { quarter: h.column.quarter, financialYear: fy };
        const c = { value: h.value, column: h.column.column };
        if (h.column.kind === 'status') {
          const s = readStatus(c, `The ${h.column.header}`);
          if (s) entry.status = s;
        } else if (!isBlank(h.value) && !isCellError(h.value)) {
          entry.update = text(h.value);
        }
        history.set(key, entry);
      }
      // Every quarter the tracker has columns for, filled or not: a blank "Q4 update" means no Q4 update.
      const historyList = [...history.values()].sort(compareQuarters);

      let status: StatusId | undefined;
      if (row.fields.status) status = readStatus(row.fields.status, 'The status');
      // Without a status or update column, the current position is the latest quarter's. With one, a blank
      // cell means none was given (and says so), not last quarter's.
      if (!row.fields.status) status = [...historyList].reverse().find((e) => e.status !== undefined)?.status;
      let update = row.fields.update && !isCellError(row.fields.update.value) ? text(row.fields.update.value) : '';
      if (!row.fields.update) update = [...historyList].reverse().find((e) => e.update)?.update ?? '';

      let completed: QuarterRef | undefined;
      const compCell = row.fields.completed;
      if (compCell && !isBlank(compCell.value) && !isCellError(compCell.value)) {
        const p = parseQuarter(compCell.value, fyStart);
        const yes = /^(yes|y|true|✓|✔|x|done|complete|completed)$/i.test(text(compCell.value).trim());
        if (p.kind === 'ok') completed = { ...p.ref };
        else if (p.kind === 'no-year') completed = { quarter: p.quarter, financialYear: ctx.defaultFinancialYear };
        else if (!yes) {
          warn(at(compCell), 'invalid-completed', `The completion "${text(compCell.value)}" cannot be read as a date or quarter; it is ignored.`,
            'Give the date or quarter it was delivered.');
        }
        if (completed && status !== undefined && status !== 'delivered') {
          warn(at(compCell), 'completed-not-delivered',
            `A completion (${formatQuarter(completed)}) is given but the status is "${statusInfo(status).label}".`,
            'Set the status to Delivered, or clear the completion.');
        }
      }

      // Identity.
      const idCell = row.fields.id;
      let id = idCell && !isBlank(idCell.value) && !isCellError(idCell.value) ? text(idCell.value).trim() : '';
      if (id === '') id = `${slug(row.sheet)}-${row.row}`;
      const firstSeen = seenIds.get(id);
      if (firstSeen !== undefined) {
        err(idCell ? at(idCell) : firstCell, 'duplicate-id', `The id "${id}" is used already (${firstSeen}).`,
          'Give each milestone its own id.');
      }

      if (status === undefined && !rowIssues.some((i) => i.code === 'unknown-status' || i.code === 'error-value')) {
        const cell = row.fields.status ? at(row.fields.status) : firstCell;
        warn(cell, 'missing-status', `"${short(milestoneText)}" has no status.`, 'Choose Delivered, On track or Some delay.');
      }
      if (row.hidden) {
        warn(firstCell, 'hidden-row', `Row ${row.row} is hidden in the source sheet; it is included in the register.`,
          'Unhide it to check it, or delete it if it is not a milestone.');
      }

      issues.push(...rowIssues);
      if (rowIssues.some((i) => i.severity === 'error') || due === undefined) {
        withErrors++;
        continue;
      }
      seenIds.set(id, `${row.sheet}!${idCell ? at(idCell) : firstCell}`);
      const m: Milestone = {
        id,
        priority: groupText(row, 'priority') ?? row.headingPriority ?? '',
        theme: groupText(row, 'theme') ?? row.headingTheme ?? '',
        milestone: milestoneText,
        owner: isCellError(row.fields.owner?.value ?? null) ? '' : text(row.fields.owner?.value),
        due,
        update,
        history: historyList,
        source: { sheet: row.sheet, row: row.row },
      };
      if (status !== undefined) m.status = status;
      if (completed !== undefined) m.completed = completed;
      MilestoneSchema.parse(m);
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
        const c = row.fields[what];
        return c ? address(c.column) : undefined;
      }
      const h = row.history.find(
        (x) => x.column.kind === what.kind && x.column.quarter === what.quarter.quarter &&
          (x.column.fyStart === undefined ? ctx.defaultFinancialYear : financialYearLabel(x.column.fyStart)) === what.quarter.financialYear,
      );
      if (h) return address(h.column.column);
      const c = row.fields[what.kind];
      return c ? address(c.column) : undefined;
    },
  };
}

function groupText(row: RawRow, field: 'priority' | 'theme'): string | undefined {
  const v = row.fields[field]?.value;
  if (v === undefined || v === null || isCellError(v)) return undefined;
  const t = cellText(v).trim();
  return t === '' ? undefined : t;
}

function short(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t === '' ? '(no milestone text)' : t;
}
