// The quarterly report as a print-ready sheet: legend, summary and chart data, then entries by priority and theme.
import { columnLetter } from '../domain/grid';
import { packedUpdateOf } from '../domain/milestone';
import { reportScale, type Report, type ReportEntry, type StatusCounts } from '../domain/report-model';
import { scaleEntry, type StatusScale } from '../domain/status-scale';
import {
  asAtLine, COLOURS, COLUMN_MILESTONE, COLUMN_STATUS, COLUMN_UPDATE, countsTotal, entryHeadline, hasDelayed,
  LEGEND_BLACK, LEGEND_BLUE, LEGEND_DELAYED, LEGEND_STATUS, LEGEND_TITLE, legendDueLine, noEntriesLine,
  priorityHeading, reportPeriod, reportTitle, statusOrder, SUMMARY_ALL, SUMMARY_DELAYED_TITLE,
  SUMMARY_PRIORITY, summaryDueTitle,
} from './report-text';
import { changeNoteIndex, changesSection } from './changes-text';
import { rowHeightFor, rowHeightForLines, wrappedLineCount, wrappedLineCountUtf8, type TextCell, type TextFont } from './row-height';
import { statusIconRule, statusLabel, statusScoreFormulas } from './status-icons';
import { layoutWithRows, type CellRange, type CellStyle, type ChartSpec, type IconRule, type LayoutCell, type RowSource, type SheetLayout, type StreamedCell, type StreamedLayout, type StyledRange } from './sheet-layout';
import { reportSheetName } from '../shared/excel-rules';

const COL_MILESTONE = 0;
/** The progress update starts in column B and spans the count columns the summary tables use. */
const COL_UPDATE = 1;
const MILESTONE_WIDTH = 44;
const UPDATE_WIDTH = 60;
const ICON_WIDTH = 5;
const STATUS_WIDTH = 12;
const COUNT_WIDTH = 12;
/** The most a status label may widen the counts and status columns to (a longer word wraps, broken). */
const MAX_LABEL_WIDTH = 16;
const CHART_ROWS = 16;

/**
 * Columns: A milestone; B.. one narrow column per status, which the summary tables fill with counts and an entry's
 * update spans (with a filler column making up its width); then the icon and the status text. The summary tables so
 * get columns of their own size, and the page is about 120 characters wide: A4 portrait at about 85%.
 */
interface Geometry {
  widths: number[];
  statusColumns: number;
  countWidth: number;
  statusWidth: number;
  /** Last column of an entry's update (merged from B). */
  updateRight: number;
  updateSpan: number;
  icon: number;
  status: number;
  last: number;
  totalWidth: number;
}

/**
 * The narrowest width, in half characters, at which no word of these labels breaks: Excel wraps at spaces only, so
 * "Amber/Green" in a column a little too narrow would print as "Amber/Gree" and "n".
 */
function labelWidth(labels: readonly string[], font: TextFont): number {
  const words = labels.flatMap((l) => l.split(/[ \t]+/)).filter((w) => w !== '');
  for (let w = 1; w < MAX_LABEL_WIDTH; w += 0.5) if (words.every((word) => wrappedLineCount(word, w, font) === 1)) return w;
  return MAX_LABEL_WIDTH;
}

/**
 * The columns for a scale of `statusColumns` statuses whose labels are `labels`: a counts column each (widened where
 * a label's word would not fit its bold header), the status column as wide as the longest label needs.
 */
function geometryFor(statusColumns: number, labels: readonly string[] = []): Geometry {
  const countWidth = Math.max(Math.min(COUNT_WIDTH, Math.floor(UPDATE_WIDTH / statusColumns)), labelWidth(labels, { bold: true }));
  const statusWidth = Math.max(STATUS_WIDTH, labelWidth(labels, {}));
  const filler = Math.max(0, UPDATE_WIDTH - countWidth * statusColumns);
  const updateRight = COL_UPDATE + statusColumns - 1 + (filler > 0 ? 1 : 0);
  const widths = [MILESTONE_WIDTH, ...Array.from({ length: statusColumns }, () => countWidth), ...(filler > 0 ? [filler] : []), ICON_WIDTH, statusWidth];
  const sum = (from: number, to: number) => widths.slice(from, to + 1).reduce((x, y) => x + y, 0);
  return {
    widths,
    statusColumns,
    countWidth,
    statusWidth,
    updateRight,
    updateSpan: sum(COL_UPDATE, updateRight),
    icon: updateRight + 1,
    status: updateRight + 2,
    last: updateRight + 2,
    totalWidth: sum(0, widths.length - 1),
  };
}

