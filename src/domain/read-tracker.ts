// Grid sheet -> raw tracker rows: header detection, column mapping, fill-down, heading rows, skipped rows.
import type { Config, Field } from './config';
import { cellAddress, cellText, expandMerges, isBlank, isCellError, PackedText, type CellValue, type GridSheet } from './grid';
import { makeIssue, type Issue } from './issue';
import { headerConfidence, mapColumns, parseHistoryHeader, type ColumnChoice, type HistoryColumn, type MappingResult } from './map-columns';
import { FIELDS } from './config';
import { foldWords } from './status';

export interface RawRow {
  sheet: string;
  /** 1-based row number in the sheet. */
  row: number;
  /** Each mapped field's value (null for an empty cell). */
  fields: Partial<Record<Field, CellValue>>;
  /** Each mapped field's 0-based column: one object shared by the sheet's rows, or the row's own where a same-named column stood in. */
  columns: Readonly<Partial<Record<Field, number>>>;
  /** Priority/theme set by heading rows or the sheet name, used where no column gives them. */
  headingPriority?: string;
  headingTheme?: string;
  /** The tracker's per-quarter columns (one array shared by every row of the sheet). */
  historyColumns: readonly HistoryColumn[];
  /** The row's value in each of historyColumns, in that order. */
  historyValues: CellValue[];
  hidden: boolean;
}

export interface TrackerSheet {
  sheet: string;
  /** 1-based. */
  headerRow: number;
  headers: string[];
  columns: ColumnChoice[];
  history: HistoryColumn[];
  rows: RawRow[];
  /** The file it came from, when several files are read as one. */
  file?: string;
}

const NO_CELLS: readonly CellValue[] = [];
const HEADER_SCAN_ROWS = 40;
const HEADING_PRIORITY = /^(priority|section|objective|outcome|pillar|part|chapter|strategic)\b/i;
const HEADING_THEME = /^(theme|workstream|work stream|strand|programme|sub[- ]?priority)\b/i;
/** Sheet names that say nothing of what the sheet holds, so they do not stand in for a priority. */
export const GENERIC_SHEET = /^(sheet\s*\d*|tracker|data|milestones?|register|export|table\s*\d*)$/i;


/** Separators foldWords turns into one space, as ASCII codes. */
const FOLD_SEPARATOR = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (/[\s\-_/.,;:!?()[\]'"]/.test(String.fromCharCode(c))) t[c] = 1;
  return t;
})();

/**
 * foldWords(text) === key, without building the folded text: most cells differ from the header in their first
 * letter. Text with other than ASCII is folded in full (NFKC can join a letter with the mark after it).
 */
export function foldsTo(text: string, key: string): boolean {
  let k = 0;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c > 127) return foldWords(text) === key;
    if (FOLD_SEPARATOR[c] === 1) {
      if (k > 0) space = true;
      continue;
    }
    if (space) {
      if (key.charCodeAt(k) !== 32) return mismatch(text, i, key);
      k++;
      space = false;
    }
    if (c >= 65 && c <= 90) c += 32;
    if (key.charCodeAt(k) !== c) return mismatch(text, i, key);
    k++;
  }
  return k === key.length;
}

/**
 * A difference at an ASCII character is final unless a mark follows it: NFKC leaves ASCII alone except where
 * it composes a letter with the combining mark after it ("e" + U+0301 -> "é"), and marks are not ASCII.
 */
function mismatch(text: string, at: number, key: string): boolean {
  return at + 1 < text.length && text.charCodeAt(at + 1) > 127 ? foldWords(text) === key : false;
}

/** Scores a row as a header: how many of its cells plainly name a field or a quarter's status/update. */
function headerScore(row: CellValue[]): { score: number; hasMilestone: boolean } {
  const seen = new Set<string>();
  let hasMilestone = false;
  row.forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '' || v.length > 80) return;
    if (parseHistoryHeader(v, i)) {
      seen.add(`history${i}`);
      return;
    }
    for (const f of FIELDS) {
      if (headerConfidence(v, f) >= 0.75) {
        seen.add(f);
        if (f === 'milestone') hasMilestone = true;
      }
    }
  });
  return { score: seen.size, hasMilestone };
}

