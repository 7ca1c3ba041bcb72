// The quarterly report as a Word document (docx declarative model); packing to bytes happens at the call site.
import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, PageNumber, PageOrientation, Paragraph, ShadingType,
  Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlignTable, WidthType,
  type FileChild, type ITableCellBorders,
} from 'docx';
import type { StatusId } from '../domain/config';
import type { Report, ReportEntry, StatusCounts } from '../domain/report-model';
import { statusInfo } from '../domain/status-scale';
import {
  asAtLine, COLOURS, COLUMN_MILESTONE, COLUMN_STATUS, COLUMN_UPDATE, entryLabel, hasDelayed, LEGEND_BLACK, LEGEND_BLUE,
  LEGEND_DELAYED, LEGEND_STATUS, LEGEND_TITLE, legendDueLine, noEntriesLine, priorityHeading, quotedMilestone,
  reportTitle, STATUS_ORDER, SUMMARY_ALL, SUMMARY_DELAYED_TITLE, SUMMARY_PRIORITY, summaryDueTitle,
} from './report-text';

/** A4 in twips, 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const ENTRY_WIDTHS = [3500, 4538, 1600];
const SUMMARY_WIDTHS = [4238, 1800, 1800, 1800];
const GRID_COLOUR = 'BFBFBF';
/** Rows longer than this may need a page of their own; they are allowed to split rather than overflow. */
const CANT_SPLIT_LIMIT = 1500;

function shading(fill: string) {
  return { type: ShadingType.CLEAR, color: 'auto', fill };
}

function boxBorders(color: string, size = 8): ITableCellBorders {
  const side = { style: BorderStyle.SINGLE, size, color };
  return { top: side, bottom: side, left: side, right: side };
}

function table(widths: number[], rows: TableRow[]): Table {
  const grid = { style: BorderStyle.SINGLE, size: 4, color: GRID_COLOUR };
  return new Table({
    rows,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: grid, bottom: grid, left: grid, right: grid, insideHorizontal: grid, insideVertical: grid },
  });
}

function cell(children: Paragraph[], width: number, extra: Partial<ConstructorParameters<typeof TableCell>[0]> = {}): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    verticalAlign: VerticalAlignTable.TOP,
    ...extra,
  });
}

function headerRow(labels: string[], widths: number[]): TableRow {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: labels.map((l, i) =>
      cell([new Paragraph({ keepNext: true, children: [new TextRun({ text: l, bold: true })] })], widths[i]!, { shading: shading(COLOURS.headerFill) }),
    ),
  });
}

/** One paragraph per line of the text, so the tracker's line breaks survive. */
function lines(text: string, run: { color?: string; bold?: boolean } = {}): Paragraph[] {
  return text.split(/\r\n|\r|\n/).map((line) => new Paragraph({ children: [new TextRun({ text: line, ...run })] }));
}

function statusRuns(status: StatusId | undefined): TextRun[] {
  if (status === undefined) return [];
  const s = statusInfo(status);
  return [new TextRun({ text: s.symbol, color: s.color, bold: true }), new TextRun({ text: ` ${s.label}` })];
}

function countsTable(title: string, report: Report, pick: (s: Report['sections'][number]) => StatusCounts, total: StatusCounts): FileChild[] {
  const numberCell = (n: number, bold = false) =>
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: String(n), bold })] });
  const row = (name: string, c: StatusCounts, bold = false) =>
    new TableRow({
      cantSplit: true,
      children: [
        cell([new Paragraph({ children: [new TextRun({ text: name, bold })] })], SUMMARY_WIDTHS[0]!),
        ...STATUS_ORDER.map((id, i) => cell([numberCell(c[id], bold)], SUMMARY_WIDTHS[i + 1]!)),
      ],
    });
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_3, keepNext: true, children: [new TextRun(title)] }),
    table(SUMMARY_WIDTHS, [
      headerRow([SUMMARY_PRIORITY, ...STATUS_ORDER.map((id) => statusInfo(id).label)], SUMMARY_WIDTHS),
      ...report.sections.map((s) => row(priorityHeading(s.priority), pick(s))),
      row(SUMMARY_ALL, total, true),
    ]),
  ];
}