/** A range of `styles` that may grow down: `seen`, the count of styles when it last grew. */
interface Run {
  index: number;
  seen: number;
}

class SheetBuilder {
  constructor(readonly g: Geometry, scale: StatusScale) {
    this.iconFormula = statusScoreFormulas(columnLetter(g.status), scale);
  }

  /** The score formula of the icon beside a row's status. */
  readonly iconFormula: ReturnType<typeof statusScoreFormulas>;
  /** Lines each status label takes in the status column. */
  readonly labelLines = new Map<string, number>();

  rows: LayoutCell[][] = [];
  /** Entry rows whose update is packed (the CLI's, for a big tracker): laid out without it, read back as each is written. */
  readonly packedUpdates = new Map<number, ReportEntry>();
  styles: StyledRange[] = [];
  merges: CellRange[] = [];
  rowHeights: Record<number, number> = {};
  iconRules: IconRule[] = [];

  get next(): number {
    return this.rows.length;
  }

  add(cells: LayoutCell[]): number {
    const r = this.rows.length;
    // Made at its length: an array grown by push keeps spare room, and the rows stay in memory until written.
    const n = Math.max(cells.length, this.g.last + 1);
    const row = new Array<LayoutCell>(n);
    for (let c = 0; c < n; c++) row[c] = cells[c] ?? null;
    this.rows.push(row);
    return r;
  }

  /** One text across the report's width. Its height is set here: no spreadsheet fits a merged row to its text. */
  addLine(text: string, style: CellStyle = {}, fontSize = 11): number {
    const r = this.add([text]);
    this.merges.push({ top: r, left: 0, bottom: r, right: this.g.last });
    this.style(r, 0, r, this.g.last, { wrap: true, vertical: 'top', ...(fontSize !== 11 ? { fontSize } : {}), ...style });
    this.fit(r, [{ text, width: this.g.totalWidth, bold: style.bold ?? false, italic: style.italic ?? false, fontSize }]);
    return r;
  }

  /** Sets the row's height to its tallest cell's text: rows get no height a spreadsheet might guess otherwise. */
  fit(r: number, cells: TextCell[]): void {
    this.rowHeights[r] = rowHeightFor(cells);
  }

  /** The update column's cells, B to the filler, as one. */
  mergeUpdate(r: number): void {
    if (this.g.updateRight > COL_UPDATE) this.merges.push({ top: r, left: COL_UPDATE, bottom: r, right: this.g.updateRight });
  }

  /**
   * Open runs: a style over the same columns carried down row after row becomes one range, not one per row. By the
   * style's JSON, then by its columns (left * 16384 + right: a sheet has 16384 columns).
   */
  private runs = new Map<string, Map<number, Run>>();

  /** `json`: the style's JSON, given by a caller that styles many rows alike. */
  style(top: number, left: number, bottom: number, right: number, style: CellStyle, json = JSON.stringify(style)): void {
    let byColumns = this.runs.get(json);
    if (!byColumns) this.runs.set(json, (byColumns = new Map<number, Run>()));
    const columns = left * 16384 + right;
    const run = byColumns.get(columns);
    const range = this.styles[run?.index ?? -1]?.range;
    // The report is built top to bottom, so only styles pushed since the run last grew can touch this row;
    // extend the run when none of them sets one of these properties differently.
    if (run && range && range.bottom === top - 1 && !this.conflicts(run.seen, { top, left, bottom, right }, style)) {
      range.bottom = bottom;
      run.seen = this.styles.length;
      return;
    }
    byColumns.set(columns, { index: this.styles.length, seen: this.styles.length + 1 });
    // A copy: a caller may pass one style object for many rows, and each range keeps its own.
    this.styles.push({ range: { top, left, bottom, right }, style: { ...style } });
  }

  private conflicts(from: number, range: StyledRange['range'], style: CellStyle): boolean {
    for (let j = from; j < this.styles.length; j++) {
      const o = this.styles[j]!;
      if (o.range.bottom < range.top || o.range.top > range.bottom || o.range.right < range.left || o.range.left > range.right) continue;
      for (const p of Object.keys(style) as (keyof CellStyle)[]) if (p in o.style && o.style[p] !== style[p]) return true;
    }
    return false;
  }
}