export function detectHeaderRow(rows: CellValue[][]): number | undefined {
  let best: { row: number; score: number } | undefined;
  const limit = Math.min(rows.length, HEADER_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    const { score, hasMilestone } = headerScore(rows[r] ?? []);
    if (!hasMilestone || score < 2) continue;
    if (!best || score > best.score) best = { row: r, score };
  }
  return best?.row;
}

/** What every row of one sheet is read against: its header row, the column mapping and the sheet's merges. */
interface SheetFrame {
  sheet: GridSheet;
  /** 0-based. */
  headerIdx: number;
  /** Each header folded, to spot a repeated header row. */
  headerKey: string[];
  /** Text longer than this cannot be a repeated header, so it is not folded. */
  repeatLimit: number;
  mapping: MappingResult;
  byField: Map<Field, ColumnChoice>;
  milestoneColumn: number;
  /** The priority and theme columns. */
  groupCols: Set<number>;
  /** Rows with a merge more than one column wide. */
  mergedAcross: Set<number>;
  firstHeaderCol: number;
  /** Same-named columns for one field (e.g. two "colour_rating" columns) are read as one: first filled wins. */
  fallbacks: Map<Field, number[]>;
  fieldColumns: Readonly<Partial<Record<Field, number>>>;
  historyColumns: readonly HistoryColumn[];
  /** Columns under a header (or a group column): values elsewhere are reported, not read. */
  read: boolean[];
  hidden: Set<number>;
  /** The sheet's name (or what stands in for it) gives the priority. */
  sheetIsPriority: boolean;
}

/** What the rows read so far hand to the next: the headings in force, filled-down group values, unheaded columns seen. */
interface RowsState {
  headingPriority: string | undefined;
  headingTheme: string | undefined;
  carry: Partial<Record<Field, CellValue>>;
  unheaded: Map<number, { first: number; count: number }>;
}

/** What a row below the header is. */
type RowKind =
  | { kind: 'blank' }
  /** Only merged-down group cells and nothing else: the tail of a merged priority block. */
  | { kind: 'merged-tail' }
  | { kind: 'repeated-header' }
  | { kind: 'heading'; text: string; column: number }
  | { kind: 'data' };

const BLANK_ROW: RowKind = { kind: 'blank' };
const MERGED_TAIL: RowKind = { kind: 'merged-tail' };
const REPEATED_HEADER: RowKind = { kind: 'repeated-header' };
const DATA_ROW: RowKind = { kind: 'data' };

/** Reads one sheet as a tracker; undefined (with an issue) when it holds none. */
export function readTrackerSheet(sheet: GridSheet, config: Config): { tracker?: TrackerSheet; issues: Issue[] } {
  const issues: Issue[] = [];
  const rows = expandMerges(sheet);
  const headerIdx = findHeaderRow(sheet, rows, config, issues);
  if (headerIdx === undefined) return { issues };
  const headers = (rows[headerIdx] ?? []).map((v) => cellText(v).replace(/\s+/g, ' ').trim());
  // The sheet's name (or what stands in for it) stands in for the priority where no column or heading gives one ("Housing").
  const standIn = sheet.priorityStandIn ?? (GENERIC_SHEET.test(sheet.name.trim()) ? undefined : sheet.name.trim());
  const mapping = mapColumns(headers, config, { priorityFromSheet: standIn !== undefined });
  reportMissingConfigColumns(sheet.name, headerIdx, headers, mapping, issues);
  const milestoneCol = mapping.columns.find((c) => c.field === 'milestone');
  if (!milestoneCol) {
    issues.push(
      makeIssue('warning', sheet.name, cellAddress(headerIdx, 0), 'no-tracker',
        `Sheet "${sheet.name}" was skipped: its header row ${headerIdx + 1} has no milestone column.`,
        'Name the column "Milestone", or map it in the settings ("columns": { "milestone": "..." }).'),
    );
    return { issues };
  }
  reportAmbiguousColumns(sheet.name, headerIdx, mapping, issues);
  const frame = sheetFrame(sheet, headerIdx, headers, mapping, milestoneCol.column, standIn !== undefined);
  const state: RowsState = { headingPriority: standIn, headingTheme: undefined, carry: {}, unheaded: new Map() };
  const out: RawRow[] = [];
  const filled: FilledColumns = { columns: [], count: 0 };
  for (let r = headerIdx + 1; r < rows.length; r++) {
    const row = rows[r];
    if (row === undefined) continue; // an empty row the reader left as a hole
    filledColumns(row, filled);
    const what = classifyRow(frame, r, row, filled);
    if (what.kind === 'heading') applyHeading(frame, state, what.text, what.column);
    else if (what.kind === 'data') out.push(readDataRow(frame, state, r, row, filled));
  }
  reportUnheadedColumns(sheet.name, headerIdx, state.unheaded, issues);
  return {
    tracker: {
      sheet: sheet.name,
      headerRow: headerIdx + 1,
      headers,
      columns: mapping.columns,
      history: mapping.history,
      rows: out,
      ...(sheet.origin ? { file: sheet.origin.file } : {}),
    },
    issues,
  };
}

