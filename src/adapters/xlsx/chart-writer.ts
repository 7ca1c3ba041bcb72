// A layout's chart as DrawingML: the drawing part that anchors it on the sheet and the chart part itself (a stacked
// bar chart, one series per data column, categories from the first column), as the Office adapter adds it in Excel.
import type { ChartSpec } from '../../render/sheet-layout';
import { quoteSheetName } from '../../shared/excel-rules';
import type { Conformance } from './ooxml-names';
import { colLetters, rowAt, type SheetSpec } from './worksheet-writer';
import { element, escapeCellText, textElement, xmlPart } from './xml-writer';

/** The drawing part: the chart's frame, from the anchor's top-left cell to the bottom-right of its last cell. */
export function drawingPart(chart: ChartSpec, chartRelId: string, c: Conformance): string {
  const a = chart.anchor;
  const marker = (tag: string, col: number, row: number) =>
    element(`xdr:${tag}`, {}, textElement('xdr:col', {}, String(col)) + textElement('xdr:colOff', {}, '0') + textElement('xdr:row', {}, String(row)) + textElement('xdr:rowOff', {}, '0'));
  const frame = element(
    'xdr:graphicFrame',
    { macro: '' },
    element('xdr:nvGraphicFramePr', {}, element('xdr:cNvPr', { id: 2, name: 'Chart 1' }) + element('xdr:cNvGraphicFramePr')) +
      element('xdr:xfrm', {}, element('a:off', { x: 0, y: 0 }) + element('a:ext', { cx: 0, cy: 0 })) +
      element('a:graphic', {}, element('a:graphicData', { uri: c.chart }, element('c:chart', { 'xmlns:c': c.chart, 'xmlns:r': c.rel, 'r:id': chartRelId }))),
  );
  return xmlPart(
    element(
      'xdr:wsDr',
      { 'xmlns:xdr': c.spreadsheetDrawing, 'xmlns:a': c.drawingMain },
      element('xdr:twoCellAnchor', {}, marker('from', a.left, a.top) + marker('to', a.right + 1, a.bottom + 1) + frame + element('xdr:clientData')),
    ),
  );
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && v !== null && 'formula' in v) return cellText((v as { result?: unknown }).result);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

function cellNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'object' && v !== null && 'formula' in v) return cellNumber((v as { result?: unknown }).result);
  return undefined;
}

/** A string cache's values are ST_Xstring (cell text), escaped as the cells are. */
const strCache = (values: string[]) =>
  element('c:strCache', {}, element('c:ptCount', { val: values.length }) + values.map((v, i) => element('c:pt', { idx: i }, textElement('c:v', {}, escapeCellText(v)))).join(''));

