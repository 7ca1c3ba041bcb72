// Every issue as a sheet: errors first, then warnings, each with the cell it concerns.
import type { Issue } from '../domain/issue';
import type { LayoutCell, SheetLayout, StyledRange } from './sheet-layout';
import { ISSUES_SHEET_NAME } from '../shared/excel-rules';

const HEADERS = ['Severity', 'Sheet', 'Cell', 'Code', 'Message', 'Suggestion'];
const WIDTHS = [10, 20, 8, 22, 70, 50];
const SEVERITY_STYLE = {
  error: { fill: 'FFC7CE', fontColor: '9C0006' },
  warning: { fill: 'FFEB9C', fontColor: '9C5700' },
} as const;

export function renderIssuesSheet(issues: Issue[]): SheetLayout {
  const base = { name: ISSUES_SHEET_NAME, columnWidths: [...WIDTHS], merges: [], validations: [], iconRules: [] };
  if (issues.length === 0) {
    return { ...base, rows: [['No issues found']], styles: [{ range: { top: 0, left: 0, bottom: 0, right: 0 }, style: { bold: true } }] };
  }
  const rows: LayoutCell[][] = [HEADERS];
  const add = (i: Issue) => rows.push([i.severity, i.sheet, i.cell, i.code, i.message, i.suggestion ?? '']);
  for (const i of issues) if (i.severity === 'error') add(i);
  const errors = rows.length - 1;
  for (const i of issues) if (i.severity === 'warning') add(i);
  const last = rows.length - 1;
  const styles: StyledRange[] = [
    { range: { top: 1, left: 0, bottom: last, right: HEADERS.length - 1 }, style: { vertical: 'top' } },
    { range: { top: 1, left: 4, bottom: last, right: 5 }, style: { wrap: true, vertical: 'top' } },
  ];
  // Errors come first, then warnings: one range each, not one per row.
  if (errors > 0) styles.push({ range: { top: 1, left: 0, bottom: errors, right: 0 }, style: SEVERITY_STYLE.error });
  if (errors < last) styles.push({ range: { top: errors + 1, left: 0, bottom: last, right: 0 }, style: SEVERITY_STYLE.warning });
  return {
    ...base,
    rows,
    styles,
    table: { name: 'IssueList', range: { top: 0, left: 0, bottom: last, right: HEADERS.length - 1 }, style: 'TableStyleLight9' },
    freeze: { rows: 1, columns: 0 },
    // The six columns are about 180 characters wide: landscape, scaled to one page wide, header on every page.
    page: {
      orientation: 'landscape',
      paperSize: 'A4',
      fitToWidth: true,
      printTitleRows: { first: 0, last: 0 },
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6 },
    },
  };
}
