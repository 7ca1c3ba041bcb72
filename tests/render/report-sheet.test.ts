// The report sheet: what a reader checks on paper — order, labels, blue wording, green band, blue box, icons, print setup.
import { renderReportSheet } from '../../src/render/report-sheet';
import { isLayoutFormula, type CellStyle, type SheetLayout } from '../../src/render/sheet-layout';
import { emptyReport, sampleReport } from './sample-data';

/** The style a cell ends up with when the styles are applied in order. */
function styleAt(layout: SheetLayout, row: number, col: number): CellStyle {
  return layout.styles
    .filter((s) => s.range.top <= row && row <= s.range.bottom && s.range.left <= col && col <= s.range.right)
    .reduce<CellStyle>((acc, s) => ({ ...acc, ...s.style }), {});
}

/** The entries' columns, found from their header: Milestone, Progress update, then the icon and the status text. */
function columns(layout: SheetLayout): { icon: number; status: number; last: number } {
  const header = layout.rows.find((r) => r[0] === 'Milestone')!;
  const icon = header.indexOf('Status');
  return { icon, status: icon + 1, last: layout.columnWidths.length - 1 };
}

function rowOf(layout: SheetLayout, text: string, from = 0): number {
  const r = layout.rows.findIndex((row, i) => i >= from && row[0] === text);
  if (r < 0) throw new Error(`no row with "${text}"`);
  return r;
}