/** The header row, 0-based: the configured one or the best found; undefined (with a no-tracker issue) when none is. */
function findHeaderRow(sheet: GridSheet, rows: CellValue[][], config: Config, issues: Issue[]): number | undefined {
  const headerIdx = config.headerRow !== undefined ? config.headerRow - 1 : detectHeaderRow(rows);
  if (headerIdx !== undefined && headerIdx < rows.length) return headerIdx;
  const why =
    config.headerRow !== undefined
      ? `Row ${config.headerRow} (the configured header row) is beyond the end of the sheet.`
      : 'No header row naming the milestones (and at least one of due, status, owner, update...) was found in its first 40 rows.';
  issues.push(
    makeIssue('warning', sheet.name, '', 'no-tracker', `Sheet "${sheet.name}" was skipped: ${why}`,
      'Check that the sheet has a header row with a "Milestone" column, or set "sheet" and "headerRow" in the settings.'),
  );
  return undefined;
}

function reportMissingConfigColumns(sheet: string, headerIdx: number, headers: string[], mapping: MappingResult, issues: Issue[]): void {
  for (const m of mapping.missingConfigColumns) {
    issues.push(
      makeIssue('error', sheet, cellAddress(headerIdx, 0), 'config-column-not-found',
        `The settings map ${m.field} to a column headed "${m.header}", but row ${headerIdx + 1} has no such header.`,
        `Headers found: ${headers.filter((h) => h !== '').join(', ')}`),
    );
  }
}

function reportAmbiguousColumns(sheet: string, headerIdx: number, mapping: MappingResult, issues: Issue[]): void {
  for (const a of mapping.ambiguous) {
    const chosen = cellAddress(headerIdx, a.chosen.column);
    const sameName = a.others.every((o) => foldWords(o.header) === foldWords(a.chosen.header));
    issues.push(
      makeIssue('warning', sheet, cellAddress(headerIdx, a.others[0]?.column ?? a.chosen.column), 'ambiguous-column',
        `Both "${a.chosen.header}" (${chosen}) and ${a.others
          .map((o) => `"${o.header}" (${cellAddress(headerIdx, o.column)})`)
          .join(', ')} could be the ${a.field} column; ${chosen} is used` +
          (sameName ? ', and where it is empty the other one is read.' : '.'),
        `Set "columns": { "${a.field}": "<header>" } in the settings to choose.`),
    );
  }
}

