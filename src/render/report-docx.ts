// The quarterly report as a Word document model. docx builds the frame (styles, title, legend, footer, A4 page); what
// grows with the tracker (the summary tables by priority, the headings and entry tables) is written here as
// WordprocessingML text, to go into word/document.xml in place of a placeholder, because docx's object model costs far
// more per element than the XML it produces. Entries carry the document's styles (Milestone, Progress update,
// Status ...) instead of direct formatting on every run. Nothing here packs bytes: src/adapters/docx/ does.
import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, PageNumber, PageOrientation, Paragraph, ShadingType,
  Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType,
  type FileChild, type ICharacterStyleOptions, type IParagraphStyleOptions, type ITableCellBorders,
} from 'docx';
import type { StatusId } from '../domain/config';
import { packedUpdateOf } from '../domain/milestone';
import { reportScale, type Report, type ReportEntry, type StatusCounts } from '../domain/report-model';
import { scaleEntry, type StatusScale } from '../domain/status-scale';
import {
  asAtLine, COLOURS, COLUMN_MILESTONE, COLUMN_STATUS, COLUMN_UPDATE, entryHeadline, hasDelayed, LEGEND_BLACK, LEGEND_BLUE,
  LEGEND_DELAYED, LEGEND_STATUS, LEGEND_TITLE, legendDueLine, noEntriesLine, priorityHeading,
  reportPeriod, reportTitle, SUMMARY_ALL, SUMMARY_DELAYED_TITLE, SUMMARY_PRIORITY, summaryDueTitle,
} from './report-text';
import { changeNoteIndex, changesSection } from './changes-text';
import { statusTextColour } from './contrast';
import { escapeXmlText } from '../shared/xml-text';

/** A4 in twips, 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const ENTRY_WIDTHS = [3500, 4538, 1600] as const;
/** A counts column per status: 1800 twips each for three, narrower for more, the priority taking the rest. */
function summaryWidths(statuses: number): number[] {
  const each = statuses <= 3 ? 1800 : Math.floor((CONTENT_WIDTH - 3000) / statuses);
  return [CONTENT_WIDTH - each * statuses, ...Array.from({ length: statuses }, () => each)];
}
const GRID_COLOUR = 'BFBFBF';
const CELL_MARGINS = { top: 60, bottom: 60, left: 100, right: 100 };

/** The document's own styles, so entries carry a style name instead of bold and colour on every run. */
export const STYLE = {
  milestone: 'Milestone',
  update: 'ProgressUpdate',
  tableHeading: 'TableHeading',
  /** "StatusDelivered", "StatusOnTrack", "StatusSomeDelay" */
  status: (id: StatusId, scale: StatusScale) =>
    `Status${scaleEntry(scale, id).label.split(/[^A-Za-z0-9]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`,
} as const;

const PARAGRAPH_STYLES: IParagraphStyleOptions[] = [
  { id: STYLE.milestone, name: 'Milestone', basedOn: 'Normal', quickFormat: true, run: { bold: true, color: COLOURS.milestone } },
  { id: STYLE.update, name: 'Progress update', basedOn: 'Normal', quickFormat: true, run: { color: COLOURS.update } },
  { id: STYLE.tableHeading, name: 'Table heading', basedOn: 'Normal', quickFormat: true, run: { bold: true } },
];

/** Status symbols in the status's colour, darkened where needed to read at 4.5:1 on every fill. */
function characterStyles(scale: StatusScale): ICharacterStyleOptions[] {
  return scale.entries.map((s) => ({
    id: STYLE.status(s.id, scale), name: `Status ${s.label}`, quickFormat: true, run: { bold: true, color: statusTextColour(s.color) },
  }));
}

/** The document's language when the report does not name one. */
export const DEFAULT_LANGUAGE = 'en-GB';

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
    margins: CELL_MARGINS,
    borders: { top: grid, bottom: grid, left: grid, right: grid, insideHorizontal: grid, insideVertical: grid },
  });
}