describe('renderReportSheet', () => {
  const report = sampleReport();
  const layout = renderReportSheet(report);
  const texts = layout.rows.map((r) => r[0]);

  test('named and titled for the quarter, as at the end of its last month', () => {
    expect(layout.name).toBe('Q4 2017-18 Report');
    expect(layout.rows[0]![0]).toBe('Business plan milestones: Quarter 4 2017-18');
    expect(layout.rows[1]![0]).toBe('Update as at end of March 2018');
    expect(texts).toContain(report.summarySentence);
  });

  test('entries in report order under their priority and theme headings, with kind labels', () => {
    const headline = (t: unknown) => typeof t === 'string' && /^Q4 (milestone|update on delayed)/.test(t);
    const body = texts.slice(rowOf(layout, 'Milestone'));
    const outline = body.filter((t) => typeof t === 'string' && (headline(t) || !t.startsWith('Q')));
    expect(outline).toEqual([
      'Milestone',
      'Keeping children and young people safe',
      'Child protection',
      'Q4 milestone: “Subject to BCU roll out, provide an extra 400 officers protecting vulnerable people”',
      'Q4 milestone: “Subject to BCU roll out, deploy 600 Safer Schools Officers”',
      'Q4 update on delayed Q2 milestone: “Review arrangements and future needs for juveniles in detention, including provision of health services and appropriate adults.”',
      'Making London safer',
      'Tackling hate crime',
      'Q4 milestone: “Review the Online Hate Crime Hub in light of the first year evaluation and agree next steps”',
      'Q4 update on delayed Q3 2016-17 milestone: “Female Genital Mutilation (FGM) action plan in place”',
      'Q4 milestone: “Milestone with no status yet”',
    ]);
  });

  test('milestone wording blue, update black; due rows on a green band, delayed updates in a blue box', () => {
    const due = rowOf(layout, 'Q4 milestone: “Subject to BCU roll out, deploy 600 Safer Schools Officers”');
    const delayed = rowOf(layout, 'Q4 update on delayed Q2 milestone: “Review arrangements and future needs for juveniles in detention, including provision of health services and appropriate adults.”');
    expect(styleAt(layout, due, 0).fontColor).toBe('1F4E79');
    expect(styleAt(layout, due, 1).fontColor).toBe('000000');
    expect(layout.rows[due]![1]).toBe('As at February, 319 were already in place.');
    for (let c = 0; c <= columns(layout).last; c++) {
      expect(styleAt(layout, due, c).fill).toBe('E2EFDA');
      expect(styleAt(layout, due, c).border).toBeUndefined();
      expect(styleAt(layout, delayed, c).fill).toBe('DDEBF7');
      expect(styleAt(layout, delayed, c).border).toBe('2E75B6');
      if (c !== columns(layout).icon) expect(styleAt(layout, delayed, c).wrap).toBe(true);
    }
    const heading = rowOf(layout, 'Making London safer', rowOf(layout, 'Milestone'));
    expect(styleAt(layout, heading, 0).fill).not.toBe('E2EFDA');
    expect(layout.merges).toContainEqual({ top: heading, left: 0, bottom: heading, right: columns(layout).last });
  });

  test('status label beside an icon formula that reads it, under one icon rule', () => {
    const { icon: iconColumn, status } = columns(layout);
    const delayed = rowOf(layout, 'Q4 update on delayed Q3 2016-17 milestone: “Female Genital Mutilation (FGM) action plan in place”');
    expect(layout.rows[delayed]![status]).toBe('Some delay');
    const icon = layout.rows[delayed]![iconColumn]!;
    if (!isLayoutFormula(icon)) throw new Error('icon is not a formula');
    expect(icon.formula).toBe(`IFERROR(MATCH(${String.fromCharCode(65 + status)}${delayed + 1},{"Some delay","On track","Delivered"},0),"")`);
    expect(icon.result).toBe(1);
    const none = rowOf(layout, 'Q4 milestone: “Milestone with no status yet”');
    expect(layout.rows[none]![status]).toBe('');
    expect(layout.rows[none]![iconColumn]).toMatchObject({ result: '' });
    const rule = layout.iconRules.find((r) => r.range.top <= delayed && delayed <= r.range.bottom)!;
    expect(rule.range.left).toBe(iconColumn);
    expect(rule.range.bottom).toBe(rowOf(layout, 'Q4 milestone: “Milestone with no status yet”'));
    expect(rule.thresholds).toEqual([1, 2, 3]);
    expect(rule.showValue).toBe(false);
  });

  test('the legend shows each icon next to its label with the same rule', () => {
    const { icon, status } = columns(layout);
    const first = rowOf(layout, 'Status is assessed as follows:');
    expect(layout.rows.slice(first, first + 3).map((r) => r[status])).toEqual(['Delivered', 'On track', 'Some delay']);
    expect(layout.rows.slice(first, first + 3).map((r) => (isLayoutFormula(r[icon]!) ? r[icon].result : null))).toEqual([3, 2, 1]);
    const rule = layout.iconRules.find((r) => r.range.top === first)!;
    expect(rule).toEqual({ ...layout.iconRules[1]!, range: { top: first, left: icon, bottom: first + 2, right: icon } });
    expect(styleAt(layout, rowOf(layout, 'Quarter 4 milestones are set against a green background.'), 0).fill).toBe('E2EFDA');
  });

  test('a summary table of counts per priority feeds the stacked bar chart', () => {
    const chart = layout.chart!;
    expect(chart.kind).toBe('barStacked');
    const block = layout.rows.slice(chart.data.top, chart.data.bottom + 1).map((r) => r.slice(chart.data.left, chart.data.right + 1));
    expect(block).toEqual([
      ['Priority', 'Delivered', 'On track', 'Some delay'],
      ['Keeping children and young people safe', 0, 2, 0],
      ['Making London safer', 1, 0, 0],
    ]);
    expect(layout.rows[chart.data.bottom + 1]!.slice(0, 4)).toEqual(['All priorities', 1, 2, 0]);
    // One series per status column, named as its header and coloured as the report's scale says.
    expect(chart.series).toEqual([
      { name: 'Delivered', color: expect.stringMatching(/^[0-9A-F]{6}$/) },
      { name: 'On track', color: expect.stringMatching(/^[0-9A-F]{6}$/) },
      { name: 'Some delay', color: expect.stringMatching(/^[0-9A-F]{6}$/) },
    ]);
    // The chart sits in empty rows after the last entry, where a writer that cannot draw it leaves no hole.
    expect(chart.anchor.top).toBeGreaterThan(rowOf(layout, 'Q4 milestone: “Milestone with no status yet”'));
    expect(layout.rows.slice(chart.anchor.top).flat().every((c) => c === null)).toBe(true);
    expect(chart.anchor.bottom).toBe(layout.rows.length - 1);
    expect(chart.anchor.bottom - chart.anchor.top).toBeGreaterThanOrEqual(12);
    // Delayed updates are counted in a table of their own.
    const delayedTitle = rowOf(layout, 'Updates on delayed milestones from earlier quarters, by status');
    expect(layout.rows[delayedTitle + 4]!.slice(0, 4)).toEqual(['All priorities', 0, 0, 2]);
  });

  test('counts tables have columns of their own size: a narrow column per status, not the entries\' update column', () => {
    const data = layout.chart!.data;
    const counts = layout.columnWidths.slice(data.left + 1, data.right + 1);
    expect(counts).toHaveLength(3);
    for (const w of counts) {
      expect(w).toBeGreaterThanOrEqual(10);
      expect(w).toBeLessThanOrEqual(14);
    }
    // An entry's update spans those columns (merged), so it keeps its width.
    const due = rowOf(layout, 'Q4 milestone: “Subject to BCU roll out, deploy 600 Safer Schools Officers”');
    const update = layout.merges.find((m) => m.top === due && m.left === 1)!;
    expect(layout.columnWidths.slice(1, update.right + 1).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(50);
  });

  test('every row with text has a height that holds it, and icons sit at the top of their cells like the text', () => {
    const { icon } = columns(layout);
    layout.rows.forEach((row, r) => {
      if (row.some((c) => typeof c === 'string' && c !== '')) expect(layout.rowHeights![r]).toBeGreaterThanOrEqual(15);
    });
    const delayed = rowOf(layout, 'Q4 update on delayed Q2 milestone: “Review arrangements and future needs for juveniles in detention, including provision of health services and appropriate adults.”');
    expect(layout.rowHeights![delayed]).toBeGreaterThanOrEqual(45);
    expect(styleAt(layout, delayed, icon).vertical).toBe('top');
    expect(styleAt(layout, delayed, 0).vertical).toBe('top');
  });

  test('print-ready: A4 portrait, fit to width, the entries header repeated on every page', () => {
    expect(layout.page).toMatchObject({ orientation: 'portrait', paperSize: 'A4', fitToWidth: true });
    const header = rowOf(layout, 'Milestone');
    expect(layout.rows[header]!.filter((c) => c !== null)).toEqual(['Milestone', 'Progress update', 'Status']);
    expect(layout.page!.printTitleRows).toEqual({ first: header, last: header });
    // A4 portrait printable width at fit-to-width stays readable: under ~130 characters in all.
    expect(layout.columnWidths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(130);
    expect(layout.rows.every((r) => r.length === layout.columnWidths.length)).toBe(true);
  });

  test('user text that looks like a formula or markup stays a plain string', () => {
    const r = rowOf(layout, 'Q4 milestone: “Review the Online Hate Crime Hub in light of the first year evaluation and agree next steps”');
    expect(layout.rows[r]![1]).toBe('<script>alert("x")</script> & =SUM(A1:A3) stays text');
  });

  test('an empty report still says what quarter it is and that there is nothing to report', () => {
    const empty = renderReportSheet(emptyReport());
    const t = empty.rows.map((r) => r[0]);
    expect(empty.name).toBe('Q1 2018-19 Report');
    expect(t).toContain('Business plan milestones: Quarter 1 2018-19');
    expect(t).toContain('Update as at end of June 2018');
    expect(t).toContain('There are no milestones to report for Q1 2018-19.');
    expect(empty.chart).toBeUndefined();
    expect(empty.page?.printTitleRows).toBeUndefined();
    expect(empty.iconRules).toHaveLength(1); // the legend
  });
});

describe('report sheet without priority or theme names', () => {
  test('a blank priority is headed "Other milestones" and a blank theme gets no subheading', () => {
    const base = sampleReport();
    const section = { ...base.sections[0]!, priority: '', themes: [{ ...base.sections[0]!.themes[0]!, theme: '' }] };
    const layout = renderReportSheet({ ...base, sections: [section] });
    const body = layout.rows.slice(rowOf(layout, 'Milestone')).map((r) => r[0]);
    expect(body.slice(0, 3)).toEqual(['Milestone', 'Other milestones', 'Q4 milestone: “Subject to BCU roll out, provide an extra 400 officers protecting vulnerable people”']);
    expect(layout.rows.map((r) => r[0])).not.toContain('');
  });
});
