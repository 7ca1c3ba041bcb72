// The quarterly report as a self-contained HTML fragment (inline styles only) for the pane's preview and the clipboard.
import type { StatusId } from '../domain/config';
import { reportScale, type Report, type ReportEntry, type StatusCounts } from '../domain/report-model';
import { scaleEntry, type StatusScale } from '../domain/status-scale';
import { statusTextColour } from './contrast';
import {
  asAtLine, COLOURS, COLUMN_MILESTONE, COLUMN_STATUS, COLUMN_UPDATE, entryLabel, hasDelayed, LEGEND_BLACK, LEGEND_BLUE,
  LEGEND_DELAYED, LEGEND_STATUS, LEGEND_TITLE, legendDueLine, noEntriesLine, priorityHeading, quotedMilestone,
  reportTitle, statusOrder, SUMMARY_ALL, SUMMARY_DELAYED_TITLE, SUMMARY_PRIORITY, summaryDueTitle,
} from './report-text';
import { changeNoteIndex, changesSection } from './changes-text';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escaped text with the tracker's line breaks kept. */
function multiline(text: string): string {
  return text.split(/\r\n|\r|\n/).map(escapeHtml).join('<br>');
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:10pt;color:#000000';
const TABLE = 'border-collapse:collapse;width:100%;margin:0 0 10pt 0';
const GRID = '1px solid #BFBFBF';
const CELL = `border:${GRID};padding:4pt 6pt;vertical-align:top;text-align:left`;
const HEAD = `${CELL};background:#${COLOURS.headerFill};font-weight:bold`;
const BOX = `1.5pt solid #${COLOURS.delayedBorder}`;
const H = (size: string, extra = '') => `font-family:Arial,Helvetica,sans-serif;font-size:${size};font-weight:bold;color:#${COLOURS.heading};margin:12pt 0 6pt 0${extra}`;

function statusHtml(scale: StatusScale, status: StatusId | undefined): string {
  if (status === undefined) return '';
  const s = scaleEntry(scale, status);
  return `<span style="color:#${statusTextColour(s.color)};font-weight:bold">${escapeHtml(s.symbol)}</span> ${escapeHtml(s.label)}`;
}

function countsTable(title: string, report: Report, pick: (s: Report['sections'][number]) => StatusCounts, total: StatusCounts, maxRows = Infinity): string {
  const num = `${CELL};text-align:center`;
  const order = statusOrder(report);
  const scale = reportScale(report);
  const row = (name: string, c: StatusCounts, bold = false) =>
    `<tr${bold ? ' style="font-weight:bold"' : ''}><td style="${CELL}">${escapeHtml(name)}</td>${order.map((id) => `<td style="${num}">${c[id] ?? 0}</td>`).join('')}</tr>`;
  return [
    `<h2 style="${H('10.5pt')}">${escapeHtml(title)}</h2>`,
    `<table style="${TABLE}"><thead><tr><th style="${HEAD}">${escapeHtml(SUMMARY_PRIORITY)}</th>`,
    order.map((id) => `<th style="${HEAD};text-align:center;width:${order.length > 3 ? 12 : 15}%">${escapeHtml(scaleEntry(scale, id).label)}</th>`).join(''),
    '</tr></thead><tbody>',
    report.sections.slice(0, maxRows).map((s) => row(priorityHeading(s.priority), pick(s))).join(''),
    row(SUMMARY_ALL, total, true),
    '</tbody></table>',
    report.sections.length > maxRows ? `<p style="margin:0 0 6pt 0;font-style:italic">${escapeHtml(`The preview lists ${maxRows.toLocaleString('en-GB')} of ${report.sections.length.toLocaleString('en-GB')} priorities here; "${SUMMARY_ALL}" counts them all, and the report sheet, the Word report and Copy report list each.`)}</p>` : '',
  ].join('');
}

function entryRow(report: Report, entry: ReportEntry, note?: string): string {
  const band = entry.kind === 'due' ? `background:#${COLOURS.dueFill}` : `background:#${COLOURS.delayedFill};border:${BOX}`;
  const td = `${CELL};${band}`;
  const headline = `${escapeHtml(entryLabel(report, entry))}: ${escapeHtml(quotedMilestone(entry.milestone))}`;
  return (
    `<tr data-kind="${entry.kind}">` +
    `<td style="${td};color:#${COLOURS.milestone};font-weight:bold">${headline}</td>` +
    `<td style="${td};color:#${COLOURS.update}">${multiline(entry.update)}${note ? `<br><i data-change-note>${escapeHtml(note)}</i>` : ''}</td>` +
    `<td style="${td}">${statusHtml(reportScale(report), entry.status)}</td></tr>`
  );
}

/** "Changes since Q3 2017-18": the counts, then each list (milestones in blue, the change in black). */
function changesHtml(report: Report, maxItems = Infinity): string {
  const c = changesSection(report);
  if (!c) return '';
  const num = `${CELL};text-align:center;width:15%`;
  const out = [
    `<h2 style="${H('15pt', ';margin-top:18pt')}" data-section="changes">${escapeHtml(c.title)}</h2>`,
    `<p style="margin:0 0 6pt 0">${escapeHtml(c.intro)}</p>`,
    `<table style="${TABLE};width:60%"><thead><tr><th style="${HEAD}">Change</th><th style="${HEAD};text-align:center">Milestones</th></tr></thead><tbody>`,
    c.counts.map((k) => `<tr><td style="${CELL}">${escapeHtml(k.label)}</td><td style="${num}">${k.count}</td></tr>`).join(''),
    '</tbody></table>',
  ];
  for (const g of c.groups) {
    out.push(`<h3 style="${H('12pt')}">${escapeHtml(g.heading)}</h3>`);
    out.push(
      `<table style="${TABLE}"><thead><tr><th style="${HEAD};width:45%">${escapeHtml(COLUMN_MILESTONE)}</th><th style="${HEAD}">Change</th></tr></thead><tbody>` +
        g.items.slice(0, maxItems).map((i) => `<tr><td style="${CELL};color:#${COLOURS.milestone};font-weight:bold">${escapeHtml(i.milestone)}</td><td style="${CELL};color:#${COLOURS.update}">${escapeHtml(i.change)}</td></tr>`).join('') +
        '</tbody></table>',
    );
    const more = g.items.length - Math.min(g.items.length, maxItems);
    if (more > 0) {
      out.push(`<p style="margin:0 0 6pt 0;font-style:italic">${escapeHtml(`The preview lists ${maxItems.toLocaleString('en-GB')} of these; ${more.toLocaleString('en-GB')} more ${more === 1 ? 'follows' : 'follow'} in the report sheet, the Word report and Copy report.`)}</p>`);
    }
  }
  for (const n of c.notes) out.push(`<p style="margin:0 0 6pt 0;font-style:italic">${escapeHtml(n)}</p>`);
  return out.join('');
}

export interface HtmlOptions {
  /**
   * Entries shown before the HTML stops with a line saying how many more there are (the pane's preview: a page holding
   * tens of thousands of table rows takes seconds to lay out). The summary tables always count every entry.
   */
  maxEntries?: number;
  /** Priorities listed in each summary table before a line saying how many more (its total row counts them all). */
  maxSummaryRows?: number;
}

export function renderReportHtml(report: Report, options: HtmlOptions = {}): string {
  const out: string[] = [`<div style="${FONT}">`];
  out.push(`<h1 style="${H('18pt', ';margin-top:0')}">${escapeHtml(reportTitle(report))}</h1>`);
  out.push(`<p style="font-style:italic;margin:0 0 10pt 0">${escapeHtml(asAtLine(report))}</p>`);

  // One h1 (the title); the legend, the summaries and each priority at level 2, themes at 3, as in the Word report.
  out.push(`<h2 style="${H('12pt')}">${escapeHtml(LEGEND_TITLE)}</h2>`);
  out.push(
    `<p style="margin:0 0 6pt 0"><span style="color:#${COLOURS.milestone};font-weight:bold">${escapeHtml(LEGEND_BLUE)}</span> ` +
      `<span style="color:#${COLOURS.update}">${escapeHtml(LEGEND_BLACK)}</span></p>`,
  );
  out.push(
    `<table style="${TABLE}"><tbody>` +
      `<tr><td style="${CELL};background:#${COLOURS.dueFill}">${escapeHtml(legendDueLine(report))}</td></tr>` +
      `<tr><td style="${CELL};background:#${COLOURS.delayedFill};border:${BOX}">${escapeHtml(LEGEND_DELAYED)}</td></tr>` +
      '</tbody></table>',
  );
  out.push(`<p style="margin:0 0 2pt 0">${escapeHtml(LEGEND_STATUS)}</p>`);
  out.push(`<p style="margin:0 0 10pt 18pt">${statusOrder(report).map((id) => statusHtml(reportScale(report), id)).join('<br>')}</p>`);
  out.push(`<p style="margin:0 0 10pt 0">${escapeHtml(report.summarySentence)}</p>`);

  const entries = report.sections.flatMap((s) => s.themes.flatMap((t) => t.entries));
  if (entries.length === 0) {
    out.push(`<p style="font-weight:bold">${escapeHtml(noEntriesLine(report))}</p>`);
  } else {
    out.push(countsTable(summaryDueTitle(report), report, (s) => s.summary, report.summary, options.maxSummaryRows));
    if (hasDelayed(report)) out.push(countsTable(SUMMARY_DELAYED_TITLE, report, (s) => s.delayedSummary, report.delayedSummary, options.maxSummaryRows));
    const changes = changesHtml(report, options.maxEntries);
    if (changes) out.push(changes);
    const notes = changeNoteIndex(report);
    let room = options.maxEntries ?? Infinity;
    sections: for (const section of report.sections) {
      out.push(`<h2 style="${H('15pt', ';margin-top:18pt')}">${escapeHtml(priorityHeading(section.priority))}</h2>`);
      for (const theme of section.themes) {
        if (room <= 0) break sections;
        const shown = theme.entries.length > room ? theme.entries.slice(0, room) : theme.entries;
        room -= shown.length;
        if (theme.theme.trim() !== '') out.push(`<h3 style="${H('12pt')}">${escapeHtml(theme.theme)}</h3>`);
        out.push(
          `<table style="${TABLE}"><thead><tr>` +
            `<th style="${HEAD};width:36%">${escapeHtml(COLUMN_MILESTONE)}</th>` +
            `<th style="${HEAD};width:47%">${escapeHtml(COLUMN_UPDATE)}</th>` +
            `<th style="${HEAD};width:17%">${escapeHtml(COLUMN_STATUS)}</th>` +
            `</tr></thead><tbody>${shown.map((e) => entryRow(report, e, notes.get(e.id))).join('')}</tbody></table>`,
        );
      }
    }
    const left = entries.length - Math.min(entries.length, options.maxEntries ?? Infinity);
    if (left > 0) {
      out.push(
        `<p style="margin:12pt 0;font-style:italic">${escapeHtml(`The preview stops here: ${left.toLocaleString('en-GB')} more ${left === 1 ? 'entry' : 'entries'} follow. The report sheet, the Word report and Copy report hold all ${entries.length.toLocaleString('en-GB')}.`)}</p>`,
      );
    }
  }
  out.push('</div>');
  return out.join('\n');
}