function cell(children: Paragraph[], width: number, extra: Partial<ConstructorParameters<typeof TableCell>[0]> = {}): TableCell {
  return new TableCell({ children, width: { size: width, type: WidthType.DXA }, ...extra });
}

function statusRuns(scale: StatusScale, status: StatusId | undefined): TextRun[] {
  if (status === undefined) return [];
  const s = scaleEntry(scale, status);
  return [new TextRun({ text: s.symbol, style: STYLE.status(status, scale) }), new TextRun({ text: ` ${s.label}` })];
}

function legend(report: Report): FileChild[] {
  const box = (text: string, extra: Partial<ConstructorParameters<typeof TableCell>[0]>) =>
    new TableRow({ cantSplit: true, children: [cell([new Paragraph(text)], CONTENT_WIDTH, extra)] });
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [new TextRun({ text: LEGEND_TITLE, size: MINOR_HEADING_SIZE })] }),
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
    ...reportScale(report).entries.map((s) => new Paragraph({ indent: { left: 360 }, keepNext: true, children: statusRuns(reportScale(report), s.id) })),
  ];
}

// ---- The summaries and the entries, as WordprocessingML ----

/**
 * Where the body's WordprocessingML goes, in order: markup this module made, and the user's text, which the writer
 * writes as escapeXmlText does (& < > escaped, characters XML cannot hold dropped). Keeping the two apart lets a writer
 * encode the text once, without first joining it into strings of markup.
 */
export interface BodyWriter {
  /** XML as it is: tags, and text already escaped by this module. */
  markup(xml: string): void;
  /** Text as XML character data. */
  text(text: string): void;
  /**
   * Text given as its UTF-8, `bytes[from, to)` (well-formed), written as `text` would write the string: a packed update
   * written without being read back. A writer without it is given the string.
   */
  textBytes?(bytes: Uint8Array, from: number, to: number): void;
  /** Called between rows with the share of the entries written so far (0 to 1); a promise holds the writing until it settles. */
  pause(fraction: number): Promise<void> | undefined;
}

/** The style id of the empty paragraph that stands in the frame for the summaries and entries until the package is written. */
const PLACEHOLDER_STYLE = 'MilestoneRegisterBody';
/** The placeholder as docx writes it. Its style id is only ever written by this module (user text is escaped), so it cannot be forged. */
const PLACEHOLDER = `<w:p><w:pPr><w:pStyle w:val="${PLACEHOLDER_STYLE}"/></w:pPr></w:p>`;

function sideXml(tag: string, size: number, color: string): string {
  return `<w:${tag} w:val="single" w:color="${color}" w:sz="${size}"/>`;
}

function tcPrXml(width: number, fill?: string, box?: string): string {
  const borders = box ? `<w:tcBorders>${['top', 'left', 'bottom', 'right'].map((t) => sideXml(t, 12, box)).join('')}</w:tcBorders>` : '';
  const shd = fill ? `<w:shd w:fill="${fill}" w:color="auto" w:val="clear"/>` : '';
  return `<w:tcPr><w:tcW w:type="dxa" w:w="${width}"/>${borders}${shd}</w:tcPr>`;
}

