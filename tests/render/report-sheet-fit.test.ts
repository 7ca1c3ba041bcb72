// The report sheet's rows fit their text as LibreOffice lays it out: each row holds as many lines as LibreOffice wraps
// its tallest cell into, or one more, never fewer (compared with LibreOffice's own optimal row heights).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWorkbookFile } from '../../src/adapters/xlsx/read-file';
import { writeWorkbook } from '../../src/adapters/xlsx/write-workbook';
import { previousFromWorkbook, runPipeline } from '../../src/domain/pipeline';
import { renderReportSheet } from '../../src/render/report-sheet';
import { lineHeightPt } from '../../src/render/row-height';
import type { CellStyle, SheetLayout } from '../../src/render/sheet-layout';
import { convert, fodsRowHeights, hasLibreOffice, optimalRowHeights } from './libreoffice';
import { runsHere } from '../tool-required';

const OUT = join(__dirname, '..', '.output', 'fit');

interface Item {
  row: number;
  text: string;
  width: number;
  style: CellStyle;
}

function styleAt(layout: SheetLayout, r: number, c: number): CellStyle {
  let style: CellStyle = {};
  for (const s of layout.styles) {
    const g = s.range;
    if (r >= g.top && r <= g.bottom && c >= g.left && c <= g.right) style = { ...style, ...s.style };
  }
  return style;
}

/** Every text cell of the layout with the width it wraps in (a merged cell's columns together) and its style. */
function textCells(layout: SheetLayout): Item[] {
  const items: Item[] = [];
  layout.rows.forEach((cells, r) => {
    cells.forEach((v, c) => {
      if (typeof v !== 'string' || v.trim() === '') return;
      const m = layout.merges.find((g) => g.top === r && g.left === c);
      let width = 0;
      for (let k = c; k <= (m ? m.right : c); k++) width += layout.columnWidths[k]!;
      items.push({ row: r, text: v, width, style: styleAt(layout, r, c) });
    });
  });
  return items;
}

/** One text per row, each in a column as wide as its own cell, no heights: what LibreOffice fits itself. */
function probeLayout(items: Item[]): SheetLayout {
  const widths = [...new Set(items.map((i) => i.width))];
  return {
    name: 'Probe',
    columnWidths: widths,
    rows: items.map((i) => {
      const row: string[] = [];
      row[widths.indexOf(i.width)] = i.text;
      return row;
    }),
    styles: items.map((i, r) => {
      const c = widths.indexOf(i.width);
      // The cell's font: the only part of its style that sets the row's height.
      const style: CellStyle = { bold: i.style.bold ?? false, italic: i.style.italic ?? false, wrap: true, vertical: 'top' };
      if (i.style.fontSize !== undefined) style.fontSize = i.style.fontSize;
      return { range: { top: r, left: c, bottom: r, right: c }, style };
    }),
    merges: [],
    validations: [],
    iconRules: [],
  };
}

beforeAll(() => mkdirSync(OUT, { recursive: true }));

const cases: [string, boolean][] = [['the demo report', false], ['the demo report compared with its Q3 (the "Changes since" section, change notes)', true]];
(runsHere(hasLibreOffice) ? test.each(cases) : test.skip.each(cases))('no row of %s sheet is more than one line taller than its text, and none is too short', async (name, compared) => {
  // The heights are Calibri's; LibreOffice must lay the sheet out in Carlito, its metric twin (fonts-crosextra-carlito).
  expect(execFileSync('fc-match', ['Calibri'], { encoding: 'utf8' })).toMatch(/^Carlito/);
  const read = await readWorkbookFile(join(__dirname, '..', '..', 'samples', 'met-tracker-2017-18.xlsx'));
  if (!read.ok) throw new Error(read.issue.message);
  // The tracker's Q3 history columns give a real previous quarter to compare with.
  const previous = compared ? previousFromWorkbook(read.workbook, {}, 'met-tracker-2017-18.xlsx', { period: { quarter: 'Q3', financialYear: '2017-18' } }) : undefined;
  if (previous && !previous.ok) throw new Error(previous.issue.message);
  const report = runPipeline(read.workbook, {}, { readIssues: read.issues, ...(previous ? { previous: previous.previous } : {}) }).report;
  if (compared) expect(report.changes?.statusChanges.length).toBeGreaterThan(10);
  const layout = renderReportSheet(report);

  const sheetFile = join(OUT, `report-sheet${compared ? '-compared' : ''}.xlsx`);
  writeFileSync(sheetFile, (await writeWorkbook(null, [layout])).bytes);
  const used = fodsRowHeights(convert(sheetFile, 'fods', OUT), layout.rows.length);

  const items = textCells(layout);
  const sizes = [...new Set(items.map((i) => i.style.fontSize ?? 11))];
  // Texts of 2, 3 and 4 forced lines at each size give LibreOffice's line pitch and its padding.
  const calibration = sizes.flatMap((fontSize) => [2, 3, 4].map((n) => ({ row: -1, text: Array(n).fill('Wg').join('\n'), width: 44, style: { fontSize } })));
  const probeFile = join(OUT, `probe${compared ? '-compared' : ''}.xlsx`);
  writeFileSync(probeFile, (await writeWorkbook(null, [probeLayout([...items, ...calibration])])).bytes);
  const fitted = optimalRowHeights(probeFile, OUT, items.length + calibration.length);

  const pitch = new Map<number, { line: number; pad: number }>();
  sizes.forEach((size, k) => {
    const [h2, , h4] = fitted.slice(items.length + 3 * k, items.length + 3 * k + 3) as [number, number, number];
    const line = (h4 - h2) / 2;
    pitch.set(size, { line, pad: h2 - 2 * line });
  });
  const linesIn = (h: number, size: number) => Math.max(1, Math.round((h - pitch.get(size)!.pad) / pitch.get(size)!.line));

  const problems: string[] = [];
  let spare = 0;
  let rows = 0;
  for (const r of new Set(items.map((i) => i.row))) {
    const mine = items.map((i, k) => ({ ...i, k })).filter((i) => i.row === r);
    const size = Math.max(...mine.map((i) => i.style.fontSize ?? 11));
    const needed = Math.max(...mine.map((i) => linesIn(fitted[i.k]!, i.style.fontSize ?? 11)));
    const held = Math.floor((used[r]! + 0.5) / lineHeightPt(size));
    rows++;
    if (held > needed) spare++;
    if (held < needed || held > needed + 1) problems.push(`${name}, row ${r + 1}: holds ${held} lines (${used[r]}pt), its text takes ${needed}: "${mine[0]!.text.slice(0, 50)}"`);
  }
  expect(problems).toEqual([]);
  expect(rows).toBeGreaterThan(40);
  // A spare line is the exception (a line LibreOffice's slightly wider columns avoid), not the rule.
  expect(spare / rows).toBeLessThan(0.25);
}, 300000);
