// The Issues sheet: errors before warnings, source order kept, every issue with its cell.
import { makeIssue } from '../../src/domain/issue';
import { renderIssuesSheet } from '../../src/render/issues-sheet';
import { strFromU8, unzipSync } from 'fflate';
import { JSDOM } from 'jsdom';
import { writeWorkbook } from '../../src/adapters/xlsx/write-workbook';

const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const parser = new new JSDOM().window.DOMParser();
const parse = (xml: string) => parser.parseFromString(xml, 'application/xml');
const all = (node: Document | Element, tag: string) => Array.from(node.getElementsByTagNameNS(S, tag));

describe('renderIssuesSheet', () => {
  const issues = [
    makeIssue('warning', 'Tracker', 'K12', 'missing-update', 'No progress update for Q4.', 'Write the update.'),
    makeIssue('error', 'Tracker', 'H9', 'unknown-status', 'Status "Purple" is not on the scale.', 'Use Delivered, On track or Some delay.'),
    makeIssue('warning', 'Area 2', 'F3', 'quarter-without-year', 'Quarter "Q3" has no year.'),
    makeIssue('error', 'Tracker', 'D20', 'missing-milestone', '=cmd|" /C calc"!A0'),
  ];
  const layout = renderIssuesSheet(issues);

  test('a table of issues, errors first then warnings, each group in source order', () => {
    expect(layout.name).toBe('Issues');
    expect(layout.rows[0]).toEqual(['Severity', 'Sheet', 'Cell', 'Code', 'Message', 'Suggestion']);
    expect(layout.rows.slice(1).map((r) => `${r[0]} ${r[2]}`)).toEqual(['error H9', 'error D20', 'warning K12', 'warning F3']);
    expect(layout.rows[4]![5]).toBe('');
    expect(layout.rows[2]![4]).toBe('=cmd|" /C calc"!A0');
    expect(layout.table!.range).toEqual({ top: 0, left: 0, bottom: 4, right: 5 });
    expect(layout.freeze).toEqual({ rows: 1, columns: 0 });
  });

  test('errors and warnings are told apart by colour', () => {
    const fillOf = (row: number) => layout.styles.find((s) => s.range.top === row && s.range.left === 0 && s.style.fill)?.style.fill;
    expect(fillOf(1)).toBe('FFC7CE');
    expect(fillOf(3)).toBe('FFEB9C');
  });

  test('no issues: one line says so', () => {
    const empty = renderIssuesSheet([]);
    expect(empty.rows).toEqual([['No issues found']]);
    expect(empty.table).toBeUndefined();
  });

  test('the written sheet prints landscape A4, one page wide, the header row on every page and frozen on screen', async () => {
    const files = unzipSync((await writeWorkbook(null, [layout])).bytes);
    const wb = parse(strFromU8(files['xl/workbook.xml']!));
    const index = all(wb, 'sheet').findIndex((s) => s.getAttribute('name') === 'Issues');
    expect(index).toBeGreaterThanOrEqual(0);
    const ws = parse(strFromU8(files[`xl/worksheets/sheet${index + 1}.xml`]!));
    const setup = all(ws, 'pageSetup')[0];
    expect(setup?.getAttribute('orientation')).toBe('landscape');
    expect(setup?.getAttribute('paperSize')).toBe('9'); // A4
    expect(setup?.getAttribute('fitToWidth')).toBe('1');
    expect(setup?.getAttribute('fitToHeight')).toBe('0'); // as many pages down as the issues need
    expect(all(ws, 'pageSetUpPr')[0]?.getAttribute('fitToPage')).toBe('1');
    const titles = all(wb, 'definedName').find((n) => n.getAttribute('name') === '_xlnm.Print_Titles' && n.getAttribute('localSheetId') === String(index));
    expect(titles?.textContent).toMatch(/^'?Issues'?!\$1:\$1$/);
    const pane = all(ws, 'pane')[0];
    expect(pane?.getAttribute('state')).toBe('frozen');
    expect(pane?.getAttribute('ySplit')).toBe('1');
  });
});
