// The Issues sheet: errors before warnings, source order kept, every issue with its cell.
import { makeIssue } from '../../src/domain/issue';
import { renderIssuesSheet } from '../../src/render/issues-sheet';

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
});