/** A counts table in column A and the status columns: a row per priority, a total row. Returns its data block (for a chart). */
function addCountsTable(b: SheetBuilder, title: string, report: Report, pick: (s: Report['sections'][number]) => StatusCounts, total: StatusCounts): CellRange {
  const g = b.g;
  const right = COL_UPDATE + g.statusColumns - 1;
  const order = statusOrder(report);
  const scale = reportScale(report);
  b.addLine(title, { bold: true });
  const labels = order.map((id) => scaleEntry(scale, id).label);
  const header = b.add([SUMMARY_PRIORITY, ...labels]);
  b.style(header, 0, header, right, { bold: true, fill: COLOURS.headerFill, border: 'A6A6A6', wrap: true, vertical: 'bottom' });
  b.style(header, 1, header, right, { horizontal: 'center' });
  b.fit(header, [{ text: SUMMARY_PRIORITY, width: MILESTONE_WIDTH, bold: true }, ...labels.map((text) => ({ text, width: g.countWidth, bold: true }))]);
  for (const section of report.sections) {
    const counts = pick(section);
    const r = b.add([priorityHeading(section.priority), ...order.map((id) => counts[id] ?? 0)]);
    b.fit(r, [{ text: priorityHeading(section.priority), width: MILESTONE_WIDTH }]);
  }
  const lastData = b.next - 1;
  const totalRow = b.add([SUMMARY_ALL, ...order.map((id) => total[id] ?? 0)]);
  b.fit(totalRow, [{ text: SUMMARY_ALL, width: MILESTONE_WIDTH, bold: true }]);
  b.style(header + 1, 0, totalRow, right, { border: 'A6A6A6', vertical: 'top' });
  b.style(header + 1, 0, lastData, 0, { wrap: true });
  b.style(header + 1, 1, totalRow, right, { horizontal: 'center' });
  b.style(totalRow, 0, totalRow, right, { bold: true });
  return { top: header, left: 0, bottom: lastData, right };
}

/** "Changes since Q3 2017-18": the counts (in column A and the first count column), then each list (milestones in blue, the change in black). */
function addChanges(b: SheetBuilder, report: Report): void {
  const c = changesSection(report);
  if (!c) return;
  const g = b.g;
  b.addLine(c.title, { bold: true, fontColor: COLOURS.headingText, fill: COLOURS.heading, vertical: 'middle' }, 13);
  b.addLine(c.intro);
  const COUNT_HEADER = 'Milestones';
  const header = b.add(['Change', COUNT_HEADER]);
  b.style(header, 0, header, COL_UPDATE, { bold: true, fill: COLOURS.headerFill, border: 'A6A6A6', wrap: true, vertical: 'bottom' });
  b.fit(header, [{ text: 'Change', width: MILESTONE_WIDTH, bold: true }, { text: COUNT_HEADER, width: g.countWidth, bold: true }]);
  for (const k of c.counts) {
    const r = b.add([k.label, k.count]);
    b.fit(r, [{ text: k.label, width: MILESTONE_WIDTH }]);
  }
  b.style(header + 1, 0, b.next - 1, COL_UPDATE, { border: 'A6A6A6', vertical: 'top' });
  b.style(header, COL_UPDATE, b.next - 1, COL_UPDATE, { horizontal: 'center' });
  // A change's words span the rest of the row: there is no status to show beside them.
  const changeWidth = g.totalWidth - MILESTONE_WIDTH;
  for (const group of c.groups) {
    b.addLine(group.heading, { bold: true, fill: COLOURS.themeFill, fontColor: COLOURS.heading });
    for (const i of group.items) {
      const r = b.add([i.milestone, i.change]);
      b.merges.push({ top: r, left: COL_UPDATE, bottom: r, right: g.last });
      b.style(r, 0, r, 0, { fontColor: COLOURS.milestone, bold: true, wrap: true, vertical: 'top' });
      b.style(r, COL_UPDATE, r, g.last, { fontColor: COLOURS.update, wrap: true, vertical: 'top' });
      b.fit(r, [{ text: i.milestone, width: MILESTONE_WIDTH, bold: true }, { text: i.change, width: changeWidth }]);
    }
  }
  for (const n of c.notes) b.addLine(n, { italic: true });
  b.add([]);
}

