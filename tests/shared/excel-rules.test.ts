// Excel's naming rules, as both adapters apply them.
import {
  allocateSheetName,
  allocateTableName,
  isIssuesSheetName,
  isRegisterSheetName,
  isReportSheetName,
  ISSUES_SHEET_NAME,
  REGISTER_SHEET_NAME,
  reportSheetName,
  excelIconRule,
  inlineListSource,
  LIST_ALERT_TITLE,
  ListSources,
  MAX_LIST_SOURCE,
  MAX_VALIDATION_TITLE,
  quoteSheetName,
  renameInFormula,
  sheetNameProblem,
  tableNameProblem,
} from '../../src/shared/excel-rules';

test('sheet names: what Excel refuses is named, and allocation always gives a name it accepts', () => {
  expect(sheetNameProblem('Milestone Register')).toBeUndefined();
  expect(sheetNameProblem('a'.repeat(32))).toMatch(/31/);
  expect(sheetNameProblem('Q1/Q2')).toMatch(/holds/);
  expect(sheetNameProblem("'quoted")).toMatch(/apostrophe/);
  expect(sheetNameProblem('history')).toMatch(/reserves/);
  const taken = new Set<string>(['tracker']);
  for (const wanted of ['Tracker', 'TRACKER', 'Q1/Q2: [draft]?', "'x'", 'History', '', 'a'.repeat(40), 'a'.repeat(40)]) {
    const name = allocateSheetName(wanted, taken);
    expect(sheetNameProblem(name)).toBeUndefined();
  }
  expect([...taken]).toEqual(['tracker', 'tracker (2)', 'tracker (3)', 'q1 q2 draft', 'x', 'history data', 'sheet', 'a'.repeat(31), `${'a'.repeat(27)} (2)`]);
});

test('table names: what Excel refuses is named, and allocation avoids defined names too (one namespace)', () => {
  expect(tableNameProblem('MilestoneRegister')).toBeUndefined();
  expect(tableNameProblem('A1')).toMatch(/cell reference/);
  expect(tableNameProblem('R1C1')).toMatch(/cell reference/);
  expect(tableNameProblem('1st')).toMatch(/start/);
  expect(tableNameProblem('two words')).toMatch(/characters/);
  const taken = new Set(['milestoneregister', 'print_area']);
  for (const wanted of ['MilestoneRegister', 'A1', 'c', '2018 report', 'two words', 'Print_Area']) {
    expect(tableNameProblem(allocateTableName(wanted, taken))).toBeUndefined();
  }
  expect([...taken].slice(2)).toEqual(['milestoneregister2', 'a1_', 'c_', '_2018_report', 'two_words', 'print_area2']);
});

test('list sources go inline only within 255 characters and without commas or quotes', () => {
  expect(inlineListSource(['Delivered', 'On track'])).toBe('Delivered,On track');
  expect(inlineListSource(['a,b'])).toBeUndefined();
  expect(inlineListSource(['say "hi"'])).toBeUndefined();
  const long = Array.from({ length: 30 }, (_, i) => `Choice ${i}`);
  expect(long.join(',').length).toBeGreaterThan(MAX_LIST_SOURCE);
  expect(inlineListSource(long)).toBeUndefined();
  expect(quoteSheetName("Bob's sheet")).toBe("'Bob''s sheet'");
});

test('lists Excel cannot take inline go on one lists sheet, a column each, the same list once; its name is asked for once', () => {
  let asked = 0;
  const lists = new ListSources(() => {
    asked++;
    return "Bob's lists";
  });
  expect(lists.sourceFor(['a', 'b'])).toEqual({ inline: 'a,b' });
  expect(lists.name).toBeUndefined();
  const long = Array.from({ length: 40 }, (_, i) => `Choice number ${i + 1}`);
  expect(lists.sourceFor(long)).toEqual({ range: "'Bob''s lists'!$A$1:$A$40" });
  expect(lists.sourceFor(['x, y', 'z'])).toEqual({ range: "'Bob''s lists'!$B$1:$B$2" });
  expect(lists.sourceFor(long)).toEqual({ range: "'Bob''s lists'!$A$1:$A$40" });
  expect(asked).toBe(1);
  const rows = lists.rows();
  expect(rows).toHaveLength(40);
  expect(rows[0]).toEqual(['Choice number 1', 'x, y']);
  expect(rows[2]).toEqual(['Choice number 3', '']);
  expect(LIST_ALERT_TITLE.length).toBeLessThanOrEqual(MAX_VALIDATION_TITLE);
});

