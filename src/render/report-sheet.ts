// The quarterly report as a print-ready sheet: legend, summary and chart data, then entries by priority and theme.
import { cellAddress } from '../domain/grid';
import { reportScale, type Report, type ReportEntry, type StatusCounts } from '../domain/report-model';
import { scaleEntry, type StatusScale } from '../domain/status-scale';
import {
  asAtLine, COLOURS, COLUMN_MILESTONE, COLUMN_STATUS, COLUMN_UPDATE, countsTotal, entryHeadline, hasDelayed,
  LEGEND_BLACK, LEGEND_BLUE, LEGEND_DELAYED, LEGEND_STATUS, LEGEND_TITLE, legendDueLine, noEntriesLine,
  priorityHeading, reportPeriod, reportSheetName, reportTitle, statusOrder, SUMMARY_ALL, SUMMARY_DELAYED_TITLE,
  SUMMARY_PRIORITY, summaryDueTitle,
} from './report-text';
import { wrappedRowHeight } from './row-height';
import { statusIconRule, statusLabel, statusScoreFormula } from './status-icons';
import type { CellRange, CellStyle, ChartSpec, IconRule, LayoutCell, SheetLayout, StyledRange } from './sheet-layout';

const COL_MILESTONE = 0;
const COL_UPDATE = 1;
const COL_ICON = 2;
const COL_STATUS = 3;
/** Fits A4 portrait at about 85% with half-inch side margins. */
const WIDTHS = [44, 56, 10, 12];
/** A scale of more than three statuses needs a counts column each: these follow the Status column. */
const EXTRA_COUNT_WIDTH = 12;
const CHART_ROWS = 16;

class SheetBuilder {
  /** The last column: Status, or the last counts column of a longer scale. */
  readonly lastCol: number;
  readonly widths: number[];
  private readonly totalWidth: number;

  constructor(statuses: number) {
    this.lastCol = Math.max(COL_STATUS, statuses);
    this.widths = [...WIDTHS];
    while (this.widths.length <= this.lastCol) this.widths.push(EXTRA_COUNT_WIDTH);
    this.totalWidth = this.widths.reduce((a, b) => a + b, 0);
  }

  rows: LayoutCell[][] = [];
  styles: StyledRange[] = [];
  merges: CellRange[] = [];
  rowHeights: Record<number, number> = {};
  iconRules: IconRule[] = [];

  get next(): number {
    return this.rows.length;
  }

  add(cells: LayoutCell[]): number {
    const r = this.rows.length;
    const row = [...cells];
    while (row.length <= this.lastCol) row.push(null);
    this.rows.push(row);
    return r;
  }

  /** One text across the report's width. Its height is set here: no spreadsheet fits a merged row to its text. */
  addLine(text: string, style: CellStyle = {}, fontSize = 11): number {
    const r = this.add([text]);
    this.merges.push({ top: r, left: 0, bottom: r, right: this.lastCol });
    this.style(r, 0, r, this.lastCol, { wrap: true, vertical: 'top', ...(fontSize !== 11 ? { fontSize } : {}), ...style });
    this.fit(r, [{ text, width: this.totalWidth, bold: style.bold, fontSize }]);
    return r;
  }

  fit(r: number, cells: Parameters<typeof wrappedRowHeight>[0]): void {
    const h = wrappedRowHeight(cells);
    if (h !== undefined) this.rowHeights[r] = h;
  }

  /** Open runs: a style over the same columns carried down row after row becomes one range, not one per row. */
  private runs = new Map<string, { index: number; seen: number }>();

