// Every output follows the chosen status scale: dropdowns, icons, legend, counts tables, Word and HTML.
import JSZip from 'jszip';
import type { CellValue, GridWorkbook } from '../../src/domain/grid';
import { runPipeline } from '../../src/domain/pipeline';
import { reportScale } from '../../src/domain/report-model';
import { renderRegisterSheet } from '../../src/render/register-sheet';
import { reportDocxBytes } from '../../src/adapters/docx/write-docx';
import { renderReportHtml } from '../../src/render/report-html';
import { renderReportSheet } from '../../src/render/report-sheet';
import { lineHeightPt } from '../../src/render/row-height';
import { statusScoreFormula, statusScoreFormulas } from '../../src/render/status-icons';
import { DCA5_SCALE, DELIVERY_SCALE, RAG_SCALE } from '../../src/domain/status-scale';
import type { LayoutCell } from '../../src/render/sheet-layout';

function tracker(ratings: string[]): GridWorkbook {
  const rows: CellValue[][] = [['Ref', 'Priority', 'Milestone', 'Due', 'DCA', 'Update']];
  ratings.forEach((r, i) => rows.push([`P${i + 1}`, i < 3 ? 'Transport' : 'Health', `Project ${i + 1}`, 'Q4 2022-23', r, `Comment ${i + 1}`]));
  return { source: 't.csv', sheets: [{ name: 't', rows, merges: [] }] };
}

const period = { period: { quarter: 'Q4' as const, financialYear: '2022-23' } };
const dca = runPipeline(tracker(['Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red', 'Amber']), { scale: 'dca5' }, period);
const rag = runPipeline(tracker(['Complete', 'Green', 'Amber', 'Red']), { scale: 'rag' }, period);

const text = (c: LayoutCell | undefined) => (c !== null && typeof c === 'object' && 'formula' in c ? c.result : c);

describe('the register sheet on a scale', () => {
  test('RAG: the status dropdown offers Complete, Green, Amber, Red and the icons follow rank', () => {
    const layout = renderRegisterSheet(rag.register, reportScale(rag.report));
    const statusCol = layout.rows[0]!.indexOf('Status');
    expect(layout.rows.slice(1).map((r) => r[statusCol])).toEqual(['Complete', 'Green', 'Amber', 'Red']);
    expect(layout.validations[0]!.values).toEqual(['Complete', 'Green', 'Amber', 'Red']);
    const rule = layout.iconRules[0]!;
    // Worst first: a red light for Red (score 1), then amber, green, and a check for Complete (score 4).
    expect(rule.icons).toEqual([
      { set: '3TrafficLights1', index: 0 }, { set: '3TrafficLights1', index: 1 }, { set: '3TrafficLights1', index: 2 }, { set: '3Symbols', index: 2 },
    ]);
    expect(rule.thresholds).toEqual([1, 2, 3, 4]);
    const iconCol = layout.rows[0]!.indexOf('Icon');
    expect(layout.rows.slice(1).map((r) => text(r[iconCol]))).toEqual([4, 3, 2, 1]);
    const formula = layout.rows[1]![iconCol] as { formula: string };
    expect(formula.formula).toBe(`IFERROR(MATCH(H2,{"Red","Amber","Green","Complete"},0),"")`);
  });

  test('delivery confidence: five arrows from Excel\u2019s 5Arrows set, Red lowest', () => {
    const layout = renderRegisterSheet(dca.register, reportScale(dca.report));
    expect(layout.validations[0]!.values).toEqual(['Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red']);
    expect(layout.iconRules[0]!.icons).toEqual([0, 1, 2, 3, 4].map((index) => ({ set: '5Arrows', index })));
  });
});