test('formulas follow the sheet and table names an adapter had to change', () => {
  const renames = { sheets: [{ from: 'Register', to: 'Register (2)' }], table: { from: 'Milestones', to: 'Milestones2' } };
  expect(renameInFormula("'Register'!A3&Register!B2&Milestones[[#This Row],[Ref]]", renames)).toBe("'Register (2)'!A3&'Register (2)'!B2&Milestones2[[#This Row],[Ref]]");
  expect(renameInFormula('OldRegister!A1&MyMilestones[Ref]', renames)).toBe('OldRegister!A1&MyMilestones[Ref]');
});

describe('excelIconRule: a custom icon rule as Excel takes it', () => {
  const icon = (index: number) => ({ set: '3TrafficLights1', index });
  test('names a built-in set of as many icons as it shows', () => {
    expect(excelIconRule([icon(0), icon(1), icon(2)], [1, 2, 3]).base).toBe('3TrafficLights1');
    expect(excelIconRule([icon(0), icon(1), icon(2), icon(2)], [1, 2, 3, 4]).base).toBe('4TrafficLights');
    expect(excelIconRule([icon(0), icon(1), icon(2), icon(2), icon(2)], [1, 2, 3, 4, 5]).base).toBe('5Arrows');
  });
  test('two icons become three with an empty band, so what shows is unchanged', () => {
    const r = excelIconRule([icon(0), icon(2)], [1, 2]);
    expect(r).toEqual({ base: '3TrafficLights1', icons: [icon(0), icon(0), icon(2)], thresholds: [1, 2, 2] });
  });
  test('refuses a rule Excel cannot hold', () => {
    expect(() => excelIconRule([icon(0)], [1, 2])).toThrow();
    expect(() => excelIconRule(Array.from({ length: 6 }, (_, i) => icon(i % 3)), [1, 2, 3, 4, 5, 6])).toThrow();
  });
});

describe('the sheets this tool writes', () => {
  test('each output sheet is recognised under its own name and under the names allocateSheetName gives a second copy', () => {
    const taken = new Set<string>();
    const names = [REGISTER_SHEET_NAME, ISSUES_SHEET_NAME, reportSheetName('Q4 2017-18')];
    const [register, issues, report] = [0, 1, 2].map((i) => [0, 1, 2].map(() => allocateSheetName(names[i] ?? '', taken)));
    expect(register).toEqual(['Milestone Register', 'Milestone Register (2)', 'Milestone Register (3)']);
    expect(report).toEqual(['Q4 2017-18 Report', 'Q4 2017-18 Report (2)', 'Q4 2017-18 Report (3)']);
    for (const n of register ?? []) expect([isRegisterSheetName(n), isIssuesSheetName(n), isReportSheetName(n)]).toEqual([true, false, false]);
    for (const n of issues ?? []) expect([isRegisterSheetName(n), isIssuesSheetName(n), isReportSheetName(n)]).toEqual([false, true, false]);
    for (const n of report ?? []) expect([isRegisterSheetName(n), isIssuesSheetName(n), isReportSheetName(n)]).toEqual([false, false, true]);
  });

  test("a user's sheets that only look alike are not taken for ours", () => {
    for (const n of ['Milestone Register notes', 'milestone register', 'Issues log', 'Open Issues', 'Q5 2017-18 Report', 'Q4 2017 Report', 'Q4 2017-18 Report (draft)', 'Tracker']) {
      expect([isRegisterSheetName(n), isIssuesSheetName(n), isReportSheetName(n)]).toEqual([false, false, false]);
    }
  });
});