function addEntry(b: SheetBuilder, report: Report, entry: ReportEntry, scale: StatusScale, note?: string): number {
  const g = b.g;
  const r = b.next;
  const headline = entryHeadline(report, entry);
  const label = statusLabel(entry.status, scale);
  // A packed update is measured in its bytes, never read back here; its row is given it packed, for the writer to
  // refer to its shared string or read it again.
  const packed = note ? undefined : packedUpdateOf(entry);
  // The change note on a line of its own under the update.
  const update = packed ? '' : note ? `${entry.update}${entry.update === '' ? '' : '\n'}${note}` : entry.update;
  // As add() makes it, without the holey array it copies.
  const row = new Array<LayoutCell>(g.last + 1).fill(null);
  row[0] = headline;
  if (packed) b.packedUpdates.set(r, entry);
  else row[1] = update;
  row[g.icon] = b.iconFormula(r, entry.status);
  row[g.status] = label;
  b.rows.push(row);
  b.mergeUpdate(r);
  // As fit() with the headline (bold), the update and the status label: the label's lines are counted once per label.
  let labelLines = b.labelLines.get(label);
  if (labelLines === undefined) b.labelLines.set(label, (labelLines = wrappedLineCount(label, g.statusWidth, REGULAR)));
  const updateLines = packed
    ? packed.look((bytes, from, to) => wrappedLineCountUtf8(bytes, from, to, g.updateSpan, REGULAR))
    : wrappedLineCount(update, g.updateSpan, REGULAR);
  b.rowHeights[r] = rowHeightForLines(Math.max(wrappedLineCount(headline, MILESTONE_WIDTH, BOLD), updateLines, labelLines));
  // Wrapping and the column fonts come from one range per column over all the entries (see the caller).
  if (entry.kind === 'due') b.style(r, 0, r, g.last, DUE_STYLE, DUE_JSON);
  else b.style(r, 0, r, g.last, DELAYED_STYLE, DELAYED_JSON);
  return r;
}

const BOLD: TextFont = { bold: true };
const REGULAR: TextFont = {};
const DUE_STYLE: CellStyle = { fill: COLOURS.dueFill };
const DELAYED_STYLE: CellStyle = { fill: COLOURS.delayedFill, border: COLOURS.delayedBorder };
const DUE_JSON = JSON.stringify(DUE_STYLE);
const DELAYED_JSON = JSON.stringify(DELAYED_STYLE);

/** The report sheet laid out whole: what the Office adapter and the pane write. */
export function renderReportSheet(report: Report): SheetLayout {
  return layoutWithRows(streamReportSheet(report));
}

/**
 * The report sheet with its rows made as they are written: the same rows as renderReportSheet's, but an update the CLI
 * keeps packed is read back only as its row is written (at 100k rows of long text, tens of MB not held at once).
 */