/** The chart part; `sheetName` is the name the sheet was given (the series refer to its cells, with cached values). */
export function chartPart(chart: ChartSpec, sheet: SheetSpec, sheetName: string, c: Conformance): string {
  const d = chart.data;
  const ref = (col: number, top: number, bottom: number) => `${quoteSheetName(sheetName)}!$${colLetters(col)}$${top + 1}${bottom > top ? `:$${colLetters(col)}$${bottom + 1}` : ''}`;
  const categories: string[] = [];
  for (let r = d.top + 1; r <= d.bottom; r++) categories.push(cellText(rowAt(sheet.rows, r)?.[d.left]));
  const series: string[] = [];
  for (let col = d.left + 1, i = 0; col <= d.right; col++, i++) {
    const spec = chart.series[i];
    const name = spec?.name ?? cellText(rowAt(sheet.rows, d.top)?.[col]);
    const colour = spec && /^[0-9a-fA-F]{6}$/.test(spec.color) ? spec.color.toUpperCase() : undefined;
    const points: string[] = [];
    for (let r = d.top + 1, n = 0; r <= d.bottom; r++, n++) {
      const v = cellNumber(rowAt(sheet.rows, r)?.[col]);
      if (v !== undefined) points.push(element('c:pt', { idx: n }, textElement('c:v', {}, String(v))));
    }
    series.push(
      element(
        'c:ser',
        {},
        element('c:idx', { val: i }) +
          element('c:order', { val: i }) +
          element('c:tx', {}, element('c:strRef', {}, textElement('c:f', {}, ref(col, d.top, d.top)) + strCache([name]))) +
          (colour ? element('c:spPr', {}, element('a:solidFill', {}, element('a:srgbClr', { val: colour }))) : '') +
          element('c:invertIfNegative', { val: 0 }) +
          element('c:cat', {}, element('c:strRef', {}, textElement('c:f', {}, ref(d.left, d.top + 1, d.bottom)) + strCache(categories))) +
          element(
            'c:val',
            {},
            element(
              'c:numRef',
              {},
              textElement('c:f', {}, ref(col, d.top + 1, d.bottom)) +
                element('c:numCache', {}, textElement('c:formatCode', {}, 'General') + element('c:ptCount', { val: categories.length }) + points.join('')),
            ),
          ),
      ),
    );
  }
  const title = element(
    'c:title',
    {},
    element('c:tx', {}, element('c:rich', {}, element('a:bodyPr') + element('a:lstStyle') + element('a:p', {}, element('a:r', {}, textElement('a:t', {}, chart.title))))) +
      element('c:overlay', { val: 0 }),
  );
  const bar = element(
    'c:barChart',
    {},
    element('c:barDir', { val: 'bar' }) +
      element('c:grouping', { val: 'stacked' }) +
      element('c:varyColors', { val: 0 }) +
      series.join('') +
      element('c:gapWidth', { val: 150 }) +
      element('c:overlap', { val: 100 }) +
      element('c:axId', { val: 500001 }) +
      element('c:axId', { val: 500002 }),
  );
  // A bar chart's first category is drawn at the bottom: maxMin lists the categories top-down, in the order of the
  // tables, and the value axis crosses at the last category (max) so it stays under the bars.
  const catAx = element(
    'c:catAx',
    {},
    element('c:axId', { val: 500001 }) +
      element('c:scaling', {}, element('c:orientation', { val: 'maxMin' })) +
      element('c:delete', { val: 0 }) +
      element('c:axPos', { val: 'l' }) +
      element('c:numFmt', { formatCode: 'General', sourceLinked: 1 }) +
      element('c:majorTickMark', { val: 'out' }) +
      element('c:minorTickMark', { val: 'none' }) +
      element('c:tickLblPos', { val: 'nextTo' }) +
      element('c:crossAx', { val: 500002 }) +
      element('c:crosses', { val: 'autoZero' }) +
      element('c:auto', { val: 1 }) +
      element('c:lblAlgn', { val: 'ctr' }) +
      element('c:lblOffset', { val: 100 }) +
      element('c:noMultiLvlLbl', { val: 0 }),
  );
  const valAx = element(
    'c:valAx',
    {},
    element('c:axId', { val: 500002 }) +
      element('c:scaling', {}, element('c:orientation', { val: 'minMax' })) +
      element('c:delete', { val: 0 }) +
      element('c:axPos', { val: 'b' }) +
      element('c:majorGridlines') +
      element('c:numFmt', { formatCode: 'General', sourceLinked: 1 }) +
      element('c:majorTickMark', { val: 'out' }) +
      element('c:minorTickMark', { val: 'none' }) +
      element('c:tickLblPos', { val: 'nextTo' }) +
      element('c:crossAx', { val: 500001 }) +
      element('c:crosses', { val: 'max' }) +
      element('c:crossBetween', { val: 'between' }),
  );
  return xmlPart(
    element(
      'c:chartSpace',
      { 'xmlns:c': c.chart, 'xmlns:a': c.drawingMain, 'xmlns:r': c.rel },
      element('c:roundedCorners', { val: 0 }) +
        element(
          'c:chart',
          {},
          title +
            element('c:autoTitleDeleted', { val: 0 }) +
            element('c:plotArea', {}, element('c:layout') + bar + catAx + valAx) +
            element('c:legend', {}, element('c:legendPos', { val: 'b' }) + element('c:overlay', { val: 0 })) +
            element('c:plotVisOnly', { val: 1 }) +
            element('c:dispBlanksAs', { val: 'gap' }),
        ),
    ),
  );
}