/** A table's opening: fixed layout, grey grid, the cell margins once for the whole table. */
function tableStartXml(widths: readonly number[]): string {
  return '<w:tbl><w:tblPr>'
    + `<w:tblW w:type="dxa" w:w="${widths.reduce((a, b) => a + b, 0)}"/>`
    + `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((t) => sideXml(t, 4, GRID_COLOUR)).join('')}</w:tblBorders>`
    + '<w:tblLayout w:type="fixed"/>'
    + `<w:tblCellMar>${(['top', 'left', 'bottom', 'right'] as const).map((t) => `<w:${t} w:type="dxa" w:w="${CELL_MARGINS[t]}"/>`).join('')}</w:tblCellMar>`
    + '</w:tblPr>'
    + `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
}

const RUN_OPEN = '<w:r><w:t xml:space="preserve">';
const RUN_CLOSE = '</w:t></w:r></w:p>';

/** A paragraph's opening in a style, up to where its text goes; and the empty paragraph in that style. */
function styledParagraph(style: string): { open: string; empty: string } {
  const p = `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr>`;
  return { open: p + RUN_OPEN, empty: `${p}</w:p>` };
}
const MILESTONE_P = styledParagraph(STYLE.milestone);
const UPDATE_P = styledParagraph(STYLE.update);

/** A paragraph in a style with one run of text (none when the text is empty). */
function paragraph(w: BodyWriter, p: { open: string; empty: string }, text: string): void {
  if (text === '') {
    w.markup(p.empty);
    return;
  }
  w.markup(p.open);
  w.text(text);
  w.markup(RUN_CLOSE);
}

/** The header row, repeated by Word at the top of every page the table runs onto. */
function headerRowXml(labels: readonly string[], widths: readonly number[], keepNext = false): string {
  const th = styledParagraph(STYLE.tableHeading);
  const p = (label: string) => keepNext
    ? `<w:p><w:pPr><w:pStyle w:val="${STYLE.tableHeading}"/><w:keepNext/></w:pPr><w:r><w:t xml:space="preserve">${escapeXmlText(label)}</w:t></w:r></w:p>`
    : label === '' ? th.empty : `${th.open}${escapeXmlText(label)}${RUN_CLOSE}`;
  return '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
    + labels.map((label, i) => `<w:tc>${tcPrXml(widths[i]!, COLOURS.headerFill)}${p(label)}</w:tc>`).join('')
    + '</w:tr>';
}

/** Half-points of the headings that open the legend and the summary tables: level 2, set smaller than a priority's. */
const MINOR_HEADING_SIZE = 24;

/** The document title is the one Heading 1; the legend, the summaries and each priority are Heading 2, themes Heading 3. */
function heading(w: BodyWriter, style: 'Heading2' | 'Heading3', text: string, size?: number): void {
  const rPr = size ? `<w:rPr><w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr>` : '';
  w.markup(`<w:p><w:pPr><w:pStyle w:val="${style}"/><w:keepNext/></w:pPr><w:r>${rPr}<w:t xml:space="preserve">`);
  w.text(text);
  w.markup(RUN_CLOSE);
}

/** The parts of the body's XML that depend only on the scale, made once per scale. */
interface ScaleXml {
  scale: StatusScale;
  summaryWidths: number[];
  summaryCellPr: string[];
  summaryHeaderXml: string;
  statusXml: Map<StatusId, string>;
}

const scaleXmlCache = new WeakMap<StatusScale, ScaleXml>();

function scaleXml(scale: StatusScale): ScaleXml {
  let x = scaleXmlCache.get(scale);
  if (x) return x;
  const widths = summaryWidths(scale.entries.length);
  x = {
    scale,
    summaryWidths: widths,
    summaryCellPr: widths.map((w) => tcPrXml(w)),
    summaryHeaderXml: headerRowXml([SUMMARY_PRIORITY, ...scale.entries.map((s) => s.label)], widths, true),
    statusXml: new Map(scale.entries.map((s) => [
      s.id,
      `<w:p><w:r><w:rPr><w:rStyle w:val="${STYLE.status(s.id, scale)}"/></w:rPr><w:t xml:space="preserve">${escapeXmlText(s.symbol)}</w:t></w:r>`
        + `<w:r><w:t xml:space="preserve">${escapeXmlText(` ${s.label}`)}</w:t></w:r></w:p>`,
    ])),
  };
  scaleXmlCache.set(scale, x);
  return x;
}

/** Priorities up to which a summary table is kept on one page; a longer one keeps only its last row with the total. */
const SUMMARY_KEPT_WHOLE = 20;

/** A summary row: the priority, then its counts centred; the total row in bold. `keepNext` holds it on the page of the row after it. */
function summaryRow(w: BodyWriter, k: ScaleXml, name: string, c: StatusCounts, bold: boolean, keepNext: boolean): void {
  const run = `<w:r>${bold ? '<w:rPr><w:b/><w:bCs/></w:rPr>' : ''}<w:t xml:space="preserve">`;
  const keep = keepNext ? '<w:keepNext/>' : '';
  w.markup(`<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>${k.summaryCellPr[0]}<w:p>${keep ? `<w:pPr>${keep}</w:pPr>` : ''}${run}`);
  w.text(name);
  let xml = '</w:t></w:r></w:p></w:tc>';
  k.scale.entries.forEach((s, i) => {
    xml += `<w:tc>${k.summaryCellPr[i + 1]}<w:p><w:pPr>${keep}<w:jc w:val="center"/></w:pPr>${run}${String(c[s.id] ?? 0)}</w:t></w:r></w:p></w:tc>`;
  });
  w.markup(`${xml}</w:tr>`);
}

/** The markup of an entry row around its texts, per kind of entry (due, delayed update). */
function entryRowParts(kind: ReportEntry['kind']): { milestoneCell: string; updateCell: string; statusCell: string } {
  const pr = kind === 'due'
    ? ENTRY_WIDTHS.map((w) => tcPrXml(w, COLOURS.dueFill))
    : ENTRY_WIDTHS.map((w) => tcPrXml(w, COLOURS.delayedFill, COLOURS.delayedBorder));
  return { milestoneCell: `<w:tr><w:tc>${pr[0]}`, updateCell: `</w:tc><w:tc>${pr[1]}`, statusCell: `</w:tc><w:tc>${pr[2]}` };
}
const ENTRY_ROW = { due: entryRowParts('due'), 'delayed-update': entryRowParts('delayed-update') } as const;
const ENTRY_TABLE_START_XML = tableStartXml(ENTRY_WIDTHS) + headerRowXml([COLUMN_MILESTONE, COLUMN_UPDATE, COLUMN_STATUS], ENTRY_WIDTHS);
const LINE_BREAK = /\r\n|\r|\n/;

/** One entry: milestone wording (style Milestone), one paragraph per line of the update (style Progress update), status. */
function entryRow(w: BodyWriter, k: ScaleXml, report: Report, entry: ReportEntry, note?: string): void {
  const row = ENTRY_ROW[entry.kind];
  // Entry rows may break across pages: LibreOffice (7.4) drops the rest of a table whose rows are kept whole when one
  // meets a repeated header row at a page's foot.
  w.markup(row.milestoneCell);
  paragraph(w, MILESTONE_P, entryHeadline(report, entry));
  w.markup(row.updateCell);
  const packed = packedUpdateOf(entry);
  if (packed && w.textBytes) {
    packed.look((bytes, from, to) => updateParagraphs(w, bytes, from, to));
  } else {
    const update = entry.update;
    if (update.includes('\n') || update.includes('\r')) for (const line of update.split(LINE_BREAK)) paragraph(w, UPDATE_P, line);
    else paragraph(w, UPDATE_P, update);
  }
  if (note) italicParagraph(w, note);
  w.markup(row.statusCell);
  w.markup(entry.status === undefined ? '<w:p/>' : k.statusXml.get(entry.status)!);
  w.markup('</w:tc></w:tr>');
}

/** The update's paragraphs from its UTF-8, one per line as `split(LINE_BREAK)` makes them (CR, LF or CRLF end a line). */
function updateParagraphs(w: BodyWriter, bytes: Uint8Array, from: number, to: number): void {
  let start = from;
  for (let i = from; i <= to; i++) {
    const b = i < to ? bytes[i] : 0x0a;
    if (b !== 0x0a && b !== 0x0d) continue;
    if (i === start) {
      w.markup(UPDATE_P.empty);
    } else {
      w.markup(UPDATE_P.open);
      w.textBytes!(bytes, start, i);
      w.markup(RUN_CLOSE);
    }
    if (b === 0x0d && i + 1 < to && bytes[i + 1] === 0x0a) i++;
    start = i + 1;
  }
}

const ITALIC_OPEN = `<w:p><w:pPr><w:pStyle w:val="${STYLE.update}"/></w:pPr><w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">`;

function italicParagraph(w: BodyWriter, text: string): void {
  w.markup(ITALIC_OPEN);
  w.text(text);
  w.markup(RUN_CLOSE);
}

const CHANGE_COUNT_WIDTHS = [4238, 1800];
const CHANGE_LIST_WIDTHS = [4238, CONTENT_WIDTH - 4238];

/** "Changes since Q3 2017-18": the counts, then each list (milestones in blue, the change in black). */
async function changes(w: BodyWriter, report: Report): Promise<void> {
  const c = changesSection(report);
  if (!c) return;
  const countPr = CHANGE_COUNT_WIDTHS.map((x) => tcPrXml(x));
  const listPr = CHANGE_LIST_WIDTHS.map((x) => tcPrXml(x));
  // The intro kept with the counts table, so the heading never ends a page alone.
  heading(w, 'Heading2', c.title);
  w.markup(`<w:p><w:pPr><w:pStyle w:val="${STYLE.update}"/><w:keepNext/></w:pPr>${RUN_OPEN}`);
  w.text(c.intro);
  w.markup(RUN_CLOSE + tableStartXml(CHANGE_COUNT_WIDTHS) + headerRowXml(['Change', 'Milestones'], CHANGE_COUNT_WIDTHS));
  c.counts.forEach((n, i) => {
    // Kept on one page: the counts are read together.
    const keep = i < c.counts.length - 1 ? '<w:keepNext/>' : '';
    w.markup(`<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>${countPr[0]}<w:p><w:pPr><w:pStyle w:val="${STYLE.update}"/>${keep}</w:pPr>${RUN_OPEN}`);
    w.text(n.label);
    w.markup(`${RUN_CLOSE}</w:tc><w:tc>${countPr[1]}<w:p><w:pPr>${keep}<w:jc w:val="center"/></w:pPr><w:r><w:t>${n.count}</w:t></w:r></w:p></w:tc></w:tr>`);
  });
  w.markup('</w:tbl>');
  const listStart = tableStartXml(CHANGE_LIST_WIDTHS) + headerRowXml([COLUMN_MILESTONE, 'Change'], CHANGE_LIST_WIDTHS);
  const milestoneCell = `<w:tr><w:tc>${listPr[0]}`;
  const changeCell = `</w:tc><w:tc>${listPr[1]}`;
  for (const g of c.groups) {
    heading(w, 'Heading3', g.heading);
    w.markup(listStart);
    for (const i of g.items) {
      // May break across pages, as the entry rows may (a list can run over pages with its header row repeated).
      w.markup(milestoneCell);
      paragraph(w, MILESTONE_P, i.milestone);
      w.markup(changeCell);
      paragraph(w, UPDATE_P, i.change);
      w.markup('</w:tc></w:tr>');
      const held = w.pause(0);
      if (held) await held;
    }
    w.markup('</w:tbl>');
  }
  for (const n of c.notes) italicParagraph(w, n);
}

/**
 * Everything after the summary sentence: the summary tables by priority, then priority by priority a heading and, per
 * theme, a heading and the entry table.
 */
async function writeBody(report: Report, w: BodyWriter): Promise<void> {
  const k = scaleXml(reportScale(report));
  const total = Math.max(1, report.sections.reduce((n, s) => n + s.themes.reduce((m, t) => m + t.entries.length, 0), 0));
  let done = 0;
  const summary = async (title: string, pick: (s: Report['sections'][number]) => StatusCounts, all: StatusCounts) => {
    // The counts are read together: the table stays on one page (a long one at least never leaves its total alone).
    heading(w, 'Heading2', title, MINOR_HEADING_SIZE);
    w.markup(tableStartXml(k.summaryWidths) + k.summaryHeaderXml);
    const whole = report.sections.length <= SUMMARY_KEPT_WHOLE;
    let left = report.sections.length;
    for (const section of report.sections) {
      left--;
      summaryRow(w, k, priorityHeading(section.priority), pick(section), false, whole || left === 0);
      const held = w.pause(0);
      if (held) await held;
    }
    summaryRow(w, k, SUMMARY_ALL, all, true, false);
    w.markup('</w:tbl>');
  };
  await summary(summaryDueTitle(report), (s) => s.summary, report.summary);
  if (hasDelayed(report)) await summary(SUMMARY_DELAYED_TITLE, (s) => s.delayedSummary, report.delayedSummary);
  await changes(w, report);
  const notes = changeNoteIndex(report);
  for (const section of report.sections) {
    heading(w, 'Heading2', priorityHeading(section.priority));
    for (const theme of section.themes) {
      if (theme.theme.trim() !== '') heading(w, 'Heading3', theme.theme);
      w.markup(ENTRY_TABLE_START_XML);
      for (const entry of theme.entries) {
        entryRow(w, k, report, entry, notes.get(entry.id));
        done++;
        const held = w.pause(done / total);
        if (held) await held;
      }
      w.markup('</w:tbl>');
    }
  }
  const held = w.pause(1);
  if (held) await held;
}

// ---- The frame ----

/** The report as a docx Document with an empty placeholder paragraph where the summary tables and entries go (when there are entries). */
function reportFrame(report: Report): Document {
  const title = reportTitle(report);
  const children: FileChild[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(title)] }),
    new Paragraph({ spacing: { after: 200 }, children: [new TextRun({ text: asAtLine(report), italics: true })] }),
    ...legend(report),
    new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun(report.summarySentence)] }),
  ];

  if (!hasEntries(report)) {
    children.push(new Paragraph({ children: [new TextRun({ text: noEntriesLine(report), bold: true })] }));
  } else {
    children.push(new Paragraph({ style: PLACEHOLDER_STYLE }));
  }

  return new Document({
    creator: 'Milestone Register',
    title,
    subject: reportPeriod(report),
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 20, language: { value: reportLanguage(report) } }, paragraph: { spacing: { after: 60 } } },
        heading1: { run: { font: 'Arial', size: 40, bold: true, color: COLOURS.heading }, paragraph: { spacing: { after: 120 }, outlineLevel: 0 } },
        heading2: { run: { font: 'Arial', size: 30, bold: true, color: COLOURS.heading }, paragraph: { spacing: { before: 360, after: 120 }, keepNext: true, outlineLevel: 1 } },
        heading3: { run: { font: 'Arial', size: 24, bold: true, color: COLOURS.heading }, paragraph: { spacing: { before: 200, after: 100 }, keepNext: true, outlineLevel: 2 } },
      },
      paragraphStyles: PARAGRAPH_STYLES,
      characterStyles: characterStyles(reportScale(report)),
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

// ---- The document ----

export function reportLanguage(report: Report): string {
  return report.language ?? DEFAULT_LANGUAGE;
}

/**
 * The Word report as a model, nothing packed yet: docx's Document for the frame (styles, title, legend, footer, A4
 * page), and the summaries and entries as WordprocessingML text that goes into word/document.xml in place of
 * `placeholder`. src/adapters/docx packs it into a .docx file.
 */
export interface ReportDocument {
  frame: Document;
  /** The paragraph in the frame's word/document.xml that the body replaces; undefined when the report has no entries. */
  placeholder: string | undefined;
  /** The document's language (a language tag such as en-GB), for the core properties' dc:language. */
  language: string;
  /** Writes the body's XML to `writer`, pausing between rows. */
  writeBody(writer: BodyWriter): Promise<void>;
}

function hasEntries(report: Report): boolean {
  return report.sections.some((s) => s.themes.some((t) => t.entries.length > 0));
}

export function reportDocument(report: Report): ReportDocument {
  return {
    frame: reportFrame(report),
    placeholder: hasEntries(report) ? PLACEHOLDER : undefined,
    language: reportLanguage(report),
    writeBody: (writer) => writeBody(report, writer),
  };
}