  style(top: number, left: number, bottom: number, right: number, style: CellStyle): void {
    const key = `${left}:${right}:${JSON.stringify(style)}`;
    const run = this.runs.get(key);
    const range = this.styles[run?.index ?? -1]?.range;
    // The report is built top to bottom, so only styles pushed since the run last grew can touch this row;
    // extend the run when none of them sets one of these properties differently.
    if (run && range && range.bottom === top - 1 && !this.conflicts(run.seen, { top, left, bottom, right }, style)) {
      range.bottom = bottom;
      run.seen = this.styles.length;
      return;
    }
    this.runs.set(key, { index: this.styles.length, seen: this.styles.length + 1 });
    this.styles.push({ range: { top, left, bottom, right }, style });
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

function addCountsTable(b: SheetBuilder, title: string, report: Report, pick: (s: Report['sections'][number]) => StatusCounts, total: StatusCounts): CellRange {
  const LAST_COL = b.lastCol;
  const order = statusOrder(report);
  const scale = reportScale(report);
  b.addLine(title, { bold: true });
  const header = b.add([SUMMARY_PRIORITY, ...order.map((id) => scaleEntry(scale, id).label)]);
  b.style(header, 0, header, LAST_COL, { bold: true, fill: COLOURS.headerFill, border: 'A6A6A6', wrap: true });
  b.style(header, 1, header, LAST_COL, { horizontal: 'center' });
  for (const section of report.sections) {
    const counts = pick(section);
    b.add([priorityHeading(section.priority), ...order.map((id) => counts[id] ?? 0)]);
  }
  const lastData = b.next - 1;
  const totalRow = b.add([SUMMARY_ALL, ...order.map((id) => total[id] ?? 0)]);
  b.style(header + 1, 0, totalRow, LAST_COL, { border: 'A6A6A6', vertical: 'top' });
  b.style(header + 1, 0, lastData, 0, { wrap: true });
  b.style(header + 1, 1, totalRow, LAST_COL, { horizontal: 'center' });
  b.style(totalRow, 0, totalRow, LAST_COL, { bold: true });
  return { top: header, left: 0, bottom: lastData, right: LAST_COL };
}

function addEntry(b: SheetBuilder, report: Report, entry: ReportEntry, scale: StatusScale): number {
  const LAST_COL = b.lastCol;
  const r = b.next;
  b.add([
    entryHeadline(report, entry),
    entry.update,
    statusScoreFormula(cellAddress(r, COL_STATUS), entry.status, scale),
    statusLabel(entry.status, scale),
  ]);
  // Wrapping and the column fonts come from one range per column over all the entries (see the caller).
  if (entry.kind === 'due') b.style(r, 0, r, LAST_COL, { fill: COLOURS.dueFill });
  else b.style(r, 0, r, LAST_COL, { fill: COLOURS.delayedFill, border: COLOURS.delayedBorder });
  return r;
}

export function renderReportSheet(report: Report): SheetLayout {
  const scale = reportScale(report);
  const b = new SheetBuilder(scale.entries.length);
  const LAST_COL = b.lastCol;
  b.addLine(reportTitle(report), { bold: true, fontColor: COLOURS.heading }, 16);
  b.addLine(asAtLine(report), { italic: true });
  b.add([]);

  b.addLine(LEGEND_TITLE, { bold: true, fontColor: COLOURS.heading });
  const colours = b.add([LEGEND_BLUE, LEGEND_BLACK]);
  b.style(colours, 0, colours, 0, { fontColor: COLOURS.milestone, bold: true });
  b.style(colours, 1, colours, 1, { fontColor: COLOURS.update });
  b.addLine(legendDueLine(report), { fill: COLOURS.dueFill });
  b.addLine(LEGEND_DELAYED, { fill: COLOURS.delayedFill, border: COLOURS.delayedBorder });
  const legendTop = b.next;
  statusOrder(report).forEach((id, i) => {
    const r = b.next;
    b.add([i === 0 ? LEGEND_STATUS : null, null, statusScoreFormula(cellAddress(r, COL_STATUS), id, scale), scaleEntry(scale, id).label]);
  });
  const legendBottom = b.next - 1;
  b.style(legendTop, COL_ICON, legendBottom, COL_ICON, { horizontal: 'center' });
  b.iconRules.push(statusIconRule({ top: legendTop, left: COL_ICON, bottom: legendBottom, right: COL_ICON }, scale));
  b.add([]);

  b.addLine(report.summarySentence);
  b.add([]);

  const entries = report.sections.flatMap((s) => s.themes.flatMap((t) => t.entries));
  let chart: ChartSpec | undefined;
  let chartData: CellRange | undefined;
  let printTitleRows: { first: number; last: number } | undefined;

  if (entries.length === 0) {
    b.addLine(noEntriesLine(report), { bold: true });
  } else {
    chartData = addCountsTable(b, summaryDueTitle(report), report, (s) => s.summary, report.summary);
    b.add([]);
    if (hasDelayed(report)) {
      addCountsTable(b, SUMMARY_DELAYED_TITLE, report, (s) => s.delayedSummary, report.delayedSummary);
      b.add([]);
    }
    const header = b.add([COLUMN_MILESTONE, COLUMN_UPDATE, COLUMN_STATUS, null]);
    b.merges.push({ top: header, left: COL_ICON, bottom: header, right: LAST_COL });
    b.style(header, 0, header, LAST_COL, { bold: true, fill: COLOURS.headerFill, border: 'A6A6A6', vertical: 'middle' });
    b.style(header, COL_ICON, header, LAST_COL, { horizontal: 'center' });
    printTitleRows = { first: header, last: header };

    let firstEntry = -1;
    const columnStylesAt = b.styles.length;
    for (const section of report.sections) {
      b.addLine(priorityHeading(section.priority), { bold: true, fontColor: COLOURS.headingText, fill: COLOURS.heading, vertical: 'middle' }, 13);
      for (const theme of section.themes) {
        if (theme.theme.trim() !== '') b.addLine(theme.theme, { bold: true, fill: COLOURS.themeFill, fontColor: COLOURS.heading });
        for (const entry of theme.entries) {
          const r = addEntry(b, report, entry, scale);
          if (firstEntry < 0) firstEntry = r;
        }
      }
    }
    const lastEntry = b.next - 1;
    b.iconRules.push(statusIconRule({ top: firstEntry, left: COL_ICON, bottom: lastEntry, right: COL_ICON }, scale));
    // One range per column over the whole block, placed before the headings' and entries' own styles, which win
    // where they differ: Excel applies a handful of column formats instead of several per entry row.
    const column = (left: number, right: number, style: CellStyle) => ({ range: { top: firstEntry, left, bottom: lastEntry, right }, style });
    b.styles.splice(
      columnStylesAt,
      0,
      column(0, LAST_COL, { wrap: true, vertical: 'top' }),
      column(COL_MILESTONE, COL_MILESTONE, { fontColor: COLOURS.milestone, bold: true }),
      column(COL_UPDATE, COL_UPDATE, { fontColor: COLOURS.update }),
      column(COL_ICON, COL_ICON, { horizontal: 'center', vertical: 'top' }),
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
        anchor: { top, left: 0, bottom: top + CHART_ROWS - 1, right: COL_UPDATE },
      };
    }
  }

  return {
    name: reportSheetName(report),
    columnWidths: [...b.widths],
    rows: b.rows,
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