function sheetFrame(sheet: GridSheet, headerIdx: number, headers: string[], mapping: MappingResult, milestoneColumn: number, sheetIsPriority: boolean): SheetFrame {
  const byField = new Map(mapping.columns.map((c) => [c.field, c]));
  const fallbacks = new Map<Field, number[]>();
  for (const a of mapping.ambiguous) {
    const same = a.others.filter((o) => foldWords(o.header) === foldWords(a.chosen.header)).map((o) => o.column);
    if (same.length > 0) fallbacks.set(a.field, same);
  }
  const groupFields: Field[] = ['priority', 'theme'];
  const groupCols = new Set(groupFields.map((f) => byField.get(f)?.column).filter((c): c is number => c !== undefined));
  const mergedAcross = new Set<number>();
  for (const m of sheet.merges) if (m.right > m.left) for (let r = m.top; r <= m.bottom; r++) mergedAcross.add(r);
  return {
    sheet,
    headerIdx,
    headerKey: headers.map((h) => foldWords(h)),
    repeatLimit: 3 * headers.reduce((n, h) => Math.max(n, h.length), 0) + 30,
    mapping,
    byField,
    milestoneColumn,
    groupCols,
    mergedAcross,
    firstHeaderCol: headers.findIndex((h) => h !== ''),
    fallbacks,
    fieldColumns: Object.fromEntries(mapping.columns.map((c) => [c.field, c.column])),
    historyColumns: mapping.history,
    read: headers.map((h, c) => h !== '' || groupCols.has(c)),
    hidden: new Set(sheet.hiddenRows ?? []),
    sheetIsPriority,
  };
}

/** A row's non-blank columns: the first `count` of `columns` (one buffer for every row, so never shortened). */
interface FilledColumns {
  columns: number[];
  count: number;
}

/** Fills `into` with the row's non-blank columns (merges expanded). */
function filledColumns(row: CellValue[], into: FilledColumns): void {
  let n = 0;
  for (let c = 0; c < row.length; c++) if (!isBlank(row[c])) into.columns[n++] = c;
  into.count = n;
}

/** Classifies a row below the header as blank, the tail of a merged group cell, a repeated header, a heading or data. */
function classifyRow(frame: SheetFrame, r: number, row: CellValue[], filled: FilledColumns): RowKind {
  if (filled.count === 0) return BLANK_ROW;
  // The sheet's own filled cells (merges not expanded): how many (0, 1 or more) and the first.
  const original = frame.sheet.rows[r] ?? NO_CELLS;
  let ownCount = 0;
  let ownFirst = -1;
  for (let c = 0; c < original.length; c++) {
    if (isBlank(original[c])) continue;
    if (ownCount++ === 0) ownFirst = c;
    else break;
  }
  if (ownCount === 0 && allGroupColumns(frame, filled)) return MERGED_TAIL;
  if (isRepeatedHeader(frame, row, filled)) return REPEATED_HEADER;
  if (ownCount === 1) {
    const cell = original[ownFirst];
    if (typeof cell === 'string') {
      const text = cellText(cell).trim();
      if (isHeading(frame, r, text, ownFirst)) return { kind: 'heading', text, column: ownFirst };
    }
  }
  return DATA_ROW;
}

/** Every filled cell of the row is in a group column. */
function allGroupColumns(frame: SheetFrame, filled: FilledColumns): boolean {
  for (let i = 0; i < filled.count; i++) if (!frame.groupCols.has(filled.columns[i]!)) return false;
  return true;
}

/** At least half the row's filled cells (and two) repeat the header above them. */
function isRepeatedHeader(frame: SheetFrame, row: CellValue[], filled: FilledColumns): boolean {
  // Only text about as short as a header can be one repeated: long updates are not folded.
  let same = 0;
  for (let i = 0; i < filled.count; i++) {
    const c = filled.columns[i]!;
    const key = frame.headerKey[c];
    if (key === '') continue;
    const v = row[c];
    if (v instanceof PackedText && v.length > frame.repeatLimit) continue; // long text, not read back to be measured
    const text = typeof v === 'string' ? v : cellText(v);
    if (key !== undefined && text.length <= frame.repeatLimit && foldsTo(text, key)) same++;
  }
  return same >= Math.max(2, Math.ceil(filled.count / 2));
}

/**
 * A heading row: a single short text in the first column, merged across, in a group column, or worded as a
 * heading ("Theme 2 - ..."). A lone cell elsewhere stays a data row, so its problems are reported.
 */
function isHeading(frame: SheetFrame, r: number, text: string, c: number): boolean {
  const looksLikeHeading = HEADING_PRIORITY.test(text) || HEADING_THEME.test(text);
  return (
    text.length <= 150 &&
    (looksLikeHeading || frame.groupCols.has(c) || frame.mergedAcross.has(r) || (c === frame.firstHeaderCol && c !== frame.milestoneColumn))
  );
}

