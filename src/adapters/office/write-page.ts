// A layout's sheet furniture: frozen header, print setup, chart and tab colour.
import { cellAddress } from '../../domain/grid';
import type { SheetLayout } from '../../render/sheet-layout';
import type { Capabilities } from './excel-run';
import { COMMAND_BYTES, REQUEST_COST, rangeAddress, rangeOn, type Adder } from './write-requests';

/** A sheet set to print one page wide, to read back: Excel desktop may ignore fit-to-pages unless its Page Layout tab is showing (office-js#1860). */
export interface FitCheck {
  layout: Excel.PageLayout;
  name: string;
}

/** Frozen header, print setup, chart and tab colour, each where the layout asks for it and Excel has it. */
export async function queueSheetSetup(add: Adder, sheet: Excel.Worksheet, name: string, layout: SheetLayout, caps: Capabilities, fitChecks: FitCheck[]): Promise<void> {
  const freeze = layout.freeze;
  if (caps.freezePanes && freeze && (freeze.rows > 0 || freeze.columns > 0)) {
    await add(COMMAND_BYTES, () => {
      if (freeze.rows > 0 && freeze.columns > 0) {
        sheet.freezePanes.freezeAt(rangeOn(sheet, rangeAddress({ top: 0, left: 0, bottom: freeze.rows - 1, right: freeze.columns - 1 })));
      } else if (freeze.rows > 0) sheet.freezePanes.freezeRows(freeze.rows);
      else sheet.freezePanes.freezeColumns(freeze.columns);
    });
  }
  const page = layout.page;
  if (caps.pageLayout && page) await queuePageSetup(add, sheet, name, page, fitChecks);
  const chart = layout.chart;
  if (chart) await queueChart(add, sheet, chart, caps);
  if (caps.freezePanes && layout.tabColor) {
    const color = layout.tabColor;
    await add(COMMAND_BYTES, () => {
      sheet.tabColor = `#${color}`;
    });
  }
}

/** A4, orientation, margins, print titles, and one page wide (with a check that Excel took it). */
function queuePageSetup(add: Adder, sheet: Excel.Worksheet, name: string, page: NonNullable<SheetLayout['page']>, fitChecks: FitCheck[]): Promise<void> {
  return add(COMMAND_BYTES * 6, () => {
    const pl = sheet.pageLayout;
    pl.orientation = page.orientation === 'landscape' ? 'Landscape' : 'Portrait';
    pl.paperSize = 'A4';
    if (page.fitToWidth) {
      pl.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      fitChecks.push({ layout: pl, name });
    }
    if (page.margins) {
      pl.leftMargin = page.margins.left * 72;
      pl.rightMargin = page.margins.right * 72;
      pl.topMargin = page.margins.top * 72;
      pl.bottomMargin = page.margins.bottom * 72;
    }
    if (page.printTitleRows) pl.setPrintTitleRows(`$${page.printTitleRows.first + 1}:$${page.printTitleRows.last + 1}`);
  });
}

/**
 * A stacked bar chart, coloured by status. Excel draws a bar chart's first category at the bottom; the categories are
 * reversed so they read top-down in the order of the tables, and the value axis crosses at the last category so it
 * stays under the bars (ExcelApi 1.8; an older Excel draws them bottom-up).
 */
function queueChart(add: Adder, sheet: Excel.Worksheet, chart: NonNullable<SheetLayout['chart']>, caps: Capabilities): Promise<void> {
  return add(COMMAND_BYTES * 6 + chart.series.length * (REQUEST_COST.edge * 2 + REQUEST_COST.property), () => {
    const c = sheet.charts.add('BarStacked', rangeOn(sheet, rangeAddress(chart.data)), 'Columns');
    c.title.text = chart.title;
    c.legend.position = 'Bottom';
    c.setPosition(cellAddress(chart.anchor.top, chart.anchor.left), cellAddress(chart.anchor.bottom, chart.anchor.right));
    if (caps.chartAxes) {
      const categories = c.axes.categoryAxis;
      categories.reversePlotOrder = true;
      categories.position = 'Maximum';
    }
    chart.series.forEach((s, i) => {
      const series = c.series.getItemAt(i);
      series.name = s.name;
      series.format.fill.setSolidColor(`#${s.color}`);
    });
  });
}
