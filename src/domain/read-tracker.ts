// Grid sheet -> raw tracker rows: header detection, column mapping, fill-down, heading rows, skipped rows.
import type { Config, Field } from './config';
import { cellAddress, cellText, expandMerges, isCellError, type CellValue, type GridSheet } from './grid';
import { makeIssue, type Issue } from './issue';
import { headerConfidence, mapColumns, parseHistoryHeader, type ColumnChoice, type HistoryColumn } from './map-columns';
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

function isBlank(v: CellValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  if (v.length === 0) return true;
  // Text that starts with a printable ASCII character is not blank: no trim needed.
  const c = v.charCodeAt(0);
  return !(c > 32 && c < 127) && v.trim() === '';
}

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

/** Reads one sheet as a tracker; undefined (with an issue) when it holds none. */
export function readTrackerSheet(sheet: GridSheet, config: Config): { tracker?: TrackerSheet; issues: Issue[] } {
  const issues: Issue[] = [];
  const rows = expandMerges(sheet);
  const headerIdx = config.headerRow !== undefined ? config.headerRow - 1 : detectHeaderRow(rows);
  if (headerIdx === undefined || headerIdx >= rows.length) {
    const why =
      config.headerRow !== undefined
        ? `Row ${config.headerRow} (the configured header row) is beyond the end of the sheet.`
        : 'No header row naming the milestones (and at least one of due, status, owner, update...) was found in its first 40 rows.';
    issues.push(
      makeIssue('warning', sheet.name, '', 'no-tracker', `Sheet "${sheet.name}" was skipped: ${why}`,
        'Check that the sheet has a header row with a "Milestone" column, or set "sheet" and "headerRow" in the settings.'),
    );
    return { issues };
  }
  const headerRow = rows[headerIdx] ?? [];
  const headers = headerRow.map((v) => cellText(v).replace(/\s+/g, ' ').trim());
  // The sheet's name (or what stands in for it) stands in for the priority where no column or heading gives one ("Housing").
  const standIn = sheet.priorityStandIn ?? (GENERIC_SHEET.test(sheet.name.trim()) ? undefined : sheet.name.trim());
  const mapping = mapColumns(headers, config, { priorityFromSheet: standIn !== undefined });
  for (const m of mapping.missingConfigColumns) {
    issues.push(
      makeIssue('error', sheet.name, cellAddress(headerIdx, 0), 'config-column-not-found',
        `The settings map ${m.field} to a column headed "${m.header}", but row ${headerIdx + 1} has no such header.`,
        `Headers found: ${headers.filter((h) => h !== '').join(', ')}`),
    );
  }
  const byField = new Map(mapping.columns.map((c) => [c.field, c]));
  const milestoneCol = byField.get('milestone');
  if (!milestoneCol) {
    issues.push(
      makeIssue('warning', sheet.name, cellAddress(headerIdx, 0), 'no-tracker',
        `Sheet "${sheet.name}" was skipped: its header row ${headerIdx + 1} has no milestone column.`,
        'Name the column "Milestone", or map it in the settings ("columns": { "milestone": "..." }).'),
    );
    return { issues };
  }
  for (const a of mapping.ambiguous) {
    issues.push(
      makeIssue('warning', sheet.name, cellAddress(headerIdx, a.others[0]!.column), 'ambiguous-column',
        `Both "${a.chosen.header}" (${cellAddress(headerIdx, a.chosen.column)}) and ${a.others
          .map((o) => `"${o.header}" (${cellAddress(headerIdx, o.column)})`)
          .join(', ')} could be the ${a.field} column; ${cellAddress(headerIdx, a.chosen.column)} is used` +
          (a.others.every((o) => foldWords(o.header) === foldWords(a.chosen.header))
            ? ', and where it is empty the other one is read.'
            : '.'),
        `Set "columns": { "${a.field}": "<header>" } in the settings to choose.`),
    );
  }
  // Same-named columns for one field (e.g. two "colour_rating" columns) are read as one: first filled wins.
  const fallbacks = new Map<Field, number[]>();
  for (const a of mapping.ambiguous) {
    const same = a.others.filter((o) => foldWords(o.header) === foldWords(a.chosen.header)).map((o) => o.column);
    if (same.length > 0) fallbacks.set(a.field, same);
  }

  const groupFields: Field[] = ['priority', 'theme'];
  const groupCols = new Set(groupFields.map((f) => byField.get(f)?.column).filter((c): c is number => c !== undefined));
  const headerKey = headers.map((h) => foldWords(h));
  const repeatLimit = 3 * headers.reduce((n, h) => Math.max(n, h.length), 0) + 30;
  const hidden = new Set(sheet.hiddenRows ?? []);
  const mergedAcross = new Set<number>();
  for (const m of sheet.merges) if (m.right > m.left) for (let r = m.top; r <= m.bottom; r++) mergedAcross.add(r);

  const out: RawRow[] = [];
  let headingPriority: string | undefined = standIn;
  let headingTheme: string | undefined;
  const carry: Partial<Record<Field, CellValue>> = {};
  const hasPriorityCol = byField.has('priority');
  const hasThemeCol = byField.has('theme');
  const firstHeaderCol = headers.findIndex((h) => h !== '');
  const sheetIsPriority = headingPriority !== undefined;

  const unheaded = new Map<number, { first: number; count: number }>();
  /** Columns under a header (or a group column): values elsewhere are reported, not read. */
  const read = headers.map((h, c) => h !== '' || groupCols.has(c));
  const historyColumns: readonly HistoryColumn[] = mapping.history;
  const fieldColumns: Readonly<Partial<Record<Field, number>>> = Object.fromEntries(mapping.columns.map((c) => [c.field, c.column]));
  const filled: number[] = [];
  for (let r = headerIdx + 1; r < rows.length; r++) {
    const row = rows[r];
    if (row === undefined) continue; // an empty row the reader left as a hole
    const original = sheet.rows[r] ?? NO_CELLS;
    filled.length = 0;
    for (let c = 0; c < row.length; c++) if (!isBlank(row[c])) filled.push(c);
    if (filled.length === 0) continue;
    // The sheet's own filled cells (merges not expanded): how many (0, 1 or more) and the first.
    let ownCount = 0;
    let ownFirst = -1;
    for (let c = 0; c < original.length; c++) {
      if (isBlank(original[c])) continue;
      if (ownCount++ === 0) ownFirst = c;
      else break;
    }
    // Only merged-down group cells and nothing else: the tail of a merged priority block.
    if (ownCount === 0 && filled.every((c) => groupCols.has(c))) continue;
    // A repeated header row.
    // Only text about as short as a header can be one repeated: long updates are not folded (folding them would cost about a fifth of the core's time).
    let same = 0;
    for (const c of filled) {
      const key = headerKey[c];
      if (key === '') continue;
      const v = row[c];
      const text = typeof v === 'string' ? v : cellText(v);
      if (key !== undefined && text.length <= repeatLimit && foldsTo(text, key)) same++;
    }
    if (same >= Math.max(2, Math.ceil(filled.length / 2))) continue;

    // A heading row: a single short text in the first column, merged across, in a group column, or worded
    // as a heading ("Theme 2 - ..."). A lone cell elsewhere stays a data row, so its problems are reported.
    if (ownCount === 1 && typeof original[ownFirst] === 'string') {
      const c = ownFirst;
      const text = cellText(original[c]).trim();
      const looksLikeHeading = HEADING_PRIORITY.test(text) || HEADING_THEME.test(text);
      const inGroupCol = groupCols.has(c);
      const isHeading =
        text.length <= 150 &&
        (looksLikeHeading || inGroupCol || mergedAcross.has(r) || (c === firstHeaderCol && c !== milestoneCol.column));
      if (isHeading) {
        const setsTheme =
          c === byField.get('theme')?.column ||
          (c !== byField.get('priority')?.column &&
            (HEADING_THEME.test(text) ||
              (!HEADING_PRIORITY.test(text) && (hasPriorityCol || (sheetIsPriority && !hasThemeCol)))));
        if (setsTheme) {
          headingTheme = text;
          delete carry.theme;
        } else {
          headingPriority = text;
          headingTheme = undefined;
          delete carry.priority;
          delete carry.theme;
        }
        continue;
      }
    }

    const fields: Partial<Record<Field, CellValue>> = {};
    let columns = fieldColumns;
    for (const c of mapping.columns) {
      let value: CellValue = row[c.column] ?? null;
      if (isBlank(value)) {
        const alts = fallbacks.get(c.field);
        let found = false;
        if (alts !== undefined) {
          for (const alt of alts) {
            if (!isBlank(row[alt])) {
              value = row[alt] ?? null;
              fields[c.field] = value;
              if (columns === fieldColumns) columns = { ...fieldColumns };
              (columns as Partial<Record<Field, number>>)[c.field] = alt;
              found = true;
              break;
            }
          }
        }
        if (found) continue;
      }
      if (c.field === 'priority' || c.field === 'theme') {
        if (isBlank(value) && carry[c.field] !== undefined) value = carry[c.field]!;
        else if (!isBlank(value) && !isCellError(value)) {
          if (c.field === 'priority' && cellText(carry.priority) !== cellText(value)) delete carry.theme;
          carry[c.field] = value;
        }
      }
      fields[c.field] = value;
    }
    // Values under no header are not read; each such column is reported once, below.
    for (const c of filled) {
      if (read[c] === true) continue;
      const seen = unheaded.get(c);
      if (seen) seen.count++;
      else unheaded.set(c, { first: r, count: 1 });
    }
    const historyValues: CellValue[] = new Array<CellValue>(historyColumns.length);
    for (let i = 0; i < historyColumns.length; i++) historyValues[i] = row[historyColumns[i]!.column] ?? null;
    const raw: RawRow = {
      sheet: sheet.name,
      row: r + 1,
      fields,
      columns,
      historyColumns,
      historyValues,
      hidden: hidden.has(r),
    };
    if (headingPriority !== undefined) raw.headingPriority = headingPriority;
    if (headingTheme !== undefined) raw.headingTheme = headingTheme;
    out.push(raw);
  }
  for (const [c, { first, count }] of unheaded) {
    const where = cellAddress(first, c);
    issues.push(
      makeIssue('warning', sheet.name, where, 'cell-without-header',
        `Column ${where.replace(/\d+$/, '')} has values in ${count} row${count === 1 ? '' : 's'} (first ${where}) but no header in row ${headerIdx + 1}, so they are not read.`,
        'Give the column a header (e.g. "Notes", or one the settings map), or check that a separator inside the text did not split a cell in two.'),
    );
  }
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
