// The words of the quarterly report, shared by the sheet, Word and HTML renderers so they cannot drift apart.
import type { StatusId } from '../domain/config';
import { reportScale, type Report, type ReportEntry, type StatusCounts } from '../domain/report-model';

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export function reportPeriod(report: Report): string {
  return `${report.quarter} ${report.financialYear}`;
}

/** "Business plan milestones: Quarter 4 2017-18" */
export function reportTitle(report: Report): string {
  return `Business plan milestones: Quarter ${report.quarter.slice(1)} ${report.financialYear}`;
}

/** "Update as at end of March 2018", from the ISO date in report.asAt. */
export function asAtLine(report: Report): string {
  const m = /^(\d{4})-(\d{2})-\d{2}/.exec(report.asAt);
  const month = m ? MONTH_NAMES[Number(m[2]) - 1] : undefined;
  return m && month ? `Update as at end of ${month} ${m[1]}` : `Update as at ${report.asAt}`;
}

/** "Q4 milestone" or "Q4 update on delayed Q2 milestone" (with the year when it is not the report's). */
export function entryLabel(report: Report, entry: ReportEntry): string {
  if (entry.kind === 'due') return `${report.quarter} milestone`;
  const due = entry.dueFinancialYear === report.financialYear ? entry.dueQuarter : `${entry.dueQuarter} ${entry.dueFinancialYear}`;
  return `${report.quarter} update on delayed ${due} milestone`;
}

/** The milestone wording in curly quotes, without doubling quotes the tracker already has. */
export function quotedMilestone(text: string): string {
  // Index scans, not /["“”]+$/: a pattern anchored at the end is tried from every position of the text.
  const trimmed = text.trim();
  let start = 0;
  let end = trimmed.length;
  while (start < end && isQuoteMark(trimmed.charCodeAt(start))) start++;
  while (end > start && isQuoteMark(trimmed.charCodeAt(end - 1))) end--;
  return `“${start === 0 && end === trimmed.length ? trimmed : trimmed.slice(start, end)}”`;
}

/** '"', '“' or '”'. */
function isQuoteMark(c: number): boolean {
  return c === 0x22 || c === 0x201c || c === 0x201d;
}

/** "Q4 milestone: “...”" */
export function entryHeadline(report: Report, entry: ReportEntry): string {
  return `${entryLabel(report, entry)}: ${quotedMilestone(entry.milestone)}`;
}

export function priorityHeading(priority: string): string {
  return priority.trim() === '' ? 'Other milestones' : priority;
}

export function noEntriesLine(report: Report): string {
  return `There are no milestones to report for ${reportPeriod(report)}.`;
}

export const LEGEND_TITLE = 'Milestone reporting';
export const LEGEND_BLUE = 'Our milestones are in blue.';
export const LEGEND_BLACK = 'Our progress against them is in black.';
export function legendDueLine(report: Report): string {
  return `Quarter ${report.quarter.slice(1)} milestones are set against a green background.`;
}
export const LEGEND_DELAYED = 'Boxes in blue update earlier milestones that were experiencing delay when last reported.';
export const LEGEND_STATUS = 'Status is assessed as follows:';

export const COLUMN_MILESTONE = 'Milestone';
export const COLUMN_UPDATE = 'Progress update';
export const COLUMN_STATUS = 'Status';

export const SUMMARY_PRIORITY = 'Priority';
export const SUMMARY_ALL = 'All priorities';
export function summaryDueTitle(report: Report): string {
  return `${report.quarter} milestones by status`;
}
export const SUMMARY_DELAYED_TITLE = 'Updates on delayed milestones from earlier quarters, by status';

export function countsTotal(c: StatusCounts): number {
  let n = 0;
  for (const v of Object.values(c)) n += v;
  return n;
}

export function hasDelayed(report: Report): boolean {
  return countsTotal(report.delayedSummary) > 0;
}

/** The report's status ids in the order it shows them: best first. */
export function statusOrder(report: Pick<Report, 'scale'>): StatusId[] {
  return reportScale(report).entries.map((s) => s.id);
}

/** Report colours, RRGGBB. */
export const COLOURS = {
  milestone: '1F4E79',
  update: '000000',
  dueFill: 'E2EFDA',
  delayedFill: 'DDEBF7',
  delayedBorder: '2E75B6',
  heading: '1F4E79',
  headingText: 'FFFFFF',
  themeFill: 'D9E1F2',
  headerFill: 'D9D9D9',
} as const;
