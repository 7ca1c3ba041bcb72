// One sheet layout, written the same way by the xlsx file adapter and the Office.js adapter.
// Everything is 0-based and inclusive; colours are "RRGGBB" hex without '#'.
import { PackedText } from '../domain/grid';

export type LayoutValue = string | number | boolean | Date | null;

/** A cell that Excel computes. `result` is the value cached in the file so readers without a calc engine see it. */
export interface LayoutFormula {
  formula: string; // without the leading '='
  result: string | number | null;
}

export type LayoutCell = LayoutValue | LayoutFormula;

export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  fontSize?: number;
  fontColor?: string;
  fill?: string;
  wrap?: boolean;
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'top' | 'middle' | 'bottom';
  /** Thin border of this colour on every edge of every cell in the range. */
  border?: string;
  /** Excel number format, e.g. "dd/mm/yyyy" or "@". */
  numberFormat?: string;
}

export interface StyledRange {
  range: CellRange;
  style: CellStyle;
}

export interface ListValidation {
  range: CellRange;
  /** The allowed values, shown as a dropdown. */
  values: string[];
  /** Shown when a typed value is not in the list. */
  error: string;
}

/** One icon per threshold, lowest first: value >= threshold[i] shows icons[i]. */
export interface IconRule {
  range: CellRange;
  /** Icons as Excel names them: set name and 0-based index within the set. */
  icons: { set: '3Symbols' | '3Symbols2' | '3TrafficLights1' | '3Flags' | '3Signs' | '5Arrows'; index: number }[];
  thresholds: number[];
  showValue: boolean;
}

export interface TableSpec {
  name: string;
  /** Header row is range.top. */
  range: CellRange;
  style: string; // e.g. "TableStyleMedium2"
}

export interface PageSetup {
  orientation: 'portrait' | 'landscape';
  paperSize: 'A4';
  fitToWidth: boolean;
  /** 0-based inclusive rows repeated at the top of every printed page. */
  printTitleRows?: { first: number; last: number };
  margins?: { left: number; right: number; top: number; bottom: number }; // inches
}

/** One series of a chart: a data column after the first, in order. */
export interface ChartSeries {
  /** The legend name; the same text as the series' header cell (the file links the series to that cell). */
  name: string;
  /** Fill colour, RRGGBB. */
  color: string;
}

export interface ChartSpec {
  kind: 'barStacked';
  title: string;
  /** Data block: first row is the series names header, first column the category names. */
  data: CellRange;
  /** One per data column after the first (data.right - data.left of them), left to right. */
  series: ChartSeries[];
  /** Where to place the chart. */
  anchor: CellRange;
}

export interface SheetLayout {
  /** Wanted name; the adapter picks a free one if a sheet of this name exists. */
  name: string;
  /** Column widths in characters (Excel's width unit). */
  columnWidths: number[];
  /** Columns to hide (0-based), e.g. helper columns. */
  hiddenColumns?: number[];
  rows: LayoutCell[][];
  /** Row heights in points, by 0-based row; absent rows are automatic. */
  rowHeights?: Record<number, number>;
  styles: StyledRange[];
  merges: CellRange[];
  table?: TableSpec;
  validations: ListValidation[];
  iconRules: IconRule[];
  /** Rows/columns frozen at the top/left. */
  freeze?: { rows: number; columns: number };
  page?: PageSetup;
  chart?: ChartSpec;
  /** Tab colour. */
  tabColor?: string;
}

/**
 * Rows made one at a time as a writer comes to them, so a sheet too big to hold laid out whole (the register: tens of MB
 * at 100k rows) is written as it is made. `width` is the longest row's length. Each `row(r)` is made anew.
 */
export interface RowSource {
  readonly length: number;
  readonly width: number;
  row(r: number): StreamedCell[];
}

/**
 * A cell of a row made as it is written: a layout cell, or text the CLI keeps packed, given unread so that the file
 * writer reads it only when it must (or refers to the shared string it came from). It stands for its text.
 */
export type StreamedCell = LayoutCell | PackedText;

/** A layout whose rows are made as they are written: the file writer takes it as it is; `layoutWithRows` lays it out whole. */
export type StreamedLayout = Omit<SheetLayout, 'rows'> & { rows: RowSource };

/** The same layout with every row made: what the Office adapter (and anything else that wants it whole) takes. */
export function layoutWithRows(layout: StreamedLayout): SheetLayout {
  const rows: LayoutCell[][] = [];
  for (let r = 0; r < layout.rows.length; r++) rows.push(layout.rows.row(r).map(layoutCell));
  return { ...layout, rows };
}

/** The cell with packed text read. */
export function layoutCell(cell: StreamedCell): LayoutCell {
  return cell instanceof PackedText ? cell.text() : cell;
}

export function isLayoutFormula(c: LayoutCell): c is LayoutFormula {
  return typeof c === 'object' && c !== null && !(c instanceof Date) && 'formula' in c;
}
