// Raw tracker rows -> validated milestones and issues. A row with an error stays out of the register;
// every row read is either in the register or carries at least one error.
import type { Config, Field, StatusId } from './config';
import { DEFAULT_FY_START_MONTH, FIELDS } from './config';
import { cellAddress, cellText, isBlank, isCellError, PackedText, type CellError, type CellValue } from './grid';
import { makeIssue, type Issue, type IssueCodeAt } from './issue';
import { assertMilestone, packedUpdateOf, withPackedUpdate, type HistoryEntry, type Milestone, type QuarterRef } from './milestone';
import { compareQuarters, financialYearLabel, formatQuarter, parseQuarter } from './quarter';
import type { RawRow, TrackerSheet } from './read-tracker';
import { createStatusMatcher } from './status';
import { isDeliveredStatus, resolveScale, scaleEntry, type StatusScale } from './status-scale';

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
  /** Each tracker row is emptied once read (its values then live only in the register): the pipeline's consumeGrid. */
  consumeRows?: boolean;
  /** Called with each milestone as it is built: the pipeline's onMilestone. */
  onMilestone?: (m: Milestone) => void;
}

function text(v: CellValue | undefined): string {
  return v === null || v === undefined ? '' : cellText(v);
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
/** Which register quarter each of a tracker's history columns feeds. */
interface HistoryLayout {
  /** The quarters, oldest first. */
  groups: HistoryGroup[];
  /** Per history column, the index of its quarter in groups. */
  groupOf: number[];
  /** One row's readings per quarter, reused from row to row (readHistory). */
  statuses: (StatusId | undefined)[];
  /** A packed update (a big tracker's long text, the CLI's) stays packed in its entry. */
  updates: (string | PackedText | undefined)[];
  /** The quarter's update was read before its status (its entry lists them in that order). */
  updateFirst: boolean[];
}

function historyLayout(tracker: TrackerSheet, defaultFinancialYear: string): HistoryLayout {
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
  return {
    groups: order.map((g) => firstSeen[g]!),
    groupOf: seenIdx.map((g) => rank[g]!),
    statuses: order.map(() => undefined),
    updates: order.map(() => undefined),
    updateFirst: order.map(() => false),
  };
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

/** Folds status words onto the scale. Status texts repeat thousands of times ("Green", "Amber"): each is folded, matched and suggested once. */
interface StatusReader {
  reading(text: string): StatusReading;
  /** The scale's labels, in order, and the same as a sentence ("A, B or C"). */
  labels: string[];
  labelList: string;
}

function createStatusReader(config: Config, scale: StatusScale): StatusReader {
  const matcher = createStatusMatcher(config, scale);
  const labels = scale.entries.map((e) => e.label);
  const labelList = `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
  const readings = new Map<string, StatusReading>();
  const reading = (t: string): StatusReading => {
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
  return { reading, labels, labelList };
}

/**
 * Where a register row is in its sheet: what locate and a duplicate id's message need, without the row's values
 * (the result keeps one per milestone for as long as it lives).
 */
type RowPlace = Pick<RawRow, 'sheet' | 'row' | 'columns' | 'historyColumns'>;

/** What every row of one build shares: the settings as read, the issues so far and the ids taken. */
interface BuildState {
  fyStart: number;
  defaultFinancialYear: string;
  scale: StatusScale;
  /** The scale's delivered entry, if it has one. */
  delivered: StatusScale['entries'][number] | undefined;
  statuses: StatusReader;
  issues: Issue[];
  /** Status wordings not on the scale, in the order first met. */
  unknown: Set<string>;
  /** Where the register's rows are, by id: the first row with an id, for a duplicate's message and for locate. */
  rowsById: Map<string, RowPlace>;
  /** The quarter-without-year message of each due text met (a few wordings, repeated on thousands of rows). */
  yearlessMessages: Map<string, string>;
  /** Each quarter met as a due or completion quarter, one object for all the rows that name it (quarterRef). */
  quarterRefs: Map<string, QuarterRef>;
  slugs: Map<string, string>;
  /** Each sheet's file, when several files are read as one. */
  fileOf: Map<string, string>;
}

/**
 * One row's issues, pushed onto the build's list in the order they are found, and what they say of the row.
 */
class RowIssues {
  hasError = false;
  /** An unknown status or an error value was reported, so a missing status is not reported again. */
  statusExcused = false;
  private first: string | undefined;

  constructor(
    private readonly issues: Issue[],
    readonly row: RawRow,
  ) {}

  error(cell: string, code: IssueCodeAt<'error'>, message: string, suggestion?: string): void {
    this.hasError = true;
    this.issues.push(makeIssue('error', this.row.sheet, cell, code, message, suggestion));
  }

  warning(cell: string, code: IssueCodeAt<'warning'>, message: string, suggestion?: string): void {
    this.issues.push(makeIssue('warning', this.row.sheet, cell, code, message, suggestion));
  }

  /** A1 address of the row's cell in a 0-based column. */
  at(column: number): string {
    return cellAddress(this.row.row - 1, column);
  }

  /** The row's cell for a field, or its leftmost mapped cell when the row has no such column. */
  atField(field: Field): string {
    const column = this.row.columns[field];
    return column !== undefined ? this.at(column) : this.firstCell();
  }

  /** The row's leftmost mapped cell, for issues about a cell the row does not have. */
  firstCell(): string {
    return (this.first ??= firstCellOf(this.row));
  }
}

export function buildRegister(trackers: TrackerSheet[], config: Config, ctx: RegisterContext): RegisterResult {
  const scale = resolveScale(config.scale);
  const state: BuildState = {
    fyStart: config.financialYearStartMonth ?? DEFAULT_FY_START_MONTH,
    defaultFinancialYear: ctx.defaultFinancialYear,
    scale,
    delivered: scale.entries.find((e) => e.delivered),
    statuses: createStatusReader(config, scale),
    issues: [],
    unknown: new Set<string>(),
    rowsById: new Map<string, RowPlace>(),
    yearlessMessages: new Map<string, string>(),
    quarterRefs: new Map<string, QuarterRef>(),
    slugs: new Map<string, string>(),
    fileOf: new Map<string, string>(),
  };
  for (const t of trackers) if (t.file !== undefined) state.fileOf.set(t.sheet, t.file);
  const register: Milestone[] = [];
  let read = 0;
  let withErrors = 0;
  for (const tracker of trackers) {
    const layout = historyLayout(tracker, ctx.defaultFinancialYear);
    // Indexed loops over the rows here and in the other one-pass loops of the core: they run once, mostly before
    // they are optimised, and for...of there makes an iterator result per row.
    const rows = tracker.rows;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      read++;
      const m = readRow(row, layout, state);
      if (ctx.consumeRows) {
        row.fields = {};
        row.historyValues = [];
      }
      if (m === undefined) {
        withErrors++;
        continue;
      }
      register.push(m);
      state.rowsById.set(m.id, { sheet: row.sheet, row: row.row, columns: row.columns, historyColumns: row.historyColumns });
      ctx.onMilestone?.(m);
    }
    if (ctx.consumeRows) tracker.rows = [];
  }
  return {
    register,
    issues: state.issues,
    rows: { read, inRegister: register.length, withErrors },
    unknownStatuses: [...state.unknown],
    locate: locator(state.rowsById, ctx.defaultFinancialYear),
  };
}

/** One tracker row as a milestone, or undefined when an error keeps it out; its issues go onto the build's list. */
function readRow(row: RawRow, layout: HistoryLayout, state: BuildState): Milestone | undefined {
  const out = new RowIssues(state.issues, row);
  reportErrorValues(row, out);
  const milestoneText = readMilestoneText(row, out);
  const due = readDueQuarter(row, state, milestoneText, out);
  const history = readHistory(row, layout, state, out);
  const status = readCurrentStatus(row, history, state, out);
  const update = readCurrentUpdate(row, history);
  const completed = readCompletion(row, status, state, out);
  const id = assignId(row, state, out);
  if (status === undefined && !out.statusExcused) {
    out.warning(out.atField('status'), 'missing-status', `"${short(milestoneText)}" has no status.`, `Choose ${state.statuses.labelList}.`);
  }
  if (row.hidden) {
    out.warning(out.firstCell(), 'hidden-row', `Row ${row.row} is hidden in the source sheet; it is included in the register.`,
      'Unhide it to check it, or delete it if it is not a milestone.');
  }
  if (out.hasError || due === undefined) return undefined;
  const ownerValue = row.fields.owner;
  const m: Milestone = {
    id,
    priority: groupText(row, 'priority') ?? row.headingPriority ?? '',
    theme: groupText(row, 'theme') ?? row.headingTheme ?? '',
    milestone: milestoneText,
    owner: ownerValue === undefined || isCellError(ownerValue) ? '' : text(ownerValue),
    due,
    update: typeof update === 'string' ? update : '',
    history,
    source: { sheet: row.sheet, row: row.row },
  };
  if (status !== undefined) m.status = status;
  if (completed !== undefined) m.completed = completed;
  // A packed update (a big tracker's long text, the CLI's) stays packed: read back by each output that writes it.
  const built = update instanceof PackedText ? withPackedUpdate(m, update) : m;
  // The register's contract, checked on every row: a plain check, and zod's own error when it fails.
  assertMilestone(built);
  return built;
}

/**
 * Error values (#REF!, #N/A): in the milestone, due or a status the row cannot be read; elsewhere the cell is
 * read as blank.
 */
function reportErrorValues(row: RawRow, out: RowIssues): void {
  if (!hasErrorValue(row)) return;
  const errorCell = (what: string, value: CellError, column: number, essential: boolean) => {
    out.statusExcused = true;
    if (essential) {
      out.error(out.at(column), 'error-value', `The ${what} cell holds the Excel error ${value.error}, so this milestone cannot be read.`,
        'Fix the formula or type the value in the source sheet.');
    } else {
      out.warning(out.at(column), 'error-value', `The ${what} cell holds the Excel error ${value.error}; it is read as blank.`,
        'Fix the formula or type the value in the source sheet.');
    }
  };
  for (const f of FIELDS) {
    const v = row.fields[f];
    const column = row.columns[f];
    if (v !== undefined && column !== undefined && isCellError(v)) errorCell(f, v, column, f === 'milestone' || f === 'due' || f === 'status');
  }
  row.historyValues.forEach((v, i) => {
    const h = row.historyColumns[i];
    if (h !== undefined && isCellError(v)) errorCell(h.header, v, h.column, h.kind === 'status');
  });
}

/** Whether any of the row's values is an error value: most rows have none, and are then not looked at field by field. */
function hasErrorValue(row: RawRow): boolean {
  const fields = row.fields;
  for (const f in fields) if (isCellError(fields[f as Field])) return true;
  const values = row.historyValues;
  for (let i = 0; i < values.length; i++) if (isCellError(values[i])) return true;
  return false;
}

/** The milestone's wording; a row with data but none is an error. */
function readMilestoneText(row: RawRow, out: RowIssues): string {
  const value = row.fields.milestone;
  const milestoneText = text(value);
  if (milestoneText.trim() === '' && !isCellError(value ?? null)) {
    out.error(out.atField('milestone'), 'missing-milestone',
      `Row ${row.row} has data but no milestone text.`, 'Type the milestone wording, or delete the row if it is not a milestone.');
  }
  return milestoneText;
}

/** The due quarter from a quarter, month or date; a row without one that can be read is an error. */
function readDueQuarter(row: RawRow, state: BuildState, milestoneText: string, out: RowIssues): QuarterRef | undefined {
  const value = row.fields.due;
  if (value === undefined || isBlank(value)) {
    if (!isCellError(value ?? null)) {
      out.error(out.atField('due'), 'missing-due', `"${short(milestoneText)}" has no due quarter.`,
        'Give the quarter it is due, e.g. "Q3 2017-18".');
    }
    return undefined;
  }
  if (isCellError(value)) return undefined;
  const p = parseQuarter(value, state.fyStart);
  if (p.kind === 'ok') {
    if (p.note === 'year-ambiguous') {
      out.warning(out.atField('due'), 'ambiguous-year', `"${text(value)}" names one year; read as ${formatQuarter(p.ref)} (the financial year starting then).`,
        'Write the financial year in full, e.g. "Q3 2017-18".');
    }
    return quarterRef(state, p.ref.quarter, p.ref.financialYear);
  }
  if (p.kind === 'no-year') {
    const due = quarterRef(state, p.quarter, state.defaultFinancialYear);
    // The text alone decides the message (the quarter is read from it, the year is the build's): one string for them all.
    const written = text(value);
    let message = state.yearlessMessages.get(written);
    if (message === undefined) {
      message = `"${written}" gives no year; read as ${formatQuarter(due)}, the year of the report.`;
      if (state.yearlessMessages.size >= 1000) state.yearlessMessages.clear();
      state.yearlessMessages.set(written, message);
    }
    out.warning(out.atField('due'), 'quarter-without-year', message, 'Add the financial year, e.g. "Q3 2017-18".');
    return due;
  }
  if (p.kind === 'invalid') {
    out.error(out.atField('due'), 'invalid-due', `The due quarter cannot be read: ${p.reason}.`,
      'Use a quarter such as "Q3 2017-18", a month such as "Dec 2017", or a date.');
  }
  return undefined;
}

/**
 * A status cell folded onto the scale; an unknown wording is an error on its cell.
 * header: the history column's, or undefined for the status column.
 */
function readStatusCell(value: CellValue, column: number, header: string | undefined, state: BuildState, out: RowIssues): StatusId | undefined {
  if (value === null || isCellError(value)) return undefined;
  const t = (typeof value === 'string' ? value : cellText(value)).trim();
  if (t === '') return undefined;
  const reading = state.statuses.reading(t);
  if (reading.status !== undefined) return reading.status;
  state.unknown.add(t);
  out.statusExcused = true;
  const label = header === undefined ? 'The status' : `The ${header}`;
  out.error(out.at(column), 'unknown-status', `${label} "${reading.quoted ?? t}" is not on the status scale (${state.statuses.labels.join(', ')}).`,
    reading.suggestion);
  return undefined;
}

/** Every quarter the tracker has columns for, filled or not: a blank "Q4 update" means no Q4 update. */
function readHistory(row: RawRow, layout: HistoryLayout, state: BuildState, out: RowIssues): HistoryEntry[] {
  const { groups, statuses, updates, updateFirst } = layout;
  for (let g = 0; g < groups.length; g++) {
    statuses[g] = undefined;
    updates[g] = undefined;
    updateFirst[g] = false;
  }
  // Read first, then each entry made whole, its fields in the order they were read: one object of its final shape.
  const values = row.historyValues;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? null;
    const h = row.historyColumns[i];
    const g = layout.groupOf[i];
    if (h === undefined || g === undefined || g >= groups.length) continue;
    if (h.kind === 'status') {
      const s = readStatusCell(v, h.column, h.header, state, out);
      if (s) statuses[g] = s;
    } else if (!isBlank(v) && !isCellError(v)) {
      if (updates[g] === undefined && statuses[g] === undefined) updateFirst[g] = true;
      updates[g] = v instanceof PackedText ? v : text(v);
    }
  }
  const history: HistoryEntry[] = [];
  for (let g = 0; g < groups.length; g++) history.push(historyEntry(groups[g]!, statuses[g], updates[g], updateFirst[g] === true));
  return history;
}

function historyEntry(group: HistoryGroup, status: StatusId | undefined, update: string | PackedText | undefined, updateFirst: boolean): HistoryEntry {
  if (update instanceof PackedText) return withPackedUpdate(historyEntry(group, status, '', updateFirst), update);
  const { quarter, financialYear } = group;
  if (status === undefined) return update === undefined ? { quarter, financialYear } : { quarter, financialYear, update };
  if (update === undefined) return { quarter, financialYear, status };
  return updateFirst ? { quarter, financialYear, update, status } : { quarter, financialYear, status, update };
}

/**
 * The quarter as one frozen object shared by every row that names it: a register has a few dozen quarters and 100k rows,
 * each with a due quarter (and many a completion quarter), so 200k objects for the collector to visit at every
 * collection become a few dozen. Frozen, so a change meant for one row cannot reach the others.
 */
function quarterRef(state: BuildState, quarter: QuarterRef['quarter'], financialYear: string): QuarterRef {
  const key = `${quarter} ${financialYear}`;
  let ref = state.quarterRefs.get(key);
  if (ref === undefined) {
    ref = Object.freeze({ quarter, financialYear });
    state.quarterRefs.set(key, ref);
  }
  return ref;
}

/**
 * The current status. Without a status column it is the latest quarter's; with one, a blank cell means none was
 * given (and says so), not last quarter's.
 */
function readCurrentStatus(row: RawRow, history: HistoryEntry[], state: BuildState, out: RowIssues): StatusId | undefined {
  const value = row.fields.status;
  const column = row.columns.status;
  if (value !== undefined && column !== undefined) return readStatusCell(value, column, undefined, state, out);
  if (value !== undefined) return undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const s = history[i]?.status;
    if (s !== undefined) return s;
  }
  return undefined;
}

/** The current update: the update column's, or without one the latest quarter's that has one (packed, if it is). */
function readCurrentUpdate(row: RawRow, history: HistoryEntry[]): string | PackedText {
  const value = row.fields.update;
  if (value !== undefined) return isCellError(value) ? '' : value instanceof PackedText ? value : text(value);
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i];
    if (h === undefined) continue;
    const packed = packedUpdateOf(h);
    if (packed) return packed;
    if (h.update) return h.update;
  }
  return '';
}

/**
 * The quarter the milestone was completed in, from a date or quarter; a word such as "Done" says nothing about
 * when and is passed over, other text is ignored with a warning.
 */
function readCompletion(row: RawRow, status: StatusId | undefined, state: BuildState, out: RowIssues): QuarterRef | undefined {
  const value = row.fields.completed;
  if (value === undefined || isBlank(value) || isCellError(value)) return undefined;
  const p = parseQuarter(value, state.fyStart);
  let completed: QuarterRef | undefined;
  if (p.kind === 'ok') completed = quarterRef(state, p.ref.quarter, p.ref.financialYear);
  else if (p.kind === 'no-year') completed = quarterRef(state, p.quarter, state.defaultFinancialYear);
  else if (!DONE_WORD.test(text(value).trim())) {
    out.warning(out.atField('completed'), 'invalid-completed', `The completion "${text(value)}" cannot be read as a date or quarter; it is ignored.`,
      'Give the date or quarter it was delivered.');
  }
  const delivered = state.delivered;
  if (completed && status !== undefined && delivered !== undefined && !isDeliveredStatus(state.scale, status)) {
    out.warning(out.atField('completed'), 'completed-not-delivered',
      `A completion (${formatQuarter(completed)}) is given but the status is "${scaleEntry(state.scale, status).label}".`,
      `Set the status to ${delivered.label}, or clear the completion.`);
  }
  return completed;
}

/** The id cell's text, or sheet-and-row when it is blank; an id a register row has already is an error. */
function assignId(row: RawRow, state: BuildState, out: RowIssues): string {
  const value = row.fields.id;
  let id = value !== undefined && !isBlank(value) && !isCellError(value) ? text(value).trim() : '';
  if (id === '') {
    let s = state.slugs.get(row.sheet);
    if (s === undefined) state.slugs.set(row.sheet, (s = slug(row.sheet)));
    id = `${s}-${row.row}`;
  }
  const firstRow = state.rowsById.get(id);
  if (firstRow !== undefined) reportDuplicateId(id, row, firstRow, state, out);
  return id;
}

function reportDuplicateId(id: string, row: RawRow, firstRow: RowPlace, state: BuildState, out: RowIssues): void {
  const cell = out.atField('id');
  const firstFile = state.fileOf.get(firstRow.sheet);
  const thisFile = state.fileOf.get(row.sheet);
  if (firstFile !== undefined && thisFile !== undefined && firstFile !== thisFile) {
    out.error(cell, 'duplicate-id', `The id "${id}" in ${thisFile} is used already in ${firstFile} (${idPlace(firstRow)}).`,
      'Give each milestone its own id; trackers read together need ids that differ across files (a prefix per file, for example).');
  } else {
    out.error(cell, 'duplicate-id', `The id "${id}" is used already (${idPlace(firstRow)}).`, 'Give each milestone its own id.');
  }
}

/** RegisterResult.locate over the register's rows. */
function locator(rowsById: Map<string, RowPlace>, defaultFinancialYear: string): RegisterResult['locate'] {
  return (id, what) => {
    const row = rowsById.get(id);
    if (!row) return undefined;
    const address = (column: number) => ({ sheet: row.sheet, cell: cellAddress(row.row - 1, column) });
    if (typeof what === 'string') {
      const c = row.columns[what];
      return c !== undefined ? address(c) : undefined;
    }
    const h = row.historyColumns.find(
      (x) => x.kind === what.kind && x.quarter === what.quarter.quarter &&
        (x.fyStart === undefined ? defaultFinancialYear : financialYearLabel(x.fyStart)) === what.quarter.financialYear,
    );
    if (h) return address(h.column);
    const c = row.columns[what.kind];
    return c !== undefined ? address(c) : undefined;
  };
}

/** A1 address of the row's leftmost mapped cell. */
function firstCellOf(row: RowPlace): string {
  let min = Infinity;
  for (const f of FIELDS) {
    const c = row.columns[f];
    if (c !== undefined && c < min) min = c;
  }
  for (const h of row.historyColumns) if (h.column < min) min = h.column;
  return cellAddress(row.row - 1, min);
}

/** Where a row's id is: its id cell, or its first cell when the id is made up. */
function idPlace(row: RowPlace): string {
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