export function streamReportSheet(report: Report): StreamedLayout {
  const scale = reportScale(report);
  const g = geometryFor(scale.entries.length, scale.entries.map((s) => s.label));
  const b = new SheetBuilder(g, scale);
  b.addLine(reportTitle(report), { bold: true, fontColor: COLOURS.heading }, 16);
  b.addLine(asAtLine(report), { italic: true });
  b.add([]);

  b.addLine(LEGEND_TITLE, { bold: true, fontColor: COLOURS.heading });
  const colours = b.add([LEGEND_BLUE, LEGEND_BLACK]);
  b.mergeUpdate(colours);
  b.style(colours, 0, colours, 0, { fontColor: COLOURS.milestone, bold: true, wrap: true, vertical: 'top' });
  b.style(colours, 1, colours, g.updateRight, { fontColor: COLOURS.update, wrap: true, vertical: 'top' });
  b.fit(colours, [
    { text: LEGEND_BLUE, width: MILESTONE_WIDTH, bold: true },
    { text: LEGEND_BLACK, width: g.updateSpan },
  ]);
  b.addLine(legendDueLine(report), { fill: COLOURS.dueFill });
  b.addLine(LEGEND_DELAYED, { fill: COLOURS.delayedFill, border: COLOURS.delayedBorder });
  const legendTop = b.next;
  statusOrder(report).forEach((id, i) => {
    const r = b.next;
    const label = scaleEntry(scale, id).label;
    const row: LayoutCell[] = [i === 0 ? LEGEND_STATUS : null];
    row[g.icon] = b.iconFormula(r, id);
    row[g.status] = label;
    b.add(row);
    b.fit(r, [{ text: label, width: g.statusWidth }]);
  });
  const legendBottom = b.next - 1;
  b.style(legendTop, g.icon, legendBottom, g.icon, { horizontal: 'center' });
  b.style(legendTop, g.status, legendBottom, g.status, { wrap: true, vertical: 'top' });
  b.iconRules.push(statusIconRule({ top: legendTop, left: g.icon, bottom: legendBottom, right: g.icon }, scale));
  b.add([]);

  b.addLine(report.summarySentence);
  b.add([]);

  let chart: ChartSpec | undefined;
  let chartData: CellRange | undefined;
  let printTitleRows: { first: number; last: number } | undefined;

  if (!report.sections.some((s) => s.themes.some((t) => t.entries.length > 0))) {
    b.addLine(noEntriesLine(report), { bold: true });
  } else {
    chartData = addCountsTable(b, summaryDueTitle(report), report, (s) => s.summary, report.summary);
    b.add([]);
    if (hasDelayed(report)) {
      addCountsTable(b, SUMMARY_DELAYED_TITLE, report, (s) => s.delayedSummary, report.delayedSummary);
      b.add([]);
    }
    addChanges(b, report);
    const notes = changeNoteIndex(report);
    const headerRow: LayoutCell[] = [COLUMN_MILESTONE, COLUMN_UPDATE];
    headerRow[g.icon] = COLUMN_STATUS;
    const header = b.add(headerRow);
    b.mergeUpdate(header);
    b.merges.push({ top: header, left: g.icon, bottom: header, right: g.status });
    b.style(header, 0, header, g.last, { bold: true, fill: COLOURS.headerFill, border: 'A6A6A6', vertical: 'middle' });
    b.fit(header, [{ text: COLUMN_MILESTONE, width: MILESTONE_WIDTH, bold: true }]);
    b.style(header, g.icon, header, g.status, { horizontal: 'center' });
    printTitleRows = { first: header, last: header };

    let firstEntry = -1;
    const columnStylesAt = b.styles.length;
    for (const section of report.sections) {
      b.addLine(priorityHeading(section.priority), { bold: true, fontColor: COLOURS.headingText, fill: COLOURS.heading, vertical: 'middle' }, 13);
      for (const theme of section.themes) {
        if (theme.theme.trim() !== '') b.addLine(theme.theme, { bold: true, fill: COLOURS.themeFill, fontColor: COLOURS.heading });
        for (const entry of theme.entries) {
          const r = addEntry(b, report, entry, scale, notes.get(entry.id));
          if (firstEntry < 0) firstEntry = r;
        }
      }
    }
    const lastEntry = b.next - 1;
    b.iconRules.push(statusIconRule({ top: firstEntry, left: g.icon, bottom: lastEntry, right: g.icon }, scale));
    // One range per column over the whole block, placed before the headings' and entries' own styles, which win
    // where they differ: Excel applies a handful of column formats instead of several per entry row.
    const column = (left: number, right: number, style: CellStyle) => ({ range: { top: firstEntry, left, bottom: lastEntry, right }, style });
    b.styles.splice(
      columnStylesAt,
      0,
      column(0, g.last, { vertical: 'top' }),
      column(COL_MILESTONE, COL_MILESTONE, { fontColor: COLOURS.milestone, bold: true, wrap: true }),
      column(COL_UPDATE, g.updateRight, { fontColor: COLOURS.update, wrap: true }),
      // Icons sit at the top, level with the first line, as Excel draws them (LibreOffice draws them at a cell's foot).
      column(g.icon, g.icon, { horizontal: 'center' }),
      column(g.status, g.status, { wrap: true }),
    );

    // The chart goes after the entries: where no chart can be drawn (a file writer), its empty rows print as nothing.
    if (chartData && countsTotal(report.summary) > 0) {
      b.add([]);
      const top = b.next;
      for (let i = 0; i < CHART_ROWS; i++) b.add([]);
      chart = {
        kind: 'barStacked',
        title: `${reportPeriod(report)} milestones by status and priority`,
        data: chartData,
        series: statusOrder(report).map((id) => ({ name: scaleEntry(scale, id).label, color: scaleEntry(scale, id).color })),
        anchor: { top, left: 0, bottom: top + CHART_ROWS - 1, right: g.updateRight },
      };
    }
  }

  const built = b.rows;
  const packed = b.packedUpdates;
  const rows: RowSource = {
    length: built.length,
    width: built.reduce((n, row) => Math.max(n, row.length), 0),
    row: (r) => {
      const row = built[r] ?? [];
      const entry = packed.get(r);
      if (!entry) return row;
      const made: StreamedCell[] = row.slice();
      made[1] = packedUpdateOf(entry) ?? entry.update;
      return made;
    },
  };
  return {
    name: reportSheetName(reportPeriod(report)),
    columnWidths: [...g.widths],
    rows,
    rowHeights: b.rowHeights,
    styles: b.styles,
    merges: b.merges,
    validations: [],
    iconRules: b.iconRules,
    page: {
      orientation: 'portrait',
      paperSize: 'A4',
      fitToWidth: true,
      ...(printTitleRows ? { printTitleRows } : {}),
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6 },
    },
    ...(chart ? { chart } : {}),
    tabColor: COLOURS.heading,
  };
}
