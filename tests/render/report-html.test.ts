/** @jest-environment jsdom */
// The HTML report as a browser reads it: structure, colours, bands and boxes, and user text that stays text.
import { renderReportHtml } from '../../src/render/report-html';
import { emptyReport, sampleReport } from './sample-data';

function parse(html: string): HTMLElement {
  const holder = document.createElement('div');
  holder.innerHTML = html;
  return holder;
}

function rowWith(root: HTMLElement, text: string): HTMLTableRowElement {
  const row = [...root.querySelectorAll('tr')].find((r) => (r.textContent ?? '').includes(text));
  if (!row) throw new Error(`no row with "${text}"`);
  return row;
}

describe('renderReportHtml', () => {
  const html = renderReportHtml(sampleReport());
  const root = parse(html);

  test('self-contained: inline styles only, no scripts, classes, stylesheets or external resources', () => {
    expect(root.querySelectorAll('script, style, link, img, iframe, [class], [src], [href]')).toHaveLength(0);
    expect(html).not.toMatch(/url\(|@import|https?:/);
  });

  test('title, as-at line and headings in report order', () => {
    expect(root.querySelector('h1')!.textContent).toBe('Business plan milestones: Quarter 4 2017-18');
    expect(root.textContent).toContain('Update as at end of March 2018');
    expect([...root.querySelectorAll('h2, h3')].map((h) => h.textContent)).toEqual([
      'Milestone reporting',
      'Q4 milestones by status',
      'Updates on delayed milestones from earlier quarters, by status',
      'Keeping children and young people safe',
      'Child protection',
      'Making London safer',
      'Tackling hate crime',
    ]);
    const entries = [...root.querySelectorAll<HTMLTableRowElement>('tr[data-kind]')].map((r) => r.cells[0]!.textContent);
    expect(entries).toEqual([
      'Q4 milestone: “Subject to BCU roll out, provide an extra 400 officers protecting vulnerable people”',
      'Q4 milestone: “Subject to BCU roll out, deploy 600 Safer Schools Officers”',
      'Q4 update on delayed Q2 milestone: “Review arrangements and future needs for juveniles in detention, including provision of health services and appropriate adults.”',
      'Q4 milestone: “Review the Online Hate Crime Hub in light of the first year evaluation and agree next steps”',
      'Q4 update on delayed Q3 2016-17 milestone: “Female Genital Mutilation (FGM) action plan in place”',
      'Q4 milestone: “Milestone with no status yet”',
    ]);
  });

  test('blue wording, black update, green band for due, blue box for delayed', () => {
    const due = rowWith(root, 'deploy 600 Safer Schools Officers');
    expect(due.cells[0]!.style.color).toBe('rgb(31, 78, 121)');
    expect(due.cells[1]!.style.color).toBe('rgb(0, 0, 0)');
    for (const c of due.cells) expect(c.style.background).toContain('rgb(226, 239, 218)');
    const delayed = rowWith(root, 'Review arrangements and future needs');
    for (const c of delayed.cells) {
      expect(c.style.background).toContain('rgb(221, 235, 247)');
      expect(c.style.borderTopColor).toBe('rgb(46, 117, 182)');
    }
    expect(due.cells[2]!.textContent).toBe('● On track');
  });

  test('user text is escaped: a script in an update stays visible text, line breaks kept', () => {
    const row = rowWith(root, 'stays text');
    expect(row.cells[1]!.textContent).toBe('<script>alert("x")</script> & =SUM(A1:A3) stays text');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; =SUM(A1:A3)');
    const multi = rowWith(root, 'We are on track');
    expect(multi.cells[1]!.querySelectorAll('br')).toHaveLength(1);
  });

  test('summary tables count statuses per priority', () => {
    const all = [...root.querySelectorAll('tr')].filter((r) => r.cells[0]?.textContent === 'All priorities');
    expect(all.map((r) => [...r.cells].slice(1).map((c) => c.textContent))).toEqual([['1', '2', '0'], ['0', '0', '2']]);
  });

  test('an empty report says so', () => {
    const empty = parse(renderReportHtml(emptyReport()));
    expect(empty.textContent).toContain('There are no milestones to report for Q1 2018-19.');
    expect(empty.querySelectorAll('tr[data-kind]')).toHaveLength(0);
  });
});

describe('the pane preview of a long report (maxEntries)', () => {
  const report = sampleReport();
  const all = [...parse(renderReportHtml(report)).querySelectorAll<HTMLTableRowElement>('tr[data-kind]')].map((r) => r.textContent);

  test('shows the first entries in report order, counts every entry in the summary tables, and says how many follow', () => {
    expect(all.length).toBeGreaterThan(2);
    const root = parse(renderReportHtml(report, { maxEntries: 2 }));
    expect([...root.querySelectorAll<HTMLTableRowElement>('tr[data-kind]')].map((r) => r.textContent)).toEqual(all.slice(0, 2));
    // Everything before the first priority heading (title, legend, summary sentence, the counts tables) is the full report's.
    const head = (html: string) => html.slice(0, html.indexOf('Keeping children and young people safe</h2>'));
    expect(head(renderReportHtml(report, { maxEntries: 2 }))).toBe(head(renderReportHtml(report)));
    expect(head(renderReportHtml(report))).toContain('<table');
    expect(root.textContent).toContain(`The preview stops here: ${all.length - 2} more entries follow. The report sheet, the Word report and Copy report hold all ${all.length}.`);
  });

  test('a cap at or above the number of entries changes nothing', () => {
    expect(renderReportHtml(report, { maxEntries: all.length })).toBe(renderReportHtml(report));
  });
});