/** A heading sets the theme, or the priority (clearing the theme); the filled-down values it replaces are dropped. */
function applyHeading(frame: SheetFrame, state: RowsState, text: string, c: number): void {
  const setsTheme =
    c === frame.byField.get('theme')?.column ||
    (c !== frame.byField.get('priority')?.column &&
      (HEADING_THEME.test(text) ||
        (!HEADING_PRIORITY.test(text) && (frame.byField.has('priority') || (frame.sheetIsPriority && !frame.byField.has('theme'))))));
  if (setsTheme) {
    state.headingTheme = text;
    delete state.carry.theme;
  } else {
    state.headingPriority = text;
    state.headingTheme = undefined;
    delete state.carry.priority;
    delete state.carry.theme;
  }
}

/** A data row's mapped values, with group values filled down and unheaded columns noted. */
function readDataRow(frame: SheetFrame, state: RowsState, r: number, row: CellValue[], filled: FilledColumns): RawRow {
  const { fields, columns } = readFields(frame, state, row);
  // Values under no header are not read; each such column is reported once, at the end.
  for (let i = 0; i < filled.count; i++) {
    const c = filled.columns[i]!;
    if (frame.read[c] === true) continue;
    const seen = state.unheaded.get(c);
    if (seen) seen.count++;
    else state.unheaded.set(c, { first: r, count: 1 });
  }
  const historyColumns = frame.historyColumns;
  const historyValues: CellValue[] = new Array<CellValue>(historyColumns.length);
  for (let i = 0; i < historyColumns.length; i++) historyValues[i] = row[historyColumns[i]?.column ?? -1] ?? null;
  const raw: RawRow = {
    sheet: frame.sheet.name,
    row: r + 1,
    fields,
    columns,
    historyColumns,
    historyValues,
    hidden: frame.hidden.has(r),
  };
  if (state.headingPriority !== undefined) raw.headingPriority = state.headingPriority;
  if (state.headingTheme !== undefined) raw.headingTheme = state.headingTheme;
  return raw;
}

/**
 * Each mapped field's value: a blank cell takes a same-named column's value (and that column), a blank priority
 * or theme the value filled down from above.
 */
function readFields(frame: SheetFrame, state: RowsState, row: CellValue[]): Pick<RawRow, 'fields' | 'columns'> {
  const fields: Partial<Record<Field, CellValue>> = {};
  let columns = frame.fieldColumns;
  const carry = state.carry;
  for (const c of frame.mapping.columns) {
    let value: CellValue = row[c.column] ?? null;
    if (isBlank(value)) {
      const alt = filledAlternative(frame.fallbacks.get(c.field), row);
      if (alt !== undefined) {
        fields[c.field] = row[alt] ?? null;
        if (columns === frame.fieldColumns) columns = { ...frame.fieldColumns };
        (columns as Partial<Record<Field, number>>)[c.field] = alt;
        continue;
      }
    }
    if (c.field === 'priority' || c.field === 'theme') {
      const carried = carry[c.field];
      if (isBlank(value) && carried !== undefined) value = carried;
      else if (!isBlank(value) && !isCellError(value)) {
        if (c.field === 'priority' && cellText(carry.priority) !== cellText(value)) delete carry.theme;
        carry[c.field] = value;
      }
    }
    fields[c.field] = value;
  }
  return { fields, columns };
}

/** The first of a field's same-named columns that is filled in this row. */
function filledAlternative(alts: number[] | undefined, row: CellValue[]): number | undefined {
  if (alts === undefined) return undefined;
  for (const alt of alts) if (!isBlank(row[alt])) return alt;
  return undefined;
}

function reportUnheadedColumns(sheet: string, headerIdx: number, unheaded: RowsState['unheaded'], issues: Issue[]): void {
  for (const [c, { first, count }] of unheaded) {
    const where = cellAddress(first, c);
    issues.push(
      makeIssue('warning', sheet, where, 'cell-without-header',
        `Column ${where.replace(/\d+$/, '')} has values in ${count} row${count === 1 ? '' : 's'} (first ${where}) but no header in row ${headerIdx + 1}, so they are not read.`,
        'Give the column a header (e.g. "Notes", or one the settings map), or check that a separator inside the text did not split a cell in two.'),
    );
  }
}