describe('the report on the delivery confidence scale', () => {
  test('the sheet\u2019s legend and counts tables have a column per level', () => {
    const layout = renderReportSheet(dca.report);
    const header = layout.rows.find((r) => r[0] === 'Priority')!;
    expect(header.slice(0, 6)).toEqual(['Priority', 'Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red']);
    // A narrow counts column per level (B-F, which an entry's update spans), then the icon and the status text.
    expect(layout.columnWidths).toHaveLength(8);
    const entriesHead = layout.rows.findIndex((r) => r[0] === 'Milestone' && r[1] === 'Progress update');
    expect(layout.merges).toContainEqual({ top: entriesHead, left: 1, bottom: entriesHead, right: 5 });
    expect(layout.rows[entriesHead]![6]).toBe('Status');
    expect(layout.merges).toContainEqual({ top: entriesHead, left: 6, bottom: entriesHead, right: 7 });
    expect(layout.rows.find((r) => r[0] === 'Transport')!.slice(0, 6)).toEqual(['Transport', 1, 1, 1, 0, 0]);
    expect(layout.rows.find((r) => r[0] === 'All priorities')!.slice(0, 6)).toEqual(['All priorities', 1, 1, 2, 1, 1]);
    const legend = layout.rows.findIndex((r) => r[0] === 'Status is assessed as follows:');
    expect(layout.rows.slice(legend, legend + 5).map((r) => r[7])).toEqual(['Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red']);
    // The legend and the entries' icons use Excel's five arrows, one rule each, on the icon column.
    // Columns wide enough that no label's word breaks ("Amber/Green" is one word to Excel): its header and legend rows are one line.
    const headerRow = layout.rows.findIndex((r) => r[0] === 'Priority');
    expect(layout.rowHeights![headerRow]).toBe(lineHeightPt());
    for (let r = legend; r < legend + 5; r++) expect(layout.rowHeights![r]).toBe(lineHeightPt());
    expect(layout.columnWidths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(130);
    const rules = layout.iconRules.filter((r) => r.range.left === 6 && r.range.right === 6);
    expect(rules).toHaveLength(2);
    for (const rule of rules) expect(rule.icons).toEqual([0, 1, 2, 3, 4].map((index) => ({ set: '5Arrows', index })));
    expect(layout.rows.some((r) => r[0] === dca.report.summarySentence)).toBe(true);
    expect(dca.report.summarySentence).toBe(
      'Of the 6 Q4 milestones, 1 is rated Green, 1 is rated Amber/Green, 2 are rated Amber, 1 is rated Amber/Red and 1 is rated Red.',
    );
  });

  test('the chart\u2019s series are the scale\u2019s levels, named as the counts header and coloured as the scale says', () => {
    const layout = renderReportSheet(dca.report);
    const chart = layout.chart!;
    const scale = reportScale(dca.report);
    expect(chart.series.map((s) => s.name)).toEqual(layout.rows[chart.data.top]!.slice(chart.data.left + 1, chart.data.right + 1));
    expect(chart.series).toEqual(['Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red'].map((label) => ({ name: label, color: scale.entries.find((e) => e.label === label)!.color })));
    // Its labels are not the default scale's, so colours looked up there by label (as the adapters did) would be missing.
    expect(new Set(chart.series.map((s) => s.color)).size).toBe(5);
  });

  test('the Word report: legend, counts header and each entry\u2019s status in the scale\u2019s words', async () => {
    const zip = await JSZip.loadAsync(await reportDocxBytes(dca.report));
    const doc = await zip.file('word/document.xml')!.async('string');
    const styles = await zip.file('word/styles.xml')!.async('string');
    const texts = [...doc.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    for (const label of ['Green', 'Amber/Green', 'Amber', 'Amber/Red', 'Red']) {
      expect(texts).toContain(label); // the counts table's header
      expect(texts).toContain(` ${label}`); // after the symbol, in the legend and the entries
      expect(styles).toContain(`Status ${label}`);
    }
    expect(doc).not.toMatch(/On track|Some delay/);
  });

  test('the HTML preview shows the scale\u2019s labels and none of the default\u2019s', () => {
    const html = renderReportHtml(rag.report);
    for (const label of ['Complete', 'Green', 'Amber', 'Red']) expect(html).toContain(`>${label}</th>`);
    expect(html).not.toMatch(/On track|Some delay/);
  });
});

test("a column's score formulas, row by row, are each cell's own", () => {
  for (const scale of [DELIVERY_SCALE, RAG_SCALE, DCA5_SCALE]) {
    const byRow = statusScoreFormulas('H', scale);
    for (const row of [1, 9, 99999]) {
      for (const status of [undefined, ...scale.entries.map((e) => e.id)]) expect(byRow(row, status)).toEqual(statusScoreFormula(`H${row + 1}`, status, scale));
    }
  }
  expect(statusScoreFormulas('AB', DELIVERY_SCALE)(4, undefined).formula).toMatch(/^IFERROR\(MATCH\(AB5,\{"/);
});