function entryRow(report: Report, entry: ReportEntry): TableRow {
  const due = entry.kind === 'due';
  const style = due
    ? { shading: shading(COLOURS.dueFill) }
    : { shading: shading(COLOURS.delayedFill), borders: boxBorders(COLOURS.delayedBorder, 12) };
  const length = entry.milestone.length + entry.update.length;
  return new TableRow({
    cantSplit: length < CANT_SPLIT_LIMIT,
    children: [
      cell(
        [new Paragraph({
          children: [
            new TextRun({ text: `${entryLabel(report, entry)}: `, bold: true, color: COLOURS.milestone }),
            new TextRun({ text: quotedMilestone(entry.milestone), bold: true, color: COLOURS.milestone }),
          ],
        })],
        ENTRY_WIDTHS[0]!, style,
      ),
      cell(lines(entry.update, { color: COLOURS.update }), ENTRY_WIDTHS[1]!, style),
      cell([new Paragraph({ children: statusRuns(entry.status) })], ENTRY_WIDTHS[2]!, style),
    ],
  });
}

function legend(report: Report): FileChild[] {
  const box = (text: string, extra: Partial<ConstructorParameters<typeof TableCell>[0]>) =>
    new TableRow({ cantSplit: true, children: [cell([new Paragraph(text)], CONTENT_WIDTH, extra)] });
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [new TextRun(LEGEND_TITLE)] }),
    new Paragraph({
      spacing: { after: 120 },
      children: [
        new TextRun({ text: LEGEND_BLUE, bold: true, color: COLOURS.milestone }),
        new TextRun({ text: ` ${LEGEND_BLACK}`, color: COLOURS.update }),
      ],
    }),
    table([CONTENT_WIDTH], [
      box(legendDueLine(report), { shading: shading(COLOURS.dueFill) }),
      box(LEGEND_DELAYED, { shading: shading(COLOURS.delayedFill), borders: boxBorders(COLOURS.delayedBorder, 12) }),
    ]),
    new Paragraph({ spacing: { before: 120 }, keepNext: true, children: [new TextRun(LEGEND_STATUS)] }),
    ...STATUS_ORDER.map((id) => new Paragraph({ indent: { left: 360 }, keepNext: true, children: statusRuns(id) })),
  ];
}

export function renderReportDocx(report: Report): Document {
  const title = reportTitle(report);
  const children: FileChild[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }),
    new Paragraph({ spacing: { after: 200 }, children: [new TextRun({ text: asAtLine(report), italics: true })] }),
    ...legend(report),
    new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun(report.summarySentence)] }),
  ];

  const entries = report.sections.flatMap((s) => s.themes.flatMap((t) => t.entries));
  if (entries.length === 0) {
    children.push(new Paragraph({ children: [new TextRun({ text: noEntriesLine(report), bold: true })] }));
  } else {
    children.push(...countsTable(summaryDueTitle(report), report, (s) => s.summary, report.summary));
    if (hasDelayed(report)) children.push(...countsTable(SUMMARY_DELAYED_TITLE, report, (s) => s.delayedSummary, report.delayedSummary));
    for (const section of report.sections) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, keepNext: true, children: [new TextRun(priorityHeading(section.priority))] }));
      for (const theme of section.themes) {
        if (theme.theme.trim() !== '') {
          children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [new TextRun(theme.theme)] }));
        }
        children.push(table(ENTRY_WIDTHS, [
          headerRow([COLUMN_MILESTONE, COLUMN_UPDATE, COLUMN_STATUS], ENTRY_WIDTHS),
          ...theme.entries.map((e) => entryRow(report, e)),
        ]));
      }
    }
  }

  return new Document({
    creator: 'Milestone Register',
    title,
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 20 }, paragraph: { spacing: { after: 60 } } },
        title: { run: { font: 'Arial', size: 40, bold: true, color: COLOURS.heading }, paragraph: { spacing: { after: 120 } } },
        heading1: { run: { font: 'Arial', size: 30, bold: true, color: COLOURS.heading }, paragraph: { spacing: { before: 360, after: 120 }, keepNext: true } },
        heading2: { run: { font: 'Arial', size: 24, bold: true, color: COLOURS.heading }, paragraph: { spacing: { before: 200, after: 100 }, keepNext: true } },
        heading3: { run: { font: 'Arial', size: 21, bold: true, color: '404040' }, paragraph: { spacing: { before: 200, after: 80 }, keepNext: true } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ text: `${title} · page `, size: 16, color: '595959' }), new TextRun({ children: [PageNumber.CURRENT], size: 16, color: '595959' })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}
